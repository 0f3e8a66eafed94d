"""Reading the workbook for the dashboard: settings from argv, one cached batch read, no writes.

One read yields a ``Snapshot`` (dashboard/snapshot.py): the typed tables, plus what pages derive
from them once. ``read_snapshot`` parses first the tables the asked page draws; ``load_snapshot``
caches the read across sessions for ``[dashboard] ttl_s`` (and takes a read a page request
started ahead: ``READ_AHEAD``, installed by dashboard/serve/ahead.py).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import streamlit as st

from config.settings import Settings, load_settings
from dashboard import computed
from dashboard.registry import page_spec
from dashboard.snapshot import Snapshot
from jobs.run.options import now as local_now
from sheets_sync import open_backend, parse_workbook
from sheets_sync.tables import ParsedTables

__all__ = ["Snapshot", "clear_cache", "get_settings", "load_snapshot", "read_snapshot"]


def moment_of(settings: Settings) -> dt.datetime:
    """The moment the pages compute for: ``[dashboard] at`` when set (tests and demos: every
    page then agrees with the jobs run ``--at`` that moment), else the local wall-clock time in
    the configured zone."""
    if settings.dashboard_at is not None:
        return settings.dashboard_at.replace(microsecond=0)
    return local_now(settings)


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
    """Read every tab in one batch; start parsing the tables ``page`` draws, in parallel, and
    the others when a page asks for them (validation too: ``Snapshot.findings``).

    Returns once the bot tabs the page shows first are prepared, not waiting for its tables: a
    page waits for a table when it first uses it, so the Overview's KPI cards (from
    ``_metrics``) reach the browser while the 100,000 tasks are still parsed. A sheet that
    cannot be read is then the page's error (app.py shows it), as for any table a page asks for.
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
