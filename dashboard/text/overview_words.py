"""The Overview's words in both languages: the workbook's counts, the last runs, each KPI
against its target and the plan's phases."""

from __future__ import annotations

# fmt: off
STRINGS: dict[str, tuple[str, str]] = {
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
    "kpi.scoped": (
        "数值按本部门能看到的行从各表计算；每日运行写入的全公司指标（_metrics）只对可查看全部部门"
        "的用户显示。",
        "Values computed from the rows your department sees; the company-wide KPIs a daily run "
        "writes (_metrics) are shown to viewers of all departments only.",
    ),
    "kpi.scoped_history": (
        "指标趋势记录的是全公司的数值，只对可查看全部部门的用户显示。",
        "The KPI trends record company-wide values: they are shown to viewers of all departments "
        "only.",
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
    "progress.sla_computing": (
        "正在从各表计算每项时限（还没有每日运行写入的 _sla），算好后看板随即显示。",
        "Computing every obligation's SLA from the tables (no _sla tab from a daily run yet); "
        "the board shows as soon as it is in.",
    ),
    "kpi.green": ("达标", "on target"),
    "kpi.orange": ("接近目标", "near target"),
    "kpi.red": ("未达标", "off target"),
    "kpi.gray": ("无数据", "no data"),
    "kpi.na_why": ("无数据：{why}", "n/a: {why}"),  # under a KPI without a value: why
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
}
# fmt: on
