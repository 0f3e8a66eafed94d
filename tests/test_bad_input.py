"""Bad input in every tab: each problem is one exact finding (tab, A1 cell, rule), the row
is dropped only when a required value is unusable, and the other rows of the tab still load.
Also the forms people type that must parse: dates, numbers, booleans and id lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from config.errors import TabMissingError
from config.schema import TABS
from config.settings import Settings
from sheets_sync.finding import column_letter
from tests.support.mutations import (
    Mutation,
    add_copy,
    drop_column,
    extra_cell,
    put,
    rename_header,
    replace_tab,
)
from tests.support.workbooks import (
    base,
    base_count,
    base_rows,
    col,
    findings_of,
    ids,
    mutated,
    parse,
    title,
    triples,
)

N = {key: base_count(key) for key in base_rows()}


def case(
    id: str,
    key: str,
    change: Mutation | tuple[int, str, Any],
    cell: str,
    rule: str,
    loaded: int,
    keep: Any,
    also: tuple[tuple[str, str, str], ...] = (),
) -> Any:
    """One bad-input case in tab ``key``: the change (a mutation, or ``(row, column, value)``
    written into one cell), the finding it must give, how many rows of the tab must still load,
    an id that must be among them (None for an empty table) and, in ``also``, the only errors
    allowed in other tabs (follow-ons of the same mistake)."""
    mutate = put(key, *change) if isinstance(change, tuple) else change
    return pytest.param(key, mutate, (title(key), cell, rule), loaded, keep, frozenset(also), id=id)


LONG = "x" * 50_001
OCT1, OCT10 = dt.date(2026, 10, 1), dt.date(2026, 10, 10)

# fmt: off
CASES = [
    # departments
    case("departments-name-missing", "departments", (1, "name", ""),
         "B2", "value.required", 3, "D02"),
    case("departments-name-too-long", "departments", (4, "name", LONG),
         "B5", "cell.too_long", 3, "D01"),
    case("departments-head-unknown-person", "departments", (2, "head", "P99"),
         "C3", "ref.unknown", 4, "D02"),
    case("departments-escalate-to-unknown", "departments", (3, "escalate_to", "P98"),
         "D4", "ref.unknown", 4, "D03"),
    case("departments-channel-unknown", "departments", (1, "channel", "pigeon"),
         "E2", "enum.unknown", 4, "D01"),
    case("departments-active-maybe", "departments", (2, "active", "maybe"),
         "F3", "bool.invalid", 4, "D02"),
    case("departments-duplicate-id", "departments", add_copy("departments", 2, name="重复"),
         "A6", "id.duplicate", 4, "D02"),
    case("departments-id-fullwidth", "departments", (1, "dept_id", "Ｄ０１"),
         "A2", "id.fullwidth", 4, "D01"),
    case("departments-id-trailing-space", "departments", (2, "dept_id", "D02 "),
         "A3", "id.whitespace", 4, "D02"),
    case("departments-name-formula-text", "departments", (1, "name", '=HYPERLINK("x")'),
         "B2", "cell.formula_text", 4, "D01"),
    # people
    case("people-dept-unknown", "people", (2, "dept_id", "D09"), "C3", "ref.unknown", 7, "P02"),
    case("people-role-unknown", "people", (2, "role", "boss"), "F3", "enum.unknown", 7, "P02"),
    case("people-active-not-yes-no", "people", (2, "active", "也许"),
         "G3", "bool.invalid", 7, "P02"),
    case("people-duplicate-id", "people", add_copy("people", 2), "A9", "id.duplicate", 7, "P02"),
    case("people-name-too-long", "people", (2, "name", LONG), "B3", "cell.too_long", 6, "P01"),
    case("people-id-blank", "people", (2, "person_id", "  "), "A3", "value.required", 6, "P01"),
    case("people-email-malformed", "people", (2, "email", "lisi at example"),
         "D3", "person.email", 7, "P02"),
    case("people-id-fullwidth", "people", (3, "person_id", "Ｐ０３"),
         "A4", "id.fullwidth", 7, "P03"),
    # responsibilities
    case("matrix-responsible-unknown-in-list", "responsibilities",
         (1, "responsible", "D01，D09；D02"),
         "C2", "ref.unknown", 4, "需求对接"),
    case("matrix-consulted-unknown", "responsibilities", (3, "consulted", "D07"),
         "E4", "ref.unknown", 4, "质量审核"),
    case("matrix-informed-unknown-after-newline", "responsibilities", (4, "informed", "D01\nD66"),
         "F5", "ref.unknown", 4, "问题受理"),
    case("matrix-two-accountable", "responsibilities", (1, "accountable", "D01、D02"),
         "D2", "raci.accountable_many", 4, "需求对接"),
    case("matrix-scenario-missing", "responsibilities", (2, "scenario", ""),
         "A3", "value.required", 3, "需求对接",
         also=(("流程模板", "H3", "template.activity_gap"),)),
    case("matrix-notes-too-long", "responsibilities", (2, "notes", LONG),
         "G3", "cell.too_long", 4, "成果交付"),
    # templates
    case("templates-step-text", "templates", (1, "step", "abc"), "F2", "int.invalid", 3, "交付"),
    case("templates-step-fraction", "templates", (2, "step", "2.5"),
         "F3", "int.invalid", 3, "提需求"),
    case("templates-step-zero", "templates", (2, "step", 0), "F3", "number.range", 3, "提需求"),
    case("templates-response-sla-text", "templates", (1, "response_sla_h", "soon"),
         "J2", "float.invalid", 4, "提需求"),
    case("templates-done-sla-text", "templates", (3, "done_sla_h", "两天"),
         "K4", "float.invalid", 4, "审核"),
    case("templates-kind-unknown", "templates", (3, "kind", "sign-off"),
         "I4", "enum.unknown", 4, "审核"),
    case("templates-scale-unknown", "templates", (4, "scale", "huge"),
         "E5", "enum.unknown", 4, "受理"),
    case("templates-duplicate-template-step", "templates",
         add_copy("templates", 2, step_name="再交付"),
         "F6", "id.duplicate", 4, "交付"),
    case("templates-name-missing", "templates", (4, "name", ""),
         "B5", "value.required", 3, "提需求"),
    case("templates-activity-not-in-matrix", "templates", (2, "activity", "市场调研"),
         "H3", "template.activity_gap", 4, "交付"),
    case("templates-depends-on-unknown-step", "templates", (2, "depends_on", "1、9"),
         "L3", "template.unknown_step", 4, "交付"),
    # projects
    case("projects-created-february-30", "projects", (1, "created_at", "2026-02-30 10:00"),
         "F2", "date.invalid", 2, "PJ1"),
    case("projects-start-month-13", "projects", (2, "start_date", "2026-13-01"),
         "G3", "date.invalid", 2, "PJ2"),
    case("projects-target-unparseable", "projects", (1, "target_date", "下周五"),
         "H2", "date.format", 2, "PJ1"),
    case("projects-status-unknown", "projects", (1, "status", "ongoing"),
         "I2", "enum.unknown", 2, "PJ1"),
    case("projects-priority-unknown", "projects", (2, "priority", "P0"),
         "J3", "enum.unknown", 2, "PJ2"),
    case("projects-template-unknown", "projects", (2, "template_id", "T9"),
         "C3", "ref.unknown", 2, "PJ2"),
    case("projects-initiator-unknown", "projects", (1, "initiator_dept", "D99"),
         "D2", "ref.unknown", 2, "PJ1"),
    case("projects-owner-unknown", "projects", (1, "owner", "P99"), "E2", "ref.unknown", 2, "PJ1"),
    case("projects-duplicate-id", "projects", add_copy("projects", 1, name="副本"),
         "A4", "id.duplicate", 2, "PJ1"),
    case("projects-name-missing", "projects", (2, "name", None), "B3", "value.required", 1, "PJ1"),
    case("projects-template-fullwidth", "projects", (1, "template_id", "Ｔ１"),
         "C2", "id.fullwidth", 2, "PJ1"),
    case("projects-closed-before-created", "projects", (1, "closed_at", "2026-10-01"),
         "K2", "time.order", 2, "PJ1"),
    # tasks
    case("tasks-step-text", "tasks", (1, "step", "第一步"), "C2", "int.invalid", 2, "K2"),
    case("tasks-project-unknown", "tasks", (2, "project_id", "PJ9"), "B3", "ref.unknown", 3, "K2"),
    case("tasks-dept-unknown", "tasks", (3, "dept_id", "D09"), "E4", "ref.unknown", 3, "K3"),
    case("tasks-assignee-unknown", "tasks", (1, "assignee", "P99"), "F2", "ref.unknown", 3, "K1"),
    case("tasks-handed-off-february-30", "tasks", (2, "handed_off_at", "2026-02-30 09:00"),
         "G3", "date.invalid", 3, "K2"),
    case("tasks-due-unparseable", "tasks", (2, "due_at", "ASAP"), "I3", "date.format", 3, "K2"),
    # "no end" typed as the largest date (trial10: every run failed on it), a year-1 cell
    case("tasks-due-year-9999", "tasks", (2, "due_at", "9999-12-31"),
         "I3", "date.out_of_range", 3, "K2"),
    case("tasks-handed-off-year-1", "tasks", (2, "handed_off_at", dt.datetime(1, 1, 1)),
         "G3", "date.out_of_range", 3, "K2"),
    case("tasks-due-serial-9999", "tasks", (1, "due_at", 2_958_465), "I2", "date.out_of_range",
         3, "K1"),
    # PJ1 created 11-01 09:00: a first hand-off days before (trial11: -8 days in the KPI)
    case("tasks-handed-off-before-the-project", "tasks", (1, "handed_off_at", "2026-10-30 09:00"),
         "G2", "task.before_project", 3, "K1"),
    case("tasks-status-unknown", "tasks", (2, "status", "finished"), "K3", "enum.unknown", 3, "K2"),
    case("tasks-duplicate-id", "tasks", add_copy("tasks", 1, note="copy"),
         "A5", "id.duplicate", 3, "K1"),
    case("tasks-id-missing", "tasks", (3, "task_id", ""), "A4", "value.required", 2, "K1"),
    case("tasks-dept-trailing-space", "tasks", (1, "dept_id", "D01 "),
         "E2", "id.whitespace", 3, "K1"),
    # a zero-width space pasted with an id (trial10: a new id that looks like the old one)
    case("tasks-id-zero-width-space", "tasks", (2, "task_id", "K2\u200b"),
         "A3", "id.invisible", 3, "K2"),
    case("tasks-project-zero-width-joiner", "tasks", (1, "project_id", "\u2060PJ1"),
         "B2", "id.invisible", 3, "K1"),
    case("tasks-dept-left-to-right-mark", "tasks", (1, "dept_id", "D01\u200e"),
         "E2", "id.invisible", 3, "K1"),
    case("responsibilities-ids-zero-width", "responsibilities",
         (1, "responsible", "D01\u200b"), "C2", "id.invisible", 4, None),
    # nothing but an invisible character: as empty as it looks (review11: a warning only)
    case("tasks-id-only-zero-width", "tasks", (3, "task_id", "\u200b"),
         "A4", "value.required", 2, "K1"),
    case("tasks-assignee-fullwidth", "tasks", (2, "assignee", "Ｐ０３"),
         "F3", "id.fullwidth", 3, "K2"),
    case("tasks-note-formula-text", "tasks", (1, "note", "=1+1"),
         "M2", "cell.formula_text", 3, "K1"),
    # disputes
    case("disputes-raised-at-february-30", "disputes", (1, "raised_at", "2026-02-30"),
         "B2", "date.invalid", 1, "DS2"),
    case("disputes-raised-by-unknown", "disputes", (2, "raised_by", "P42"),
         "C3", "ref.unknown", 2, "DS2"),
    case("disputes-departments-unknown", "disputes", (1, "departments", "D01、D08"),
         "D2", "ref.unknown", 2, "DS1"),
    case("disputes-severity-unknown", "disputes", (1, "severity", "critical"),
         "H2", "enum.unknown", 2, "DS1"),
    case("disputes-status-unknown", "disputes", (2, "status", "pending"),
         "I3", "enum.unknown", 2, "DS2"),
    case("disputes-description-missing", "disputes", (2, "description", ""),
         "G3", "value.required", 1, "DS1"),
    case("disputes-duplicate-id", "disputes", add_copy("disputes", 1),
         "A4", "id.duplicate", 2, "DS1"),
    case("disputes-decided-month-13", "disputes", (2, "decided_at", "2026-13-12 10:00"),
         "L3", "date.invalid", 2, "DS2"),
    case("disputes-decided-year-3026", "disputes", (2, "decided_at", dt.datetime(3026, 1, 5)),
         "L3", "date.out_of_range", 2, "DS2"),
    # retrospectives
    case("retros-project-unknown", "retrospectives", (1, "project_id", "PJ7"),
         "B2", "ref.unknown", 2, "R1"),
    case("retros-case-unknown", "retrospectives", (1, "case_id", "C9"),
         "G2", "ref.unknown", 2, "R1"),
    case("retros-held-on-unparseable", "retrospectives", (2, "held_on", "上周"),
         "C3", "date.format", 1, "R1"),
    case("retros-category-unknown", "retrospectives", (1, "category", "blame"),
         "D2", "enum.unknown", 2, "R1"),
    case("retros-action-owner-unknown", "retrospectives", (2, "action_owner", "P77"),
         "I3", "ref.unknown", 2, "R2"),
    case("retros-duplicate-id", "retrospectives", add_copy("retrospectives", 1),
         "A4", "id.duplicate", 2, "R1"),
    case("retros-finding-missing", "retrospectives", (1, "finding", None),
         "E2", "value.required", 1, "R2"),
    # survey
    case("survey-rating-6", "survey", (1, "clarity", 6), "E2", "number.range", 1, "S2"),
    case("survey-rating-0", "survey", (2, "smoothness", 0), "F3", "number.range", 1, "S1"),
    case("survey-rating-text", "survey", (1, "communication", "good"),
         "G2", "int.invalid", 1, "S2"),
    case("survey-rating-fraction", "survey", (2, "clarity", "4.5"), "E3", "int.invalid", 1, "S1"),
    case("survey-optional-rating-9", "survey", (2, "overall", 9), "H3", "number.range", 2, "S2"),
    case("survey-quarter-word-order", "survey", (1, "quarter", "Q4 2026"),
         "B2", "survey.quarter", 2, "S1"),
    case("survey-quarter-5", "survey", (2, "quarter", "2026Q5"), "B3", "survey.quarter", 2, "S2"),
    case("survey-dept-unknown", "survey", (1, "dept_id", "D77"), "C2", "ref.unknown", 2, "S1"),
    case("survey-submitted-november-31", "survey", (1, "submitted_at", "2026-11-31 10:00"),
         "D2", "date.invalid", 2, "S1"),
    case("survey-duplicate-response-id", "survey", add_copy("survey", 1, dept_id="D03"),
         "A4", "id.duplicate", 2, "S1"),
    # cases
    case("cases-category-unknown", "cases", (1, "category", "misc"), "C2", "enum.unknown", 1, "C2"),
    case("cases-solution-too-long", "cases", (1, "solution", LONG), "F2", "cell.too_long", 1, "C2"),
    case("cases-optional-symptom-too-long", "cases", (2, "symptom", LONG),
         "D3", "cell.too_long", 2, "C2"),
    case("cases-departments-unknown", "cases", (1, "departments", "D01、D66"),
         "H2", "ref.unknown", 2, "C1"),
    case("cases-first-seen-not-leap-year", "cases", (2, "first_seen", "2026-02-29"),
         "I3", "date.invalid", 2, "C2"),
    case("cases-occurrences-text", "cases", (1, "occurrences", "很多"),
         "K2", "int.invalid", 2, "C1"),
    case("cases-occurrences-negative", "cases", (2, "occurrences", -1),
         "K3", "number.range", 2, "C2"),
    case("cases-duplicate-id", "cases", add_copy("cases", 2), "A4", "id.duplicate", 2, "C2"),
    case("cases-title-missing", "cases", (2, "title", ""), "B3", "value.required", 1, "C1"),
    # calendar
    case("calendar-date-february-30", "calendar", (1, "date", "2026-02-30"),
         "A2", "date.invalid", 1, OCT10),
    case("calendar-date-unparseable", "calendar", (2, "date", "国庆"),
         "A3", "date.format", 1, OCT1),
    case("calendar-kind-unknown", "calendar", (1, "kind", "vacation"),
         "B2", "enum.unknown", 1, OCT10),
    case("calendar-kind-missing", "calendar", (2, "kind", ""), "B3", "value.required", 1, OCT1),
    case("calendar-duplicate-date-other-form", "calendar",
         add_copy("calendar", 1, date="2026/10/01"),
         "A4", "id.duplicate", 2, OCT1),
    # headers and whole tabs
    case("header-blank-with-data", "people", rename_header("people", "email", ""),
         "D1", "header.blank", 7, "P01"),
    case("header-missing-right-of-last-column", "tasks", extra_cell("tasks", 2, "看这里"),
         "N1", "header.blank", 3, "K2"),
    case("header-duplicate-key", "templates", rename_header("templates", "depends_on", "Step_Name"),
         "L1", "header.duplicate", 4, "提需求"),
    case("header-duplicate-chinese-label", "departments",
         rename_header("departments", "active", "部门名称"),
         "F1", "header.duplicate", 4, "D01"),
    case("header-required-column-missing", "projects", drop_column("projects", "initiator_dept"),
         "A1", "header.missing", 0, None),
    case("header-required-column-missing-optional-tab", "calendar", drop_column("calendar", "kind"),
         "A1", "header.missing", 0, None),
    case("header-id-column-missing", "people", drop_column("people", "person_id"),
         "A1", "header.missing", 0, None),
    case("tab-empty-no-header", "tasks", replace_tab("tasks", []), "A1", "tab.no_header", 0, None),
    case("tab-blank-header-row", "survey", replace_tab("survey", [[None, "", "  "], ["", None]]),
         "A1", "tab.no_header", 0, None),
    case("tab-header-only", "tasks", replace_tab("tasks"), "A2", "tab.empty", 0, None),
]
# fmt: on


@pytest.mark.parametrize(("key", "mutate", "expected", "loaded", "keep", "also"), CASES)
def test_bad_input_is_one_finding_and_valid_rows_still_load(
    key: str,
    mutate: Mutation,
    expected: tuple[str, str, str],
    loaded: int,
    keep: Any,
    also: frozenset[tuple[str, str, str]],
) -> None:
    raw = base()
    mutate(raw)
    wb, findings = findings_of(raw)

    assert expected in triples(findings)
    assert len(wb[key]) == loaded
    if keep is not None:
        assert keep in ids(wb, key)
    # the mistake is reported where it is, not again as follow-on errors in other tabs
    elsewhere = {
        (f.tab, f.cell, f.rule) for f in findings if f.severity == "error" and f.tab != title(key)
    }
    assert elsewhere <= also
    found = next(f for f in findings if (f.tab, f.cell, f.rule) == expected)
    for locale in ("zh-CN", "en"):
        assert found.message(locale).strip()
        assert found.fix(locale).strip()


def test_bad_input_covers_every_tab_and_many_cases() -> None:
    assert len(CASES) >= 60
    assert {p.values[0] for p in CASES} == set(TABS)


def test_base_workbook_validates_without_findings() -> None:
    wb, findings = findings_of(base())
    assert findings == []
    assert {key: len(t) for key, t in wb.tables.items()} == N


# --- the row a bad value sits in -----------------------------------------------------------


def test_invalid_optional_value_is_read_as_empty_and_the_row_kept() -> None:
    wb = parse(mutated("projects", 1, "start_date", "2026-02-30"))
    projects = wb["projects"]
    assert projects.column("project_id")[0] == "PJ1"
    assert projects.column("start_date")[0] is None
    assert projects.column("target_date")[0] == dt.date(2026, 12, 31)


def test_duplicate_id_keeps_the_first_row_and_names_it() -> None:
    raw = base()
    add_copy("people", 2, name="另一个李四")(raw)
    wb, findings = findings_of(raw)
    dup = next(f for f in findings if f.rule == "id.duplicate")
    assert (dup.cell, dup.value, dup.params["first"]) == ("A9", "P02", "A3")
    people = wb["people"]
    assert people.column("name")[people.column("person_id").index("P02")] == "李四"
    assert people.rows == (2, 3, 4, 5, 6, 7, 8)


def test_row_with_a_required_error_is_not_called_missing_where_it_is_referenced() -> None:
    # D01 loses its name: the department row is skipped, but D01 does exist in the sheet,
    # so the people, matrix, projects ... that name it must not say "D01 does not exist".
    wb, findings = findings_of(mutated("departments", 1, "name", ""))
    assert triples(findings) == {("部门", "B2", "value.required")}
    assert "D01" not in ids(wb, "departments")


def test_every_missing_required_value_of_a_row_is_said_not_only_the_first() -> None:
    """trial15: a row without 任务编号 and 项目编号 said only A3; the coordinator typed the id,
    ran again and was told of B3. Both now, the row left out once; its other rows still load."""
    raw = mutated("tasks", 2, "task_id", "")
    put("tasks", 2, "project_id", "")(raw)
    wb, findings = findings_of(raw)
    tasks = title("tasks")
    missing = sorted((f.tab, f.cell) for f in findings if f.rule == "value.required")
    assert missing == [(tasks, "A3"), (tasks, "B3")]
    assert len(wb["tasks"]) == N["tasks"] - 1


@pytest.mark.parametrize("key", ["tasks", "responsibilities", "templates", "disputes"])
def test_a_row_with_no_required_value_is_one_finding(key: str) -> None:
    """review19: a note typed under the table (only an optional cell filled) gave one error
    per required column, each saying the row was left out, and in 权责清单 also 没有负责部门."""
    raw = base()
    rows = raw[title(key)]
    optional = {"tasks": "note", "responsibilities": "notes", "templates": "project_type",
                "disputes": "decision"}[key]  # fmt: skip
    row = [None] * len(rows[0])
    row[col(key, optional)] = "下周再补"
    rows.append(row)
    wb, findings = findings_of(raw)
    mine = [(f.cell, f.rule) for f in findings if f.tab == title(key) and
            f.cell.endswith(str(len(rows)))]  # fmt: skip
    assert mine == [(f"A{len(rows)}", "value.required")]
    assert len(wb[key]) == N[key]


def test_skipped_template_step_is_not_an_unknown_prerequisite() -> None:
    # step 2 of T1 has no step_name: that row is skipped, yet step 3 depends on it and
    # task K2 is at step 2; only the missing name is an error.
    wb, findings = findings_of(mutated("templates", 2, "step_name", ""))
    assert triples(findings) == {("流程模板", "G3", "value.required")}
    assert len(wb["templates"]) == N["templates"] - 1


def test_missing_column_is_reported_once_and_the_tab_gives_no_rows() -> None:
    for key, schema in TABS.items():
        for column in schema.columns:
            if not column.required:
                continue
            raw = base()
            drop_column(key, column.key)(raw)
            wb, findings = findings_of(raw)
            assert triples(findings) == {(title(key), "A1", "header.missing")}, column.key
            assert findings[0].params["key"] == column.key
            assert len(wb[key]) == 0  # unusable: no half-read rows


def test_cell_over_the_limit_reports_its_length_and_a_short_value() -> None:
    wb, findings = findings_of(mutated("cases", 2, "symptom", LONG))
    (f,) = findings
    assert f.params == {"length": 50_001, "limit": 50_000}
    assert "50001" in f.message("en")
    assert len(f.as_row()["value"]) <= 80
    assert wb["cases"].column("symptom")[1] is None


def test_formula_text_is_kept_as_text() -> None:
    wb = parse(mutated("tasks", 1, "note", "=1+1"))
    assert wb["tasks"].column("note")[0] == "=1+1"


@pytest.mark.parametrize(
    ("key", "row", "column", "typed", "read_as", "rule"),
    [
        pytest.param("departments", 1, "dept_id", "Ｄ０１", "D01", "id.fullwidth", id="fullwidth"),
        pytest.param("people", 1, "person_id", "P01 ", "P01", "id.whitespace", id="trailing"),
        pytest.param("people", 1, "person_id", " P01", "P01", "id.whitespace", id="leading"),
        pytest.param("people", 1, "person_id", "P01\u3000", "P01", "id.whitespace", id="ideo"),
        pytest.param("tasks", 1, "project_id", "ＰＪ１ ", "PJ1", "id.fullwidth", id="both"),
    ],
)
def test_id_with_fullwidth_or_spaces_warns_and_is_normalized(
    key: str, row: int, column: str, typed: str, read_as: str, rule: str
) -> None:
    wb, findings = findings_of(mutated(key, row, column, typed))
    (f,) = findings
    cell = f"{column_letter(col(key, column))}{row + 1}"
    assert (f.tab, f.cell, f.rule, f.severity) == (title(key), cell, rule, "warning")
    assert f.value == typed
    assert f.params["fixed"] == read_as
    assert read_as in f.message("en")
    assert wb[key].column(column)[row - 1] == read_as
    assert len(wb[key]) == N[key]


# --- whole tabs ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["disputes", "retrospectives", "survey", "cases", "calendar"])
def test_missing_optional_tab_is_a_warning_and_an_empty_table(key: str) -> None:
    raw = base()
    del raw[title(key)]
    wb, findings = findings_of(raw)
    assert [(f.tab, f.cell, f.rule, f.severity) for f in findings] == [
        (title(key), "A1", "tab.missing_optional", "warning")
    ]
    assert len(wb[key]) == 0
    assert list(wb[key].columns) == [c.key for c in TABS[key].columns]


@pytest.mark.parametrize("key", ["disputes", "retrospectives", "survey", "cases", "calendar"])
def test_optional_tab_with_only_a_header_is_fine(key: str) -> None:
    raw = base()
    replace_tab(key)(raw)
    wb, findings = findings_of(raw)
    if key == "cases":  # retrospective R1 names case C1, which is gone now
        assert triples(findings) == {("复盘", "G2", "ref.unknown")}
    else:
        assert findings == []
    assert len(wb[key]) == 0


@pytest.mark.parametrize(
    "key", ["departments", "people", "responsibilities", "templates", "projects", "tasks"]
)
def test_missing_required_tab_raises_naming_the_tab(key: str) -> None:
    raw = base()
    del raw[title(key)]
    with pytest.raises(TabMissingError) as info:
        parse(raw)
    message = str(info.value)
    assert title(key) in message
    assert key in message
    assert title("departments" if key != "departments" else "people") in message  # tabs present


def test_missing_required_tab_error_names_every_missing_tab() -> None:
    raw = base()
    del raw[title("tasks")]
    del raw[title("projects")]
    with pytest.raises(TabMissingError, match=r"协作项目 \(projects\), 任务进度 \(tasks\)"):
        parse(raw)


# --- what people type that must parse ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "at"),
    [
        pytest.param("2026-11-26", dt.datetime(2026, 11, 26), id="iso"),
        pytest.param("2026/11/26", dt.datetime(2026, 11, 26), id="slashes"),
        pytest.param("2026-11-26 14:30", dt.datetime(2026, 11, 26, 14, 30), id="with-time"),
        pytest.param("2026/11/26 9:05:07", dt.datetime(2026, 11, 26, 9, 5, 7), id="seconds"),
        pytest.param("2026-11-26T14:30", dt.datetime(2026, 11, 26, 14, 30), id="iso-t"),
        pytest.param("2026年11月26日", dt.datetime(2026, 11, 26), id="chinese"),
        pytest.param("2026年11月26日 14:30", dt.datetime(2026, 11, 26, 14, 30), id="zh-time"),
        pytest.param("2026年11月26日14时30分", dt.datetime(2026, 11, 26, 14, 30), id="zh-hm"),
        pytest.param("2026.11.26", dt.datetime(2026, 11, 26), id="dots"),
        pytest.param("2026-1-5", dt.datetime(2026, 1, 5), id="no-leading-zero"),
        pytest.param(" 2026-11-26 ", dt.datetime(2026, 11, 26), id="spaces"),
        pytest.param(
            "２０２６－１１－２６　１４：３０", dt.datetime(2026, 11, 26, 14, 30), id="fullwidth"
        ),
        pytest.param(46352.5, dt.datetime(2026, 11, 26, 12, 0), id="serial-noon"),
        pytest.param(46352, dt.datetime(2026, 11, 26), id="serial-int"),
        pytest.param(46352.604166666664, dt.datetime(2026, 11, 26, 14, 30), id="serial-14-30"),
        pytest.param(
            dt.datetime(2026, 11, 26, 14, 30),
            dt.datetime(2026, 11, 26, 14, 30),
            id="datetime-object",
        ),
        pytest.param(dt.date(2026, 11, 26), dt.datetime(2026, 11, 26), id="date-object"),
    ],
)
def test_dates_parse_in_every_common_form(typed: Any, at: dt.datetime) -> None:
    raw = mutated("projects", 1, "created_at", typed)
    put("projects", 1, "start_date", typed)(raw)
    put("projects", 1, "target_date", "2026-12-31")(raw)
    wb, findings = findings_of(raw)
    # read as that day: PJ1 created after its task K1 was handed off, on 11-02, is said
    late = at.date() > dt.date(2026, 11, 2)
    assert [(f.rule, f.cell) for f in findings] == ([("task.before_project", "G2")] if late else [])
    projects = wb["projects"]
    created, start = projects.column("created_at")[0], projects.column("start_date")[0]
    assert created == at
    assert type(created) is dt.datetime
    assert start == at.date()
    assert type(start) is dt.date


def test_serial_zero_and_negative_are_not_dates() -> None:
    raw = mutated("tasks", 1, "due_at", 0)
    put("tasks", 2, "due_at", -3)(raw)
    wb, findings = findings_of(raw)
    assert triples(findings) == {
        ("任务进度", "I2", "date.time_only"),
        ("任务进度", "I3", "date.serial_range"),
    }
    assert wb["tasks"].column("due_at")[:2] == [None, None]


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        pytest.param(3, "date.serial_range", id="small-number"),
        pytest.param(0.604, "date.time_only", id="time-fraction"),
        pytest.param(dt.time(14, 30), "date.time_only", id="time-cell"),
        pytest.param("1 2", "date.format", id="spaced-digits"),
    ],
)
def test_numbers_and_times_in_date_columns_are_findings(value: object, rule: str) -> None:
    wb, findings = findings_of(mutated("tasks", 1, "handed_off_at", value))
    assert ("任务进度", "G2", rule) in triples(findings)
    assert wb["tasks"].column("handed_off_at")[0] is None


@pytest.mark.parametrize("typed", ["2月30日", "12月8日 25:00", "13月1日"])
def test_a_month_and_day_that_is_no_date_is_no_date(typed: str) -> None:
    """review14: 「2月30日」 was told to be written YYYY-02-30."""
    _, findings = findings_of(mutated("tasks", 1, "due_at", typed))
    assert [f.rule for f in findings if f.cell == "I2"] == ["date.format"]


@pytest.mark.parametrize(
    ("typed", "fix"),
    [
        ("12月8日", "写上四位年份：YYYY-12-08（年-月-日），或使用日期格式的单元格"),
        ("１２月８号", "写上四位年份：YYYY-12-08（年-月-日），或使用日期格式的单元格"),
        ("12/8 14:30", "写上四位年份：YYYY-12-08 14:30（年-月-日），或使用日期格式的单元格"),
        ("12-08", "写上四位年份：YYYY-12-08（年-月-日），或使用日期格式的单元格"),
        ("12月8日 9点", "写上四位年份：YYYY-12-08 09:00（年-月-日），或使用日期格式的单元格"),
    ],
)  # fmt: skip
def test_a_date_without_its_year_says_so_with_that_date_in_the_fix(typed: str, fix: str) -> None:
    """trial15: 「12月8日」 was "not a date" with the fix "write it as 2026-11-26"."""
    wb, findings = findings_of(mutated("tasks", 1, "due_at", typed))
    (f,) = [f for f in findings if f.cell == "I2"]
    assert (f.rule, f.message("zh-CN"), f.fix("zh-CN")) == (
        "date.no_year", f"「{typed}」没有年份，读不出是哪一年", fix)  # fmt: skip
    assert f.fix("en").startswith("write the year too: YYYY-12-08")
    assert wb["tasks"].column("due_at")[0] is None


@pytest.mark.parametrize(
    ("tab", "column", "typed", "value"),
    [
        pytest.param("cases", "occurrences", "1,234", 1234, id="int-thousands"),
        pytest.param("cases", "occurrences", "１２", 12, id="int-fullwidth-digits"),
        pytest.param("cases", "occurrences", "１，２３４", 1234, id="int-fullwidth-thousands"),
        pytest.param("cases", "occurrences", " 7 ", 7, id="int-spaces"),
        pytest.param("cases", "occurrences", "12.0", 12, id="int-whole-float-text"),
        pytest.param("cases", "occurrences", 12.0, 12, id="int-float-cell"),
        pytest.param("cases", "occurrences", 3, 3, id="int-int-cell"),
        pytest.param("templates", "done_sla_h", "1,234", 1234.0, id="hours-thousands"),
        pytest.param("templates", "done_sla_h", "1,234.5", 1234.5, id="hours-thousands-decimal"),
        pytest.param("templates", "done_sla_h", "１２.５", 12.5, id="hours-fullwidth"),
        pytest.param("templates", "done_sla_h", "36", 36.0, id="hours-text"),
        pytest.param("templates", "done_sla_h", 36, 36.0, id="hours-int-cell"),
        pytest.param("tasks", "step", "１", 1, id="step-fullwidth"),
        pytest.param("tasks", "step", "1", 1, id="step-text"),
        pytest.param("tasks", "step", 1.0, 1, id="step-float-cell"),
    ],
)
def test_numbers_parse_from_typed_text(tab: str, column: str, typed: Any, value: float) -> None:
    """Integers (occurrences, steps) and hours parse from thousands separators, full-width
    digits and spaces, to the column's type, without a finding."""
    wb, findings = findings_of(mutated(tab, 1, column, typed))
    assert findings == []
    parsed = wb[tab].column(column)[0]
    assert parsed == value
    assert type(parsed) is type(value)


def test_fullwidth_rating_parses() -> None:
    wb, findings = findings_of(mutated("survey", 1, "clarity", "５"))
    assert findings == []
    assert wb["survey"].column("clarity")[0] == 5


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("是", True),
        ("否", False),
        ("yes", True),
        ("no", False),
        ("Yes", True),
        ("TRUE", True),
        ("FALSE", False),
        ("true", True),
        (1, True),
        (0, False),
        ("1", True),
        ("0", False),
        (True, True),
        (False, False),
        (" 是 ", True),
        ("√", True),
        ("×", False),
        ("", None),
    ],
)
def test_booleans_parse(typed: Any, value: bool | None) -> None:
    # P02 is not named anywhere, so making them inactive raises no ref.inactive warning
    wb, findings = findings_of(mutated("people", 2, "active", typed))
    assert findings == []
    assert wb["people"].column("active")[1] is value


@pytest.mark.parametrize("typed", ["maybe", "也许", "2", "是的吧", "x", "X"])
def test_boolean_that_is_not_yes_or_no_is_reported_and_read_as_empty(typed: str) -> None:
    wb, findings = findings_of(mutated("people", 2, "active", typed))
    assert triples(findings) == {("人员", "G3", "bool.invalid")}
    assert findings[0].value == typed
    assert wb["people"].column("active")[1] is None
    assert len(wb["people"]) == N["people"]


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("D01,D02，D03、D04;D02；D03", id="all-separators"),
        pytest.param("D01\nD02\r\nD03、 D04", id="new-lines"),
        pytest.param(" D01 , D02 ,, D03 、D04 ", id="spaces-and-empty-parts"),
        pytest.param("Ｄ０１、Ｄ０２，D03;D04", id="fullwidth-ids"),
    ],
)
def test_id_lists_split_on_every_separator(typed: str) -> None:
    wb, findings = findings_of(mutated("responsibilities", 1, "consulted", typed))
    assert findings == []
    parsed = wb["responsibilities"].column("consulted")[0]
    assert tuple(dict.fromkeys(parsed)) == ("D01", "D02", "D03", "D04")


def test_id_list_reports_each_unknown_id_at_the_same_cell() -> None:
    wb, findings = findings_of(mutated("disputes", 1, "departments", "D01、D88;D02\nD99"))
    assert [(f.cell, f.value, f.rule) for f in findings] == [
        ("D2", "D88", "ref.unknown"),
        ("D2", "D99", "ref.unknown"),
    ]
    assert wb["disputes"].column("departments")[0] == ("D01", "D88", "D02", "D99")


def test_number_typed_into_an_id_cell_keeps_its_written_form() -> None:
    wb, findings = findings_of(mutated("people", 2, "person_id", 1002.0))
    assert findings == []
    assert "1002" in ids(wb, "people")


def test_settings_locale_does_not_change_what_is_found() -> None:
    raw = mutated("survey", 1, "clarity", 6)
    en = findings_of(raw, Settings(locale="en"))[1]
    zh = findings_of(raw)[1]
    assert triples(en) == triples(zh) == {("满意度调研", "E2", "number.range")}
    assert "1" in en[0].message("en") and "5" in en[0].message("en")


@pytest.mark.parametrize(
    ("typed", "read", "rule"),
    [("24小时", 24.0, None), ("24 h", 24.0, None), ("２４小时", 24.0, None),
     ("12.5 工作小时", 12.5, None), ("3天", None, "hours.in_days"),
     ("1.5个工作日", None, "hours.in_days")],
)  # fmt: skip
def test_hours_typed_with_their_unit(typed: str, read: float | None, rule: str | None) -> None:
    """trial22: 24小时 in 响应时限 was `float.invalid` (not a number); the unit the column asks
    for is read, a number of days is said so, with how to write it in hours."""
    wb, found = findings_of(mutated("templates", 1, "response_sla_h", typed))
    assert wb["templates"].column("response_sla_h")[0] == read
    said = [(f.cell, f.rule) for f in found if f.tab == title("templates")]
    assert said == ([("J2", rule)] if rule else [])
