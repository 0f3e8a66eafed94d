"""The weekly pack counts a task once (trial finding E1): a task late both to respond and to
finish is one line naming both obligations (响应、完成 / response, completion), with the latest
one's level, lateness and cell; the summary counts tasks, not obligations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from config.settings import Settings
from jobs.handbook.document import Bullets, Paragraph
from jobs.rectification.action_list import ActionItem
from jobs.weekly.agenda import Items, LeftOut, left_out, overdue
from jobs.weekly.pack import Names, pack
from sheets_sync.workbook import parse_workbook
from tests.support.mutations import put
from tests.support.reminders import raw

NOW = dt.datetime(2026, 12, 7, 9, 0)


def row(kind: str, ref: str, level: int, late_h: float, cell: str, status: str = "breached",
        dept: str = "D04") -> dict[str, Any]:  # fmt: skip
    return {"kind": kind, "ref": ref, "status": status, "level": level, "remaining_h": -late_h,
            "due_at": pd.Timestamp("2026-12-03 18:00"), "dept_id": dept, "project_id": "PJ1",
            "person_id": "P021", "tab": "任务进度", "cell": cell}  # fmt: skip


RESULT = pd.DataFrame([
    row("completion", "T000268", 2, 10.6, "J269"),
    row("response", "T000268", 2, 12.0, "H269"),
    row("approval", "T000300", 1, 3.0, "J301"),
    row("dispute", "DS0013", 3, 486.0, "I14", dept="D05"),
    row("action", "T000268", 1, 1.0, "K2"),  # another kind with the same ref: its own line
    row("response", "T000400", 0, 0.0, "H401", status="on_track"),
])  # fmt: skip


def test_a_task_late_twice_is_one_line_naming_both() -> None:
    got = [(o.kinds, o.ref, o.level, o.over_h, o.cell) for o in overdue(RESULT)]
    assert got == [
        (("dispute",), "DS0013", 3, 486.0, "任务进度!I14"),
        (("response", "completion"), "T000268", 2, 12.0, "任务进度!H269"),
        (("approval",), "T000300", 1, 3.0, "任务进度!J301"),
        (("action",), "T000268", 1, 1.0, "任务进度!K2"),
    ]


@pytest.mark.parametrize(
    ("locale", "kinds", "summary"),
    [
        ("zh-CN", ["争议", "响应、完成", "审批", "整改"],
         "超时与升级事项 4 项，其中已升级（2 级及以上）2 项"),
        ("en", ["dispute", "response, completion", "approval", "action"],
         "4 overdue or escalated item(s), 2 of them escalated (level 2 or more)"),
    ],
)  # fmt: skip
def test_the_pack_counts_tasks_and_names_their_obligations(
    locale: str, kinds: list[str], summary: str
) -> None:
    items = Items(tuple(overdue(RESULT)), (), (), (), "2026Q4", "", ())
    p = pack([], items, Names({}, {}, {}), NOW, locale)
    table = dict(p.sheets)[("超时事项" if locale == "zh-CN" else "overdue")]
    assert [r[1] for r in table.rows] == kinds
    assert p.counts["overdue"] == 4 and p.counts["escalated"] == 2
    bullets = next(b for b in p.document.blocks if isinstance(b, Bullets))
    assert bullets.items[0] == summary


def test_a_dispute_at_management_before_its_due_is_listed() -> None:
    """A major dispute is at level 3 from its start, its window still running (at risk or on
    track): an escalated item for the meeting, as on the SLA page (trial13: DS0014 at level 3
    was missing from the pack and its count)."""
    early = pd.DataFrame([
        row("dispute", "DS0014", 3, -20.0, "I15", status="at_risk", dept="D06"),
        row("response", "T000400", 0, 0.0, "H401", status="on_track"),
    ])  # fmt: skip
    got = [(o.kinds, o.ref, o.level, o.over_h) for o in overdue(early)]
    assert got == [(("dispute",), "DS0014", 3, 0.0)]
    items = Items(tuple(overdue(early)), (), (), (), "2026Q4", "", ())
    p = pack([], items, Names({}, {}, {}), NOW, "zh-CN")
    assert p.counts["overdue"] == 1 and p.counts["escalated"] == 1
    (line,) = dict(p.sheets)["超时事项"].rows
    assert line[7] == "未超时"  # trial26: it showed 超时 0


def test_the_lists_keep_numbers_as_numbers() -> None:
    """trial26: the pack's xlsx held 级别 and 超时 as text (Excel's green triangles, no sum)."""
    items = Items(tuple(overdue(RESULT)), (), (), (), "2026Q4", "", ())
    table = dict(pack([], items, Names({}, {}, {}), NOW, "zh-CN").sheets)["超时事项"]
    assert table.header[7] == "超时(工作小时)"
    assert [(r[0], r[7]) for r in table.rows] == [(3, 486.0), (2, 12.0), (1, 3.0), (1, 1.0)]


@pytest.mark.parametrize(
    ("locale", "line"),
    [
        ("zh-CN", "没有列出的事项；但「权责争议」有填写有误、未计入的行（见文首），"
                  "其中的事项不在此列。"),
        ("en", "Nothing listed; but '权责争议' has rows with errors that are not counted (see the "
               "top), and their items are not here."),
    ],
)  # fmt: skip
def test_an_empty_section_with_rows_left_out_is_not_none_this_week(locale: str, line: str) -> None:
    """trial26: a dispute left out for an empty 提出人 made 待裁决争议 say 本周无."""
    left = (LeftOut("disputes", "权责争议", 2, ("D05",)),)
    items = Items((), (), (), (), "2026Q4", "", (), left)
    texts = [b.text for b in pack([], items, Names({}, {}, {}), NOW, locale).document.blocks
             if isinstance(b, Paragraph)]  # fmt: skip
    assert line in texts
    heading = "三、待裁决争议" if locale == "zh-CN" else "3. Disputes awaiting a decision"
    others = pack([], items, Names({}, {}, {}), NOW, locale, "D01").document.blocks
    after = next(i for i, b in enumerate(others) if getattr(b, "text", None) == heading)
    none = "本周无。" if locale == "zh-CN" else "None this week."
    assert others[after + 1].text == none  # D01's pack: the row is D05's


@pytest.mark.parametrize(
    ("locale", "label"), [("zh-CN", "7 天内到期"), ("en", "due within 7 days")]
)
def test_an_action_due_in_the_coming_days_says_within_7_days(locale: str, label: str) -> None:
    """trial26: an action due next Tuesday, in a pack made on Friday, was 本周到期 (the list
    takes the coming 7 days: agenda.AHEAD)."""
    friday = dt.datetime(2026, 12, 11, 17, 0)
    due = dt.datetime(2026, 12, 15, 18, 0)  # Tuesday of the next week
    action = ActionItem("R1", "复盘!H2", "PJ1", "项目", "问题", "措施", "P021", "丁飞", "D04",
                        due, None, "open", 0.0)  # fmt: skip
    items = Items((), (), (action,), (), "2026Q4", "", ())
    (line,) = dict(pack([], items, Names({}, {}, {}), friday, locale).sheets)[
        "整改措施" if locale == "zh-CN" else "actions"
    ].rows
    assert line[0] == label


def test_a_due_time_typed_and_not_read_is_said_in_the_pack() -> None:
    """trial26: T000020's 截止时间「下周三」 could not be read; the pack showed the limit's due
    time as if typed (sla and the reminders say it was computed)."""
    late = row("completion", "T000020", 1, 5.0, "I21")
    late["due_typed"] = "下周三"
    items = Items(tuple(overdue(pd.DataFrame([late]))), (), (), (), "2026Q4", "", ())
    (line,) = dict(pack([], items, Names({}, {}, {}), NOW, "zh-CN").sheets)["超时事项"].rows
    assert line[6] == "2026-12-03 18:00（「下周三」无法识别，按时限计算）"


def test_hours_over_are_rounded_as_the_messages_round_them() -> None:
    """review31: the pack said 10.2 where the messages said 10.3 (四舍五入) for 10.25."""
    (line,) = overdue(pd.DataFrame([row("completion", "T1", 2, 10.25, "J2")]))
    assert line.over_h == 10.3


def test_a_retrospective_left_out_is_named_to_its_projects_department() -> None:
    """review31: a 复盘 row left out had no department, so every department's pack named it;
    it is its project's (PJ2 of 客服部, D03)."""
    wb = parse_workbook(raw(put("retrospectives", 2, "retro_id", "")), Settings())
    assert [(x.tab, x.row, x.depts) for x in left_out(wb)] == [("retrospectives", 3, ("D03",))]
