"""UI strings by locale, plus helpers to show sheet text safely in markdown-rendering widgets.

``STRINGS`` keeps each key's Chinese and English text on one line, so the two cannot drift.
"""

from __future__ import annotations

import re

from config.schema import TABS

LOCALES: dict[str, str] = {"zh-CN": "中文", "en": "English"}

# fmt: off
STRINGS: dict[str, tuple[str, str]] = {
    # app and sidebar
    "app.title": ("跨部门协同看板", "Collaboration dashboard"),
    "language": ("语言 / Language", "语言 / Language"),
    "refresh": ("刷新数据", "Refresh data"),
    "refresh.help": ("清除缓存，重新读取工作簿", "Clear the cache and read the workbook again"),
    "read_at": ("数据读取于 {at}", "Data read at {at}"),
    "read_at.fixed": (
        "时限和指标按配置 [dashboard] at 固定的时刻 {at} 计算，不是当前时间",
        "SLA and KPIs are computed as of {at}, fixed by [dashboard] at in the config, not now",
    ),
    "workbook": ("工作簿：{where}", "Workbook: {where}"),
    "error.title": ("无法读取数据", "Cannot read the data"),
    "blank": ("（未填）", "(blank)"),
    "filter.all": ("全部", "All"),
    "filter.button": ("筛选", "Filters"),
    "filter.active": ("筛选条件 — {what}", "Filtered by — {what}"),
    "rows.limited": (
        "显示前 {shown} 行，共 {total} 行（用筛选缩小范围）",
        "Showing the first {shown} of {total} rows (filter to narrow down)",
    ),
    # weekly meeting pack (周报)
    "weekly.week": ("周次", "Week"),
    "weekly.none": (
        "还没有周例会材料：运行 collabsheet weekly 后在 {folder} 生成",
        "No weekly pack yet: collabsheet weekly writes them into {folder}",
    ),
    "weekly.none_visible": ("本周没有您所在部门的材料", "No pack of your department this week"),
    "weekly.unreadable": ("无法读取 {path}：{error}", "Cannot read {path}: {error}"),
    "weekly.made": ("生成于 {at}，文件位于 {folder}", "Made at {at}, files in {folder}"),
    "weekly.overdue": ("超时事项", "Overdue"),
    "weekly.escalated": ("已升级", "Escalated"),
    "weekly.disputes": ("待裁决争议", "Disputes awaiting decision"),
    "weekly.actions": ("到期/逾期整改", "Actions due or overdue"),
    "weekly.cases": ("复发问题", "Recurring cases"),
    "weekly.download.docx": ("下载 Word", "Download Word"),
    "weekly.download.html": ("下载网页", "Download HTML"),
    "weekly.download.xlsx": ("下载 Excel 清单", "Download Excel lists"),
    # pages
    "page.overview": ("概览", "Overview"),
    "page.progress": ("进度看板", "Progress board"),
    "page.sla": ("时限预警", "SLA"),
    "page.responsibilities": ("权责矩阵", "Responsibilities"),
    "page.disputes": ("权责争议", "Disputes"),
    "page.retrospectives": ("复盘整改", "Retrospectives"),
    "page.survey": ("满意度调研", "Survey"),
    "page.cases": ("问题案例库", "Case library"),
    "page.quality": ("数据质量", "Data quality"),
    "page.templates": ("流程模板库", "Template library"),
    "page.weekly": ("周报", "Weekly pack"),
    # overview: workbook counts and the last run
    "metric.departments": ("部门", "Departments"),
    "metric.people": ("人员", "People"),
    "metric.projects": ("协作项目", "Projects"),
    "metric.tasks": ("任务", "Tasks"),
    "metric.open_disputes": ("未结争议", "Open disputes"),
    "overview.workbook": ("工作簿概况", "In the workbook"),
    "overview.projects": ("项目状态", "Projects by status"),
    "overview.tasks": ("任务状态", "Tasks by status"),
    "overview.disputes": ("争议状态", "Disputes by status"),
    "overview.last_run": ("各作业最近一次运行", "Last run of each job"),
    "overview.no_runs": (
        "尚无作业运行记录（没有 _runs 工作表）。",
        "No job run recorded yet (no _runs tab).",
    ),
    # overview: KPIs
    "kpi.caption": (
        "绿色：达到目标；橙色：未达到但与目标值相差不超过 10%；红色：相差超过 10%；灰色：无数据或"
        "无基线。趋势来自 _metrics 工作表。",
        "Green: the target is met; amber: missed by at most 10% of the target value; red: missed "
        "by more; grey: no data or no baseline. Trends come from the _metrics tab.",
    ),
    "kpi.computed": (
        "数值在读取数据时从各表计算（尚无每日运行写入的 _metrics，或已选择立即重新计算）。",
        "Values computed from the tables at read time (no _metrics from a daily run yet, or "
        "recomputing was asked for).",
    ),
    "kpi.from_run": (
        "数值来自 {at} 的每日运行写入 _metrics 的 {day} 数据（与定时作业的结果相同）；展开某个"
        "指标时才从各表计算其明细行。",
        "Values from the daily run at {at} (the {day} rows of _metrics, the job's own results); "
        "the rows behind a KPI are computed from the tables when you expand it.",
    ),
    "kpi.missing": (
        "该日的 _metrics 中没有以下指标，已从各表计算：{kpis}",
        "Not in that day's _metrics rows, so computed from the tables: {kpis}",
    ),
    "kpi.computing": ("计算中…", "computing…"),
    "kpi.recompute": ("立即从各表重新计算", "Recompute from the tables now"),
    "kpi.of_run": ("每日运行的结果", "the daily run's result"),
    "kpi.rows_now": (
        "明细行在读取数据时从各表计算：当前值 {value}（{basis}）。",
        "Rows computed from the tables at read time: value now {value} ({basis}).",
    ),
    "sla.recompute": ("立即从各表重新计算时限", "Recompute the SLA from the tables now"),
    "sla.from_run": (
        "来自 {at} 的运行写入的 _sla（{n} 项未完成义务，状态与剩余时间为该次运行时的值）。",
        "From the _sla tab written by the run at {at} ({n} open obligations; statuses and "
        "remaining hours as of that run).",
    ),
    "progress.sla_from_run": (
        "未完成任务的时限状态来自 {at} 的运行写入的 _sla；超时完成的数量需要从各表重新计算。",
        "SLA status of open tasks from the _sla tab written by the run at {at}; done-late "
        "counts need recomputing from the tables.",
    ),
    "progress.sla_computed": (
        "时限状态在读取数据时从各表计算。",
        "SLA statuses computed from the tables at read time.",
    ),
    "kpi.green": ("达标", "on target"),
    "kpi.orange": ("接近目标", "near target"),
    "kpi.red": ("未达标", "off target"),
    "kpi.gray": ("无数据", "no data"),
    "kpi.target": ("目标", "target"),
    "kpi.axis": ("指标值（单位见图题）", "Value (unit in the title)"),
    "kpi.titled": ("{name}（{unit}）", "{name} ({unit})"),
    "kpi.no_baseline": ("需要基线", "needs a baseline"),
    "kpi.versus": ("较基线 {base} {change}", "{change} vs {base}"),
    "kpi.versus_none": ("较基线 {change}（需要基线）", "{change} vs the baseline (needs one)"),
    "kpi.ratio_of": ("{num} / {den}", "{num} / {den}"),
    "kpi.median_of": ("{n} 个值的中位数", "median of {n} values"),
    "kpi.mean_of": ("{n} 个值的平均（合计 {total}）", "mean of {n} values (sum {total})"),
    "kpi.trend": ("指标趋势", "KPI trends"),
    "kpi.no_history": (
        "尚无指标历史（_metrics 工作表为空或不存在）；运行 collabsheet metrics 后即可看到趋势。",
        "No KPI history yet (the _metrics tab is empty or absent); run collabsheet metrics to "
        "record it.",
    ),
    "kpi.rows_limited": (
        "显示前 {shown} 行，共 {total} 行（未达标和用时最长的在前）",
        "Showing the first {shown} of {total} rows (misses and the longest first)",
    ),
    "kpi.no_rows": ("这个指标没有数据行。", "No rows are behind this KPI."),
    "kpi.card_rows": ("{basis} · 明细", "{basis} · rows"),
    "kpi.step_share": (
        "中位 {median} 小时 / 基线 {baseline} 小时 = {share}（目标 ≤ {target}）",
        "median {median} h / baseline {baseline} h = {share} (target ≤ {target})",
    ),
    "kpi.step_needs_baseline": (
        "中位 {median} 小时 · 需要基线：在 [baselines.process_time_by_step] 填写 \"{step}\"",
        "median {median} h · needs a baseline: set \"{step}\" in [baselines.process_time_by_step]",
    ),
    # the plan's phases on the Overview (jobs/kpis/milestones.py)
    "milestone.title": ("里程碑", "Milestones"),
    "milestone.months": ("{n} 个月", "{n} months"),
    "milestone.caption": (
        "方案启动于 {start}（配置 [plan] start）：体系落地 6 个月、效率提升 12 个月、"
        "标准构建 18 个月；各阶段的指标按今天的数值对照其目标。",
        "The plan started on {start} ([plan] start in the config): system in place at 6 months, "
        "efficiency at 12, standards at 18; each phase's KPIs as they stand today against their "
        "targets.",
    ),
    "milestone.no_start": (
        "尚未设置方案启动日期：在配置中写入 [plan] start = \"2026-07-01\"（你的启动日），"
        "即可显示各阶段的到期日和剩余天数。",
        "The plan's start date is not set: put [plan] start = \"2026-07-01\" (your start day) "
        "into the config to see each phase's due date and the days left.",
    ),
    "milestone.left": ("{due} 到期 · 还剩 {days} 天", "due {due} · {days} days left"),
    "milestone.today": ("{due} 到期 · 今天", "due {due} · today"),
    "milestone.past": ("{due} 到期 · 已过 {days} 天", "due {due} · {days} days ago"),
    "milestone.no_date": ("到期日未知（未设置 [plan] start）", "no due date (no [plan] start)"),
    "milestone.met": ("已达成", "met"),
    "milestone.open": ("进行中", "in progress"),
    "milestone.missed": ("逾期未达成", "missed"),
    "milestone.count": ("{met} / {n} 项达标", "{met} / {n} on target"),
    "milestone.undated": (
        "方案未给期限的目标（{n} 项，见上方指标卡）",
        "Targets without a date in the plan ({n}, on the cards above)",
    ),
    "col.kpi": ("指标", "KPI"),
    "col.now": ("当前值", "Now"),
    "col.verdict": ("判定", "Verdict"),
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
        "只显示本部门参与的协作环节的权责：其他环节显示为「—」，涉及部门也只按这些环节计算。",
        "Roles are shown for the activities your departments take part in only: the others "
        "show '—', and the departments are counted over yours.",
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
        "已完成的 {total} 项整改中，{n} 项在 {h} 小时内完成。",
        "{n} of {total} done actions were done within {h} h.",
    ),
    "retro.cycle": (
        "整改周期分布（小时，红线为目标）",
        "Rectification cycle (hours; the red line is the target)",
    ),
    "retro.hours": ("整改用时（小时）", "Hours to done"),
    "retro.by_category": ("问题类别", "Findings by category"),
    "retro.actions": ("整改措施（未完成的在前）", "Actions (open first)"),
    "retro.none": ("没有复盘记录。", "No retrospectives."),
    # survey
    "survey.clarity": ("权责清晰度", "clarity"),
    "survey.smoothness": ("流程顺畅度", "smoothness"),
    "survey.communication": ("沟通效率", "communication"),
    "survey.overall": ("总体满意度", "Overall"),
    "survey.quarters": ("调研季度数", "Quarters surveyed"),
    "survey.responses": ("答卷数", "Responses"),
    "survey.quarter_help": (
        "热力图和意见建议按所选季度显示。",
        "The heatmap and the comments show the chosen quarter.",
    ),
    "survey.by_dept": (
        "{q} 各部门三项评分（1–5）",
        "{q}: the three dimensions by department (1–5)",
    ),
    "survey.rate": (
        "各季度满意率（三项评分均值达到满意线，虚线为目标）",
        "Satisfaction rate per quarter (three-dimension mean at the bar; dashed: target)",
    ),
    "survey.trend": ("各季度三项评分均值", "Mean of each dimension per quarter"),
    "survey.mean": ("平均分", "Mean"),
    "survey.comments": ("意见建议", "Comments"),
    "survey.comment_count": ("{q} 共 {n} 条意见", "{n} comment(s) in {q}"),
    "survey.no_overall": ("没有三项评分齐全的答卷。", "No answers with all three ratings."),
    "survey.none": ("还没有调研答卷。", "No survey responses yet."),
    "survey.response_rate": ("{q} 回收率（答卷数，每位在岗人员至多计 1 份 / 在岗人数）",
                             "Response rate {q} (answers, at most one per active person / "
                             "active people)"),
    "survey.excess": (
        "{dept}：答卷数 {n} 多于在岗人数 {h}，可能重复导入或人员表不全（回收率按 100% 计）",
        "{dept}: {n} answers for {h} active people: a file imported twice, or people missing "
        "from the people tab (the rate counts 100%)",
    ),
    "survey.round_open": ("本轮调研进行中，{close} 截止", "The round is open until {close}"),
    "survey.round_closed": ("本轮调研已于 {at} 结束", "The round closed at {at}"),
    "survey.answered": ("答卷数", "Answers"),
    "survey.headcount": ("在岗人数", "Active people"),
    "survey.rate_col": ("回收率", "Rate"),
    # the survey form a personal link opens (dashboard/views/survey_form.py)
    "survey_form.title": ("跨部门协作满意度调研", "Cross-department collaboration survey"),
    "survey_form.intro": (
        "{quarter} 季度调研，{close} 截止。请按 1（非常不满意）到 5（非常满意）评分；"
        "截止前可再次提交，以最后一次为准。",
        "The {quarter} survey, open until {close}. Rate from 1 (very dissatisfied) to 5 (very "
        "satisfied); until the close you may submit again, and the last answer counts.",
    ),
    "survey_form.anonymous": (
        "本次调研匿名：答卷只记录部门，不记录姓名。",
        "This survey is anonymous: answers keep the department, not the name.",
    ),
    "survey_form.scale": (
        "1 非常不满意 · 2 不满意 · 3 一般 · 4 满意 · 5 非常满意",
        "1 very dissatisfied · 2 dissatisfied · 3 neutral · 4 satisfied · 5 very satisfied",
    ),
    "survey_form.hours": ("每周跨部门沟通耗时（小时）", "Hours a week spent across departments"),
    "survey_form.hours_help": (
        "会议、催办、反复解释等跨部门沟通每周大约花几个小时（0–80，可不填）",
        "about how many hours a week go to meetings, chasing and explaining across departments "
        "(0-80, optional)",
    ),
    "survey_form.submit": ("提交", "Submit"),
    "survey_form.missing": (
        "请为权责清晰度、流程顺畅度、沟通效率三项都打分。",
        "Please rate all three: clarity, smoothness and communication.",
    ),
    "survey_form.thanks": (
        "已提交，谢谢！{close} 前可用同一链接修改。",
        "Submitted, thank you! Until {close} you may change it with the same link.",
    ),
    "survey_form.replaced": (
        "已更新：此答卷取代了您之前的答卷。",
        "Updated: this answer replaces your earlier one.",
    ),
    "survey_form.forged": (
        "链接无效：请使用邀请消息中的完整链接。",
        "This link is not valid: use the whole link from your invitation.",
    ),
    "survey_form.malformed": (
        "链接无效：请使用邀请消息中的完整链接。",
        "This link is not valid: use the whole link from your invitation.",
    ),
    "survey_form.expired": (
        "本次调研已于 {close} 截止，链接已失效。",
        "This survey closed on {close}; the link has expired.",
    ),
    "survey_form.closed": (
        "本轮调研已结束，链接已失效。",
        "This survey round has ended; the link no longer works.",
    ),
    "survey_form.unavailable": (
        "调研暂时无法打开：看板未配置签名密钥，请联系协调员。",
        "The survey cannot open: the dashboard has no signing secret configured; tell the "
        "coordinator.",
    ),
    "survey_form.failed": ("提交失败，请稍后重试：{error}", "Not saved, please try again: {error}"),
    # cases
    "cases.count": ("案例数", "Cases"),
    "cases.recurring": ("重复发生的案例", "Recurring cases"),
    "cases.linked": ("关联的复盘", "Linked retrospectives"),
    "cases.search": ("搜索（中文或英文）", "Search (Chinese or English)"),
    "cases.search_help": (
        "在编号、标题、问题表现、根本原因、解决方案和标签中查找，不区分大小写和全角半角。",
        "Looks in id, title, symptom, root cause, solution and tags; ignores case and "
        "full-/half-width.",
    ),
    "cases.found": ("找到 {n} 个案例（共 {total} 个）", "{n} of {total} cases"),
    "cases.occurrences": ("发生次数", "Occurrences"),
    "cases.retros": ("关联复盘", "Retrospectives"),
    "cases.first_seen": ("首次发生", "First seen"),
    "cases.last_seen": ("最近发生", "Last seen"),
    "cases.symptom": ("问题表现", "Symptom"),
    "cases.root_cause": ("根本原因", "Root cause"),
    "cases.solution": ("解决方案", "Solution"),
    "cases.tags": ("标签", "Tags"),
    "cases.retrospectives": ("关联的复盘记录", "Linked retrospectives"),
    "cases.no_retros": ("没有复盘记录关联到这些案例。", "No retrospective links to these cases."),
    "cases.suggestions": ("自动匹配建议（_case_links）", "Suggested matches (_case_links)"),
    "cases.suggestions_help": (
        "由案例匹配作业写入，仅供参考；确认后请在「复盘」表填写案例编号。",
        "Written by the case-matching job; confirm one by entering the case id in the "
        "retrospectives tab.",
    ),
    "cases.score": ("相似度", "Similarity"),
    "cases.accepted": ("计为同类", "Counted as a repeat"),
    "cases.matched": ("匹配词", "Matched terms"),
    "cases.suggestion_count": ("{n} 条建议", "{n} suggestion(s)"),
    "cases.no_suggestions": ("暂无匹配建议。", "No suggestions."),
    "cases.recurrence": ("复发情况", "Recurrences"),
    "cases.recurrence_help": (
        "复盘发现关联到案例（人工填写的案例编号，或达到采纳阈值的自动匹配），且该案例此前已发生过，"
        "即计为一次复发。",
        "A finding linked to a case (a case_id typed by a person, or a suggestion above the "
        "accept threshold) whose case occurred before counts as a recurrence.",
    ),
    "cases.quarter": ("季度", "Quarter"),
    "cases.recurrences": ("复发次数", "Recurrences"),
    "cases.this_quarter": ("本季度复发", "This quarter"),
    "cases.flag": ("提醒", "Flag"),
    "cases.flagged": (
        "{n} 个案例在 {quarter} 复发 2 次及以上（已列入协调员会议清单）",
        "{n} case(s) recurred twice or more in {quarter} (on the coordinators' meeting list)",
    ),
    "cases.no_recurrence": ("暂无关联到案例的复盘发现。", "No finding is linked to a case yet."),
    "cases.other": ("其他", "other"),  # the category "other" (其他), and a blank one
    # columns
    "col.status": ("状态", "Status"),
    "col.count": ("数量", "Count"),
    "col.field": ("项目", "Field"),
    "col.value_": ("内容", "Value"),
    "col.tab": ("工作表", "Tab"),
    "col.cell": ("单元格", "Cell"),
    "col.value": ("值", "Value"),
    "col.rule": ("规则", "Rule"),
    "col.severity": ("严重程度", "Severity"),
    "col.message": ("问题", "Problem"),
    "col.fix": ("修正方法", "Fix"),
    "col.key": ("编号", "Key"),
    "col.item": ("内容", "Item"),
    "col.detail": ("说明", "Detail"),
    "col.hours": ("小时（时限时钟）", "Hours (SLA clock)"),
    "col.date": ("日期", "Date"),
    "col.target_date": ("目标日期", "Target date"),
    "col.project": ("项目", "Project"),
    "col.dept": ("部门", "Department"),
    "col.person": ("人员", "Person"),
    "col.task": ("任务", "Task"),
    "col.tasks": ("任务数", "Tasks"),
    "col.open": ("未完成", "Open"),
    "col.late": ("超时", "Late"),
    "col.done_share": ("完成率", "Done"),
    "col.step": ("步骤", "Step"),
    "col.sla": ("时限状态", "SLA"),
    "col.due": ("截止时间", "Due"),
    "col.handed_off": ("交接时间", "Handed off"),
    "col.done_at": ("完成时间", "Done at"),
    "col.blocker": ("卡点", "Blocker"),
    "col.kind": ("类型", "Kind"),
    "col.ref": ("编号", "Id"),
    "col.remaining_h": ("剩余（小时）", "Remaining (h)"),
    "col.level": ("升级级别", "Level"),
    "col.explanation": ("截止时间怎么算的", "Why it is due then"),
    "col.scenario": ("协作场景", "Scenario"),
    "col.activity": ("协作环节", "Activity"),
    "col.issue": ("问题", "Issue"),
    "col.raised_at": ("提出时间", "Raised"),
    "col.description": ("争议描述", "Description"),
    "col.age_d": ("天数", "Days"),
    "col.decided_by": ("裁决人", "Decided by"),
    "col.decision": ("裁决结果", "Decision"),
    "col.decided_at": ("裁决时间", "Decided at"),
    "col.held_on": ("复盘时间", "Held on"),
    "col.category": ("问题类别", "Category"),
    "col.finding": ("问题发现", "Finding"),
    "col.action": ("整改措施", "Action"),
    "col.quarter": ("季度", "Quarter"),
    "col.comment": ("意见建议", "Comment"),
    "col.case": ("案例编号", "Case"),
    "col.title": ("案例标题", "Title"),
    # job runs
    "run.job": ("作业", "Job"),
    "run.started_at": ("开始时间", "Started"),
    "run.ended_at": ("结束时间", "Ended"),
    "run.outcome": ("结果", "Outcome"),
    "run.errors": ("错误数", "Errors"),
    "run.warnings": ("警告数", "Warnings"),
    "run.rows": ("行数", "Rows"),
    "run.duration_s": ("耗时（秒）", "Duration (s)"),
    "run.message": ("说明", "Message"),
    # the values of _runs' job and outcome columns, in words (other jobs show their name)
    "run.job.daily": ("每日运行", "daily"),
    "run.job.hourly": ("每小时运行", "hourly"),
    "run.job.remind": ("提醒", "remind"),
    "run.job.validate": ("校验", "validate"),
    "run.job.sla": ("时限计算", "sla"),
    "run.job.metrics": ("指标计算", "metrics"),
    "run.job.cases": ("案例匹配", "cases"),
    "run.job.weekly": ("周例会材料", "weekly"),
    "run.job.survey": ("满意度调研", "survey"),
    "run.outcome.ok": ("正常", "ok"),
    "run.outcome.errors": ("有待处理", "errors"),
    "run.outcome.failed": ("失败", "failed"),
    # data quality
    "quality.from_checks": (
        "来自 _checks 工作表（校验时间 {at}）。",
        "From the _checks tab (checked at {at}).",
    ),
    "quality.computed": (
        "尚无 _checks 工作表，以下为刚刚即时校验的结果。",
        "No _checks tab yet: these results were just computed.",
    ),
    "quality.errors": ("错误", "Errors"),
    "quality.warnings": ("警告", "Warnings"),
    "quality.by_tab": ("各工作表问题数", "Problems per tab"),
    "quality.findings": ("问题明细", "Problems"),
    "quality.none": ("没有发现问题。", "No problems found."),
    "quality.filter_tab": ("按工作表筛选", "Filter by tab"),
    "quality.all": ("全部", "All"),
    "quality.filter_severity": ("按严重程度筛选", "Filter by severity"),
    "quality.shown": ("显示 {shown} / {total} 条", "Showing {shown} of {total}"),
    "severity.error": ("错误", "error"),
    "severity.warning": ("警告", "warning"),
    "severity.info": ("提示", "info"),
}
# fmt: on

TEXT: dict[str, dict[str, str]] = {
    "zh-CN": {k: zh for k, (zh, _) in STRINGS.items()},
    "en": {k: en for k, (_, en) in STRINGS.items()},
}


def lang(locale: str) -> str:
    """The TEXT key for a locale: English for any 'en…', else Chinese."""
    return "en" if locale.startswith("en") else "zh-CN"


def t(locale: str, key: str, **params: object) -> str:
    """The UI string ``key`` in ``locale``, formatted with ``params``."""
    text = TEXT[lang(locale)][key]
    return text.format(**params) if params else text


def value_word(locale: str, group: str, value: object) -> str:
    """A stored key (a job, an outcome) in words: ``group.value``'s text, else the value."""
    key = f"{group}.{value}"
    return t(locale, key) if key in STRINGS else "" if value is None else str(value)


def choice_label(tab: str, column: str, value: str | None, locale: str) -> str:
    """An enum value as people read it: the Chinese label for zh-CN, the key for en."""
    if value is None:
        return t(locale, "blank")
    if lang(locale) == "en":
        return value
    return dict(TABS[tab].column(column).choices).get(value, value)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=&])")


def md_escape(text: object) -> str:
    """Text safe for widgets that render markdown: every markdown character backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))
