"""A department's 措施覆盖率 and 问题遗漏率 (docs/metrics.md, "A department's figures"): over the
template steps of the activities the department has a role in, judged against every matrix row
of those activities; a viewer scoped to a department sees those figures and those rows behind
them on the Overview, never the company's 36 steps against its one matrix row."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from config.settings import KpiSettings, Settings, load_settings
from dashboard import auth
from dashboard.data import read_snapshot
from dashboard.scope import scope_snapshot
from dashboard.views.kpi_rows import rows_behind
from jobs.kpis.measures import KpiValue, measure
from sheets_sync.table import Table
from sheets_sync.workbook import Workbook, parse_workbook
from sheets_sync.xlsx import XlsxBackend
from tests.support.dashboard import point_at, signed_in, texts, unescape

pytestmark = pytest.mark.usefixtures("fresh_dashboard_cache")  # tests/conftest.py

AT = dt.datetime(2026, 11, 27, 9, 0)  # the demo's day
FIXED = f'at = "{AT:%Y-%m-%d %H:%M}"\n'
MATRIX = ("measure_coverage", "omission_rate")


def _settings(book: Path, tmp_path: Path) -> Settings:
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{book.as_posix()}"\n[dashboard]\n{FIXED}', "utf-8")
    return load_settings(str(config))


def _workbook(book: Path, tmp_path: Path) -> Workbook:
    settings = _settings(book, tmp_path)
    return parse_workbook(XlsxBackend(book, settings.bot_workbook).read(), settings)


def _measured(wb: Workbook, kpi: str, depts: frozenset[str] | None) -> KpiValue:
    return measure(wb, pd.DataFrame(), KpiSettings(), AT.date(), kpi, depts=depts)


@pytest.mark.parametrize(
    ("kpi", "depts", "value", "numerator", "denominator", "keys"),
    [
        # T04:3 and T05:3: their matrix rows name two 最终负责, no 责任划分 (trial30)
        ("measure_coverage", None, 0.9167, 33, 36, None),
        ("omission_rate", None, 0.0278, 1, 36, None),
        # 法务部 is consulted on 市场活动 · 方案评审 alone: T06's step 2
        ("measure_coverage", frozenset({"D07"}), 1.0, 1, 1, ("T06:2",)),
        ("omission_rate", frozenset({"D07"}), 0.0, 0, 1, ("T06:2",)),
        ("measure_coverage", frozenset({"NOPE"}), None, 0, 0, ()),  # no role: nothing counted
    ],
)
def test_a_departments_matrix_kpis_count_its_own_steps(
    demo_xlsx: Path, tmp_path: Path, kpi: str, depts: frozenset[str] | None, value: float | None,
    numerator: int, denominator: int, keys: tuple[str, ...] | None,
) -> None:  # fmt: skip
    v = _measured(_workbook(demo_xlsx, tmp_path), kpi, depts)
    assert (v.value, v.numerator, v.denominator) == (value, numerator, denominator)
    if keys is not None:
        assert v.keys == keys


def test_another_departments_row_can_give_a_departments_activity_its_responsible(
    demo_xlsx: Path, tmp_path: Path
) -> None:
    """D07's own row of an activity names no responsible department; a second row of the same
    activity (a duplicate, reported by validate) does: judged on every row, not D07's alone."""
    wb = _workbook(demo_xlsx, tmp_path)
    m = wb["responsibilities"]
    rows = list(m.records())
    i = next(i for i, r in enumerate(rows) if "D07" in (r["consulted"] or ()))
    only_d07 = {**rows[i], "responsible": None, "accountable": None, "informed": None}
    others = {**rows[i], "consulted": None}
    records = [*rows[:i], only_d07, others, *rows[i + 1 :]]
    table = _table_of(m, records)
    changed = Workbook({**wb.tables, "responsibilities": table}, wb.bot, wb.findings)
    d07 = frozenset({"D07"})
    assert _measured(changed, "omission_rate", d07).numerator == 0
    alone = Workbook({**wb.tables, "responsibilities": _table_of(m, [only_d07])}, wb.bot, ())
    gap = _measured(alone, "omission_rate", d07)
    assert (gap.numerator, gap.denominator) == (1, 1)


def _table_of(like: Table, records: list[dict[str, Any]]) -> Table:
    """``like`` holding ``records`` (each row remembering the first row's cells)."""
    keys = list(like.columns)
    return dataclasses.replace(
        like,
        rows=tuple(like.rows[0] for _ in records),
        columns={k: [r[k] for r in records] for k in keys},
    )


def test_a_scoped_snapshot_has_the_departments_figures_and_rows(
    demo_xlsx: Path, tmp_path: Path
) -> None:
    whole = read_snapshot(_settings(demo_xlsx, tmp_path))
    scoped = scope_snapshot(whole, frozenset({"D07"}))
    for kpi, company, department in (
        ("measure_coverage", (0.9167, 33, 36), (1.0, 1, 1)),
        ("omission_rate", (0.0278, 1, 36), (0.0, 0, 1)),
    ):
        mine = next(v for v in scoped.kpis if v.kpi == kpi)
        theirs = next(v for v in whole.kpis if v.kpi == kpi)
        assert (mine.value, mine.numerator, mine.denominator) == department
        assert (theirs.value, theirs.numerator, theirs.denominator) == company
        assert rows_behind(scoped, mine)["key"].tolist() == ["T06:2"]  # the drill-down


def test_a_scoped_viewers_overview_shows_the_departments_coverage(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth, "_FAIL_DELAY_S", 0.0)
    point_at(demo_xlsx, tmp_path, monkeypatch, FIXED + 'auth = "password"\nviewer_dept = true\n')
    at = signed_in({"alice": {"password": "a-pw", "depts": ["D07"]}}, "alice")
    assert not at.exception
    cards = {m.label: m for m in at.metric}
    assert cards["措施覆盖率"].value == "100.0%"
    assert cards["问题遗漏率"].value == "0.0%"
    shown = [unescape(t) for t in texts(at)]
    assert not any("/ 36" in t for t in shown), [t for t in shown if "/ 36" in t]
