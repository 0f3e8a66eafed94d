"""One department with 300 overdue tasks on each group channel: requests, parts and runs.

    .venv/bin/python bench/message_parts.py [--tasks 300]

Each channel is served by a stand-in vendor that applies the documented body, block and rate
limits (tests/support/webhooks.py ``StandIn``) on a fake clock. A daily run, then hourly runs
until nothing is pending (issue 17, item 3). Printed per channel: requests sent, requests
accepted, the department digest's parts, the runs it took, the seconds the first run waited
for slots, the largest body accepted, items received (each must be 1) and limits broken.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pytest  # MonkeyPatch: the stand-ins' URLs in the environment

from sheets_sync.memory import MemoryBackend
from tests.support.notifiers import KINDS, Vendors, departments_on, ledger_rows
from tests.support.reminders import NOW

# a task named by an item ("任务 KP110「2 交付」 · 执行人 …"), not by a subject's worst item
ITEM = r"(KP\d+)「[^」]*」 · "


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=300)
    args = ap.parse_args()
    print(f"{'channel':9} {'requests':>8} {'accepted':>8} {'parts':>5} {'runs':>4} "
          f"{'waited_s':>8} {'max_body_B':>10} {'items':>5} {'each':>4} broken")  # fmt: skip
    for kind in KINDS:
        mp = pytest.MonkeyPatch()
        with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
            world = Vendors(Path(tmp), stack, mp)
            backend = MemoryBackend(departments_on((kind,), per_kind=1, members=args.tasks))
            world.run(backend, NOW)
            waited = sum(world.slept)
            runs = 1 + world.until_clean(backend, NOW, runs=24)
            vendor = world.vendors[kind]
            ids = Counter(
                i for r in vendor.accepted
                for i in re.findall(ITEM, json.dumps(r.body, ensure_ascii=False))
            )  # fmt: skip
            parts = sum(k.startswith("digest:D11:") for k in ledger_rows(backend))
            each = "/".join(str(v) for v in sorted(set(ids.values())))
            biggest = max((r.size for r in vendor.accepted), default=0)
            sent, ok, broken = len(vendor.times), len(vendor.accepted), len(vendor.broken)
            print(f"{kind:9} {sent:8} {ok:8} {parts:5} {runs:4} {waited:8.0f} {biggest:10} "
                  f"{len(ids):5} {each:>4} {broken}")  # fmt: skip
        mp.undo()


if __name__ == "__main__":
    main()
