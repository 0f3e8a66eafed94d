"""A run that never finished: its process was killed, the power went or it crashed while it
held the run lock (jobs/run/lock.py). The next command or scheduled run that takes the lock
over finds the dead holder's record and writes a ``failed`` row for that run in ``_runs``, and
the coordinators hear of it once that day (``jobs.run.failure.record_failure``), so a broken
night is not a silent gap in the run history (trial8: no row at all, the heartbeat still said
running).

Not for a run that wrote its record before it died (its row is in the ledger database: the
next run writes it to the results file), nor for a holder that was no run (``start-project``,
a survey command).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from config.settings import Settings
from jobs.run.ledger_db import ledger_path, read_only, stored_runs
from jobs.run.lock import Holder
from jobs.run.run_summary import kind_name
from jobs.run.runs_tab import STAMP

log = logging.getLogger("collabsheet.run")
NEAR = dt.timedelta(minutes=2)  # a recorded run of that kind started this close: it finished


@dataclass(frozen=True)
class Interruption:
    """The run a dead lock holder left: its kind, its start (local time) and why it failed."""

    kind: str
    started_at: dt.datetime
    text: str  # both languages, Chinese first, as every failed run's note


def interruption(settings: Settings, holder: Holder) -> Interruption | None:
    """What ``holder`` (taken over: its process is gone) left unfinished, or None."""
    from jobs.run.run_report import KINDS  # the run kinds (imported when a holder died: rare)

    kind = holder.what.removeprefix("scheduler ")
    if kind not in (*KINDS, "weekly"):
        return None
    at = holder.started_at.astimezone(settings.zone).replace(tzinfo=None, microsecond=0)
    if _recorded(settings, kind, at):
        return None
    zh, en = kind_name("zh-CN", kind), kind_name("en", kind)
    how_zh, how_en = (("被手动停止：Ctrl+C 或停止信号", "stopped: Ctrl+C or a stop signal")
                      if holder.stopped else
                      ("进程被强制停止、断电或崩溃", "killed, a power cut or a crash"))  # fmt: skip
    text = (
        f"运行中断：{zh}于 {at:%Y-%m-%d %H:%M:%S} 开始（pid {holder.pid}，主机 {holder.host}），"
        f"未正常结束，结果未写入（{how_zh}）；请查看当时的日志，之后的运行照常进行"
        f" / interrupted: the {en} run started at {at:%Y-%m-%d %H:%M:%S} (pid {holder.pid} on "
        f"{holder.host}) never finished and wrote no result ({how_en}); "
        "see the log of that time, later runs go on as usual"
    )
    return Interruption(kind, at, text)


def _recorded(settings: Settings, kind: str, at: dt.datetime) -> bool:
    """Whether the ledger database holds a run of ``kind`` started near ``at`` (it got as far
    as its record, written before the results file: the next run writes it there)."""
    path = ledger_path(settings)
    if path is None or not path.exists():
        return False
    try:
        with read_only(path) as db:
            runs = stored_runs(db)
    except Exception as exc:  # a damaged database: the run says so; here, count it unrecorded
        log.warning("could not read the ledger database %s: %s", path, exc)
        return False
    for r in runs:
        try:
            started = dt.datetime.strptime(str(r.get("started_at"))[:19], STAMP)
        except ValueError:
            continue
        if r.get("job") == kind and abs(started - at) <= NEAR:
            return True
    return False


def record(
    settings: Settings, holder: Holder,
    tell: Callable[[str, dt.datetime, str], object] | None = None,
) -> None:  # fmt: skip
    """Record the run ``holder`` left unfinished, if any, with ``tell(kind, start, text)`` (the
    scheduler's ``Jobs.record_failure``; None: ``record_failure`` on the configured workbook).
    Best effort: logged, never raised, since the command that took the lock over must run."""
    from jobs.notify import factory, redact

    try:
        found = interruption(settings, holder)
        if found is None:
            return
        log.warning("%s", found.text)
        if tell is None:
            from jobs.run.failure import record_failure
            from sheets_sync import open_backend

            tell = partial(record_failure, settings, open_backend(settings))
        tell(found.kind, found.started_at, found.text)
    except Exception as exc:
        log.error("could not record the interrupted run: %s",
                  redact(str(exc), factory.secrets(settings.channels)))  # fmt: skip
