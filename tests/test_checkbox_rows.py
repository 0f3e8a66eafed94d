"""A checkbox column (Google Sheets' 插入 › 复选框, Excel's check boxes) fills the rows under the
data with FALSE, an unchecked box. Such a row is blank: no record, no finding, and rows are
appended under the data, not under the boxes (trial22: 617 errors, one 任务编号 empty per row of
boxes, and start-project's tasks at row 1001)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.workbooks import base, findings_of, title

BOXES = 600


def with_boxes(first: bool) -> dict[str, list[list[Any]]]:
    """The base workbook with a checkbox column 已确认 in 任务进度 (first, or last) over its
    rows and ``BOXES`` rows under them holding only an unchecked box."""
    raw = base()
    rows = raw[title("tasks")]
    width = len(rows[0])
    if first:
        rows[:] = [["已确认", *rows[0]], *([True, *r] for r in rows[1:])]
        rows += [[False] + [None] * width for _ in range(BOXES)]
    else:
        rows[:] = [[*rows[0], "已确认"], *([*r, True] for r in rows[1:])]
        rows += [[None] * width + [False] for _ in range(BOXES)]
    return raw


@pytest.mark.parametrize("first", [False, True], ids=["last column", "column A"])
def test_rows_of_unchecked_boxes_are_blank(first: bool) -> None:
    wb, found = findings_of(base())
    boxed, found_boxed = findings_of(with_boxes(first))
    assert len(boxed["tasks"]) == len(wb["tasks"])
    assert [(f.rule, f.value) for f in found_boxed] == [(f.rule, f.value) for f in found]
