"""The working calendar and the business clock (issue 3, checks 1–5).

The property test compares the vectorized engine with a reference that is built straight from
``chinese_calendar`` and the configured hours, one boolean per minute, never from the engine's
compiled intervals: a start counts from the next working minute, and the due time is the end of
the minute that completes the goal (so a deadline at the end of a block stays there).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import cache
from zoneinfo import ZoneInfo

import chinese_calendar
import holidays
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.sla_rules import CalendarSettings
from jobs.workdays.calendar import (
    Day,
    WorkCalendar,
    compile_calendar,
    from_utc,
    overrides_from,
    to_utc,
)
from jobs.workdays.clock import MISSING, add, add_business, between, worked
from sheets_sync.finding import Finding
from tests.support.mutations import apply, replace_tab
from tests.support.workbooks import parse

ZONE = "Asia/Shanghai"
FIRST, LAST = dt.date(2025, 1, 1), dt.date(2026, 12, 31)
DAYS = (LAST - FIRST).days + 1
MINUTES = DAYS * 1440
# the reference's own notion of the working day: 09:00–12:00 and 13:00–18:00, in minutes
HOURS = ((9 * 60, 12 * 60), (13 * 60, 18 * 60))
EPOCH = int(dt.datetime.combine(FIRST, dt.time(), ZoneInfo(ZONE)).timestamp())
H = 3600


# ---------------------------------------------------------------- the independent reference


@cache
def reference() -> tuple[np.ndarray, np.ndarray]:
    """One flag per minute of 2025–2026 (Asia/Shanghai has no daylight saving, so minute m is
    EPOCH + 60 m), and its running count: ``count[m]`` = working minutes before minute m."""
    work = np.zeros(MINUTES, dtype=bool)
    for i in range(DAYS):
        if chinese_calendar.is_workday(FIRST + dt.timedelta(days=i)):
            for a, b in HOURS:
                work[i * 1440 + a : i * 1440 + b] = True
    count = np.concatenate(([0], np.cumsum(work))).astype(np.int64)
    return work, count


def ref_due(start: np.ndarray, goal: np.ndarray) -> np.ndarray:
    """Minute index just after the working minute that completes ``goal`` (-1 past the end)."""
    _, count = reference()
    j = np.searchsorted(count, count[start] + goal, side="left")
    return np.where(j <= MINUTES, j, -1)


def ref_elapsed(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Working minutes from minute ``start`` to minute ``end``."""
    _, count = reference()
    return count[end] - count[start]


def stepped_due(start: int, goal: int) -> int:
    """The same by literally walking minute by minute (checks the running-count shortcut)."""
    work, _ = reference()
    m, left = start, goal
    while left:
        if m >= MINUTES:
            return -1
        left -= bool(work[m])
        m += 1
    return m


def _show(t: int) -> str:
    return "past the end" if t == MISSING else str(from_utc(np.array([t]), ZONE)[0])


@cache
def engine() -> WorkCalendar:
    return compile_calendar(CalendarSettings(), ZONE, FIRST, LAST)


def special_days() -> list[int]:
    """Day indices around every official exception (holiday on a weekday, make-up weekend)."""
    out = set()
    for i in range(DAYS):
        d = FIRST + dt.timedelta(days=i)
        if chinese_calendar.is_workday(d) != (d.weekday() < 5):
            out |= {i - 1, i, i + 1}
    return sorted(x for x in out if 0 <= x < DAYS)


SPECIAL = special_days()
EDGES = [0, 8 * 60 + 59, 9 * 60, 9 * 60 + 1, 11 * 60 + 59, 12 * 60, 12 * 60 + 30, 13 * 60,
         17 * 60 + 30, 17 * 60 + 59, 18 * 60, 18 * 60 + 1, 23 * 60 + 59]  # fmt: skip

minute_of_day = st.one_of(st.sampled_from(EDGES), st.integers(0, 1439))
start_minute = st.one_of(
    st.integers(0, MINUTES - 1),  # anywhere: weekends, nights, lunch, holidays
    st.builds(lambda d, m: d * 1440 + m, st.sampled_from(SPECIAL), minute_of_day),
    st.builds(lambda d, m: d * 1440 + m, st.integers(0, DAYS - 1), st.sampled_from(EDGES)),
)
goal_minutes = st.one_of(
    st.integers(60, 60 * 60),  # 1..60 working hours, any minute
    st.sampled_from([h * 60 for h in range(1, 61)]),  # whole hours: due at block ends
    st.sampled_from([3 * 60, 5 * 60, 8 * 60, 11 * 60, 16 * 60]),
)
case = st.tuples(start_minute, goal_minutes, st.integers(-3 * 1440, 20 * 1440))
BATCH, EXAMPLES = 50, 120  # 6,000 cases, the engine called once per batch


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(case, min_size=BATCH, max_size=BATCH))
def test_business_clock_matches_minute_reference(cases: list[tuple[int, int, int]]) -> None:
    cal = engine()
    start = np.array([c[0] for c in cases], dtype=np.int64)
    goal = np.array([c[1] for c in cases], dtype=np.int64)
    end = np.clip(start + np.array([c[2] for c in cases]), 0, MINUTES)
    t0, t1 = EPOCH + 60 * start, EPOCH + 60 * end

    expected = ref_due(start, goal)
    due = add_business(cal, t0, goal * 60)
    want = np.where(expected >= 0, EPOCH + 60 * expected, MISSING)
    bad = np.flatnonzero(due != want)
    assert not len(bad), [
        (_show(t0[i]), int(goal[i]), _show(due[i]), _show(want[i])) for i in bad[:5]
    ]

    # elapsed business time: to an arbitrary minute, and to the due time (exactly the goal)
    elapsed = between(cal, t0, t1, np.ones(len(cases), dtype=bool))
    np.testing.assert_array_equal(elapsed, 60 * ref_elapsed(start, end))
    reached = expected >= 0
    np.testing.assert_array_equal(
        between(cal, t0[reached], due[reached], np.ones(int(reached.sum()), dtype=bool)),
        60 * goal[reached],
    )
    # the wall clock is plain arithmetic on the same arrays
    np.testing.assert_array_equal(
        add(cal, t0, goal * 60, np.zeros(len(cases), bool)), t0 + goal * 60
    )


def test_reference_itself_is_minute_stepping() -> None:
    """The running-count reference gives what walking minute by minute gives."""
    rng = np.random.default_rng(3)
    starts = np.concatenate(
        [rng.integers(0, MINUTES, 150), [s * 1440 + 17 * 60 for s in SPECIAL[:50]]]
    )
    goals = rng.integers(60, 3601, len(starts))
    goals[:20] = 8 * 60
    got = ref_due(starts, goals)
    assert [int(g) for g in got] == [
        stepped_due(int(s), int(g)) for s, g in zip(starts, goals, strict=True)
    ]


def test_business_clock_on_every_edge_of_every_special_day() -> None:
    """Deterministic sweep: every quarter hour of every day around a holiday or make-up day."""
    cal = engine()
    start = np.array([d * 1440 + m for d in SPECIAL for m in range(0, 1440, 15)], dtype=np.int64)
    for hours in (1, 3, 5, 8, 24, 40):
        goal = np.full(len(start), hours * 60, dtype=np.int64)
        expected = ref_due(start, goal)
        want = np.where(expected >= 0, EPOCH + 60 * expected, MISSING)
        np.testing.assert_array_equal(add_business(cal, EPOCH + 60 * start, goal * 60), want)


def test_engine_calendar_is_the_official_schedule() -> None:
    cal = engine()
    flags = [cal.day(FIRST + dt.timedelta(days=i)).working for i in range(DAYS)]
    assert flags == [chinese_calendar.is_workday(FIRST + dt.timedelta(days=i)) for i in range(DAYS)]
    work, _ = reference()
    assert int(cal.before[-1] + cal.ends[-1] - cal.starts[-1]) == 60 * int(work.sum())
    assert int(worked(cal, np.array([EPOCH + 60 * MINUTES]))[0]) == 60 * int(work.sum())


# ---------------------------------------------------------------- chinese_calendar vs holidays

SUBSTITUTED = re.compile(r"substituted from (\d{2})/(\d{2})/(\d{4})")


@pytest.mark.parametrize("year", [2025, 2026])
def test_chinese_calendar_agrees_with_holidays(year: int) -> None:
    days = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(366)]
    days = [d for d in days if d.year == year]
    lib = holidays.China(years=year)

    off_cc = {d for d in days if d.weekday() < 5 and not chinese_calendar.is_workday(d)}
    off_lib = {d for d in lib if d.weekday() < 5}
    assert off_cc == off_lib

    makeup_cc = {d for d in days if d.weekday() >= 5 and chinese_calendar.is_workday(d)}
    makeup_lib = set()
    for name in lib.values():
        for m in SUBSTITUTED.finditer(name):
            makeup_lib.add(dt.date(int(m[3]), int(m[1]), int(m[2])))
    assert makeup_cc == makeup_lib
    assert makeup_cc  # both years have make-up days: the comparison is not vacuous


def test_2026_official_schedule() -> None:
    cal = compile_calendar(CalendarSettings(), ZONE, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    off = {dt.date(2026, 2, d) for d in range(15, 24)} | {dt.date(2026, 10, d) for d in range(1, 8)}
    for d in sorted(off):
        assert not cal.day(d).working, d
    for d in (
        dt.date(2026, 2, 14),
        dt.date(2026, 2, 28),
        dt.date(2026, 9, 20),
        dt.date(2026, 10, 10),
    ):
        day = cal.day(d)
        assert (day.working, day.reason, day.hours) == (True, "makeup", HOURS), d
    assert cal.day(dt.date(2026, 10, 3)).name == "国庆节"
    assert cal.day(dt.date(2026, 2, 17)).name == "春节"


# ---------------------------------------------------------------- hand cases across 2026 holidays


def _due(cal: WorkCalendar, start: str, hours: float) -> str:
    t = to_utc([dt.datetime.fromisoformat(start)], cal.zone)
    due = add_business(cal, t, np.array([round(hours * H)]))
    return f"{from_utc(due, cal.zone)[0]:%Y-%m-%d %H:%M}"


def _elapsed_h(cal: WorkCalendar, a: str, b: str) -> float:
    t = to_utc([dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b)], cal.zone)
    return float(between(cal, t[:1], t[1:], np.array([True]))[0]) / H


HAND = [
    # (start, business hours, due) — Spring Festival: 02-15…02-23 off, 02-14 and 02-28 work
    ("2026-02-13 10:00", 24, "2026-02-25 10:00"),  # Fri 7 h, Sat 02-14 8 h, holiday, 02-24 8 h
    ("2026-02-14 09:00", 8, "2026-02-14 18:00"),  # a make-up Saturday is a full day
    ("2026-02-14 17:00", 2, "2026-02-24 10:00"),  # 02-15…02-23 skipped at once
    ("2026-02-15 10:00", 1, "2026-02-24 10:00"),  # a start on a holiday waits for the opening
    ("2026-02-20 16:00", 1, "2026-02-24 10:00"),  # a weekday holiday (substituted day off)
    ("2026-02-27 17:00", 4, "2026-02-28 12:00"),  # the make-up Saturday; ends at 12:00 exactly
    ("2026-02-27 17:00", 4.5, "2026-02-28 13:30"),  # lunch skipped on the make-up day too
    ("2026-02-28 17:00", 2, "2026-03-02 10:00"),  # Sunday 03-01 is off again
    # National Day: 10-01…10-07 off, Sunday 09-20 and Saturday 10-10 work, 09-25 Mid-autumn
    ("2026-09-30 16:00", 24, "2026-10-10 16:00"),  # the example
    ("2026-09-18 17:30", 4, "2026-09-20 13:30"),  # Fri 0.5 h, Sat off, make-up Sunday 3.5 h
    ("2026-09-24 10:00", 24, "2026-09-30 10:00"),  # Mid-autumn Friday 09-25 and the weekend
    ("2026-10-01 09:00", 8, "2026-10-08 18:00"),  # whole holiday skipped; ends at 18:00
    ("2026-10-09 17:00", 2, "2026-10-10 10:00"),  # Friday into the make-up Saturday
    ("2026-10-10 17:00", 2, "2026-10-12 10:00"),  # Sunday 10-11 is off
    # ordinary weeks
    ("2026-11-20 17:30", 1, "2026-11-23 09:30"),  # Friday 17:30: half an hour, then Monday
    ("2026-11-20 18:00", 1, "2026-11-23 10:00"),  # Friday at closing time
    ("2026-11-21 11:00", 1, "2026-11-23 10:00"),  # Saturday
    ("2026-11-24 02:00", 1, "2026-11-24 10:00"),  # night: counts from 09:00
    ("2026-11-24 12:20", 2, "2026-11-24 15:00"),  # during lunch: counts from 13:00
    ("2026-11-24 12:00", 1, "2026-11-24 14:00"),  # 12:00 is the end of a block
    ("2026-11-24 09:00", 8, "2026-11-24 18:00"),  # a deadline exactly at 18:00 stays there
    ("2026-11-24 13:00", 5, "2026-11-24 18:00"),
    ("2026-11-24 09:00", 3, "2026-11-24 12:00"),  # … and at 12:00, not 13:00
    ("2026-11-24 10:00", 8, "2026-11-25 10:00"),
    ("2026-11-24 17:59", 1 / 60, "2026-11-24 18:00"),
]


@pytest.mark.parametrize(("start", "hours", "due"), HAND)
def test_hand_cases_2026(start: str, hours: float, due: str) -> None:
    cal = compile_calendar(CalendarSettings(), ZONE, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert _due(cal, start, hours) == due
    assert _elapsed_h(cal, start, due) == pytest.approx(hours, abs=1e-9)


def test_elapsed_hand_cases() -> None:
    cal = compile_calendar(CalendarSettings(), ZONE, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert _elapsed_h(cal, "2026-11-24 12:10", "2026-11-24 12:50") == 0  # lunch
    assert _elapsed_h(cal, "2026-11-20 18:00", "2026-11-23 09:00") == 0  # weekend
    assert _elapsed_h(cal, "2026-11-20 17:30", "2026-11-23 09:30") == 1
    assert _elapsed_h(cal, "2026-09-30 18:00", "2026-10-08 09:00") == 0  # National Day
    assert _elapsed_h(cal, "2026-02-13 09:00", "2026-02-25 09:00") == 24  # 02-13, 02-14, 02-24


# ---------------------------------------------------------------- calendar-tab overrides


def _overrides(*rows: Sequence[object]) -> tuple[dict[dt.date, Day], list[Finding]]:
    """The calendar tab (date, kind, name, hours) of the base workbook replaced by ``rows``."""
    wb = parse(
        apply(replace_tab("calendar", [["date", "kind", "name", "hours"], *map(list, rows)]))
    )
    return overrides_from(wb["calendar"])


def test_calendar_tab_override_changes_the_due_and_removing_it_restores_it() -> None:
    first, last = dt.date(2026, 10, 15), dt.date(2026, 12, 31)
    start = "2026-11-02 10:00"  # a Monday

    def due(rows: Sequence[Sequence[object]]) -> str:
        days, findings = _overrides(*rows)
        assert findings == []
        return _due(compile_calendar(CalendarSettings(), ZONE, first, last, days), start, 24)

    plain = due([])
    assert plain == "2026-11-05 10:00"  # Mon 7 h, Tue 8 h, Wed 8 h, Thu 1 h
    holiday = [["2026-11-03", "holiday", "司庆日", ""]]
    assert due(holiday) == "2026-11-06 10:00"
    half = [["2026-11-04", "workday", "半天", "09:00-12:00"]]
    assert due(half) == "2026-11-05 16:00"  # Mon 7, Tue 8, Wed 3, Thu 6
    assert due(holiday + half) == "2026-11-06 16:00"
    # a working Saturday from the tab, with its own hours (Chinese comma between spans)
    saturday = [["2026-11-07", "workday", "加班", "09:00-12:00，13:00-15:00"]]
    assert due(holiday + saturday) == "2026-11-06 10:00"  # done before Saturday: unchanged
    assert _due(
        compile_calendar(CalendarSettings(), ZONE, first, last, _overrides(*saturday)[0]),
        "2026-11-06 17:00",
        5,
    ) == "2026-11-07 14:00"  # fmt: skip
    # removing the rows restores the official calendar exactly
    assert due([]) == plain
    cal_plain = compile_calendar(CalendarSettings(), ZONE, first, last, {})
    cal_removed = compile_calendar(CalendarSettings(), ZONE, first, last, _overrides()[0])
    np.testing.assert_array_equal(cal_plain.starts, cal_removed.starts)
    np.testing.assert_array_equal(cal_plain.ends, cal_removed.ends)


def test_calendar_tab_overrides_win_over_the_official_schedule() -> None:
    days, _ = _overrides(
        ["2026-10-10", "holiday", "不调休", ""], ["2026-10-06", "workday", "值班", ""]
    )
    cal = compile_calendar(
        CalendarSettings(), ZONE, dt.date(2026, 9, 1), dt.date(2026, 12, 31), days
    )
    assert not cal.day(dt.date(2026, 10, 10)).working
    assert cal.day(dt.date(2026, 10, 6)).working
    assert cal.day(dt.date(2026, 10, 6)).hours == HOURS  # no hours typed: the usual hours
    assert _due(cal, "2026-09-30 16:00", 24) == "2026-10-09 16:00"  # 10-06 works, 10-10 not
    assert "2 override(s)" in cal.version
    # a Chinese _sla says it in Chinese (trial18: `2 override(s)` in the 日历 column)
    zh = cal.version_for(dt.date(2026, 10, 1), locale="zh-CN")
    assert zh.endswith("；工作日历表 2 天") and "override" not in zh


def test_bad_hours_text_is_a_finding() -> None:
    days, findings = _overrides(
        ["2026-11-04", "workday", "半天", "9点到12点"],
        ["2026-11-05", "workday", "半天", "09:00-12:00"],
        ["2026-11-06", "workday", "反了", "12:00-09:00"],
    )
    assert [(f.tab, f.cell, f.value, f.rule) for f in findings] == [
        ("工作日历", "D2", "9点到12点", "calendar.hours"),
        ("工作日历", "D4", "12:00-09:00", "calendar.hours"),
    ]
    assert findings[0].severity == "error"
    assert "9点到12点" in findings[0].message() and "09:00-12:00" in findings[0].fix()
    assert set(days) == {dt.date(2026, 11, 5)}  # the valid row is still used
    assert days[dt.date(2026, 11, 5)].hours == ((540, 720),)


def test_hours_on_a_day_off_are_a_warning_and_the_day_stays_off() -> None:
    """休息日 with 09:00-12:00: said (trial10: nothing, and the hours were dropped)."""
    days, findings = _overrides(["2026-11-04", "holiday", "团建", "09:00-12:00"])
    assert [(f.cell, f.value, f.rule, f.severity) for f in findings] == [
        ("D2", "09:00-12:00", "calendar.hours_on_rest_day", "warning")
    ]
    assert not days[dt.date(2026, 11, 4)].working


# ---------------------------------------------------------------- daylight saving (Berlin)

BERLIN = "Europe/Berlin"


@cache
def berlin() -> WorkCalendar:
    return compile_calendar(
        CalendarSettings(holidays="none"), BERLIN, dt.date(2026, 3, 1), dt.date(2026, 11, 30)
    )


def _wall(cal: WorkCalendar, start: str, hours: float) -> str:
    t = to_utc([dt.datetime.fromisoformat(start)], cal.zone)
    due = add(cal, t, np.array([round(hours * H)]), np.array([False]))
    return f"{from_utc(due, cal.zone)[0]:%Y-%m-%d %H:%M}"


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        # spring forward on Sunday 03-29 (02:00 -> 03:00): a day of 23 hours
        ("2026-03-28 10:00", 24, "2026-03-29 11:00"),
        ("2026-03-29 01:00", 2, "2026-03-29 04:00"),
        ("2026-03-27 09:00", 72, "2026-03-30 10:00"),
        ("2026-03-30 10:00", 24, "2026-03-31 10:00"),  # after the switch: plain days again
        # fall back on Sunday 10-25 (03:00 -> 02:00): a day of 25 hours
        ("2026-10-24 10:00", 24, "2026-10-25 09:00"),
        ("2026-10-25 01:00", 3, "2026-10-25 03:00"),
        ("2026-10-23 09:00", 72, "2026-10-26 08:00"),
    ],
)
def test_berlin_calendar_clock_counts_real_hours(start: str, hours: float, due: str) -> None:
    assert _wall(berlin(), start, hours) == due


def test_berlin_elapsed_wall_hours_across_the_switches() -> None:
    cal = berlin()
    t = to_utc(
        [dt.datetime(2026, 3, 28, 10), dt.datetime(2026, 3, 29, 10),
         dt.datetime(2026, 10, 24, 10), dt.datetime(2026, 10, 25, 10)], BERLIN
    )  # fmt: skip
    wall = between(cal, t[[0, 2]], t[[1, 3]], np.array([False, False]))
    assert (wall / H).tolist() == [23.0, 25.0]
    business = between(cal, t[[0, 2]], t[[1, 3]], np.array([True, True]))
    assert (business / H).tolist() == [0.0, 0.0]  # Saturday 10:00 -> Sunday 10:00: no work


def test_berlin_business_hours_stay_local_on_both_sides_of_the_switches() -> None:
    cal = berlin()
    local_starts = from_utc(cal.starts, BERLIN)
    local_ends = from_utc(cal.ends, BERLIN)
    assert set(local_starts.strftime("%H:%M")) == {"09:00", "13:00"}
    assert set(local_ends.strftime("%H:%M")) == {"12:00", "18:00"}
    assert (from_utc(cal.starts, "UTC").hour.isin([7, 8, 11, 12])).all()
    # the same local 09:00 is 08:00 UTC in winter and 07:00 UTC in summer
    utc = {f"{d:%m-%d %H:%M}" for d in from_utc(cal.starts, "UTC")}
    assert "03-27 08:00" in utc and "03-30 07:00" in utc
    assert "10-23 07:00" in utc and "10-26 08:00" in utc
    for start, hours, due in [
        ("2026-03-27 17:00", 2, "2026-03-30 10:00"),  # across the spring switch
        ("2026-03-27 09:00", 16, "2026-03-30 18:00"),
        ("2026-10-23 17:00", 2, "2026-10-26 10:00"),  # across the autumn switch
        ("2026-10-23 11:00", 9, "2026-10-26 12:00"),
        ("2026-03-28 02:30", 1, "2026-03-30 10:00"),
    ]:
        assert _due(cal, start, hours) == due, (start, hours)
        assert _elapsed_h(cal, start, due) == hours
    # "none": no public holidays, weekends only
    assert cal.day(dt.date(2026, 10, 3)).working is False  # a Saturday
    assert cal.day(dt.date(2026, 10, 1)).working is True  # no Chinese National Day in Berlin
    assert cal.version == "none"


def test_berlin_wall_times_that_do_not_exist_or_happen_twice() -> None:
    # 02:30 on 03-29 never happens: it moves forward to 03:00 (01:00 UTC)
    t = to_utc([dt.datetime(2026, 3, 29, 2, 30), dt.datetime(2026, 10, 25, 2, 30)], BERLIN)
    assert [f"{x:%m-%d %H:%M}" for x in from_utc(t, "UTC")] == ["03-29 01:00", "10-25 00:30"]


# ---------------------------------------------------------------- a year past the official ones


def test_year_without_official_schedule_is_provisional_with_a_warning() -> None:
    cal = compile_calendar(CalendarSettings(), ZONE, dt.date(2026, 12, 1), dt.date(2027, 12, 31))
    provisional = [f for f in cal.findings if f.rule == "calendar.provisional"]
    assert [f.value for f in provisional] == [2027]
    f = provisional[0]
    assert f.severity == "warning"
    assert "2027" in f.message() and "2027" in f.message("en")
    assert "工作日历" in f.fix() and "make-up" in f.message("en")
    # statutory holidays and weekends are off, ordinary weekdays work
    for d in (dt.date(2027, 1, 1), dt.date(2027, 4, 5), dt.date(2027, 9, 15), dt.date(2027, 10, 1)):
        assert not cal.day(d).working, d
        assert cal.day(d).reason == "provisional"
    assert not cal.day(dt.date(2027, 3, 6)).working  # Saturday
    assert not cal.day(dt.date(2027, 3, 7)).working  # Sunday
    assert cal.day(dt.date(2027, 3, 8)).working  # Monday
    assert cal.day(dt.date(2027, 3, 8)).hours == HOURS
    # the version records which years were guessed
    assert "2027 provisional" in cal.version_for(dt.date(2027, 3, 1))
    assert "2027 provisional" in cal.version_for(dt.date(2026, 12, 30), dt.date(2027, 1, 4))
    assert "provisional" not in cal.version_for(dt.date(2026, 12, 30))
    assert cal.version_for(dt.date(2027, 3, 1), locale="zh-CN").endswith("；2027 年为暂定安排")
    # and the clock runs across the year boundary: 12-31 1 h, New Year, weekend, Monday
    assert _due(cal, "2026-12-31 17:00", 2) == "2027-01-04 10:00"
    assert _due(cal, "2027-09-14 17:00", 2) == "2027-09-16 10:00"  # Mid-autumn 09-15 (Wed)


def test_provisional_holidays_are_looked_up_once_a_year(monkeypatch: pytest.MonkeyPatch) -> None:
    from jobs.workdays import calendar

    looked_up: list[int] = []
    real = calendar._statutory
    monkeypatch.setattr(calendar, "_statutory", lambda y: looked_up.append(y) or real(y))
    cal = compile_calendar(CalendarSettings(), ZONE, dt.date(2026, 12, 1), dt.date(2028, 3, 31))
    assert looked_up == [2027, 2028]  # not once a day (a year of days cost a fifth of a second)
    assert cal.day(dt.date(2028, 1, 1)).reason == "provisional"


def test_official_years_only_no_warning() -> None:
    cal = compile_calendar(CalendarSettings(), ZONE, dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    assert cal.findings == ()
    assert "provisional" not in cal.version_for(dt.date(2026, 5, 1))
    assert cal.version.startswith("chinese_calendar ")
