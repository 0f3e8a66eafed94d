"""The Overview after a daily run says why a KPI has no verdict as ``collabsheet metrics`` does:
流程耗时（按步骤） without any step baseline "needs a baseline" (not "no step task done"), and a
value without its baseline is badged 需要基线, not 无数据."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config.defaults import KPI_DEFAULTS
from config.settings import load_settings
from jobs.kpis.step_times import KEY as BY_STEP
from jobs.run.envelope import run as run_job
from sheets_sync import open_backend
from tests.support.dashboard import point_at, start, texts, unescape
from tests.support.demo import DEMO_DAY

pytestmark = pytest.mark.usefixtures("fresh_dashboard_cache")  # tests/conftest.py


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_overview_says_needs_a_baseline(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str
) -> None:
    outbox = f'\n[channels.outbox]\nfolder = "{(tmp_path / "outbox").as_posix()}"\n'
    point_at(demo_xlsx, tmp_path, monkeypatch, f'{outbox}\n[general]\nlocale = "{locale}"\n')
    settings = load_settings()
    now = dt.datetime.combine(DEMO_DAY, dt.time(9, 0))
    report = run_job("daily", settings, open_backend(settings), now)
    by_kpi = {v.kpi: v for v in report.metrics}
    step = by_kpi[BY_STEP]
    assert step.value is None and step.reason is not None and step.reason.baseline  # as the CLI
    at = start()
    assert not at.exception, [e.value for e in at.exception]
    en = locale == "en"
    word, no_data = ("needs a baseline", "no data") if en else ("需要基线", "无数据")
    na = "n/a: " if en else "无数据："  # zh: no English word before the Chinese reason
    captions = [unescape(c) for c in texts(at) if unescape(c).startswith(na)]
    if not en:
        assert not any(unescape(c).startswith("n/a") for c in texts(at))
    assert any(word in c and f"baselines.{BY_STEP}" in c for c in captions), captions
    done = "template steps' tasks done or past due" if en else "已完成或已超时的流程步骤任务"
    assert not any(done in c for c in captions), captions
    cards = {m.label: m for m in at.metric}
    unbased = [v for v in report.metrics if v.value is not None and v.met is None]
    assert unbased  # the demo has relative KPIs without a baseline (cycle time …)
    for v in [*unbased, step]:
        delta = str(cards[KPI_DEFAULTS[v.kpi].en if en else KPI_DEFAULTS[v.kpi].zh].delta)
        if v is step:  # a limit of its own (≤ 60%): shown after the word
            assert delta.startswith(f"{word} · ") and no_data not in delta, (v.kpi, delta)
        else:  # a relative target, no limit without its baseline: the word alone, the
            # target in the tooltip (trial13: "需要基线 · 目标 较基线 -40%（需要基线）" cut off)
            assert delta == word, (v.kpi, delta)
