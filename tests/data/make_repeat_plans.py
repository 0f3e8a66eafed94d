"""What ``deliver`` plans and reports on a repeat daily run of the demo workbook, as JSON: the
characterization fixture of ``jobs.run.delivery.deliver`` on the run a day repeats most (issue
14, item 9; tests/test_delivery_repeat_plan.py compares against it).

    .venv/bin/python tests/data/make_repeat_plans.py

Two daily runs a minute apart on the demo workbook in memory; of the second: every planned
message (``plan``), every announced assignment (``announced``), and the delivery report
(deliveries, findings, failures, superseded keys). Before 09:00 the day's messages are held
(the repeat run holds them again and announces the assignments still held); at 10:00 the first
run sends them and the repeat run sends nothing. Regenerate only on purpose: the fixture is the
proof that a faster planner plans the same bytes. It was first written before that speed-up.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import jobs.run.delivery as delivery
import jobs.run.envelope as envelope
from config.settings import settings_from_dict
from jobs.notify import OK, Message, Outcome
from sheets_sync.demo import generate
from sheets_sync.memory import MemoryBackend

HERE = Path(__file__).resolve().parent
TODAY = dt.date(2026, 11, 27)  # a Friday; the demo is dated relative to it
GROUPS = {"feishu": {}, "dingtalk": {}, "wecom": {}}
MAIL = {"host": "127.0.0.1", "port": 25, "from_addr": "bot@example.com"}

HOOK = "https://open.feishu.cn/open-apis/bot/v2/hook/0123abcd"  # typed into a 备注 cell
# name -> (first run, repeat run, [channels]): held before the opening (outbox); sent in
# working hours (groups and mail); the next morning (the hand-offs since announced, held)
CASES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "held_before_opening": ("2026-11-27 08:01", "2026-11-27 08:02", {}),
    "sent_in_working_hours": ("2026-11-27 10:00", "2026-11-27 10:01", {**GROUPS, "email": MAIL}),
    "next_morning": ("2026-11-26 10:00", "2026-11-27 08:02", {**GROUPS, "email": MAIL}),
}


class Taker:
    """Every channel's notifier: takes each message (OK), sends nothing."""

    def send(self, message: Message) -> Outcome:
        return OK


def _plain(x: Any) -> Any:
    return asdict(x) if hasattr(x, "__dataclass_fields__") else x


@contextmanager
def _taps(seen: dict[str, Any]) -> Iterator[None]:
    """``plan``, ``announced`` and ``deliver`` of the runs recorded into ``seen`` (the last
    run's), as they are called."""
    saved = delivery.plan, delivery.announced, envelope.deliver

    def tap(name: str, func: Any) -> Any:
        def tapped(*args: Any, **kwargs: Any) -> Any:
            seen[name] = out = func(*args, **kwargs)
            return out

        return tapped

    delivery.plan, delivery.announced = tap("plan", saved[0]), tap("announced", saved[1])
    envelope.deliver = tap("deliver", saved[2])
    try:
        yield
    finally:
        delivery.plan, delivery.announced, envelope.deliver = saved


def repeated(name: str, folder: Path) -> dict[str, Any]:
    """The repeat run's plan, announcements and delivery report, as plain data."""
    at, again, channels = CASES[name]
    data = {"outbox": {"folder": str(folder / "outbox")}, "journal": str(folder / "j.jsonl")}
    settings = settings_from_dict({"channels": {**data, **channels}})
    tabs = generate(TODAY, seed=7, tasks=2000)
    tabs["任务进度"][5][-1] = HOOK  # a finding of every run
    backend = MemoryBackend(tabs)
    taker = Taker()
    senders = {c: taker for c in ("outbox", "email", *GROUPS)}
    seen: dict[str, Any] = {}
    with _taps(seen):
        for now in (at, again):
            now = dt.datetime.strptime(now, "%Y-%m-%d %H:%M")
            envelope.run("daily", settings, backend, now, notifiers=senders)
    report, _ = seen["deliver"]
    return {
        "plan": [asdict(m) for m in seen["plan"]],
        "announced": [asdict(m) for m in seen["announced"]],
        "deliveries": [asdict(d) for d in report.deliveries],
        "findings": [asdict(f) for f in report.findings],
        "failures": [list(f) for f in report.failures],
        "superseded": list(report.superseded),
    }


def path(name: str) -> Path:
    return HERE / f"repeat_plan_{name}.json"


def dump(got: dict[str, Any]) -> str:
    return json.dumps(got, ensure_ascii=False, indent=1, default=str) + "\n"


def main() -> None:
    import tempfile

    for name in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            got = repeated(name, Path(tmp))
        path(name).write_text(dump(got), encoding="utf-8")
        print(f"{path(name).name}: " + ", ".join(f"{len(v)} {k}" for k, v in got.items()))


if __name__ == "__main__":
    main()
