"""Retrospectives and disputes closed for real (issue 19, items 3 and 4): each rule at its
cell, Chinese message first (with the value, the rule and the fix), and the recurring-dispute
finding naming the dispute rows and the matrix row it proposes to change."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pytest

from config.defaults import TAB_TITLES
from config.settings import Settings
from jobs.checks.validation import validate
from sheets_sync.demo import generate
from sheets_sync.memory import MemoryBackend
from sheets_sync.workbook import parse_workbook
from tests.support.demo import Tabs
from tests.support.mutations import Mutation, add_column, add_copy, add_rows, apply, drop_column
from tests.support.mutations import put as put_cell
from tests.support.workbooks import findings_of

NEW = ("retro.", "dispute.")
RETRO, DISPUTE = TAB_TITLES["retrospectives"], TAB_TITLES["disputes"]


def new_findings(*mutations: Mutation) -> list[tuple[str, str, str, str, str, str]]:
    """(tab, cell, rule, severity, Chinese message, Chinese fix) of the closing rules."""
    _, found = findings_of(apply(*mutations))
    return [
        (f.tab, f.cell, f.rule, f.severity, f.message(), f.fix())
        for f in found
        if f.rule.startswith(NEW)
    ]


def test_the_base_workbook_closes_everything() -> None:
    assert new_findings() == []


@pytest.mark.parametrize(
    ("mutations", "expected"),
    [
        (
            [put_cell("retrospectives", 2, "action", "")],
            (RETRO, "H3", "retro.no_action", "warning", "复盘发现「信息未同步」没有整改措施",
             "在「整改措施」写明要做什么，并填写整改负责人和整改期限；确实无需整改的写「无需整改」及原因"),
        ),
        (
            [put_cell("retrospectives", 1, "action_owner", None)],
            (RETRO, "I2", "retro.action_no_owner", "warning",
             "整改措施「设置响应时限」没有整改负责人",
             "在「整改负责人」填写一个人员编号，整改提醒会发给此人"),
        ),
        (
            [put_cell("retrospectives", 2, "action_due", "")],
            (RETRO, "J3", "retro.action_no_due", "warning", "整改措施「建群同步」没有整改期限",
             "在「整改期限」填写完成日期和时间，例如 2026-12-11 18:00"),
        ),
        (
            [put_cell("disputes", 2, "decision", "")],
            (DISPUTE, "K3", "dispute.decided_incomplete", "error",
             "争议状态为已裁决，但「裁决结果」为空",
             "填写「裁决结果」；还没有裁决的，把状态改回协商中或已升级"),
        ),
        (
            [put_cell("disputes", 2, "decided_by", None)],
            (DISPUTE, "J3", "dispute.decided_incomplete", "error",
             "争议状态为已裁决，但「裁决人」为空",
             "填写「裁决人」；还没有裁决的，把状态改回协商中或已升级"),
        ),
        (
            [put_cell("disputes", 2, "decided_at", "")],
            (DISPUTE, "L3", "dispute.decided_incomplete", "error",
             "争议状态为已裁决，但「裁决时间」为空",
             "填写「裁决时间」；还没有裁决的，把状态改回协商中或已升级"),
        ),
        (
            [put_cell("disputes", 1, "severity", "重大")],
            (DISPUTE, "I2", "dispute.major_not_escalated", "warning",
             "重大争议 DS1 仍是「待处理」，没有立即升级到管理层",
             "把状态改为「已升级」，由管理层（部门的升级对象）裁决"),
        ),
        (
            [put_cell("disputes", 2, "decided_by", "P05")],
            (DISPUTE, "J3", "dispute.major_not_by_management", "warning",
             "重大争议 DS2 由「P05」裁决，此人不是管理层",
             "重大争议须由管理层裁决：由「人员」中角色为管理层的人或部门的升级对象重新确认"),
        ),
    ],
)  # fmt: skip
def test_each_rule_at_its_cell(mutations: list[Mutation], expected: tuple[str, ...]) -> None:
    assert new_findings(*mutations) == [expected]


def test_escalated_or_decided_major_disputes_pass() -> None:
    assert new_findings(put_cell("disputes", 1, "severity", "major"),
                        put_cell("disputes", 1, "status", "已升级")) == []  # fmt: skip


def test_a_missing_optional_column_is_not_a_finding_on_every_row() -> None:
    assert new_findings(drop_column("retrospectives", "action_owner")) == []


def test_two_disputes_over_one_activity_in_a_quarter_propose_the_matrix_change() -> None:
    """DS1 (open, 2026-11-10) and a copy raised in December over 产品研发 · 成果交付: one finding
    at the later one's activity cell, naming both rows and the matrix row (权责清单!C3)."""
    found = new_findings(
        add_copy("disputes", 2, dispute_id="DS3", scenario="产品研发", activity="成果交付",
                 raised_at="2026-12-01 09:00", decision="研发部交付，销售部验收",
                 decided_at="2026-12-02 10:00"),
    )  # fmt: skip
    assert found == [(
        DISPUTE, "F4", "dispute.recurring", "warning",
        "「产品研发 · 成果交付」在 2026Q4 有 2 起争议（权责争议!A2、权责争议!A4），"
        "权责清单需要修改",
        "建议修改权责清单!C3 这一行：按最近的裁决 DS3 写明：研发部交付，销售部验收；"
        "改完后在该行「备注」写上争议编号（如 DS3），本提示即消失",
    )]  # fmt: skip


def test_recurring_disputes_without_a_matrix_row_or_a_decision() -> None:
    row = ["DS{}", "2026-10-0{} 10:00", "P01", "D01", "产品研发", "合同审核", "谁审合同",
           "normal", "open", "", "", ""]  # fmt: skip
    rows = [[v.format(n) if isinstance(v, str) and "{}" in v else v for v in row] for n in (3, 4)]
    found = new_findings(add_rows("disputes", *rows))
    assert [(f[1], f[4], f[5]) for f in found] == [(
        "F5",
        "「产品研发 · 合同审核」在 2026Q4 有 2 起争议（权责争议!A4、权责争议!A5），"
        "权责清单需要修改",
        "建议修改权责清单：为场景「产品研发」加上环节「合同审核」：请管理层裁决后写明负责部门和最终负责"
        "部门；改完后在该行「备注」写上争议编号（如 DS4），本提示即消失",
    )]  # fmt: skip


def test_disputes_in_different_quarters_do_not_recur() -> None:
    copy = add_copy("disputes", 1, dispute_id="DS3", raised_at="2026-09-30 17:00")
    assert new_findings(copy) == []


def test_the_matrix_naming_the_dispute_closes_the_finding() -> None:
    copy = add_copy("disputes", 1, dispute_id="DS3", raised_at="2026-12-01 09:00")
    assert len(new_findings(copy)) == 1
    assert new_findings(copy, put_cell("responsibilities", 2, "notes", "依 DS3 裁决修改")) == []


def test_english_messages() -> None:
    _, found = findings_of(apply(put_cell("retrospectives", 1, "action_owner", None)))
    (f,) = [f for f in found if f.rule == "retro.action_no_owner"]
    assert f.message("en") == "the action '设置响应时限' has no owner"
    assert f.fix("en") == "enter a person_id in action_owner; the reminders go to that person"


DONE = add_column("retrospectives", "action_status", "已完成", "已完成")  # R2 has no done time
MARKED_DONE = (
    RETRO, "K3", "retro.done_without_time", "warning",
    "整改措施「建群同步」的整改状态为已完成，但「整改完成时间」为空",
    "填写整改完成的日期和时间，例如 2026-12-11 18:00；还没有完成的，把整改状态改为整改中",
)  # fmt: skip


@pytest.mark.parametrize(
    ("mutations", "expected"),
    [
        ([DONE], [MARKED_DONE]),
        ([add_column("retrospectives", "action_status", "done", "done")], [MARKED_DONE]),
        ([add_column("retrospectives", "action_status", "已完成", "整改中")], []),
        ([add_column("retrospectives", "action_status", "", "待整改")], []),
    ],
)  # fmt: skip
def test_an_action_marked_done_says_when(
    mutations: list[Mutation], expected: list[tuple[str, ...]]
) -> None:
    assert new_findings(*mutations) == expected


def test_an_action_done_time_that_cannot_be_read_is_reported_once() -> None:
    unreadable = put_cell("retrospectives", 2, "action_done_at", "2026-02-30")
    _, found = findings_of(apply(DONE, unreadable))
    assert [(f.cell, f.rule) for f in found if f.tab == RETRO] == [("K3", "date.invalid")]


def test_a_task_done_time_that_cannot_be_read_is_reported_once() -> None:
    """trial15: 「12月2日」 in a done task's 完成时间 was a date.format error and also "done,
    but no 完成时间" (value empty), about a filled cell."""
    _, found = findings_of(apply(put_cell("tasks", 1, "done_at", "12月2日")))
    tasks = TAB_TITLES["tasks"]
    assert [f.rule for f in found if f.tab == tasks and f.cell == "J2"] == ["date.no_year"]
    _, found = findings_of(apply(put_cell("tasks", 1, "done_at", "下周二")))
    assert [f.rule for f in found if f.tab == tasks and f.cell == "J2"] == ["date.format"]
    _, found = findings_of(apply(put_cell("tasks", 1, "done_at", "")))
    assert [f.rule for f in found if f.tab == tasks and f.cell == "J2"] == [
        "task.done_without_time"
    ]


def test_an_action_marked_done_in_english() -> None:
    _, found = findings_of(apply(DONE))
    (f,) = [f for f in found if f.rule == "retro.done_without_time"]
    assert f.message("en") == "the action '建群同步' is marked done but action_done_at is empty"
    assert f.fix("en") == (
        "enter when it was done, e.g. 2026-12-11 18:00; if it is not done yet, set action_status "
        "to doing"
    )


def decided(dept: str) -> Mutation:
    """DS2 (decided 2026-11-12 over 客户服务 · 问题受理, whose matrix row 权责清单!C5 says D03)
    makes ``dept`` responsible."""
    return add_column("disputes", "decided_dept", "", dept)


def later(dept: str) -> Mutation:
    """DS3: the same dispute raised again next quarter (so no recurrence), decided for ``dept``."""
    return add_rows("disputes", ["DS3", "2027-01-05 10:00", "P05", "D03", "客户服务", "问题受理",
                                 "投诉转交无人接", "major", "decided", "P07", "改由研发部负责",
                                 "2027-01-06 15:00", dept])  # fmt: skip


MATRIX_MISMATCH = (
    DISPUTE, "M3", "dispute.decision_not_in_matrix", "warning",
    "裁决 DS2 把「客户服务 · 问题受理」交给 D01，但权责清单!C5 的负责部门是「D03」",
    "在 权责清单!C5 的负责部门写上 D01（不再负责的部门删去）；权责清单改好后本提示即消失",
)  # fmt: skip


@pytest.mark.parametrize(
    ("mutations", "expected"),
    [
        ([decided("D03")], []),  # the decision agrees with the matrix
        ([decided("D01")], [MATRIX_MISMATCH]),
        # the matrix updated: D01 is responsible now (D03 too): the finding is gone
        ([decided("D01"), put_cell("responsibilities", 4, "responsible", "D01、D03")], []),
        ([decided("D01"), put_cell("responsibilities", 4, "responsible", "D03、D02")],
         [(*MATRIX_MISMATCH[:4],
           "裁决 DS2 把「客户服务 · 问题受理」交给 D01，但权责清单!C5 的负责部门是「D03、D02」",
           MATRIX_MISMATCH[5])]),
        # an activity the matrix does not have
        ([decided("D01"), put_cell("disputes", 2, "activity", "回访")],
         [(DISPUTE, "M3", "dispute.decision_not_in_matrix", "warning",
           "裁决 DS2 把「客户服务 · 回访」交给 D01，但权责清单没有这一环节",
           "在权责清单为场景「客户服务」加上环节「回访」，负责部门写 D01；"
           "权责清单改好后本提示即消失")]),
        # an open dispute's department is no decision yet
        ([add_column("disputes", "decided_dept", "D04", "D03")], []),
        # a later decision over the same activity wins: D03 after D01 agrees with the matrix
        ([decided("D01"), later("D03")], []),
        ([decided("D03"), later("D01")],
         [(DISPUTE, "M4", *MATRIX_MISMATCH[2:3], "warning",
           "裁决 DS3 把「客户服务 · 问题受理」交给 D01，但权责清单!C5 的负责部门是「D03」",
           MATRIX_MISMATCH[5])]),
    ],
)  # fmt: skip
def test_a_decision_that_moves_responsibility_is_checked_against_the_matrix(
    mutations: list[Mutation], expected: list[tuple[str, ...]]
) -> None:
    assert new_findings(*mutations) == expected


def test_a_decision_against_the_matrix_in_english() -> None:
    _, found = findings_of(apply(decided("D01")))
    (f,) = [f for f in found if f.rule == "dispute.decision_not_in_matrix"]
    assert (f.tab, f.cell, f.value) == (DISPUTE, "M3", "D01")
    assert f.message("en") == (
        "decision DS2 makes D01 responsible for '客户服务 · 问题受理', but the matrix says 'D03' "
        "at 权责清单!C5"
    )
    assert f.fix("en") == (
        "put D01 among the responsible at 权责清单!C5 (drop any no longer); once the matrix says "
        "so this goes away"
    )


def _recurring_groups(tabs: Tabs) -> dict[tuple[str, str, str], list[str]]:
    """The demo's disputes grouped by scenario, activity and quarter, from the raw rows."""
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for row in tabs[DISPUTE][1:]:
        raised: dt.datetime = row[1]
        groups[(row[4], row[5], f"{raised.year}Q{(raised.month - 1) // 3 + 1}")].append(row[0])
    return {k: sorted(v) for k, v in groups.items() if len(v) >= 2}


def _waiting_majors(tabs: Tabs) -> list[str]:
    """The demo's major disputes still 待处理 or 协商中, from the raw rows."""
    return [r[0] for r in tabs[DISPUTE][1:] if r[7] == "重大" and r[8] in ("待处理", "协商中")]


def _moved(tabs: Tabs) -> list[str]:
    """The demo's latest decision per activity whose 裁决负责部门 the matrix does not list."""
    matrix = {(r[0], r[1]): r[2].split("、") for r in tabs[TAB_TITLES["responsibilities"]][1:]}
    latest: dict[tuple[str, str], list[Any]] = {}
    for r in sorted(tabs[DISPUTE][1:], key=lambda r: (r[11] or r[1], r[0])):
        if r[8] == "已裁决" and r[12]:
            latest[(r[4], r[5])] = r
    return sorted(r[0] for k, r in latest.items() if r[12] not in matrix.get(k, []))


def _demo_signals(tabs: Tabs) -> tuple[dict[Any, list[str]], list[str], list[str]]:
    found = validate(parse_workbook(MemoryBackend(tabs).read(), Settings()))
    mine = [f for f in found if f.rule.startswith(NEW)]
    assert {f.rule for f in mine} <= {
        "dispute.recurring", "dispute.major_not_escalated", "dispute.decision_not_in_matrix"
    }  # fmt: skip
    recurring = {
        (f.params["scenario"], f.params["activity"], f.params["quarter"]): f.value.split("、")
        for f in mine
        if f.rule == "dispute.recurring"
    }
    majors = [f.params["dispute"] for f in mine if f.rule == "dispute.major_not_escalated"]
    moved = sorted(f.params["dispute"] for f in mine if f.rule == "dispute.decision_not_in_matrix")
    return recurring, majors, moved


def test_on_the_demo_exactly_the_recurring_disputes_are_flagged(demo_tabs: Tabs) -> None:
    """The demo's disputes recur (DS0014 and DS0015 over 市场活动 · 方案评审 in 2026Q4,
    …): validate says so once per activity and quarter, and nothing else of these rules."""
    recurring, majors, moved = _demo_signals(demo_tabs)
    assert recurring == _recurring_groups(demo_tabs)
    assert recurring[("市场活动", "方案评审", "2026Q4")] == ["DS0014", "DS0015"]
    assert majors == _waiting_majors(demo_tabs) == []
    # DS0008 gave the customer training of 产品研发 · 成果交付 to 客服部 (D04): not in the matrix
    assert moved == _moved(demo_tabs) == ["DS0008"]


@pytest.mark.parametrize(
    ("today", "seed", "tasks"),
    [
        (dt.date(2026, 5, 12), 7, 2000),
        (dt.date(2026, 1, 1), 1, None),
        (dt.date(2024, 2, 29), 2, None),
    ],
)
def test_on_other_demos_the_recurring_and_waiting_major_disputes(
    today: dt.date, seed: int, tasks: int | None
) -> None:
    tabs = generate(today, seed=seed, tasks=tasks)
    recurring, majors, moved = _demo_signals(tabs)
    assert recurring == _recurring_groups(tabs)
    assert majors == _waiting_majors(tabs)
    assert moved == _moved(tabs)


def test_a_cell_that_could_not_be_read_is_reported_once() -> None:
    """An invalid date in 整改期限 or 裁决时间 is date.invalid there, not also "missing"."""
    _, found = findings_of(apply(put_cell("retrospectives", 2, "action_due", "2026-02-30"),
                                 put_cell("disputes", 2, "decided_at", "2026-02-30")))  # fmt: skip
    assert sorted((f.tab, f.cell, f.rule) for f in found) == sorted(
        [(DISPUTE, "L3", "date.invalid"), (RETRO, "J3", "date.invalid")]
    )
