"""A level-3 escalation goes again when the due time typed in the sheet was moved past it and
the obligation is breached up to level 3 again (jobs/reminders/renewal.py). Found by a trial:
task T000350 reached level 3, its 截止时间 was moved, it was breached again up to level 3, and
no urgent escalation went. Review: a blocked task's paused clock must not renew it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config.settings import Settings, settings_from_dict
from jobs.run.envelope import run as run_job
from sheets_sync.memory import MemoryBackend
from tests.support.mutations import add_rows, put
from tests.support.notifiers import Recorder
from tests.support.reminders import NOW, raw

K2 = "escalation:completion:K2"  # K2 (D02, P03) is due 11-08 17:00: at level 3 at NOW


def settings(tmp_path: Path, pause: bool = False) -> Settings:
    return settings_from_dict({
        "channels": {"outbox": {"folder": str(tmp_path / "outbox")},
                     "journal": str(tmp_path / "j.jsonl")},
        "sla": {"completion": {"pause_when_blocked": pause}},
    })  # fmt: skip


def sent(backend: MemoryBackend, rec: Recorder, s: Settings, at: str) -> list[str]:
    """The escalation keys of K2 one daily run at ``at`` sends."""
    before = len(rec.sent)
    run_job("daily", s, backend, dt.datetime.fromisoformat(at), notifiers={"outbox": rec})
    return sorted(m.key for m in rec.sent[before:] if m.key.startswith(K2))


def due(backend: MemoryBackend, when: str) -> None:
    put("tasks", 2, "due_at", when)(backend.tabs)  # K2's 截止时间, as a person edits it


def test_a_moved_due_time_breached_again_is_escalated_again(tmp_path: Path) -> None:
    s, backend, rec = settings(tmp_path), MemoryBackend(raw()), Recorder()
    assert sent(backend, rec, s, f"{NOW:%Y-%m-%d %H:%M}") == [f"{K2}:3:P03", f"{K2}:3:P07"]
    due(backend, "2026-11-30 10:00")  # moved to Monday: on track again
    assert sent(backend, rec, s, "2026-11-27 10:00") == []
    assert sent(backend, rec, s, "2026-12-02 10:00") == []  # late, not yet 24 working hours
    # 24 working hours past Monday 10:00 by Thursday 10:00: level 3 again, a key of its own
    renewed = [f"{K2}@202611301000:3:P03", f"{K2}@202611301000:3:P07"]
    assert sent(backend, rec, s, "2026-12-03 15:00") == renewed
    assert sent(backend, rec, s, "2026-12-03 16:00") == []  # once
    due(backend, "2026-11-30 12:00")  # moved, but to before that escalation: nothing new
    assert sent(backend, rec, s, "2026-12-03 17:00") == []
    due(backend, "2026-12-07 12:00")  # moved again past it: when late enough, once more
    assert sent(backend, rec, s, "2026-12-10 17:00") == [
        f"{K2}@202612071200:3:P03",
        f"{K2}@202612071200:3:P07",
    ]
    keys = [m.key for m in rec.sent]
    assert len(keys) == len(set(keys))  # no key sent twice


@pytest.mark.parametrize("severity", ["重大", "major"])
def test_a_major_dispute_escalated_at_once_is_not_escalated_again_when_late(
    tmp_path: Path, severity: str
) -> None:
    """A major dispute is at management at once, before its due time; being late later is no
    new escalation (its due time did not move)."""
    s, rec = settings(tmp_path), Recorder()
    backend = MemoryBackend(raw(add_rows("disputes", [
        "DS9", "2026-11-26 09:00", "P01", "D01、D02", "产品研发", "成果交付", "谁负责验收",
        severity, "open", "", "", "",
    ])))  # fmt: skip
    first = run_job("daily", s, backend, NOW, notifiers={"outbox": rec})
    at_once = [m.key for m in rec.sent if m.key.startswith("escalation:dispute:DS9")]
    assert at_once, first.summary()
    before = len(rec.sent)
    for day in range(1, 15):  # two weeks on, every morning
        at = NOW + dt.timedelta(days=day, hours=1)
        run_job("daily", s, backend, at, notifiers={"outbox": rec})
    later = [m.key for m in rec.sent[before:] if m.key.startswith("escalation:dispute:DS9")]
    assert later == []


def test_a_blocked_task_s_paused_clock_renews_nothing(tmp_path: Path) -> None:
    """Its computed due time moves later on every run while it is blocked; its typed one does
    not: one escalation in two months, and none when it is unblocked (review: the first
    renewal compared the computed due time and sent again every few weeks)."""
    s, backend, rec = settings(tmp_path, pause=True), MemoryBackend(raw()), Recorder()
    assert sent(backend, rec, s, f"{NOW:%Y-%m-%d %H:%M}") == [f"{K2}:3:P03", f"{K2}:3:P07"]
    put("tasks", 2, "status", "blocked")(backend.tabs)
    day = NOW
    for _ in range(40):  # every working-ish day for two months
        day += dt.timedelta(days=1, hours=1)
        assert sent(backend, rec, s, f"{day:%Y-%m-%d %H:%M}") == []
    put("tasks", 2, "status", "doing")(backend.tabs)  # unblocked: the pause ends for good
    assert sent(backend, rec, s, f"{day + dt.timedelta(days=1):%Y-%m-%d %H:%M}") == []


def test_a_renewal_not_delivered_is_retried_under_its_own_key(tmp_path: Path) -> None:
    from jobs.notify import Outcome

    s, backend, rec = settings(tmp_path), MemoryBackend(raw()), Recorder()
    sent(backend, rec, s, f"{NOW:%Y-%m-%d %H:%M}")
    due(backend, "2026-11-30 10:00")
    renewal = f"{K2}@202611301000:3:P03"
    rec.script[renewal] = [Outcome(False, True, "503 busy")]  # the first try fails
    assert renewal in sent(backend, rec, s, "2026-12-03 15:00")
    assert sent(backend, rec, s, "2026-12-03 16:00") == [renewal]  # retried, not superseded
    assert sent(backend, rec, s, "2026-12-03 17:00") == []


def test_a_failed_renewal_whose_due_moves_again_is_not_lost(tmp_path: Path) -> None:
    """Review9: a renewal still retrying is superseded when the due time moves again; the
    renewal for the new due time goes, counted from the escalations delivered only."""
    from jobs.notify import Outcome

    s, backend, rec = settings(tmp_path), MemoryBackend(raw()), Recorder()
    sent(backend, rec, s, f"{NOW:%Y-%m-%d %H:%M}")  # delivered 11-27 09:00
    due(backend, "2026-11-30 10:00")
    busy = [Outcome(False, True, "503 busy")] * 3
    rec.script |= {f"{K2}@202611301000:3:{p}": list(busy) for p in ("P03", "P07")}
    sent(backend, rec, s, "2026-12-03 15:00")  # both renewals fail: pending
    due(backend, "2026-11-27 12:00")  # after the delivered escalation: still at level 3
    assert sent(backend, rec, s, "2026-12-03 16:00") == [
        f"{K2}@202611271200:3:P03",
        f"{K2}@202611271200:3:P07",
    ]
    assert sent(backend, rec, s, "2026-12-03 17:00") == []  # the one that went: done
