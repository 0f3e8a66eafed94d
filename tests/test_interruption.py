"""A run that never finished (killed, a power cut, a crash while it held the run lock) is
recorded by the next command or scheduled run that takes the lock over: a ``failed`` row in
``_runs`` naming it, and the coordinators told (jobs/run/interruption.py). Trial8: a killed
run left no row at all."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from jobs.run import health
from jobs.run.cli import main
from jobs.run.lock import Holder, RunLock
from tests.support.configs import outbox_config
from tests.support.notifiers import Recorder
from tests.support.results import records

SHANGHAI = ZoneInfo("Asia/Shanghai")
KILLED_AT = dt.datetime(2026, 11, 27, 8, 30, 12, tzinfo=SHANGHAI)


def dead_pid() -> int:
    """The pid of a process that has ended (this host)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def left_behind(book: Path, what: str, at: dt.datetime = KILLED_AT) -> Holder:
    """The record a holder of the run lock leaves when it dies holding it."""
    holder = Holder(dead_pid(), platform.node(), at.astimezone(dt.UTC), what)
    book.with_name(f"{book.stem}.run.lock").write_text(holder.to_json(), encoding="utf-8")
    return holder


def run(book: Path, tmp_path: Path, kind: str, at: str) -> int:
    config = outbox_config(tmp_path, book)
    return main(["run", kind, "--config", str(config), "-q", "--at", at])


@pytest.mark.parametrize(
    ("what", "name"), [("daily", "每日运行"), ("scheduler hourly", "每小时运行")]
)
def test_the_next_run_records_a_run_killed_holding_the_lock(
    demo_xlsx: Path, tmp_path: Path, what: str, name: str
) -> None:
    holder = left_behind(demo_xlsx, what)
    assert run(demo_xlsx, tmp_path, "hourly", "2026-11-27 11:00") in (0, 1)
    runs = records(demo_xlsx, "_runs")
    kind = what.removeprefix("scheduler ")
    assert [(r["job"], r["started_at"], r["outcome"]) for r in runs] == [
        (kind, "2026-11-27 08:30:12", "failed"),  # in the configured zone, as every row
        ("hourly", "2026-11-27 11:00:00", runs[-1]["outcome"]),
    ]
    assert runs[0]["message"].startswith(
        f"运行中断：{name}于 2026-11-27 08:30:12 开始（pid {holder.pid}，主机 {holder.host}），"
        "未正常结束，结果未写入"
    )
    assert list((tmp_path / "outbox").glob(f"failure_{kind}_2026-11-27*"))  # coordinators told
    # recorded once: the lock is free now and the next run finds no record to take over
    assert demo_xlsx.with_name(f"{demo_xlsx.stem}.run.lock").read_text() == ""
    assert run(demo_xlsx, tmp_path, "hourly", "2026-11-27 12:00") in (0, 1)
    assert sum(r["outcome"] == "failed" for r in records(demo_xlsx, "_runs")) == 1


@pytest.mark.parametrize("what", ["start-project", "survey import"])
def test_a_holder_that_was_no_run_leaves_no_row(demo_xlsx: Path, tmp_path: Path, what: str) -> None:
    left_behind(demo_xlsx, what)
    assert run(demo_xlsx, tmp_path, "hourly", "2026-11-27 11:00") in (0, 1)
    assert [r["outcome"] != "failed" for r in records(demo_xlsx, "_runs")] == [True]


def test_a_run_killed_after_its_record_is_not_called_interrupted(
    demo_xlsx: Path, tmp_path: Path
) -> None:
    """Killed after it wrote its record (the database first): it finished; no failed row."""
    assert run(demo_xlsx, tmp_path, "daily", "2026-11-27 08:30") in (0, 1)
    left_behind(demo_xlsx, "daily", KILLED_AT)  # it held the lock from 08:30:12
    assert run(demo_xlsx, tmp_path, "hourly", "2026-11-27 11:00") in (0, 1)
    runs = records(demo_xlsx, "_runs")
    assert [(r["job"], r["outcome"] == "failed") for r in runs] == [
        ("daily", False),
        ("hourly", False),
    ]


def test_the_scheduler_records_it_too(demo_xlsx: Path, tmp_path: Path) -> None:
    from config.settings import load_settings
    from jobs.run.lock import RunLock, lock_path
    from jobs.run.pipeline import PipelineJobs
    from jobs.run.scheduler import Scheduler
    from jobs.run.timetable import instant
    from tests.support.clocks import WallClock

    settings = load_settings(outbox_config(tmp_path, demo_xlsx))
    holder = left_behind(demo_xlsx, "scheduler daily")
    clock = WallClock(instant(dt.datetime(2026, 11, 27, 10, 59), settings.zone))
    jobs = PipelineJobs(settings, notifiers={"outbox": Recorder()})
    sched = Scheduler(settings, jobs, RunLock(lock_path(settings)), clock=clock, sleep=clock.sleep)
    clock.t += dt.timedelta(minutes=1)
    sched.tick()  # 11:00: the hourly run takes the lock over
    runs = records(demo_xlsx, "_runs")
    assert (runs[0]["job"], runs[0]["started_at"], runs[0]["outcome"]) == (
        "daily",
        "2026-11-27 08:30:12",
        "failed",
    )
    assert f"pid {holder.pid}" in runs[0]["message"]


def test_a_dry_run_records_nothing_and_leaves_the_record_for_the_next_run(
    demo_xlsx: Path, tmp_path: Path
) -> None:
    """A dry run writes and sends nothing, also about a killed run: it leaves the dead
    holder's record in the lock file, and the next real run records the interruption."""
    holder = left_behind(demo_xlsx, "daily")
    config = outbox_config(tmp_path, demo_xlsx)
    args = ["run", "hourly", "--config", str(config), "-q", "--dry-run", "--at", "2026-11-27 11:00"]
    assert main(args) in (0, 1)
    lock = demo_xlsx.with_name(f"{demo_xlsx.stem}.run.lock")
    assert Holder.parse(lock.read_text(encoding="utf-8")) == holder
    assert not (tmp_path / "outbox").exists() or not list((tmp_path / "outbox").iterdir())
    assert run(demo_xlsx, tmp_path, "hourly", "2026-11-27 12:00") in (0, 1)
    first = records(demo_xlsx, "_runs")[0]
    assert (first["job"], first["outcome"]) == ("daily", "failed")


def test_a_run_stopped_with_ctrl_c_is_recorded_by_the_next_run(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C (SIGINT) in the middle of a run: the command says so and exits 130, its lock
    record stays, marked, and the next run writes the failed ``_runs`` row and tells the
    coordinators, as for a killed run (trial12: nothing was recorded, though messages of that
    run id were in ``_reminders``)."""
    import jobs.run.envelope as envelope

    def stop(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(envelope, "deliver", stop)
        assert run(demo_xlsx, tmp_path, "daily", "2026-11-27 09:00") == 130
    left = Holder.parse(demo_xlsx.with_name(f"{demo_xlsx.stem}.run.lock").read_text())
    assert left is not None and left.stopped and left.what == "daily"
    assert run(demo_xlsx, tmp_path, "hourly", "2026-11-27 10:00") in (0, 1)
    runs = records(demo_xlsx, "_runs")
    assert [r["job"] for r in runs] == ["daily", "hourly"] and runs[0]["outcome"] == "failed"
    assert runs[0]["message"].startswith("运行中断：每日运行于 2026-") and (
        "未正常结束，结果未写入（被手动停止：Ctrl+C 或停止信号）" in runs[0]["message"]
    )
    # the lock records the real start (not --at): the coordinators' notice is of that day
    assert list((tmp_path / "outbox").glob("failure_daily_*"))  # coordinators told
    assert demo_xlsx.with_name(f"{demo_xlsx.stem}.run.lock").read_text() == ""  # recorded once


def test_a_dry_run_stopped_with_ctrl_c_leaves_no_record(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jobs.run.envelope as envelope

    def stop(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(envelope, "deliver", stop)
    config = outbox_config(tmp_path, demo_xlsx)
    code = main(["run", "daily", "--dry-run", "--config", str(config), "-q", "--at",
                 "2026-11-27 09:00"])  # fmt: skip
    assert code == 130
    assert demo_xlsx.with_name(f"{demo_xlsx.stem}.run.lock").read_text() == ""


def stopped_on(lock_file: Path, host: str, raised: BaseException) -> Holder:
    """The record a run on ``host`` leaves when ``raised`` stops it (keep_stopped, as a run
    that sends)."""
    lock = RunLock(lock_file)
    lock.host = host
    with pytest.raises(type(raised)), lock.acquire("scheduler daily", keep_stopped=True):
        raise raised
    left = Holder.parse(lock_file.read_text())
    assert left is not None
    return left


@pytest.mark.parametrize("raised", [KeyboardInterrupt(), SystemExit(143)])
def test_a_stopped_record_is_taken_over_from_any_host(
    tmp_path: Path, raised: BaseException
) -> None:
    """Stopped on host A (Ctrl+C; the scheduler's second stop signal raises SystemExit): host
    B takes the lock over at once, not after three hours as a live holder's (review12)."""
    lock_file = tmp_path / "run.lock"
    left = stopped_on(lock_file, "host-a", raised)
    assert left.stopped and left.host == "host-a" and left.what == "scheduler daily"
    other = RunLock(lock_file)
    other.host = "host-b"
    with other.acquire("daily") as me:
        assert me.replaced is not None and me.replaced.stopped
    assert lock_file.read_text() == ""


def test_doctor_says_a_stopped_record_is_no_running_run(tmp_path: Path) -> None:
    stopped_on(tmp_path / "run.lock", "host-a", KeyboardInterrupt())
    check = health.lock(tmp_path / "run.lock")
    assert check.ok and check.zh.startswith("运行锁记着一次被手动停止的运行（scheduler daily，")
    assert check.en.endswith("the next run takes it over and records the interruption in _runs")


def test_a_check_stopped_with_ctrl_c_leaves_no_record(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone stopping ``validate`` at the terminal is no news for the coordinators."""
    import jobs.run.envelope as envelope

    def stop(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(envelope, "run", stop)  # check_commands imports it when it runs
    config = outbox_config(tmp_path, demo_xlsx)
    assert main(["validate", "--config", str(config), "-q"]) == 130
    assert demo_xlsx.with_name(f"{demo_xlsx.stem}.run.lock").read_text() == ""


def test_a_run_stopped_with_sigterm_is_recorded_as_with_ctrl_c(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM (``kill``, a systemd unit stopped) in the middle of a run ends it as Ctrl+C
    does (trial36: it ended at once, ``Terminated``, the lock unmarked, and the next run took
    it for a crash); SIGTERM's default action is back after the run."""
    import signal

    import jobs.run.envelope as envelope

    def term(*args: object, **kwargs: object) -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # handled before the next bytecode: raises here
        raise AssertionError("SIGTERM did not stop the run")

    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    with monkeypatch.context() as m:
        m.setattr(envelope, "deliver", term)
        assert run(demo_xlsx, tmp_path, "daily", "2026-11-27 09:00") == 143  # 128 + SIGTERM
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    left = Holder.parse(demo_xlsx.with_name(f"{demo_xlsx.stem}.run.lock").read_text())
    assert left is not None and left.stopped and left.what == "daily"


def test_a_sigterm_handler_of_its_own_is_left_to_handle_it(tmp_path: Path) -> None:
    """The scheduler handles SIGTERM itself (stop after the current job): a run it starts
    does not take SIGTERM over."""
    import signal

    from config.settings import Settings
    from jobs.run.lock import held

    got: list[int] = []
    before = signal.signal(signal.SIGTERM, lambda signum, frame: got.append(signum))
    try:
        with held(Settings(path=tmp_path / "book.xlsx"), "scheduler daily", 0):
            os.kill(os.getpid(), signal.SIGTERM)
        assert got == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, before)


def test_a_run_from_another_folder_makes_nothing_there_and_names_the_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """trial36: cron ran ``run daily`` from /, the config's relative data/demo.xlsx pointed
    into /data, and the run made a lock, a ledger database and a failure letter there."""
    config = tmp_path / "collabsheet.toml"  # a lock of its own too (review37: then unchecked)
    config.write_text(f'[workbook]\npath = "data/demo.xlsx"\n\n[scheduler]\nlock = '
                      f'"{(tmp_path / "run.lock").as_posix()}"\n', encoding="utf-8")  # fmt: skip
    elsewhere = tmp_path / "cron"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["run", "daily", "--config", str(config), "-q"]) == 2
    err = capsys.readouterr().err
    assert (
        f"找不到工作簿 data/demo.xlsx（相对于当前目录 {elsewhere}，即 {elsewhere}/data/demo.xlsx"
        in err
    )
    assert "请在配置中写绝对路径" in err
    assert list(elsewhere.iterdir()) == []
