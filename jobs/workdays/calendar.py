"""The working calendar: one explicit working flag and interval list per date.

Sources, last wins: the weekly working hours from the config; China's official holidays and
make-up workdays (调休) from the ``chinese_calendar`` package (the State Council schedule,
cross-checked against ``holidays`` in the tests); the ``calendar`` tab of the workbook. A year
the package has no official schedule for is not guessed silently: it uses weekends plus the
statutory holidays from ``holidays`` and yields a warning finding asking for the real dates.
The compiled intervals (UTC seconds) feed the vectorized clock in ``jobs.workdays.clock``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib.metadata import version

import chinese_calendar
import holidays as holidays_lib
import numpy as np
import pandas as pd

from config.phrases import Phrases
from config.sla_rules import CalendarSettings, parse_span
from sheets_sync.finding import Finding, rule
from sheets_sync.table import Table

rule(
    "calendar.provisional",
    "warning",
    (
        "{value} 年还没有官方放假安排（{lib} 只含 {first}–{last} 年），暂按周末和法定节日计算，"
        "未含调休",
        "把国务院公布的 {value} 年放假和调休上班日期填入「{tab}」（类型：休息日 / 工作日）",
    ),
    (
        "no official holiday schedule for {value} yet ({lib} covers {first}–{last}); using "
        "weekends and statutory holidays, without make-up workdays",
        "enter the official {value} holidays and make-up workdays in '{tab}' "
        "(kind: holiday / workday)",
    ),
)
rule(
    "calendar.hours",
    "error",
    ("工作时段「{value}」格式不对", "写成 09:00-12:00，多个时段用逗号分隔"),
    ("working hours '{value}' are not valid", "write them as 09:00-12:00, separated by commas"),
)

rule(
    "calendar.hours_on_rest_day",
    "warning",
    ("这一天是休息日，却填写了工作时段「{value}」：按休息日处理，时段不计",
     "若这天要上班，把类型改成 调休工作日（workday）；否则删除工作时段"),
    ("a day off with working hours '{value}': counted as a day off, the hours ignored",
     "if people work that day, set its kind to workday; else delete the hours"),
)  # fmt: skip

ZH_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}
# the `holidays` package's names (used for provisional years) in the same Chinese words
STATUTORY_ZH = {
    "New Year's Day": "元旦",
    "Chinese New Year's Eve": "春节",
    "Chinese New Year (Spring Festival)": "春节",
    "Tomb-Sweeping Day": "清明节",
    "Labor Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-Autumn Festival": "中秋节",
    "National Day": "国庆节",
}
Span = tuple[int, int]


@dataclass(frozen=True)
class Day:
    """One date: does anyone work, when (minutes after local midnight), and why."""

    date: dt.date
    working: bool
    hours: tuple[Span, ...]
    reason: str  # weekday | weekend | holiday | makeup | override | provisional
    name: str = ""


@dataclass(frozen=True)
class WorkCalendar:
    """Compiled days plus their working intervals as UTC epoch seconds, for array arithmetic."""

    zone: str
    days: tuple[Day, ...]
    version: str
    findings: tuple[Finding, ...]
    starts: np.ndarray
    ends: np.ndarray
    before: np.ndarray  # working seconds before each interval
    provisional: frozenset[int] = frozenset()  # years without an official schedule

    def version_for(self, *dates: dt.date, locale: str = "en") -> str:
        """The calendar version a computation over these dates used, in the ``locale`` of
        the tab it goes to (trial18: `4 override(s)` in a Chinese _sla)."""
        years = sorted({d.year for d in dates} & self.provisional)
        t = VERSION_TEXT.words(locale)
        parts = [t["none"] if part == "none" else re.sub(
                     r"(\d+) override\(s\)", lambda m: t["override"].format(n=m[1]), part)
                 for part in self.version.split("; ")]  # fmt: skip
        return t["sep"].join([*parts, *(t["provisional"].format(y=y) for y in years)])

    @property
    def first(self) -> dt.date:
        return self.days[0].date

    @property
    def last(self) -> dt.date:
        return self.days[-1].date

    def day(self, date: dt.date) -> Day:
        return self.days[(date - self.first).days]


VERSION_TEXT = Phrases.from_locales("jobs/workdays/calendar.py", {
    "zh-CN": {"override": "工作日历表 {n} 天", "provisional": "{y} 年为暂定安排", "sep": "；",
              "none": "不含法定节假日"},
    "en": {"override": "{n} override(s)", "provisional": "{y} provisional", "sep": "; ",
           "none": "none"},
})  # fmt: skip


def official_years() -> range:
    """The years chinese_calendar has the State Council's schedule for."""
    years = [y for y in range(2004, 2101) if _official(y)]
    return range(years[0], years[-1] + 1)


def _official(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
        return True
    except NotImplementedError:
        return False


def _statutory(year: int) -> dict[dt.date, str]:
    """Statutory holidays only (no observed or substituted days): the provisional fallback."""
    out = {}
    for date, name in holidays_lib.China(years=year).items():
        if "observed" in name.lower() or "day off" in name.lower():
            continue
        out[date] = STATUTORY_ZH.get(name, name)
    return out


def overrides_from(table: Table) -> tuple[dict[dt.date, Day], list[Finding]]:
    """The ``calendar`` tab as overriding days; bad working-hour text is a finding."""
    days: dict[dt.date, Day] = {}
    findings: list[Finding] = []
    for i, rec in enumerate(table.records()):
        spans: list[Span] = []
        text = rec.get("hours")
        if text:
            parts = [parse_span(p) for p in str(text).replace("，", ",").split(",") if p.strip()]
            if None in parts:
                findings.append(
                    Finding(table.title, table.cell("hours", i), text, "calendar.hours")
                )
                continue
            spans = sorted(p for p in parts if p)
        working = rec["kind"] == "workday"
        if spans and not working:  # trial10: said nothing, and the hours were dropped
            findings.append(
                Finding(table.title, table.cell("hours", i), text, "calendar.hours_on_rest_day")
            )
        days[rec["date"]] = Day(
            rec["date"], working, tuple(spans) if working else (), "override", rec.get("name") or ""
        )
    return days, findings


def compile_calendar(
    settings: CalendarSettings,
    zone: str,
    first: dt.date,
    last: dt.date,
    overrides: dict[dt.date, Day] | None = None,
    tab: str = "工作日历",
) -> WorkCalendar:
    """Every date from ``first`` to ``last`` with its working hours, and the UTC intervals."""
    overrides = overrides or {}
    official = official_years() if settings.holidays == "cn" else range(0)
    provisional: dict[int, dict[dt.date, str]] = {}
    days: list[Day] = []
    week = settings.hours
    date = first
    while date <= last:
        weekday = date.weekday() in settings.workdays
        day = Day(date, weekday, week if weekday else (), "weekday" if weekday else "weekend")
        if settings.holidays == "cn" and date.year in official:
            is_holiday, name = chinese_calendar.get_holiday_detail(date)
            zh = ZH_NAMES.get(name or "", name or "")
            if is_holiday and (weekday or name):
                day = Day(date, False, (), "holiday", zh)
            elif not is_holiday and not weekday:
                day = Day(date, True, week, "makeup", zh)
        elif settings.holidays == "cn":
            if date.year not in provisional:  # once a year, not once a day
                provisional[date.year] = _statutory(date.year)
            statutory = provisional[date.year]
            if date in statutory:
                day = Day(date, False, (), "provisional", statutory[date])
        if date in overrides:
            day = overrides[date]
            if day.working and not day.hours:  # a workday typed without hours: the usual hours
                day = replace(day, hours=week)
        days.append(day)
        date += dt.timedelta(days=1)

    findings = []
    lib = f"chinese_calendar {version('chinesecalendar')}"
    versions = [lib, f"holidays {version('holidays')}"] if settings.holidays == "cn" else ["none"]
    for year in sorted(provisional):
        covered = {"lib": lib, "first": official.start, "last": official.stop - 1}
        findings.append(Finding(tab, "A1", year, "calendar.provisional", covered))
    if overrides:
        versions.append(f"{len(overrides)} override(s)")
    starts, ends = _intervals(days, zone)
    lengths = ends - starts
    before = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    return WorkCalendar(
        zone,
        tuple(days),
        "; ".join(versions),
        tuple(findings),
        starts,
        ends,
        before,
        frozenset(provisional),
    )


def _intervals(days: Sequence[Day], zone: str) -> tuple[np.ndarray, np.ndarray]:
    """Local working spans -> UTC epoch seconds (daylight saving handled by the time zone)."""
    local_starts, local_ends = [], []
    for day in days:
        midnight = dt.datetime(day.date.year, day.date.month, day.date.day)
        for start, end in day.hours if day.working else ():
            local_starts.append(midnight + dt.timedelta(minutes=start))
            local_ends.append(midnight + dt.timedelta(minutes=end))
    return to_utc(local_starts, zone), to_utc(local_ends, zone)


def to_utc(values: Sequence[dt.datetime] | pd.Series, zone: str) -> np.ndarray:
    """Naive local wall times -> UTC epoch seconds (int64). Missing values -> INT64 min.

    A wall time that does not exist (spring forward) moves forward to the first valid time;
    one that happens twice (fall back) is taken as its first occurrence.
    """
    if isinstance(values, pd.Series) and pd.api.types.is_datetime64_dtype(values.dtype):
        index = pd.DatetimeIndex(values)  # already datetimes: no per-value conversion
    else:
        index = pd.DatetimeIndex(pd.to_datetime(pd.Series(values, dtype=object)))
    if len(index) == 0:
        return np.zeros(0, dtype=np.int64)
    local = index.tz_localize(
        zone, ambiguous=np.ones(len(index), dtype=bool), nonexistent="shift_forward"
    )
    return np.asarray(local.tz_convert("UTC").as_unit("s").asi8, dtype=np.int64)


def from_utc(seconds: np.ndarray, zone: str) -> pd.DatetimeIndex:
    """UTC epoch seconds -> naive local wall times."""
    return pd.to_datetime(seconds, unit="s", utc=True).tz_convert(zone).tz_localize(None)
