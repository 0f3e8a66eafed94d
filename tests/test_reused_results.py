"""What several steps of a run read is computed once by the run and handed to each as a plain
argument, not kept in the domain modules: the survey's answers (``survey_scores.answers``: the
three survey KPIs) and the recurrence links (``recurrence.links``: the recurrence KPI, the case
notes of the reminders and the case statistics of ``_runs``); the dashboard likewise."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from config.settings import Settings, settings_from_dict
from dashboard.computed import SLOW, kpi_values
from jobs.cases import notes, recurrence
from jobs.cases.recurrence import links
from jobs.cases.suggestions import suggestions
from jobs.kpis import measures, survey_scores
from jobs.kpis.survey_scores import answers
from jobs.run import envelope, forked
from jobs.sla.status import sla_of
from sheets_sync.memory import MemoryBackend
from sheets_sync.workbook import parse_workbook
from tests.support.clocks import FakeClock
from tests.support.demo import Tabs
from tests.support.notifiers import Recorder

NOW = dt.datetime(2026, 11, 27, 9, 0)


def counted(monkeypatch: pytest.MonkeyPatch, calls: Counter[str]) -> None:
    """Count each computation of the answers and the links by this test's thread, wherever it
    is called from (a dashboard test's thread computing KPIs ahead may still run meanwhile)."""
    mine = threading.get_ident()

    def counting(name: str, f: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if threading.get_ident() == mine:
                calls[name] += 1
            return f(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(survey_scores, "answers", counting("answers", answers))
    for module in (recurrence, notes, envelope):
        monkeypatch.setattr(module, "links", counting("links", links))


def test_a_daily_run_reads_the_answers_and_links_the_cases_once(
    demo_tabs: Tabs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: Counter[str] = Counter()
    counted(monkeypatch, calls)
    # counted in this process: the KPIs not in a forked child (tests/test_forked.py shows that
    # a child computes the same)
    monkeypatch.setattr(forked, "ENABLED", False)
    channels = {"outbox": {"folder": str(tmp_path / "outbox")}, "journal": str(tmp_path / "j")}
    s = settings_from_dict({"channels": channels})
    clock = FakeClock()
    notifiers = {"outbox": Recorder()}
    backend = MemoryBackend(demo_tabs)
    report = envelope.run("daily", s, backend, NOW, notifiers=notifiers, clock=clock,
                          sleep=clock.sleep)  # fmt: skip
    assert report.counts["kpis"] > 0 and report.counts["linked_retros"] > 0
    assert calls == {"answers": 1, "links": 1}


def test_metrics_given_the_runs_links_compute_the_same_values(demo_tabs: Tabs) -> None:
    s = Settings()
    wb = parse_workbook(demo_tabs, s)
    sla = sla_of(wb, s.sla_section, NOW).result
    found = suggestions(wb)
    alone = measures.metrics(wb, sla, s.kpi_section, NOW.date(), found)
    given = measures.metrics(wb, sla, s.kpi_section, NOW.date(), found, links(wb, found))
    assert given == alone
    rate = {v.kpi: v for v in given}["recurrence_rate"]
    assert rate.value is not None and rate.denominator


def test_the_dashboards_kpis_read_the_answers_once(
    demo_tabs: Tabs, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = Settings()
    wb = parse_workbook(demo_tabs, s)
    sla = sla_of(wb, s.sla_section, NOW).result
    calls: Counter[str] = Counter()
    counted(monkeypatch, calls)
    monkeypatch.setattr("dashboard.computed.answers", survey_scores.answers)
    slow = [k for k in SLOW if k != "target_deviation"]
    values = kpi_values(wb, sla, s.kpi_section, NOW.date(), slow)
    assert calls["answers"] == 1
    jobs = {v.kpi: v for v in measures.metrics(wb, sla, s.kpi_section, NOW.date())}
    assert values == {k: jobs[k] for k in slow}


def test_links_follow_their_suggestions_and_tables(demo_tabs: Tabs) -> None:
    """Nothing is kept between calls: other suggestions or another table give their own."""
    wb = parse_workbook(demo_tabs, Settings())
    found = suggestions(wb)
    first = links(wb, found)
    assert {x.source for x in first} == {"person", "match"} and links(wb, None) == first
    fewer = [dataclasses.replace(s, accepted=False) for s in found]  # none accepted
    assert {x.source for x in links(wb, fewer)} == {"person"}
    retros = demo_tabs["复盘"]
    typed = retros[0].index("案例编号")
    untyped = [retros[0], *([*r[:typed], None, *r[typed + 1 :]] for r in retros[1:])]
    other = parse_workbook({**demo_tabs, "复盘": untyped}, Settings())
    assert {x.source for x in links(other, found)} == {"match"}


def test_answers_follow_their_table_and_quarter(demo_tabs: Tabs) -> None:
    wb = parse_workbook(demo_tabs, Settings())
    day = dt.date(2026, 11, 27)
    first = answers(wb, day)
    assert first and answers(wb, day) == first
    earlier = answers(wb, dt.date(2026, 3, 31))  # 2026Q1: the later quarters left out
    assert earlier and max(a.quarter for a in earlier) < max(a.quarter for a in first)
    survey = demo_tabs["满意度调研"]
    other = parse_workbook({**demo_tabs, "满意度调研": survey[:1] + survey[2:]}, Settings())
    assert len(answers(other, day)) == len(first) - 1
    kpis = Settings().kpi_section
    assert survey_scores.satisfaction(wb, day, kpis, first) == survey_scores.satisfaction(
        wb, day, kpis
    )
    assert survey_scores.satisfaction(wb, day, kpis, []).value is None  # what it is handed
