"""A finding shows the cell's value as the person typed it (trial finding E3): an xlsx file
keeps every number as a float, so a merged step number 2 was echoed as 「2.0」; a whole number
is shown whole, a fraction and a text as they are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from config.schema import TABS
from sheets_sync.finding import Finding
from sheets_sync.table import parse_tab
from sheets_sync.xlsx_reader import read_xlsx


@pytest.mark.parametrize(
    ("value", "shown"),
    [(2.0, "2"), (-3.0, "-3"), (0.0, "0"), (2.5, "2.5"), (2, "2"), ("2.0", "2.0"),
     (None, ""), (True, "True"), (float("nan"), "nan"), (1e20, "100000000000000000000")],
)  # fmt: skip
def test_a_value_is_shown_as_typed(value: Any, shown: str) -> None:
    f = Finding("任务进度", "C2", value, "cell.merged", {"range": "C2:C3"})
    assert f.as_row()["value"] == shown
    assert f.message() == f"合并单元格 C2:C3 的值「{shown}」用于其覆盖的每一行"


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("zh-CN", "合并单元格 C2:C3 的值「2」用于其覆盖的每一行"),
        ("en", 'merged cell C2:C3: its value "2" is used in every row it covers'),
    ],
)
def test_a_merged_step_number_is_said_as_typed(tmp_path: Path, locale: str, text: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "任务进度"
    ws.append(["任务编号", "项目编号", "步骤序号", "步骤名称", "部门编号"])
    ws.append(["T1", "PJ1", 2, "评审", "D1"])
    ws.append(["T2", "PJ1", None, "评审", "D2"])
    ws.merge_cells("C2:C3")
    wb.save(tmp_path / "m.xlsx")
    raw = read_xlsx([tmp_path / "m.xlsx"])["任务进度"]
    tasks, found = parse_tab(TABS["tasks"], "任务进度", raw)
    assert list(tasks.column("step")) == [2, 2]
    (merged,) = [f for f in found if f.rule == "cell.merged"]
    assert (merged.cell, merged.message(locale)) == ("C2", text)
    assert merged.as_row(locale)["value"] == "2"
