"""The ``_reminders`` ledger: one row per idempotency key, so nothing is sent twice or dropped.

Keys: ``digest:PERSON:DATE`` (``digest:DEPT:DATE`` for a group bot), ``head:``, ``mgmt:``,
``meeting:PERSON:DATE`` and ``escalation:OBLIGATION:3[:PERSON]``. Statuses: ``sending``
(only inside a run), ``sent``, ``pending`` (retryable failure or rate limit: retried on a later
run with exponential backoff), ``failed`` (permanent: bad signature, token, keyword, address),
``dead`` (still failing after ``max_attempts``), ``superseded`` (a pending digest of an earlier
day, whose items are in today's digest, or an escalation no longer due), ``held`` (planned by a
run outside working hours: sent by the first run in working hours from its ``next_at``, the
next opening, which is also the day in its key).

Write-ahead: the sheet is written once per run, so every change is first appended to a local
journal, as the full new row: before a send (``sending``) and after it. The next run replays
the journal over the sheet's rows (replay is idempotent) and clears it after its own sheet
write.

Batches: a run that announces its sends (``expect``) journals them in batches of ``BATCH``
messages. Before the first send of a batch, the intent (``sending``) of every message of the
batch is written with one fsync, which also makes the previous batch's outcomes durable; each
outcome is handed to the OS (written and flushed, not fsynced) right after its send, and the
run's last outcomes get one fsync at the end (``sync``). So the first run's 10,000 sends cost
about 100 fsyncs, not 20,000. The windows:

- the process dies (an exception, ``kill -9``, the OOM killer) between a send and its record:
  that one message is left ``sending`` and is sent again, the one documented duplicate (at
  most one per crash, with the same Message-ID / outbox file name). A record written before
  the crash is in the OS's page cache and read back by the next run: nothing else is sent
  twice. The batch's other intents (``sending``, never sent) are sent by the next run, once.
- the machine stops (power loss, kernel panic) before a batch's closing fsync: the outcomes
  since the last fsync may be lost, so at most one batch (``BATCH`` messages) is sent again.
  The intent of every message of the batch was durable before its first send, so each comes
  back as ``pending`` (interrupted) or, if the send had not started, as it was.

Nothing is lost in either case: a message counts as sent only once its record is read back.
Without ``expect`` (a single change), every record is fsynced at once, as before.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol

from config.channels import Channels
from config.phrases import Phrases
from jobs.notify import Message, Outcome, redact
from jobs.notify.failure_words import worded
from jobs.notify.parts import SEP, said
from jobs.reminders.reminders_tab import FINAL, REMINDERS, STAMP, Entry, entries_of
from jobs.reminders.retention import forgotten, horizon, retired

# the reasons the ledger writes into ``_reminders`` (its error column), in the workbook's
# language; rows an older version wrote say them in English (held ones are known by status)
REASONS = Phrases("jobs/reminders/ledger.py", {
    "interrupted": ("发送开始后中断，结果未知，因此会再发一次",
                    "interrupted after the send began; outcome unknown, so it is sent again"),
    "held": ("工作时间外暂缓，{until:%Y-%m-%d %H:%M} 发出",
             "held back outside working hours until {until:%Y-%m-%d %H:%M}"),
    # a send the coordinators' list names: what it was and to whom, not its key (trial28)
    "failed": ("{what}（{to}）：发送失败：{error}", "{what} ({to}): failed: {error}"),
    "dead": ("{what}（{to}）：多次重试未成功，已放弃：{error}", "{what} ({to}): given up: {error}"),
})  # fmt: skip


class Journal(Protocol):
    """The ledger's write-ahead log, as the ledger uses it (``jobs.run.journal.FileJournal``
    keeps it in a file; a journal of no file writes nothing)."""

    def read(self) -> list[Entry]: ...
    def write(self, entries: Iterable[Entry], sync: bool = True) -> None: ...
    def sync(self) -> None: ...
    def clear(self) -> None: ...


BATCH = 100  # messages per journal batch: at most this many resent after a power loss
# keys another job sends and retries (jobs/run/weekly_command.py, jobs/run/survey_round.py)
OWN = ("weekly:", "survey:")


def restated(error: str, locale: str) -> str:
    """``error`` in ``locale`` when it is the ledger's interrupted reason, in whichever language
    it was written (an older row's is English); any other error as it is."""
    return REASONS(locale, "interrupted") if error in REASONS["interrupted"] else error


class Ledger:
    """Decides what may be sent, records every attempt, and renders the ``_reminders`` tab."""

    def __init__(
        self, entries: dict[str, Entry], journal: Journal, policy: Channels,
        secrets: Sequence[str] = (), locale: str = "zh-CN",
    ) -> None:  # fmt: skip
        self.entries, self.journal, self.policy, self.secrets = entries, journal, policy, secrets
        self.locale = locale  # the workbook's (Settings.written_locale): the reasons it writes
        self._expected: list[Message] = []  # this run's sends, in order (``expect``)
        self._next = 0  # the first expected message not yet in a batch
        self._handled: set[str] = set()  # keys begun or carried in this run
        self._before: dict[str, Entry | None] = {}  # intended, not yet finished: prior entry
        # the latest day any entry was written: the month is counted back from it or today
        self._latest = horizon(entries.values(), dt.date.min)

    @classmethod
    def load(
        cls, rows: Sequence[Sequence[Any]], journal: Journal, policy: Channels,
        secrets: Sequence[str] = (), decoded: Mapping[str, Entry] | None = None,
        locale: str = "zh-CN",
    ) -> Ledger:  # fmt: skip
        """The sheet's rows, then the journal replayed over them (idempotent). ``decoded``:
        those rows' entries, decoded already (the run's mirror did): not decoded again.
        ``locale``: the workbook's, the language of the reasons the ledger writes."""
        entries = dict(decoded) if decoded is not None else entries_of(rows)
        for e in journal.read():
            entries[e.key] = e
        interrupted = REASONS(locale, "interrupted")
        for key, e in entries.items():
            if e.status == "sending":
                entries[key] = replace(e, status="pending", next_at="", error=interrupted)
        return cls(entries, journal, policy, secrets, locale)

    def due(self, message: Message, now: dt.datetime) -> bool:
        """May this message go now? Never when sent / failed / dead; a pending one after backoff."""
        e = self.entries.get(message.key)
        if e is None:  # a message of a day long past may have left the tab: never sent
            return not forgotten(message.key, max(now.date(), self._latest))
        if e.status in FINAL:
            return False
        return not e.next_at or e.next_at <= now.strftime(STAMP)

    def pending(self, key: str) -> bool:
        """Owed by an earlier run: a retry, or a message held back outside working hours."""
        e = self.entries.get(key)
        return e is not None and e.status in ("pending", "held")

    def hold(self, messages: Sequence[Message], now: dt.datetime, until: dt.datetime) -> None:
        """Messages a run outside working hours does not send: ``held`` until ``until`` (the
        next opening), for the first run in working hours to send (one fsync for all). A key
        already pending or final stays as it is."""
        held = []
        stamp, next_at, error = now.strftime(STAMP), until.strftime(STAMP), self.held(until)
        for m in messages:
            e = self.entries.get(m.key)
            if e is not None and e.status != "held":
                continue
            e = e or Entry(m.key, first_at=stamp)
            held.append(self._set(replace(
                e, status="held", channel=m.channel, recipient=self._hide(m.recipient),
                subject=self._hide(m.subject), last_at=stamp, next_at=next_at, error=error,
            )))  # fmt: skip
        self.journal.write(held)

    def held(self, until: dt.datetime) -> str:
        """The reason a held message waits, in the workbook's language."""
        return REASONS(self.locale, "held", until=until)

    def expect(self, messages: Sequence[Message]) -> None:
        """The messages this run will begin or carry, in that order: from now on the journal
        goes in batches (see the module docstring) until ``sync``."""
        self._expected, self._next = list(messages), 0
        self._handled.clear()

    def begin(self, message: Message, now: dt.datetime, run_id: str) -> None:
        """Record the intent before the send (write-ahead): of the whole next batch when
        expected, with one fsync; nothing more to write when the batch already holds it."""
        if message.key in self._before:
            return
        batch = [message]
        while self._next < len(self._expected) and len(batch) < BATCH:
            m = self._expected[self._next]
            self._next += 1
            if m.key not in self._handled and m.key != message.key:
                batch.append(m)
        intents = []
        for m in batch:
            e = self.entries.get(m.key)
            self._before[m.key] = e
            self._handled.add(m.key)
            e = e or Entry(m.key, first_at=now.strftime(STAMP))
            intents.append(self._set(replace(
                e, status="sending", channel=m.channel, recipient=self._hide(m.recipient),
                subject=self._hide(m.subject), attempts=e.attempts + 1,
                last_at=now.strftime(STAMP), run_id=run_id,
            )))  # fmt: skip
        self.journal.write(intents)  # one fsync: these intents and the last batch's outcomes

    def finish(self, message: Message, outcome: Outcome, now: dt.datetime) -> Entry:
        """Record the outcome: sent, pending with backoff, failed, or dead after the limit."""
        self._before.pop(message.key, None)
        e = self.entries[message.key]
        if SEP in message.key:  # a part: its items as they went (``parts.rest`` cuts the others)
            e = replace(e, items=said(message))
        if outcome.ok:
            return self._put(replace(e, status="sent", sent_at=now.strftime(STAMP), next_at="",
                                     error=""))  # fmt: skip
        error = self._hide(worded(outcome.error, self.locale))[:300]  # Chinese lead (zh-CN)
        if not outcome.retryable:
            return self._put(replace(e, status="failed", next_at="", error=error))
        if outcome.retry_after_s is not None:  # "too many": the service's window, as the rest
            # of its destination is carried (trial12: this one waited 30 minutes, not 3 s); no
            # attempt used, as for a carried message: a busy service never makes one dead
            # (review12: five 429s in a row were a message given up, never refused)
            wait_s = math.ceil(outcome.retry_after_s)
            return self._put(replace(e, status="pending", attempts=max(e.attempts - 1, 0),
                                     next_at=(now + dt.timedelta(seconds=wait_s)).strftime(STAMP),
                                     error=error))  # fmt: skip
        if e.attempts >= self.policy.max_attempts:
            return self._put(replace(e, status="dead", next_at="", error=error))
        wait = dt.timedelta(minutes=self.policy.backoff_minutes * 2 ** max(e.attempts - 1, 0))
        return self._put(replace(e, status="pending", next_at=(now + wait).strftime(STAMP),
                                 error=error))  # fmt: skip

    def carry(
        self, message: Message, now: dt.datetime, reason: str, next_at: dt.datetime | None = None
    ) -> None:
        """Over a rate limit: stays pending for the next run (from ``next_at``), no attempt
        used (an intent recorded for it in its batch is taken back)."""
        self._handled.add(message.key)
        e = (self._before.pop(message.key) if message.key in self._before
             else self.entries.get(message.key))  # fmt: skip
        e = e or Entry(message.key, first_at=now.strftime(STAMP))
        self._put(replace(
            e, status="pending", channel=message.channel, recipient=self._hide(message.recipient),
            subject=self._hide(message.subject), error=reason,
            next_at=next_at.strftime(STAMP) if next_at else e.next_at,
        ))  # fmt: skip

    def supersede(self, planned: Iterable[str], now: dt.datetime) -> list[str]:
        """Pending keys no longer planned (an earlier day's digest, a resolved escalation).
        The weekly pack's keys (``OWN``) are not the reminders' to close: the weekly run
        retries them."""
        keep = set(planned)
        gone = [k for k, e in self.entries.items()
                if e.status in ("pending", "held") and k not in keep
                and not k.startswith(OWN)]  # fmt: skip
        # a held reason no longer holds; a retry's error still says why it never went
        errors = {k: "" if self.entries[k].status == "held" else self.entries[k].error
                  for k in gone}  # fmt: skip
        self.journal.write([
            self._set(replace(self.entries[k], status="superseded", next_at="", error=errors[k],
                              last_at=now.strftime(STAMP)))
            for k in gone
        ])  # one fsync for all  # fmt: skip
        return gone

    def failures(self, since: dt.datetime, worded: bool = False) -> list[tuple[str, str]]:
        """Failed and dead keys whose last attempt is recent, with ``state: error`` (``_runs``,
        the terminal), or ``worded``, the coordinators' line (subject, recipient, state, error)."""
        mark = since.strftime(STAMP)
        return [(k, REASONS(self.locale, e.status, what=e.subject or k, to=e.recipient or e.channel,
                            error=e.error) if worded else f"{e.status}: {e.error}")
                for k, e in sorted(self.entries.items())
                if e.status in ("failed", "dead") and e.last_at >= mark]  # fmt: skip

    def standing(self, since: dt.datetime) -> dict[str, int]:
        """What is still owed or to be told, by state: ``pending`` (retries, carried over),
        ``held`` (outside working hours), and ``failed`` / ``dead`` whose last attempt is since
        ``since`` (listed for the coordinators for a week)."""
        mark = since.strftime(STAMP)
        out = dict.fromkeys(("pending", "failed", "dead", "held"), 0)
        for e in self.entries.values():
            if e.status in ("pending", "held") or (e.status in out and e.last_at >= mark):
                out[e.status] += 1
        return out

    def undelivered(self, since: dt.datetime) -> list[Entry]:
        """The entries ``standing`` counts as not delivered: pending, and failed / dead whose
        last attempt is since ``since`` (their errors say why, in the run's ``_runs`` row)."""
        mark = since.strftime(STAMP)
        return [
            e
            for e in self.entries.values()
            if e.status == "pending" or (e.status in ("failed", "dead") and e.last_at >= mark)
        ]

    def rows(self, today: dt.date) -> list[list[Any]]:
        """The tab: every entry but those of a day long past with nothing left to do
        (jobs/reminders/retention.py; the results database keeps them)."""
        since = max(today, self._latest)
        kept = (e for e in self.entries.values() if not retired(e, since))
        entries = sorted(kept, key=lambda e: (e.first_at, e.key))
        return REMINDERS.encode(map(vars, entries))  # flat fields: no deep copy (asdict)

    def sync(self) -> None:
        """The end of the batches: the last outcomes made durable (one fsync)."""
        self.journal.sync()
        self._expected, self._next = [], 0

    def _put(self, e: Entry) -> Entry:
        """Set and journal an entry: fsynced at once, or with its batch when batching."""
        self.journal.write([self._set(e)], sync=not self._expected)
        return e

    def _set(self, e: Entry) -> Entry:
        self.entries[e.key] = e
        return e

    def _hide(self, text: str) -> str:
        return redact(text, self.secrets)
