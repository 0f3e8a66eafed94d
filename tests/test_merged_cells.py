"""Merged cells (issue 15, item 4): a project id merged down its tasks, a department over its
people. The value of a vertically merged range below the header is read in every row it
covers, and the range is named once (``cell.merged``, info) at its first cell; a merge in the
title or header row changes nothing. The ranges come from the sheet XML, in the same pass as
the formula-error scan (sheets_sync/error_cells.py)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from config.schema import TABS
from sheets_sync import error_cells as scan
from sheets_sync.table import parse_tab
from sheets_sync.xlsx_reader import read_xlsx

TASK_HEADER = ["任务编号", "项目编号", "步骤序号", "步骤名称", "部门编号"]


def merged_book(path: Path, formula: bool = False) -> Path:
    """任务进度: a title merged across row 1, the header in row 2, PJ0001 merged down B3:B5
    and PJ0002 down B6:B7. 人员: D1 merged over C2:C4, D2 in C5 (``formula``: a formula
    without a stored result in 启用, so the scan reads the whole sheet)."""
    wb = openpyxl.Workbook()
    tasks = wb.active
    assert tasks is not None
    tasks.title = "任务进度"
    tasks.append(["2026年第四季度任务进度表"])
    tasks.merge_cells("A1:E1")
    tasks.append(TASK_HEADER)
    for i, project in enumerate(["PJ0001", None, None, "PJ0002", None]):
        tasks.append([f"T{i + 1}", project, i + 1, f"步骤{i + 1}", "D1"])
    tasks.merge_cells("B3:B5")
    tasks.merge_cells("B6:B7")
    people = wb.create_sheet("人员")
    people.append(["人员编号", "姓名", "部门编号", "启用"])
    people.append(["P1", "张三", "D1", "=TRUE()" if formula else True])
    people.append(["P2", "李四", None, True])
    people.append(["P3", "王五", None, True])
    people.append(["P4", "赵六", "D2", True])
    people.merge_cells("C2:C4")
    wb.save(path)
    return path


@pytest.mark.parametrize("formula", [False, True])
def test_a_merged_value_is_read_in_every_row_it_covers(tmp_path: Path, formula: bool) -> None:
    tabs = read_xlsx([merged_book(tmp_path / "m.xlsx", formula)])
    tasks, found = parse_tab(TABS["tasks"], "任务进度", tabs["任务进度"])
    assert tasks.rows == (3, 4, 5, 6, 7)
    assert list(tasks.column("project_id")) == ["PJ0001"] * 3 + ["PJ0002"] * 2
    merged = [(f.cell, f.value, f.params["range"]) for f in found if f.rule == "cell.merged"]
    assert merged == [("B3", "PJ0001", "B3:B5"), ("B6", "PJ0002", "B6:B7")]  # not A1:E1
    assert {f.rule for f in found} == {"cell.merged", "header.rows_skipped"}

    people, found = parse_tab(TABS["people"], "人员", tabs["人员"])
    assert list(people.column("dept_id")) == ["D1", "D1", "D1", "D2"]
    assert [(f.cell, f.rule, f.severity) for f in found if f.rule != "cell.formula_no_result"] == [
        ("C2", "cell.merged", "info")
    ]


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("zh-CN", "合并单元格 C2:C4 的值「D1」用于其覆盖的每一行"),
        ("en", 'merged cell C2:C4: its value "D1" is used in every row it covers'),
    ],
)
def test_each_merged_range_is_named_once(tmp_path: Path, locale: str, text: str) -> None:
    tabs = read_xlsx([merged_book(tmp_path / "m.xlsx")])
    _, found = parse_tab(TABS["people"], "人员", tabs["人员"])
    assert [f.message(locale) for f in found] == [text]
    assert found[0].as_row(locale)["cell"] == "C2"


@pytest.mark.parametrize(("piece", "tail"), [(1, 1), (3, 64), (1 << 18, 1 << 23)])
def test_the_ranges_are_found_whatever_the_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece: int, tail: int
) -> None:
    monkeypatch.setattr(scan, "_PIECE", piece)
    monkeypatch.setattr(scan, "_TAIL", tail)
    book = merged_book(tmp_path / "m.xlsx").read_bytes()
    cells, merges = scan.sheet_scan(book, "任务进度")
    assert (cells, sorted(merges)) == ([], [(0, 0, 0, 4), (2, 1, 4, 1), (5, 1, 6, 1)])
    assert scan.sheet_scan(book, "人员") == ([], [(1, 2, 3, 2)])
    assert scan.sheet_scan(book, "no such sheet") == ([], [])


def test_a_header_of_two_rows_with_merged_cells_is_read_as_one(tmp_path: Path) -> None:
    """trial20: A–F and K–M merged down rows 2–3, 时间节点 merged over G2:J2 with 交接时间 /
    响应时间 / 截止时间 / 完成时间 in row 3 under it (a common layout): every due time went
    unread, row 3 was an error (任务编号 empty) and H2:J2 were header.blank. Now one header,
    said once, the tasks under it read whole."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "任务进度"
    ws.append(["2026年第四季度任务进度表"])
    ws.merge_cells("A1:M1")
    ws.append(["任务编号", "项目编号", "步骤序号", "步骤名称", "部门编号", "执行人", "时间节点",
               None, None, None, "状态", "卡点", "备注"])  # fmt: skip
    ws.append([None] * 6 + ["交接时间", "响应时间", "截止时间", "完成时间"])
    for c in "ABCDEFKLM":
        ws.merge_cells(f"{c}2:{c}3")
    ws.merge_cells("G2:J2")
    ws.append(["T1", "PJ1", 1, "需求", "D01", "P001", "2026-12-01 09:00", None,
               "2026-12-09 18:00", None, "进行中"])  # fmt: skip
    ws.append(["T2", "PJ1", 2, "开发", "D02", "P002", "2026-12-02 09:00", "2026-12-02 10:00",
               "2026-12-20 18:00", None, "进行中"])  # fmt: skip
    path = tmp_path / "two.xlsx"
    wb.save(path)
    tasks, found = parse_tab(TABS["tasks"], "任务进度", read_xlsx([path])["任务进度"])
    assert tasks.rows == (4, 5)
    assert [str(d) for d in tasks.column("due_at")] == [
        "2026-12-09 18:00:00",
        "2026-12-20 18:00:00",
    ]
    assert tasks.positions["handed_off_at"] == 6 and tasks.positions["done_at"] == 9
    assert [(f.cell, f.rule) for f in found] == [
        ("A1", "header.rows_skipped"), ("G3", "header.two_rows")
    ]  # fmt: skip
    assert (
        found[1].message()
        == "表头占两行：第 3 行的「交接时间」等列名按各自的列读取，这一行不作为数据"
    )


def test_a_name_in_the_second_header_row_is_said_at_its_own_cell(tmp_path: Path) -> None:
    """A common name (到期日) or another unit under 时间节点 is in row 3: its finding named
    row 2's cell, the merged 时间节点 (G2:J2), where no such name is."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "任务进度"
    ws.append(["任务编号", "项目编号", "步骤序号", "步骤名称", "部门编号", "执行人", "时间节点",
               None, None, "状态"])  # fmt: skip
    ws.append([None] * 6 + ["交接时间", "响应时间", "到期日"])
    ws.merge_cells("G1:I1")
    ws.append(["T1", "PJ1", 1, "需求", "D01", "P001", "2026-12-01 09:00", None,
               "2026-12-09 18:00", "进行中"])  # fmt: skip
    path = tmp_path / "two.xlsx"
    wb.save(path)
    tasks, found = parse_tab(TABS["tasks"], "任务进度", read_xlsx([path])["任务进度"])
    assert [str(d) for d in tasks.column("due_at")] == ["2026-12-09 18:00:00"]
    assert [(f.cell, f.rule, f.value) for f in found] == [
        ("G2", "header.two_rows", "交接时间"), ("I2", "header.read_as", "到期日")
    ]  # fmt: skip
