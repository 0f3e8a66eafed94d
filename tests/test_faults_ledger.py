"""Faults of the results file and the ledger database (issue 15 item 7, issue 16 items 1 and 7).

Each fault is run against the same runs without it (the reference): per idempotency key, the
messages sent must be the reference's, each once (0 lost, 0 duplicated), and the results file
must hold the whole ledger and run history again afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from config.settings import Settings, settings_from_dict
from jobs.run.cli import main
from jobs.run.envelope import RunReport
from jobs.run.envelope import run as run_job
from sheets_sync.bot_tab import BotTab
from sheets_sync.results_file import fallbacks, is_ours
from sheets_sync.xlsx import XlsxBackend, write_xlsx
from sheets_sync.xlsx_reader import read_xlsx
from tests.support.clocks import FakeClock
from tests.support.error_lines import ERROR
from tests.support.faults_ledger_child import Logged, child_settings
from tests.support.files import cut_sheet
from tests.support.notifiers import Recorder
from tests.support.reminders import raw
from tests.support.sheets_emulator import SheetsEmulator, emulated_backend

FRI = dt.datetime(2026, 11, 27, 9, 0)
# the runs of every scenario: Friday's daily run, Monday's, Monday again an hour later, Tuesday's
MOMENTS = (FRI, FRI + dt.timedelta(days=3), FRI + dt.timedelta(days=3, hours=1),
           FRI + dt.timedelta(days=4))  # fmt: skip
WAIT = 0.01  # the results file's wait, tiny in tests


def settings(folder: Path) -> Settings:
    return child_settings(folder)


def workbook(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    book = folder / "team.xlsx"
    write_xlsx(book, raw())
    return book


def config_file(folder: Path, line: str) -> Path:
    """``folder/c.toml`` for ``folder``'s team.xlsx with ``line`` in its [workbook] section, the
    journal and the outbox in ``folder``."""
    config = folder / "c.toml"
    config.write_text(
        f'[workbook]\npath = "{folder / "team.xlsx"}"\n{line}\n'
        f'[channels]\njournal = "{folder / "j.jsonl"}"\n'
        f'[channels.outbox]\nfolder = "{folder / "outbox"}"\n',
        encoding="utf-8",
    )
    return config


def daily(folder: Path, rec: Recorder, now: dt.datetime) -> RunReport:
    clock = FakeClock()
    backend = XlsxBackend(folder / "team.xlsx", results_wait_s=WAIT)
    return run_job("daily", settings(folder), backend, now, notifiers={"outbox": rec},
                   clock=clock, sleep=clock.sleep)  # fmt: skip


def tab(path: Path, title: str) -> list[dict[str, Any]]:
    return BotTab(title).decode(read_xlsx([path])[title])  # in either language


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def cut(path: Path) -> None:
    cut_sheet(path, "_reminders")


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Counter[str]:
    """The messages of the four runs without any fault, per idempotency key."""
    folder = tmp_path_factory.mktemp("reference")
    workbook(folder)
    rec = Recorder()
    for now in MOMENTS:
        daily(folder, rec, now)
    sent = Counter(m.key for m in rec.sent)
    assert len(sent) >= 8 and set(sent.values()) == {1}  # the scenario sends, and on two days
    assert {k[-10:] for k in sent if k.startswith("digest:")} == {"2026-11-27", "2026-11-30",
                                                                 "2026-12-01"}  # fmt: skip
    return sent


Fault = Callable[[Path, Path], None]  # (results file, a copy of it after Friday's run)

FAULTS: dict[str, Fault] = {
    "deleted": lambda bot, old: bot.unlink(),
    "truncated": lambda bot, old: truncate(bot),
    "sheet_cut": lambda bot, old: cut(bot),
    "old_copy": lambda bot, old: shutil.copyfile(old, bot),
    "database_deleted": lambda bot, old: bot.with_name("team.collabsheet.db").unlink(),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_lost_or_damaged_results_file_neither_resends_nor_loses(
    fault: str, tmp_path: Path, reference: Counter[str]
) -> None:
    book = workbook(tmp_path)
    bot, db = tmp_path / "team.bot.xlsx", tmp_path / "team.collabsheet.db"
    rec = Recorder()
    reports = []
    for n, now in enumerate(MOMENTS):
        if n == 1:
            shutil.copyfile(bot, tmp_path / "friday.xlsx")
        if n == 2:  # after Monday's run, before Monday's second one
            FAULTS[fault](bot, tmp_path / "friday.xlsx")
        reports.append(daily(tmp_path, rec, now))
    assert Counter(m.key for m in rec.sent) == reference  # 0 lost, 0 duplicated, per key
    warned = [f.rule for r in reports for f in r.findings if f.rule.startswith("results.")]
    assert warned == ([] if fault == "database_deleted" else ["results.rebuilt"])
    assert db.is_file() and bot.is_file() and is_ours(bot)
    # the results file holds everything again: the whole ledger and the four runs
    ledger = {r["key"]: r["status"] for r in tab(bot, "_reminders")}
    assert set(reference) <= set(ledger) and {ledger[k] for k in reference} == {"sent"}
    assert [r["run_id"] for r in tab(bot, "_runs")] == [r.run_id for r in reports]
    with sqlite3.connect(db) as con:
        keys = {k for (k,) in con.execute("SELECT key FROM reminders WHERE status = 'sent'")}
        runs = {r for (r,) in con.execute("SELECT run_id FROM runs")}
        (mode,) = con.execute("PRAGMA journal_mode").fetchone()
    assert set(reference) <= keys and runs == {r.run_id for r in reports} and mode == "wal"
    if fault == "truncated":  # a file that does not open is kept for a look, never overwritten
        assert (tmp_path / "team.bot.damaged.xlsx").is_file()
    assert book.is_file() and book.with_name("team.bot.damaged-2.xlsx").exists() is False


def test_a_damaged_database_is_set_aside_and_rebuilt_from_the_results_file(
    tmp_path: Path, reference: Counter[str]
) -> None:
    workbook(tmp_path)
    db = tmp_path / "team.collabsheet.db"
    rec, reports = Recorder(), []
    for n, now in enumerate(MOMENTS):
        if n == 2:
            db.write_bytes(b"not a database at all" * 100)
            for extra in ("-wal", "-shm"):
                Path(f"{db}{extra}").unlink(missing_ok=True)
        reports.append(daily(tmp_path, rec, now))
    assert Counter(m.key for m in rec.sent) == reference
    assert [f.rule for r in reports for f in r.findings if f.rule.startswith("results.")] == [
        "results.db_reset"
    ]
    assert (tmp_path / "team.collabsheet.db.damaged").read_bytes().startswith(b"not a database")


def test_google_keeps_its_ledger_database_beside_the_config(
    tmp_path: Path, reference: Counter[str]
) -> None:
    """A bot tab deleted in the spreadsheet: rebuilt from the database beside the config."""
    key = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-Ab"
    emu = SheetsEmulator()
    emu.create(key, raw())
    config = tmp_path / "c.toml"
    config.write_text("", encoding="utf-8")
    data = {"workbook": {"backend": "google", "spreadsheet": key},
            "channels": {"outbox": {"folder": str(tmp_path / "outbox")},
                         "journal": str(tmp_path / "j.jsonl")}}  # fmt: skip
    s, rec, warned = settings_from_dict(data, source=str(config)), Recorder(), []
    for n, now in enumerate(MOMENTS):
        if n == 2:
            book = emu.books[key]
            book.sheets = [sheet for sheet in book.sheets if sheet.title != "_reminders"]
        clock = FakeClock()
        report = run_job("daily", s, emulated_backend(emu, key), now, notifiers={"outbox": rec},
                         clock=clock, sleep=clock.sleep)  # fmt: skip
        warned += [f.rule for f in report.findings if f.rule.startswith("results.")]
    assert Counter(m.key for m in rec.sent) == reference
    assert warned == ["results.rebuilt"] and (tmp_path / f"{key}.collabsheet.db").is_file()


ROOT = Path(__file__).resolve().parents[1]
KILLED = """
import datetime as dt, os, signal, sys
from pathlib import Path
from jobs.run.envelope import run
from sheets_sync.xlsx import XlsxBackend
from tests.support.faults_ledger_child import Logged, child_settings
folder, point, at = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
class Dying(XlsxBackend):  # killed after the database commit, before the results file
    def write(self, tabs):
        if point == "write":
            os.kill(os.getpid(), signal.SIGKILL)
        super().write(tabs)
seen = []
def hook(where, key):
    seen.append(where)
    if where == point and seen.count(point) == at:
        os.kill(os.getpid(), signal.SIGKILL)
now = dt.datetime.fromisoformat(sys.argv[4])
run("daily", child_settings(folder), Dying(folder / "team.xlsx", results_wait_s=0.01), now,
    notifiers={"outbox": Logged(folder / "sent.txt")}, hook=hook)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
@pytest.mark.parametrize("point", ["sent", "recorded", "write"])
def test_kill_9_in_a_daily_run_loses_nothing_and_resends_at_most_the_one_in_flight(
    point: str, tmp_path: Path, reference: Counter[str]
) -> None:
    workbook(tmp_path)
    done = subprocess.run([sys.executable, "-c", KILLED, str(tmp_path), point, "3", str(FRI)],
                          cwd=ROOT, capture_output=True, timeout=300)  # fmt: skip
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    log = Logged(tmp_path / "sent.txt")
    killed = log.keys()
    for now in MOMENTS:
        clock = FakeClock()
        run_job("daily", settings(tmp_path), XlsxBackend(tmp_path / "team.xlsx"), now,
                notifiers={"outbox": log}, clock=clock, sleep=clock.sleep)  # fmt: skip
    counts = Counter(log.keys())
    assert set(counts) == set(reference)  # nothing lost
    twice = {k for k, c in counts.items() if c > 1}
    assert twice == ({killed[-1]} if point == "sent" else set())  # the documented window


# ----------------------------------------------------------------------------- a locked file


@pytest.fixture
def office_lock(tmp_path: Path) -> Iterator[Path]:
    """``~$team.bot.xlsx``: the results file open in Excel / WPS (held until removed)."""
    lock = tmp_path / "~$team.bot.xlsx"
    yield lock
    lock.unlink(missing_ok=True)


def test_a_locked_results_file_diverts_to_a_fallback_merged_by_the_next_run(
    tmp_path: Path, reference: Counter[str], office_lock: Path
) -> None:
    workbook(tmp_path)
    bot = tmp_path / "team.bot.xlsx"
    rec, reports = Recorder(), []
    for n, now in enumerate(MOMENTS):
        if n == 1:
            office_lock.write_text("manager")
            before = sha(bot)
        report = daily(tmp_path, rec, now)
        reports.append(report)
        if n == 1:  # run again while still locked: one fallback, the latest, holds both runs
            report = daily(tmp_path, rec, now + dt.timedelta(minutes=5))
            reports.append(report)
            (fallback,) = fallbacks(bot)
            assert fallback.name == "team.bot.2026-11-30T0905.xlsx"
            assert sha(bot) == before  # the locked file is left as it was
            assert str(bot) in report.diverted and str(fallback) in report.diverted
            assert report.diverted.index("结果文件") < report.diverted.index("results file")
            assert report.outcome == "errors"
            office_lock.unlink()
    assert Counter(m.key for m in rec.sent) == reference
    assert fallbacks(bot) == []
    assert [r["run_id"] for r in tab(bot, "_runs")] == [r.run_id for r in reports]
    assert {r["status"] for r in tab(bot, "_reminders")} == {"sent"}
    assert not [f for r in reports for f in r.findings if f.rule.startswith("results.")]


def test_a_lock_released_while_waiting_writes_the_results_file_itself(
    tmp_path: Path, office_lock: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook(tmp_path)
    bot = tmp_path / "team.bot.xlsx"
    daily(tmp_path, Recorder(), FRI)
    office_lock.write_text("manager")
    naps: list[float] = []

    def nap(s: float) -> None:  # the manager closes the file during the first wait
        naps.append(s)
        office_lock.unlink(missing_ok=True)

    monkeypatch.setattr("sheets_sync.xlsx.time.sleep", nap)
    backend = XlsxBackend(tmp_path / "team.xlsx", results_wait_s=60)
    report = run_job("daily", settings(tmp_path), backend, MOMENTS[1],
                     notifiers={"outbox": Recorder()})  # fmt: skip
    assert len(naps) == 1 and report.diverted == "" and fallbacks(bot) == []
    assert [r["run_id"] for r in tab(bot, "_runs")][-1] == report.run_id


def test_run_daily_on_a_locked_results_file_exits_1_with_one_line_naming_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on Windows: the results file cannot be replaced while open (PermissionError)."""
    workbook(tmp_path)
    bot = tmp_path / "team.bot.xlsx"
    config = config_file(tmp_path, f"results_wait_s = {WAIT}")
    args = ["run", "daily", "--config", str(config), "--quiet"]
    assert main([*args, "--at", "2026-11-27 09:00"]) == 0
    capsys.readouterr()
    replace = os.replace

    def refuse(src: Any, dst: Any) -> None:
        if Path(dst) == bot:
            raise PermissionError(13, "Permission denied")
        replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse)
    assert main([*args, "--at", "2026-11-30 09:00"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    (fallback,) = fallbacks(bot)
    assert len(err) == 1 and str(bot) in err[0] and str(fallback) in err[0]
    assert err[0].startswith("结果文件")
    sent_monday = {r["key"] for r in tab(fallback, "_reminders") if "2026-11-30" in r["key"]}
    assert sent_monday  # Monday's messages went out and are in the fallback's ledger
    monkeypatch.setattr(os, "replace", replace)
    assert main([*args, "--at", "2026-11-30 10:00"]) == 0
    assert fallbacks(bot) == []
    ledger = {r["key"]: r for r in tab(bot, "_reminders")}
    assert sent_monday <= set(ledger) and {ledger[k]["attempts"] for k in sent_monday} == {1}
    assert [r["job"] for r in tab(bot, "_runs")] == ["daily"] * 3


@pytest.mark.parametrize("command", ["validate", "remind", "sla", "metrics", "cases"])
def test_every_writing_command_names_the_fallback_when_the_results_file_is_locked(
    command: str, tmp_path: Path, office_lock: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook(tmp_path)
    bot = tmp_path / "team.bot.xlsx"
    config = config_file(tmp_path, f"results_wait_s = {WAIT}")
    daily(tmp_path, Recorder(), FRI)
    office_lock.write_text("manager")
    main([command, "--config", str(config), "--quiet"])
    (fallback,) = fallbacks(bot)
    line = [x for x in capsys.readouterr().err.splitlines() if x.startswith("结果文件")]
    assert len(line) == 1 and str(bot) in line[0] and str(fallback) in line[0]


# ----------------------------------------------------------------------------- a person's file


@pytest.mark.parametrize(
    "locale",
    [
        "zh-CN",
        "en",
    ],
)
def test_bot_path_at_a_human_workbook_is_refused_and_left_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str
) -> None:
    workbook(tmp_path)
    human = tmp_path / "budget.xlsx"
    write_xlsx(human, {"预算": [["项目", "金额"], ["差旅", 1200]]})
    before = sha(human)
    config = config_file(tmp_path, f'bot_path = "{human}"')
    said = {  # the half for the locale: the key, the file, that it is not ours, and the fix
        "zh-CN": f"[workbook] bot_path = {human}：这不是 collabsheet 生成的结果文件（没有标记，"
        "且含有非 _ 开头的表），collabsheet 不会覆盖它；请把 bot_path 改为一个新文件名（或删除"
        "该项以使用默认的 NAME.bot.xlsx）",
        "en": f"{human} is not a results file collabsheet created (no marker, and it has tabs "
        "not starting with _); collabsheet never writes over it: set [workbook] bot_path to a "
        "new file name, or remove the key to use the default NAME.bot.xlsx",
    }
    lines = []
    for command in (["validate"], ["run", "daily", "--at", "2026-11-27 09:00"]):
        assert main([*command, "--config", str(config), "--quiet", "--locale", locale]) == 2
        lines.append(capsys.readouterr().err)
        assert sha(human) == before
    # refused before any reminder went out: the outbox holds only the failed run's note
    assert [p.name[:13] for p in (tmp_path / "outbox").iterdir()] == ["failure_daily"]
    assert lines == [
        f"{ERROR[locale]}{said[locale]}\n",
        f"{ERROR[locale]}{said[locale]}\n",  # run: the error it failed with, whole
    ]


def test_a_results_file_of_an_older_version_without_the_marker_is_still_ours(
    tmp_path: Path,
) -> None:
    workbook(tmp_path)
    bot = tmp_path / "team.bot.xlsx"
    write_xlsx(bot, {"_runs": [["run_id", "job"], ["old1", "daily"]]})
    assert is_ours(bot)
    daily(tmp_path, Recorder(), FRI)
    assert is_ours(bot) and tab(bot, "_runs")[0]["run_id"] == "old1"


def test_a_dry_run_creates_no_database(tmp_path: Path) -> None:
    workbook(tmp_path)
    backend = XlsxBackend(tmp_path / "team.xlsx")
    report = run_job("remind", settings(tmp_path), backend, FRI, dry_run=True,
                     notifiers={"outbox": Recorder()})  # fmt: skip
    assert report.count("would_send") >= 8
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.xlsx"]


# ----------------------------------------------------------------------------- file modes


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_new_files_get_the_folders_usual_mode(tmp_path: Path, umask_022: None) -> None:
    book = workbook(tmp_path)
    daily(tmp_path, Recorder(), FRI)
    files = (book, tmp_path / "team.bot.xlsx", tmp_path / "team.collabsheet.db")
    modes = {p.name: p.stat().st_mode & 0o777 for p in files}
    assert modes == {"team.xlsx": 0o644, "team.bot.xlsx": 0o644, "team.collabsheet.db": 0o644}


def test_the_results_file_keeps_the_mode_of_the_workbook(tmp_path: Path, umask_022: None) -> None:
    book = workbook(tmp_path)
    book.chmod(0o640)
    daily(tmp_path, Recorder(), FRI)
    assert (tmp_path / "team.bot.xlsx").stat().st_mode & 0o777 == 0o640
    book.chmod(0o660)
    daily(tmp_path, Recorder(), FRI + dt.timedelta(hours=1))
    assert (tmp_path / "team.bot.xlsx").stat().st_mode & 0o777 == 0o660
