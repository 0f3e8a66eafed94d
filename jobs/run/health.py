"""The health of an installation, as ``collabsheet doctor`` reports it: the workbook, the
results file, the ledger database (and what the next run does with them: record_health.py), the
journal, the run lock, failed runs, the configured channels and the departments' channels
(route_health.py), each found fine or not with what to do. Nothing is written or sent."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from config.channels import Channels
from config.errors import said
from config.phrases import language
from config.settings import Settings
from jobs.run.journal import FileJournal, journal_path
from jobs.run.ledger_db import ledger_path, read_only
from jobs.run.lock import STALE_AFTER_S, RunLock, lock_path, pid_alive

if TYPE_CHECKING:
    from jobs.run.record_health import Record
    from sheets_sync.workbook import Workbook


@dataclass(frozen=True)
class Check:
    """One line of the report: what was checked, whether it is fine, and what to do."""

    name: str  # workbook, results, database, record, journal, lock, run:KIND, channel:NAME,
    # route:KIND, survey
    ok: bool
    zh: str
    en: str

    def line(self, locale: str = "zh-CN") -> str:
        """The mark and the text in ``locale`` (English for any 'en…', else Chinese)."""
        text = self.en if language(locale) == "en" else self.zh
        return f"{'✓' if self.ok else '✗'} {text}"


def checks(settings: Settings, now: dt.datetime | None = None) -> list[Check]:
    """Every check, in the order people fix things; with ``now`` and a survey round open
    then, its secret and links too (jobs/run/survey_health.py)."""
    from jobs.run import record_health
    from jobs.run.route_health import personal, routes

    first, wb = read_workbook(settings)
    out = [first]
    record = record_health.read(settings)
    today = now.date() if now is not None else dt.date.min  # min: the database's latest day
    nothing = record_health.nothing_recorded(settings, record)
    if nothing is not None:  # one line for both stores: there is no record of sends at all
        out.append(nothing)
    else:
        if settings.backend == "xlsx":
            out.append(results(settings.bot_workbook, record, today))
        out.append(database(ledger_path(settings), record))
    out += [journal(journal_path(settings)), lock(lock_path(settings), settings.zone)]
    out += record_health.failed_runs(record)
    out += channels(settings.channels)
    out += routes(wb, settings.channels) + personal(wb, settings.channels) if wb is not None else []
    if now is not None:  # a line while a survey round is open
        from jobs.run.survey_health import survey, waiting

        out += [c for c in (survey(settings, now), waiting(settings)) if c is not None]
    return out


def workbook(settings: Settings) -> Check:
    """The human workbook can be read and has the required tabs (its findings: ``validate``)."""
    return read_workbook(settings)[0]


def read_workbook(settings: Settings) -> tuple[Check, Workbook | None]:
    """The workbook's line, and the workbook when it reads (the departments' channels)."""
    from sheets_sync import open_backend
    from sheets_sync.workbook import parse_workbook

    try:
        if settings.backend == "xlsx":
            from config.spreadsheet import is_read_only
            from sheets_sync.xlsx import missing_workbook
            from sheets_sync.xlsx_reader import read_xlsx  # the workbook alone, not the results

            if not settings.path.is_file():  # said as a run says it
                missing = missing_workbook(settings.path)
                return Check("workbook", False, said(missing, "zh-CN"), said(missing, "en")), None
            tabs = read_xlsx([settings.path])
            if is_read_only(settings.path):  # .ods, .xls: as a run reads it (no XML to scan)
                tabs.skip_error_scan()
            raw: Mapping[str, Any] = tabs
        else:
            raw = open_backend(settings).read()
        wb = parse_workbook(raw, settings)
    except Exception as exc:  # one of ours raised in both languages: each line its own
        zh, en = said(exc, "zh-CN"), said(exc, "en")
        line = Check(
            "workbook", False, f"工作簿无法读取：{zh}", f"the workbook cannot be read: {en}"
        )
        return line, None
    rows = sum(len(t) for t in wb.tables.values())
    unread = [t for t in wb.tables.values() if t.unusable and t.schema.required]
    if unread:  # a required tab not read: its rows are in no SLA, reminder or KPI (trial10)
        zh = "；".join(f"{t.title}：{t.problems[0].message('zh-CN')}" for t in unread)
        en = "; ".join(f"{t.title}: {t.problems[0].message('en')}" for t in unread)
        where = settings.where
        line = Check("workbook", False, f"工作簿 {where} 中有工作表未被读取，其中的行不参与时限、"
                     f"提醒和指标——{zh}；修正后运行 collabsheet validate 核对",
                     f"in workbook {where} a tab is not read, so its rows are in no SLA, "
                     f"reminder or KPI: {en}; fix it, then run collabsheet validate")  # fmt: skip
        return line, wb
    if settings.backend == "xlsx":
        from jobs.run.office_health import office_open

        if (opened := office_open(settings.path)) is not None:
            return opened, wb
    return Check("workbook", True, f"工作簿 {settings.where} 可读取（{rows} 行）；数据问题请运行 "
                 "collabsheet validate", f"workbook {settings.where} reads ({rows} rows); for "
                 "problems in the data run collabsheet validate"), wb  # fmt: skip


def results(path: Path, record: Record | None = None, today: dt.date = dt.date.min) -> Check:
    """The results file: absent (rebuilt or made by the next run), whole, ours, not open, no
    fallback, not behind the database (``record``: what both stores hold)."""
    from jobs.run.record_health import behind, book_absent
    from sheets_sync import results_file
    from sheets_sync.local_file import office_lock

    waiting = results_file.fallbacks(path)
    if waiting:
        names = ", ".join(p.name for p in waiting)
        return Check("results", False, f"结果文件曾被占用，结果暂存在 {names}：关闭 {path.name} 后"
                     "运行 collabsheet run daily 即可合并", f"the results file was locked; results "
                     f"wait in {names}: close {path.name} and run collabsheet run daily to merge "
                     "them")  # fmt: skip
    if not path.exists():
        if record is not None:
            return book_absent(record)
        return Check(
            "results",
            True,
            f"结果文件 {path} 尚未生成：下次运行时创建",
            f"results file {path} not written yet: the next run creates it",
        )
    if not results_file.intact(path):
        return Check("results", False, f"结果文件 {path} 已损坏：下次运行会另存它并从账本"
                     "数据库重建，无需手工处理", f"results file {path} is damaged: the next "
                     "run sets it aside and rebuilds it from the ledger database, nothing "
                     "to do by hand")  # fmt: skip
    if not results_file.is_ours(path):
        return Check("results", False, *results_file.refuse_human(path).parts)
    held = office_lock(path)
    if held is not None:
        return Check("results", False, f"结果文件 {path.name} 正在 Excel / WPS / LibreOffice 中打开"
                     f"（{held.name}）：请关闭它，否则结果将写入旁边的备用文件", f"results file "
                     f"{path.name} is open in an office program ({held.name}): close it, or "
                     "results go to a dated file beside it")  # fmt: skip
    keys, runs = behind(record, today) if record is not None else (0, 0)
    if keys or runs:
        return Check("results", True, f"结果文件 {path} 完好，但比账本数据库旧（旧副本？）：缺少"
                     f"其中 {keys} 条提醒记录、{runs} 次运行；下次运行从数据库补全，不会重发任何"
                     f"消息", f"results file {path} is whole but older than the ledger database "
                     f"(an old copy?): it lacks {keys} reminder record(s) and {runs} run(s) of "
                     "it; the next run completes it from the database, no message is sent "
                     "again")  # fmt: skip
    return Check("results", True, f"结果文件 {path} 完好", f"results file {path} is whole")


def database(path: Path | None, record: Record | None = None) -> Check:
    """The ledger database: whole, in WAL mode; absent is fine (the next run makes it, from
    the results file when ``record`` shows it holds anything)."""
    if path is None:
        return Check(
            "database",
            True,
            "此配置没有账本数据库文件（内存后端）",
            "no ledger database file for this configuration (memory backend)",
        )
    if not path.exists():
        if record is not None and record.book is not None:
            from jobs.run.record_health import db_absent

            return db_absent(record)
        return Check("database", True, f"账本数据库 {path} 尚未创建：下次运行时从结果文件建立",
                     f"ledger database {path} not created yet: the next run builds it from the "
                     "results file")  # fmt: skip
    try:
        with read_only(path) as db:
            (ok,) = db.execute("PRAGMA quick_check").fetchone()
            keys = db.execute("SELECT count(*) FROM reminders").fetchone()[0]
            runs = db.execute("SELECT count(*) FROM runs").fetchone()[0]
        with path.open("rb") as f:  # the header's read / write versions: 2 in WAL mode
            mode = "wal" if f.read(20)[18:20] == b"\x02\x02" else "rollback"
    except (sqlite3.Error, OSError) as exc:
        ok, mode, keys, runs = str(exc), "", 0, 0
    if ok != "ok":
        return Check("database", False, f"账本数据库 {path} 已损坏（{ok}）：下次运行会另存"
                     "它并从结果文件重建", f"ledger database {path} is damaged ({ok}): "
                     "the next run sets it aside and rebuilds it from the results "
                     "file")  # fmt: skip
    return Check("database", mode == "wal", f"账本数据库 {path} 完好（{keys} 条提醒记录，{runs} "
                 f"次运行，日志模式 {mode}）", f"ledger database {path} is whole ({keys} reminder "
                 f"records, {runs} runs, journal mode {mode})")  # fmt: skip


def journal(path: Path) -> Check:
    """The write-ahead journal: empty or absent unless a run was interrupted."""
    entries = FileJournal(path).read()
    if not entries:
        return Check("journal", True, f"发送日志 {path} 为空", f"send journal {path} is empty")
    return Check("journal", True, f"发送日志 {path} 有 {len(entries)} 条未合并的记录（上次"
                 "运行被中断）：下次运行会自动重放，无需处理", f"send journal {path} holds "
                 f"{len(entries)} record(s) of an interrupted run: the next run replays them, "
                 "nothing to do")  # fmt: skip


def lock(path: Path, zone: dt.tzinfo | None = None) -> Check:
    """The run lock: free, held by a live run, left by a dead one, or hung (its holder's start
    in ``zone``, the configured one, as the busy lock's error says it)."""
    lock_ = RunLock(path, zone=zone)
    holder = lock_.holder()
    if holder is None:
        return Check("lock", True, f"运行锁 {path} 空闲", f"run lock {path} is free")
    zh, en = holder.describe("zh-CN", zone), holder.describe("en", zone)  # each its language
    if holder.stopped:  # Ctrl+C or a stop signal: nobody holds it (review12: "running" said)
        return Check(
            "lock",
            True,
            f"运行锁记着一次被手动停止的运行（{zh}）：下次运行会接管，并在 _runs 记下这次中断",
            f"run lock records a run that was stopped "
            f"({en}): the next run takes it over and records the interruption in _runs",
        )
    age = lock_.clock() - holder.started_at.timestamp()
    if holder.host == lock_.host and not pid_alive(holder.pid):
        return Check(
            "lock",
            True,
            f"运行锁由已结束的进程留下（{zh}）：下次运行自动接管",
            f"run lock left by a process that ended ({en}): the next run takes it over",
        )
    if age > STALE_AFTER_S:
        return Check("lock", False, f"运行锁被占用超过 {STALE_AFTER_S / 3600:.0f} 小时（{zh}）："
                     f"该运行可能已挂起，请结束该进程或删除 {path}", f"run lock held for over "
                     f"{STALE_AFTER_S / 3600:.0f} h ({en}): the run may hang; end that process "
                     f"or remove {path}")  # fmt: skip
    return Check("lock", True, f"正在运行：{zh}", f"a run is going on: {en}")


def channels(section: Channels) -> list[Check]:
    """Each configured channel (``[channels]``) has what it needs to send (nothing is sent)."""
    out = []
    for name, ch in section.channels.items():
        missing: list[str] = []
        if ch.kind == "outbox":  # a folder it can write in: not a file (trial12: ✓ said)
            folder = ch.folder if ch.folder.exists() else _existing_parent(ch.folder)
            if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
                out.append(
                    Check(
                        f"channel:{name}",
                        False,
                        f"渠道 {name}（outbox）的文件夹 "
                        f"{ch.folder} 无法写入（{folder} 不是可写的文件夹）：请改正，或在 "
                        f"[channels.{name}] folder 设置另一个文件夹",
                        f"channel {name} "
                        f"(outbox) cannot write in {ch.folder} ({folder} is not a "
                        f"writable folder): fix it, or set [channels.{name}] folder",
                    )
                )
                continue  # fmt: skip
        elif ch.kind == "email":
            missing += ["host"] if not ch.host else []
            missing += [ch.password_env] if ch.user and not ch.env("password_env") else []
        elif not ch.env("webhook_env") and not (ch.kind == "wecom" and os.environ.get(
                "COLLABSHEET_WECOM_KEY")):  # fmt: skip
            missing.append(ch.webhook_env)
        if missing:
            need = ", ".join(missing)
            out.append(Check(f"channel:{name}", False, f"渠道 {name}（{ch.kind}）缺少 {need}："
                             f"在配置 [channels.{name}] 或环境变量中设置",
                             f"channel {name} ({ch.kind}) lacks {need}: set it under "
                             f"[channels.{name}] or in the environment"))  # fmt: skip
        else:
            out.append(Check(f"channel:{name}", True, f"渠道 {name}（{ch.kind}）已配置（未发送"
                             "测试消息）", f"channel {name} ({ch.kind}) is configured (nothing "
                             "sent)"))  # fmt: skip
    return out


def _existing_parent(path: Path) -> Path:
    for parent in path.parents:
        if parent.exists():
            return parent
    return Path(".")
