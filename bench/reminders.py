"""Reminder planning at 100,000 tasks: ``plan`` against the SLA computation it plans from.

    .venv/bin/python bench/reminders.py [--tasks 100000] [--repeat 3] [--against REV]

The demo workbook scaled to ``--tasks`` (sheets_sync/demo.py, the same seed and day as
bench/common.py) is parsed once; then, in turns in this one process, median of ``--repeat``:

- ``sla``: ``jobs.sla.status.sla_of`` (obligations, calendar, the vectorised SLA clock): the
  baseline that ``plan`` is measured against (``plan / sla`` is the printed ratio);
- ``plan``: ``jobs.reminders.routing.plan`` on that result, with case notes and two failed
  sends, as the daily run calls it;
- ``plan @REV`` (with ``--against``, default the commit before the grouped rewrite): the
  planner as it was at that git revision, loaded from ``git show`` beside the current one, so
  old and new run on the same input in the same process; both plans must be equal.

Then the first run's sends (``--sends``, default every planned message; 0 skips): the planned
messages written by the outbox notifier into a temporary folder, each begun and finished in
the ledger, journalled per record (one fsync each for the intent and the outcome, as before
the batches) against journalled in batches (``Ledger.expect``: one fsync per ``BATCH``), and
against no journal at all (the outbox alone), once each, in this one process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import TODAY, side_by_side
from config.channels import Channels
from config.settings import Settings
from jobs.cases.notes import case_notes
from jobs.cases.suggestions import suggestions
from jobs.notify import Message
from jobs.notify.outbox import OutboxNotifier
from jobs.reminders import routing as planning
from jobs.reminders.ledger import BATCH, Journal, Ledger
from jobs.sla.status import sla_of
from sheets_sync.demo import generate
from sheets_sync.workbook import parse_workbook

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "eb243d9"  # the per-person planner, with the characterization fixtures
FAILED = (("digest:P009:2026-11-26", "failed: HTTP 500"),)


def planner_at(rev: str) -> ModuleType | None:
    """``jobs/reminders/routing.py`` as it was at ``rev``, as a separate module (or None)."""
    try:
        source = subprocess.run(
            ["git", "show", f"{rev}:jobs/reminders/routing.py"], cwd=ROOT, check=True,
            capture_output=True, text=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"(no planner at {rev}: {exc})", file=sys.stderr)
        return None
    spec = importlib.util.spec_from_loader(f"planning_at_{rev}", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    source = source.replace("from sheets_sync.schema import", "from config.schema import")  # moved
    try:
        exec(compile(source, f"{rev}:jobs/reminders/routing.py", "exec"), module.__dict__)
    except ImportError as exc:  # a module it imports has moved since
        print(f"(the planner at {rev} does not import here: {exc})", file=sys.stderr)
        return None
    return module


def sends(messages: list[Message], now: dt.datetime, journal: str) -> float:
    """Seconds to send ``messages`` to a fresh outbox, journalled per record, in batches or
    not at all (``journal``: "per record", "batches", "none")."""
    with tempfile.TemporaryDirectory(dir=ROOT / "bench") as tmp:
        path = None if journal == "none" else Path(tmp) / "journal.jsonl"
        ledger = Ledger.load([], Journal(path), Channels())
        box = OutboxNotifier(Path(tmp) / "outbox")
        t = time.perf_counter()
        if journal == "batches":
            ledger.expect(messages)
        for m in messages:
            ledger.begin(m, now, "bench")
            ledger.finish(m, box.send(m), now)
        ledger.sync()
        return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--against", default=BEFORE, help="git revision of the old planner ('' none)")
    ap.add_argument("--sends", type=int, default=-1, help="messages to send (-1 all, 0 none)")
    args = ap.parse_args()
    settings = Settings()
    now = dt.datetime.combine(TODAY, dt.time(10, 0))
    t = time.perf_counter()
    wb = parse_workbook(generate(TODAY, seed=7, tasks=args.tasks), settings)
    print(f"demo workbook, {args.tasks:,} tasks: generated and parsed in "
          f"{time.perf_counter() - t:.1f} s", file=sys.stderr)  # fmt: skip
    sla = sla_of(wb, settings.sla_section, now)
    link = "{}!{}".format
    notes = case_notes(wb, suggestions(wb), settings.locale, now.date(), link)
    out: dict[str, Any] = {}

    def run(module: ModuleType, name: str) -> None:
        out[name] = module.plan(wb, sla.result, settings, now, link, FAILED, notes)

    section = settings.sla_section
    funcs = {"sla": lambda: sla_of(wb, section, now), "plan": lambda: run(planning, "plan")}
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
    if args.sends:
        chosen = messages if args.sends < 0 else messages[: args.sends]
        print(f"the first run's sends: {len(chosen):,} messages to the outbox, once each:")
        took = {j: sends(chosen, now, j) for j in ("per record", "batches", "none")}
        for j, s in took.items():
            print(f"  journal {j:<11} {s:7.2f} s   ({s / len(chosen) * 1e3:.2f} ms/message)")
        print(f"  batches of {BATCH}: {took['per record'] / took['batches']:.1f}x faster than "
              f"per record; the journal adds {took['batches'] - took['none']:+.2f} s "
              f"to the outbox alone")  # fmt: skip


if __name__ == "__main__":
    main()
