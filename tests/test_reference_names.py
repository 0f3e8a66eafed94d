"""A name typed where an id belongs gets the id to write (trial finding D): 董琪 in an assignee
cell gets "写 P007（董琪）", not "add 董琪 to 人员"; a misspelt name (研发布) gets the id of the
name it is close to; a misspelt id still gets the closest id. In both locales, at the cell."""

from __future__ import annotations

import pytest

from tests.support.workbooks import findings_of, mutated

CASES = [
    # (tab, row, column, value, cell, zh fix, en fix)
    ("tasks", 1, "assignee", "王五", "F2", "这里填编号：写 P03（王五）",
     "this column takes the id: write P03 (王五)"),
    ("responsibilities", 1, "responsible", "销售部", "C2", "这里填编号：写 D02（销售部）",
     "this column takes the id: write D02 (销售部)"),
    ("projects", 1, "template_id", "客服模板", "C2", "这里填编号：写 T2（客服模板）",
     "this column takes the id: write T2 (客服模板)"),
    ("responsibilities", 1, "responsible", "研发布", "C2",
     "是不是 D01（研发部）？请改正，或先在「部门」中添加「研发布」",
     "did you mean D01 (研发部)? Correct it, or add '研发布' to '部门'"),
    ("tasks", 1, "assignee", "张山", "F2",
     "是不是 P01（张三）？请改正，或先在「人员」中添加「张山」",
     "did you mean P01 (张三)? Correct it, or add '张山' to '人员'"),
    ("responsibilities", 1, "responsible", "D1", "C2",  # an id misspelt: the id, as before
     "是不是「D01」？请改正，或先在「部门」中添加「D1」",
     "did you mean 'D01'? Correct it, or add 'D1' to '部门'"),
    ("tasks", 1, "assignee", "p01", "F2",  # only the case differs: the cell of the id there
     "「人员」中写作「P01」（人员!A2），只差大小写：编号区分大小写，请把这一格改成「P01」",
     "'人员' has it as 'P01' (人员!A2), which differs only in case: ids are case-sensitive; "
     "write 'P01' here"),  # trial20: changing 人员!A2 would break the rows naming P01
    ("tasks", 1, "assignee", "张三(P01)", "F2",  # trial20: the id with its name
     "这里只填编号：写 P01", "this column takes the id alone: write P01"),
    ("tasks", 1, "assignee", "P01 张三", "F2", "这里只填编号：写 P01",
     "this column takes the id alone: write P01"),
    ("tasks", 1, "assignee", "P03、P01", "F2",  # two people in a one-person column
     "一格只填一个编号：写 P03 或 P01 中的一个", "one id per cell: write one of P03, P01"),
    ("responsibilities", 1, "responsible", "D01/D02", "C2",  # review23: a column of several
     "几个编号之间用「、」分隔：写 D01、D02",
     "separate the ids with 、 or a comma: write D01, D02"),
    ("tasks", 1, "assignee", "马云", "F2",  # nothing close: the general fix
     "改成「人员」中已有的编号，或先在「人员」中添加「马云」",
     "use an id that exists in '人员', or add '马云' to it first"),
]  # fmt: skip


@pytest.mark.parametrize(("tab", "row", "column", "value", "cell", "zh", "en"), CASES)
def test_the_fix_names_the_id_to_write(
    tab: str, row: int, column: str, value: str, cell: str, zh: str, en: str
) -> None:
    wb, findings = findings_of(mutated(tab, row, column, value))
    (f,) = [f for f in findings if f.rule == "ref.unknown"]
    assert (f.tab, f.cell, f.value) == (wb[tab].title, cell, value)
    assert f.as_row("zh-CN")["fix"] == zh and f.as_row("en")["fix"] == en
    target = "部门" if column == "responsible" else "流程模板" if tab == "projects" else "人员"
    assert f.as_row("zh-CN")["message"] == f"「{value}」在「{target}」中不存在"


def test_two_people_of_one_name_are_both_offered() -> None:
    raw = mutated("people", 2, "name", "张三")  # P02 is called 张三 too
    raw["任务进度"][1][5] = "张三"
    _, findings = findings_of(raw)
    (f,) = [f for f in findings if f.rule == "ref.unknown"]
    assert f.as_row("zh-CN")["fix"] == "这里填编号：写 P01（张三） 或 P02（张三）"
    assert f.as_row("en")["fix"] == "this column takes the id: write P01 (张三) or P02 (张三)"


def test_a_case_twin_in_a_row_left_out_names_no_header_cell() -> None:
    """p01 in 人员 on a row left out for another error: no cell of its own to name (review11:
    the fix said 人员!A1, the header)."""
    raw = mutated("people", 1, "person_id", "p01")
    raw["人员"][1][2] = ""  # its 部门编号 missing: the row is left out
    _, findings = findings_of(raw)
    fixes = [f.fix() for f in findings if f.rule == "ref.unknown" and f.value == "P01"]
    assert fixes and not [x for x in fixes if "人员!A1" in x]


def test_someone_inactive_is_a_warning_only_where_the_row_is_not_settled() -> None:
    """A person marked inactive is warned of where they still have work (a task to do, a
    project, an action, a department they head), not on a decided dispute they raised long
    ago (trial18: 37 warnings for one person, 3 on open tasks)."""
    _, findings = findings_of(mutated("people", 5, "active", "否"))  # P05 孙七
    inactive = sorted((f.tab, f.cell) for f in findings if f.rule == "ref.inactive")
    assert inactive == [("任务进度", "F4"), ("协作项目", "E3"), ("复盘", "I3"), ("部门", "C4")]
    done = mutated("people", 5, "active", "否")
    done["任务进度"][3][10] = "done"  # K3 done (its 完成时间 missing is another finding)
    done["任务进度"][3][9] = "2026-11-07 10:00"
    _, findings = findings_of(done)
    assert ("任务进度", "F4") not in {(f.tab, f.cell) for f in findings
                                   if f.rule == "ref.inactive"}  # fmt: skip
