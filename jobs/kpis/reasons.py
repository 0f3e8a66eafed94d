"""Why a KPI is n/a: the tabs it reads and what is wrong with them.

A KPI has no value when a tab it needs could not be read (no header row, a required column
missing: the errors are in ``_checks`` too), or when its tabs hold no row it counts (no survey
answer this quarter, no project done yet). Either way the value says so, in the locale, so a
manager never reads a bare "n/a" (or, worse, a 0) without knowing which tab to fix.
"""

from __future__ import annotations

from dataclasses import dataclass

from config.phrases import language
from sheets_sync.finding import Finding
from sheets_sync.workbook import Workbook

ZhEn = tuple[str, str]

# the tabs each KPI reads (keys): when one is unusable, the KPI is n/a, not 0
NEEDS: dict[str, tuple[str, ...]] = {
    "measure_coverage": ("templates", "responsibilities"),
    "delay_rate": ("projects",),
    "cycle_time": ("projects",),
    "response_time": ("tasks",),
    "compliance": ("tasks",),
    "dispute_rate": ("disputes", "projects"),
    "major_dispute_rate": ("disputes", "projects"),
    "omission_rate": ("templates", "responsibilities"),
    "rectification_cycle": ("retrospectives",),
    "resolution_rate": ("retrospectives", "disputes"),
    "recurrence_rate": ("retrospectives", "cases"),
    "satisfaction": ("survey",),
    "startup_time": ("projects", "tasks"),
    "process_time": ("tasks",),
    "process_time_by_step": ("tasks", "projects"),
    "communication_efficiency": ("survey",),
    "communication_cost": ("survey",),
    "info_omission_rate": ("tasks", "projects", "templates"),
    "team_compliance": ("tasks", "departments"),
    "target_deviation": (),
}

# what each KPI counts, for "nothing to measure" (docs/metrics.md has the definitions)
COUNTS: dict[str, ZhEn] = {
    "measure_coverage": ("流程模板的步骤", "template steps"),
    "delay_rate": ("有目标日期的项目", "projects with a target date"),
    "cycle_time": ("已完成且有开始日期的项目", "done projects with a start date"),
    "response_time": ("已响应的任务", "responded tasks"),
    "compliance": ("已到期或已完成的时限", "obligations due or closed"),
    "dispute_rate": ("近 90 天进行中的项目", "projects under way in the last 90 days"),
    "major_dispute_rate": ("近 90 天进行中的项目", "projects under way in the last 90 days"),
    "omission_rate": ("流程模板的步骤", "template steps"),
    "rectification_cycle": ("已完成的整改措施", "done rectification actions"),
    "resolution_rate": ("整改措施和争议", "actions and disputes"),
    "recurrence_rate": ("近 90 天的复盘发现", "retrospective findings of the last 90 days"),
    "satisfaction": ("最近一季三项评分齐全的答卷", "latest quarter's answers with 3 ratings"),
    "startup_time": ("已开始的项目", "started projects"),
    "process_time": ("已完成或已超时的任务", "tasks done or past due"),
    "process_time_by_step": (
        "已完成或已超时的流程步骤任务",
        "template steps' tasks done or past due",
    ),
    "communication_efficiency": ("最近一季的答卷", "latest quarter's answers"),
    "communication_cost": (
        "最近一季填写了每周跨部门沟通耗时的答卷",
        "latest quarter's answers giving the weekly hours of cross-department communication",
    ),
    "info_omission_rate": ("已交接的任务", "handed-off tasks"),
    "team_compliance": ("有到期时限的部门", "departments with an obligation due"),
    "target_deviation": ("有值且有目标的指标", "KPIs with a value and a target"),
}
# the recurrence rate without a case to repeat (trial30: 0%, 达标, with an empty library)
EMPTY_LIBRARY: ZhEn = (  # said true to a department's viewer too (review32: their scope)
    "「问题案例库」中没有可比对的案例：无从判断复盘发现是否重复已知问题（案例库为空时请先登记案例）",
    "no case in the case library to compare with: nothing tells whether a finding repeats a "
    "known problem (enter the cases if the library is empty)",
)
# KPIs the sheets cannot give at all: n/a with this reason, never a number (docs/metrics.md)
NOT_IN_SHEETS: dict[str, ZhEn] = {}


@dataclass(frozen=True)
class NotMeasured:
    """Why a KPI has no value: the titles of the tabs it reads and, when one could not be
    read, the errors that say why (none: those tabs hold no row the KPI counts)."""

    kpi: str
    tabs: tuple[str, ...]
    problems: tuple[Finding, ...] = ()
    note: ZhEn | None = None  # a reason of its own: not in the sheets, or needs a baseline
    baseline: bool = False  # the reason is a missing baseline (需要基线, not 无数据)

    def text(self, locale: str = "zh-CN") -> str:
        """One line: '「任务进度」无法读取：任务进度!A1 缺少必填列「任务编号」…'."""
        en = language(locale) == "en"
        if self.problems:
            by_tab: dict[str, list[Finding]] = {}
            for f in self.problems:
                by_tab.setdefault(f.tab, []).append(f)
            parts = []
            for tab, found in by_tab.items():
                what = "; ".join(f"{f.tab}!{f.cell} {f.message(locale)}" for f in found)
                parts.append(f"tab {tab} could not be read: {what}" if en
                             else f"「{tab}」无法读取：{what}")  # fmt: skip
            return ("; " if en else "；").join(parts)
        if self.note:
            return self.note[1 if en else 0]
        counted = COUNTS.get(self.kpi, ("可计算的数据", "data it counts"))[1 if en else 0]
        if not self.tabs:
            return f"nothing to measure: no {counted}" if en else f"没有{counted}"
        tabs = ", ".join(self.tabs) if en else "、".join(f"「{t}」" for t in self.tabs)
        return f"nothing to measure: no {counted} in {tabs}" if en else f"{tabs}中没有{counted}"


def unusable(wb: Workbook, kpi: str) -> tuple[Finding, ...]:
    """The errors of the tabs ``kpi`` needs that could not be read (empty: it can be measured)."""
    return tuple(f for key in NEEDS.get(kpi, ()) for f in wb[key].problems if wb[key].unusable)


def explain(wb: Workbook, kpi: str) -> NotMeasured:
    """Why ``kpi`` has no value in ``wb``: a tab it needs is unusable or holds nothing it
    counts."""
    if kpi in NOT_IN_SHEETS:  # whatever the tabs hold (and without reading them)
        return NotMeasured(kpi, (), (), NOT_IN_SHEETS[kpi])
    if kpi == "recurrence_rate" and not len(wb["cases"]) and not unusable(wb, kpi):
        return NotMeasured(kpi, (), (), EMPTY_LIBRARY)
    tabs = tuple(wb[key].title for key in NEEDS.get(kpi, ()))
    return NotMeasured(kpi, tabs, unusable(wb, kpi))


# the most a KPI of a unit can be: a relative target beyond it cannot be met (trial30: 问题解决率
# 85.7% + 20% asks 102.9%, 沟通效率 4.0 + 40% asks 5.6 of 5; shown 未达标 forever, unsaid)
CAPS = {"%": 1.0, "pt": 5.0}


def unreachable(kpi: str, goal: float, cap: float) -> NotMeasured:
    """A relative target above what the KPI can be (its verdict stays 未达标): what to agree."""
    shown = (
        (f"{goal * 100:.1f}%", f"{cap * 100:.0f}%") if cap == 1.0 else (f"{goal:.2f}", f"{cap:g}")
    )
    return NotMeasured(kpi, (), (), (
        f"目标不可达：按基线计算需要 {shown[0]}，超过最高的 {shown[1]}；"
        f"请与管理层商定新的目标或基线（配置的 [targets] / [baselines] {kpi}）",
        f"the target cannot be met: the baseline asks {shown[0]}, above the most it can be, "
        f"{shown[1]}; agree a new target or baseline with management ([targets] / [baselines] "
        f"{kpi} in the config)",
    ))  # fmt: skip


def needs_baseline(kpi: str) -> NotMeasured:
    """A relative KPI measured but without a baseline to compare with: no verdict, and how to
    set one (docs/metrics.md, Baselines)."""
    return NotMeasured(kpi, (), (), (
        "需要基线：用 collabsheet metrics --baseline 2026Q1 从表格中算出基线，核对后写入配置"
        f"的 [baselines] {kpi}",
        "needs a baseline: compute it from the sheets with collabsheet metrics --baseline "
        f"2026Q1, review it and put it into [baselines] {kpi} in the config",
    ), baseline=True)  # fmt: skip
