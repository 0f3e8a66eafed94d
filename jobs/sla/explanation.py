"""One line that explains a due time, so people can check the clock themselves, e.g.
交接 2026-09-30 16:00 + 24 工作小时，跳过国庆节 10-01…10-07，10-10 周六调休上班 → 截止 10-10 16:00
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from config.phrases import Phrases, language
from jobs.workdays.calendar import ZH_NAMES, Day, WorkCalendar

START = Phrases.from_locales("jobs/sla/explanation.py START", {
    "zh-CN": {"response": "交接", "completion": "交接", "approval": "交接", "dispute": "提出",
              "action": "复盘", "retrospective": "项目完成"},
    "en": {"response": "handed off", "completion": "handed off", "approval": "handed off",
           "dispute": "raised", "action": "retrospective", "retrospective": "project done"},
})  # fmt: skip
WEEKDAY = {"zh-CN": "一二三四五六日", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
TEXT = Phrases.from_locales("jobs/sla/explanation.py", {
    "zh-CN": {"business": "工作小时", "calendar": "小时", "skip": "跳过", "makeup": "周{w}调休上班",
              "due": "截止", "typed": "截止时间为表格中填写的", "paused": "暂停 {h} 小时",
              "typed_day": "表格中只填了截止日期，算到当天结束",
              "unread": "截止时间 {value}无法识别，按时限计算（请改正）",
              "sep": "，", "off": "休息", "work": "上班",
              "at_once_major": "重大争议：立即提交管理层（3 级）",
              "at_once_escalated": "已升级的争议：立即提交管理层（3 级）"},
    "en": {"business": "business hours", "calendar": "hours", "skip": "skipping ",
           "makeup": "({w}) make-up workday", "due": "due", "typed": "due time typed in the sheet",
           "typed_day": "a due date alone typed in the sheet: by the end of that day",
           "unread": "the due time {value} cannot be read: by the limit (correct it)",
           "paused": "paused {h} h", "sep": ", ", "off": "day off", "work": "workday",
           "at_once_major": "a major dispute: to management at once (level 3)",
           "at_once_escalated": "an escalated dispute: to management at once (level 3)"},
})  # fmt: skip
EN_NAMES = {zh: en for en, zh in ZH_NAMES.items()}  # the official holidays' names in English


def _md(d: dt.date) -> str:
    return d.strftime("%m-%d")


def _hm(t: dt.datetime, ref: dt.datetime) -> str:
    return t.strftime("%m-%d %H:%M" if t.year == ref.year else "%Y-%m-%d %H:%M")


def _hours(h: float) -> str:
    return f"{h:g}"


def _special_days(cal: WorkCalendar, a: dt.date, b: dt.date, locale: str) -> list[str]:
    """Holidays (grouped by name), make-up workdays and overrides between two dates.

    "skipping" leads each group of days off, never a workday (the make-up day is worked)."""
    t = TEXT.words(locale)
    out: list[str] = []
    run: list[Day] = []
    off: list[bool] = []  # per item of ``out``: is it days off

    def flush() -> None:
        if run:
            span = _md(run[0].date) if len(run) == 1 else f"{_md(run[0].date)}…{_md(run[-1].date)}"
            name = run[0].name or t["off"]
            skip = "" if off and off[-1] else t["skip"]
            shown = EN_NAMES.get(name, name) if language(locale) == "en" else name
            out.append(f"{skip}{shown} {span}")
            off.append(True)
            run.clear()

    if b < cal.first or a > cal.last:
        return out
    d = max(a, cal.first)
    while d <= min(b, cal.last):
        day = cal.day(d)
        if not day.working and day.reason in ("holiday", "provisional", "override"):
            if run and (run[-1].name != day.name or (d - run[-1].date).days > 1):
                flush()
            run.append(day)
        elif not day.working and day.reason == "weekend" and run:
            pass  # a weekend inside a holiday block keeps the block together
        else:
            flush()
            if day.reason == "makeup":
                out.append(f"{_md(d)} " + t["makeup"].format(w=WEEKDAY[locale][d.weekday()]))
                off.append(False)
            elif day.reason == "override" and day.working:
                out.append(f"{_md(d)} {day.name or t['work']}")
                off.append(False)
        d += dt.timedelta(days=1)
    flush()
    return out


def explain(
    row: dict[str, Any], cal: WorkCalendar, locale: str = "zh-CN",
    memo: dict[tuple[dt.date, dt.date], list[str]] | None = None,
) -> str:  # fmt: skip
    """The due time of one obligation (a row of ``jobs.sla.status.compute``) in words, and
    why an open major or escalated dispute is at level 3 whatever its due time.

    ``memo``: the special days between two dates, kept across the rows of one table (many
    obligations share their start and due days)."""
    locale = language(locale)
    text = _due(row, cal, locale, memo)
    if row.get("at_once") and pd.isna(row.get("end")):
        return text + TEXT(locale, "sep") + TEXT(locale, f"at_once_{row['at_once']}")
    return text


def _due(
    row: dict[str, Any], cal: WorkCalendar, locale: str,
    memo: dict[tuple[dt.date, dt.date], list[str]] | None,
) -> str:  # fmt: skip
    t = TEXT.words(locale)
    start = pd.Timestamp(row["start"]).to_pydatetime()
    due = pd.Timestamp(row["due_at"]).to_pydatetime() if pd.notna(row["due_at"]) else None
    head = f"{START(locale, row['kind'])} {start:%Y-%m-%d %H:%M}"
    if due is None:
        return head
    paused = (row.get("paused_h") or 0) + (row.get("paused_open_h") or 0)
    if pd.notna(row.get("explicit_due")):
        typed = pd.Timestamp(row["explicit_due"])
        said = t["typed_day"] if (typed.hour, typed.minute, typed.second) == (23, 59, 0) else (
            t["typed"])  # fmt: skip
        # a pause moves a typed due time as well: said, or the due shown differs from the cell
        # unexplained (trial11: K07, 10-09 18:00 typed, shown 10-10 14:00)
        pause = t["sep"] + t["paused"].format(h=_hours(paused)) if paused else ""
        if paused and row["clock"] == "business":  # the days the pause's hours skipped
            skipped = _special_days(cal, typed.date(), due.date(), locale)  # (trial16)
            pause += t["sep"] + t["sep"].join(skipped) if skipped else ""
        return f"{head}{t['sep']}{said}{pause} → {t['due']} {_hm(due, start)}"
    parts = [f"{head} + {_hours(row['goal_h'])} {t[row['clock']]}"]
    if row.get("due_typed"):  # 下周三 typed: the limit's due, not the one meant (trial18)
        parts.insert(0, t["unread"].format(value=row["due_typed"]))
    if paused:
        parts.append(t["paused"].format(h=_hours(paused)))
    span = (start.date(), due.date())
    special = memo.get(span) if memo is not None else None
    if special is None:
        special = _special_days(cal, *span, locale)
        if memo is not None:
            memo[span] = special
    if special and row["clock"] == "business":
        parts.append(t["sep"].join(special))
    return t["sep"].join(parts) + f" → {t['due']} {_hm(due, start)}"
