"""Reading the workbook for the dashboard: settings from argv, one cached batch read, no writes."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from config.settings import Settings, load_settings
from jobs.validation import validate
from sheets_sync import open_backend, parse_workbook
from sheets_sync.finding import Finding
from sheets_sync.workbook import Workbook


@dataclass(frozen=True)
class Snapshot:
    """The workbook as read at one moment, with live findings when there is no ``_checks`` tab."""

    workbook: Workbook
    read_at: dt.datetime
    findings: tuple[Finding, ...] | None = None


def config_arg(argv: Sequence[str]) -> str | None:
    """The ``--config PATH`` given after ``streamlit run app.py --``; unknown arguments ignored."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--config", default=None)
    known, _ = parser.parse_known_args(list(argv))
    return known.config or None


def get_settings(argv: Sequence[str]) -> Settings:
    """Settings from ``--config``, else ``$COLLABSHEET_CONFIG``, else the defaults."""
    return load_settings(config_arg(argv))


def read_snapshot(settings: Settings) -> Snapshot:
    """Read every tab in one batch and parse it; validate only if ``_checks`` is absent."""
    raw = open_backend(settings).read()
    read_at = dt.datetime.now(settings.zone).replace(tzinfo=None, microsecond=0)
    wb = parse_workbook(raw, settings)
    findings = None if "_checks" in wb.bot else tuple(validate(wb))
    return Snapshot(wb, read_at, findings)


def _cached_read(settings_key: str, _settings: Settings) -> Snapshot:
    """The cached body: ``settings_key`` (the settings' repr) is the cache key."""
    return read_snapshot(_settings)


def _reader(settings: Settings) -> Any:
    return st.cache_data(ttl=settings.dashboard_ttl_s, show_spinner=False)(_cached_read)


def load_snapshot(settings: Settings) -> Snapshot:
    """The snapshot, cached for ``settings.dashboard_ttl_s`` seconds across sessions."""
    snapshot: Snapshot = _reader(settings)(repr(settings), settings)
    return snapshot


def clear_cache(settings: Settings) -> None:
    """Forget cached reads so the next load reads the workbook again."""
    _reader(settings).clear()


def link_for(settings: Settings) -> Callable[[str, str], str]:
    """How a person finds a cell: the backend's ``link`` (it does not touch the workbook)."""
    return open_backend(settings).link


def bot_records(wb: Workbook, title: str) -> list[dict[str, Any]] | None:
    """A bot tab as records keyed by its header (None when the tab is absent)."""
    rows: Sequence[Sequence[Any]] | None = wb.bot.get(title)
    if rows is None:
        return None
    if not rows:
        return []
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    out: list[dict[str, Any]] = []
    for row in rows[1:]:
        if all(v is None or v == "" for v in row):
            continue
        out.append({h: (row[j] if j < len(row) else None) for j, h in enumerate(header) if h})
    return out


def status_counts(values: Sequence[Any], order: Sequence[str]) -> Mapping[str | None, int]:
    """Count of each status in schema order (zeros kept), then blank and unknown values."""
    counts: dict[str | None, int] = dict.fromkeys(order, 0)
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return counts
