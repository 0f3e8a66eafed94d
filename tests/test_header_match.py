"""Header matching people can trust (issue 15, item 3): full- and half-width brackets, colons
and spaces, newlines and bracketed notes match their column; a near miss is a warning at its
cell; a note in days on a column read in hours is a warning; two columns for one key are an
error naming both cells."""

from __future__ import annotations

from typing import Any

import pytest

from config.schema import TABS
from sheets_sync.finding import Finding, a1
from sheets_sync.table import header_keys, parse_tab
from tests.support.workbooks import base_rows, chinese_headers, col


@pytest.mark.parametrize(
    ("tab", "header", "key"),
    [
        ("tasks", "截止时间（计划）", "due_at"),
        ("tasks", "截止时间(计划)", "due_at"),
        ("tasks", "【必填】截止时间", "due_at"),
        ("tasks", "截止时间[必填]", "due_at"),
        ("tasks", "截止\u3000时间", "due_at"),
        ("tasks", "截止时间：", "due_at"),
        ("tasks", "截止时间:", "due_at"),
        ("tasks", "截止\n时间", "due_at"),
        ("tasks", " 截止时间（计划）\n", "due_at"),
        ("tasks", "ＤＵＥ＿ＡＴ", "due_at"),
        ("tasks", "due_at (plan)", "due_at"),
        ("responsibilities", "负责部门(R)", "responsible"),
        ("responsibilities", "负责部门（R）", "responsible"),
        ("responsibilities", "负责部门\n(R)", "responsible"),
        ("templates", "响应时限（小时）", "response_sla_h"),
        ("templates", "完成时限(h)", "done_sla_h"),
        ("templates", "完成时限（天）", "done_sla_h"),
        # the manual's required marks, bilingual templates, a key written as words (trial10)
        ("tasks", "任务编号*", "task_id"),
        ("tasks", "*步骤序号", "step"),
        ("tasks", "截止时间※", "due_at"),
        ("tasks", "截止时间（必填，格式：2026-12-07）*", "due_at"),
        ("tasks", "任务编号 Task ID", "task_id"),
        ("tasks", "项目编号\nProject ID", "project_id"),
        ("tasks", "Task ID 任务编号", "task_id"),
        ("tasks", "Task ID", "task_id"),
        ("people", "飞书ID*", "feishu_id"),  # a label with Latin letters keeps them
        ("people", "Slack ID", "slack_id"),
        # a Chinese label with Latin letters that name another column is its own column:
        # 执行人ID (open ids) never takes 执行人's place (review11)
        ("tasks", "执行人ID", None),
        ("tasks", "执行人email", None),
        ("tasks", "状态EN", None),
        # 日期 for 时间 and back: people write either (trial18: 截止日期 was ignored unsaid, its
        # due times the template's)
        ("tasks", "截止日期", "due_at"),
        ("tasks", "完成日期", "done_at"),
        ("tasks", "截止日期（计划）", "due_at"),
        ("projects", "开始时间", "start_date"),
        ("projects", "创建日期", "created_at"),
        ("retrospectives", "整改完成日期", "action_done_at"),
        ("calendar", "时间", None),  # the word alone is no column's other word
        # ID, 编码 or 号 for 编号 (a tasks tab headed 任务ID was not read at all)
        ("tasks", "任务ID", "task_id"),
        ("tasks", "任务 ID", "task_id"),
        ("tasks", "任务Id*", "task_id"),
        ("tasks", "项目编码", "project_id"),
        ("tasks", "项目号", "project_id"),
        ("people", "人员ID", "person_id"),
        ("people", "部门ID", "dept_id"),
        ("people", "企业微信ID", "wecom_id"),  # a label ending in ID keeps its own column
        ("tasks", "步骤序ID", None),  # 序号 is not 编号
    ],
)
def test_a_header_with_a_note_or_other_widths_names_its_column(
    tab: str, header: str, key: str | None
) -> None:
    assert header_keys(TABS[tab], [header]) == [key]


def parsed(tab: str, column: str, header: Any) -> list[Finding]:
    """The findings of the base tab with Chinese headers, ``column``'s header replaced."""
    rows = chinese_headers(base_rows())[tab]
    rows[0][col(tab, column)] = header
    return parse_tab(TABS[tab], TABS[tab].label, rows)[1]


def test_noted_headers_load_the_same_rows_without_a_finding() -> None:
    rows = chinese_headers(base_rows())["tasks"]
    plain = parse_tab(TABS["tasks"], "任务进度", rows)[0]
    rows[0][col("tasks", "due_at")] = "截止时间（计划）"
    rows[0][col("tasks", "blocker")] = "卡点：\n（如有）"
    noted, findings = parse_tab(TABS["tasks"], "任务进度", rows)
    assert findings == []
    assert noted.columns == plain.columns and noted.positions == plain.positions


@pytest.mark.parametrize(
    ("header", "cell", "zh", "en"),
    [
        (
            "计划截止时间",
            "I1",
            "表头「计划截止时间」未被识别，是否想写「截止时间」？此列被忽略",
            "header '计划截止时间' is not recognised: did you mean '截止时间' (due_at)? "
            "the column is ignored",
        ),
        (
            "截至时间",
            "I1",
            "表头「截至时间」未被识别，是否想写「截止时间」？此列被忽略",
            "header '截至时间' is not recognised: did you mean '截止时间' (due_at)? "
            "the column is ignored",
        ),
        (  # a typo of 截止日期, the other word of 截止时间 (trial18)
            "截至日期",
            "I1",
            "表头「截至日期」未被识别，是否想写「截止时间」？此列被忽略",
            "header '截至日期' is not recognised: did you mean '截止时间' (due_at)? "
            "the column is ignored",
        ),
        (
            "due_date",
            "I1",
            "表头「due_date」未被识别，是否想写「截止时间」？此列被忽略",
            "header 'due_date' is not recognised: did you mean '截止时间' (due_at)? "
            "the column is ignored",
        ),
    ],
)
def test_a_near_miss_is_a_warning_at_its_cell(header: str, cell: str, zh: str, en: str) -> None:
    findings = parsed("tasks", "due_at", header)
    assert [(f.cell, f.rule, f.severity) for f in findings] == [
        (cell, "header.near_miss", "warning")
    ]
    assert findings[0].message() == zh
    assert findings[0].message("en") == en


def test_a_header_far_from_every_label_stays_an_extra_column() -> None:
    assert parsed("tasks", "due_at", "内部编号") == []


def test_a_note_in_days_on_a_column_read_in_hours_is_a_warning() -> None:
    findings = parsed("templates", "done_sla_h", "完成时限（天）")
    assert [(f.cell, f.rule, f.severity) for f in findings] == [
        ("K1", "header.unit_not_hours", "warning")
    ]
    assert findings[0].message() == (
        "表头「完成时限（天）」注明单位为天，但「完成时限」按工作小时读取，数值不会换算"
    )
    assert findings[0].message("en") == (
        "header '完成时限（天）' gives the unit as days, but 'done_sla_h' is read as business "
        "hours; the values are not converted"
    )
    assert parsed("templates", "done_sla_h", "完成时限（小时）") == []


@pytest.mark.parametrize("second", ["截止时间（实际）", "due_at", "截止　时间："])
def test_two_columns_for_one_key_are_an_error_naming_both_cells(second: str) -> None:
    findings = parsed("tasks", "note", second)
    assert [(f.cell, f.rule, f.severity) for f in findings] == [("M1", "header.duplicate", "error")]
    assert findings[0].message() == (
        f"表头 M1「{second}」与 I1「截止时间」都对应 due_at；M1 所在列被忽略"
    )
    assert findings[0].message("en") == (
        f"headers M1 '{second}' and I1 '截止时间' both mean 'due_at'; the column of M1 is ignored"
    )


def test_the_manuals_starred_headers_load_every_row() -> None:
    """docs/操作手册.md writes required columns with a star (任务编号*): the tab is read as
    with plain headers, without a finding (trial10: 表头行 not found, the tab not read)."""
    rows = chinese_headers(base_rows())["tasks"]
    plain = parse_tab(TABS["tasks"], "任务进度", rows)[0]
    required = [c.key for c in TABS["tasks"].columns if c.required]
    for key in required:
        rows[0][col("tasks", key)] = f"{rows[0][col('tasks', key)]}*"
    starred, findings = parse_tab(TABS["tasks"], "任务进度", rows)
    assert required and findings == []
    assert starred.columns == plain.columns and starred.positions == plain.positions


def test_a_row_of_filling_notes_under_the_header_is_one_info_finding() -> None:
    """必填，如T000001 / 格式：… under the header (templates carry such a row): one info
    finding, not an error per cell (trial10: six), and the records keep their sheet rows."""
    rows = chinese_headers(base_rows())["tasks"]
    plain = parse_tab(TABS["tasks"], "任务进度", rows)[0]
    notes = ["必填，如T000001", "必填，如PJ0001", "数字", "", "必填，部门编号", "必填，人员编号",
             "格式：2026-12-07 09:00"]  # fmt: skip
    table, findings = parse_tab(TABS["tasks"], "任务进度", [rows[0], notes, *rows[1:]])
    assert [(f.cell, f.rule, f.value) for f in findings] == [
        ("A2", "header.hint_row", "必填，如T000001")
    ]
    assert table.columns == plain.columns
    assert table.rows == tuple(r + 1 for r in plain.rows)  # A3 is the first record now


def test_a_record_whose_text_reads_like_a_note_is_a_record() -> None:
    """填写周报 is an activity, not a note (review11: the first record was dropped)."""
    rows = chinese_headers(base_rows())["responsibilities"]
    plain = parse_tab(TABS["responsibilities"], "权责清单", rows)[0]
    rows[1][0], rows[1][1] = "填写周报", "填写周报并提交"
    table, findings = parse_tab(TABS["responsibilities"], "权责清单", rows)
    assert [f for f in findings if f.rule == "header.hint_row"] == []
    assert len(table) == len(plain)


@pytest.mark.parametrize("order", ["proper first", "other word first"])
def test_the_other_word_beside_the_proper_label_is_a_column_of_its_own(order: str) -> None:
    """review21: 完成日期 beside 完成时间 (a department's own column) was a header.duplicate
    error, or, before it, the column read as 完成时间. The proper label is read; the other is
    the department's own, with no finding."""
    schema = TABS["tasks"]
    header = [c.label for c in schema.columns]
    first = order == "other word first"
    keys = header_keys(schema, ["完成日期", *header] if first else [*header, "完成日期"])
    assert keys[header.index("完成时间") + first] == "done_at"
    assert keys.count("done_at") == 1
    rows = [["完成日期", *header] if first else [*header, "完成日期"]]
    table, findings = parse_tab(schema, "任务进度", rows)
    assert table.positions["done_at"] == header.index("完成时间") + first
    # said once, at its header, a warning (trial19: its dates went unread unsaid)
    done, other = a1(header.index("完成时间") + first, 1), "A1" if first else a1(len(header), 1)
    (said,) = [f for f in findings if f.rule.startswith("header.")]
    assert (said.cell, said.rule, said.severity) == (other, "header.other_word", "warning")
    assert said.message() == (
        f"表头「完成日期」与「完成时间」（{done}）指同一列：只读取「完成时间」，此列未被读取"
    )


def test_the_other_word_twice_is_a_duplicate_only() -> None:
    """review22: 截止日期 in I1 and again in N1, no 截止时间: N1 is the duplicate it always was,
    not also told it stands beside a 截止时间 the row does not have."""
    schema = TABS["tasks"]
    header = [("截止日期" if c.key == "due_at" else c.label) for c in schema.columns]
    _, findings = parse_tab(schema, "任务进度", [[*header, "截止日期"]])
    said = [(f.cell, f.rule) for f in findings if f.rule.startswith("header.")]
    assert said == [(a1(len(header), 1), "header.duplicate")]


def test_the_other_word_under_a_title_row_is_at_its_sheet_row() -> None:
    schema = TABS["tasks"]
    header = [c.label for c in schema.columns]
    rows = [["2026年第四季度任务进度表"], [], [*header, "完成日期"]]
    _, findings = parse_tab(schema, "任务进度", rows)
    (said,) = [f for f in findings if f.rule == "header.other_word"]
    assert said.cell == a1(len(header), 3)
    assert f"（{a1(header.index('完成时间'), 3)}）" in said.message()


def test_a_tab_headed_with_ids_loads_as_with_its_labels() -> None:
    """任务ID, 项目ID, 部门ID for the 编号 headers, as WPS / Excel users type them: every row
    loads, without a finding (it was header.missing: the whole 任务进度 tab unread)."""
    rows = chinese_headers(base_rows())["tasks"]
    plain = parse_tab(TABS["tasks"], "任务进度", rows)[0]
    for key in ("task_id", "project_id", "dept_id"):
        rows[0][col("tasks", key)] = rows[0][col("tasks", key)].replace("编号", "ID")
    assert rows[0][: col("tasks", "project_id") + 1] == ["任务ID", "项目ID"]
    table, findings = parse_tab(TABS["tasks"], "任务进度", rows)
    assert findings == []
    assert len(table) == len(plain) > 0
    assert table.columns == plain.columns and table.positions == plain.positions


def test_a_row_of_bracketed_marks_and_choices_is_the_hint_row() -> None:
    """trial20: （必填） / 填人员编号 / 格式：… / 下拉选择 under the header gave seven errors
    (「（必填）」含全角字符, 「下拉选择」不是允许的取值, …)."""
    rows = chinese_headers(base_rows())["tasks"]
    plain = parse_tab(TABS["tasks"], "任务进度", rows)[0]
    notes = ["（必填）", "（必填）", "", "", "（必填）", "填人员编号", "格式：2026-11-26 14:30", "",
             "", "", "下拉选择"]  # fmt: skip
    table, findings = parse_tab(TABS["tasks"], "任务进度", [rows[0], notes, *rows[1:]])
    assert [(f.cell, f.rule, f.value) for f in findings] == [("A2", "header.hint_row", "（必填）")]
    assert table.columns == plain.columns


@pytest.mark.parametrize(
    "note", [["制表人：张阳"], ["备注：以上数据截至 2026-12-07"], ["", "", "说明: 每周一更新"],
             ["以上数据由各部门填报"], ["", "", "", "", "制表人：张阳"]],
)  # fmt: skip
def test_a_note_alone_under_the_data_is_one_info_finding(note: list[str]) -> None:
    """trial20: 制表人：张阳 under the data was an error (its id 「含全角字符」) and another
    (任务编号 empty, 本行未被处理); it is a note, said once, and no record."""
    rows = chinese_headers(base_rows())["tasks"]
    plain = parse_tab(TABS["tasks"], "任务进度", rows)[0]
    at = len(rows) + 2  # a blank row, then the note
    table, findings = parse_tab(TABS["tasks"], "任务进度", [*rows, [], note])
    j = next(j for j, v in enumerate(note) if v)
    assert [(f.cell, f.rule, f.value) for f in findings] == [
        (f"{'ABCDE'[j]}{at}", "rows.note", note[j])
    ]
    assert findings[0].message() == f"这一行是说明文字（「{note[j]}」），未作为数据读取"
    assert table.columns == plain.columns
