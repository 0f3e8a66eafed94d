"""The formula-error scan (sheets_sync/error_cells.py) inflates a sheet's XML a piece at a time
and looks for ``t="e"`` in each piece: a mark cut in two by the pieces is still found, and a
sheet without one gives nothing, whatever the piece size. The same pass finds the formula
cells without a stored result (openpyxl's, scripts', ERP exports'), each named at its cell."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from config.schema import TABS
from sheets_sync import error_cells as scan
from sheets_sync.table import parse_tab
from sheets_sync.xlsx_reader import read_xlsx


def book(path: Path, errors: bool) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "S"
    ws.append(["id", "value"])
    for i in range(200):
        ws.append([f"K{i}", i])
    if errors:  # openpyxl stores these strings as error cells (t="e")
        ws.append(["#N/A", "#DIV/0!"])
    wb.save(path)
    return path.read_bytes()


@pytest.mark.parametrize("piece", [1, 2, 7, 1 << 18])
def test_every_error_cell_is_found_whatever_the_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    monkeypatch.setattr(scan, "_PIECE", piece)
    with_errors = book(tmp_path / "e.xlsx", errors=True)
    assert scan.error_cells(with_errors, "S") == [(201, 0, "#N/A"), (201, 1, "#DIV/0!")]
    assert scan.error_cells(book(tmp_path / "ok.xlsx", errors=False), "S") == []
    assert scan.error_cells(with_errors, "no such sheet") == []


def formula_book(path: Path) -> Path:
    """A 人员 tab written by openpyxl, which stores no formula results: a formula in the
    optional 启用 column (row 2) and in the required 姓名 column (row 3)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "人员"
    ws.append(["人员编号", "姓名", "部门编号", "启用"])
    ws.append(["P1", "张三", "D1", "=TRUE()"])
    ws.append(["P2", '=CONCAT("李","四")', "D1", True])
    ws.append(["P3", "王五", "D1", '=IF(1,"","x")'])
    wb.save(path)
    return path


@pytest.mark.parametrize("piece", [1, 3, 1 << 18])
def test_formula_cells_without_a_result_are_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    monkeypatch.setattr(scan, "_PIECE", piece)
    found = scan.error_cells(formula_book(tmp_path / "f.xlsx").read_bytes(), "人员")
    assert found == [(1, 3, scan.NO_RESULT), (2, 1, scan.NO_RESULT), (3, 3, scan.NO_RESULT)]


def test_an_empty_text_result_is_a_stored_result(tmp_path: Path) -> None:
    """<v></v> of a text formula (t="str", as Excel and LibreOffice write ="") is a result."""
    path = formula_book(tmp_path / "f.xlsx")
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts[sheet]
    at = xml.index(b'<c r="D4"')
    end = xml.index(b"</c>", at) + len(b"</c>")
    cell = xml[at:end]
    fixed = cell.replace(b'<c r="D4"', b'<c r="D4" t="str"').replace(b"<v />", b"<v></v>")
    parts[sheet] = xml[:at] + fixed + xml[end:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert scan.error_cells(path.read_bytes(), "人员") == [
        (1, 3, scan.NO_RESULT),
        (2, 1, scan.NO_RESULT),
    ]


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_a_formula_without_a_result_is_named_at_its_cell(tmp_path: Path, locale: str) -> None:
    tabs = read_xlsx([formula_book(tmp_path / "f.xlsx")])
    table, findings = parse_tab(TABS["people"], "人员", tabs["人员"])
    at = {(f.cell, f.rule): f.message(locale) for f in findings}
    message = (
        "公式没有保存计算结果：请用 Excel / WPS / LibreOffice 打开并保存一次"
        if locale == "zh-CN"
        else "formula without a stored result: open and save the file once in Excel / WPS / "
        "LibreOffice"
    )
    # optional 启用: the finding at its cell, the row kept (the flag read as empty)
    assert at[("D2", "cell.formula_no_result")] == message
    assert at[("D4", "cell.formula_no_result")] == message
    # required 姓名: the finding names the formula, not "is empty", and says the row is out
    # (its fix says "read as empty": trial10 took the row for counted)
    out = (
        "（此列必填：本行未被处理）"
        if locale == "zh-CN"
        else " (a required column: the row is left out)"
    )
    assert at[("B3", "cell.formula_no_result")] == message + out
    assert not [f for f in findings if f.rule == "value.required"]
    assert {f.severity for f in findings if f.rule == "cell.formula_no_result"} == {"error"}
    assert table.columns["person_id"] == ["P1", "P3"]
    assert table.columns["active"] == [None, None]
