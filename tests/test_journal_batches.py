"""The journal in batches (issue 14, item 9): one fsync per batch, and the crash windows of
jobs/reminders/ledger.py's docstring: a killed process (a real ``kill -9``) resends only the
message in flight, a stopped machine at most one batch, and nothing is ever lost."""

from __future__ import annotations

import datetime as dt
import math
import os
import signal
import stat
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from config.channels import Channels
from jobs.notify import OK, Message
from jobs.reminders.ledger import BATCH, Ledger
from jobs.run import journal as journal_module
from jobs.run.journal import FileJournal

NOW = dt.datetime(2026, 11, 27, 9, 0)
INTERRUPTED = "发送开始后中断，结果未知，因此会再发一次"  # the ledger's reason (zh-CN, the default)
POLICY = Channels(max_attempts=3, backoff_minutes=30)
ROOT = Path(__file__).resolve().parents[1]
N = 2 * BATCH + 50  # three batches, the last one short


def messages(n: int = N) -> list[Message]:
    return [Message(f"digest:P{i:04d}:2026-11-27", "outbox", f"p{i}@example.com", "s", "i")
            for i in range(n)]  # fmt: skip


def load(journal: Path) -> Ledger:
    return Ledger.load([], FileJournal(journal), POLICY)


def deliver(led: Ledger, sent: list[str], crash_at: str = "", crash_key: str = "") -> None:
    """The delivery loop of jobs/run/delivery.py in small: expect, then begin, send, finish."""
    due = [m for m in messages() if led.due(m, NOW)]
    led.expect(due)
    for m in due:
        led.begin(m, NOW, "r")
        sent.append(m.key)
        if crash_at == "sent" and m.key == crash_key:
            raise RuntimeError("crash")
        led.finish(m, OK, NOW)
        if crash_at == "recorded" and m.key == crash_key:
            raise RuntimeError("crash")
    led.sync()


KILLED = f"""
import datetime as dt, os, signal, sys
from pathlib import Path
from config.channels import Channels
from jobs.notify import OK, Message
from jobs.reminders.ledger import Ledger
from jobs.run.journal import FileJournal
NOW = dt.datetime(2026, 11, 27, 9, 0)
journal, log, point, at = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
led = Ledger.load([], FileJournal(Path(journal)), Channels(max_attempts=3, backoff_minutes=30))
due = [Message(f"digest:P{{i:04d}}:2026-11-27", "outbox", f"p{{i}}@example.com", "s", "i")
       for i in range({N})]
led.expect(due)
with open(log, "a", encoding="utf-8") as sent:
    for i, m in enumerate(due):
        led.begin(m, NOW, "r")
        sent.write(m.key + "\\n")
        sent.flush()
        if point == "sent" and i == at:
            os.kill(os.getpid(), signal.SIGKILL)
        led.finish(m, OK, NOW)
        if point == "recorded" and i == at:
            os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
@pytest.mark.parametrize("point", ["sent", "recorded"])
def test_kill_9_mid_batch_resends_only_the_message_in_flight(tmp_path: Path, point: str) -> None:
    journal, log, at = tmp_path / "j.jsonl", tmp_path / "sent.txt", BATCH + 17
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", KILLED, str(journal), str(log), point, str(at)],
                          cwd=ROOT, env=env, capture_output=True, timeout=120)  # fmt: skip
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    sent = log.read_text(encoding="utf-8").split()
    assert len(sent) == at + 1
    again = load(journal)
    keys = [m.key for m in messages()]
    # the killed message: left "sending", so interrupted; the rest of its batch: never sent
    interrupted = {k for k, e in again.entries.items() if e.error == INTERRUPTED}
    assert interrupted == set(keys[at if point == "sent" else at + 1 : 2 * BATCH])
    deliver(again, sent)
    counts = Counter(sent)
    assert set(counts) == set(keys)  # nothing lost
    assert {k for k, c in counts.items() if c > 1} == ({keys[at]} if point == "sent" else set())
    assert {e.status for e in load(journal).entries.values()} == {"sent"}


def test_one_fsync_per_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    fsync = os.fsync
    monkeypatch.setattr(journal_module.os, "fsync", lambda fd: calls.append(fd) or fsync(fd))
    deliver(load(tmp_path / "j.jsonl"), [])
    # each batch's intents (with the last batch's outcomes), the last outcomes, the new file's
    # folder entry: instead of two per message
    assert len(calls) == math.ceil(N / BATCH) + 1 + 1
    assert {e.status for e in load(tmp_path / "j.jsonl").entries.values()} == {"sent"}


@pytest.mark.parametrize("at", [0, BATCH - 1, BATCH, BATCH + 42, N - 1])
def test_a_stopped_machine_resends_at_most_one_batch_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    """The machine stops after the send of message ``at``: the journal is what its last fsync
    made durable (the rest was in the page cache, lost)."""
    journal = tmp_path / "j.jsonl"
    durable: list[int] = [0]
    fsync = os.fsync

    def record(fd: int) -> None:
        fsync(fd)
        if stat.S_ISREG(os.fstat(fd).st_mode):  # the journal, not its folder
            durable.append(os.fstat(fd).st_size)

    monkeypatch.setattr(journal_module.os, "fsync", record)
    sent: list[str] = []
    keys = [m.key for m in messages()]
    with pytest.raises(RuntimeError):
        deliver(load(journal), sent, "recorded", keys[at])
    with journal.open("r+b") as f:
        f.truncate(durable[-1])  # the power loss
    deliver(load(journal), sent)
    counts = Counter(sent)
    assert set(counts) == set(keys)  # nothing lost
    twice = [k for k, c in counts.items() if c > 1]
    assert len(twice) <= BATCH and max(counts.values()) == 2
    assert twice == keys[at - at % BATCH : at + 1]  # exactly the current batch's sends so far


def test_a_carried_message_takes_its_intent_back(tmp_path: Path) -> None:
    led = load(tmp_path / "j.jsonl")
    first, second = messages(2)
    led.expect([first, second])
    led.begin(first, NOW, "r")  # the intent of both
    assert led.entries[second.key].status == "sending"
    led.carry(second, NOW, "rate limit")
    led.finish(first, OK, NOW)
    led.sync()
    for book in (led, load(tmp_path / "j.jsonl")):
        e = book.entries[second.key]
        assert (e.status, e.attempts, e.error) == ("pending", 0, "rate limit")
        assert book.entries[first.key].status == "sent"


def test_records_after_a_torn_line_are_read(tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    led = load(journal)
    first, second = messages(2)
    led.begin(first, NOW, "r")
    with journal.open("a", encoding="utf-8") as f:
        f.write('{"key": "digest:P0')  # a crash mid-write
    again = load(journal)
    again.begin(second, NOW, "r")
    again.finish(second, OK, NOW)
    book = load(journal).entries
    assert book[second.key].status == "sent" and book[first.key].error == INTERRUPTED


def test_nothing_to_journal_writes_no_file(tmp_path: Path) -> None:
    led = load(tmp_path / "j.jsonl")
    assert led.supersede([], NOW) == []
    led.expect([])
    led.sync()
    assert not (tmp_path / "j.jsonl").exists()
