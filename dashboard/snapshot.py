"""The workbook as read at one moment (``Snapshot``), and what pages derive from it once per read:
the SLA of every obligation, the KPIs, the ``_metrics`` history, the ``_runs`` log, page frames.

Bot tabs or tables? The daily run (``jobs.run.envelope.run``) computes the SLA and the KPIs
with the jobs' own functions and writes ``_sla`` and ``_metrics``. When those tabs hold rows the
pages show them, saying which run wrote them (``daily``, ``sla_tab``; see dashboard/last_run.py):
computing them again for 100,000 tasks would cost seconds per read. Otherwise, or when a viewer
asks ("recompute from the tables now", the rows behind a KPI), ``sla`` and ``kpis`` compute them
for the moment of the read (``jobs.sla.status.sla_of`` reusing the pauses of ``_sla``,
``jobs.kpis.measures.metrics``), once per read; a read without them starts that on a thread
(``computed.ahead``; the Overview draws the quick KPIs first, the Progress board its task
counts). A viewer scoped to a department never gets ``_metrics`` values: they are organisation
figures, so their KPIs are computed on their rows. ``_checks`` is the Data quality page;
without it that page validates the tables when it is opened (``findings``, once per read).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd

from config.defaults import KPI_DEFAULTS
from config.settings import Settings
from dashboard.computed import QUICK, SLOW, kpi_values, ordered
from dashboard.last_run import DailyKpis, bot_records, daily_kpis, history_frame, run_at, sla_frame
from jobs.checks.validation import validate
from jobs.kpis import step_times
from jobs.kpis.matrix_steps import BY_DEPARTMENT
from jobs.kpis.measures import KpiValue, measure
from jobs.kpis.reasons import explain
from jobs.sla.sla_tab import seen_in, visible
from jobs.sla.status import SlaReport, sla_of
from sheets_sync.finding import Finding
from sheets_sync.workbook import Workbook

T = TypeVar("T")
DEVIATION = "target_deviation"  # 方案目标偏差率: from the other KPIs' values


@dataclass(frozen=True)
class Snapshot:
    """The workbook as read at one moment; what pages derive from it is built once, on first use.

    Derived values (SLA, KPIs, frames) come from this snapshot's own ``workbook``, so a copy
    made with ``dataclasses.replace`` (e.g. scoped to a department) derives its own.
    """

    workbook: Workbook
    read_at: dt.datetime
    settings: Settings = field(default_factory=Settings)
    scoped: bool = False  # only some departments' rows (dashboard.scope)
    # scoped: those departments, and the snapshot as read (every department) for what is the
    # sheet's own, not a department's rows: the templates' scale, the department's 权责说明书
    # as ``collabsheet handbook --dept`` writes it, its matrix KPIs (dashboard/scope.py)
    depts: frozenset[str] | None = None
    whole: Snapshot | None = field(default=None, compare=False, repr=False)
    _memo: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)
    _locks: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)
    _threads: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)
    _drawn: threading.Event = field(
        default_factory=threading.Event, init=False, compare=False, repr=False
    )
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, compare=False, repr=False
    )

    def derive(self, name: str, build: Callable[[], T]) -> T:
        """``build()`` once per snapshot: pages share heavy frames across reruns and sessions.
        One lock per name: a use of ``name`` waits for its build, not for others'."""
        with self._lock:
            lock = self._locks.setdefault(name, threading.RLock())
        with lock:
            if name not in self._memo:
                self._memo[name] = build()
            value: T = self._memo[name]
        return value

    def later(self, name: str, build: Callable[[], object]) -> None:
        """Start ``derive(name, build)`` on a thread of its own (once): a page's later use of
        ``name`` waits for it or finds it built. A failure is left for that use to raise."""
        with self._lock:
            if name in self._memo or name in self._threads:
                return
            thread = threading.Thread(
                target=_quietly, args=(self.derive, name, build), name=f"derive-{name}", daemon=True
            )
            self._threads[name] = thread
        thread.start()

    def pending(self, name: str) -> bool:
        """Whether ``name`` is being built by ``later`` and not built yet."""
        thread = self._threads.get(name)
        return name not in self._memo and thread is not None and thread.is_alive()

    @property
    def findings(self) -> tuple[Finding, ...] | None:
        """The problems found in the tables now when there is no ``_checks`` tab (None when
        there is): validated on first use, since only the Data quality page shows them.
        Empty for a scoped viewer: they name cells of every department."""
        if "_checks" in self.workbook.bot:
            return None
        if self.scoped:
            return ()
        return self.derive("findings", lambda: tuple(validate(self.workbook)))

    @property
    def sla(self) -> SlaReport:
        """Every obligation's SLA at ``read_at`` (``sla_of``, pauses from ``_sla``)."""
        self._drawn.set()  # whoever needs it now: the read's thread goes on
        return self.derive("sla", self._sla)

    def _sla(self) -> SlaReport:
        if not self.scoped or self.depts is None or self.whole is None:
            return sla_of(self.workbook, self.settings.sla_section, self.read_at)
        # a scoped viewer's: the company's SLA (computed on their tables, an action of their
        # person on a project they do not see was lost, another's had no department: review33)
        # with the rows _sla shows them (jobs.sla.sla_tab.visible; trial27: PJ0017 of D02)
        report, wb = self.whole.sla, self.workbook
        seen = seen_in(wb["retrospectives"], wb["disputes"])
        result = report.result
        columns = (result[c].tolist() for c in ("dept_id", "kind", "ref"))
        keep = [visible(d, k, r, self.depts, seen) for d, k, r in zip(*columns, strict=True)]
        result = result[keep].reset_index(drop=True)
        counts = {s: int((result["status"] == s).sum()) for s in report.counts}
        return dataclasses.replace(report, result=result, counts=counts)

    @property
    def kpis(self) -> tuple[KpiValue, ...]:
        """Every KPI at ``read_at`` in KPI_DEFAULTS order, as ``jobs.kpis.measures.metrics``
        computes them: the quick ones, then those of dashboard/computed.py's ``SLOW``."""
        self._drawn.set()  # whoever needs them all: the read's thread goes on
        return self.derive("kpis", self._kpis)

    def _kpis(self) -> tuple[KpiValue, ...]:
        section, today = self.settings.kpi_section, self.read_at.date()
        quick = self.quick_kpis  # first: the Overview draws these while the rest is computed
        sla = self.sla.result
        slow = [k for k in SLOW if k != DEVIATION]
        values = {**quick, **kpi_values(self.workbook, sla, section, today, slow)}
        # the target deviation from the values just computed, as ``metrics`` does: measured on
        # its own it computes every other KPI again (the case matcher, the SLA-clock medians)
        others = [values[k] for k in KPI_DEFAULTS if k != DEVIATION and k in values]
        values[DEVIATION] = measure(self.workbook, sla, section, today, DEVIATION, others=others)
        return ordered(values)

    @property
    def quick_kpis(self) -> dict[str, KpiValue]:
        """The KPIs whose inputs are small tables and the tasks (``computed.QUICK``); all of them
        with what is still computed: ``computed.kpis_so_far``."""
        return self.derive("kpis:quick", self._quick_kpis)

    def _quick_kpis(self) -> dict[str, KpiValue]:
        section, today = self.settings.kpi_section, self.read_at.date()
        values = kpi_values(self.workbook, None, section, today, QUICK)
        if self.whole is not None:  # a department's own steps, against the whole matrix
            mine = [k for k in QUICK if k in BY_DEPARTMENT]
            wb = self.whole.workbook
            values.update(kpi_values(wb, None, section, today, mine, self.depts))
        return values

    def drawn(self, within: float | None = None) -> bool:
        """Say the page has drawn (the Overview its quick KPIs, the Progress board its counts):
        the read's thread computes the rest (``computed.ahead``); with ``within``, wait that
        long for a page to say so. ``sla`` and ``kpis`` say so too: whoever needs them now."""
        if within is None:
            self._drawn.set()
        return self._drawn.wait(within)

    @property
    def daily(self) -> DailyKpis | None:
        """The latest day's KPIs from ``_metrics`` (None when absent, empty or scoped)."""
        if self.scoped:
            return None
        return self.derive("daily", self._daily)

    def _daily(self) -> DailyKpis | None:
        """``_metrics``'s latest day; an n/a value says why from the tables as read now (the
        tab the KPI needs is unusable, or holds nothing it counts: ``jobs.kpis.reasons``)."""
        daily = daily_kpis(self.bot("_metrics"))
        if daily is None:
            return None
        # 流程耗时（按步骤） without any step baseline needs one, whatever the tables hold
        by_step = step_times.no_baselines(self.settings.kpi_section)
        values = tuple(
            v
            if v.value is not None
            else dataclasses.replace(
                v,
                reason=(by_step if v.kpi == step_times.KEY else None)
                or explain(self.workbook, v.kpi),
            )
            for v in daily.values
        )
        return dataclasses.replace(daily, values=values)

    @property
    def sla_tab(self) -> pd.DataFrame | None:
        """The open obligations as ``_sla`` holds them (None when the tab is absent)."""
        rows = self.bot("_sla")
        return None if rows is None else self.derive("sla_tab", lambda: sla_frame(rows))

    def written_at(self, jobs: Sequence[str]) -> dt.datetime | None:
        """When the latest non-failed run of one of ``jobs`` started (``_runs``)."""
        return run_at(self.runs, jobs)

    @property
    def history(self) -> pd.DataFrame:
        """The ``_metrics`` rows (the KPI trend)."""
        return self.derive("history", lambda: history_frame(self.workbook))

    @property
    def runs(self) -> tuple[dict[str, Any], ...]:
        """The ``_runs`` rows in sheet order."""
        return self.derive("runs", lambda: tuple(self.bot("_runs") or ()))

    def prepare(self, bot: Sequence[str]) -> None:
        """Build now what pages show from these bot tabs (frames of ``_sla``, ``_metrics``,
        ``_runs``): ``read_snapshot`` does it while the page's tables are being parsed."""
        built: list[object] = []
        if "_sla" in bot:
            built.append(self.sla_tab)
        if "_metrics" in bot:
            built += [self.daily, self.history]
        if "_runs" in bot:
            built.append(self.runs)

    def bot(self, title: str) -> list[dict[str, Any]] | None:
        """A bot tab's rows as records (None when absent), built once. Do not mutate."""
        return self.derive(f"bot:{title}", lambda: bot_records(self.workbook, title))

    def frame(self, tab: str) -> pd.DataFrame:
        """The typed table ``tab`` as a DataFrame (with ``_row``), built once. Do not mutate."""
        return self.derive(f"frame:{tab}", self.workbook[tab].frame)

    def last_run(self, job: str | None = None) -> dict[str, Any] | None:
        """The latest ``_runs`` row (of ``job`` if given), by start time, then position."""
        rows = [r for r in self.runs if job is None or r.get("job") == job]
        if not rows:
            return None
        _, row = max(enumerate(rows), key=lambda ir: (str(ir[1].get("started_at") or ""), ir[0]))
        return row


def _quietly(
    derive: Callable[[str, Callable[[], object]], object], name: str, build: Callable[[], object]
) -> None:
    """``derive`` on a ``later`` thread: a failure is not kept, so the page's use raises it."""
    with contextlib.suppress(Exception):
        derive(name, build)
