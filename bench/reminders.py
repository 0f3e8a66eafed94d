"""Reminder planning at 100,000 tasks: ``plan`` against the SLA computation it plans from.

    .venv/bin/python bench/reminders.py [--tasks 100000] [--repeat 3] [--against REV]

The demo workbook scaled to ``--tasks`` (sheets_sync/demo.py, the same seed and day as
bench/common.py) is parsed once; then, in turns in this one process, median of ``--repeat``:

- ``sla``: ``jobs.sla.status.sla_of`` (obligations, calendar, the vectorised SLA clock): the
  baseline that ``plan`` is measured against (``plan / sla`` is the printed ratio);
- ``plan``: ``jobs.reminders.planning.plan`` on that result, with case notes and two failed
  sends, as the daily run calls it;
- ``plan @REV`` (with ``--against``, default the commit before the grouped rewrite): the
  planner as it was at that git revision, loaded from ``git show`` beside the current one, so
  old and new run on the same input in the same process; both plans must be equal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import TODAY, side_by_side
from config.settings import Settings
from jobs.cases.notes import case_notes
from jobs.cases.suggestions import suggestions
from jobs.reminders import planning
from jobs.sla.status import sla_of
from sheets_sync.demo import generate
from sheets_sync.workbook import parse_workbook

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "eb243d9"  # the per-person planner, with the characterization fixtures
FAILED = (("digest:P009:2026-11-26", "failed: HTTP 500"),)


def planner_at(rev: str) -> ModuleType | None:
    """``jobs/reminders/planning.py`` as it was at ``rev``, as a separate module (or None)."""
    try:
        source = subprocess.run(
            ["git", "show", f"{rev}:jobs/reminders/planning.py"], cwd=ROOT, check=True,
            capture_output=True, text=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"(no planner at {rev}: {exc})", file=sys.stderr)
        return None
    spec = importlib.util.spec_from_loader(f"planning_at_{rev}", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    exec(compile(source, f"{rev}:jobs/reminders/planning.py", "exec"), module.__dict__)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--against", default=BEFORE, help="git revision of the old planner ('' none)")
    args = ap.parse_args()
    settings = Settings()
    now = dt.datetime.combine(TODAY, dt.time(10, 0))
    t = time.perf_counter()
    wb = parse_workbook(generate(TODAY, seed=7, tasks=args.tasks), settings)
    print(f"demo workbook, {args.tasks:,} tasks: generated and parsed in "
          f"{time.perf_counter() - t:.1f} s", file=sys.stderr)  # fmt: skip
    sla = sla_of(wb, settings, now)
    link = "{}!{}".format
    notes = case_notes(wb, suggestions(wb), settings.locale, now.date(), link)
    out: dict[str, Any] = {}

    def run(module: ModuleType, name: str) -> None:
        out[name] = module.plan(wb, sla.result, settings, now, link, FAILED, notes)

    funcs = {"sla": lambda: sla_of(wb, settings, now), "plan": lambda: run(planning, "plan")}
    old = planner_at(args.against) if args.against else None
    if old is not None:
        funcs[f"plan @{args.against}"] = lambda: run(old, "old")  # type: ignore[union-attr]
    medians = side_by_side(funcs, args.repeat)
    messages = out["plan"]
    items = sum(len(s.items) for m in messages for s in m.sections)
    print(f"{len(sla.result):,} obligations, {len(messages):,} messages, {items:,} items; "
          f"median of {args.repeat}, in turns, in this process:")  # fmt: skip
    for name, s in medians.items():
        print(f"  {name:<16} {s:7.3f} s   ({s / medians['sla']:.2f} x sla)")
    if old is not None:
        same = out["old"] == messages and [m.covers for m in out["old"]] == [
            m.covers for m in messages
        ]
        speedup = medians[f"plan @{args.against}"] / medians["plan"]
        print(f"  plan is {speedup:.1f}x the planner at {args.against}; "
              f"same messages: {'yes' if same else 'NO'}")  # fmt: skip


if __name__ == "__main__":
    main()
