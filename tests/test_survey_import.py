"""``collabsheet survey import`` (issue 18, item 2): the four form tools' exports in
``tests/corpus/`` (built by ``tests/corpus/build_survey.py``), every bad row named by its cell,
nothing appended twice, the header mapping and its config, each cell reader."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from config.errors import BackendError, ConfigError
from config.settings import Settings, load_settings, settings_from_dict
from config.survey_import import COLUMN_DEFAULTS, QUESTION_DEFAULTS, SurveyImport
from jobs.kpis.quarters import Quarter
from jobs.run.options import global_options
from jobs.run.survey_export import read_export, survey_import
from jobs.run.survey_import_command import register
from jobs.survey import answer_values as values
from jobs.survey.imports import answer_key, has_header, plan_import
from sheets_sync.memory import MemoryBackend
from sheets_sync.xlsx import XlsxBackend, write_xlsx
from tests.support.survey_exports import CORPUS, EXPORTS, SURVEY, import_book
from tests.support.workbooks import parse

Q4 = Quarter(2026, 4)
ROOT = Path(__file__).resolve().parents[1]

# file -> (answer rows read, export rows imported, findings (cell, rule, value)): read by hand
# from the files (build_survey.py plants the bad rows)
EXPECTED: dict[str, tuple[int, list[int], set[tuple[str, str, str]]]] = {
    "survey_wjx.xlsx": (11, [2, 3, 4, 6, 7, 9, 11], {
        ("G5", "survey_import.dept_unknown", "研发中心"),
        ("H8", "survey_import.rating", "满意度高"),
        ("L10", "survey_import.hours", "80以上"),
        ("A12", "survey_import.duplicate", "10"),  # row 11 pasted again
    }),
    "survey_tencent.csv": (9, [2, 3, 5, 8, 10], {
        ("J4", "survey_import.rating", "7"),
        ("L6", "survey_import.required", ""),
        ("N7", "survey_import.hours", "-2"),
        ("D9", "survey_import.time", "12月9日下午"),
    }),
    "survey_feishu.xlsx": (8, [2, 3, 5, 6, 8, 9], {
        ("C4", "survey_import.dept_unknown", "人力资源部"),
        ("F7", "survey_import.rating", "还行"),
    }),
    "survey_google.csv": (7, [2, 4, 5, 7, 8], {
        ("D3", "survey_import.rating", "4.5"),
        ("H6", "survey_import.hours", "90"),
    }),
}  # fmt: skip


def _plan(name: str, book: dict[str, list[list[Any]]] | None = None) -> Any:
    source, rows = read_export(CORPUS / name)
    return plan_import(rows, source, Q4, parse(book or import_book()), Settings().survey_import)


@pytest.mark.parametrize("name", EXPORTS)
def test_each_export_imports_its_good_rows_and_names_every_bad_one(name: str) -> None:
    read, imported, bad = EXPECTED[name]
    plan = _plan(name)
    assert (plan.rows, [a.row for a in plan.new], plan.rejected) == (read, imported, len(bad))
    assert {(f.cell, f.rule, f.as_row()["value"]) for f in plan.findings} == bad
    assert {f.tab for f in plan.findings} == {name}
    assert all(f.message().endswith("此行未导入") for f in plan.findings)
    assert all(a.record["quarter"] == "2026Q4" for a in plan.new)
    assert len({a.key for a in plan.new}) == len(plan.new)


@pytest.mark.parametrize(
    ("name", "row", "expected"),
    [
        # 问卷星: text ratings (一般 3, 非常满意 5, 满意 4), a text time, hours as a number
        ("survey_wjx.xlsx", 2, {"dept_id": "D01", "clarity": 3, "smoothness": 5,
                                "communication": 4, "overall": 3, "weekly_comm_h": 11.0,
                                "comment": "审批还是慢",
                                "submitted_at": dt.datetime(2026, 12, 8, 9, 3, 21)}),
        # 问卷星 writes (空) for a question left empty: no comment
        ("survey_wjx.xlsx", 9, {"dept_id": "D08", "clarity": 5, "smoothness": 5,
                                "communication": 3, "overall": 4, "weekly_comm_h": 5.0,
                                "submitted_at": dt.datetime(2026, 12, 8, 9, 53, 11)}),
        # 腾讯问卷 (GB18030 CSV): a department by id, numbers, the end time
        ("survey_tencent.csv", 3, {"dept_id": "D03", "clarity": 4, "smoothness": 3,
                                   "communication": 3, "overall": 5, "weekly_comm_h": 5.0,
                                   "comment": "交接时限清楚多了",
                                   "submitted_at": dt.datetime(2026, 12, 9, 9, 13, 31)}),
        # 飞书问卷: a date cell, "8小时", hours left empty (optional) on row 9
        ("survey_feishu.xlsx", 5, {"dept_id": "D04", "clarity": 4, "smoothness": 5,
                                   "communication": 4, "overall": 2, "weekly_comm_h": 8.0,
                                   "submitted_at": dt.datetime(2026, 12, 10, 9, 25, 55)}),
        ("survey_feishu.xlsx", 9, {"dept_id": "D08", "clarity": 4, "smoothness": 3,
                                   "communication": 5, "overall": 5,
                                   "submitted_at": dt.datetime(2026, 12, 10, 9, 50, 50)}),
        ("survey_google.csv", 2, {"dept_id": "D01", "clarity": 5, "smoothness": 5,
                                  "communication": 2, "overall": 4, "weekly_comm_h": 11.0,
                                  "comment": "交接时限清楚多了",
                                  "submitted_at": dt.datetime(2026, 12, 11, 9, 1, 7)}),
    ],
)  # fmt: skip
def test_answers_by_hand(name: str, row: int, expected: dict[str, Any]) -> None:
    got = next(a for a in _plan(name).new if a.row == row).record
    assert got.pop("quarter") == "2026Q4"
    assert got.pop("response_id").startswith("IMP-")
    assert got == expected


@pytest.mark.parametrize(
    ("name", "anonymous", "expected"),
    [
        # 问卷星 has a submission number: the respondent (来自IP) is never part of the key
        ("survey_wjx.xlsx", False, ("1", dt.datetime(2026, 12, 8, 9, 3, 21), "")),
        ("survey_wjx.xlsx", True, ("1", dt.datetime(2026, 12, 8, 9, 3, 21), "")),
        # Google Forms has none: the e-mail is, unless the survey is anonymous
        ("survey_google.csv", False, ("", dt.datetime(2026, 12, 11, 9, 1, 7),
                                      "user01@example.com")),
        ("survey_google.csv", True, ("", dt.datetime(2026, 12, 11, 9, 1, 7), "")),
    ],
)  # fmt: skip
def test_the_key_is_the_submission_and_its_time(
    name: str, anonymous: bool, expected: tuple[str, dt.datetime, str]
) -> None:
    source, rows = read_export(CORPUS / name)
    mapping = Settings().survey_import
    first = plan_import(rows, source, Q4, parse(import_book()), mapping, anonymous).new[0]
    assert (first.parts, first.key) == (expected, answer_key(*expected))
    assert len({answer_key("1", expected[1], ""), answer_key("2", expected[1], ""),
                answer_key("1", None, ""), answer_key("1", expected[1], "x"),
                answer_key("1", expected[1], "", 2)}) == 5  # fmt: skip


def test_two_people_in_the_same_second_are_two_answers_and_a_copy_is_one() -> None:
    head = ["Timestamp", "您所在的部门", "权责清晰度", "流程顺畅度", "沟通效率"]
    at = "2026/12/11 9:01:07"
    rows = [head, [at, "研发部", 5, 5, 5], [at, "产品部", 3, 4, 4], [at, "研发部", 5, 5, 5],
            [at, "产品部", 3, 4, 4]]  # fmt: skip
    plan = plan_import(rows, "g.csv", Q4, parse(import_book()), Settings().survey_import)
    when = dt.datetime(2026, 12, 11, 9, 1, 7)
    assert [a.key for a in plan.new] == [answer_key("", when, ""), answer_key("", when, "", 2)]
    assert [(f.cell, f.rule, f.params["first"]) for f in plan.findings] == [
        ("A4", "survey_import.duplicate", 2), ("A5", "survey_import.duplicate", 3)]  # fmt: skip


def test_imported_twice_appends_once_and_raw(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    write_xlsx(book, import_book())
    settings = Settings(path=book)
    first = survey_import(settings, XlsxBackend(book, settings.bot_workbook), CORPUS /
                          "survey_wjx.xlsx", Q4)  # fmt: skip
    assert (len(first.new), len(first.already)) == (7, 0)
    after_one = book.read_bytes()
    again = survey_import(settings, XlsxBackend(book, settings.bot_workbook), CORPUS /
                          "survey_wjx.xlsx", Q4)  # fmt: skip
    assert (len(again.new), len(again.already), again.rejected) == (0, 7, 4)
    assert book.read_bytes() == after_one  # nothing written the second time
    ws = openpyxl.load_workbook(book)[SURVEY]
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == 2 + 7
    added = rows[2]
    assert [c.value for c in added][:8] == [
        first.new[0].key,
        "2026Q4",
        "D01",
        "2026-12-08 09:03:21",
        3,
        5,
        4,
        3,
    ]  # fmt: skip  (times as people type them)
    assert all(c.data_type != "f" for r in rows for c in r)  # values, never formulas
    wb = parse({t: [[c for c in r] for r in ws_rows] for t, ws_rows in
                _read(book).items()})  # fmt: skip
    assert [f for f in wb.findings if f.tab == SURVEY] == []  # the appended rows validate


def _read(book: Path) -> dict[str, list[list[Any]]]:
    wb = openpyxl.load_workbook(book)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


def test_every_export_into_one_workbook_then_again_appends_nothing() -> None:
    backend = MemoryBackend(import_book())
    settings = Settings(backend="memory")
    counts = [len(survey_import(settings, backend, CORPUS / n, Q4).new) for n in EXPORTS]
    assert counts == [7, 5, 6, 5]
    assert len(backend.tabs[SURVEY]) == 1 + 2 + 23
    again = [survey_import(settings, backend, CORPUS / n, Q4) for n in EXPORTS]
    assert [(len(p.new), len(p.already)) for p in again] == [(0, 7), (0, 5), (0, 6), (0, 5)]
    assert len(backend.tabs[SURVEY]) == 1 + 2 + 23


def test_answers_are_not_appended_under_a_totals_row() -> None:
    """A 合计 row at the end of 满意度调研: the new answers would go under it (review11)."""
    tabs = import_book()
    rows = tabs[SURVEY]
    rows.append(["合计", *([""] * (len(rows[0]) - 1))])
    backend = MemoryBackend(tabs)
    with pytest.raises(BackendError) as caught:
        survey_import(Settings(backend="memory"), backend, CORPUS / "survey_google.csv", Q4)
    assert caught.value.parts[0] == (
        f"满意度调研!A{len(rows)} 是合计行：新行会追加在它下面，不被合计；请先把合计行移到另一个"
        "工作表或表头上方，再运行（未追加任何行）"
    )
    assert len(backend.tabs[SURVEY]) == len(rows)


def test_a_survey_tab_without_the_hours_column_is_refused_before_anything_is_appended() -> None:
    backend = MemoryBackend(import_book(hours_column=False))
    with pytest.raises(BackendError) as caught:
        survey_import(Settings(backend="memory"), backend, CORPUS / "survey_google.csv", Q4)
    assert caught.value.parts == (
        "工作表「满意度调研」没有 weekly_comm_h 列：请在表头行加上这些列后再导入（未追加任何行）",
        "tab '满意度调研' has no column for weekly_comm_h; add the column(s) to its header row "
        "and import again (nothing was appended)",
    )
    assert len(backend.tabs[SURVEY]) == 3


def _cli(argv: list[str], settings: Settings) -> int:
    """The survey group's ``import`` as the group wires it (``register`` with its ``add``)."""
    parser = argparse.ArgumentParser(prog="collabsheet survey")
    sub = parser.add_subparsers(dest="survey_command", required=True)

    def add(name: str, func: Any, help: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, epilog=example)
        global_options(p, on_command=True)
        p.set_defaults(func=func)
        return p

    register(add)
    args = parser.parse_args(argv)
    for key, default in (("json", False), ("quiet", True), ("locale", None)):
        if not hasattr(args, key):
            setattr(args, key, default)
    code: int = args.func(args, settings)
    return code


def test_dry_run_prints_the_rows_and_appends_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.xlsx"
    write_xlsx(book, import_book())
    before = book.read_bytes()
    settings = Settings(path=book, lock=tmp_path / "run.lock")
    argv = ["import", str(CORPUS / "survey_google.csv"), "--quarter", "2026年第4季度", "--dry-run"]
    assert _cli(argv, settings) == 1  # rows were rejected
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "survey_google.csv（2026Q4）：读取 7 行答卷；将追加 5 行到「满意度调研」；0 行此前已导入；"
        "2 行未导入"
    )
    assert out[1].split() == ["文件:行", "答卷编号", "部门", "提交时间", "权责", "流程", "沟通",
                              "总体", "小时/周", "意见"]  # fmt: skip
    assert [line.split()[0] for line in out[2:7]] == [f"survey_google.csv:{r}" for r in
                                                     (2, 4, 5, 7, 8)]  # fmt: skip
    assert (
        "错误 survey_google.csv!D3  [survey_import.rating] 「4.5」不是 1–5 的评分，此行未导入"
        in out
    )
    assert book.read_bytes() == before


def test_json_then_a_real_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "book.xlsx"
    write_xlsx(book, import_book())
    settings = Settings(path=book, lock=tmp_path / "run.lock")
    export = str(CORPUS / "survey_feishu.xlsx")
    argv = ["import", export, "--quarter", "2026Q4", "--json", "--dry-run", "--locale", "en",
            "--at", "2026-12-14 09:00"]  # fmt: skip
    assert _cli(argv, settings) == 1
    got = json.loads(capsys.readouterr().out)
    assert (got["read"], got["new"], got["already"], got["rejected"]) == (8, 6, 0, 2)
    assert [f["cell"] for f in got["findings"]] == ["C4", "F7"]
    assert got["findings"][0]["fix"].startswith("use a name or id from the departments tab")
    assert _cli(["import", export, "--quarter", "2026Q4", "--locale", "en", "--at",
                 "2026-12-14 09:00"], settings) == 1  # fmt: skip
    assert capsys.readouterr().out.splitlines()[0] == (
        "survey_feishu.xlsx (2026Q4): 8 answer row(s) read; appended 6 to 满意度调研; "
        "0 imported before; 2 rejected"
    )
    assert len(_read(book)[SURVEY]) == 1 + 2 + 6


def test_a_bad_quarter_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _cli(["import", "x.csv", "--quarter", "2026年秋"], Settings())
    assert "expected a quarter such as 2026Q4" in capsys.readouterr().err


HEAD = ["序号", "提交答卷时间", "1、您所在的部门", "2、权责清晰度", "3、流程顺畅度", "4、沟通效率"]
ROW = [1, "2026/12/08 09:03:21", "研发部", "满意", "满意", "一般"]


@pytest.mark.parametrize(
    ("head", "row", "config", "expected"),
    [
        (["序号", "提交答卷时间", "1、所属单位", *HEAD[3:]], ROW, {},
         [("C1", "survey_import.header_unused", "题目「1、所属单位」没有对应的列，未导入"),
          ("A1", "survey_import.header_missing", "导出文件中找不到「部门」这一题（表头："
           "序号、提交答卷时间、1、所属单位、2、权责清晰度、3、流程顺畅度、4、沟通效率）")]),
        ([*HEAD, "5、部门间权责是否清楚"], [*ROW, "满意"], {},
         [("G1", "survey_import.header_twice", "「5、部门间权责是否清楚」和 D1 "
           "都被当作「权责清晰度」")]),
        (HEAD[2:], ROW[2:], {},
         [("A1", "survey_import.no_key", "导出文件既没有提交序号列也没有提交时间列，"
           "无法避免重复导入")]),
        ([*HEAD, "5、您的工号"], [*ROW, "A123"], {},
         [("G1", "survey_import.header_unused", "题目「5、您的工号」没有对应的列，未导入")]),
        # the config names the department question of this form
        (["序号", "提交答卷时间", "1、所属单位", *HEAD[3:]], ROW,
         {"questions": {"dept_id": ["所属单位"]}}, []),
    ],
)  # fmt: skip
def test_header_mapping(
    head: list[str], row: list[Any], config: dict[str, Any], expected: list[tuple[str, str, str]]
) -> None:
    mapping = settings_from_dict({"survey_import": config}).survey_import
    plan = plan_import([head, row], "f.csv", Q4, parse(import_book()), mapping)
    assert [(f.cell, f.rule, f.message()) for f in plan.findings] == expected
    fatal = any(f.severity == "error" for f in plan.findings)
    assert len(plan.new) == (0 if fatal else 1)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(5, 5), (4.0, 4), ("3", 3), ("4分", 4), ("满意（4分）", 4), ("非常不满意", 1), ("比较满意", 4),
     ("Very satisfied", 5), (" 一般 ", 3), (0, None), (6, None), (4.5, None), (True, None),
     ("好", None), ("4-5", None)],
)  # fmt: skip
def test_rating(cell: Any, expected: int | None) -> None:
    assert values.rating(cell) == (expected, None if expected else "survey_import.rating")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(6, 6.0), (0, 0.0), (80, 80.0), ("6小时", 6.0), ("6.5h", 6.5), (" 7 ", 7.0),
     ("-1", None), (81, None), ("约6", None), ("4-6", None), (False, None)],
)  # fmt: skip
def test_hours(cell: Any, expected: float | None) -> None:
    assert values.hours(cell, 80) == (expected, None if expected is not None else
                                      "survey_import.hours")  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("研发部", "D01"), ("D03", "D03"), ("ｄ03", "D03"), (" 销售 部", "D03"), ("研发中心", None)],
)
def test_department_by_name_or_id(cell: str, expected: str | None) -> None:
    known = values.departments([{"dept_id": "D01", "name": "研发部"},
                                {"dept_id": "D03", "name": "销售部"}])  # fmt: skip
    assert values.department(cell, known) == (
        expected, None if expected else "survey_import.dept_unknown"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "zh", "en"),
    [
        ("gone.csv", None, "无法读取 {p}：文件不存在；请给出导出的 CSV 或 xlsx 文件的路径",
         "cannot read {p}: no such file; give the path of the exported CSV or xlsx file"),
        ("a.pdf", b"%PDF", "无法读取 {p}：不是 CSV 或工作簿；请把答卷导出为 CSV 或 xlsx"
         "（.csv、.xlsx、.xls）", "cannot read {p}: not a CSV or workbook; export the answers as "
         "CSV or xlsx (.csv, .xlsx, .xls)"),
        ("bad.csv", b"\x80\x80,\xff", "无法读取 {p}：既不是 UTF-8 也不是 GB18030 文本；"
         "请重新导出为 CSV（UTF-8）或 xlsx", "cannot read {p}: neither UTF-8 nor GB18030 text; "
         "export it again as CSV (UTF-8) or as xlsx"),
    ],
)  # fmt: skip
def test_an_unreadable_export_is_one_line(
    name: str, content: bytes | None, zh: str, en: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(BackendError) as caught:
        read_export(path)
    assert caught.value.parts == (zh.format(p=path), en.format(p=path))


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"questions": {"clarity": "权责"}},
         "<dict>: survey_import.questions.clarity = '权责' is not valid; expected a non-empty "
         'list of texts, e.g. ["权责"]'),
        ({"questions": {"mood": ["心情"]}},
         "<dict>: survey_import.questions.mood = <not shown> is not valid; expected one of the "
         "keys " + ", ".join(QUESTION_DEFAULTS)),
        ({"columns": {"submission": []}},
         "<dict>: survey_import.columns.submission = [] is not valid; expected a non-empty list "
         'of texts, e.g. ["权责"]'),
        ({"mapping": {}},
         "<dict>: survey_import.mapping = <not shown> is not valid; expected "
         "[survey_import.columns] or "
         "[survey_import.questions]"),
    ],
)  # fmt: skip
def test_bad_config_names_the_key_and_the_fix(table: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_dict({"survey_import": table})
    assert caught.value.said("en") == message
    key = message.split(": ", 1)[1].split(" = ")[0]
    assert caught.value.said("zh-CN").startswith(f"<dict>：{key} = ")


def test_the_shipped_config_documents_the_defaults(tmp_path: Path) -> None:
    """Uncommenting the [survey_import] block of config/collabsheet.toml changes nothing."""
    text = (ROOT / "config" / "collabsheet.toml").read_text(encoding="utf-8")
    block = text[text.index("# [survey_import.columns]") :].split("\n\n")[0]
    lines = [line[2:] for line in block.splitlines() if line.startswith("# ")]
    config = tmp_path / "c.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert load_settings(config).survey_import == SurveyImport(COLUMN_DEFAULTS, QUESTION_DEFAULTS)
    assert load_settings(ROOT / "config" / "collabsheet.toml").survey_import == SurveyImport()


def test_through_the_collabsheet_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``collabsheet survey import`` as the survey group registers it (jobs.run.survey_command)."""
    from jobs.run.cli import main

    book = tmp_path / "book.xlsx"
    write_xlsx(book, import_book())
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{book.as_posix()}"\n', encoding="utf-8")
    export = str(CORPUS / "survey_tencent.csv")
    argv = ["survey", "import", export, "--quarter", "2026-Q4", "--config", str(config), "-q"]
    assert main(argv) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "survey_tencent.csv（2026Q4）：读取 9 行答卷；已追加 5 行到「满意度调研」；0 行此前已导入；"
        "4 行未导入"
    )
    assert main(argv) == 1
    assert "已追加 0 行到「满意度调研」；5 行此前已导入" in capsys.readouterr().out
    assert main(["survey", "import", str(tmp_path / "gone.csv"), "--quarter", "2026Q4",
                 "--config", str(config)]) == 2  # fmt: skip
    assert capsys.readouterr().err == (
        f"collabsheet: 错误：无法读取 {tmp_path / 'gone.csv'}：文件不存在；"
        "请给出导出的 CSV 或 xlsx 文件的路径\n"
    )


def test_on_the_sheets_emulation_the_rows_go_typed_and_once() -> None:
    """The Google backend: the appended cells hold typed values (a rating a number, the time a
    date cell shown as people type it, text never a formula; trial22: the time went as text),
    and a second import appends nothing."""
    from tests.support.sheets_emulator import SheetsEmulator, emulated_backend

    key = "1SurveyImportTestKey000000000000000000000"
    emu = SheetsEmulator()
    emu.create(key, import_book())
    settings = Settings(backend="google")
    first = survey_import(settings, emulated_backend(emu, key), CORPUS / "survey_google.csv", Q4)
    again = survey_import(settings, emulated_backend(emu, key), CORPUS / "survey_google.csv", Q4)
    assert (len(first.new), len(again.new), len(again.already)) == (5, 0, 5)
    sheet = emu.books[key].by_title(SURVEY)
    assert sheet is not None
    rows = [r for r in sheet.data if any(v not in (None, "") for v in r)]
    assert len(rows) == 1 + 2 + 5
    added = rows[3][:8]
    when = added[3]
    assert (when.date, when.text) == (True, "2026-12-11 09:01:07")
    assert added[:3] + added[4:] == [first.new[0].key, "2026Q4", "D01", 5, 5, 2, 4]
    assert not any(isinstance(v, str) and v.startswith("=") for r in rows for v in r)


def test_a_title_row_above_the_header_and_formulas_kept_as_text(tmp_path: Path) -> None:
    """An export with a title row (the header is its row 2) and a comment that looks like a
    formula: the bad cell is named in the file's own rows, the comment is stored as text."""
    export = tmp_path / "export.csv"
    export.write_text(
        "2026年第四季度跨部门协作满意度调研,,,,,,\n"
        "序号,提交答卷时间,1、您所在的部门,2、权责清晰度,3、流程顺畅度,4、沟通效率,5、意见建议\n"
        '1,2026/12/08 09:03:21,研发部,5,4,4,"=HYPERLINK(""http://x"",""y"")"\n'
        "2,2026/12/08 09:04:21,研发部,5,4,好,\n",
        encoding="utf-8",
    )
    book = tmp_path / "book.xlsx"
    write_xlsx(book, import_book())
    settings = Settings(path=book)
    plan = survey_import(settings, XlsxBackend(book, settings.bot_workbook), export, Q4)
    assert [(f.cell, f.rule) for f in plan.findings] == [("F4", "survey_import.rating")]
    assert [a.row for a in plan.new] == [3]
    ws = openpyxl.load_workbook(book)[SURVEY]
    comment = ws.cell(ws.max_row, [c.value for c in ws[1]].index("comment") + 1)
    assert (comment.value, comment.data_type) == ('=HYPERLINK("http://x","y")', "s")


OUTSIDE = (
    "5 份答卷中有 5 份的提交时间不在 {q} 内（也不在其后 31 天内），如这一格「2026-12-11 09:01:07」"
)


@pytest.mark.parametrize(
    ("quarter", "expected"),
    [
        (Quarter(2026, 4), []),
        (Quarter(2026, 3), [("A2", "survey_import.quarter", OUTSIDE.format(q="2026Q3"))]),
        (Quarter(2027, 1), [("A2", "survey_import.quarter", OUTSIDE.format(q="2027Q1"))]),
    ],
)  # fmt: skip
def test_answers_submitted_outside_the_quarter_are_a_warning(
    quarter: Quarter, expected: list[tuple[str, str, str]]
) -> None:
    source, rows = read_export(CORPUS / "survey_google.csv")
    plan = plan_import(rows, source, quarter, parse(import_book()), Settings().survey_import)
    got = [(f.cell, f.rule, f.message()) for f in plan.findings if f.severity == "warning"]
    assert got == expected
    assert len(plan.new) == 5  # imported all the same: the quarter given is the user's word


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (dt.datetime(2026, 12, 12, 9, 0), []),  # a day after the last answer
        (dt.datetime(2026, 12, 11, 9, 0), []),  # within the hour: a form tool an hour ahead
        (dt.datetime(2026, 12, 9, 15, 0), [(
            "A2", "survey_import.future",
            "5 份答卷中有 5 份的提交时间晚于导入时（2026-12-09 15:00），"
            "如这一格「2026-12-11 09:01:07」",
        )]),
    ],
)  # fmt: skip
def test_answers_submitted_after_the_import_are_a_warning(
    now: dt.datetime, expected: list[tuple[str, str, str]]
) -> None:
    """trial7: answers of 12-09 imported on 12-07 without a word (a wrong year, or a day and
    month swapped, counts in the wrong quarter). Imported all the same, as for the quarter."""
    source, rows = read_export(CORPUS / "survey_google.csv")
    plan = plan_import(rows, source, Q4, parse(import_book()), Settings().survey_import, now=now)
    got = [(f.cell, f.rule, f.message()) for f in plan.findings if f.rule == "survey_import.future"]
    assert got == expected
    assert len(plan.new) == 5


def test_the_same_export_as_xls_is_the_same_answers() -> None:
    """问卷星's export saved as Excel 97-2003 (.xls): the same rows and findings as the xlsx,
    and, imported after it, nothing new (the 答卷编号 comes from the answer, not the file)."""
    xlsx, xls = _plan("survey_wjx.xlsx"), _plan("survey_wjx.xls")
    assert [a.record for a in xls.new] == [a.record for a in xlsx.new]
    assert [(f.cell, f.rule) for f in xls.findings] == [(f.cell, f.rule) for f in xlsx.findings]
    backend = MemoryBackend(import_book())
    settings = Settings(backend="memory")
    assert len(survey_import(settings, backend, CORPUS / "survey_wjx.xlsx", Q4).new) == 7
    again = survey_import(settings, backend, CORPUS / "survey_wjx.xls", Q4)
    assert (len(again.new), len(again.already)) == (0, 7)


@pytest.mark.parametrize("at", ["2026-12-08", "2026-12-08 08:00", "2026/12/8 8:00"])
def test_two_alike_answers_on_a_typed_day_or_minute_are_two_answers_said(at: str) -> None:
    """trial35: two people of 客服部 answering 4, 4, 4, 4 on the same day (a sheet typed with
    a date or a minute, no 序号) were one answer and a duplicate error; a date column headed
    提交日期 was not read."""
    head = ["部门", "权责清晰度", "流程顺畅度", "沟通效率", "总体满意度", "提交日期"]
    rows = [
        head,
        ["研发部", 4, 4, 4, 4, at],
        ["研发部", 4, 4, 4, 4, at],
        ["研发部", 5, 4, 4, 4, at],
    ]
    plan = plan_import(rows, "typed.csv", Q4, parse(import_book()), Settings().survey_import)
    assert len(plan.new) == 3 and plan.rejected == 0
    assert len({a.key for a in plan.new}) == 3
    assert [(f.cell, f.rule, f.severity, f.params["first"]) for f in plan.findings] == [
        ("F3", "survey_import.alike", "warning", 2)]  # fmt: skip
    again = plan_import(rows, "typed.csv", Q4, parse(import_book()), Settings().survey_import)
    assert [a.key for a in again.new] == [a.key for a in plan.new]  # stable: not imported twice


def test_a_totals_row_or_a_note_under_the_answers_is_no_answer() -> None:
    """trial35: a 合计 row under the answers was read as one (counted, four errors)."""
    head = ["提交时间", "部门", "权责清晰度", "流程顺畅度", "沟通效率", "总体满意度"]
    rows = [head, ["2026-12-08 09:01:07", "研发部", 4, 4, 4, 4],
            ["2026-12-08 09:02:07", "研发部", 5, 4, 4, 4], ["合计", "", 9, 8, 8, 8],
            ["制表人：张阳"]]  # fmt: skip
    plan = plan_import(rows, "typed.csv", Q4, parse(import_book()), Settings().survey_import)
    assert (len(plan.new), plan.rows, plan.rejected) == (2, 2, 0)
    assert [(f.cell, f.rule, f.severity) for f in plan.findings] == [
        ("A4", "rows.totals", "warning"), ("A5", "rows.note", "info")]  # fmt: skip


def test_the_answers_are_read_from_the_sheet_that_holds_them(tmp_path: Path) -> None:
    """trial35: a workbook whose first sheet is 说明 (问卷星's note) and whose answers are on
    the second: 找不到「部门」这一题 and a fix to edit [survey_import.questions]."""
    export = tmp_path / "export.xlsx"
    head = ["提交时间", "部门", "权责清晰度", "流程顺畅度", "沟通效率", "总体满意度"]
    write_xlsx(
        export,
        {
            "说明": [["本文件由问卷星导出"], ["共 1 份答卷"]],
            "答卷数据": [head, ["2026-12-08 09:01:07", "研发部", 4, 4, 4, 4]],
        },
    )
    source, rows = read_export(export, lambda r: has_header(r, Settings().survey_import))
    assert source == "export.xlsx › 答卷数据" and rows[1][1] == "研发部"
    assert read_export(export)[0] == "export.xlsx › 说明"  # without the test: the first


def test_a_time_typed_to_the_second_tells_a_copy_even_at_zero_seconds() -> None:
    """review37: 10:15:00 typed with its seconds is a time to the second: the same row again
    is a copy (a duplicate), as at 10:15:07."""
    head = ["部门", "权责清晰度", "流程顺畅度", "沟通效率", "总体满意度", "提交时间"]
    for at in ("2026-12-08 10:15:00", "2026-12-08 10:15:07"):
        rows = [head, ["研发部", 4, 4, 4, 4, at], ["研发部", 4, 4, 4, 4, at]]
        plan = plan_import(rows, "t.csv", Q4, parse(import_book()), Settings().survey_import)
        assert (len(plan.new), [f.rule for f in plan.findings]) == (
            1, ["survey_import.duplicate"]), at  # fmt: skip


@pytest.mark.parametrize("word", ["合计", "平均", "平均值", "Average"])
def test_a_summary_row_in_any_column_is_no_answer(word: str) -> None:
    """review39: 平均 was read as an answer (three errors), and 问卷星 puts 序号 and times
    first, so a label under 部门 (column E) was not looked at."""
    head = [
        "序号",
        "提交答卷时间",
        "所用时间",
        "来自IP",
        "部门",
        "权责清晰度",
        "流程顺畅度",
        "沟通效率",
    ]
    rows = [head, [1, "2026-12-08 09:01:07", "60秒", "1.2.3.4", "研发部", 4, 4, 4],
            ["", "", "", "", word, 4, 4, 4]]  # fmt: skip
    plan = plan_import(rows, "wjx.xlsx", Q4, parse(import_book()), Settings().survey_import)
    assert (len(plan.new), plan.rows, plan.rejected) == (1, 1, 0)
    assert [(f.cell, f.rule) for f in plan.findings] == [("E3", "rows.totals")]
