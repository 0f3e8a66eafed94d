"""The run lock: at most one job run at a time on a workbook, across processes.

An exclusive ``fcntl.flock`` on a lock file (beside the workbook by default) that records the
holder's pid, host and start time. The kernel drops a flock when its holder dies, so a crashed
holder never blocks the next run; the record only explains. A holder that is alive but older
than the staleness limit (hung) is broken: the file is replaced and the old holder keeps a lock
on the unlinked file. Hosts sharing the file over a filesystem without flock rely on the record:
another host's fresh record counts as held, a stale one is taken over.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import fcntl
import json
import logging
import os
import platform
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from config.errors import CollabsheetError
from config.phrases import Phrases
from config.settings import Settings
from jobs.run.stop_signal import term_as_interrupt
from sheets_sync.xlsx import missing_workbook

log = logging.getLogger("collabsheet.lock")
SENDING = ("daily", "hourly", "remind", "weekly")  # the runs that send messages
STALE_AFTER_S = 3 * 3600.0  # far longer than a run, even one retrying Google's quota for minutes
# the lines the operator sees when a lock is taken over or broken, in the terminal's language
# (Settings.locale, which --locale sets), as the commands' printed lines
WORDS = Phrases("jobs/run/lock.py", {
    "taking_over": ("接管运行锁 {path}（原持有者：{holder}；{why}）",
                    "taking over the run lock {path} left by {holder} ({why})"),
    "breaking": ("强制解除过期的运行锁 {path}（持有者：{holder}；已超过 {limit:.0f} 秒）",
                 "breaking the stale run lock {path} held by {holder} (older than {limit:.0f} s)"),
    "why.stale": ("已过期", "stale"),
    "why.alive": ("该进程仍在运行，但未持有锁", "not holding it"),
    "why.dead": ("其进程已结束", "its process is dead"),
    "holder": ("{what}pid {pid}，主机 {host}，{since} 起",
               "{what}pid {pid} on {host} since {since}"),
    "what": ("{what}，", "{what}, "),
})  # fmt: skip


class LockBusy(CollabsheetError):
    """Another run holds the lock (still, after waiting ``waited_s``)."""

    def __init__(
        self, path: Path, holder: Holder | None, waited_s: float = 0.0,
        zone: dt.tzinfo | None = None,
    ) -> None:  # fmt: skip
        zh = holder.describe("zh-CN", zone) if holder else "持有者不明"
        en = holder.describe("en", zone) if holder else "holder unknown"
        super().__init__(
            f"另一个 collabsheet 运行正持有运行锁 {path}（{zh}）；已等待 {waited_s:g} 秒："
            "请等它结束后再运行，或加 --wait 秒数；只有确认没有运行在进行时才可删除该文件",
            f"another collabsheet run holds {path} ({en}); waited {waited_s:g} s: run again "
            "when it has finished or pass --wait SECONDS; remove the file only if no run is "
            "going on",
        )
        self.holder = holder


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) the lock, as recorded in the file."""

    pid: int
    host: str
    started_at: dt.datetime  # aware UTC
    what: str = ""
    # ours only: the dead (or stale) holder whose record we took over, whose run never
    # finished (jobs/run/interruption.py records it); not written to the file
    replaced: Holder | None = field(default=None, compare=False)
    stopped: bool = False  # the run was stopped with Ctrl+C: its record left for the next run

    def describe(self, locale: str = "en", zone: dt.tzinfo | None = None) -> str:
        """The holder in words; its start in ``zone`` (the configured one, as the sheets' times
        are, trial8), else in UTC."""
        what = WORDS(locale, "what", what=self.what) if self.what else ""
        at = self.started_at.astimezone(zone) if zone is not None else self.started_at
        since = f"{at:%Y-%m-%d %H:%M:%S} {getattr(zone, 'key', None) or at.tzname() or 'UTC'}"
        return WORDS(locale, "holder", what=what, pid=self.pid, host=self.host, since=since)

    def to_json(self) -> str:
        return json.dumps(
            {"pid": self.pid, "host": self.host, "started_at": self.started_at.isoformat(),
             "what": self.what, **({"stopped": True} if self.stopped else {})}
        )  # fmt: skip

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        try:
            data: Any = json.loads(text)
            at = dt.datetime.fromisoformat(data["started_at"])
            return cls(int(data["pid"]), str(data["host"]), at, str(data.get("what", "")),
                       stopped=data.get("stopped") is True)  # fmt: skip
        except (ValueError, KeyError, TypeError):
            return None


def lock_path(settings: Settings) -> Path:
    """``[scheduler] lock``, else beside the workbook (``data/demo.run.lock``)."""
    return settings.lock or settings.path.with_name(f"{settings.path.stem}.run.lock")


@contextlib.contextmanager
def held(settings: Settings, what: str, wait_s: float, dry_run: bool = False) -> Iterator[Holder]:
    """The workbook's run lock for one command (``--wait``): every job that writes the results,
    sends or appends takes it, as the scheduler does, so no two interleave. A run its dead
    holder left unfinished is recorded first (jobs/run/interruption.py); a dry run, which
    writes and sends nothing, leaves that record in the lock file for the next run. A run that
    sends, stopped with Ctrl+C, leaves its own for the next run to record (``SENDING``); a
    check someone stopped at the terminal is no news for the coordinators."""
    if settings.backend == "xlsx" and not settings.path.parent.is_dir():
        raise missing_workbook(settings.path)  # trial36: not a lock, ledger or outbox made in
        # a folder a cron job's working directory gave
    lock = RunLock(lock_path(settings), locale=settings.locale, zone=settings.zone)
    keep = what in SENDING and not dry_run
    with term_as_interrupt(), lock.acquire(what, wait_s=wait_s, restore=dry_run,
                                            keep_stopped=keep) as me:  # fmt: skip
        if me.replaced is not None and not dry_run:
            from jobs.run.interruption import record

            record(settings, me.replaced)
        yield me


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


class RunLock:
    """``with RunLock(path).acquire(what="daily"):`` runs the body holding the lock."""

    def __init__(
        self,
        path: Path,
        *,
        stale_after_s: float = STALE_AFTER_S,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        locale: str = "zh-CN",
        zone: dt.tzinfo | None = None,
    ) -> None:
        self.path = Path(path)
        self.locale = locale  # of the lines it logs (the terminal's)
        self.zone = zone  # of the times it says (the configured zone; None: UTC)
        self.stale_after_s = stale_after_s
        self.clock = clock
        self.sleep = sleep
        self.host = platform.node()

    def holder(self) -> Holder | None:
        """The recorded holder (None when the lock is free or the record unreadable)."""
        try:
            return Holder.parse(self.path.read_text(encoding="utf-8"))
        except OSError:
            return None

    @contextlib.contextmanager
    def acquire(
        self, what: str = "", *, wait_s: float = 0.0, poll_s: float = 0.5, restore: bool = False,
        keep_stopped: bool = False,
    ) -> Iterator[Holder]:  # fmt: skip
        """Hold the lock for the body; wait up to ``wait_s`` for a busy one, else ``LockBusy``.
        ``restore``: a dead holder's record taken over is written back when the body ends.
        ``keep_stopped``: a body stopped by Ctrl+C or a stop signal leaves our record, marked
        ``stopped``, for the next run to record the interruption (trial12: nothing was)."""
        deadline = self.clock() + wait_s
        while True:
            handle = self._try(what)
            if handle is not None:
                break
            if self.clock() >= deadline:
                raise LockBusy(self.path, self.holder(), wait_s, self.zone)
            self.sleep(min(poll_s, max(deadline - self.clock(), 0.0)))
        f, me = handle
        stopped = False
        try:
            yield me
        except (KeyboardInterrupt, SystemExit):  # Ctrl+C; the scheduler's second stop signal
            stopped = keep_stopped and not restore
            raise
        finally:
            with contextlib.suppress(OSError):  # a record that says "free", then the unlock
                f.truncate(0)
                f.seek(0)
                if stopped:
                    f.write(dataclasses.replace(me, stopped=True).to_json())
                elif restore and me.replaced is not None:
                    f.write(me.replaced.to_json())
                f.flush()
            fcntl.flock(f, fcntl.LOCK_UN)
            f.close()

    def _try(self, what: str) -> tuple[IO[str], Holder] | None:
        """One attempt: the open, locked file and our record, or None when it is held."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(3):  # the file may be replaced (a stale lock broken) under us: again
            f = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 (held beyond this call)
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                f.close()
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
                if self._break_if_stale():
                    continue
                return None
            try:
                if self._same_file(f):
                    me = self._take(f, what)
                    if me is not None:
                        return f, me
                    f.close()
                    return None
            except BaseException:
                f.close()
                raise
            f.close()
        return None

    def _take(self, f: IO[str], what: str) -> Holder | None:
        """With the flock held: write our record over a dead holder's, or None (still held)."""
        f.seek(0)
        previous = Holder.parse(f.read())
        if previous is not None:
            if not self._may_take(previous):
                return None
            log.warning("%s", WORDS(self.locale, "taking_over", path=self.path,
                                    holder=previous.describe(self.locale, self.zone),
                                    why=WORDS(self.locale, self._why(previous))))  # fmt: skip
        at = dt.datetime.fromtimestamp(self.clock(), dt.UTC)
        me = Holder(os.getpid(), self.host, at, what, previous)
        f.seek(0)
        f.truncate(0)
        f.write(me.to_json())
        f.flush()
        os.fsync(f.fileno())
        return me

    def _stale(self, holder: Holder) -> bool:
        return self.clock() - holder.started_at.timestamp() > self.stale_after_s

    def _may_take(self, previous: Holder) -> bool:
        """We have the flock and find a record: on this host its holder is gone (the kernel
        would not have let us lock otherwise); another host's we cannot see, so it must be stale."""
        return previous.stopped or previous.host == self.host or self._stale(previous)

    def _why(self, previous: Holder) -> str:
        """Why a record may be taken over: its key in ``WORDS``."""
        if previous.host != self.host:
            return "why.stale"
        return "why.alive" if pid_alive(previous.pid) else "why.dead"

    def _break_if_stale(self) -> bool:
        """A live holder older than the staleness limit is hung: replace the lock file.

        Under a second lock, and re-read under it, so two waiters never both break it."""
        with open(self.path.with_name(self.path.name + ".break"), "a") as guard:
            fcntl.flock(guard, fcntl.LOCK_EX)
            holder = self.holder()
            if holder is None or not self._stale(holder):
                return False
            log.warning("%s", WORDS(self.locale, "breaking", path=self.path,
                                    holder=holder.describe(self.locale, self.zone),
                                    limit=self.stale_after_s))  # fmt: skip
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            return True

    def _same_file(self, f: IO[str]) -> bool:
        try:
            return os.fstat(f.fileno()).st_ino == os.stat(self.path).st_ino
        except FileNotFoundError:
            return False
