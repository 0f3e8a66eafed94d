"""``collabsheet init``: a starter workbook a department can fill in without the README.

It loads through the normal reader with no error (the example rows are valid), its headers
are the locale's labels, its dropdowns point where they should, its header row is frozen,
and LibreOffice (when installed) opens it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from config.schema import HUMAN_TABS, TABS
from config.settings import Settings
from jobs.checks.validation import validate
from jobs.run.cli import main
from sheets_sync.starter import LAST_ROW, README_TITLE, tab_titles, write_starter
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend
from tests.support.error_lines import ERROR
from tests.support.libreoffice import convert, needs_soffice

DAY = dt.date(2026, 11, 27)


@pytest.fixture(params=["zh-CN", "en"])
def starter(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "team.xlsx"
    write_starter(path, request.param, today=DAY)
    return path, request.param


def _validations(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, tuple[str, str]]:
    """Column letter -> (type, formula1) of the sheet's data validations."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            assert rng.min_row == 2 and rng.max_row == LAST_ROW
            out[rng.coord.split(":")[0].rstrip("0123456789")] = (dv.type, dv.formula1)
    return out


def test_the_starter_loads_with_no_error_and_one_example_row_per_tab(
    starter: tuple[Path, str],
) -> None:
    path, _ = starter
    settings = dataclasses.replace(Settings(), path=path)
    wb = parse_workbook(XlsxBackend(path).read(), settings)
    assert [f for f in validate(wb) if f.severity == "error"] == []
    assert {key: len(table) for key, table in wb.tables.items()} == dict.fromkeys(TABS, 1)


def test_headers_are_the_locale_labels_frozen_with_a_hint(starter: tuple[Path, str]) -> None:
    path, locale = starter
    book = openpyxl.load_workbook(path)
    titles = tab_titles(locale)
    assert book.sheetnames == [README_TITLE[locale], *titles.values()]
    for tab in HUMAN_TABS:
        ws = book[titles[tab.key]]
        header = [c.value for c in ws[1]]
        want = [c.key if locale == "en" else c.label for c in tab.columns]
        assert header == want
        assert ws.freeze_panes == "A2"
        for col, cell in zip(tab.columns, ws[1], strict=True):
            assert cell.comment is not None and cell.comment.text, (tab.key, col.key)
            assert ("required" if locale == "en" else "必填") in cell.comment.text or not (
                col.required
            )
            assert ws.column_dimensions[cell.column_letter].width >= 8
        assert ws["A2"].comment is not None  # the example row says it is one
    assert titles["tasks"] == ("tasks" if locale == "en" else "任务进度")


def test_dropdowns_for_enums_yes_no_and_ids(starter: tuple[Path, str]) -> None:
    path, locale = starter
    book = openpyxl.load_workbook(path)
    titles = tab_titles(locale)
    tasks = _validations(book[titles["tasks"]])
    status = "todo,doing,blocked,done" if locale == "en" else "待办,进行中,受阻,已完成"
    assert tasks["K"] == ("list", f'"{status}"')  # 状态
    assert tasks["E"] == ("list", f"'{titles['departments']}'!$A$2:$A${LAST_ROW}")  # 部门编号
    assert tasks["F"] == ("list", f"'{titles['people']}'!$A$2:$A${LAST_ROW}")  # 执行人
    assert tasks["B"] == ("list", f"'{titles['projects']}'!$A$2:$A${LAST_ROW}")  # 项目编号
    people = _validations(book[titles["people"]])
    assert people["G"] == ("list", '"yes,no"' if locale == "en" else '"是,否"')  # 启用
    assert people["C"][1].endswith(f"!$A$2:$A${LAST_ROW}")
    survey = _validations(book[titles["survey"]])
    assert survey["E"][0] == "whole"  # a 1–5 rating
    # every enum, yes/no and id column of every tab has its list
    for tab in HUMAN_TABS:
        found = _validations(book[titles[tab.key]])
        for j, col in enumerate(tab.columns):
            letter = openpyxl.utils.get_column_letter(j + 1)
            if col.type in ("enum", "bool") or col.ref:
                assert found[letter][0] == "list", (tab.key, col.key)


def test_dates_have_a_date_format(starter: tuple[Path, str]) -> None:
    path, locale = starter
    ws = openpyxl.load_workbook(path)[tab_titles(locale)["tasks"]]
    assert ws["G2"].number_format == "yyyy-mm-dd hh:mm"  # 交接时间
    assert isinstance(ws["G2"].value, dt.datetime)


def test_cli_init_writes_and_keeps_an_existing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "new.xlsx"
    assert main(["init", str(out), "-q"]) == 0
    assert "说明" in openpyxl.load_workbook(out).sheetnames
    assert str(out) in capsys.readouterr().out
    before = out.read_bytes()
    assert main(["init", str(out), "-q", "--locale", "en"]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert main(["init", str(out), "-q", "--locale", "en", "--force"]) == 0
    assert "How to use" in openpyxl.load_workbook(out).sheetnames


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("zh-CN", "{path}: 请使用 .xlsx 文件名"),
        ("en", "{path}: the starter workbook is an .xlsx file, e.g. data/team.xlsx"),
    ],
)
def test_cli_init_refuses_another_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str, said: str
) -> None:
    path = tmp_path / "team.ods"
    assert main(["init", str(path), "-q", "--locale", locale]) == 2
    assert not path.exists()
    assert capsys.readouterr().err == ERROR[locale] + said.format(path=path) + "\n"


@needs_soffice
@pytest.mark.parametrize("target", ["pdf", "csv"])
def test_libreoffice_opens_the_starter(tmp_path: Path, target: str) -> None:
    path = tmp_path / "team.xlsx"
    write_starter(path, "zh-CN", today=DAY)
    done = convert([path], target, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    converted = tmp_path / "out" / f"team.{target}"
    assert converted.is_file() and converted.stat().st_size > 0


@pytest.mark.parametrize(
    ("locale", "line"),
    [
        (
            "zh-CN",
            "5. 填好后在配置中把 [workbook] path 设为本文件（或用 --config 指定这样的配置文件），"
            "再运行 collabsheet validate 检查；问题清单写在 team2.bot.xlsx 的 _checks 表。",
        ),
        (
            "en",
            "5. Set [workbook] path in the config to this file (or give such a config with "
            "--config). Check it: collabsheet validate (the problems go to team2.bot.xlsx, tab "
            "_checks).",
        ),
    ],
)
def test_the_how_to_tab_names_the_real_results_file(tmp_path: Path, locale: str, line: str) -> None:
    path = write_starter(tmp_path / "team2.xlsx", locale, today=DAY).path
    ws = openpyxl.load_workbook(path)[README_TITLE[locale]]
    texts = [str(r[0]) for r in ws.iter_rows(values_only=True) if r and r[0]]
    assert line in texts and not any("NAME" in t for t in texts)


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_how_to_tab_of_a_google_sheet_needs_no_path(locale: str) -> None:
    """init without PATH writes into the configured spreadsheet: nothing to point at."""
    from sheets_sync.starter_content import readme

    texts = [row[0] for row in readme(tab_titles(locale), HUMAN_TABS, locale) if row]
    step = next(t for t in texts if t.startswith("5. "))
    assert "collabsheet validate" in step and "[workbook] path" not in step


def test_rows_started_below_the_example_row_are_not_painted_as_examples(tmp_path: Path) -> None:
    """trial8: start-project on a workbook straight from init copied the example row's yellow
    to the new project and task rows, which people then take for examples to delete. The new
    rows keep the columns' formats (a time stays a time), not the example fill."""
    book = tmp_path / "team.xlsx"
    write_starter(book, today=DAY)
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{book.as_posix()}"\n', encoding="utf-8")
    argv = ["start-project", "--config", str(config), "-q", "--template", "T01", "--name",
            "试点", "--start", "tomorrow"]  # fmt: skip
    assert main(argv) == 0
    wb = openpyxl.load_workbook(book)
    titles = tab_titles("zh-CN")
    for key in ("projects", "tasks"):
        ws = wb[titles[key]]
        fills = [ws.cell(r, 1).fill.fgColor.rgb for r in range(2, ws.max_row + 1)]
        assert fills[0].endswith("FFF2CC") and len(fills) > 1, key  # the example row: as it was
        assert not any(f.endswith("FFF2CC") for f in fills[1:]), (key, fills)
    created = wb[titles["projects"]].cell(3, 6)
    assert isinstance(created.value, dt.datetime) and "h" in created.number_format
