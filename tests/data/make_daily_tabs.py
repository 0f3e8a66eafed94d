"""The bot tabs of a daily run on the demo workbook, as JSON: the characterization fixture of
the compute steps of ``jobs.run.envelope.run`` (tests/test_daily_tabs.py compares against it).

    .venv/bin/python tests/data/make_daily_tabs.py

Regenerate only on purpose: the fixture is the proof that a faster SLA, KPI, case or check
step writes the same ``_checks``, ``_sla``, ``_metrics`` and ``_case_links`` rows and finds the
same findings (one kind of run per tab). It was first written before those steps were
vectorised (issue 14, item 9).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from config.settings import settings_from_dict
from jobs.run.envelope import run as run_job
from sheets_sync.demo import generate
from sheets_sync.memory import MemoryBackend

HERE = Path(__file__).resolve().parent
TODAY = dt.date(2026, 11, 27)  # a Friday; the demo is dated relative to it
KINDS = ("validate", "sla", "metrics", "cases")
TABS = ("_checks", "_sla", "_metrics", "_case_links")
# name -> (tasks, now): the demo as it is, and a larger one on a later day
CASES: dict[str, tuple[int | None, str]] = {
    "demo_morning": (None, "2026-11-27 10:00"),
    "larger_next_week": (2000, "2026-12-02 09:15"),
}


def path(name: str) -> Path:
    return HERE / f"daily_tabs_{name}.json"


def _plain(v: Any) -> Any:
    return v if v is None or isinstance(v, bool | int | float | str) else str(v)


def tabs(name: str) -> dict[str, Any]:
    """The bot tab each kind of run writes (validate, sla, metrics, cases), its findings and
    counts: the compute steps of the daily run, one kind at a time, on an in-memory workbook."""
    tasks, at = CASES[name]
    settings = settings_from_dict({})
    now = dt.datetime.strptime(at, "%Y-%m-%d %H:%M")
    backend = MemoryBackend(generate(TODAY, seed=7, tasks=tasks))
    out: dict[str, Any] = {}
    for kind, tab in zip(KINDS, TABS, strict=True):
        report = run_job(kind, settings, backend, now, notifiers={})
        out[tab] = [[_plain(v) for v in row] for row in backend.tabs[tab]]
        out[f"{kind} findings"] = [
            [f.tab, f.cell, _plain(f.value), f.rule] for f in report.findings
        ]
        out[f"{kind} counts"] = report.counts
    return out


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=0) + "\n"


def main() -> None:
    for name in CASES:
        data = tabs(name)
        path(name).write_text(dump(data), encoding="utf-8")
        print(f"{path(name).name}: " + ", ".join(f"{t} {len(data[t])}" for t in TABS))


if __name__ == "__main__":
    main()
