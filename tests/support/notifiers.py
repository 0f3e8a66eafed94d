"""A notifier that records what it is asked to send, for the remind job and the runs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from config.settings import Settings, settings_from_dict
from jobs.notify import OK, Message, Notifier, Outcome, factory
from jobs.run.envelope import RunReport
from jobs.run.envelope import run as run_job
from sheets_sync.memory import MemoryBackend
from tests.support.clocks import FakeClock
from tests.support.webhooks import StandIn, serving
from tests.support.workbooks import Raw, base_rows, title


class Recorder:
    """A notifier that records every send and answers from a per-key script (default OK)."""

    def __init__(self, clock: FakeClock | None = None) -> None:
        self.sent: list[Message] = []
        self.times: list[float] = []
        self.script: dict[str, list[Outcome]] = {}
        self.clock = clock

    def send(self, message: Message) -> Outcome:
        self.sent.append(message)
        self.times.append(self.clock() if self.clock else 0.0)
        outs = self.script.get(message.key)
        return outs.pop(0) if outs else OK


class Tap:
    """A real notifier wrapped: every send's key and outcome recorded, the message passed on
    unchanged (to count, per idempotency key, what was delivered)."""

    def __init__(self, inner: Notifier) -> None:
        self.inner = inner
        self.outcomes: list[tuple[str, Outcome]] = []

    @property
    def fit(self) -> Any:
        return getattr(self.inner, "fit", None)  # the channel's limits (jobs.notify.parts)

    def send(self, message: Message) -> Outcome:
        out = self.inner.send(message)
        self.outcomes.append((message.key, out))
        return out


SHEET_CHANNEL = {"feishu": "飞书", "dingtalk": "钉钉", "wecom": "企业微信", "slack": "Slack"}


def departments_on(kinds: tuple[str, ...], per_kind: int, members: int = 2) -> Raw:
    """The base workbook plus ``per_kind`` departments on each group channel kind, each with
    ``members`` people who each have one overdue task (one group digest per department)."""
    rows = base_rows()
    people, depts, tasks = rows["people"], rows["departments"], rows["tasks"][:1]
    n = 0
    for kind in kinds:
        for _ in range(per_kind):
            n += 1
            dept = f"D{n + 10}"
            # ids unique across departments: P110–P119, P120… up to 10 members, else P1000…
            first = n * 10 + 100 if members <= 10 else n * 1000
            ids = [f"P{first + i}" for i in range(members)]
            depts.append([dept, f"部门{n}", ids[0], "P07", SHEET_CHANNEL[kind], "是"])
            for i, p in enumerate(ids):
                role = "head" if i == 0 else "member"
                num = int(p[1:])  # an id on every platform (手机号, 飞书ID, 企业微信ID, Slack ID)
                people.append([p, f"员工{p}", dept, "", f"139{num:08d}", role, "是",
                               f"ou_{num:032x}", f"user{p}", f"U{num:08d}"])  # fmt: skip
                due = ("2026-11-20 09:00", "2026-11-20 10:00", "2026-11-25 17:00")
                tasks.append([f"K{p}", "PJ1", 2, "交付", dept, p, *due, "", "doing", "", ""])
    rows.update(people=people, departments=depts, tasks=tasks)
    rows["disputes"] = rows["disputes"][:1]
    rows["retrospectives"] = rows["retrospectives"][:1]
    return {title(k): v for k, v in rows.items()}


KINDS = ("feishu", "dingtalk", "wecom", "slack")
HOOK_PATHS = {
    "feishu": "/open-apis/bot/v2/hook/fs-hook-0f1e2d3c",
    "dingtalk": "/robot/send?access_token=dt-token-4b5a69",
    "wecom": "/cgi-bin/webhook/send?key=wc-key-7c8d9e",
    "slack": "/services/T0/B0/slack-hook-1a2b3c",
}


class Vendors:
    """The four group-bot channels configured against stand-in vendors on one fake clock
    (``tests/support/webhooks.StandIn``), their real notifiers tapped, and a run that records
    every wait it asks for. Use inside ``with ExitStack() as stack``."""

    def __init__(self, tmp_path: Path, stack: ExitStack, mp: pytest.MonkeyPatch) -> None:
        self.clock = FakeClock()
        self.slept: list[float] = []
        self.vendors: dict[str, StandIn] = {}
        for kind in KINDS:
            rec = stack.enter_context(serving())
            self.vendors[kind] = StandIn(kind, self.clock)
            rec.behave = [self.vendors[kind]]
            mp.setenv(f"COLLABSHEET_{kind.upper()}_WEBHOOK", rec.url + HOOK_PATHS[kind])
        for name in ("COLLABSHEET_FEISHU_SECRET", "COLLABSHEET_DINGTALK_SECRET"):
            mp.delenv(name, raising=False)
        self.settings: Settings = settings_from_dict({"channels": {
            "outbox": {"folder": str(tmp_path / "outbox")}, "journal": str(tmp_path / "j.jsonl"),
            **{k: {} for k in KINDS},
        }})  # fmt: skip
        self.taps = {n: Tap(x) for n, x in factory.notifiers(self.settings.channels).items()}

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.clock.sleep(seconds)

    def run(self, backend: MemoryBackend, now: dt.datetime, hourly: bool = False) -> RunReport:
        self.slept.clear()
        return run_job("remind", self.settings, backend, now, notifiers=self.taps,
                       clock=self.clock, sleep=self.sleep, hourly=hourly)  # fmt: skip

    def until_clean(self, backend: MemoryBackend, start: dt.datetime, runs: int = 8) -> int:
        """Hourly runs (the clock an hour on each time) until nothing is pending; how many."""
        for hour in range(1, runs + 1):
            if all(e["status"] == "sent" for e in ledger_rows(backend).values()):
                return hour - 1
            self.clock.t += 3600
            self.run(backend, start + dt.timedelta(hours=hour), hourly=True)
        return runs

    def delivered(self) -> Counter[str]:
        """Keys delivered (answered ok), with how many times."""
        return Counter(k for tap in self.taps.values() for k, out in tap.outcomes if out.ok)


def ledger_rows(backend: MemoryBackend) -> dict[str, dict[str, Any]]:
    """``_reminders`` as key -> row."""
    header, *rows = backend.tabs["_reminders"]
    return {r[0]: dict(zip(header, r, strict=True)) for r in rows}
