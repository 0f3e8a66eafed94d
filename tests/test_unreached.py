"""A message meant for someone it cannot go to is on the coordinators' list (无法送达), never
dropped unsaid (trial18): an assignee or a head marked inactive (人员 启用 = 否), and a
department with escalations for its head and no head typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobs.notify import Message
from jobs.run.envelope import run as run_job
from sheets_sync.memory import MemoryBackend
from tests.support.notifiers import Recorder
from tests.support.reminders import NOW, outbox_settings, raw
from tests.support.workbooks import Raw, findings_of, title

UNDELIVERED = (
    "无法送达（缺少联系方式、人员已停用或部门无负责人）",
    "Not delivered (contact missing, person inactive or no head)",
)


def _unreached(book: Raw, tmp_path: Path, locale: str = "zh-CN") -> tuple[list[Message], list]:
    rec = Recorder()
    run_job("remind", outbox_settings(tmp_path, locale), MemoryBackend(book), NOW,
            notifiers={"outbox": rec})  # fmt: skip
    meeting = next(m for m in rec.sent if m.key.startswith("meeting:"))
    items = [(i.text, i.link) for s in meeting.sections if s.title in UNDELIVERED for i in s.items]
    return rec.sent, items


def _inactive(book: Raw, pid: str) -> Raw:
    for row in book[title("people")]:
        if row[0] == pid:
            row[6] = "否"
    return book


@pytest.mark.parametrize(
    ("locale", "want"),
    [
        ("zh-CN", [
            ("王五（P03）已停用（「启用」为否）：K2 的提醒没有发出，请改派或重新启用", "人员!G4"),
            ("王五（P03）已停用（「启用」为否）：销售部 的部门升级没有发出，请改派或重新启用",
             "人员!G4")]),
        ("en", [
            ("王五 (P03) is inactive: the reminders of K2 not sent; reassign or set them active",
             "人员!G4"),
            ("王五 (P03) is inactive: 销售部's escalation to its head not sent; reassign or set "
             "them active", "人员!G4")]),
    ],
)  # fmt: skip
def test_an_inactive_assignee_and_head_are_listed(
    tmp_path: Path, locale: str, want: list[tuple[str, str]]
) -> None:
    """王五 (P03) marked inactive: assignee of the overdue K2 and head of 销售部 (D02)."""
    sent, items = _unreached(_inactive(raw(), "P03"), tmp_path, locale)
    assert items == want
    assert not [m for m in sent if "P03" in m.key]  # nothing planned for him, as before


def test_a_department_without_a_head_is_listed(tmp_path: Path) -> None:
    book = raw()
    for row in book[title("departments")]:
        if row[0] == "D02":
            row[2] = ""  # 销售部's 负责人 cleared; K2 (D02) is past level 2
    sent, items = _unreached(book, tmp_path)
    assert items == [("销售部 没有填写负责人：发给部门负责人的升级提醒没有发出", "部门!C3")]
    _, found = findings_of(book)
    assert [(f.tab, f.cell, f.rule, f.severity) for f in found if f.tab == "部门"] == [
        ("部门", "C3", "dept.no_head", "warning")
    ]
    # the row still loads (trial19: it was left out, and with it its 升级对象): management's
    # escalation of K2 goes to 吴九 (P07), 销售部's escalate_to, as with a head
    assert "escalation:completion:K2:3:P07" in {m.key for m in sent}
    assert all("D02）" not in i.text for m in sent for x in m.sections for i in x.items)


@pytest.mark.parametrize(
    ("locale", "want"),
    [
        ("zh-CN", "「部门」表中 D02 的行未被读取（原因见 _checks 或 collabsheet validate）：发给"
                  "部门负责人的升级提醒没有发出，请先修正该行"),
        ("en", "the row of D02 in the departments tab was not read (see _checks or collabsheet "
               "validate): its escalations to a head were not sent; correct the row first"),
    ],
)  # fmt: skip
def test_a_department_row_left_out_is_listed_as_not_read(
    tmp_path: Path, locale: str, want: str
) -> None:
    """销售部's 部门名称 cleared: the row is left out (its own finding says why), and its
    escalations had no head to go to. Listed as a row not read, not as `没有填写负责人`: its
    负责人 is typed (stop 34 left this wording, true only of a blank 负责人, which now loads)."""
    book = raw()
    for row in book[title("departments")]:
        if row[0] == "D02":
            row[1] = ""
    _, items = _unreached(book, tmp_path, locale)
    assert items == [(want, "部门!A1")]
    _, found = findings_of(book)
    assert [(f.cell, f.rule) for f in found if f.tab == "部门"] == [("B3", "value.required")]


def test_everyone_active_lists_nothing(tmp_path: Path) -> None:
    _, items = _unreached(raw(), tmp_path)
    assert items == []


def test_items_of_no_department_and_of_an_unknown_one_in_one_run(tmp_path: Path) -> None:
    """review21: an action whose owner is no person has no department (None) and a task names
    D09, which 部门 lacks: sorting them for the heads' lists raised a TypeError and the run
    stopped. D09 is no department left out: said by its cells' own finding, not here."""
    book = raw()
    book[title("tasks")].append(
        [
            "K6",
            "PJ1",
            2,
            "交付",
            "D09",
            "P03",
            "2026-11-03 17:00",
            "2026-11-04 09:00",
            "2026-11-08 17:00",
            "",
            "doing",
            "",
            "",
        ]
    )
    book[title("retrospectives")].append(
        [
            "R3",
            "PJ1",
            "2026-11-20 15:00",
            "process",
            "漏发",
            "",
            "",
            "补发",
            "P99",
            "2026-11-21 15:00",
            "",
        ]
    )
    sent, items = _unreached(book, tmp_path)
    assert sent and not any("D09" in text for text, _ in items)
