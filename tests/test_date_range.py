"""A date outside the years 1970–2099 (9999-12-31 typed for "no end", 0001-01-01) is a
finding at its cell, read as empty, and every run goes on (trial10: one such cell made every
daily, hourly, sla and metrics run fail with ``OverflowError: date value out of range``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from config.settings import settings_from_dict
from jobs.run.envelope import RunReport, run
from sheets_sync.memory import MemoryBackend
from tests.support.clocks import FakeClock
from tests.support.demo import new_demo_tabs
from tests.support.notifiers import Recorder

NOW = dt.datetime(2026, 12, 7, 10, 0)
# (tab, header, the value typed): text, a date cell, a serial number, a datetime cell
TYPED = (
    ("任务进度", "截止时间", "9999-12-31"),
    ("任务进度", "交接时间", dt.datetime(1, 1, 1)),
    ("复盘", "整改期限", dt.date(9999, 12, 31)),
    ("权责争议", "裁决时间", 2_958_465),
)


def run_on(tabs: dict[str, Any], kind: str, tmp_path: Path) -> RunReport:
    folder = str(tmp_path / "outbox")
    s = settings_from_dict({"channels": {"outbox": {"folder": folder},
                                         "journal": str(tmp_path / "j")}})  # fmt: skip
    clock = FakeClock()
    return run(kind, s, MemoryBackend(tabs), NOW, notifiers={"outbox": Recorder()},
               clock=clock, sleep=clock.sleep)  # fmt: skip


@pytest.mark.parametrize("kind", ["daily", "hourly", "sla", "metrics"])
def test_a_run_goes_on_and_names_each_cell(
    kind: str, demo_tabs: dict[str, Any], tmp_path: Path
) -> None:
    before = run_on(new_demo_tabs(), kind, tmp_path / "before")
    cells = set()
    for n, (tab, header, value) in enumerate(TYPED):
        rows = demo_tabs[tab]
        at = rows[0].index(header)
        rows[3 + n][at] = value
        cells.add((tab, f"{chr(65 + at)}{4 + n}"))
    report = run_on(demo_tabs, kind, tmp_path)
    assert report.outcome in ("ok", "errors")  # not failed
    assert report.rows == before.rows  # every row still read (these columns are optional)
    if kind == "daily":  # the run that writes _checks: one finding at each cell
        found = {(f.tab, f.cell) for f in report.findings if f.rule == "date.out_of_range"}
        assert found == cells
