"""UI strings by locale, plus helpers to show sheet text safely in markdown-rendering widgets."""

from __future__ import annotations

import re

from sheets_sync.schema import TABS

LOCALES: dict[str, str] = {"zh-CN": "中文", "en": "English"}

TEXT: dict[str, dict[str, str]] = {
    "zh-CN": {
        "app.title": "跨部门协同看板",
        "language": "语言 / Language",
        "refresh": "刷新数据",
        "refresh.help": "清除缓存，重新读取工作簿",
        "read_at": "数据读取于 {at}",
        "workbook": "工作簿：{where}",
        "error.title": "无法读取数据",
        "blank": "（未填）",
        "page.overview": "概览",
        "page.quality": "数据质量",
        "metric.departments": "部门",
        "metric.people": "人员",
        "metric.projects": "协作项目",
        "metric.tasks": "任务",
        "metric.open_disputes": "未结争议",
        "overview.projects": "项目状态",
        "overview.tasks": "任务状态",
        "overview.disputes": "争议状态",
        "overview.last_run": "最近一次作业运行",
        "overview.no_runs": "尚无作业运行记录（没有 _runs 工作表）。",
        "col.status": "状态",
        "col.count": "数量",
        "col.field": "项目",
        "col.value_": "内容",
        "run.job": "作业",
        "run.started_at": "开始时间",
        "run.ended_at": "结束时间",
        "run.outcome": "结果",
        "run.errors": "错误数",
        "run.warnings": "警告数",
        "run.rows": "行数",
        "run.duration_s": "耗时（秒）",
        "run.message": "说明",
        "quality.from_checks": "来自 _checks 工作表（校验时间 {at}）。",
        "quality.computed": "尚无 _checks 工作表，以下为刚刚即时校验的结果。",
        "quality.errors": "错误",
        "quality.warnings": "警告",
        "quality.by_tab": "各工作表问题数",
        "quality.findings": "问题明细",
        "quality.none": "没有发现问题。",
        "quality.filter_tab": "按工作表筛选",
        "quality.all": "全部",
        "quality.filter_severity": "按严重程度筛选",
        "quality.shown": "显示 {shown} / {total} 条",
        "col.tab": "工作表",
        "col.cell": "单元格",
        "col.value": "值",
        "col.rule": "规则",
        "col.severity": "严重程度",
        "col.message": "问题",
        "col.fix": "修正方法",
        "severity.error": "错误",
        "severity.warning": "警告",
    },
    "en": {
        "app.title": "Collaboration dashboard",
        "language": "语言 / Language",
        "refresh": "Refresh data",
        "refresh.help": "Clear the cache and read the workbook again",
        "read_at": "Data read at {at}",
        "workbook": "Workbook: {where}",
        "error.title": "Cannot read the data",
        "blank": "(blank)",
        "page.overview": "Overview",
        "page.quality": "Data quality",
        "metric.departments": "Departments",
        "metric.people": "People",
        "metric.projects": "Projects",
        "metric.tasks": "Tasks",
        "metric.open_disputes": "Open disputes",
        "overview.projects": "Projects by status",
        "overview.tasks": "Tasks by status",
        "overview.disputes": "Disputes by status",
        "overview.last_run": "Last job run",
        "overview.no_runs": "No job run recorded yet (no _runs tab).",
        "col.status": "Status",
        "col.count": "Count",
        "col.field": "Field",
        "col.value_": "Value",
        "run.job": "Job",
        "run.started_at": "Started",
        "run.ended_at": "Ended",
        "run.outcome": "Outcome",
        "run.errors": "Errors",
        "run.warnings": "Warnings",
        "run.rows": "Rows",
        "run.duration_s": "Duration (s)",
        "run.message": "Message",
        "quality.from_checks": "From the _checks tab (checked at {at}).",
        "quality.computed": "No _checks tab yet: these results were just computed.",
        "quality.errors": "Errors",
        "quality.warnings": "Warnings",
        "quality.by_tab": "Problems per tab",
        "quality.findings": "Problems",
        "quality.none": "No problems found.",
        "quality.filter_tab": "Filter by tab",
        "quality.all": "All",
        "quality.filter_severity": "Filter by severity",
        "quality.shown": "Showing {shown} of {total}",
        "col.tab": "Tab",
        "col.cell": "Cell",
        "col.value": "Value",
        "col.rule": "Rule",
        "col.severity": "Severity",
        "col.message": "Problem",
        "col.fix": "Fix",
        "severity.error": "error",
        "severity.warning": "warning",
    },
}


def lang(locale: str) -> str:
    """The TEXT key for a locale: English for any 'en…', else Chinese."""
    return "en" if locale.startswith("en") else "zh-CN"


def t(locale: str, key: str, **params: object) -> str:
    """The UI string ``key`` in ``locale``, formatted with ``params``."""
    text = TEXT[lang(locale)][key]
    return text.format(**params) if params else text


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
