"""Driving the dashboard through Streamlit's AppTest: start it on a config, open pages, read
what they show, and the KPI values the jobs compute to compare with."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from config.defaults import KPI_DEFAULTS
from config.settings import load_settings
from dashboard.serve import ahead
from jobs.kpis.measures import KpiValue, metrics
from jobs.sla.status import sla_of
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"  # launch.ASGI wraps it


def forget_reads() -> None:
    """Empty Streamlit's caches and the reads started ahead (dashboard/serve/ahead.py)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    ahead.forget()


def point_at(book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str = "") -> Path:
    """A config in ``tmp_path`` for the workbook ``book``, used by the app; returns ``book``."""
    config = tmp_path / "collabsheet.toml"
    config.write_text(
        f'[workbook]\npath = "{book.as_posix()}"\n\n[dashboard]\nttl_s = 3600\n{extra}',
        encoding="utf-8",
    )
    monkeypatch.setenv("COLLABSHEET_CONFIG", str(config))
    return book


def start() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=60).run()


def open_page(at: AppTest, page: str) -> AppTest:
    return at.switch_page(page).run()


def frames(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def texts(at: AppTest) -> list[str]:
    """Every text that Streamlit renders as markdown (titles, captions, alerts, metrics…)."""
    out: list[str] = []
    for kind in (
        "markdown",
        "caption",
        "title",
        "header",
        "subheader",
        "error",
        "warning",
        "info",
        "success",
        "exception",
    ):
        out.extend(str(e.value) for e in getattr(at, kind))
    for m in at.metric:
        out.extend(str(getattr(m.proto, f)) for f in ("label", "delta", "help"))
    out.extend(str(e.proto.label) for e in at.expander)
    out.extend(str(tab.label) for tab in at.tabs)
    for t in at.table:  # st.table renders every cell, header and row label as markdown
        out.extend(str(v) for v in (*t.value.to_numpy().ravel(), *t.value.index, *t.value.columns))
    return out


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def frame_with(at: AppTest, header: str) -> pd.DataFrame:
    """The first table that has a column ``header``."""
    for frame in frames(at):
        if header in frame.columns:
            return frame
    raise AssertionError(f"no table with {header!r} among {[list(f.columns) for f in frames(at)]}")


def read_moment(at: AppTest) -> dt.datetime:
    """The 'data read at' time the sidebar shows (the moment the dashboard computed for)."""
    text = unescape(at.sidebar.caption[0].value)
    return dt.datetime.fromisoformat(text.split(" ", 1)[1].strip())


def job_values(book: Path, now: dt.datetime) -> list[KpiValue]:
    """The KPIs as the metrics job computes them for this workbook at ``now``."""
    settings = load_settings()
    wb = parse_workbook(XlsxBackend(book, settings.bot_workbook).read(), settings)
    sla = sla_of(wb, settings.sla_section, now).result
    return metrics(wb, sla, settings.kpi_section, now.date())


def shown_as(v: KpiValue, en: bool = False) -> str:
    """How the Overview must show a job's value (written out here, not taken from the app)."""
    if v.value is None:
        return "n/a"
    unit = KPI_DEFAULTS[v.kpi].unit
    if unit == "%":
        return f"{v.value * 100:,.1f}%"
    word = {"h": ("小时", "h"), "d": ("天", "d"), "pt": ("分", "pts")}[unit][en]
    return f"{v.value:,.1f} {word}"
