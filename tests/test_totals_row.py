"""A totals row under the data (合计 with its SUM / COUNTIF results, as people add to a tab) is
one warning at its cell, not a record with errors, and ``start-project`` refuses to append
under it, where the sums would leave the new rows out (trial10: validate reported B389 and
K389 as errors, and the new tasks went under the totals)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from config.errors import BackendError
from config.settings import Settings
from jobs.run.start import start_project
from sheets_sync.memory import MemoryBackend
from sheets_sync.workbook import parse_workbook

NOW = dt.datetime(2026, 11, 27, 9, 0)


def with_totals(tabs: dict[str, Any], word: str = "合计") -> tuple[dict[str, Any], str]:
    rows = tabs["任务进度"]
    total = [""] * len(rows[0])
    total[1], total[2], total[10] = word, 1234.0, 289.0  # 项目编号, 步骤序号 (SUM), 状态 (COUNTIF)
    rows.append(total)
    return tabs, f"B{len(rows)}"


@pytest.mark.parametrize("word", ["合计", "总计：", "Total"])
def test_a_totals_row_is_one_warning_and_no_record(demo_tabs: dict[str, Any], word: str) -> None:
    plain = parse_workbook(MemoryBackend(dict(demo_tabs)).read(), Settings())
    tabs, cell = with_totals({k: [list(r) for r in v] for k, v in demo_tabs.items()}, word)
    wb = parse_workbook(MemoryBackend(tabs).read(), Settings())
    there = [f for f in wb.findings if f.tab == "任务进度" and f.cell.endswith(cell[1:])]
    assert [(f.cell, f.rule, f.value) for f in there] == [(cell, "rows.totals", word)]
    assert len(wb["tasks"]) == len(plain["tasks"])


@pytest.mark.parametrize("dry_run", [False, True])
def test_start_project_refuses_to_append_under_the_totals(
    demo_tabs: dict[str, Any], dry_run: bool
) -> None:
    """A dry run refuses as the real run would (trial15: it printed the plan, exit 0)."""
    tabs, cell = with_totals(demo_tabs)
    backend = MemoryBackend(tabs)
    before = {k: [list(r) for r in v] for k, v in backend.tabs.items()}
    with pytest.raises(BackendError) as err:
        start_project(Settings(), backend, "T01", "二期", dt.date(2026, 11, 30), None, NOW,
                      dry_run=dry_run)  # fmt: skip
    assert str(err.value).startswith(f"任务进度!{cell} 是合计行：新行会追加在它下面，不被合计")
    assert backend.tabs == before  # nothing appended


def test_a_totals_row_with_rows_typed_under_it_is_still_one_warning(
    demo_tabs: dict[str, Any],
) -> None:
    """trial15: after a row was typed under 合计, the totals row read as a record (`步骤序号`
    empty, 本行未被处理) and its warning was gone; the rows under it are records."""
    plain = parse_workbook(MemoryBackend(dict(demo_tabs)).read(), Settings())
    tabs, cell = with_totals({k: [list(r) for r in v] for k, v in demo_tabs.items()})
    rows = tabs["任务进度"]
    rows.append([f"{rows[1][0]}X", *rows[1][1:]])  # a task typed in under the totals
    wb = parse_workbook(MemoryBackend(tabs).read(), Settings())
    there = [f for f in wb.findings if f.tab == "任务进度" and f.cell.endswith(cell[1:])]
    assert [(f.cell, f.rule, f.value) for f in there] == [(cell, "rows.totals", "合计")]
    assert len(wb["tasks"]) == len(plain["tasks"]) + 1
    assert wb["tasks"].rows[-1] == len(rows)  # the row under it, at its own sheet row


@pytest.mark.parametrize("word", ["Ｔｏｔａｌ", "合 计", "TOTAL"])
def test_a_totals_word_in_another_form_is_found_too(demo_tabs: dict[str, Any], word: str) -> None:
    """review14: the quick look for a totals word missed Ｔｏｔａｌ that ``totals_row`` takes."""
    tabs, cell = with_totals({k: [list(r) for r in v] for k, v in demo_tabs.items()}, word)
    wb = parse_workbook(MemoryBackend(tabs).read(), Settings())
    there = [f for f in wb.findings if f.tab == "任务进度" and f.cell.endswith(cell[1:])]
    assert [(f.cell, f.rule) for f in there] == [(cell, "rows.totals")]


def test_a_row_with_an_id_of_its_own_is_no_totals_row(demo_tabs: dict[str, Any]) -> None:
    """review14: a project named 合计 (in the name column, its id in the id column) is a project,
    wherever it is; the totals row has no id of its own."""
    tabs = {k: [list(r) for r in v] for k, v in demo_tabs.items()}
    plain = parse_workbook(MemoryBackend(tabs).read(), Settings())
    tabs["协作项目"][1][1] = "合计"  # PJ1's 项目名称
    wb = parse_workbook(MemoryBackend(tabs).read(), Settings())
    assert len(wb["projects"]) == len(plain["projects"])
    assert not [f for f in wb.findings if f.rule == "rows.totals"]


def test_start_project_refuses_to_append_under_a_note_under_the_data(
    demo_tabs: dict[str, Any],
) -> None:
    """trial22: with 制表人：… under the data, the new tasks went under the note, which was then
    amid the data. Refused as under a totals row, the note named."""
    rows = demo_tabs["任务进度"]
    rows.append(["制表人：张阳"] + [""] * (len(rows[0]) - 1))
    backend = MemoryBackend(demo_tabs)
    before = {k: [list(r) for r in v] for k, v in backend.tabs.items()}
    with pytest.raises(BackendError) as err:
        start_project(Settings(), backend, "T01", "二期", dt.date(2026, 11, 30), None, NOW)
    assert err.value.said("zh-CN").startswith(
        f"任务进度!A{len(rows)} 是数据下方的说明：新行会追加在它下面，说明就夹在数据中间"
    )
    assert backend.tabs == before


def test_a_note_between_the_rows_does_not_stop_start_project(demo_tabs: dict[str, Any]) -> None:
    """review25: a note above records (说明：以下为二期任务) was refused as a note under the
    data; the new rows go under the last record, the note stays where it is."""
    rows = demo_tabs["任务进度"]
    rows.insert(3, ["说明：以下为二期任务"] + [""] * (len(rows[0]) - 1))
    backend = MemoryBackend(demo_tabs)
    n = len(rows)
    plan = start_project(Settings(), backend, "T01", "二期", dt.date(2026, 11, 30), None, NOW)
    assert not isinstance(plan, list) and len(backend.tabs["任务进度"]) > n
    assert backend.tabs["任务进度"][3][0] == "说明：以下为二期任务"
