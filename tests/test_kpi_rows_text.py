"""The rows behind a KPI card hold text in their 内容 and 说明 columns (trial 6, item 12): a
retrospective's 整改完成时间 next to a dispute's status made one mixed column that Arrow could
not convert, and Streamlit logged a traceback each time the Overview's expander was opened."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
import streamlit

from config.defaults import KPI_DEFAULTS
from config.settings import Settings
from dashboard.snapshot import Snapshot
from dashboard.views import kpi_rows
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend, write_xlsx
from tests.support.dashboard import point_at, start
from tests.support.demo import DEMO_DAY, Tabs

pytestmark = pytest.mark.usefixtures("fresh_dashboard_cache")


@pytest.fixture
def demo_snapshot(demo_xlsx: Path) -> Snapshot:
    settings = Settings()
    workbook = parse_workbook(XlsxBackend(demo_xlsx).read(), settings)
    return Snapshot(workbook, dt.datetime.combine(DEMO_DAY, dt.time(12)), settings)


def _kinds(column: pd.Series) -> set[str]:
    return {type(v).__name__ for v in column if v is not None}


def test_every_kpis_rows_hold_text_in_label_and_detail(demo_snapshot: Snapshot) -> None:
    traced = 0
    for v in demo_snapshot.kpis:
        rows = kpi_rows.rows_behind(demo_snapshot, v)
        traced += len(rows)
        for column in ("label", "detail"):
            assert _kinds(rows[column]) <= {"str"}, (v.kpi, column, _kinds(rows[column]))
        pa.Table.from_pandas(rows)  # raised ArrowTypeError for resolution_rate
    assert traced > 100  # the demo has rows behind its KPIs


@pytest.mark.parametrize(
    ("kpi", "key", "detail"),
    [
        ("resolution_rate", "R0001", "2026-02-06 10:06"),  # 复盘's 整改完成时间, to the minute
        ("satisfaction", "S00089", "5"),  # 满意度调研's 总体满意度, a number
    ],
)
def test_a_detail_is_the_cells_text(
    demo_snapshot: Snapshot, kpi: str, key: str, detail: str
) -> None:
    v = next(k for k in demo_snapshot.kpis if k.kpi == kpi)
    rows = kpi_rows.rows_behind(demo_snapshot, v).set_index("key")
    assert rows.loc[key, "detail"] == detail


@pytest.fixture
def all_done_xlsx(demo_tabs: Tabs, tmp_path: Path) -> Path:
    """The demo workbook with every 整改 done (as in the trial): no blank 整改完成时间 turns the
    column into text on the way to the grid (widgets.blanked), so 问题解决率's 说明 holds
    times next to the disputes' statuses."""
    rows = demo_tabs["复盘"]
    done, due, state = (rows[0].index(h) for h in ("整改完成时间", "整改期限", "整改状态"))
    for row in rows[1:]:
        if row[done] in (None, ""):
            row[done], row[state] = row[due] or dt.datetime(2026, 11, 20, 10, 0), "已完成"
    book = tmp_path / "demo.xlsx"
    write_xlsx(book, demo_tabs)
    return book


def test_the_overview_hands_streamlit_frames_arrow_converts(
    all_done_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Open every card's rows: each frame given to st.dataframe converts to an Arrow table as
    it is (Streamlit otherwise logs the failure and converts its columns to text itself)."""
    point_at(all_done_xlsx, tmp_path, monkeypatch)
    handed: list[tuple[str, pd.DataFrame]] = []
    shown = streamlit.dataframe
    opened = ""

    def spy(data: Any, *args: Any, **kwargs: Any) -> Any:
        handed.append((opened, data))
        return shown(data, *args, **kwargs)

    monkeypatch.setattr(streamlit, "dataframe", spy)
    at = start()
    for kpi in KPI_DEFAULTS:
        opened = kpi
        at.session_state[f"kpi_rows_{kpi}"] = True
        at.run()
        assert not at.exception, kpi
        at.session_state[f"kpi_rows_{kpi}"] = False
    traces = [(kpi, f) for kpi, f in handed if "说明" in f.columns]
    assert {kpi for kpi, _ in traces} >= {"resolution_rate", "recurrence_rate", "satisfaction"}
    assert [kpi for kpi, frame in traces if not _converts(frame)] == []
    assert [kpi for kpi, frame in traces if _kinds(frame["说明"]) - {"str"}] == []


def _converts(frame: pd.DataFrame) -> bool:
    """Whether Arrow converts the frame as it is (what Streamlit tries first)."""
    try:
        pa.Table.from_pandas(frame)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return False
    return True
