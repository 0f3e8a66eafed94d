"""The words of the working pages in both languages: the progress board, SLA, the RACI matrix
and its 权责说明书, the template library, disputes and retrospectives."""

from __future__ import annotations

# fmt: off
STRINGS: dict[str, tuple[str, str]] = {
    # progress board
    "progress.by_project": ("按项目", "By project"),
    "progress.by_dept": ("按部门", "By department"),
    "progress.by_person": ("按人员", "By person"),
    "progress.timeline": ("时间线", "Timeline"),
    "progress.timeline_note": (
        "每条从交接到截止，颜色为时限状态；虚线为读取数据的时刻",
        "Each bar runs from hand-off to due, coloured by SLA status; the dotted line is when "
        "the data was read",
    ),
    "progress.timeline_drawn": (
        "画出 {shown} 项：已交接且有截止时间的任务共 {timed} 项，截止最早的在前，最多画 {most} 项；"
        "另有 {untimed} 项未完成任务尚未交接或没有截止时间，没有可画的时间段",
        "{shown} drawn: of the {timed} tasks with a hand-off and a due time, the soonest due "
        "first, at most {most}; {untimed} other open task(s) are not handed off yet or have no "
        "due time, so there is no span to draw",
    ),
    "progress.no_timeline": (
        "没有带交接时间和截止时间的任务。",
        "No task has both a hand-off and a due time.",
    ),
    "progress.project_search": ("项目（编号或名称）", "Project (id or name)"),
    "progress.with_done": ("包括已完成的任务", "Include done tasks"),
    "progress.tasks": ("任务清单", "Tasks"),
    "progress.axis": ("日期（交接 → 截止）", "Date (hand-off → due)"),
    "progress.cancelled": ("（已取消）", " (cancelled)"),
    # SLA
    "sla.on_track": ("正常", "on track"),
    "sla.at_risk": ("有风险", "at risk"),
    "sla.breached": ("已超时", "breached"),
    "sla.met": ("按时完成", "met"),
    "sla.met_late": ("超时完成", "met late"),
    "sla.none": ("无时限", "no SLA"),
    "sla.escalated": ("已升级", "escalated"),
    "sla.level3": ("升级到管理层", "escalated to management"),
    "sla.by_dept": ("按部门", "By department"),
    "sla.by_person": ("按责任人", "By person"),
    "sla.list": ("待处理事项（截止最早的在前）", "Obligations (earliest due first)"),
    "sla.list_note": (
        "这里只列有风险和已超时的义务（{n} 项，筛选「全部」即这两种状态和已升级）；"
        "另有 {on_track} 项正常，不列出（共 {total} 项未完成义务，均在 _sla 中）。",
        "Only obligations at risk or breached are listed ({n}; the filter's 'All' means these "
        "and the escalated); {on_track} more are on track and not listed ({total} open "
        "obligations in all, each in _sla).",
    ),
    "sla.computed": (
        "尚无 _sla 工作表：以下为读取数据时用时限引擎即时计算的结果。",
        "No _sla tab yet: computed at read time with the SLA engine.",
    ),
    "sla.from_bot": (
        "时限作业最近一次于 {at} 写入 _sla（{n} 项未完成义务）；以下为读取数据时用同一引擎（沿用 "
        "_sla 记录的暂停时间）重新计算的当前结果。",
        "The sla job last wrote _sla at {at} ({n} open obligations); shown here is the same "
        "engine's result at read time (with the pauses recorded in _sla).",
    ),
    "sla.no_rows": ("没有有风险或已超时的事项。", "Nothing is at risk or breached."),
    "sla.tasks": (
        "按任务计：{breached} 项已超时，{at_risk} 项有风险（与进度看板相同：每项任务取其响应与"
        "完成时限中最差的状态）。",
        "As tasks: {breached} breached, {at_risk} at risk (as the Progress board counts them: "
        "each task takes the worst status of its response and completion).",
    ),
    "kind.response": ("响应", "response"),
    "kind.completion": ("完成", "completion"),
    "kind.approval": ("审批", "approval"),
    "kind.dispute": ("争议", "dispute"),
    "kind.action": ("整改", "action"),
    "kind.retrospective": ("复盘", "retrospective"),
    # responsibilities
    "raci.caption": (
        "A 最终负责，R 负责，C 协助，I 知会。红色：缺少负责或最终负责部门，或流程模板中的环节不在"
        "矩阵里（问题遗漏）；黄色：最终负责部门不止一个。",
        "A accountable, R responsible, C consulted, I informed. Red: no responsible or "
        "accountable department, or a template step's activity missing from the matrix (a gap); "
        "yellow: more than one accountable department.",
    ),
    "raci.pairs": ("协作环节", "Activities"),
    "raci.gap": ("缺少负责部门", "Gap"),
    "raci.double": ("多个最终负责", "Double accountable"),
    "raci.missing": ("模板环节不在矩阵中", "Step not in matrix"),
    "raci.only_issues": ("只看有问题的环节", "Only activities with an issue"),
    "raci.empty": ("权责清单是空的。", "The responsibility matrix is empty."),
    # the 权责说明书 on the RACI page
    "handbook.title": ("权责说明书", "Responsibility handbook (权责说明书)"),
    "handbook.pick": ("说明书", "Document"),
    "handbook.company": ("全公司", "Whole company"),
    "handbook.caption": (
        "与 collabsheet handbook 生成的文件内容相同：各环节的角色、时限、完成标准、升级路径和争议"
        "裁决，以及矩阵中的待明确事项。",
        "The same documents as collabsheet handbook writes: each activity's roles, time limits, "
        "what counts as done, escalation and how disputes are decided, and the matrix's open "
        "questions.",
    ),
    "handbook.scoped": (
        "本部门的文件即 collabsheet handbook --dept 生成的说明书，但不含本部门未参与的争议的先例。",
        "Your department's file is the handbook collabsheet handbook --dept writes, without the "
        "precedents of disputes your department was not party to.",
    ),
    "handbook.download.docx": ("下载 Word", "Download Word"),
    "handbook.download.html": ("下载网页", "Download HTML"),
    "handbook.download.md": ("下载 Markdown", "Download Markdown"),
    # template library
    "tpl.caption": (
        "按项目类型和协作规模浏览流程模板：每个步骤的权责（R 负责、A 最终负责、C 协助、I 知会，来自"
        "权责清单）、时限（小时；模板未填的按时限规则的默认值）和审批环节。协作规模中的「跨N部门」"
        "是负责或最终负责各步骤的部门数。按类型和规模启动项目：collabsheet start-project --type "
        "产品研发 --scale 跨3部门。",
        "Templates by project type and scale: each step's roles (R responsible, A accountable, C "
        "consulted, I informed, from the matrix), time limits (hours; the SLA rule's default "
        "where the template has none) and approvals. 跨N部门 in the scale counts the departments "
        "responsible or accountable for its steps. Start a project by type and scale: "
        "collabsheet start-project --type 产品研发 --scale 跨3部门.",
    ),
    "tpl.scoped": (
        "只显示本部门参与的协作环节的权责：其他环节显示为「—」，涉及部门也只列这些环节的部门；"
        "协作规模（跨N部门）按整个权责清单计算，与 start-project 相同。",
        "Roles are shown for the activities your departments take part in only: the others "
        "show '—', and the departments listed are those of yours; the scale (跨N部门) is "
        "counted over the whole matrix, as start-project counts it.",
    ),
    "tpl.count": ("模板", "Templates"),
    "tpl.types": ("项目类型", "Project types"),
    "tpl.approvals": ("审批环节", "Approvals"),
    "tpl.empty": ("流程模板是空的。", "The template library is empty."),
    "tpl.none": ("没有符合筛选条件的模板。", "No template fits the filters."),
    "tpl.id": ("模板编号", "Template"),
    "tpl.name": ("模板名称", "Name"),
    "tpl.type": ("项目类型", "Project type"),
    "tpl.scale": ("协作规模", "Scale"),
    "tpl.depts": ("涉及部门（负责或最终负责）", "Departments (responsible or accountable)"),
    "tpl.steps": ("步骤数", "Steps"),
    "tpl.pick": ("查看模板", "Show template"),
    "tpl.summary": (
        "协作场景：{scenario}；项目类型：{type}；协作规模：{scale}；{steps} 个步骤，其中审批 "
        "{approvals} 个。",
        "Scenario: {scenario}; project type: {type}; scale: {scale}; {steps} steps, "
        "{approvals} of them approvals.",
    ),
    "tpl.step_name": ("步骤名称", "Step name"),
    "tpl.after": ("前置步骤", "After steps"),
    "tpl.response_h": ("响应时限（小时）", "Response (h)"),
    "tpl.done_h": ("完成时限（小时）", "Done (h)"),
    "tpl.clock": ("计时方式", "Clock"),
    "tpl.clock.business": ("工作时间", "working hours"),
    "tpl.clock.calendar": ("自然时间", "calendar time"),
    "tpl.role.R": ("负责 (R)", "Responsible (R)"),
    "tpl.role.A": ("最终负责 (A)", "Accountable (A)"),
    "tpl.role.C": ("协助 (C)", "Consulted (C)"),
    "tpl.role.I": ("知会 (I)", "Informed (I)"),
    # disputes
    "disputes.open": ("待处理 / 协商中", "Open / negotiating"),
    "disputes.escalated": ("待管理层裁决", "Waiting for management"),
    "disputes.decided": ("已裁决", "Decided"),
    "disputes.median": ("裁决用时中位数", "Median time to decision"),
    "disputes.days": ("提出到裁决的天数", "Days from raised to decided"),
    "disputes.escalated_help": (
        "已升级到管理层、等待裁决的争议，最早提出的在前。",
        "Disputes escalated to management and waiting for a decision, oldest first.",
    ),
    "disputes.due": ("协商期限", "Negotiation due"),
    "disputes.none": ("没有争议。", "No disputes."),
    # retrospectives
    "retro.findings": ("复盘问题", "Findings"),
    "retro.actions_open": ("未完成整改", "Open actions"),
    "retro.overdue": ("整改已超时", "Actions overdue"),
    "retro.within": (
        "已完成的 {total} 项整改中，{n} 项在 {h} 工作小时内完成。",
        "{n} of {total} done actions were done within {h} working h.",
    ),
    "retro.cycle": (
        "整改周期分布（工作小时，红线为目标）",
        "Rectification cycle (working hours; the red line is the target)",
    ),
    "retro.hours": ("整改用时（工作小时）", "Working hours to done"),
    "retro.by_category": ("问题类别", "Findings by category"),
    "retro.actions": ("整改措施（未完成的在前）", "Actions (open first)"),
    "retro.none": ("没有复盘记录。", "No retrospectives."),
}
# fmt: on
