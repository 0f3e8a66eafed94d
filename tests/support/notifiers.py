"""A notifier that records what it is asked to send, for the remind job and the runs."""

from __future__ import annotations

from jobs.notify import OK, Message, Outcome
from tests.support.clocks import FakeClock


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
