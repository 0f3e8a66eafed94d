"""A demo a manager would believe (issue 18, item 9): people act in working hours, no department
answers the survey more often than it has people, the KPIs sit near the plan's targets with a
few clear misses and none worse than the plan's "before" figures, and recurrences are few.

Checked with the product's own working calendar and KPI code, on the session demo and on
other days and seeds, so a change of the generator cannot make the demo implausible again."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from config.defaults import TAB_TITLES
from config.schema import TABS
from config.settings import Settings
from jobs.kpis.measures import KpiValue, metrics
from jobs.sla.status import sla_of
from jobs.workdays.calendar import compile_calendar, overrides_from
from sheets_sync.demo import generate
from sheets_sync.memory import MemoryBackend
from sheets_sync.workbook import Workbook, parse_workbook
from tests.support.demo import DEMO_DAY, Tabs

DEMOS = [(DEMO_DAY, 7), (dt.date(2026, 5, 12), 7), (dt.date(2024, 2, 29), 2), (DEMO_DAY, 1)]
# the plan's "before" figures (跨部门协作优化方案 二(一)): a demo must do better than these
BEFORE = {"dispute_rate": 0.30, "omission_rate": 0.25, "info_omission_rate": 0.20,
          "delay_rate": 0.15}  # fmt: skip


def _book(tabs: Tabs) -> Workbook:
    return parse_workbook(MemoryBackend(tabs).read(), Settings())


def _stamps(tabs: Tabs) -> list[tuple[str, str, dt.datetime]]:
    """(tab, column key, time) of every date-time cell of the demo."""
    out = []
    for key, title in TAB_TITLES.items():
        for i, col in enumerate(TABS[key].columns):
            if col.type == "datetime":
                out += [(key, col.key, row[i]) for row in tabs[title][1:]
                        if isinstance(row[i], dt.datetime)]  # fmt: skip
    return out


@pytest.mark.parametrize(("today", "seed"), DEMOS)
def test_every_time_is_in_working_hours_of_the_calendar(today: dt.date, seed: int) -> None:
    """Each hand-off, answer, decision, retrospective and survey answer lies in the working
    hours of China's official calendar with the demo's own 工作日历 rows (sla's calendar)."""
    tabs = generate(today, seed=seed)
    stamps = _stamps(tabs)
    settings = Settings()
    overrides, problems = overrides_from(_book(tabs)["calendar"])
    assert problems == []
    days = [t.date() for *_, t in stamps]
    cal = compile_calendar(settings.calendar, settings.timezone, min(days), max(days), overrides)
    outside = []
    for key, col, t in stamps:
        day, minute = cal.day(t.date()), t.hour * 60 + t.minute
        if not (day.working and any(a <= minute <= b for a, b in day.hours)):
            outside.append((key, col, t, day.reason))
    assert outside == []
    assert len(stamps) > 1000


def test_the_times_are_spread_over_the_working_day() -> None:
    """Not bunched at the opening: each working hour holds 5-20% of the demo's times, and
    weekends appear only as the official make-up workdays (checked above)."""
    stamps = _stamps(generate(DEMO_DAY, seed=7))
    per_hour = Counter(t.hour for *_, t in stamps if (t.hour, t.minute) not in ((12, 0), (18, 0)))
    assert sorted(per_hour) == [9, 10, 11, 13, 14, 15, 16, 17]
    shares = {h: n / len(stamps) for h, n in per_hour.items()}
    assert all(0.05 <= s <= 0.20 for s in shares.values()), shares
    weekend = sum(t.weekday() >= 5 for *_, t in stamps) / len(stamps)
    assert weekend < 0.03


@pytest.mark.parametrize(("today", "seed", "tasks"), [(DEMO_DAY, 7, None), (DEMO_DAY, 3, 2000)])
def test_no_department_answers_more_often_than_it_has_people(
    today: dt.date, seed: int, tasks: int | None
) -> None:
    book = _book(generate(today, seed=seed, tasks=tasks))
    people = book["people"]
    headcount = Counter(d for d, active in zip(people.column("dept_id"), people.column("active"),
                                              strict=True) if active)  # fmt: skip
    survey = book["survey"]
    answers = Counter(zip(survey.column("quarter"), survey.column("dept_id"), strict=True))
    assert len(answers) == 4 * 8  # every department answers every quarter
    over = {k: (n, headcount[k[1]]) for k, n in answers.items() if n > headcount[k[1]]}
    assert over == {}
    assert min(answers.values()) >= 1


def _kpis(today: dt.date, seed: int) -> dict[str, KpiValue]:
    book = _book(generate(today, seed=seed))
    settings = Settings()
    now = dt.datetime.combine(today, dt.time(10))
    result = sla_of(book, settings.sla_section, now).result
    return {k.kpi: k for k in metrics(book, result, settings.kpi_section, today)}


@pytest.mark.parametrize(("today", "seed"), DEMOS)
def test_the_kpis_are_near_the_targets_with_a_few_clear_misses(today: dt.date, seed: int) -> None:
    kpis = _kpis(today, seed)
    values = {k: kpis[k].value for k in BEFORE}
    assert None not in values.values(), values
    worse = {k: v for k, v in values.items() if v is not None and v >= BEFORE[k]}
    assert worse == {}
    # a few misses, most targets met (the deviation and the teams' rate follow from the others)
    derived = ("target_deviation", "team_compliance")
    judged = [k for k in kpis.values() if k.met is not None and k.kpi not in derived]
    missed = sorted(k.kpi for k in judged if not k.met)
    assert 2 <= len(missed) <= len(judged) // 2, missed
    assert "measure_coverage" in missed  # the planted gap in the matrix
    assert kpis["compliance"].value is not None and kpis["compliance"].value >= 0.93
    satisfaction = kpis["satisfaction"].value
    assert satisfaction is not None and 0.78 <= satisfaction <= 0.97
    assert kpis["startup_time"].value is not None and kpis["startup_time"].value <= 4
    assert kpis["rectification_cycle"].value is not None
    assert kpis["rectification_cycle"].value <= 24


@pytest.mark.parametrize(("today", "seed"), DEMOS)
def test_recurrences_are_a_minority(today: dt.date, seed: int) -> None:
    rate = _kpis(today, seed)["recurrence_rate"]
    assert rate.denominator >= 8  # findings of the last 90 days
    assert rate.numerator is not None and rate.numerator <= rate.denominator / 4


def test_some_disputes_wait_and_most_were_decided_within_two_working_days() -> None:
    book = _book(generate(DEMO_DAY, seed=7))
    status = Counter(book["disputes"].column("status"))
    assert status["decided"] >= len(book["disputes"]) * 0.7
    assert status["negotiating"] + status["escalated"] >= 2
