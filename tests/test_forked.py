"""A step computed in a forked child (jobs/run/forked.py) gives the run what computing it in
the run's own process gives: the same result, the same exception, nothing left running; and a
daily run writes the same tabs, findings, KPIs and messages with children as without."""

from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from config.settings import settings_from_dict
from jobs.run import forked
from jobs.run.envelope import run as run_job
from jobs.run.forked import Forked
from sheets_sync.demo import generate
from sheets_sync.memory import MemoryBackend
from tests.support.notifiers import Recorder

needs_fork = pytest.mark.skipif(not forked.ENABLED, reason="children are forked on Linux only")
PARENT = os.getpid()


def _calls(log: list[int], value: Any) -> Any:
    log.append(os.getpid())  # a child's append stays in the child
    return value


def _fails(log: list[int]) -> None:
    log.append(os.getpid())
    raise ValueError("该步骤失败 / the step failed")


def _dies() -> str:
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return "computed by the run"


def _hangs(fd: int) -> str:
    if os.getpid() != PARENT:
        os.read(fd, 1)  # nothing is ever written: blocks until killed
    return "computed by the run"


def _exits_quietly() -> str:
    if os.getpid() != PARENT:
        os._exit(0)  # leaves without a result
    return "computed by the run"


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@needs_fork
def test_the_child_computes_the_result_and_the_run_does_not() -> None:
    log: list[int] = []
    big = {"rows": [[i, f"任务{i}", None] for i in range(50_000)]}  # beyond a pipe's 64 KiB
    step = Forked(_calls, log, big)
    assert step.forked
    pid = step._pid
    assert step.result() == big
    assert log == []  # computed in the child only
    assert _gone(pid)  # reaped


@needs_fork
def test_an_exception_in_the_child_is_raised_by_the_run_with_its_own_traceback() -> None:
    log: list[int] = []
    step = Forked(_fails, log)
    with pytest.raises(ValueError, match="the step failed") as info:
        step.result()
    assert log == [PARENT]  # computed again here: the traceback is the run's
    assert info.traceback[-1].name == "_fails"


@needs_fork
@pytest.mark.parametrize("func", [_dies, _exits_quietly])
def test_a_child_that_dies_or_says_nothing_is_computed_by_the_run(func: Any) -> None:
    step = Forked(func)
    pid = step._pid
    assert step.result() == "computed by the run"
    assert _gone(pid)


@needs_fork
def test_a_result_that_does_not_pickle_is_computed_by_the_run() -> None:
    log: list[int] = []
    step = Forked(_calls, log, lambda: "a lambda")  # pickle refuses it in the child
    value = step.result()
    assert value() == "a lambda"
    assert log == [PARENT]


@needs_fork
def test_a_hung_child_is_killed_and_the_step_computed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "PATIENCE_S", 0.5)
    read, write = os.pipe()
    try:
        step = Forked(_hangs, read)
        pid = step._pid
        assert step.result() == "computed by the run"
        assert _gone(pid)
    finally:
        os.close(read)
        os.close(write)


@needs_fork
def test_close_ends_a_child_whose_result_is_not_needed() -> None:
    read, write = os.pipe()
    try:
        step = Forked(_hangs, read)
        pid = step._pid
        step.close()
        assert _gone(pid)
        step.close()  # twice: nothing left to do
    finally:
        os.close(read)
        os.close(write)


@pytest.mark.parametrize("enabled, fork", [(False, True), (True, False)])
def test_without_fork_the_run_computes_the_step(
    monkeypatch: pytest.MonkeyPatch, enabled: bool, fork: bool
) -> None:
    monkeypatch.setattr(forked, "ENABLED", enabled)  # no fork here, or nothing to do meanwhile
    log: list[int] = []
    step = Forked(_calls, log, 42, fork=fork)
    assert not step.forked
    assert step.result() == 42
    assert log == [PARENT]


TODAY = dt.date(2026, 11, 27)


def _daily(tmp: Path, children: bool, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A daily run, then an hourly one, on the demo: what they wrote, found and sent."""
    monkeypatch.setattr(forked, "ENABLED", children)
    started: list[str] = []
    real = Forked._start

    def start(self: Forked[Any]) -> None:  # counted in this process: a child was forked
        real(self)
        started.append(self._func.__name__)

    monkeypatch.setattr(Forked, "_start", start)
    settings = settings_from_dict({"channels": {"outbox": {"folder": str(tmp / "outbox")},
                                                "journal": str(tmp / "j.jsonl")}})  # fmt: skip
    backend, rec = MemoryBackend(generate(TODAY, seed=7)), Recorder()
    out: dict[str, Any] = {}
    ids: dict[str, str] = {}
    for kind, at in (("daily", "2026-11-27 10:00"), ("hourly", "2026-11-27 11:00")):
        now = dt.datetime.strptime(at, "%Y-%m-%d %H:%M")
        report = run_job(kind, settings, backend, now, notifiers={"outbox": rec})
        ids[report.run_id] = f"run {len(ids)}"  # random: named by their order
        out[kind] = {
            "tabs": {
                t: [[ids.get(v, v) if isinstance(v, str) else v for v in row] for row in rows]
                for t, rows in backend.tabs.items()
                if t != "_runs"
            },
            "findings": [(f.tab, f.cell, f.rule, str(f.value)) for f in report.findings],
            "values": list(report.metrics),
            "counts": report.counts,
            "written": report.tabs,
        }
    out["sent"] = list(rec.sent)
    assert started == (["checked", "measured", "sla_tab"] if children else [])  # the daily run's
    return out


@needs_fork
def test_a_daily_run_with_children_is_the_daily_run_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with_children = _daily(tmp_path / "a", True, monkeypatch)
    alone = _daily(tmp_path / "b", False, monkeypatch)
    assert with_children["daily"]["values"]  # the KPIs were computed, and met or not
    assert with_children["sent"]
    for key in with_children:
        assert with_children[key] == alone[key], key


_ARMED: list[str] = []  # a marker file: while set, every fork signals its child at once


def _signal_the_child() -> None:
    if _ARMED:
        os.kill(os.getpid(), signal.SIGUSR1)


os.register_at_fork(after_in_child=_signal_the_child)


@needs_fork
def test_a_signal_at_the_fork_never_runs_the_runs_handler_in_the_child(tmp_path: Path) -> None:
    """review34: a KeyboardInterrupt raised in the child right after the fork unwound through
    the run's own code (its lock's release among it)."""
    marker = tmp_path / "handler-ran"

    def handler(signum: int, frame: Any) -> None:
        if os.getpid() != PARENT:  # in the child: the run's code would go on from here
            marker.write_text(str(os.getpid()))
            os._exit(0)

    before = signal.signal(signal.SIGUSR1, handler)
    _ARMED.append(str(marker))
    try:
        steps = [Forked(_calls, [], n) for n in range(20)]
        assert [s.result() for s in steps] == list(range(20))  # the run computed each
    finally:
        _ARMED.clear()
        signal.signal(signal.SIGUSR1, before)
    assert not marker.exists()


_ORPHAN = """
import os, sys, time
sys.path.insert(0, {root!r})
from jobs.run.forked import Forked
step = Forked(time.sleep, 600)
print(step._pid, flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@needs_fork
def test_a_child_dies_with_the_run(tmp_path: Path) -> None:
    """review34: a run killed with SIGKILL left its child running, holding the run lock."""
    import subprocess
    import sys
    import time

    root = str(Path(__file__).resolve().parents[1])
    run = subprocess.Popen([sys.executable, "-c", _ORPHAN.format(root=root)],
                           stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert run.stdout is not None
    child = int(run.stdout.readline())
    assert _alive(child)
    run.kill()
    run.wait()
    deadline = time.monotonic() + 30
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = _alive(child)
    if alive:
        os.kill(child, signal.SIGKILL)
    assert not alive


@needs_fork
def test_a_pipe_beyond_descriptor_1024_is_read(tmp_path: Path) -> None:
    """review34: select() refused a descriptor of 1024 or more (a long-lived scheduler)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip("the limit of open files is below 1200")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    log: list[int] = []
    try:
        step = Forked(_calls, log, "从子进程")
        assert step._fd >= 1024
        assert step.result() == "从子进程"
        assert log == []
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
