"""The plan's phases (issue 18, item 6): 体系落地 at 6 months, 效率提升 at 12, 标准构建 at 18
from ``[plan] start``; each phase's KPIs (from the plan's text), due date, days left and status,
on the hand-computed KPI workbook (tests/support/kpi_book.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config.defaults import KPI_DEFAULTS
from config.errors import ConfigError
from config.plan import PlanSettings
from config.settings import load_settings
from jobs.kpis.measures import KpiValue, metrics
from jobs.kpis.milestones import PHASES, UNDATED, add_months, milestones
from jobs.sla.status import sla_of
from sheets_sync.workbook import parse_workbook
from tests.support.kpi_book import KPIS, M1, SETTINGS, kpi_book


@pytest.fixture(scope="module")
def at_m1() -> list[KpiValue]:
    wb = parse_workbook(kpi_book(), SETTINGS)
    return metrics(wb, sla_of(wb, SETTINGS.sla_section, M1).result, KPIS, M1.date())


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        ("2026-07-01", 6, "2027-01-01"),
        ("2026-07-01", 18, "2028-01-01"),
        ("2026-08-31", 6, "2027-02-28"),  # February is shorter: its last day
        ("2027-08-31", 6, "2028-02-29"),  # a leap year
        ("2026-01-31", 1, "2026-02-28"),
        ("2026-12-15", 12, "2027-12-15"),
    ],
)
def test_months_after_the_start(start: str, months: int, due: str) -> None:
    assert add_months(dt.date.fromisoformat(start), months) == dt.date.fromisoformat(due)


def test_the_phases_are_the_plans() -> None:
    """The seed plan's 核心目标: which KPI is due when; every other KPI is undated."""
    assert [(p.zh, p.months, p.kpis) for p in PHASES] == [
        ("体系落地", 6, ("measure_coverage",)),
        ("效率提升", 12, ("cycle_time", "communication_cost", "resolution_rate", "satisfaction",
                        "response_time")),
        ("标准构建", 18, ("team_compliance",)),
    ]  # fmt: skip
    dated = [k for p in PHASES for k in p.kpis]
    assert sorted([*dated, *UNDATED.kpis]) == sorted(KPI_DEFAULTS)  # each KPI exactly once
    assert UNDATED.months is None


@pytest.mark.parametrize(
    ("start", "today", "expected"),
    [
        # (due, days left, KPIs met / KPIs, status) per phase, then the undated targets
        (
            "2026-07-01",
            "2026-12-06",
            [("2027-01-01", 26, 0, 1, "open"), ("2027-07-01", 207, 2, 5, "open"),
             ("2028-01-01", 391, 0, 1, "open"), (None, None, 1, 13, "open")],
        ),
        (  # 体系落地 was due 11-01: coverage 80% misses 98%, 26 days past
            "2026-05-01",
            "2026-11-27",
            [("2026-11-01", -26, 0, 1, "missed"), ("2027-05-01", 155, 2, 5, "open"),
             ("2027-11-01", 339, 0, 1, "open"), (None, None, 1, 13, "open")],
        ),
        (  # due today: not past yet
            "2026-05-27",
            "2026-11-27",
            [("2026-11-27", 0, 0, 1, "open"), ("2027-05-27", 181, 2, 5, "open"),
             ("2027-11-27", 365, 0, 1, "open"), (None, None, 1, 13, "open")],
        ),
        (  # no [plan] start: no dates, the verdicts still shown
            None,
            "2026-11-27",
            [(None, None, 0, 1, "open"), (None, None, 2, 5, "open"), (None, None, 0, 1, "open"),
             (None, None, 1, 13, "open")],
        ),
    ],
)  # fmt: skip
def test_milestones_on_the_hand_book(
    at_m1: list[KpiValue], start: str | None, today: str, expected: list[tuple[object, ...]]
) -> None:
    """At M1 (HAND in tests/test_kpi_hand.py) 业务响应速度 and 问题解决率 of 效率提升 meet
    their targets, and one undated KPI (新项目启动周期); 措施覆盖率 (80%) and 执行团队达标率
    (33.3%) do not."""
    plan = PlanSettings(dt.date.fromisoformat(start) if start else None)
    got = milestones(at_m1, plan, dt.date.fromisoformat(today))
    assert [
        (m.due.isoformat() if m.due else None, m.days_left, m.met, len(m.values), m.status)
        for m in got
    ] == expected


def test_a_phase_whose_kpis_all_meet_is_met(at_m1: list[KpiValue]) -> None:
    met = [v if v.kpi != "measure_coverage" else _met(v) for v in at_m1]
    landing = milestones(met, PlanSettings(dt.date(2026, 1, 1)), M1.date())[0]
    # due 07-01, 149 days before 11-27 (30 + 31 + 30 + 31 + 27), and met
    assert (landing.days_left, landing.status) == (-149, "met")


def _met(v: KpiValue) -> KpiValue:
    return KpiValue(v.kpi, 0.99, v.target, v.baseline, True, 99, 100, v.keys)


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ('start = "2026-13-01"', r"plan\.start = '2026-13-01' is not valid; expected the day"),
        ("start = 20260701", r"plan\.start = 20260701 is not valid; expected the day"),
        ('begin = "2026-07-01"', r"plan\.begin = <not shown> is not valid; expected no other"),
    ],
)
def test_plan_start_in_the_config(tmp_path: Path, body: str, error: str) -> None:
    config = tmp_path / "c.toml"
    for good in ('start = "2026-07-01"', "start = 2026-07-01"):  # a string or a TOML date
        config.write_text(f"[plan]\n{good}\n", encoding="utf-8")
        assert load_settings(config).plan == PlanSettings(dt.date(2026, 7, 1))
    config.write_text("", encoding="utf-8")
    assert load_settings(config).plan.start is None
    config.write_text(f"[plan]\n{body}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=error):
        load_settings(config)
