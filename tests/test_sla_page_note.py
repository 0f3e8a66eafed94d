"""The SLA page says what its 待处理事项 table holds: the obligations at risk or breached (the
table's rows), and how many open ones on track it leaves out, adding up to the open obligations
the caption above counts (``_sla`` of the daily run, on the demo)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from config.settings import load_settings
from jobs.run.envelope import run as run_job
from sheets_sync import open_backend
from tests.support.dashboard import frame_with, open_page, point_at, start, texts, unescape
from tests.support.demo import DEMO_DAY

pytestmark = pytest.mark.usefixtures("fresh_dashboard_cache")  # tests/conftest.py


def test_the_list_says_what_it_holds(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outbox = f'\n[channels.outbox]\nfolder = "{(tmp_path / "outbox").as_posix()}"\n'
    point_at(demo_xlsx, tmp_path, monkeypatch, outbox)
    settings = load_settings()
    now = dt.datetime.combine(DEMO_DAY, dt.time(9, 0))
    report = run_job("daily", settings, open_backend(settings), now)
    assert report.sla is not None
    at = open_page(start(), "views/sla_page.py")
    assert not at.exception, [e.value for e in at.exception]
    said = [unescape(t) for t in texts(at)]
    note = next(t for t in said if t.startswith("这里只列有风险和已超时的义务"))
    listed, calm, total = (int(n) for n in re.findall(r"(\d+) 项", note))
    written = next(t for t in said if t.startswith("来自 ") and "项未完成义务" in t)
    assert int(re.findall(r"（(\d+) 项未完成义务", written)[0]) == total == listed + calm
    assert len(frame_with(at, "剩余（小时）")) == listed > 0  # the table: those it says
    assert calm > 0  # the demo has open obligations on track: the list leaves them out
