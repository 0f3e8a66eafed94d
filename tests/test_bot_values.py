"""The bot tabs' coded values in the workbook's language: a Chinese workbook's people read
状态 已超时 and 作业 每日运行 in ``_sla`` and ``_runs``, not ``breached`` and ``daily``; an English
one (or ``[general] bot_headers = "keys"``) the codes. Every codec reads either back as the code,
so results files written before (codes) still read, and nothing is sent twice across a switch."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from config import bot_values
from config.bot_values import ZH
from config.defaults import KPI_DEFAULTS
from config.settings import Settings, load_settings
from dashboard.text import STRINGS
from jobs.run.cli import main
from jobs.run.command_text import LINES
from jobs.run.envelope import run as run_job
from jobs.run.runs_tab import RUNS
from jobs.sla.sla_tab import SLA
from sheets_sync.bot_tab import BotTab, in_language, key_of, value_words
from sheets_sync.demo import generate
from tests.support.configs import outbox_config
from tests.support.notifiers import Recorder
from tests.support.results import records
from tests.support.sheets_emulator import SheetsEmulator, emulated_backend

CODED = [(title, key, code) for title, cols in ZH.items() for key, w in cols.items() for code in w]
AT, LATER = "2026-11-27 10:00", "2026-11-27 10:05"
KEY = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-Ab"
NOW = dt.datetime(2026, 11, 27, 10, 0)


@pytest.mark.parametrize(("title", "key"), [(t, k) for t, cols in ZH.items() for k in cols])
def test_each_code_has_a_word_of_its_own(title: str, key: str) -> None:
    words = ZH[title][key]
    assert key in BotTab(title).header
    assert all(words.values()) and len(set(words.values())) == len(words)
    assert not set(words.values()) & set(words), "a word that is also a code reads ambiguously"


@pytest.mark.parametrize(("title", "key", "code"), CODED)
def test_each_code_is_written_in_words_and_read_back_as_the_code(
    title: str, key: str, code: str
) -> None:
    tab = BotTab(title)
    rows = tab.encode([{key: code}])
    zh = in_language({title: rows}, "zh-CN")[title]
    assert zh[1][zh[0].index(key_of_zh(title, key))] == ZH[title][key][code]
    assert tab.decode(zh) == [{**dict.fromkeys(tab.header), key: code}]
    en = in_language({title: zh}, "en")[title]  # words back to the codes
    assert en[1][en[0].index(key)] == code
    spaced = [zh[0], [f" {v} " if v == ZH[title][key][code] else v for v in zh[1]]]
    assert tab.decode(spaced)[0][key] == code  # a word typed with spaces around it


def key_of_zh(title: str, key: str) -> str:
    head = in_language({title: [[key]]}, "zh-CN")[title][0]
    assert key_of(title, head[0]) == key
    return str(head[0])


def test_values_that_are_no_code_stay_as_they_are_in_both_directions() -> None:
    tab = BotTab("_sla")
    head = ["key", "kind", "status", "level"]
    rows = [head, ["x:1", "handover", "已超时 ", 3], ["x:2", 7, None, 0]]
    zh = in_language({"_sla": rows}, "zh-CN")["_sla"]
    assert zh[1][1:] == ["handover", "已超时", 3] and zh[2][1:] == [7, None, 0]
    assert rows[1][2] == "已超时 "  # the caller's rows are not changed
    assert [(r["kind"], r["status"]) for r in tab.decode(zh)] == [("handover", "breached"),
                                                                   (7, None)]  # fmt: skip


def word(key: str) -> str:
    return STRINGS[key][0]


@pytest.mark.parametrize(
    ("title", "key", "text"),
    [("_sla", "status", "sla.{}"), ("_sla", "kind", "kind.{}"), ("_sla", "clock", "tpl.clock.{}"),
     ("_checks", "severity", "severity.{}"), ("_runs", "job", "run.job.{}"),
     ("_runs", "outcome", "run.outcome.{}")],
)  # fmt: skip
def test_the_words_are_those_the_dashboard_shows_for_the_same_values(
    title: str, key: str, text: str
) -> None:
    assert {c: word(text.format(c)) for c in ZH[title][key]} == ZH[title][key]


def test_the_reminder_statuses_and_kpis_are_said_as_the_terminal_and_the_plan_say_them() -> None:
    codes = ZH["_reminders"]["status"]
    said = {c: LINES[f"status.{c}"][0] for c in codes if f"status.{c}" in LINES}
    assert set(said) == {"sent", "held", "pending", "failed", "dead", "carried"}
    assert said == {c: codes[c] for c in said}
    assert ZH["_metrics"]["kpi"] == {k: v.zh for k, v in KPI_DEFAULTS.items()}


# The words are a stored format (the ledger knows a message went by 已发送): this digest of
# config/bot_values.py's ZH changes with any word. Never change a word in place: put the old
# one in FORMER (read back as its code), then update this digest.
PINNED = "d063ff221b31803ce7f5a5fe786c8c1b40a9396f2c1e8b2ccebce4779af34aa5"


def test_the_stored_words_do_not_change_without_their_former_word_kept() -> None:
    text = json.dumps(ZH, ensure_ascii=False, sort_keys=True)
    assert hashlib.sha256(text.encode()).hexdigest() == PINNED, (
        "a bot-tab word changed: keep the old one in config/bot_values.py FORMER"
    )


def test_a_former_word_reads_as_its_code_and_is_rewritten_in_the_current_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bot_values, "FORMER", {"_reminders": {"status": {"已发出": "sent"}}})
    value_words.cache_clear()
    try:
        rows = [["编号", "状态"], ["digest:P001:2026-11-27", "已发出"]]
        assert BotTab("_reminders").decode(rows)[0]["status"] == "sent"
        assert in_language({"_reminders": rows}, "zh-CN")["_reminders"][1][1] == "已发送"
        assert in_language({"_reminders": rows}, "en")["_reminders"][1][1] == "sent"
    finally:
        value_words.cache_clear()


def column(book: Path, title: str, key: str) -> set[Any]:
    """The cells of column ``key`` of ``title`` in the results file, as stored."""
    wb = openpyxl.load_workbook(book, read_only=True)
    try:
        rows = list(wb[title].iter_rows(values_only=True))
    finally:
        wb.close()
    j = [key_of(title, str(h)) for h in rows[0]].index(key)
    return {r[j] for r in rows[1:]}


def test_a_results_file_of_codes_is_read_and_rewritten_in_words_and_nothing_goes_twice(
    tmp_path: Path, demo_xlsx: Path, rec: Recorder
) -> None:
    """An English run (codes, as every results file before this change), then a Chinese one
    on the same day, then English again: each reads the other's values as the codes."""
    book = demo_xlsx.with_suffix(".bot.xlsx")
    english = outbox_config(tmp_path, demo_xlsx, 'locale = "en"')
    assert main(["run", "daily", "--config", str(english), "--at", AT, "-q"]) in (0, 1)
    assert column(book, "_runs", "job") == {"daily"}
    assert column(book, "_sla", "status") <= {"on_track", "at_risk", "breached"}
    assert rec.sent and "sent" in column(book, "_reminders", "status")
    first = len(rec.sent)

    chinese = outbox_config(tmp_path, demo_xlsx, 'locale = "zh-CN"')
    assert main(["run", "daily", "--config", str(chinese), "--at", LATER, "-q"]) in (0, 1)
    assert len(rec.sent) == first  # the ledger's codes read: nothing sent again
    assert column(book, "_runs", "job") == {"每日运行"}  # the old row too
    assert column(book, "_runs", "outcome") <= {"正常", "有问题"}
    assert {"已超时", "有风险"} <= column(book, "_sla", "status") <= {"正常", "有风险", "已超时"}
    assert column(book, "_sla", "kind") <= set(ZH["_sla"]["kind"].values())
    assert column(book, "_sla", "clock") <= {"工作时间", "自然时间"}
    assert "已发送" in column(book, "_reminders", "status")
    assert column(book, "_reminders", "status") <= set(ZH["_reminders"]["status"].values())
    assert column(book, "_metrics", "kpi") <= set(ZH["_metrics"]["kpi"].values())
    assert column(book, "_metrics", "met") <= {"是", "否", None}
    assert column(book, "_case_links", "accepted") <= {"是", "否"}
    assert column(book, "_checks", "severity") == {"错误", "警告"}

    # the results database gone (a new machine): the ledger is the sheet's, in words
    demo_xlsx.with_suffix(".collabsheet.db").unlink()
    keys = outbox_config(tmp_path, demo_xlsx, 'locale = "zh-CN"\nbot_headers = "keys"')
    assert main(["run", "daily", "--config", str(keys), "--at", "2026-11-27 10:10", "-q"]) in (0, 1)
    assert len(rec.sent) == first  # the ledger's words read as the codes: nothing sent again
    runs = records(demo_xlsx, "_runs")
    assert [(r["job"], r["started_at"][:16]) for r in runs] == [
        ("daily", AT), ("daily", LATER), ("daily", "2026-11-27 10:10")]  # fmt: skip
    assert column(book, "_runs", "job") == {"daily"}
    assert "sent" in column(book, "_reminders", "status")
    statuses = {r["status"] for r in records(demo_xlsx, "_reminders")}
    assert "sent" in statuses and not statuses & set(ZH["_reminders"]["status"].values())
    assert load_settings(keys).written_locale == "zh-CN"  # only the tabs' words are keys


@pytest.mark.parametrize(("locale", "breached"), [("zh-CN", "已超时"), ("en", "breached")])
def test_a_google_spreadsheet_holds_the_words_of_its_locale_and_reads_them_back(
    locale: str, breached: str
) -> None:
    """The Google backend writes through ``in_language`` as the xlsx one does (the Sheets API
    emulation): the cells hold the words, the next run reads them as the codes."""
    emu = SheetsEmulator()
    emu.create(KEY, generate(NOW.date(), seed=7))
    settings = Settings(backend="memory")
    for minute in (0, 5):
        backend = emulated_backend(emu, KEY, header_locale=locale)
        run_job("sla", settings, backend, NOW.replace(minute=minute))
    sheet = emu.books[KEY].by_title("_sla")
    assert sheet is not None
    head, *rows = [list(r) for r in sheet.data]
    status = [key_of("_sla", str(h)) for h in head].index("status")
    assert breached in {r[status] for r in rows}
    runs = RUNS.decode(emulated_backend(emu, KEY, header_locale=locale).read()["_runs"])
    assert [r["job"] for r in runs] == ["sla", "sla"]
    assert {r["status"] for r in SLA.decode([head, *rows])} <= {"on_track", "at_risk", "breached"}
