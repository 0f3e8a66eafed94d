"""Headers and tab titles as people write them: Chinese labels or English keys, any case and
spacing, extra columns, any column order, configured aliases; tabs by key or Chinese title."""

from __future__ import annotations

import random
from typing import Any

import pytest

from config.defaults import TAB_TITLES
from config.schema import TABS
from config.settings import settings_from_dict
from sheets_sync.table import Table, parse_tab
from sheets_sync.workbook import Workbook
from tests.support.mutations import put
from tests.support.workbooks import (
    Raw,
    base,
    base_count,
    base_rows,
    chinese_headers,
    col,
    findings_of,
    title,
    triples,
)


def by_title(rows: dict[str, list[list[Any]]], titles: dict[str, str] | None = None) -> Raw:
    """tab key -> rows  =>  title -> rows (default: the Chinese titles)."""
    names = titles or TAB_TITLES
    return {names[key]: [list(r) for r in tab] for key, tab in rows.items()}


def content(table: Table) -> tuple[tuple[int, ...], dict[str, list[Any]]]:
    """What a table holds, whatever its headers looked like: sheet rows and column values."""
    return table.rows, {k: list(v) for k, v in table.columns.items()}


def assert_same_tables(a: Workbook, b: Workbook) -> None:
    assert list(a.tables) == list(b.tables)
    for key in a.tables:
        assert content(a[key]) == content(b[key]), key
        assert len(a[key]) == len(base_rows()[key]) - 1, key


def test_chinese_and_english_headers_load_the_same_tables() -> None:
    english, en_findings = findings_of(base())
    chinese, zh_findings = findings_of(by_title(chinese_headers(base_rows())))
    assert en_findings == zh_findings == []
    assert_same_tables(chinese, english)
    for key, table in chinese.tables.items():
        assert table.positions == english[key].positions, key


def test_headers_mix_chinese_and_english_in_one_tab() -> None:
    rows = base_rows()
    header = rows["tasks"][0]
    labels = chinese_headers(rows)["tasks"][0]
    rows["tasks"][0] = [labels[j] if j % 2 else header[j] for j in range(len(header))]
    wb, findings = findings_of(by_title(rows))
    assert findings == []
    assert_same_tables(wb, findings_of(base())[0])


HEADER_VARIANTS = {
    "departments": ["Dept_ID", "部门　名称", " HEAD ", "升级 对象", "CHANNEL", "启\u3000用"],
    "people": ["PERSON_ID", "Name", "部门　编号", "Email ", "MOBILE", "Role", "Active",
               "飞书 ID", "WeCom_Id", "slack　id"],
    "tasks": ["Task_Id", "项目 编号", "STEP", "步骤名称", "Dept_id", "ASSIGNEE", "交接　时间",
              "Responded_At", "截止时间 ", "DONE_AT", "状态", "Blocker", "NOTE"],
    "survey": ["Response_ID", "季 度", "Dept_ID", "Submitted_At", "权责　清晰度", "SMOOTHNESS",
               "Communication", "总体满意度", "comment"],
}  # fmt: skip


@pytest.mark.parametrize("key", sorted(HEADER_VARIANTS))
def test_headers_match_ignoring_case_and_half_or_fullwidth_spaces(key: str) -> None:
    rows = base_rows()
    rows[key][0] = HEADER_VARIANTS[key]
    wb, findings = findings_of(by_title(rows))
    assert findings == []
    assert_same_tables(wb, findings_of(base())[0])


def test_fullwidth_letters_in_a_header_match() -> None:
    rows = base_rows()
    rows["calendar"][0] = ["ＤＡＴＥ", "ｋｉｎｄ", "Ｎａｍｅ"]
    wb, findings = findings_of(by_title(rows))
    assert findings == []
    assert content(wb["calendar"]) == content(findings_of(base())[0]["calendar"])


def test_extra_columns_are_ignored() -> None:
    rows = base_rows()
    for key in rows:
        tab = rows[key]
        tab[0] = ["部门自用备注", *tab[0][:2], "Extra", *tab[0][2:], "内部编号"]
        for n, r in enumerate(tab[1:], start=1):
            tab[n] = [f"备注{n}", *r[:2], 123, *r[2:], f"X-{n}"]
    wb, findings = findings_of(by_title(rows))
    assert findings == []
    assert_same_tables(wb, findings_of(base())[0])
    assert wb["people"].positions["person_id"] == 1
    assert wb["people"].positions["dept_id"] == 4


def shuffled(rows: dict[str, list[list[Any]]], seed: int) -> dict[str, list[list[Any]]]:
    rng = random.Random(seed)
    out = {}
    for key, tab in rows.items():
        order = list(range(len(tab[0])))
        rng.shuffle(order)
        out[key] = [[r[j] for j in order] for r in tab]
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_column_order_is_free(seed: int) -> None:
    rows = shuffled(base_rows(), seed)
    wb, findings = findings_of(by_title(rows))
    assert findings == []
    assert_same_tables(wb, findings_of(base())[0])
    for key, tab in rows.items():
        for column, j in wb[key].positions.items():
            assert tab[0][j] == column


def test_finding_cell_follows_the_column_where_it_now_is() -> None:
    rows = base_rows()
    j = col("survey", "clarity")
    order = [j, *[k for k in range(len(rows["survey"][0])) if k != j]]
    rows["survey"] = [[r[k] for k in order] for r in rows["survey"]]  # clarity first
    rows["survey"][2][0] = 9
    _, findings = findings_of(by_title(rows))
    assert triples(findings) == {("满意度调研", "A3", "number.range")}


def test_configured_alias_names_a_column() -> None:
    rows = base_rows()
    rows["tasks"][0][col("tasks", "assignee")] = "跟进人"  # 负责人 is a common name now
    settings = settings_from_dict({"headers": {"tasks": {"跟进人": "assignee"}}})

    with_alias, findings = findings_of(by_title(rows), settings)
    assert findings == []
    assert list(with_alias["tasks"].column("assignee")) == ["P01", "P03", "P05"]
    assert with_alias["tasks"].positions["assignee"] == col("tasks", "assignee")

    without_alias, _ = findings_of(by_title(rows))
    assert list(without_alias["tasks"].column("assignee")) == [None, None, None]


def test_alias_matches_ignoring_case_and_spaces_and_can_name_a_required_column() -> None:
    rows = base_rows()
    rows["people"][0][col("people", "person_id")] = "人事 代码"  # 工号 is a common name now
    rows["survey"][0][col("survey", "dept_id")] = "Your Department"
    settings = settings_from_dict(
        {"headers": {"people": {"人事代码": "person_id"}, "survey": {"your department": "dept_id"}}}
    )
    wb, findings = findings_of(by_title(rows), settings)
    assert findings == []
    assert_same_tables(wb, findings_of(base())[0])

    _, without = findings_of(by_title(rows))
    assert ("人员", "A1", "header.missing") in triples(without)


def test_alias_pointing_at_a_column_that_also_has_its_own_header_is_a_duplicate() -> None:
    rows = base_rows()
    rows["tasks"][0][col("tasks", "blocker")] = "负责人"
    settings = settings_from_dict({"headers": {"tasks": {"负责人": "assignee"}}})
    wb, findings = findings_of(by_title(rows), settings)
    assert triples(findings) == {("任务进度", "L1", "header.duplicate")}
    assert list(wb["tasks"].column("assignee")) == ["P01", "P03", "P05"]


ENGLISH_TITLES = {key: key for key in TAB_TITLES}


@pytest.mark.parametrize(
    "titles",
    [
        pytest.param(ENGLISH_TITLES, id="english-keys"),
        pytest.param({k: k.upper() for k in TAB_TITLES}, id="upper-case-keys"),
        pytest.param({k: f" {k.title()} " for k in TAB_TITLES}, id="spaced-title-case-keys"),
        pytest.param(dict(TAB_TITLES), id="chinese-titles"),
        pytest.param({k: (k if n % 2 else TAB_TITLES[k]) for n, k in enumerate(TAB_TITLES)},
                     id="mixed"),
    ],
)  # fmt: skip
def test_tabs_are_found_by_english_key_or_chinese_title(titles: dict[str, str]) -> None:
    wb, findings = findings_of(by_title(base_rows(), titles))
    assert findings == []
    assert_same_tables(wb, findings_of(base())[0])
    for key, table in wb.tables.items():
        assert table.title == titles[key]


def test_finding_names_the_tab_as_it_is_titled_in_the_workbook() -> None:
    raw = by_title(base_rows(), ENGLISH_TITLES)
    raw["survey"][1][col("survey", "clarity")] = 0
    _, findings = findings_of(raw)
    assert triples(findings) == {("survey", "E2", "number.range")}


def test_configured_tab_title_is_used() -> None:
    titles = dict(TAB_TITLES, tasks="进度看板 2026")
    settings = settings_from_dict({"tabs": {"tasks": "进度看板 2026"}})
    wb, findings = findings_of(by_title(base_rows(), titles), settings)
    assert findings == []
    assert wb["tasks"].title == "进度看板 2026"
    assert len(wb["tasks"]) == 3


def test_bot_tabs_are_kept_apart_from_human_tabs() -> None:
    raw = base()
    raw["_checks"] = [["run_at", "tab"], ["2026-11-26 09:00", "部门"]]
    wb, findings = findings_of(raw)
    assert findings == []
    assert list(wb.bot) == ["_checks"]
    assert "_checks" not in {t.title for t in wb.tables.values()}


def test_header_text_in_chinese_and_english_gives_same_finding_cells() -> None:
    bad = put("projects", 2, "status", "ongoing")
    english = base()
    bad(english)
    chinese = by_title(chinese_headers(base_rows()))
    bad(chinese)
    assert (
        triples(findings_of(english)[1])
        == triples(findings_of(chinese)[1])
        == {("协作项目", "I3", "enum.unknown")}
    )


def test_two_tabs_for_one_key_are_a_warning_and_the_configured_one_wins() -> None:
    raw = base()
    raw["Tasks"] = [list(r) for r in raw[title("tasks")]][:1]
    wb, findings = findings_of(raw)
    assert ("任务进度", "A1", "tab.ambiguous") in triples(findings)
    assert wb["tasks"].title == "任务进度"
    assert len(wb["tasks"]) == base_count("tasks")


@pytest.mark.parametrize(
    ("tab", "key", "header"),
    [
        ("tasks", "assignee", "负责人"),
        ("tasks", "assignee", "经办人"),
        ("tasks", "due_at", "到期日"),
        ("tasks", "due_at", "计划完成时间"),
        ("tasks", "due_at", "Deadline"),
        ("tasks", "status", "任务状态"),
        ("tasks", "done_at", "实际完成时间"),
        ("people", "person_id", "工号"),
        ("people", "person_id", "员工编号"),
        ("departments", "head", "部门负责人"),
    ],
)
def test_a_common_name_reads_its_column_and_says_so(tab: str, key: str, header: str) -> None:
    """trial20: 负责人 for 执行人 and 到期日 for 截止时间 were ignored unsaid (every task's
    assignee, or typed due time, lost); 工号 for 人员编号 left 人员 unread. Read as the
    column, with one info finding at the header."""
    rows = base_rows()
    rows[tab][0][col(tab, key)] = header
    wb, findings = findings_of(by_title(rows))
    label = TABS[tab].column(key).label
    cell = f"{chr(65 + col(tab, key))}1"
    assert [(f.tab, f.cell, f.rule, f.message()) for f in findings] == [
        (TABS[tab].label, cell, "header.read_as", f"表头「{header}」按「{label}」读取")
    ]
    assert_same_tables(wb, findings_of(base())[0])


def test_a_common_name_beside_the_label_is_a_column_of_its_own() -> None:
    """负责人 beside 执行人 may be someone else (the project's owner): not read, no finding."""
    rows = base_rows()
    rows["tasks"][0].append("负责人")
    for r in rows["tasks"][1:]:
        r.append("P09")
    wb, findings = findings_of(by_title(rows))
    assert findings == []
    assert list(wb["tasks"].column("assignee")) == ["P01", "P03", "P05"]


@pytest.mark.parametrize(
    ("tab", "key", "names"),
    [("people", "mobile", ["手机", "电话"]), ("tasks", "assignee", ["负责人", "经办人"])],
)
def test_two_common_names_of_one_column_read_the_first_without_an_error(
    tab: str, key: str, names: list[str]
) -> None:
    """review23: 手机 and 电话 both (a mobile and a landline) gave header.duplicate, an error,
    on a sheet that read clean before. The first is read, the second is the department's own."""
    rows = base_rows()
    j = col(tab, key)
    rows[tab][0][j] = names[0]
    rows[tab][0].append(names[1])
    for r in rows[tab][1:]:
        r.append("x")
    wb, findings = findings_of(by_title(rows))
    assert [(f.rule, f.value) for f in findings] == [("header.read_as", names[0])]
    assert wb[tab].positions[key] == j


@pytest.mark.parametrize("header", ["期限", "Done", "电话"])
def test_an_ambiguous_name_is_not_read_as_a_column(header: str) -> None:
    """review23: 期限 holding 3个工作日, Done holding ✓, 电话 holding a landline were read as
    截止时间, 完成时间 and 手机号: an error on every row."""
    rows = base_rows()
    for tab in ("tasks", "people"):
        rows[tab][0].append(header)
        for r in rows[tab][1:]:
            r.append("✓")
    _, findings = findings_of(by_title(rows))
    assert findings == []


def test_a_header_of_common_names_only_is_found() -> None:
    """review23: 人员 headed 工号 / 员工姓名 / 部门 / 电子邮箱 was header.not_found: no row named
    a required column by its label."""
    people = [["工号", "员工姓名", "部门", "电子邮箱"], ["P01", "张三", "D01", "zs@example.com"]]
    table, findings = parse_tab(TABS["people"], "人员", people)
    assert len(table) == 1 and table.positions == {
        "person_id": 0, "name": 1, "dept_id": 2, "email": 3
    }  # fmt: skip
    assert [f.rule for f in findings] == ["header.read_as"] * 4


def test_a_required_tab_renamed_is_named_in_the_fix() -> None:
    """trial22: 任务进度 renamed 任务进度（2026） stopped the run with the tabs present listed;
    the fix now gives the [tabs] line that reads it."""
    from config.errors import TabMissingError
    from config.settings import Settings

    raw = base()
    raw["任务进度（2026）"] = raw.pop(title("tasks"))
    with pytest.raises(TabMissingError) as info:
        findings_of(raw, Settings())
    assert info.value.said("zh-CN").endswith('，例如 tasks = "任务进度（2026）"')
    assert info.value.said("en").endswith(', e.g. tasks = "任务进度（2026）"')
