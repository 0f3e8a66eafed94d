"""The scheduler and the run lock (issue 6, check 2): the daily run at 09:00 Asia/Shanghai with
the host in UTC and in New York, hourly runs only in working hours, a missed run caught up once,
a failing job that does not stop the next, one run for two processes, stale locks, SIGTERM; one
read of the workbook per daily run; the production wait registers the zone-correct instant with
``schedule`` as the host's wall time, through its public API only (issue 14)."""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from config.schema import BOT_TABS
from config.settings import Settings, settings_from_dict
from jobs.run.cli import main
from jobs.run.lock import Holder, LockBusy, RunLock
from jobs.run.scheduler import Scheduler
from jobs.run.timer import ScheduleTimer
from jobs.run.timetable import Raw, WorkingTime, next_daily, next_hourly
from tests.support.clocks import WallClock
from tests.support.fake_jobs import HOOK, FakeJobs, ran, scheduler, utc
from tests.support.scheduler_children import child

ROOT = Path(__file__).resolve().parent.parent
SHANGHAI = ZoneInfo("Asia/Shanghai")


WORKING = ["11-27 10:00", "11-27 11:00", "11-27 13:00", "11-27 14:00", "11-27 15:00",
           "11-27 16:00", "11-27 17:00"]  # fmt: skip


def test_daily_fires_at_nine_shanghai_whatever_the_host_zone(tmp_path: Path) -> None:
    hosts = {"UTC": 0.0, "America/New_York": -5.0}
    procs = {
        tz: child(f"day_in_shanghai({str(tmp_path / tz.replace('/', '_'))!r})", tmp_path, TZ=tz)
        for tz in hosts
    }
    for tz, proc in procs.items():
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        result = json.loads(out.strip().splitlines()[-1])
        assert result["host_offset_h"] == hosts[tz]  # the child really ran in that host zone
        assert result["daily"] == ["11-27 09:00"]  # 01:00 UTC, once
        assert result["hourly"] == WORKING  # 09:00 is the daily run's; 12:00 is lunch
        assert result["exit"] == 0


def test_hourly_runs_follow_the_working_calendar(tmp_path: Path) -> None:
    # 2026-10-01..07 National Day holidays; Saturday 10-10 a make-up workday (调休)
    clock = WallClock(utc(2026, 9, 29, 16, 0))
    jobs = FakeJobs(("daily", "2026-09-29 09:00:00", "ok"))
    sched = scheduler(tmp_path, clock, jobs)
    while (due := min(j.next_run for j in (sched.daily, sched.hourly) if j.next_run)) < utc(
        2026, 10, 11, 16
    ):  # from one due time to the next, until Sunday 10-11 ends in Shanghai
        clock.t = due
        sched.tick()
    days = sorted({d[:5] for d in ran(jobs, "hourly")})
    assert days == ["09-30", "10-08", "10-09", "10-10"]
    assert len(ran(jobs, "daily")) == 12  # every day, holidays too (digests wait for work hours)
    assert all(d.endswith("09:00") for d in ran(jobs, "daily"))


def test_times_are_right_across_daylight_saving() -> None:
    ny = ZoneInfo("America/New_York")
    nine = dt.time(9, 0)
    assert next_daily(utc(2026, 10, 31, 12), ny, nine) == utc(2026, 10, 31, 13)  # EDT
    assert next_daily(utc(2026, 10, 31, 14), ny, nine) == utc(2026, 11, 1, 14)  # EST
    assert next_daily(utc(2026, 3, 7, 15), ny, nine) == utc(2026, 3, 8, 13)  # EDT again
    # 02:30 does not exist on 2026-03-08: the run moves forward by the gap (03:30 EDT)
    assert next_daily(utc(2026, 3, 7, 15), ny, dt.time(2, 30)) == utc(2026, 3, 8, 7, 30)
    # the hourly run skips the hour that does not exist and never runs an hour twice
    always = next_hourly(utc(2026, 3, 8, 6, 30), ny, lambda t: True, nine)  # 01:30 EST
    assert always == utc(2026, 3, 8, 7)  # 03:00 EDT (02:00 is skipped)
    settings = settings_from_dict({"general": {"timezone": "America/New_York"},
                                   "calendar": {"holidays": "none"}})  # fmt: skip
    working = WorkingTime(settings)
    assert next_hourly(utc(2026, 11, 2, 13, 30), ny, working, nine) == utc(2026, 11, 2, 15)


def test_the_schedule_timer_registers_the_zone_correct_instant_in_host_time(
    tmp_path: Path,
) -> None:
    cases = {"Asia/Shanghai": "America/New_York", "America/New_York": "Asia/Shanghai"}
    procs = {host: child(f"timer_in_host({zone!r})", tmp_path, TZ=host)
             for host, zone in cases.items()}  # fmt: skip
    for host, proc in procs.items():
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        result = json.loads(out.strip().splitlines()[-1])
        assert result["host"], host
        assert result["daily"][0] == result["daily"][1]  # next_run: the host's wall time of it
        assert result["hourly"][0] == result["hourly"][1]
        assert result["beyond_holiday"] and result["replaced"]
        assert result["beats"] == [1, 1]  # the heartbeat job stays


def test_a_missed_daily_run_is_caught_up_once(tmp_path: Path) -> None:
    # down since Tuesday: started Friday 10:30 Shanghai (02:30 UTC)
    jobs = FakeJobs(("daily", "2026-11-24 09:00:02", "ok"), ("daily", "2026-11-27 09:00:00",
                                                               "failed"))  # fmt: skip
    clock = WallClock(utc(2026, 11, 27, 2, 30), end=utc(2026, 11, 27, 16))
    beat = tmp_path / "beat.json"
    sched = scheduler(tmp_path, clock, jobs, heartbeat=beat)
    assert sched.start() is not None
    assert sched.run_forever() == 0
    assert ran(jobs, "daily") == ["11-27 10:30"]  # once, not once per missed day
    assert ran(jobs, "hourly") == WORKING[1:]
    state = json.loads(beat.read_text())
    assert state["next_daily"] == "2026-11-28T09:00:00+08:00"
    assert state["last"]["kind"] == "hourly" and state["pid"] == os.getpid()

    # a restart later that day finds the run in _runs: nothing to catch up
    clock2 = WallClock(utc(2026, 11, 27, 6), end=utc(2026, 11, 27, 7))
    assert scheduler(tmp_path, clock2, jobs).run_forever() == 0
    assert ran(jobs, "daily") == ["11-27 10:30"]

    # before 09:00 there is nothing to catch up: the run comes at 09:00
    early = FakeJobs(("daily", "2026-11-25 09:00:00", "ok"))
    clock3 = WallClock(utc(2026, 11, 26, 23), end=utc(2026, 11, 27, 1, 30))
    sched3 = scheduler(tmp_path, clock3, early)
    assert sched3.start() is None
    sched3.run_forever()
    assert ran(early, "daily") == ["11-27 09:00"]


def test_a_job_that_raises_does_not_stop_the_next(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    jobs = FakeJobs(fail=("daily",))
    clock = WallClock(utc(2026, 11, 27, 0, 30), end=utc(2026, 11, 27, 4, 30))
    with caplog.at_level(logging.INFO, "collabsheet"):
        assert scheduler(tmp_path, clock, jobs).run_forever() == 0
    # the failed daily run is tried again with backoff (5, 10, 20, 40, 60, 60 minutes)
    assert ran(jobs, "daily") == ["11-27 09:00", "11-27 09:05", "11-27 09:15", "11-27 09:35",
                                  "11-27 10:15", "11-27 11:15", "11-27 12:15"]  # fmt: skip
    assert ran(jobs, "hourly") == ["11-27 10:00", "11-27 11:00"]
    assert len(jobs.failures) == 7
    kind, at, error = jobs.failures[0]
    assert (kind, at) == ("daily", dt.datetime(2026, 11, 27, 9))
    assert error.startswith("RuntimeError: cannot post to https://open.feishu.cn")
    secret = HOOK.rsplit("/", 1)[1]
    assert secret not in error and secret not in caplog.text
    assert "daily run failed" in caplog.text


def test_two_schedulers_started_together_run_the_job_once(tmp_path: Path) -> None:
    procs = [child(f"the_daily_job({str(tmp_path)!r})", tmp_path) for _ in range(2)]
    deadline = time.monotonic() + 30
    while len(list(tmp_path.glob("ready.*"))) < 2:  # both imported and waiting: start together
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs)
        time.sleep(0.01)
    (tmp_path / "go").touch()
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    assert len((tmp_path / "ran.txt").read_text().splitlines()) == 1


TAKEN_OVER = {  # the operator's line, in the terminal's language (Settings.locale)
    "zh-CN": "接管运行锁 {path}（原持有者：daily，pid {pid}，主机 {host}，2026-11-27 09:00:00 UTC "
    "起；其进程已结束）",
    "en": "taking over the run lock {path} left by daily, pid {pid} on {host} since "
    "2026-11-27 09:00:00 UTC (its process is dead)",
}


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_a_lock_left_by_a_dead_process_is_taken_over(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, locale: str
) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    path = tmp_path / "run.lock"
    host = socket.gethostname()
    old = Holder(dead.pid, host, dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC), "daily")
    path.write_text(old.to_json())
    lock = RunLock(path, locale=locale)
    with caplog.at_level(logging.WARNING, "collabsheet.lock"), lock.acquire() as me:
        assert me.pid == os.getpid()
        assert RunLock(path).holder() == me
    said = TAKEN_OVER[locale].format(path=path, pid=dead.pid, host=host)
    assert [r.getMessage() for r in caplog.records] == [said]
    assert RunLock(path).holder() is None  # released: the record says free


def test_a_live_lock_is_busy_until_it_is_stale(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "run.lock"
    t0 = time.time()
    hung = RunLock(path, clock=lambda: t0).acquire("hourly")
    first = hung.__enter__()
    busy = RunLock(path, clock=lambda: t0 + 60)
    with pytest.raises(LockBusy, match=f"hourly, pid {first.pid}"), busy.acquire():
        pass
    later = RunLock(path, clock=lambda: t0 + 4 * 3600)  # the holder hangs for 4 hours
    with caplog.at_level(logging.WARNING, "collabsheet.lock"), later.acquire("daily") as me:
        assert caplog.records[-1].getMessage() == (  # zh-CN: the default locale
            f"强制解除过期的运行锁 {path}（持有者：hourly，pid {first.pid}，主机 {first.host}，"
            f"{first.started_at:%Y-%m-%d %H:%M:%S} UTC 起；已超过 10800 秒）"
        )
        hung.__exit__(None, None, None)  # the hung run ends at last
        assert later.holder() == me  # and its release leaves the new lock alone
    # another host's fresh record (a filesystem without flock) counts as held, a stale one not
    other = Holder(1, "elsewhere", dt.datetime.fromtimestamp(t0, dt.UTC))
    path.write_text(other.to_json())
    with (
        pytest.raises(LockBusy, match="on elsewhere"),
        RunLock(path, clock=lambda: t0 + 60).acquire(),
    ):
        pass
    with RunLock(path, clock=lambda: t0 + 4 * 3600).acquire() as me:
        assert me.host == socket.gethostname()


def test_sigterm_during_a_job_lets_it_finish_then_exits_0(tmp_path: Path) -> None:
    proc = child(f"slow_daily({str(tmp_path)!r})", tmp_path)
    deadline = time.monotonic() + 30
    while not (tmp_path / "daily.started").exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert (tmp_path / "daily.finished").exists()
    assert "SIGTERM: stopping after the current job" in err
    assert json.loads((tmp_path / "beat.json").read_text())["stopping"] is True


PLAN_WORDS = {
    "zh-CN": (
        "调度器：时区 Asia/Shanghai，工作簿 ",
        "  每日运行：每天 08:30；下次 ",
        "  运行锁 {lock}；",
    ),
    "en": (
        "scheduler in Asia/Shanghai for ",
        "  daily  at 08:30 every day; next ",
        "  lock {lock};",
    ),
}


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_command_prints_its_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, locale: str
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{tmp_path / "wb.xlsx"}"\n')
    argv = ["scheduler", "--plan", "--config", str(config), "--daily-at", "08:30"]
    assert main([*argv, "--locale", locale]) == 0
    lines = capsys.readouterr().out.splitlines()
    head, daily, lock = PLAN_WORDS[locale]
    assert lines[0].startswith(head)
    assert lines[1].startswith(daily) and lines[1].endswith(" UTC+0800")
    day = r"\w{3}" if locale == "en" else "周[一二三四五六日]"
    assert re.fullmatch(
        re.escape(daily) + rf"\d{{4}}-\d\d-\d\d 08:30 \({day}\) UTC\+0800", lines[1]
    )
    assert any(x.startswith(lock.format(lock=tmp_path / "wb.run.lock")) for x in lines)
    assert main(["scheduler", "--plan", "--config", str(config), "--daily-at", "8h"]) == 2


def demo_on_disk(tmp_path: Path) -> Settings:
    """The demo workbook as ``tmp_path / "demo.xlsx"``, with the outbox and journal beside it."""
    from sheets_sync.demo import generate
    from sheets_sync.xlsx import write_xlsx

    settings = settings_from_dict({
        "workbook": {"path": str(tmp_path / "demo.xlsx")},
        "channels": {"outbox": {"folder": str(tmp_path / "outbox")},
                     "journal": str(tmp_path / "journal.jsonl")},
    })  # fmt: skip
    write_xlsx(settings.path, generate(dt.date(2026, 11, 27), seed=7))
    return settings


def test_the_real_pipeline_catches_up_once_on_a_local_workbook(tmp_path: Path) -> None:
    from jobs.run.lock import lock_path
    from jobs.run.pipeline import PipelineJobs
    from sheets_sync.xlsx import XlsxBackend

    settings = demo_on_disk(tmp_path)

    def runs() -> list[tuple[str, str, Any]]:
        rows = XlsxBackend(settings.path, settings.bot_workbook).read().get("_runs", [])
        requests = list(BOT_TABS["_runs"]).index("api_requests")
        return [(str(r[1]), str(r[2]), r[requests]) for r in rows[1:]]

    class Counted(XlsxBackend):
        reads = 0

        def read(self) -> Any:
            self.reads += 1
            return super().read()

    for hour in (2, 3):  # started at 10:00, then restarted at 11:00 (Shanghai)
        clock = WallClock(utc(2026, 11, 27, hour))
        backend = Counted(settings.path, settings.bot_workbook)
        sched = Scheduler(settings, PipelineJobs(settings, backend), RunLock(lock_path(settings)),
                          clock=clock, sleep=clock.sleep)  # fmt: skip
        sched.start()
        sched.tick()
        assert sched.last == {} or sched.last["outcome"] != "failed", sched.last
        assert backend.reads == 1  # the check of _runs and the run (at 10:00) share one read
    # counted as `collabsheet run daily` counts them: the one read and the one write
    assert runs() == [("daily", "2026-11-27 10:00:00", 2)]


def test_the_daily_run_and_its_check_of_runs_share_one_read(tmp_path: Path) -> None:
    jobs = FakeJobs(("daily", "2026-11-26 09:00:00", "ok"))
    clock = WallClock(utc(2026, 11, 27, 0, 30), end=utc(2026, 11, 27, 2, 30))
    assert scheduler(tmp_path, clock, jobs).run_forever() == 0
    assert [k for k, _ in jobs.ran] == ["daily", "hourly"]  # 09:00, 10:00
    assert len(jobs.reads) == 1  # the daily run's check of _runs; the hourly one reads nothing
    assert jobs.given[0] is jobs.reads[0]  # the daily run got that read, not a second one
    assert jobs.given[1] is None  # the hourly run reads the workbook itself, once
    # a daily run already in _runs: the one read, and no run
    clock2 = WallClock(utc(2026, 11, 27, 2, 45), end=utc(2026, 11, 27, 2, 50))
    sched2 = scheduler(tmp_path, clock2, jobs, working=lambda t: False)
    sched2.run_forever()
    assert len(jobs.reads) == 2 and [k for k, _ in jobs.ran] == ["daily", "hourly"]


def test_the_replayed_read_counts_as_the_runs_own(tmp_path: Path) -> None:
    from jobs.run.scheduler import Replay
    from sheets_sync.memory import MemoryBackend

    inner = MemoryBackend()
    inner.requests = 5  # type: ignore[attr-defined]  # as if 5 requests were made before
    raw = {"_runs": [list(BOT_TABS["_runs"])]}
    inner.requests += 2  # type: ignore[attr-defined]  # the scheduler's read (two requests)
    replay = Replay(inner, raw, spent=2)
    assert replay.requests == 5  # a run opened now counts from before that read
    assert replay.read() is raw  # handed over, not read again
    assert replay.requests == 7  # and now it is counted
    assert replay.read() is not raw  # a second read is a real one


def schedule_parts() -> tuple[Any, dict[str, tuple[Any, str]]]:
    """The ``schedule`` package and its private (single underscore) members: name -> owner;
    (None, {}) when it is not installed (then the modules cannot use it at all)."""
    try:
        import schedule
    except ImportError:
        return None, {}
    parts: dict[str, tuple[Any, str]] = {}
    for owner in (schedule, schedule.Job, schedule.Scheduler):
        for name in vars(owner):
            if name.startswith("_") and not name.startswith("__"):
                parts[f"{getattr(owner, '__name__', '')}.{name}"] = (owner, name)
    return schedule, parts


def test_the_scheduler_calls_and_overrides_no_private_part_of_schedule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Behavioural: every private member of ``schedule`` is recorded when code of ours calls it,
    and no class of ours derives from the library's (which is how a private method is
    overridden); a whole Friday then runs as it should, and the production timer waits through
    the public calls it names (recorded the same way)."""
    import inspect

    import jobs.run.pipeline
    import jobs.run.scheduler
    import jobs.run.scheduler_service
    import jobs.run.timer
    import jobs.run.timetable

    modules = (jobs.run.scheduler, jobs.run.scheduler_service, jobs.run.timetable, jobs.run.timer,
               jobs.run.pipeline)  # fmt: skip
    schedule, parts = schedule_parts()
    if schedule is None:
        pytest.skip("schedule is not installed")
    assert "Job._schedule_next_run" in parts  # the check sees what it is meant to see
    ours = {module.__name__ for module in modules}
    touched: list[str] = []
    called: set[str] = set()

    def trap(label: str, part: Any) -> Any:
        def guarded(*args: Any, **kwargs: Any) -> Any:
            frame = inspect.currentframe()
            caller = frame.f_back if frame is not None else None
            if caller is not None and caller.f_globals.get("__name__") in ours:
                (called.add if label in public else touched.append)(label)
            return part(*args, **kwargs)

        return guarded

    for label, (owner, name) in parts.items():
        part = vars(owner)[name]
        if inspect.isfunction(part):
            monkeypatch.setattr(owner, name, trap(label, part))
    public = {"every", "day", "hours", "seconds", "at", "tag", "do", "cancel_job",
              "idle_seconds", "run_pending"}  # fmt: skip
    for owner in (schedule.Scheduler, schedule.Job):
        for name, part in vars(owner).items():
            if name in public and isinstance(part, property) and part.fget is not None:
                monkeypatch.setattr(owner, name, property(trap(name, part.fget)))
            elif name in public and inspect.isfunction(part):
                monkeypatch.setattr(owner, name, trap(name, part))

    def subclasses(cls: type) -> list[type]:
        found: list[type] = []
        subs: list[type] = cls.__subclasses__()
        for sub in subs:
            found += [sub, *subclasses(sub)]
        return found

    derived = [c for base in (schedule.Job, schedule.Scheduler) for c in subclasses(base)
               if c.__module__ in ours]  # fmt: skip
    assert derived == []
    for module in modules:
        for value in vars(module).values():
            assert getattr(value, "__module__", None) != "schedule" or not getattr(
                value, "__name__", "x"
            ).startswith("_"), value  # no private name of schedule imported

    clock = WallClock(utc(2026, 11, 26, 15, 30), end=utc(2026, 11, 27, 16, 30))
    jobs_ = FakeJobs(("daily", "2026-11-26 09:00:01", "ok"))
    assert scheduler(tmp_path, clock, jobs_).run_forever() == 0
    assert ran(jobs_, "daily") == ["11-27 09:00"] and ran(jobs_, "hourly") == WORKING

    naps: list[float] = []  # the production timer, its sleep recorded instead of slept
    timer = ScheduleTimer(sleep=naps.append, scheduler=schedule.Scheduler())
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)

    def slept(n: int) -> Callable[[], bool]:
        return lambda: len(naps) > n

    for n, until in enumerate((soon, soon + dt.timedelta(hours=1), soon + dt.timedelta(days=2))):
        timer.wait(until, slept(n))  # a new instant each time, the last two days ahead
    assert len(timer.scheduler.get_jobs("run")) == 1  # each new instant replaced the last
    assert called == public  # registered, replaced, slept and fired through these
    assert touched == []


def test_the_scheduler_source_names_no_private_part_of_schedule() -> None:
    """Static: the modules neither reach ``schedule._x`` / ``from schedule import _x``, nor
    derive from a ``schedule`` class, nor define or use a name of the library's private members
    (``_schedule_next_run``, ``_run_job``, …) — whatever the installed version calls them."""
    import ast

    _, parts = schedule_parts()
    private = {name for _, name in parts.values()}
    for name in ("scheduler", "timetable", "timer", "pipeline"):
        path = ROOT / "jobs/run" / f"{name}.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.name}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("schedule"):
                assert not [a.name for a in node.names if a.name.startswith("_")], where
            if isinstance(node, ast.Attribute):
                assert node.attr not in private, where
                if isinstance(node.value, ast.Name) and node.value.id == "schedule":
                    assert not node.attr.startswith("_"), where
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.name not in private, where
            if isinstance(node, ast.ClassDef):
                bases = [ast.unparse(b) for b in node.bases]
                assert not [b for b in bases if b.split(".")[0] == "schedule"], where


def test_what_a_run_leaves_in_cycles_is_freed_before_the_next(tmp_path: Path) -> None:
    """A run's parsed workbook holds reference cycles: freed when the run ends, while the
    scheduler waits, not left for a later run's collection (memory grew by a workbook a run)."""

    class Cycle:
        def __init__(self) -> None:
            self.me = self

    left: list[weakref.ref[Cycle]] = []

    class Leaving(FakeJobs):
        def run(self, kind: str, now: dt.datetime, raw: Raw | None = None) -> Any:
            left.append(weakref.ref(Cycle()))  # garbage in a cycle once the run returns
            return super().run(kind, now, raw)

    jobs = Leaving(("daily", "2026-11-26 09:00:00", "ok"))
    clock = WallClock(utc(2026, 11, 27, 0, 30), end=utc(2026, 11, 27, 1, 5))
    gc.disable()  # no collection of the collector's own in between: only the scheduler's
    try:
        assert scheduler(tmp_path, clock, jobs).run_forever() == 0
        assert ran(jobs, "daily") == ["11-27 09:00"] and len(left) == 1
        assert left[0]() is None
    finally:
        gc.enable()


def test_a_locked_results_file_is_said_in_the_schedulers_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The results file open in Excel while the scheduler's daily run writes: the run's results
    go to a fallback beside it, and the log and the heartbeat's summary name both (review17:
    only the summary was logged, which names neither)."""
    from jobs.run.lock import lock_path
    from jobs.run.pipeline import PipelineJobs

    settings = demo_on_disk(tmp_path)
    (tmp_path / "~$demo.bot.xlsx").write_text("manager", encoding="utf-8")
    clock = WallClock(utc(2026, 11, 27, 2))  # 10:00 in Shanghai
    sched = Scheduler(settings, PipelineJobs(settings), RunLock(lock_path(settings)),
                      clock=clock, sleep=clock.sleep)  # fmt: skip
    sched.start()
    with caplog.at_level(logging.WARNING, logger="collabsheet.scheduler"):
        sched.tick()
    fallback = tmp_path / "demo.bot.2026-11-27T1000.xlsx"
    assert fallback.exists() and not settings.bot_workbook.exists()
    said = [
        r.getMessage() for r in caplog.records if "demo.bot.2026-11-27T1000.xlsx" in r.getMessage()
    ]
    assert len(said) == 1 and said[0].startswith("结果文件") and "results file" in said[0]
    assert sched.last["outcome"] == "errors" and str(fallback) in sched.last["summary"]
