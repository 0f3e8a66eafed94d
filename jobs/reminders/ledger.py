"""The ``_reminders`` ledger: one row per idempotency key, so nothing is sent twice or dropped.

Keys: ``digest:PERSON:DATE`` (``digest:DEPT:DATE`` for a group bot), ``head:``, ``mgmt:``,
``meeting:PERSON:DATE`` and ``escalation:OBLIGATION:3[:PERSON]``. Statuses: ``sending``
(only inside a run), ``sent``, ``pending`` (retryable failure or rate limit: retried on a later
run with exponential backoff), ``failed`` (permanent: bad signature, token, keyword, address),
``dead`` (still failing after ``max_attempts``), ``superseded`` (a pending digest of an earlier
day, whose items are in today's digest, or an escalation no longer due).

Write-ahead: the sheet is written once per run, so every change is first appended (and
fsynced) to a local journal, as the full new row: before a send (``sending``) and after it.
The next run replays the journal over the sheet's rows (replay is idempotent) and clears it
after its own sheet write. A crash between a send and its journal record leaves ``sending``:
the message is sent again, the one documented duplicate (at most one per crash, with the same
Message-ID / outbox file name). A crash after the record loses nothing and duplicates nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from config.channels import Channels
from jobs.notify import Message, Outcome, redact
from sheets_sync.schema import BOT_TABS

STAMP = "%Y-%m-%d %H:%M:%S"
FINAL = ("sent", "failed", "dead", "superseded")
INTERRUPTED = "interrupted after the send began; outcome unknown, so it is sent again"


@dataclass(frozen=True)
class Entry:
    """One row of ``_reminders``."""

    key: str
    status: str = "pending"
    channel: str = ""
    recipient: str = ""
    subject: str = ""
    attempts: int = 0
    first_at: str = ""
    last_at: str = ""
    sent_at: str = ""
    next_at: str = ""
    error: str = ""
    run_id: str = ""


class Journal:
    """Append-only JSON lines, fsynced per record: the ledger's write-ahead log."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def append(self, entry: Entry) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())

    def read(self) -> list[Entry]:
        if self.path is None or not self.path.is_file():
            return []
        out = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(Entry(**json.loads(line)))
            except (ValueError, TypeError):
                continue  # a torn last line from a crash mid-write: that record never happened
        return out

    def clear(self) -> None:
        if self.path is not None and self.path.exists():
            self.path.unlink()


class Ledger:
    """Decides what may be sent, records every attempt, and renders the ``_reminders`` tab."""

    def __init__(
        self, entries: dict[str, Entry], journal: Journal, policy: Channels,
        secrets: Sequence[str] = (),
    ) -> None:  # fmt: skip
        self.entries, self.journal, self.policy, self.secrets = entries, journal, policy, secrets

    @classmethod
    def load(
        cls, rows: Sequence[Sequence[Any]], journal: Journal, policy: Channels,
        secrets: Sequence[str] = (),
    ) -> Ledger:  # fmt: skip
        """The sheet's rows, then the journal replayed over them (idempotent)."""
        entries: dict[str, Entry] = {}
        if rows:
            header = [str(h) for h in rows[0]]
            for r in rows[1:]:
                rec = {h: (r[i] if i < len(r) else "") for i, h in enumerate(header)}
                if rec.get("key"):
                    entries[str(rec["key"])] = _entry(rec)
        for e in journal.read():
            entries[e.key] = e
        for key, e in entries.items():
            if e.status == "sending":
                entries[key] = replace(e, status="pending", next_at="", error=INTERRUPTED)
        return cls(entries, journal, policy, secrets)

    def due(self, message: Message, now: dt.datetime) -> bool:
        """May this message go now? Never when sent / failed / dead; a pending one after backoff."""
        e = self.entries.get(message.key)
        if e is None:
            return True
        if e.status in FINAL:
            return False
        return not e.next_at or e.next_at <= now.strftime(STAMP)

    def pending(self, key: str) -> bool:
        e = self.entries.get(key)
        return e is not None and e.status == "pending"

    def begin(self, message: Message, now: dt.datetime, run_id: str) -> None:
        """Record the intent before the send (write-ahead)."""
        e = self.entries.get(message.key) or Entry(message.key, first_at=now.strftime(STAMP))
        self._put(replace(
            e, status="sending", channel=message.channel, recipient=self._hide(message.recipient),
            subject=self._hide(message.subject), attempts=e.attempts + 1,
            last_at=now.strftime(STAMP), run_id=run_id,
        ))  # fmt: skip

    def finish(self, message: Message, outcome: Outcome, now: dt.datetime) -> Entry:
        """Record the outcome: sent, pending with backoff, failed, or dead after the limit."""
        e = self.entries[message.key]
        if outcome.ok:
            return self._put(replace(e, status="sent", sent_at=now.strftime(STAMP), next_at="",
                                     error=""))  # fmt: skip
        error = self._hide(outcome.error)[:300]
        if not outcome.retryable:
            return self._put(replace(e, status="failed", next_at="", error=error))
        if e.attempts >= self.policy.max_attempts:
            return self._put(replace(e, status="dead", next_at="", error=error))
        wait_min = self.policy.backoff_minutes * 2 ** max(e.attempts - 1, 0)
        wait = max(dt.timedelta(minutes=wait_min), dt.timedelta(seconds=outcome.retry_after_s or 0))
        return self._put(replace(e, status="pending", next_at=(now + wait).strftime(STAMP),
                                 error=error))  # fmt: skip

    def carry(self, message: Message, now: dt.datetime, reason: str) -> None:
        """Over a rate limit: stays pending for the next run, no attempt used."""
        e = self.entries.get(message.key) or Entry(message.key, first_at=now.strftime(STAMP))
        self._put(replace(
            e, status="pending", channel=message.channel, recipient=self._hide(message.recipient),
            subject=self._hide(message.subject), error=reason,
        ))  # fmt: skip

    def supersede(self, planned: Iterable[str], now: dt.datetime) -> list[str]:
        """Pending keys no longer planned (an earlier day's digest, a resolved escalation)."""
        keep = set(planned)
        gone = [k for k, e in self.entries.items() if e.status == "pending" and k not in keep]
        for k in gone:
            self._put(replace(self.entries[k], status="superseded", next_at="",
                              last_at=now.strftime(STAMP)))  # fmt: skip
        return gone

    def failures(self, since: dt.datetime) -> list[tuple[str, str]]:
        """Failed and dead keys whose last attempt is recent (reported to the coordinator)."""
        mark = since.strftime(STAMP)
        return [
            (k, f"{e.status}: {e.error}")
            for k, e in sorted(self.entries.items())
            if e.status in ("failed", "dead") and e.last_at >= mark
        ]

    def rows(self) -> list[list[Any]]:
        header = list(BOT_TABS["_reminders"])
        out: list[list[Any]] = [header]
        for e in sorted(self.entries.values(), key=lambda e: (e.first_at, e.key)):
            d = asdict(e)
            out.append([d[h] for h in header])
        return out

    def _put(self, e: Entry) -> Entry:
        self.entries[e.key] = e
        self.journal.append(e)
        return e

    def _hide(self, text: str) -> str:
        return redact(text, self.secrets)


def _entry(rec: dict[str, Any]) -> Entry:
    fields = Entry.__dataclass_fields__
    clean: dict[str, Any] = {k: ("" if v is None else v) for k, v in rec.items() if k in fields}
    for k in ("key", "status", "channel", "recipient", "subject", "first_at", "last_at",
              "sent_at", "next_at", "error", "run_id"):  # fmt: skip
        if k in clean:
            clean[k] = _text(clean[k], k.endswith("_at"))
    try:
        clean["attempts"] = int(float(clean.get("attempts") or 0))
    except (TypeError, ValueError):
        clean["attempts"] = 0
    return Entry(**clean)


def _text(v: Any, stamp: bool = False) -> str:
    """A cell as text; a time that a spreadsheet turned into a date or serial number, as STAMP."""
    if isinstance(v, dt.datetime):
        return v.strftime(STAMP)
    if stamp and isinstance(v, int | float) and not isinstance(v, bool):
        return (dt.datetime(1899, 12, 30) + dt.timedelta(days=float(v))).strftime(STAMP)
    return str(v)
