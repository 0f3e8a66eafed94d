"""A notifier that records what it is asked to send, for the remind job and the runs."""

from __future__ import annotations

from jobs.notify import OK, Message, Notifier, Outcome
from tests.support.clocks import FakeClock
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
            ids = [f"P{n * 10 + i + 100}" for i in range(members)]
            depts.append([dept, f"部门{n}", ids[0], "P07", SHEET_CHANNEL[kind], "是"])
            for i, p in enumerate(ids):
                role = "head" if i == 0 else "member"
                people.append([p, f"员工{p}", dept, "", f"ou_{p}", role, "是"])
                due = ("2026-11-20 09:00", "2026-11-20 10:00", "2026-11-25 17:00")
                tasks.append([f"K{p}", "PJ1", 2, "交付", dept, p, *due, "", "doing", "", ""])
    rows.update(people=people, departments=depts, tasks=tasks)
    rows["disputes"] = rows["disputes"][:1]
    rows["retrospectives"] = rows["retrospectives"][:1]
    return {title(k): v for k, v in rows.items()}
