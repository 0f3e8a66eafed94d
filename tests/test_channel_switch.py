"""A department's channel switched between runs (trial28): an urgent escalation its group was
sent is not mailed again to the people the post @-mentioned, and one mailed to them is not
posted again to the group; what the switch newly reaches still goes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from config.settings import Settings, settings_from_dict
from jobs.run.envelope import run as run_job
from sheets_sync.memory import MemoryBackend
from tests.support.clocks import FakeClock
from tests.support.mutations import put
from tests.support.notifiers import Recorder
from tests.support.reminders import NOW, raw
from tests.support.workbooks import title


def settings(tmp_path: Path) -> Settings:
    return settings_from_dict({"channels": {
        "outbox": {"folder": str(tmp_path / "outbox")}, "journal": str(tmp_path / "j.jsonl"),
        "feishu": {},
    }})  # fmt: skip


def sent_keys(backend: MemoryBackend, s: Settings, now: dt.datetime) -> list[str]:
    """The escalation keys one hourly run sends."""
    recorders = {"feishu": Recorder(), "outbox": Recorder()}
    clock = FakeClock()
    run_job("hourly", s, backend, now, notifiers=recorders, clock=clock, sleep=clock.sleep)
    return sorted(m.key for r in recorders.values() for m in r.sent
                  if m.key.startswith("escalation:completion:K2"))  # fmt: skip


def test_a_group_escalation_is_not_mailed_again_after_a_switch(tmp_path: Path) -> None:
    s = settings(tmp_path)
    backend = MemoryBackend(raw())  # K2 of 销售部 (D02, on 飞书), at level 3
    assert sent_keys(backend, s, NOW) == ["escalation:completion:K2:3"]
    backend.tabs[title("departments")][2][4] = "outbox"  # D02: 飞书 → 本地发件箱 (mail)
    assert sent_keys(backend, s, NOW + dt.timedelta(hours=1)) == []


def test_mails_are_not_posted_again_after_a_switch_to_the_group(tmp_path: Path) -> None:
    s = settings(tmp_path)
    backend = MemoryBackend(raw(put("departments", 2, "channel", "outbox")))
    assert sent_keys(backend, s, NOW) == [
        "escalation:completion:K2:3:P03",
        "escalation:completion:K2:3:P07",
    ]
    backend.tabs[title("departments")][2][4] = "飞书"
    assert sent_keys(backend, s, NOW + dt.timedelta(hours=1)) == []
