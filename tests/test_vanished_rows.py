"""Rows the last run saw open that the sheet no longer holds (jobs/checks/vanished.py): a
workbook replaced by an older copy loses them; the next daily run says which, once, in
``_checks`` (trial8: a restored copy lost rows without a finding)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from config.settings import Settings, settings_from_dict
from jobs.run.envelope import RunReport
from jobs.run.envelope import run as run_job
from sheets_sync.finding import Finding
from sheets_sync.memory import MemoryBackend
from tests.support.clocks import FakeClock
from tests.support.notifiers import Recorder

NOW = dt.datetime(2026, 11, 27, 9, 0)
TASK_KINDS = ("response", "completion", "approval")


def settings(tmp_path: Path) -> Settings:
    data = {"outbox": {"folder": str(tmp_path / "outbox")}, "journal": str(tmp_path / "j.jsonl")}
    return settings_from_dict({"channels": data})


def daily(s: Settings, backend: MemoryBackend, now: dt.datetime) -> RunReport:
    clock = FakeClock()
    return run_job("daily", s, backend, now, notifiers={"outbox": Recorder()}, clock=clock,
                   sleep=clock.sleep)  # fmt: skip


def vanished(report: RunReport) -> list[Finding]:
    return [f for f in report.findings if f.rule == "rows.vanished"]


def open_refs(backend: MemoryBackend, *kinds: str) -> list[tuple[str, str]]:
    """(ref, cell) of the obligations of ``kinds`` the last ``_sla`` lists, in its order."""
    header, *rows = backend.tabs["_sla"]
    at = {k: header.index(k) for k in ("kind", "ref", "cell")}
    seen: dict[str, str] = {}
    for r in rows:
        if r[at["kind"]] in kinds:
            seen.setdefault(str(r[at["ref"]]), str(r[at["cell"]]))
    return list(seen.items())


def without(rows: list[list[Any]], ids: set[str]) -> list[list[Any]]:
    """The tab as an older copy would hold it: the rows of ``ids`` (first column) missing."""
    return [rows[0], *(r for r in rows[1:] if str(r[0]) not in ids)]


def test_rows_gone_since_the_last_run_are_named_once(
    demo_tabs: dict[str, Any], tmp_path: Path
) -> None:
    s, backend = settings(tmp_path), MemoryBackend(demo_tabs)
    assert vanished(daily(s, backend, NOW)) == []
    backend_then = MemoryBackend({"_sla": [list(r) for r in backend.tabs["_sla"]]})
    tasks = open_refs(backend, "completion")[:7]
    disputes = open_refs(backend, "dispute")[:1]
    assert len(tasks) == 7 and len(disputes) == 1
    backend.tabs["任务进度"] = without(backend.tabs["任务进度"], {t for t, _ in tasks})
    backend.tabs["权责争议"] = without(backend.tabs["权责争议"], {d for d, _ in disputes})
    report = daily(s, backend, NOW + dt.timedelta(days=1))
    gone = {t for t, _ in tasks}  # in the order the last _sla lists them, any kind of a task
    order = [(t, c) for t, c in open_refs(backend_then, *TASK_KINDS) if t in gone]
    shown = "、".join(t for t, _ in order[:5]) + "…"
    assert [(f.tab, f.cell, f.value, f.params["n"]) for f in vanished(report)] == [
        ("任务进度", order[0][1], shown, 7),
        ("权责争议", disputes[0][1], disputes[0][0], 1),
    ]
    assert (
        vanished(report)[0]
        .message("zh-CN")
        .startswith(f"上次运行时 任务进度 中有 7 条未完成事项（{shown}），现在表中已找不到")
    )
    _, *rows = backend.tabs["_checks"]  # written where people look, with the fix
    assert sum(any("现在表中已找不到" in str(c) for c in r) for r in rows) == 2
    assert vanished(daily(s, backend, NOW + dt.timedelta(days=2))) == []  # said once


def test_rows_closed_since_are_not_vanished(demo_tabs: dict[str, Any], tmp_path: Path) -> None:
    """A task marked done is still in the sheet: the SLA closes it, nothing is said."""
    s, backend = settings(tmp_path), MemoryBackend(demo_tabs)
    daily(s, backend, NOW)
    (task, _), *_ = open_refs(backend, "completion")
    header, *rows = backend.tabs["任务进度"]
    row = next(r for r in rows if str(r[0]) == task)
    row[header.index("完成时间")], row[header.index("状态")] = "2026-11-27 10:00", "done"
    assert vanished(daily(s, backend, NOW + dt.timedelta(days=1))) == []


def test_an_hourly_run_that_finds_rows_gone_says_so_in_checks(
    demo_tabs: dict[str, Any], tmp_path: Path
) -> None:
    """trial28: a row deleted at 10:30, an hourly run at 11:00 (its _sla no longer lists the
    row), and the next daily run compared with that: no run named it. The hourly run that
    finds rows gone writes _checks with them."""
    s, backend = settings(tmp_path), MemoryBackend(demo_tabs)
    daily(s, backend, NOW)
    ((task, cell),) = open_refs(backend, "completion")[:1]
    backend.tabs["任务进度"] = without(backend.tabs["任务进度"], {task})
    clock = FakeClock()
    report = run_job("hourly", s, backend, NOW + dt.timedelta(hours=2), clock=clock,
                     notifiers={"outbox": Recorder()}, sleep=clock.sleep)  # fmt: skip
    assert [(f.tab, f.cell, f.value) for f in vanished(report)] == [("任务进度", cell, task)]
    assert report.tabs[0] == "_checks"
    _, *rows = backend.tabs["_checks"]
    assert [r for r in rows if task in map(str, r)]
    assert len(rows) > 1  # the sheet's standing findings listed with it, as validate lists them
    # the run counts the rows gone, not the sheet's standing errors (review31: 有问题 once)
    assert (report.counts["errors"], report.counts["warnings"]) == (0, 1)
    quiet = run_job("hourly", s, backend, NOW + dt.timedelta(hours=3), clock=clock,
                    notifiers={"outbox": Recorder()}, sleep=clock.sleep)  # fmt: skip
    assert "_checks" not in quiet.tabs  # nothing gone since: _checks as the last check left it
    assert [r for r in backend.tabs["_checks"][1:] if task in map(str, r)]
