"""The KPIs before the first daily run, in the order their inputs come: no ``_metrics`` tab yet,
so the dashboard computes them from the tables (``Snapshot.kpis``).

Why: at 100,000 tasks the KPIs that need the SLA of every obligation, the case matcher (the
recurrence rate) or the 40,000-row survey take seconds; the others need a few small tables and
the tasks the Overview draws anyway. A read that finds no ``_metrics`` starts computing all of
them on a thread (``ahead``): the quick ones, then, once the Overview has drawn them, the rest,
shown as "computing…" until they are in (``kpis_so_far``). Each value comes from
the jobs' own ``jobs.kpis.measures.measure`` (value, verdict, the reason of an n/a), so together
they equal ``jobs.kpis.measures.metrics``. A workbook of fewer than ``LATER_FROM_TASKS`` tasks
gets every KPI at once, as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from config.defaults import KPI_DEFAULTS
from config.settings import KpiSettings
from jobs.kpis.measures import SURVEY, KpiValue, measure
from jobs.kpis.survey_scores import answers
from sheets_sync.workbook import Workbook

if TYPE_CHECKING:
    from dashboard.snapshot import Snapshot

# inputs that cost seconds at 100,000 tasks: the SLA, the case matcher, the survey table
SLOW = (
    "response_time", "compliance", "rectification_cycle", "recurrence_rate", "satisfaction",
    "process_time", "process_time_by_step", "communication_efficiency", "communication_cost",
    "team_compliance", "target_deviation",
)  # fmt: skip
QUICK = tuple(k for k in KPI_DEFAULTS if k not in SLOW)
# below this many tasks every KPI takes well under half a second: computed and drawn at once
LATER_FROM_TASKS = 20_000
# the read's thread computes the slow KPIs (or the board's SLA) once the page has drawn (its
# script and that thread would share one interpreter), or after this long if no page does
DRAWN_WITHIN_S = 10.0


def kpi_values(
    wb: Workbook, sla: pd.DataFrame | None, section: KpiSettings, today: dt.date,
    kpis: Iterable[str], depts: frozenset[str] | None = None,
) -> dict[str, KpiValue]:  # fmt: skip
    """The values of ``kpis`` as ``metrics`` computes them (``sla``: the SLA result, needed
    only by the KPIs in ``SLOW`` that measure it; ``depts``: ``measure``'s)."""
    frame = pd.DataFrame() if sla is None else sla
    kpis = list(kpis)
    # the survey's answers read once for its KPIs, as ``metrics`` reads them
    answered = answers(wb, today) if SURVEY.keys() & set(kpis) else None
    # the recurrence rate runs the case matcher; an n/a value says why (jobs.kpis.reasons)
    return {
        kpi: measure(wb, frame, section, today, kpi, answered=answered, depts=depts) for kpi in kpis
    }


def ordered(values: Mapping[str, KpiValue]) -> tuple[KpiValue, ...]:
    """The values in KPI_DEFAULTS order."""
    return tuple(values[k] for k in KPI_DEFAULTS if k in values)


def waiting(kpi: str, section: KpiSettings) -> KpiValue:
    """A KPI whose value is still being computed: its target, no value, no verdict."""
    target = float(section.targets.get(kpi, KPI_DEFAULTS[kpi].target))
    return KpiValue(kpi, None, target, section.baselines.get(kpi), None, None, 0, ())


def small(snapshot: Snapshot) -> bool:
    """Fewer tasks than ``LATER_FROM_TASKS``: every KPI is computed at once."""
    return len(snapshot.workbook["tasks"]) < LATER_FROM_TASKS


def ahead(snapshot: Snapshot, bot: Sequence[str]) -> None:
    """Start computing on a thread what a page shows from ``bot`` tabs when the workbook has
    none yet: the KPIs for ``_metrics`` (the quick ones, then the rest once the page has drawn
    them: ``Snapshot.drawn``), else the SLA for ``_sla`` (once the board has drawn its
    counts). A page's use of them then waits for that thread or finds them built."""
    metrics = "_metrics" in bot and "_metrics" not in snapshot.workbook.bot
    sla = "_sla" in bot and "_sla" not in snapshot.workbook.bot
    if not (metrics or sla) or small(snapshot):  # a page without either parses no tasks here
        return
    if metrics:

        def after_view() -> tuple[KpiValue, ...]:
            snapshot.quick_kpis  # noqa: B018 - what the page draws first
            snapshot.drawn(DRAWN_WITHIN_S)  # its script need not share the interpreter
            return snapshot.kpis

        snapshot.later("kpis", after_view)
    else:

        def after_board() -> object:
            snapshot.drawn(DRAWN_WITHIN_S)  # the board's counts first (board_pending.py)
            return snapshot.sla

        snapshot.later("sla", after_board)


def kpis_so_far(snapshot: Snapshot) -> tuple[tuple[KpiValue, ...], tuple[str, ...]]:
    """Every KPI of ``snapshot``; or, while the slow ones are computed on a thread (started
    here if the read did not: ``ahead``), the quick ones and the others as ``waiting``
    values, with the names of those."""
    if small(snapshot):
        return snapshot.kpis, ()
    snapshot.later("kpis", lambda: snapshot.kpis)  # nothing when built or started
    if not snapshot.pending("kpis"):
        return snapshot.kpis, ()
    section = snapshot.settings.kpi_section
    return ordered({**{k: waiting(k, section) for k in SLOW}, **snapshot.quick_kpis}), SLOW
