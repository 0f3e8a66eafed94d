"""``collabsheet init`` on Google Sheets (issue 15, item 8): the starter tabs in ONE batchUpdate,
with the same dropdowns as the xlsx starter workbook, a frozen header with a note on every
header cell, number formats, and example rows that pass ``validate`` without an error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from config.errors import CollabsheetError
from config.schema import HUMAN_TABS
from config.settings import Settings
from jobs.run.cli import main
from jobs.run.envelope import run as run_job
from sheets_sync.google_starter import init_google
from sheets_sync.starter import LAST_ROW, README_TITLE, build_starter, tab_titles
from sheets_sync.tab_layout import columns
from tests.support.sheets_emulator import SheetsEmulator, emulated_backend

KEY = "1GoogleInitTestKey0000000000000000000000"
DAY = dt.date(2026, 11, 27)
NOW = dt.datetime(2026, 11, 27, 10, 0)
Check = tuple[str, str, str, tuple[str, ...], bool]  # tab, cells, kind, values, strict


def xlsx_checks(locale: str) -> set[Check]:
    """The xlsx starter's data validations, as (tab, cells, kind, values, strict)."""
    wb, _ = build_starter(locale, DAY)
    out = set()
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            f1 = str(dv.formula1)
            if dv.type == "list" and f1.startswith('"'):
                kind, values = "list", tuple(f1.strip('"').split(","))
            elif dv.type == "list":
                kind, values = "range", (f1,)
            else:
                bounds = (f1,) if dv.formula2 is None else (f1, str(dv.formula2))
                kind, values = f"number {dv.operator}", bounds
            for cells in str(dv.sqref).split():
                out.add((ws.title, cells, kind, values, bool(dv.showErrorMessage)))
    return out


NUMBER = {
    "NUMBER_BETWEEN": "between",
    "NUMBER_GREATER": "greaterThan",
    "NUMBER_GREATER_THAN_EQ": "greaterThanOrEqual",
}


def google_checks(body: dict[str, Any], titles: dict[int, str]) -> set[Check]:
    """The setDataValidation requests of a batchUpdate body, in the same form."""
    out = set()
    for req in body["requests"]:
        if "setDataValidation" not in req:
            continue
        grid, rule = req["setDataValidation"]["range"], req["setDataValidation"]["rule"]
        letter = openpyxl.utils.get_column_letter(grid["startColumnIndex"] + 1)
        assert grid["endColumnIndex"] == grid["startColumnIndex"] + 1
        cells = f"{letter}{grid['startRowIndex'] + 1}:{letter}{grid['endRowIndex']}"
        cond = rule["condition"]
        values = tuple(v["userEnteredValue"] for v in cond["values"])
        if cond["type"] == "ONE_OF_LIST":
            kind = "list"
        elif cond["type"] == "ONE_OF_RANGE":
            kind, values = "range", tuple(v.removeprefix("=") for v in values)
        else:
            kind = f"number {NUMBER[cond['type']]}"
        out.add((titles[grid["sheetId"]], cells, kind, values, rule["strict"]))
    return out


@pytest.fixture(params=["zh-CN", "en"])
def done(request: pytest.FixtureRequest) -> tuple[SheetsEmulator, str]:
    emu = SheetsEmulator()
    emu.create(KEY)  # a new spreadsheet: one empty Sheet1
    init_google(emulated_backend(emu, KEY), request.param, DAY)
    return emu, request.param


def test_one_batch_update_sets_the_dropdowns_of_the_xlsx_starter(
    done: tuple[SheetsEmulator, str],
) -> None:
    emu, locale = done
    assert emu.counts["batchUpdate"] == 1 and len(emu.batch_bodies) == 1
    titles = {s.sheet_id: s.title for s in emu.books[KEY].sheets}
    got = google_checks(emu.batch_bodies[0], titles)
    assert got == xlsx_checks(locale)
    kinds = {kind for _, _, kind, _, _ in got}
    assert {"list", "range"} <= kinds and any(k.startswith("number") for k in kinds)
    tasks = tab_titles(locale)["tasks"]
    people = tab_titles(locale)["people"]
    assert (tasks, "F2:F1000", "range", (f"'{people}'!$A$2:$A${LAST_ROW}",), True) in got


def test_the_tabs_have_a_frozen_header_with_notes_and_formats(
    done: tuple[SheetsEmulator, str],
) -> None:
    emu, locale = done
    titles = tab_titles(locale)
    book = emu.books[KEY]
    assert [s.title for s in book.sheets] == [README_TITLE[locale], *titles.values(), "Sheet1"]
    for tab in HUMAN_TABS:
        sheet = book.by_title(titles[tab.key])
        assert sheet is not None and sheet.frozen == 1
        layout = columns(tab, titles, locale)
        assert [sheet.get(0, j) for j in range(len(layout))] == [c.header for c in layout]
        assert [sheet.notes[0, j] for j in range(len(layout))] == [c.hint for c in layout]
        assert sheet.notes[1, 0] == ("Example row: overwrite or delete it" if locale == "en"
                                     else "示例行：可改写或删除")  # fmt: skip
    body = emu.batch_bodies[0]["requests"]
    formats = {
        (r["repeatCell"]["range"]["sheetId"], r["repeatCell"]["range"]["startColumnIndex"]):
        r["repeatCell"]["cell"]["userEnteredFormat"]["numberFormat"]
        for r in body if "repeatCell" in r
    }  # fmt: skip
    tasks = book.by_title(titles["tasks"])
    assert tasks is not None
    handed_off = [c.key for c in HUMAN_TABS[5].columns].index("handed_off_at")
    assert HUMAN_TABS[5].key == "tasks"
    assert formats[tasks.sheet_id, handed_off] == {
        "type": "DATE_TIME",
        "pattern": "yyyy-mm-dd hh:mm",
    }


def test_the_example_rows_validate_without_an_error(done: tuple[SheetsEmulator, str]) -> None:
    emu, _ = done
    report = run_job("validate", Settings(), emulated_backend(emu, KEY), NOW)
    errors = [(f.tab, f.cell, f.rule) for f in report.findings if f.severity == "error"]
    assert errors == []
    assert report.rows["tasks"] == 1


def test_init_refuses_a_spreadsheet_that_has_the_tabs_and_writes_nothing() -> None:
    emu = SheetsEmulator()
    emu.create(KEY, {"任务进度": [["任务编号"], ["T1"]]})
    with pytest.raises(CollabsheetError, match=r"already has tab\(s\) 任务进度; nothing was"):
        init_google(emulated_backend(emu, KEY), "zh-CN", DAY)
    assert emu.counts["batchUpdate"] == 0


def test_cli_init_without_a_path_writes_into_the_configured_spreadsheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sheets_sync.google

    emu = SheetsEmulator()
    emu.create(KEY)
    monkeypatch.setattr(sheets_sync.google, "google_backend", lambda s: emulated_backend(emu, KEY))
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\nbackend = "google"\nspreadsheet = "{KEY}"\n', "utf-8")
    assert main(["init", "-q", "--config", str(config)]) == 0
    assert f"已在电子表格 {KEY} 中写入 12 个表（一次请求）" in capsys.readouterr().out
    assert emu.counts["batchUpdate"] == 1
    other = tmp_path / "x.toml"
    other.write_text('[workbook]\npath = "team.xlsx"\n', "utf-8")
    assert main(["init", "-q", "--config", str(other)]) == 2
    assert "请给出要写入的 .xlsx 文件" in capsys.readouterr().err
