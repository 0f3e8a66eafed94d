"""The 权责说明书 (responsibility handbook): who does what, by when, and who decides.

``duties`` reads the facts from the workbook (matrix, templates, disputes) and the SLA rules;
``chapters`` turns them into plain ``document.Document`` values, one per department and one
for the company; ``md_render``, ``html_render`` and ``docx_render`` turn a document into bytes.
Pure: nothing here reads a file, the clock or the network.
"""
