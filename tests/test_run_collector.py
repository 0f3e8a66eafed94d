"""The run keeps its parsed workbook out of the garbage collector's passes while it computes
(``gc.freeze``) and gives it back when it ends, also when it fails: a scheduler that runs for
months must not keep every run's tables frozen."""

from __future__ import annotations

import datetime as dt
import gc

import pytest

from config.settings import settings_from_dict
from jobs.run.envelope import run as run_job
from sheets_sync.demo import generate
from sheets_sync.memory import MemoryBackend

NOW = dt.datetime(2026, 11, 27, 10, 0)


def test_a_run_leaves_nothing_frozen() -> None:
    backend = MemoryBackend(generate(NOW.date(), seed=7))
    before = gc.get_freeze_count()
    run_job("sla", settings_from_dict({}), backend, NOW, notifiers={})
    assert gc.get_freeze_count() == before == 0


def test_a_failed_run_leaves_nothing_frozen() -> None:
    class Broken(MemoryBackend):
        def write(self, tabs: object) -> None:  # type: ignore[override]
            raise RuntimeError("the write failed")

    backend = Broken(generate(NOW.date(), seed=7))
    with pytest.raises(RuntimeError, match="the write failed"):
        run_job("sla", settings_from_dict({}), backend, NOW, notifiers={})
    assert gc.get_freeze_count() == 0
