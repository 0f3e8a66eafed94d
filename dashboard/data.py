"""Reading the workbook for the dashboard: settings from argv, one cached batch read, no writes.

One read yields a ``Snapshot``: the typed tables, plus what pages derive from them once (the SLA
of every obligation, the KPIs, the ``_metrics`` history, the ``_runs`` log, page frames).

Bot tabs or tables? The daily run (``jobs.run.envelope.run``) computes the SLA and the KPIs
with the jobs' own functions and writes ``_sla`` and ``_metrics``. When those tabs hold rows the
pages show them, saying which run wrote them (``daily``, ``sla_tab``; see dashboard/last_run.py):
computing them again for 100,000 tasks would cost seconds per read. Otherwise, or when a viewer
asks ("recompute from the tables now", the rows behind a KPI), ``sla`` and ``kpis`` compute them
for the moment of the read (``jobs.sla.status.sla_of`` reusing the pauses of ``_sla``,
``jobs.kpis.measures.metrics``), once per read; a read without them starts that on a thread
(``computed.ahead``; the Overview draws the quick KPIs first). A viewer scoped to a department
never gets ``_metrics`` values: they are organisation figures, so their KPIs are computed on
their rows. ``_checks`` is the Data quality page; without it that page validates the tables
when it is opened (``findings``, once per read).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import pandas as pd
import streamlit as st

from config.defaults import KPI_DEFAULTS
from config.settings import Settings, load_settings
from dashboard import computed
from dashboard.computed import QUICK, SLOW, kpi_values, ordered
from dashboard.last_run import DailyKpis, bot_records, daily_kpis, history_frame, run_at, sla_frame
from dashboard.registry import page_spec
from jobs.checks.validation import validate
from jobs.kpis import step_times
from jobs.kpis.measures import KpiValue, measure
from jobs.kpis.reasons import explain
from jobs.sla.status import SlaReport, sla_of
from sheets_sync import open_backend, parse_workbook
from sheets_sync.finding import Finding
from sheets_sync.tables import ParsedTables
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
        return self.derive("sla", self._sla)

    def _sla(self) -> SlaReport:
        return sla_of(self.workbook, self.settings.sla_section, self.read_at)

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
        section, today = self.settings.kpi_section, self.read_at.date()
        return self.derive(
            "kpis:quick", lambda: kpi_values(self.workbook, None, section, today, QUICK)
        )

    def drawn(self, within: float | None = None) -> bool:
        """Say the page that shows the quick KPIs has drawn (the read's thread computes the
        rest: ``computed.ahead``); with ``within``, wait that long for it to say so."""
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


def moment_of(settings: Settings) -> dt.datetime:
    """The moment the pages compute for: ``[dashboard] at`` when set (tests and demos: every
    page then agrees with the jobs run ``--at`` that moment), else the local wall-clock time in
    the configured zone."""
    if settings.dashboard_at is not None:
        return settings.dashboard_at.replace(microsecond=0)
    return dt.datetime.now(settings.zone).replace(tzinfo=None, microsecond=0)


def config_arg(argv: Sequence[str]) -> str | None:
    """The ``--config PATH`` given after ``streamlit run app.py --``; unknown arguments ignored."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--config", default=None)
    known, _ = parser.parse_known_args(list(argv))
    return known.config or None


def locale_arg(argv: Sequence[str]) -> str | None:
    """The ``--locale`` given after ``--`` (``collabsheet --locale en dashboard``), or None."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--locale", default=None)
    known, _ = parser.parse_known_args(list(argv))
    return known.locale or None


def get_settings(argv: Sequence[str]) -> Settings:
    """Settings from ``--config``, else ``$COLLABSHEET_CONFIG``, else the defaults; with
    ``--locale`` in place of ``[general] locale`` when given."""
    settings = load_settings(config_arg(argv))
    locale = locale_arg(argv)
    return dataclasses.replace(settings, locale=locale) if locale else settings


def read_snapshot(settings: Settings, page: str | None = None) -> Snapshot:
    """Read every tab in one batch; parse the tables ``page`` draws first, in parallel, and
    the others when a page asks for them (validation too: ``Snapshot.findings``).

    The SLA and the KPIs are derived on first use (once per read, shared by every session), so
    a page that needs neither, such as Data quality, does not wait for them."""
    raw = open_backend(settings).read()
    read_at = moment_of(settings)
    skip_scan = getattr(raw, "skip_error_scan", None)
    if skip_scan is not None and "_checks" in raw:  # findings come from the last run's
        skip_scan()
    wb = parse_workbook(raw, settings, lazy=True)
    spec = page_spec(page)
    decode = getattr(raw, "prefetch", None)
    if decode is not None:  # sheets of a local workbook are decoded on demand
        decode([t for t in spec.bot if t in wb.bot])
    tables = spec.tables or tuple(wb.tables)
    if isinstance(wb.tables, ParsedTables):
        wb.tables.prefetch(tables)
    snapshot = Snapshot(wb, read_at, settings)
    snapshot.prepare(spec.bot)  # while the tables are parsed
    for key in tables:  # a broken sheet is the read's error, shown as such
        wb.tables[key]
    computed.ahead(snapshot, spec.bot)  # while the browser loads Streamlit or the page draws
    return snapshot


class ReadAhead(Protocol):
    """Reads started before a script asks for one (dashboard/serve/ahead.py installs them when
    the server starts the read on a page request). Optional: without it, a script reads."""

    def take(self, key: str) -> tuple[float, Snapshot] | None:
        """A read started for ``key`` (when it started, the snapshot), if one is usable."""

    def cached(self, key: str, started: float | None) -> None:
        """The cache got a read started at ``started`` (None: the cache was cleared)."""


READ_AHEAD: ReadAhead | None = None


def _cached_read(settings_key: str, _settings: Settings, _page: str | None = None) -> Snapshot:
    """The cached body: ``settings_key`` (the settings' repr) is the cache key. A read started
    ahead (``READ_AHEAD``, when installed) is taken, and its age counts in the TTL."""
    ahead = READ_AHEAD
    taken = ahead.take(settings_key) if ahead is not None else None
    started, snapshot = taken if taken is not None else (time.monotonic(), None)
    if snapshot is None:
        snapshot = read_snapshot(_settings, _page)
    if ahead is not None:
        ahead.cached(settings_key, started)
    return snapshot


def _reader(settings: Settings) -> Any:
    # a resource, not data: sessions share the one read-only snapshot instead of unpickling a
    # copy of 100,000 rows on every rerun
    return st.cache_resource(ttl=settings.dashboard_ttl_s, max_entries=4, show_spinner=False)(
        _cached_read
    )


def load_snapshot(settings: Settings, page: str | None = None) -> Snapshot:
    """The snapshot, cached for ``settings.dashboard_ttl_s`` seconds across sessions; a new
    read parses first what ``page`` draws."""
    snapshot: Snapshot = _reader(settings)(repr(settings), settings, page)
    return snapshot


def clear_cache(settings: Settings) -> None:
    """Forget cached reads (and reads started before now) so the next load reads again."""
    if READ_AHEAD is not None:
        READ_AHEAD.cached(repr(settings), None)
    _reader(settings).clear()


def link_for(settings: Settings) -> Callable[[str, str], str]:
    """How a person finds a cell: the backend's ``link`` (it does not touch the workbook)."""
    return open_backend(settings).link


def _quietly(
    derive: Callable[[str, Callable[[], object]], object], name: str, build: Callable[[], object]
) -> None:
    """``derive`` on a ``later`` thread: a failure is not kept, so the page's use raises it."""
    with contextlib.suppress(Exception):
        derive(name, build)
