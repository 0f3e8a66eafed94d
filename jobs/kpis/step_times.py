"""流程耗时 per template step (``process_time_by_step``): each step's median working time against
that step's own baseline; the plan's target is 60% of it (流程耗时缩短至原时长60%).

A step's time is its tasks' completion or approval obligations on the SLA clock (``elapsed_h``:
working hours on the calendar from hand-off to done, paused time excluded), over tasks done and
tasks still open past their due time with their hours so far (as ``handoffs.elapsed``: a long
open task is never invisible). The KPI is the median, over the steps that have a baseline in
``[baselines.process_time_by_step]``, of median / baseline; a step without one is listed as
needing one, never compared with a made-up number. Definitions: docs/metrics.md.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

import pandas as pd

from config.settings import KpiSettings
from config.step_baselines import KEY, step_key
from jobs.kpis.handoffs import CLOSED_OR_LATE
from jobs.kpis.reasons import NotMeasured
from jobs.kpis.tally import Tally, median
from jobs.kpis.targets import is_met
from sheets_sync.workbook import Workbook

KINDS = ("completion", "approval")


@dataclass(frozen=True)
class StepTime:
    """One template step: its median hours over ``tasks``, its baseline (None: needs one) and
    median / baseline against the target share."""

    step: str  # "T01:2"
    median_h: float
    tasks: tuple[str, ...]
    baseline_h: float | None
    share: float | None  # median / baseline (None without a baseline)
    target: float  # the share to reach: 0.6 = 60% of the baseline
    met: bool | None


def step_times(sla: pd.DataFrame, kpis: KpiSettings) -> tuple[StepTime, ...]:
    """Every template step with a timed task, in step-key order."""
    if sla.empty:
        return ()
    rows = sla["kind"].isin(KINDS) & sla["status"].isin(CLOSED_OR_LATE) & sla["template_id"].notna()
    target = float(kpis.targets.get(KEY, 0.6))
    # the four columns it reads, not the whole frame; rows grouped by (template, step) first
    # and each group's key made once (100,000 tasks, a few dozen steps), in row order
    h = sla["elapsed_h"][rows].tolist()
    refs = sla["ref"][rows].tolist()
    at: dict[tuple[object, object], list[int]] = {}
    pairs = zip(sla["template_id"][rows].tolist(), sla["step"][rows].tolist(), strict=True)
    for i, pair in enumerate(pairs):
        at.setdefault(pair, []).append(i)
    by_key: dict[str, list[int]] = {}
    for (t, s), found in at.items():
        by_key.setdefault(step_key(t, s), []).extend(found)
    hours: dict[str, list[float]] = {}
    tasks: dict[str, list[str]] = {}
    for key, found in by_key.items():
        found.sort()  # two spellings of one step (2, 2.0): back in row order
        hours[key] = [float(h[i]) for i in found]
        tasks[key] = [str(refs[i]) for i in found]
    out = []
    for key in sorted(hours, key=_order):
        mid = float(statistics.median(hours[key]))
        base = kpis.step_baselines.hours.get(key)
        share = round(mid / base, 4) if base else None
        met = is_met(KEY, share, target, None)
        out.append(StepTime(key, mid, tuple(tasks[key]), base, share, target, met))
    return tuple(out)


def _order(key: str) -> tuple[str, int]:
    template, _, step = key.rpartition(":")
    return template, int(step) if step.isdigit() else 0


def process_time_by_step(
    wb: Workbook, sla: pd.DataFrame, today: dt.date, kpis: KpiSettings
) -> Tally:
    """Median over the steps with a baseline of (step's median hours / its baseline); the keys
    are those steps. Steps timed but none with a baseline: no value, the timed steps as keys
    (``needs_baselines`` says so)."""
    steps = step_times(sla, kpis)
    judged = [s for s in steps if s.share is not None]
    if not judged:
        return Tally(None, None, 0, tuple(s.step for s in steps))
    return median([s.share for s in judged if s.share is not None], [s.step for s in judged])


def needs_baselines(raw: Tally) -> NotMeasured | None:
    """Why the KPI has no value when steps are timed but none has a baseline (else None)."""
    if raw.value is not None or not raw.keys:
        return None
    example = raw.keys[0]
    return NotMeasured(KEY, (), (), (
        f"需要基线：{len(raw.keys)} 个流程步骤有耗时但没有基线；用 collabsheet metrics --baseline "
        f'2026Q1 算出各步骤的基线，核对后写入配置的 [baselines.{KEY}]，例如 "{example}" = 40.0',
        f"needs a baseline: {len(raw.keys)} template steps are timed but none has a baseline; "
        f"compute them with collabsheet metrics --baseline 2026Q1, review them and put them "
        f'into [baselines.{KEY}] in the config, e.g. "{example}" = 40.0',
    ), baseline=True)  # fmt: skip


def no_baselines(kpis: KpiSettings) -> NotMeasured | None:
    """Why the KPI has no value whatever the tasks hold: no step has a baseline in the config
    (the dashboard's reason for an n/a read from ``_metrics``, without timing the steps again);
    None when some step has one."""
    if kpis.step_baselines.hours:
        return None
    return NotMeasured(KEY, (), (), (
        f"需要基线：配置的 [baselines.{KEY}] 中没有任何流程步骤的基线；用 collabsheet metrics "
        "--baseline 2026Q1 算出各步骤的基线，核对后写入",
        f"needs a baseline: no template step has one in [baselines.{KEY}] in the config; "
        "compute them with collabsheet metrics --baseline 2026Q1, review them and put them there",
    ), baseline=True)  # fmt: skip


def period_steps(sla: pd.DataFrame, first: dt.date, last: dt.date) -> tuple[StepTime, ...]:
    """``metrics --baseline``: each step's median hours over the tasks handed off from
    ``first`` to ``last`` (``sla``: the SLA result at the period's end; no baselines read)."""
    if sla.empty:
        return ()
    starts = pd.to_datetime(sla["start"]).dt.date
    return step_times(sla[(starts >= first) & (starts <= last)], KpiSettings())


def baseline_lines(steps: tuple[StepTime, ...], period: str) -> list[str]:
    """The ``[baselines.process_time_by_step]`` lines of ``period_steps``, to review."""
    if not steps:
        return [f"# [baselines.{KEY}]: no template step timed in {period}"]
    source = f"collabsheet metrics --baseline {period}"
    return [f"[baselines.{KEY}]"] + [
        f'"{s.step}" = {{ value = {round(s.median_h, 2)}, period = "{period}", '
        f'source = "{source}, {len(s.tasks)} rows" }}'
        for s in steps
    ]
