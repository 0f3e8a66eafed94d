"""A run's results beside delivery, computed in a forked child (jobs/run/forked.py): the same
results as in turn, and the parent computes them itself whenever the child cannot."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

import jobs.run.envelope as envelope
from config.settings import load_settings
from jobs.run import forked
from jobs.run.forked import Forked, can_fork
from sheets_sync import open_backend

pytestmark = pytest.mark.skipif(not can_fork(), reason="fork is used on Linux only")
PARENT = os.getpid()


def in_child(then: Callable[[], Any], otherwise: Any) -> Callable[[], Any]:
    """A computation that does ``then()`` in a child process, returns ``otherwise`` here."""
    parent = os.getpid()
    return lambda: then() if os.getpid() != parent else otherwise


def reaped(side: Forked[Any]) -> bool:
    """The child was started and is gone (waited for: no zombie either)."""
    try:
        os.waitpid(side.child, os.WNOHANG)
    except ChildProcessError:
        return side.child > 0
    return False


def test_the_value_comes_from_the_child() -> None:
    side = Forked(in_child(lambda: {"pid": os.getpid(), "rows": [[1, "二"]]}, None))
    value = side.result()
    assert side.forked
    assert value == {"pid": side.child, "rows": [[1, "二"]]} and side.child != os.getpid()
    assert reaped(side)


@pytest.mark.parametrize(
    "trouble",
    [
        pytest.param(lambda: os._exit(3), id="the child dies"),
        pytest.param(lambda: lambda: 1, id="a value that does not pickle"),
        pytest.param(lambda: 1 / 0, id="the computation raises in the child only"),
    ],
)
def test_the_parent_computes_when_the_child_cannot(trouble: Callable[[], Any]) -> None:
    side = Forked(in_child(trouble, "computed here"))
    assert side.result() == "computed here"
    assert not side.forked
    assert reaped(side)


def test_an_error_is_raised_by_the_parents_own_call() -> None:
    def broken() -> None:
        raise ValueError(f"bad value in {'child' if os.getpid() != PARENT else 'parent'}")

    side = Forked(broken)
    with pytest.raises(ValueError, match="bad value in parent"):
        side.result()
    assert reaped(side)


def test_a_silent_child_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "PATIENCE", 0.2)
    side = Forked(in_child(lambda: __import__("time").sleep(60), "computed here"))
    assert side.result() == "computed here" and not side.forked
    assert reaped(side)


def test_closed_before_the_result_leaves_no_process() -> None:
    with Forked(in_child(lambda: __import__("time").sleep(60), None)) as side:
        assert side.child > 0 and os.waitpid(side.child, os.WNOHANG) == (0, 0)  # running
    assert reaped(side)


def test_without_fork_it_computes_here_when_asked() -> None:
    calls: list[int] = []
    side = Forked(lambda: calls.append(os.getpid()) or "here", fork=False)
    assert calls == []
    assert side.result() == "here" and calls == [os.getpid()] and not side.forked
    assert side.child == 0


def _daily(folder: Path, demo: Path, fork_rows: int, monkeypatch: pytest.MonkeyPatch) -> Any:
    folder.mkdir()
    book = folder / "demo.xlsx"
    shutil.copyfile(demo, book)
    config = folder / "c.toml"
    config.write_text(
        f'[workbook]\npath = "{book.as_posix()}"\n'
        f'[channels.outbox]\nfolder = "{(folder / "outbox").as_posix()}"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(envelope, "FORK_ROWS", fork_rows)
    settings = load_settings(config)
    return envelope.run("daily", settings, open_backend(settings), dt.datetime(2026, 11, 27, 9))


def _bot_tabs(folder: Path) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_path(str(folder / "demo.bot.xlsx"))
    tabs = {n: book.get_sheet_by_name(n).to_python() for n in book.sheet_names}
    tabs.pop("_runs")  # its run id and duration differ from run to run
    for rows in tabs.values():  # and so does the run id a reminder records
        keep = [i for i, name in enumerate(rows[0]) if name != "运行编号"]
        rows[:] = [[row[i] for i in keep] for row in rows]
    return tabs


def test_a_forked_run_writes_and_reports_what_a_run_in_turn_does(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = envelope.beside
    monkeypatch.setattr(envelope, "beside", lambda *a: calls.append(os.getpid()) or real(*a))
    in_turn = _daily(tmp_path / "turn", demo_xlsx, 10**9, monkeypatch)
    assert calls == [os.getpid()]  # the demo is small: computed in turn, in this process
    calls.clear()
    side = _daily(tmp_path / "fork", demo_xlsx, 0, monkeypatch)
    assert calls == []  # computed in the child: its call is not seen here
    assert side.findings == in_turn.findings and len(side.findings) >= 5
    assert side.metrics == in_turn.metrics and len(side.metrics) > 10
    assert side.sla_tab == in_turn.sla_tab and len(side.sla_tab) > 10
    assert side.tabs == in_turn.tabs == (
        "_checks", "_sla", "_metrics", "_case_links", "_reminders", "_runs"
    )  # fmt: skip
    counts = {k: v for k, v in side.counts.items()}
    assert counts == in_turn.counts and counts["recurring_cases"] > 0
    assert side.message == in_turn.message
    assert [d.key for d in side.deliveries] == [d.key for d in in_turn.deliveries]
    assert _bot_tabs(tmp_path / "fork") == _bot_tabs(tmp_path / "turn")
