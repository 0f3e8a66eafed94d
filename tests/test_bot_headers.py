"""Bot-tab header rows in the configured language (issue 19, item 6): every bot tab is written
under Chinese names for zh-CN and under its column keys for en (or with ``[general]
bot_headers = "keys"``); each codec reads either, and a results file written before (keys) still
reads; the dashboard's records come out the same from both."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from config.bot_headers import ZH
from config.errors import ConfigError
from config.schema import BOT_TABS
from config.settings import load_settings, settings_from_dict
from jobs.run.cli import main
from jobs.run.runs_tab import RUNS, last_run_at
from sheets_sync import open_backend
from sheets_sync.bot_tab import BotTab, in_language, key_of
from sheets_sync.bot_tab import header_row as header
from tests.support.configs import outbox_config

AT = "2026-11-27 10:00"
RECORD: dict[str, Any] = {"run_id": "abc", "job": "daily", "started_at": "2026-11-27 10:00:00",
                          "outcome": "ok", "errors": 0, "message": "说明 text"}  # fmt: skip


@pytest.mark.parametrize("title", list(BOT_TABS))
def test_every_column_has_a_chinese_name_of_its_own(title: str) -> None:
    names = header(title, "zh-CN")
    assert len(names) == len(BOT_TABS[title]) == len(set(names))
    assert set(ZH[title]) == set(BOT_TABS[title])  # no key forgotten, none left over
    assert all(name != key for name, key in zip(names, BOT_TABS[title], strict=True))
    assert header(title, "en") == list(BOT_TABS[title])
    for name, key in zip(names, BOT_TABS[title], strict=True):
        assert key_of(title, name) == key_of(title, key) == key_of(title, f" {key.upper()} ") == key


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("title", list(BOT_TABS))
def test_round_trip_in_each_language(title: str, locale: str) -> None:
    tab = BotTab(title)
    record = {k: f"{k}-value" for k in tab.header}
    rows = in_language({title: tab.encode([record])}, locale)[title]
    assert list(rows[0]) == header(title, locale)
    assert tab.decode(rows) == [record]
    assert tab.has(rows, *tab.header)


def test_a_header_reordered_by_a_person_and_unknown_columns_still_read() -> None:
    zh = header("_runs", "zh-CN")
    head = ["备注", zh[1], zh[0], "message"]  # a column of their own, two reordered, one English
    rows = [head, ["x", "daily", "r1", "好"], [None, None, None, None]]
    assert RUNS.decode(rows) == [{"job": "daily", "run_id": "r1", "message": "好"}]
    assert in_language({"_runs": rows}, "en")["_runs"][0] == ["备注", "job", "run_id", "message"]
    assert in_language({"人员": [["姓名"]]}, "en") == {"人员": [["姓名"]]}  # human tabs untouched


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_last_run_is_found_under_either_header(locale: str) -> None:
    rows = in_language({"_runs": RUNS.encode([RECORD])}, locale)["_runs"]
    assert last_run_at(rows, "daily") == dt.datetime(2026, 11, 27, 10, 0)


def headers_in(book: Path) -> dict[str, list[Any]]:
    wb = openpyxl.load_workbook(book, read_only=True)
    try:
        return {ws.title: [c.value for c in next(ws.iter_rows(max_row=1))] for ws in wb.worksheets}
    finally:
        wb.close()


@pytest.mark.parametrize(
    ("general", "locale"),
    [('locale = "zh-CN"', "zh-CN"), ('locale = "en"', "en"),
     ('locale = "zh-CN"\nbot_headers = "keys"', "en"), ("", "zh-CN")],
)  # fmt: skip
def test_a_daily_run_writes_headers_in_the_configured_language(
    tmp_path: Path, demo_xlsx: Path, general: str, locale: str
) -> None:
    path = outbox_config(tmp_path, demo_xlsx, general)
    assert main(["run", "daily", "--config", str(path), "--at", AT, "-q"]) in (0, 1)
    settings = load_settings(path)
    written = headers_in(settings.bot_path or demo_xlsx.with_suffix(".bot.xlsx"))
    assert {"_checks", "_sla", "_metrics", "_reminders", "_case_links", "_runs"} <= set(written)
    for title, head in written.items():
        assert head == header(title, locale), title
    # read back by the next run, whichever language: its _runs holds both runs
    assert main(["run", "daily", "--config", str(path), "--at", "2026-11-27 11:00", "-q"]) in (0, 1)
    runs = RUNS.decode(open_backend(load_settings(path)).read()["_runs"])
    assert [r["started_at"][:16] for r in runs] == ["2026-11-27 10:00", "2026-11-27 11:00"]


def test_an_old_results_file_with_keys_reads_and_is_rewritten_in_chinese(
    tmp_path: Path, demo_xlsx: Path
) -> None:
    """A results file written before headers were localized (the keys) by an English run, then
    a Chinese run: the old rows are read and kept, the header rewritten in Chinese."""
    old = outbox_config(tmp_path, demo_xlsx, 'locale = "en"')
    assert main(["run", "daily", "--config", str(old), "--at", AT, "-q"]) in (0, 1)
    book = demo_xlsx.with_suffix(".bot.xlsx")
    assert headers_in(book)["_runs"] == list(BOT_TABS["_runs"])
    new = outbox_config(tmp_path, demo_xlsx, 'locale = "zh-CN"')
    assert main(["run", "daily", "--config", str(new), "--at", "2026-11-27 11:00", "-q"]) in (0, 1)
    assert headers_in(book)["_runs"] == header("_runs", "zh-CN")
    runs = RUNS.decode(open_backend(load_settings(new)).read()["_runs"])
    assert [r["job"] for r in runs] == ["daily", "daily"]


def test_a_bad_bot_headers_value_names_the_key_and_the_fix() -> None:
    with pytest.raises(ConfigError, match=r"general\.bot_headers.*'locale', 'keys'"):
        settings_from_dict({"general": {"bot_headers": "chinese"}})
