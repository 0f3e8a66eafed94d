"""One contract for every backend: read, write bot tabs, append, aliases, Unicode, 10k rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from config.errors import BackendError
from config.schema import TABS
from config.settings import Settings, settings_from_dict
from sheets_sync.backend import Backend
from sheets_sync.google_append import MARK
from sheets_sync.memory import MemoryBackend
from sheets_sync.table import header_keys
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend, write_xlsx
from tests.support.sheets_emulator import SheetsEmulator, emulated_backend

Tabs = dict[str, list[list[Any]]]
Factory = Callable[..., Backend]

BASE: Tabs = {
    "departments": [
        ["dept_id", "name", "head"],
        ["D01", "研发部", "P01"],
        ["D02", "销售部 🚀", "P02"],
    ],
    "people": [
        ["person_id", "name", "dept_id"],
        ["P01", "张三", "D01"],
        ["P02", "Zoë O'Neil", "D02"],
    ],
    "responsibilities": [
        ["scenario", "activity", "responsible", "accountable"],
        ["产品研发", "需求对接", "D01、D02", "D01"],
    ],
    "templates": [
        ["template_id", "name", "scenario", "step", "step_name", "activity"],
        ["T1", "研发模板", "产品研发", 1, "提需求", "需求对接"],
    ],
    "projects": [
        ["project_id", "name", "template_id", "initiator_dept"],
        ["PJ1", "新品上市", "T1", "D01"],
    ],
    "tasks": [
        ["task_id", "project_id", "step", "dept_id", "handed_off_at", "note"],
        ["K1", "PJ1", 1, "D01", dt.datetime(2026, 11, 26, 14, 30), "第一步"],
    ],
}


@pytest.fixture(params=["memory", "xlsx", "google"])
def make(request: pytest.FixtureRequest, tmp_path: Path) -> Factory:
    def factory(tabs: Tabs, merges: dict[str, list[str]] | None = None) -> Backend:
        if request.param == "memory":
            if merges:
                pytest.skip("the memory backend holds values only, no merged cells")
            return MemoryBackend(tabs)
        if request.param == "google":  # the in-process emulation of the Sheets API
            emu = SheetsEmulator()
            emu.create("1ContractTestSpreadsheetKey0000000000000", tabs, merges=merges or {})
            return emulated_backend(emu, "1ContractTestSpreadsheetKey0000000000000")
        path = tmp_path / "book.xlsx"
        if merges:  # openpyxl merges as Excel does: the first cell keeps the value
            wb = openpyxl.Workbook()
            wb.remove(wb.worksheets[0])
            for title, rows in tabs.items():
                ws = wb.create_sheet(title)
                for row in rows:
                    ws.append(row)
                for ref in merges.get(title, ()):
                    ws.merge_cells(ref)
            wb.save(path)
        else:
            write_xlsx(path, tabs)
        return XlsxBackend(path)

    return factory


def serial(v: Any) -> Any:
    """A date cell as Google returns it (SERIAL_NUMBER): days since 1899-12-30."""
    if isinstance(v, dt.datetime):
        return round((v - dt.datetime(1899, 12, 30)).total_seconds() / 86400, 6)
    return round(v, 6) if isinstance(v, float) else v


def plain(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows as comparable values: blanks are None, whole floats are ints, dates are serials;
    without Google's hidden run-id column of appended rows (``collabsheet_run``)."""
    out = []
    mark = rows[0].index(MARK) if rows and MARK in rows[0] else None
    for row in rows:
        if mark is not None:
            row = row[:mark] + row[mark + 1 :]
        vals = [
            None if v == "" else int(v) if isinstance(v, float) and v.is_integer() else serial(v)
            for v in row
        ]
        while vals and vals[-1] is None:
            vals.pop()
        out.append(vals)
    while out and not out[-1]:
        out.pop()
    return out


def test_read_returns_every_tab_with_unicode(make: Factory) -> None:
    tabs = make(BASE).read()
    assert set(BASE) <= set(tabs)
    for title, rows in BASE.items():
        assert plain(tabs[title]) == plain(rows)


def test_write_bot_tabs_then_read_them_back(make: Factory) -> None:
    backend = make(BASE)
    backend.write(
        {
            "_checks": [["tab", "cell"], ["tasks", "A2"], ["任务", "=SUM(A1)"]],
            "_runs": [["run_id"], ["r1"]],
        }
    )
    tabs = backend.read()
    assert plain(tabs["_checks"]) == [["tab", "cell"], ["tasks", "A2"], ["任务", "=SUM(A1)"]]
    assert plain(tabs["_runs"]) == [["run_id"], ["r1"]]
    for title, rows in BASE.items():
        assert plain(tabs[title]) == plain(rows)


def test_write_replaces_a_bot_tab_and_keeps_the_others(make: Factory) -> None:
    backend = make(BASE)
    backend.write({"_checks": [["a"], [1], [2], [3]], "_runs": [["run_id"], ["r1"]]})
    backend.write({"_checks": [["a"], [9]]})
    tabs = backend.read()
    assert plain(tabs["_checks"]) == [["a"], [9]]
    assert plain(tabs["_runs"]) == [["run_id"], ["r1"]]


def test_write_refuses_a_human_tab(make: Factory) -> None:
    backend = make(BASE)
    with pytest.raises(BackendError, match="refusing to overwrite human tab"):
        backend.write({"tasks": [["task_id"], ["X"]]})
    assert plain(backend.read()["tasks"]) == plain(BASE["tasks"])


def test_append_follows_the_current_header_order(make: Factory) -> None:
    tabs = {
        **BASE,
        "tasks": [
            ["note", "dept_id", "任务编号", "project_id", "step"],
            ["已有", "D01", "K1", "PJ1", 1],
        ],
    }
    backend = make(tabs)
    keys = lambda header: header_keys(TABS["tasks"], header)  # noqa: E731
    backend.append(
        "tasks",
        [{"task_id": "K2", "project_id": "PJ1", "step": 2, "dept_id": "D02", "note": "新增 ✓"}],
        keys,
    )
    rows = plain(backend.read()["tasks"])
    assert rows[-2] == ["已有", "D01", "K1", "PJ1", 1]
    assert rows[-1] == ["新增 ✓", "D02", "K2", "PJ1", 2]


def test_append_to_a_missing_tab_is_a_clear_error(make: Factory) -> None:
    backend = make(BASE)
    with pytest.raises(BackendError, match="'nope' not found"):
        backend.append("nope", [{"a": 1}], lambda h: ["a"])


def test_appending_to_several_tabs_is_all_or_none(make: Factory) -> None:
    """A project row and its task rows land together (trial22: a failure between two appends
    left a project without tasks): a tab that cannot take its rows stops every tab's."""
    backend = make(BASE)
    before = {t: plain(r) for t, r in backend.read().items()}
    project = {"project_id": "PJ2", "name": "积分体系", "template_id": "T1"}
    project["initiator_dept"] = "D01"
    task = {"task_id": "K2", "project_id": "PJ2", "step": 1, "dept_id": "D01"}
    projects = lambda header: header_keys(TABS["projects"], header)  # noqa: E731
    tasks = lambda header: header_keys(TABS["tasks"], header)  # noqa: E731
    with pytest.raises(BackendError, match="'nope' not found"):
        backend.append_together([("projects", [project], projects), ("nope", [task], tasks)])
    assert {t: plain(r) for t, r in backend.read().items()} == before
    backend.append_together([("projects", [project], projects), ("tasks", [task], tasks)])
    after = {t: plain(r) for t, r in backend.read().items()}
    assert after["projects"][-1] == ["PJ2", "积分体系", "T1", "D01"]
    assert after["tasks"][-1] == ["K2", "PJ2", 1, "D01"]
    assert len(after["tasks"]) == len(before["tasks"]) + 1


def test_appended_dates_read_back_as_dates_under_unchecked_boxes(make: Factory) -> None:
    """A date appended is a date cell, as a typed one (trial22: Google got text); rows holding
    only an unchecked box (FALSE, a checkbox column of the department's own) are no data: the
    rows go right under the last task, and the boxes stay."""
    header = [*BASE["tasks"][0], "已确认"]
    tabs = {**BASE, "tasks": [header, [*BASE["tasks"][1], True], *([None] * 6 + [False]
                                                                   for _ in range(5))]}  # fmt: skip
    backend = make(tabs)
    backend.read()
    at = dt.datetime(2026, 12, 9, 9, 0)
    task = {"task_id": "K2", "project_id": "PJ1", "step": 2, "dept_id": "D01", "handed_off_at": at}
    backend.append("tasks", [task], lambda h: header_keys(TABS["tasks"], h))
    rows = plain(backend.read()["tasks"])
    assert rows[2] == ["K2", "PJ1", 2, "D01", serial(at), None, False]
    assert rows[3:] == [[None] * 6 + [False]] * 4
    wb = parse_workbook(backend.read(), Settings())
    assert wb["tasks"].column("handed_off_at")[-1] == at


def test_header_aliases_load_the_same_table(make: Factory) -> None:
    aliased = {
        **BASE,
        "tasks": [
            ["任务编号", "项目编号", "步骤序号", "部门编号", "Handover Time"],
            ["K1", "PJ1", 1, "D01", dt.datetime(2026, 11, 26, 14, 30)],
        ],
    }
    settings = settings_from_dict({"headers": {"tasks": {"Handover Time": "handed_off_at"}}})
    wb = parse_workbook(make(aliased).read(), settings)
    assert list(wb["tasks"].column("handed_off_at")) == [dt.datetime(2026, 11, 26, 14, 30)]
    assert wb["tasks"].cell("handed_off_at", 0) == "E2"


def test_ten_thousand_rows_round_trip(make: Factory) -> None:
    rows = [["task_id", "project_id", "step", "dept_id", "handed_off_at", "note"]]
    start = dt.datetime(2026, 1, 1, 9, 0)
    rows += [
        [f"K{i:05d}", "PJ1", 1, "D01", start + dt.timedelta(hours=i), f"备注 {i}"]
        for i in range(10_000)
    ]
    backend = make({**BASE, "tasks": rows})
    wb = parse_workbook(backend.read(), Settings())
    tasks = wb["tasks"]
    assert len(tasks) == 10_000
    assert tasks.column("task_id")[9_999] == "K09999"
    assert tasks.column("handed_off_at")[9_999] == start + dt.timedelta(hours=9_999)
    assert tasks.cell("note", 9_999) == "F10001"
    assert not [f for f in wb.findings if f.severity == "error"]


def test_a_vertically_merged_range_gives_its_value_to_every_row(make: Factory) -> None:
    """A project id merged down its tasks (B3:B4 and B5:B6, below a title merged over row 1):
    every task gets it, and each range is named once, at its first cell (cell.merged)."""
    tasks = [
        ["2026年第四季度任务进度表", None, None, None],
        ["task_id", "project_id", "step", "dept_id"],
        ["K1", "PJ1", 1, "D01"],
        ["K2", None, 2, "D01"],
        ["K3", "PJ1", 3, "D02"],
        ["K4", None, 4, "D02"],
    ]
    merges = {"tasks": ["A1:D1", "B3:B4", "B5:B6"]}
    wb = parse_workbook(make({**BASE, "tasks": tasks}, merges).read(), Settings())
    assert list(wb["tasks"].column("project_id")) == ["PJ1"] * 4
    merged = [(f.tab, f.cell, f.value, f.params["range"]) for f in wb.findings
              if f.rule == "cell.merged"]  # fmt: skip
    assert merged == [("tasks", "B3", "PJ1", "B3:B4"), ("tasks", "B5", "PJ1", "B5:B6")]
    assert {f.severity for f in wb.findings if f.rule == "cell.merged"} == {"info"}


def test_one_tab_twice_in_one_append_is_refused(make: Factory) -> None:
    """review25: both would be placed at the same first row (Google) or one dropped (xlsx)."""
    backend = make(BASE)
    before = {t: plain(r) for t, r in backend.read().items()}
    tasks = lambda header: header_keys(TABS["tasks"], header)  # noqa: E731
    one, two = [{"task_id": "K2", "project_id": "PJ1"}], [{"task_id": "K3", "project_id": "PJ1"}]
    with pytest.raises(BackendError, match="one tab twice in one append"):
        backend.append_together([("tasks", one, tasks), ("tasks", two, tasks)])
    assert {t: plain(r) for t, r in backend.read().items()} == before
