"""The header row is found where people put it (issue 15, item 1): title, blank and note rows
above it are skipped and named once; every finding still points at the sheet's real cell; a
tab with no header row, or without a required column, says so once and gives no rows."""

from __future__ import annotations

from typing import Any

import pytest

from config.schema import TABS
from config.settings import Settings
from sheets_sync.table import parse_tab
from tests.support.workbooks import base, base_count, base_rows, col, findings_of, title

TITLE = "2026年第四季度任务进度表"
ONLY = "only"  # drop: the tab is only the rows given, no base rows


def rows_with(key: str, above: list[list[Any]], drop: str | None = None) -> list[list[Any]]:
    """The base rows of tab ``key`` with ``above`` put over the header, less column ``drop``."""
    rows = [list(r) for r in base_rows()[key]]
    if drop is not None:
        j = col(key, drop)
        rows = [r[:j] + r[j + 1 :] for r in rows]
    return [*above, *rows]


def described(findings: list[Any], locale: str) -> list[tuple[str, str, str, str, str]]:
    return [(f.cell, f.rule, f.severity, f.message(locale), f.fix(locale)) for f in findings]


SKIPPED_FIX = (
    "无需处理；行号按实际工作表计算",
    "nothing to do; row numbers are those of the sheet",
)
TASK_HEADERS = "任务编号, 项目编号, 步骤序号, 部门编号"
DISPUTE_HEADERS = "争议编号, 提出时间, 提出人, 涉及部门, 争议描述"


# fmt: off
CASES = [
    pytest.param(
        "tasks", [[TITLE]], None, 3, 2,
        [("A1", "header.rows_skipped", "info",
          "表头在第 2 行；上方的第 1 行（标题、空行或说明）已跳过", SKIPPED_FIX[0])],
        [("A1", "header.rows_skipped", "info",
          "the header is in row 2; row(s) 1 above it (title, blank rows or notes) are skipped",
          SKIPPED_FIX[1])],
        id="title-row-header-in-row-2",
    ),
    pytest.param(
        "disputes", [[None, TITLE, None], []], None, 2, 3,
        [("A1", "header.rows_skipped", "info",
          "表头在第 3 行；上方的第 1–2 行（标题、空行或说明）已跳过", SKIPPED_FIX[0])],
        [("A1", "header.rows_skipped", "info",
          "the header is in row 3; row(s) 1–2 above it (title, blank rows or notes) are "
          "skipped", SKIPPED_FIX[1])],
        id="title-and-blank-row-header-in-row-3",
    ),
    pytest.param(
        "tasks", [[TITLE]] + [["说明", f"第 {i} 行"] for i in range(10)], None, 0, None,
        [("A1", "header.not_found", "error",
          "工作表「任务进度」前 10 行中找不到表头行，此表未被读取",
          f"在数据上方放一行表头（前 10 行内），至少包含：{TASK_HEADERS}")],
        [("A1", "header.not_found", "error",
          "tab '任务进度' has no header row in its first 10 rows; the tab is not read",
          f"put a header row above the data (within the first 10 rows) with at least: "
          f"{TASK_HEADERS}")],
        id="no-header-found",
    ),
    pytest.param(
        "disputes", [["争议记录"], ["协作场景", "状态"], ["x", "y"]], ONLY, 0, None,
        [("A1", "header.not_found", "error",
          "工作表「权责争议」前 10 行中找不到表头行，此表未被读取",
          f"在数据上方放一行表头（前 10 行内），至少包含：{DISPUTE_HEADERS}")],
        [("A1", "header.not_found", "error",
          "tab '权责争议' has no header row in its first 10 rows; the tab is not read",
          f"put a header row above the data (within the first 10 rows) with at least: "
          f"{DISPUTE_HEADERS}")],
        id="no-row-names-a-required-column",
    ),
    pytest.param(
        "tasks", [], "dept_id", 0, 1,
        [("A1", "header.missing", "error", "缺少必填列「部门编号」(dept_id)，此表未被读取",
          "在表头行加一列，表头写「部门编号」或 dept_id")],
        [("A1", "header.missing", "error",
          "required column 'dept_id' (部门编号) is missing; the tab is not read",
          "add a column headed 'dept_id' or '部门编号' to the header row")],
        id="required-column-missing",
    ),
    pytest.param(
        "tasks", [[TITLE]], "task_id", 0, 2,
        [("A1", "header.rows_skipped", "info",
          "表头在第 2 行；上方的第 1 行（标题、空行或说明）已跳过", SKIPPED_FIX[0]),
         ("A2", "header.missing", "error", "缺少必填列「任务编号」(task_id)，此表未被读取",
          "在表头行加一列，表头写「任务编号」或 task_id")],
        [("A1", "header.rows_skipped", "info",
          "the header is in row 2; row(s) 1 above it (title, blank rows or notes) are skipped",
          SKIPPED_FIX[1]),
         ("A2", "header.missing", "error",
          "required column 'task_id' (任务编号) is missing; the tab is not read",
          "add a column headed 'task_id' or '任务编号' to the header row")],
        id="title-row-and-required-column-missing",
    ),
]
# fmt: on


@pytest.mark.parametrize(("key", "above", "drop", "loaded", "header", "zh", "en"), CASES)
def test_header_row_findings_and_rows(
    key: str,
    above: list[list[Any]],
    drop: str | None,
    loaded: int,
    header: int | None,
    zh: list[tuple[str, ...]],
    en: list[tuple[str, ...]],
) -> None:
    """Exact findings of the tab in both locales, and the rows it gives (at their sheet rows)."""
    rows = above if drop == ONLY else rows_with(key, above, drop)
    table, findings = parse_tab(TABS[key], title(key), rows, None)
    assert described(findings, "zh-CN") == zh
    assert described(findings, "en") == en
    assert len(table) == loaded
    if loaded:
        assert header is not None
        assert table.rows == tuple(range(header + 1, header + 1 + loaded))
    else:
        assert table.rows == () and not any(table.columns.values())


def test_a_data_problem_below_a_title_row_points_at_its_real_cell() -> None:
    raw = base()
    tasks = rows_with("tasks", [[TITLE], []])
    tasks[3][col("tasks", "due_at")] = "2026-13-40"  # the base's first task, sheet row 4
    raw[title("tasks")] = tasks
    wb, findings = findings_of(raw)
    got = [(f.tab, f.cell, f.rule) for f in findings if f.severity != "info"]
    assert got == [("任务进度", "I4", "date.invalid")]
    assert [f.rule for f in findings if f.severity == "info"] == ["header.rows_skipped"]
    assert wb["tasks"].rows[:2] == (4, 5)
    assert len(wb["tasks"]) == base_count("tasks")


def test_a_header_below_the_tenth_row_is_not_found() -> None:
    rows = rows_with("tasks", [[TITLE]] + [[] for _ in range(10)])
    table, findings = parse_tab(TABS["tasks"], "任务进度", rows, None)
    assert [f.rule for f in findings] == ["header.not_found"]
    assert len(table) == 0


def test_the_header_is_the_row_naming_the_most_columns() -> None:
    # a note row naming one column (部门编号) above the real header
    rows = rows_with("tasks", [["部门编号 请填写 D 开头的编号"], ["部门编号"]])
    table, findings = parse_tab(TABS["tasks"], "任务进度", rows, None)
    assert [(f.cell, f.rule, f.params["row"]) for f in findings] == [
        ("A1", "header.rows_skipped", 3)
    ]
    assert table.rows[0] == 4


def test_the_demo_settings_keep_a_header_in_row_1_unchanged() -> None:
    wb, findings = findings_of(base(), Settings())
    assert findings == []
    assert wb["tasks"].rows[0] == 2
