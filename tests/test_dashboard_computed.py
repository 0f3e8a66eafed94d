"""The dashboard before the first daily run (no bot tabs): the KPIs computed in two parts, the
quick ones at once and the slow ones (SLA, case matching, survey) on the read's own thread,
together equal to the jobs' ``metrics``; the Overview draws the slow ones as "computing…", and
the Progress board its SLA figures until the SLA is in."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from config.settings import load_settings
from dashboard import computed
from dashboard import snapshot as snapshots
from dashboard.data import read_snapshot
from dashboard.views import board_pending
from jobs.kpis.measures import metrics
from jobs.sla.status import by_task, sla_of
from sheets_sync.demo import generate
from sheets_sync.xlsx import write_xlsx
from tests.support.dashboard import open_page, point_at, start

pytestmark = pytest.mark.usefixtures("fresh_dashboard_cache")  # tests/conftest.py

ZONE = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    book = tmp_path / "demo.xlsx"
    write_xlsx(book, generate(dt.datetime.now(ZONE).date()))
    return point_at(book, tmp_path, monkeypatch)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Every workbook counts as large, and the SLA waits until the returned event is set."""
    go = threading.Event()

    def slow_sla(*args: Any) -> Any:
        assert go.wait(60)
        return sla_of(*args)

    monkeypatch.setattr(computed, "LATER_FROM_TASKS", 0)
    monkeypatch.setattr(snapshots, "sla_of", slow_sla)
    return go


def test_quick_and_slow_kpis_equal_the_jobs_metrics(demo: Path) -> None:
    settings = load_settings()
    snap = read_snapshot(settings, "overview")
    assert computed.small(snap)  # the demo: every KPI at once, nothing left to come
    values, waiting = computed.kpis_so_far(snap)
    assert waiting == ()
    wb, today = snap.workbook, snap.read_at.date()
    sla = sla_of(wb, settings.sla_section, snap.read_at).result
    assert values == tuple(metrics(wb, sla, settings.kpi_section, today))
    assert set(computed.QUICK) | set(computed.SLOW) == {v.kpi for v in values}


def test_a_large_read_computes_the_slow_kpis_on_its_thread(
    demo: Path, held: threading.Event
) -> None:
    snap = read_snapshot(load_settings(), "overview")  # starts the thread (computed.ahead)
    assert snap.pending("kpis")
    values, waiting = computed.kpis_so_far(snap)
    assert set(waiting) == set(computed.SLOW)
    quick = {v.kpi: v for v in values if v.kpi not in waiting}
    assert quick == snap.quick_kpis
    assert all(v.value is None and v.met is None for v in values if v.kpi in waiting)
    held.set()
    done = snap.kpis  # waits for the read's thread
    assert not snap.pending("kpis")
    assert computed.kpis_so_far(snap) == (done, ())
    assert {v.kpi: v for v in done if v.kpi in quick} == quick


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every workbook counts as large, no page says it has drawn unless a test says so, and
    each SLA computed is counted in the returned list."""
    calls: list[object] = []

    def counted_sla(*args: Any) -> Any:
        calls.append(args)
        return sla_of(*args)

    monkeypatch.setattr(computed, "LATER_FROM_TASKS", 0)
    monkeypatch.setattr(computed, "DRAWN_WITHIN_S", 3600.0)
    monkeypatch.setattr(snapshots, "sla_of", counted_sla)
    return calls


def test_the_slow_kpis_wait_until_the_page_has_drawn(demo: Path, counted: list[object]) -> None:
    snap = read_snapshot(load_settings(), "overview")
    assert snap.quick_kpis  # the read's thread has them, and waits for the page
    assert snap.pending("kpis") and counted == []
    snap.drawn()
    snap._threads["kpis"].join(60)
    assert len(counted) == 1 and not snap.pending("kpis")


def test_the_board_s_sla_waits_until_the_board_has_drawn(demo: Path, counted: list[object]) -> None:
    snap = read_snapshot(load_settings(), "progress")  # starts the thread (computed.ahead)
    state: dict[str, Any] = {board_pending.POLLS_KEY: 0}  # as the page's run sets it
    board_pending.look(snap, state)  # the page's own run: the counts not drawn yet
    assert snap.pending("sla") and counted == []
    board_pending.look(snap, state)  # the first look back from the browser
    snap._threads["sla"].join(60)
    assert len(counted) == 1 and not snap.pending("sla")


def test_a_page_that_needs_the_sla_now_does_not_wait_for_a_drawing(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(computed, "LATER_FROM_TASKS", 0)
    monkeypatch.setattr(computed, "DRAWN_WITHIN_S", 3600.0)  # no page will say it has drawn
    snap = read_snapshot(load_settings(), "progress")
    assert snap.pending("sla")
    asked = threading.Thread(target=lambda: snap.sla, daemon=True)  # as the SLA page asks
    asked.start()
    asked.join(60)  # the read's thread goes on at once: not an hour later
    assert not asked.is_alive() and not snap.pending("sla")


def test_a_failed_thread_leaves_the_error_to_the_page(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> Any:
        raise ValueError("no SLA")

    monkeypatch.setattr(computed, "LATER_FROM_TASKS", 0)
    monkeypatch.setattr(snapshots, "sla_of", broken)
    snap = read_snapshot(load_settings(), "overview")
    snap.drawn()
    snap._threads["kpis"].join(60)
    assert not snap.pending("kpis")
    with pytest.raises(ValueError, match="no SLA"):
        computed.kpis_so_far(snap)


def test_the_overview_draws_the_slow_kpis_as_computing(demo: Path, held: threading.Event) -> None:
    at = start()
    assert not at.exception
    cards = {m.label: m.value for m in at.metric}
    assert list(cards.values()).count("…") == len(computed.SLOW)
    assert sum(1 for v in cards.values() if v != "…") >= len(computed.QUICK)
    held.set()


def test_the_progress_board_draws_the_sla_as_computing(demo: Path, held: threading.Event) -> None:
    at = open_page(start(), "views/progress.py")
    assert not at.exception
    waiting = {m.label: m.value for m in at.metric}
    assert waiting["已超时"] == waiting["有风险"] == "…"  # no SLA figure before it is computed
    assert not at.dataframe and not at.get("vega_lite_chart")  # nor a board sorted without it
    assert any("正在从各表计算每项时限" in c.value for c in at.caption)
    snapshot = at.session_state["_collabsheet_ctx"].snapshot
    assert snapshot.pending("sla")
    assert at.session_state[board_pending.POLLS_KEY] == 1  # the board's look, counted
    held.set()
    sla = snapshot.sla.result  # waits for the thread
    at.run()
    shown = {m.label: m.value for m in at.metric}
    assert "…" not in shown.values() and at.dataframe  # the board, once the SLA is in
    tasks = len(snapshot.workbook["tasks"])
    assert shown["任务数"] == waiting["任务数"] == f"{tasks:,}"
    assert shown["未完成"] == waiting["未完成"]  # the same open tasks before and after
    worst = by_task(sla)["status"].reindex(snapshot.workbook["tasks"].column("task_id"))
    assert shown["已超时"] == f"{int((worst == 'breached').sum()):,}"  # each task at its worst
