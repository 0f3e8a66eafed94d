"""The dashboard's frame in both languages: the app and its sidebar, the page names and the
周报 (weekly meeting pack) page."""

from __future__ import annotations

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
    "scope.unset": (
        "看板不显示任何部门的数据：「人员」表中没有与您（{who}）对应的启用人员，或对应多个部门。"
        "请管理员在看板的 secrets 中为您设置 depts",
        "The dashboard shows no department's rows: the people tab has no active person matching "
        "you ({who}), or rows of more than one department. Ask the administrator to set your "
        "depts in the dashboard's secrets",
    ),
    "error.title": ("无法读取数据", "Cannot read the data"),
    # the results file there and not a workbook: pages compute from the tables (trial27: they
    # said 尚无 _sla, as if no run had written one)
    "results.damaged": (
        "结果文件无法读取（可能已损坏）：本页的时限和指标从各表即时计算；下次运行会另存它并重建。"
        "请告知管理员",
        "The results file cannot be read (damaged?): this page computes the SLA and KPIs from "
        "the tables; the next run sets it aside and writes it anew. Tell the administrator",
    ),
    # with viewer_dept a viewer may be any department's: not the paths, the service account and
    # the config's lines of an error (trial27), which go to the server's log
    "error.hidden": (
        "无法读取数据：详情已写入服务器日志，请联系管理员（collabsheet doctor 会说明原因）",
        "Cannot read the data: the details are in the server's log; ask the administrator "
        "(collabsheet doctor says why)",
    ),
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
    "weekly.actions": ("到期/超时整改", "Actions due or overdue"),
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
}
# fmt: on
