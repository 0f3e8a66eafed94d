"""The plan's responsibility rules on the RACI matrix and the process templates: each rule
fails at the exact cell with a message in both locales, and its valid counterpart passes."""

from __future__ import annotations

from typing import Any

import pytest

from sheets_sync.finding import Finding
from tests.support.mutations import Mutation, add_rows, apply, put
from tests.support.workbooks import findings_of, triples

MATRIX, TEMPLATES = "权责清单", "流程模板"


def approval_template(approvals: int, work: int = 0) -> Mutation:
    """Template T3 (rows from sheet row 6 on): ``approvals`` approval steps, then ``work``
    work steps, each depending on the one before. Half the approvals use the Chinese label."""
    rows = []
    for n in range(1, approvals + work + 1):
        kind = ("approval" if n % 2 else "审批") if n <= approvals else "work"
        rows.append(
            ["T3", "多级审批", "产品研发", "", "large", n, f"第{n}步", "质量审核", kind, 24, 48,
             str(n - 1) if n > 1 else ""]
        )  # fmt: skip
    return add_rows("templates", *rows)


def matrix_row(scenario: str, activity: str, responsible: str, accountable: str) -> Mutation:
    return add_rows("responsibilities", [scenario, activity, responsible, accountable, "", "", ""])


def only(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


# rules whose message quotes the cell's value; the others describe it (the cycle, the
# template and its count, the scenario and activity) and the value has its own column
SHOWS_VALUE = {
    "raci.accountable_many",
    "ref.unknown",
    "template.activity_gap",
    "template.unknown_step",
    "template.sla_not_positive",
}

# (mutations, (tab, cell, rule), value, what the message or its fix must show besides)
FAILING = [
    pytest.param(
        [put("responsibilities", 1, "accountable", "D01、D02")],
        (MATRIX, "D2", "raci.accountable_many"), "D01、D02", ["2"],
        id="accountable-many",
    ),
    pytest.param(
        [put("responsibilities", 3, "accountable", "D01,D02;D03")],
        (MATRIX, "D4", "raci.accountable_many"), "D01、D02、D03", ["3"],
        id="accountable-three-mixed-separators",
    ),
    pytest.param(
        [matrix_row("产品研发", "需求对接", "D02", "D02")],
        (MATRIX, "D6", "raci.duplicate_pair"), "D02", ["产品研发", "需求对接", "B2"],
        id="duplicate-pair-second-accountable-row",
    ),
    pytest.param(
        [put("responsibilities", 1, "accountable", "")],
        (MATRIX, "D2", "raci.no_accountable"), None, [],
        id="no-accountable",
    ),
    pytest.param(
        [put("responsibilities", 4, "responsible", "  ")],
        (MATRIX, "C5", "raci.no_responsible"), None, [],
        id="no-responsible",
    ),
    pytest.param(
        [put("responsibilities", 2, "responsible", "D01、D09")],
        (MATRIX, "C3", "ref.unknown"), "D09", ["部门"],
        id="responsible-unknown-department",
    ),
    pytest.param(
        [put("responsibilities", 4, "accountable", "D1")],
        (MATRIX, "D5", "ref.unknown"), "D1", ["D01"],
        id="accountable-unknown-department-suggests-closest",
    ),
    pytest.param(
        [put("templates", 2, "activity", "市场调研")],
        (TEMPLATES, "H3", "template.activity_gap"), "市场调研", ["产品研发"],
        id="activity-not-in-matrix",
    ),
    pytest.param(
        [put("templates", 4, "activity", "需求对接")],
        (TEMPLATES, "H5", "template.activity_gap"), "需求对接", ["客户服务"],
        id="activity-in-matrix-only-under-another-scenario",
    ),
    pytest.param(
        [approval_template(6)],
        (TEMPLATES, "I11", "template.too_many_approvals"), "approval", ["T3", "6", "5"],
        id="six-approvals",
    ),
    pytest.param(
        [approval_template(7, work=1)],
        (TEMPLATES, "I11", "template.too_many_approvals"), "approval", ["T3", "7", "5"],
        id="seven-approvals-reported-once-at-the-sixth",
    ),
    pytest.param(
        [put("templates", 1, "depends_on", "3")],
        (TEMPLATES, "L2", "template.cycle"), "1、3、2、1", ["T1", "1 → 3 → 2 → 1"],
        id="cycle-through-three-steps",
    ),
    pytest.param(
        [put("templates", 2, "depends_on", "1、2")],
        (TEMPLATES, "L3", "template.cycle"), "2、2", ["T1", "2 → 2"],
        id="self-dependency",
    ),
    pytest.param(
        [put("templates", 3, "depends_on", "9")],
        (TEMPLATES, "L4", "template.unknown_step"), "9", ["T1"],
        id="depends-on-missing-step",
    ),
    pytest.param(
        [put("templates", 3, "depends_on", "第二步")],
        (TEMPLATES, "L4", "template.unknown_step"), "第二步", ["T1"],
        id="depends-on-not-a-step-number",
    ),
    pytest.param(
        [put("templates", 4, "depends_on", "2")],
        (TEMPLATES, "L5", "template.unknown_step"), "2", ["T2"],
        id="depends-on-a-step-of-another-template",
    ),
    pytest.param(
        [put("templates", 1, "response_sla_h", 0)],
        (TEMPLATES, "J2", "template.sla_not_positive"), 0.0, ["0"],
        id="response-sla-zero",
    ),
    pytest.param(
        [put("templates", 2, "done_sla_h", "-4")],
        (TEMPLATES, "K3", "template.sla_not_positive"), -4.0, ["-4"],
        id="done-sla-negative",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("mutations", "expected", "value", "shown"), FAILING)
def test_rule_fails_at_the_exact_cell_with_a_message_in_both_locales(
    mutations: list[Mutation], expected: tuple[str, str, str], value: Any, shown: list[str]
) -> None:
    raw = apply(*mutations)
    wb, findings = findings_of(raw)
    tab, cell, rule = expected
    # a business rule reports, it never drops the row
    key = "responsibilities" if tab == MATRIX else "templates"
    assert len(wb[key]) == len(raw[tab]) - 1
    assert [(f.tab, f.cell) for f in only(findings, rule)] == [(tab, cell)]
    found = only(findings, rule)[0]
    assert found.value == value
    assert found.severity == "error"
    for locale in ("zh-CN", "en"):
        message, fix = found.message(locale), found.fix(locale)
        assert message.strip() and fix.strip()
        if rule in SHOWS_VALUE:
            assert found.as_row(locale)["value"] in message
        for text in shown:
            assert text in message + fix


def test_message_language_follows_the_locale() -> None:
    _, findings = findings_of(apply(put("templates", 2, "activity", "市场调研")))
    (gap,) = findings
    assert "权责清单" in gap.fix("zh-CN")
    assert "matrix" in gap.message("en")
    assert gap.message("zh-CN") != gap.message("en")


def test_empty_accountable_or_responsible_keeps_the_row_and_names_the_column() -> None:
    raw = apply(put("responsibilities", 1, "accountable", ""),
                put("responsibilities", 2, "responsible", None))  # fmt: skip
    wb, findings = findings_of(raw)
    assert triples(findings) == {
        (MATRIX, "D2", "raci.no_accountable"),
        (MATRIX, "C3", "raci.no_responsible"),
    }
    matrix = wb["responsibilities"]
    assert list(matrix.column("activity")) == ["需求对接", "成果交付", "质量审核", "问题受理"]
    assert matrix.column("accountable")[0] is None
    assert matrix.column("responsible")[1] is None
    no_acc, no_resp = sorted(findings, key=lambda f: f.cell, reverse=True)
    assert "最终负责" in no_acc.message("zh-CN") and "accountable" in no_acc.message("en")
    assert "负责部门" in no_resp.message("zh-CN") and "responsible" in no_resp.message("en")


def test_template_step_on_an_incomplete_matrix_row_is_still_covered() -> None:
    # the matrix row lacks its accountable department (its own finding), but the activity is
    # in the matrix, so the template step is no gap
    _, findings = findings_of(apply(put("responsibilities", 2, "accountable", "")))
    assert triples(findings) == {(MATRIX, "D3", "raci.no_accountable")}


PASSING = [
    pytest.param([put("responsibilities", 1, "accountable", "D02")], id="one-accountable"),
    pytest.param([put("responsibilities", 1, "accountable", " D01 ; ")],
                 id="one-accountable-with-separator"),
    pytest.param([matrix_row("客户服务", "需求对接", "D03", "D03")],
                 id="same-activity-in-another-scenario"),
    pytest.param([put("responsibilities", 1, "responsible", "D01")], id="one-responsible"),
    pytest.param([put("responsibilities", 1, "responsible", "D01，D02、D03;D04")],
                 id="all-departments-exist"),
    pytest.param([put("templates", 4, "activity", "问题受理")], id="activity-in-matrix"),
    pytest.param([approval_template(5)], id="five-approvals"),
    pytest.param([approval_template(5, work=3)], id="five-approvals-and-other-steps"),
    pytest.param([approval_template(4), put("templates", 2, "kind", "审批"),
                  put("templates", 1, "kind", "approval")],
                 id="approvals-counted-per-template"),
    pytest.param([put("templates", 3, "depends_on", "1、2")], id="two-prerequisites"),
    pytest.param([put("templates", 3, "depends_on", "１，２")], id="fullwidth-prerequisites"),
    pytest.param([put("templates", 3, "depends_on", 2.0)], id="prerequisite-as-number-cell"),
    pytest.param([put("templates", 1, "depends_on", "")], id="no-prerequisite"),
    pytest.param([put("templates", 1, "response_sla_h", 0.5)], id="half-hour-sla"),
    pytest.param([put("templates", 1, "done_sla_h", "")], id="sla-left-empty"),
]  # fmt: skip


@pytest.mark.parametrize("mutations", PASSING)
def test_valid_counterpart_passes(mutations: list[Mutation]) -> None:
    _, findings = findings_of(apply(*mutations))
    assert findings == []


def test_five_approvals_pass_six_fail() -> None:
    five = findings_of(apply(approval_template(5)))[1]
    six = findings_of(apply(approval_template(6)))[1]
    assert only(five, "template.too_many_approvals") == []
    (f,) = only(six, "template.too_many_approvals")
    assert f.params == {"template": "T3", "n": 6, "limit": 5}


def test_cycle_is_reported_once_per_template_with_its_steps() -> None:
    raw = apply(put("templates", 1, "depends_on", "3"), approval_template(3),
                put("templates", 5, "depends_on", "3"))  # fmt: skip
    _, findings = findings_of(raw)
    cycles = only(findings, "template.cycle")
    assert [(f.cell, f.params["template"], f.params["cycle"]) for f in cycles] == [
        ("L2", "T1", "1 → 3 → 2 → 1"),
        ("L6", "T3", "1 → 3 → 2 → 1"),
    ]


def test_sla_zero_and_negative_fail_positive_passes() -> None:
    raw = apply(put("templates", 1, "response_sla_h", 0), put("templates", 1, "done_sla_h", -1),
                put("templates", 2, "response_sla_h", 0.1))  # fmt: skip
    _, findings = findings_of(raw)
    assert triples(findings) == {
        (TEMPLATES, "J2", "template.sla_not_positive"),
        (TEMPLATES, "K2", "template.sla_not_positive"),
    }


@pytest.mark.parametrize("dep", ["⓵", "፩", "1" * 5000, "x"])
def test_a_strange_prerequisite_is_a_finding_not_a_crash(dep: str) -> None:
    _wb, findings = findings_of(apply(put("templates", 2, "depends_on", dep)))
    assert [f.rule for f in only(findings, "template.unknown_step")] == ["template.unknown_step"]


@pytest.mark.parametrize("cell", ["、", ", ;", "，\n"])
def test_a_list_of_only_separators_is_an_empty_responsible(cell: str) -> None:
    wb, findings = findings_of(apply(put("responsibilities", 1, "responsible", cell)))
    assert len(only(findings, "raci.no_responsible")) == 1
    assert wb["responsibilities"].column("responsible")[0] is None
