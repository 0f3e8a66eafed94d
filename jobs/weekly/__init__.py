"""The weekly meeting pack (周例会材料): one for management and one per department.

``trend`` sets each KPI against its target and its ``_metrics`` history; ``agenda`` picks the
week's lists (breached and escalated obligations, disputes awaiting a decision, retrospective
actions due or overdue, recurring cases, the survey's latest quarter); ``pack`` lays them out
as ``jobs.handbook.document`` blocks (rendered to Word and HTML by the handbook's renderers)
and as item tables for the xlsx; ``notice`` words the message that points to the files.
Pure: ``now`` is passed in; nothing here reads a file, the clock or the network.
"""
