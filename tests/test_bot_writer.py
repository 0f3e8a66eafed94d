"""The bot workbook's writer (xlsxwriter, sheets_sync/xlsx_writer.py): every value reads back
as it was meant, text stays text, the write is atomic and other bot tabs are kept."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheets_sync import xlsx, xlsx_sheet, xlsx_writer
from sheets_sync.xlsx import XlsxBackend, write_bot_workbook, write_xlsx
from sheets_sync.xlsx_reader import read_xlsx

LONG = "长" * 20_000 + "x" * 10_000  # 30,000 characters: within Excel's 32,767
CUT = "y" * 40_000  # beyond Excel's limit for one cell: cut to 32,767, as before

# (value written, value read back); an empty cell reads back as ""
CASES: list[tuple[str, Any, Any]] = [
    ("none", None, ""),
    ("empty text", "", ""),
    ("space", " ", " "),
    ("true", True, True),
    ("false", False, False),
    ("zero", 0, 0.0),
    ("negative int", -3, -3.0),
    ("float", 1.5, 1.5),
    ("2**53", 2**53, float(2**53)),
    ("huge", 1e300, 1e300),
    ("nan", float("nan"), ""),
    ("inf", float("inf"), ""),
    ("formula text", "=SUM(A1:A3)", "=SUM(A1:A3)"),
    ("formula-like", "=1+1", "=1+1"),
    ("plus", "+123", "+123"),
    ("at", "@x", "@x"),
    ("leading zeros", "0012", "0012"),
    ("number text", "1e5", "1e5"),
    ("error text", "#REF!", "#REF!"),
    ("url text", "https://example.invalid/a?b=1", "https://example.invalid/a?b=1"),
    ("chinese", "逾期：请尽快处理", "逾期：请尽快处理"),
    ("newline", "line\nbreak", "line\nbreak"),
    ("edge spaces", " lead and trail ", " lead and trail "),
    ("control chars", "a\x01b\x1fc", "abc"),
    ("escape-like", "_x0041_", "_x0041_"),
    ("long text", LONG, LONG),
    ("too long text", CUT, CUT[:32_767]),
    ("tuple", ("P01", "P02"), "P01、P02"),
    ("date", dt.date(2026, 11, 27), dt.date(2026, 11, 27)),
    ("datetime", dt.datetime(2026, 11, 27, 8, 30, 15), dt.datetime(2026, 11, 27, 8, 30, 15)),
    ("midnight", dt.datetime(2026, 11, 27), dt.date(2026, 11, 27)),
    ("old date", dt.date(1970, 1, 1), dt.date(1970, 1, 1)),
    (
        "milliseconds",
        dt.datetime(2026, 1, 2, 3, 4, 5, 123000),
        dt.datetime(2026, 1, 2, 3, 4, 5, 123000),
    ),
    ("numpy int", np.int64(7), 7.0),
    ("numpy float", np.float64(2.5), 2.5),
    ("numpy bool", np.bool_(True), True),
    ("timestamp", pd.Timestamp("2026-01-02 03:04:05"), dt.datetime(2026, 1, 2, 3, 4, 5)),
    ("NaT", pd.NaT, ""),
]


@pytest.fixture
def backend(tmp_path: Path) -> XlsxBackend:
    book = tmp_path / "book.xlsx"
    write_xlsx(book, {"tasks": [["task_id"], ["K1"]]})
    return XlsxBackend(book)


def same(got: Any, want: Any) -> bool:
    return type(got) is type(want) and got == want


@pytest.mark.parametrize(("value", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_value_reads_back_as_meant(backend: XlsxBackend, value: Any, expected: Any) -> None:
    backend.write({"_checks": [["before", "value", "after"], ["a", value, "b"]]})
    rows = backend.read()["_checks"]
    assert rows[0] == ["before", "value", "after"]
    assert rows[1][0] == "a" and rows[1][2] == "b"
    assert same(rows[1][1], expected), (rows[1][1], expected)


def test_all_values_in_one_row_read_back_as_the_openpyxl_writer_gave_them(tmp_path: Path) -> None:
    """The old writer (openpyxl) and the new one agree cell for cell, except where the old one
    lost something (a space-only text, the literal text _x0041_, numpy's bool)."""
    old_lost = {"space", "escape-like", "numpy bool"}
    kept = [c for c in CASES if c[0] not in old_lost]
    tabs = {"_x": [[c[0] for c in kept], [c[1] for c in kept]]}
    write_xlsx(tmp_path / "old.xlsx", tabs)
    write_bot_workbook(tmp_path / "new.xlsx", tabs)
    old = read_xlsx([tmp_path / "old.xlsx"]).wait()["_x"]
    new = read_xlsx([tmp_path / "new.xlsx"]).wait()["_x"]
    assert new == old
    assert new[1] == [c[2] for c in kept]


@pytest.mark.parametrize("text", ["=1+1", "=SUM(A1:A3)", '=HYPERLINK("x")', "=", "=A1"])
def test_text_starting_with_equals_is_a_text_cell_not_a_formula(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bot.xlsx"
    write_bot_workbook(path, {"_checks": [["value"], [text]]})
    cell = openpyxl.load_workbook(path)["_checks"]["A2"]
    assert cell.data_type == "s"
    assert cell.value == text


def test_a_mixed_column_keeps_each_cells_type(tmp_path: Path) -> None:
    """Numbers and dates in one column (a finding's value): each keeps its own format."""
    values = [2, dt.date(2026, 1, 2), 45000, dt.datetime(2026, 1, 2, 3, 4), 0.5, "x", True]
    path = tmp_path / "bot.xlsx"
    write_bot_workbook(path, {"_checks": [["value"], *([v] for v in values)]})
    got = [r[0] for r in read_xlsx([path]).wait()["_checks"][1:]]
    assert got == [2.0, dt.date(2026, 1, 2), 45000.0, dt.datetime(2026, 1, 2, 3, 4), 0.5, "x", True]
    assert [type(v) for v in got] == [float, dt.date, float, dt.datetime, float, str, bool]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], []),
        ([["run_id", "outcome"]], [["run_id", "outcome"]]),
        (
            [["a", "b"], ["x"], ["y", "z", "extra"]],
            [["a", "b", ""], ["x", "", ""], ["y", "z", "extra"]],
        ),
        ([["a", "a"], [1, 2]], [["a", "a"], [1.0, 2.0]]),
        ([["a"], [None], ["z"]], [["a"], [""], ["z"]]),
    ],
    ids=["no rows", "header only", "ragged", "repeated header", "blank row"],
)
def test_tab_shapes_are_kept(tmp_path: Path, rows: list[list[Any]], expected: Any) -> None:
    path = tmp_path / "bot.xlsx"
    write_bot_workbook(path, {"_t": rows})
    assert read_xlsx([path]).wait()["_t"] == expected


def test_writing_some_tabs_keeps_the_other_bot_tabs(backend: XlsxBackend) -> None:
    backend.write({"_checks": [["tab"], ["tasks"]], "_runs": [["run_id"], ["r1"]]})
    backend.write({"_runs": [["run_id"], ["r1"], ["r2"]]})
    tabs = backend.read()
    assert tabs["_checks"] == [["tab"], ["tasks"]]
    assert tabs["_runs"] == [["run_id"], ["r1"], ["r2"]]
    assert tabs["tasks"] == [["task_id"], ["K1"]]


def test_a_failed_write_leaves_the_bot_workbook_as_it_was(backend: XlsxBackend) -> None:
    backend.write({"_checks": [["tab"], ["tasks"]]})
    before = backend.bot_path.read_bytes()
    aware = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)  # xlsx has no time zones: refused
    with pytest.raises(TypeError):
        backend.write({"_runs": [["started_at"], *[[i] for i in range(5000)], [aware]]})
    assert backend.bot_path.read_bytes() == before
    assert sorted(p.name for p in backend.bot_path.parent.iterdir()) == sorted(
        ["book.xlsx", "book.bot.xlsx", ".book.bot.xlsx.lock"]
    )


def test_the_bot_workbook_is_written_by_xlsxwriter_and_the_human_one_is_not(
    backend: XlsxBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = xlsx_writer.write_bot_xlsx

    def spy(filename: str, tabs: Any) -> None:
        calls.append(filename)
        real(filename, tabs)

    monkeypatch.setattr(xlsx, "write_bot_xlsx", spy)
    human = backend.path.read_bytes()
    backend.write({"_checks": [["tab"], ["tasks"]]})
    assert len(calls) == 1 and Path(calls[0]).parent == backend.bot_path.parent
    assert not Path(calls[0]).exists()  # the temp file was renamed over the bot workbook
    assert backend.path.read_bytes() == human
    assert openpyxl.load_workbook(backend.bot_path).sheetnames == ["_checks"]


def test_a_replaced_tab_keeps_its_place_and_is_not_decoded(
    backend: XlsxBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sheets_sync.xlsx_reader import PendingTabs

    backend.write({"_checks": [["a"], [1]], "_sla": [["b"], [2]], "_runs": [["c"], [3]]})
    decoded: list[str] = []
    real = PendingTabs._decode

    def spy(self: PendingTabs, title: str) -> Any:
        decoded.append(title)
        return real(self, title)

    monkeypatch.setattr(PendingTabs, "_decode", spy)
    backend.write({"_sla": [["b"], [20]], "_metrics": [["d"], [4]]})
    assert sorted(decoded) == ["_checks", "_runs"]
    assert openpyxl.load_workbook(backend.bot_path).sheetnames == [
        "_checks", "_sla", "_runs", "_metrics"
    ]  # fmt: skip
    tabs = read_xlsx([backend.bot_path]).wait()
    assert tabs == {
        "_checks": [["a"], [1.0]], "_sla": [["b"], [20.0]], "_runs": [["c"], [3.0]],
        "_metrics": [["d"], [4.0]],
    }  # fmt: skip


# the fast path (sheets_sync/xlsx_sheet.py) against xlsxwriter writing every cell itself; the
# first tab puts the date formats into styles.xml in the order the fast path's skeleton does
# (its second row makes xlsxwriter write the first one out at once, before the other tabs)
FORMATS = {"_first": [[dt.date(2000, 1, 1), dt.datetime(2000, 1, 1, 12)], ["x"]]}


def parts(path: Path) -> dict[str, bytes]:
    """Every part of the file but docProps/core.xml (it holds the time of writing)."""
    with zipfile.ZipFile(path) as book:
        return {n: book.read(n) for n in book.namelist() if n != "docProps/core.xml"}


def same_as_xlsxwriter(tmp_path: Path, tabs: dict[str, Any]) -> None:
    tabs = {**FORMATS, **tabs}
    xlsx_writer.write_bot_xlsx(str(tmp_path / "fast.xlsx"), tabs)
    xlsx_writer.write_cells(str(tmp_path / "cells.xlsx"), tabs)
    assert parts(tmp_path / "fast.xlsx") == parts(tmp_path / "cells.xlsx")


def test_every_value_is_the_xml_xlsxwriter_writes(tmp_path: Path) -> None:
    values = [c[1] for c in CASES] + ["a\rb", "\r", " \u3000", "\x01", "tab\t", "_x00d_", '&<>"']
    same_as_xlsxwriter(tmp_path, {"_x": [[c[0] for c in CASES], values, values[::-1]]})


def test_cell_references_and_dimension_are_xlsxwriters(tmp_path: Path) -> None:
    wide = [f"c{i}" for i in range(60)]
    same_as_xlsxwriter(tmp_path, {
        "_wide": [wide, [None, *wide[1:]], [], [None] * 70],
        "_offset": [[None, None], [None, "x", None, 5.0], [None], [None, None, True]],
        "_one": [[None], [None, "x"]], "_blank": [[None, "", float("nan")]], "_none": [],
    })  # fmt: skip


cell_values = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**53), 2**53), st.floats(allow_nan=True),
    st.text().filter(lambda s: not (s.startswith("<r>") and s.endswith("</r>"))),
    st.dates(), st.datetimes(min_value=dt.datetime(1900, 1, 1)),
    st.tuples(st.text(max_size=3), st.integers(0, 9)),
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(cell_values, max_size=8), max_size=6))
def test_random_rows_are_the_xml_xlsxwriter_writes(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[Any]]
) -> None:
    same_as_xlsxwriter(tmp_path_factory.mktemp("random"), {"_r": rows})


def test_rich_text_markup_stays_plain_text(tmp_path: Path) -> None:
    """xlsxwriter would write a text shaped like <r>…</r> as raw XML; the fast path escapes it."""
    path = tmp_path / "bot.xlsx"
    write_bot_workbook(path, {"_checks": [["v"], ["<r>x</r>"], ["<r><t>y</t></r>"]]})
    assert read_xlsx([path]).wait()["_checks"] == [["v"], ["<r>x</r>"], ["<r><t>y</t></r>"]]


def test_an_aware_timestamp_fails_the_write(backend: XlsxBackend) -> None:
    backend.write({"_checks": [["tab"], ["tasks"]]})
    before = backend.bot_path.read_bytes()
    with pytest.raises(TypeError):
        backend.write({"_sla": [["due_at"], [pd.Timestamp("2026-01-02", tz="Asia/Shanghai")]]})
    assert backend.bot_path.read_bytes() == before


@pytest.mark.parametrize("why", ["unexpected skeleton", "too many rows"])
def test_xlsxwriter_writes_every_cell_when_the_fast_path_cannot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    if why == "unexpected skeleton":
        monkeypatch.setattr(xlsx_writer, "_TEMPLATE", xlsx_writer.re.compile("never"))
    else:
        monkeypatch.setattr(xlsx_sheet, "MAX_ROWS", 2)
    calls: list[str] = []
    real = xlsx_writer.write_cells

    def spy(filename: str, tabs: Any) -> None:
        calls.append(filename)
        real(filename, tabs)

    monkeypatch.setattr(xlsx_writer, "write_cells", spy)
    rows: list[list[Any]] = [["a", "b"], ["=1+1", 2], [dt.date(2026, 1, 2), None]]
    write_bot_workbook(tmp_path / "bot.xlsx", {"_t": rows})
    assert len(calls) == 1
    assert read_xlsx([tmp_path / "bot.xlsx"]).wait()["_t"] == [
        ["a", "b"], ["=1+1", 2.0], [dt.date(2026, 1, 2), ""]
    ]  # fmt: skip


@pytest.mark.parametrize("writer", ["write_bot_xlsx", "write_cells"])
def test_the_header_row_is_frozen_and_columns_fit_their_text(tmp_path: Path, writer: str) -> None:
    """A tab people open: its header stays in view, a column is as wide as its header and
    first rows need (a Chinese character counts double), within 8 and 60."""
    path = tmp_path / "bot.xlsx"
    long = "交接 2026-11-24 10:00，表格中只填了截止日期，算到当天结束 → 截止 11-26 23:59"
    tabs = {"_sla": [["编号", "截止时间说明", "时限（小时）"], ["completion:T1", long, 24.0],
                     ["x", "y" * 200, 1.5]]}  # fmt: skip
    getattr(xlsx_writer, writer)(str(path), tabs)
    ws = openpyxl.load_workbook(path)["_sla"]
    assert ws.freeze_panes == "A2"
    widths = [ws.column_dimensions[c].width for c in "ABC"]
    assert widths[0] >= len("completion:T1") + 2
    assert widths[1] == pytest.approx(60, abs=1)  # capped
    assert 14 <= widths[2] <= 20  # 时限（小时）: six wide characters
