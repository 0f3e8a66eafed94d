"""``collabsheet doctor``'s lines on the record of sent messages: the results file's
``_reminders`` and ``_runs`` and the ledger database, read once and compared.

A run sends a message only when neither holds its key (jobs/run/mirror.py), so doctor says what
the next run will do with what is there: rebuild one from the other (nothing sent again),
complete an old copy of the results file, or, with both gone, send every due message as unsent
(a second time, when earlier runs left traces). It also names the latest run of each kind that
failed. Nothing is written: the database is opened read-only and immutable."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from config.settings import Settings
from jobs.reminders.reminders_tab import Entry, entries_of
from jobs.reminders.retention import horizon, retired
from jobs.run.health import Check
from jobs.run.journal import FileJournal, journal_path
from jobs.run.ledger_db import ledger_path, read_only, stored_entries, stored_runs
from jobs.run.mirror import further
from jobs.run.run_summary import kind_name
from jobs.run.runs_tab import RUNS


@dataclass(frozen=True)
class Holding:
    """What one store holds: reminder entries by key and ``_runs`` records by run id."""

    entries: Mapping[str, Entry] = field(default_factory=dict)
    runs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def counts(self) -> tuple[str, str]:
        """The numbers, as said in Chinese and in English."""
        n, m = len(self.entries), len(self.runs)
        return f"{n} 条提醒记录、{m} 次运行", f"{n} reminder record(s), {m} run(s)"


@dataclass(frozen=True)
class Record:
    """The results file (``book``) and the database (``db``) with what each holds; None for a
    store that is absent or cannot be read (the results and database lines say why)."""

    book: Path | None
    db: Path | None
    in_book: Holding | None
    in_db: Holding | None


def read(settings: Settings) -> Record:
    """Both stores as they are now (a Google workbook's bot tabs are not read here)."""
    book = settings.bot_workbook if settings.backend == "xlsx" else None
    db = ledger_path(settings)
    return Record(book, db, _book(book), _db(db))


def _book(path: Path | None) -> Holding | None:
    from sheets_sync import results_file
    from sheets_sync.xlsx_reader import read_xlsx

    if path is None or not path.is_file() or not results_file.opens(path):
        return None
    try:
        tabs = read_xlsx([path], ours=[path])  # sheets decode when asked: these two only
        reminders = tabs.get("_reminders") or []
        runs = RUNS.decode(tabs.get("_runs"))
    except Exception:  # damaged or not ours: the results line says so
        return None
    return Holding(entries_of(reminders), {str(r["run_id"]): r for r in runs if r.get("run_id")})


def _db(path: Path | None) -> Holding | None:
    if path is None or not path.is_file():
        return None
    try:
        with read_only(path) as db:
            entries, runs = stored_entries(db), stored_runs(db)
    except (sqlite3.Error, OSError, ValueError):  # damaged: the database line says so
        return None
    return Holding(entries, {str(r.get("run_id")): r for r in runs})


def nothing_recorded(settings: Settings, record: Record) -> Check | None:
    """With neither the results file nor the database there (or the results file damaged, set
    aside by the next run): one line saying there is no record of sent messages, ✗ when earlier
    runs left traces (their messages would go again), ✓ for a new installation. None when
    either store is there."""
    book, db = record.book, record.db
    if book is None or db is None or db.exists():
        return None
    damaged = book.exists()  # and its reminders and runs cannot be read: a run starts afresh
    if damaged and record.in_book is not None:
        return None
    zh_seen, en_seen = traces(settings, book, db)
    if damaged:  # written by a run: a trace itself
        zh_seen.insert(0, "结果文件本身")
        en_seen.insert(0, "the results file itself")
        head_zh = f"结果文件 {book} 已损坏（下次运行会另存它），账本数据库 {db} 也不存在"
        head_en = (f"the results file {book} is damaged (the next run sets it aside) and the "
                   f"ledger database {db} does not exist")  # fmt: skip
    else:
        head_zh = f"结果文件 {book} 和账本数据库 {db} 都不存在"
        head_en = f"neither the results file {book} nor the ledger database {db} exists"
    head_zh += "：没有任何已发送消息的记录，下次运行会把每条到期消息当作未发送而发出"
    head_en += (": there is no record of messages sent, so the next run sends every due message "
                "as unsent")  # fmt: skip
    if not zh_seen:  # a new installation: said plainly, not as a warning
        zh = f"结果文件 {book.name} 和账本数据库 {db.name} 由下次运行创建"
        en = f"the next run creates the results file {book.name} and the ledger database {db.name}"
        return Check("record", True, f"还没有发送记录（新安装：发件箱为空，没有发送日志）：{zh}",
                     "no record of sent messages yet (a new installation: empty outbox, no send "
                     f"journal): {en}")  # fmt: skip
    return Check("record", False, f"{head_zh}；而这里曾经运行过（{'、'.join(zh_seen)}），已发过"
                 f"的消息会再发一次。请在下次运行前从备份恢复其中任意一个（{book.name} 或 "
                 f"{db.name}）", f"{head_en}; this workbook has been run before "
                 f"({', '.join(en_seen)}), so messages already sent would go again. Restore "
                 f"either file ({book.name} or {db.name}) from a backup before the next "
                 "run")  # fmt: skip


def traces(settings: Settings, book: Path, db: Path) -> tuple[list[str], list[str]]:
    """What earlier runs leave behind that doctor can see cheaply, in Chinese and English: files
    in an outbox folder, a send journal, damaged stores set aside."""
    zh: list[str] = []
    en: list[str] = []
    for ch in settings.channels.channels.values():
        if ch.kind == "outbox" and ch.folder.is_dir():
            n = sum(1 for p in ch.folder.iterdir() if p.is_file())
            if n:
                zh.append(f"发件箱 {ch.folder} 有 {n} 个文件")
                en.append(f"the outbox {ch.folder} holds {n} file(s)")
    journal = journal_path(settings)
    if journal.exists():
        n = len(FileJournal(journal).read())
        zh.append(f"发送日志 {journal.name} 有 {n} 条记录")
        en.append(f"the send journal {journal.name} holds {n} record(s)")
    # not the run lock: a dry run or a failed run leaves it too, and it proves nothing was sent
    aside = sorted(p.name for p in db.parent.glob(f"{db.name}.damaged*"))
    aside += sorted(p.name for p in book.parent.glob(f"{book.stem}.damaged*{book.suffix}"))
    if aside:
        zh.append(f"另存的损坏文件 {'、'.join(aside)}")
        en.append(f"damaged files set aside: {', '.join(aside)}")
    return zh, en


def book_absent(record: Record) -> Check:
    """The results file is missing and the database is there: the next run rebuilds it."""
    return _absent("results", record.book, ("结果文件", "results file"), record.in_db,
                   record.db, ("账本数据库", "ledger database"))  # fmt: skip


def db_absent(record: Record) -> Check:
    """The database is missing and the results file is there: the next run rebuilds it."""
    return _absent("database", record.db, ("账本数据库", "ledger database"), record.in_book,
                   record.book, ("结果文件", "results file"))  # fmt: skip


def _absent(
    name: str, path: Path | None, noun: tuple[str, str], held: Holding | None,
    other: Path | None, other_noun: tuple[str, str],
) -> Check:  # fmt: skip
    """One store missing (``path``), the other (``other``) holding ``held``: the next run
    creates the missing one empty, or rebuilds it from the other without sending again."""
    if held is None or not (held.entries or held.runs):
        return Check(name, True, f"{noun[0]} {path} 尚未创建，{other_noun[0]}中也没有记录：下次运行"
                     f"时创建", f"{noun[1]} {path} not created yet and the {other_noun[1]} holds "
                     "no record: the next run creates it")  # fmt: skip
    zh, en = held.counts()
    # only as current as the other store (trial28: the database lost and a backup of the
    # results file put back, doctor said nothing would go again and 26 messages did)
    last = max((_start(r)[:16] for r in held.runs.values()), default="—")
    return Check(name, True, f"{noun[0]} {path} 不存在：下次运行从{other_noun[0]} {other} 重建它"
                 f"（{zh}，最近一次运行 {last}）。它若是最新的，不会重发任何消息；若那之后还运行过"
                 f"（它是从备份恢复的旧副本），那之后发出的消息会再发一次：请先找回最新的{noun[0]}或"
                 f"{other_noun[0]}", f"{noun[1]} {path} is missing: the next run rebuilds it from "
                 f"the {other_noun[1]} {other} ({en}, the latest run {last}). If that is the "
                 "latest, no message is sent again; if runs went after it (a copy restored from a "
                 f"backup), what they sent goes again: find the latest {noun[1]} or "
                 f"{other_noun[1]} first")  # fmt: skip


def behind(record: Record, today: dt.date) -> tuple[int, int]:
    """Reminder records and runs the database holds and the results file lacks (an old copy
    put back), counted as a run counts them: a message of a day long past left the tab on
    purpose (jobs/reminders/retention.py)."""
    if record.in_book is None or record.in_db is None:
        return 0, 0
    sheet, known = record.in_book.entries, record.in_db.entries
    day = horizon(known.values(), today)
    keys = 0
    for key, e in known.items():
        have = sheet.get(key)
        if have is None:
            keys += not retired(e, day)  # left the tab on purpose: not missing
        else:
            keys += further(have, e) is not have
    return keys, len(set(record.in_db.runs) - set(record.in_book.runs))


def failed_runs(record: Record) -> list[Check]:
    """A line for each kind of run whose latest run (in either store) failed, with its time,
    id and message as stored (redacted when it was recorded)."""
    runs: dict[str, Mapping[str, Any]] = {}
    for held in (record.in_book, record.in_db):  # the database's row of one run id wins: a
        runs.update(held.runs if held is not None else {})  # failure is recorded there first
    out = []
    for job, r in sorted(_latest(runs.values()).items()):
        if str(r.get("outcome") or "").strip() != "failed":
            continue
        at, rid, msg = str(r.get("started_at") or "")[:16], r.get("run_id"), r.get("message") or ""
        out.append(Check(f"run:{job}", False, f"最近一次{kind_name('zh-CN', job)}（{at}，编号 "
                         f"{rid}）失败：{msg}；请按此修正原因，之后的运行会照常进行",
                         f"the latest {job} run ({at}, id {rid}) failed: {msg}; fix the cause "
                         "and the following runs go on as usual"))  # fmt: skip
    return out


def _latest(runs: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """The latest run of each kind (``job``), by its start time."""
    out: dict[str, Mapping[str, Any]] = {}
    for r in runs:
        job = str(r.get("job") or "").strip()
        if job and (job not in out or _start(r) >= _start(out[job])):
            out[job] = r
    return out


def _start(r: Mapping[str, Any]) -> str:
    return str(r.get("started_at") or "")[:19]
