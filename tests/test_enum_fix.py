"""An unknown choice's fix lists the choices in the reader's language first (trial finding E4):
in zh-CN 待办 (todo) / 进行中 (doing) / …, in English todo (待办) / doing (进行中) / … Both are
accepted in the cell; the finding is at its cell, the other rows still load."""

from __future__ import annotations

import pytest

from tests.support.workbooks import findings_of, mutated

CASES = [
    ("tasks", "status", "ongoing", "K2",
     "从以下取值中选择：待办 (todo) / 进行中 (doing) / 受阻 (blocked) / 已完成 (done)",
     "use one of: todo (待办) / doing (进行中) / blocked (受阻) / done (已完成)"),
    ("disputes", "severity", "严重", "H2",
     "从以下取值中选择：一般 (normal) / 重大 (major)",
     "use one of: normal (一般) / major (重大)"),
]  # fmt: skip


@pytest.mark.parametrize(("tab", "column", "value", "cell", "zh", "en"), CASES)
def test_the_choices_are_listed_in_the_readers_language_first(
    tab: str, column: str, value: str, cell: str, zh: str, en: str
) -> None:
    wb, findings = findings_of(mutated(tab, 1, column, value))
    (f,) = [f for f in findings if f.rule == "enum.unknown"]
    assert (f.tab, f.cell, f.value) == (wb[tab].title, cell, value)
    assert f.as_row("zh-CN")["fix"] == zh and f.as_row("en")["fix"] == en
    assert f.as_row("zh-CN")["message"] == f"「{value}」不是允许的取值"
    assert len(wb[tab]) == {"tasks": 3, "disputes": 2}[tab]  # the row is kept, the cell blank


@pytest.mark.parametrize(
    ("tab", "column", "value", "read"),
    [
        ("tasks", "status", "完成", "done"),  # trial20: enum.unknown, the task left open
        ("tasks", "status", "处理中", "doing"),
        ("tasks", "status", "未开始", "todo"),
        ("tasks", "status", "阻塞", "blocked"),
        ("projects", "status", "取消", "cancelled"),
        ("disputes", "status", "待处理", "open"),  # the column's own label wins
    ],
)
def test_other_words_for_a_choice_are_read_as_it(
    tab: str, column: str, value: str, read: str
) -> None:
    wb, findings = findings_of(mutated(tab, 1, column, value))
    assert [f for f in findings if f.rule == "enum.unknown"] == []
    assert wb[tab].column(column)[0] == read
