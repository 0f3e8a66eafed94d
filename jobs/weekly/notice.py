"""Who hears of the packs and what the message says: each department's head gets its pack,
management (the 管理层 people and each department's 升级对象) gets the management pack, and
the coordinators get the management pack with every department's pack listed. Each message
links to the pack on the dashboard's 周报 page (``[survey] base_url``, the dashboard as people
open it); while that is this machine's address, the coordinators' message says so once and
names the files on the server instead, and the heads' and management's name the files to ask
a coordinator for (no setting, no server path: trial7). Its ledger key is
``weekly:WEEK:PACK:PERSON``, so a week's pack is sent once whatever the number of runs."""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePath

from config.remind_settings import RemindSettings
from config.survey_settings import SurveySettings, loopback
from jobs.notify import Item, Message, Section
from jobs.reminders.routing import Letter, to_people
from jobs.weekly.pack import MANAGEMENT, Pack, week_of
from jobs.weekly.pack_words import words
from sheets_sync.finding import Finding, rule
from sheets_sync.workbook import Workbook

rule(
    "weekly.no_reader", "warning",
    ("{dept} 的周例会材料没有收件人：负责人「{head}」未启用、不在「人员」中或未填写",
     "填写在岗的负责人，或在「人员」中重新启用；本周的材料已列在协调员收到的汇总中"),
    ("the weekly pack of {dept} has no reader: its head '{head}' is inactive, not in 人员 or "
     "blank", "enter an active head, or enable them again in 人员; this week's pack is listed in "
     "the coordinators' summary"),
)  # fmt: skip

Files = Mapping[str, Sequence[str]]  # pack key -> its files (paths or links)


def audiences(wb: Workbook) -> dict[str, list[str]]:
    """Pack key -> the person_ids who get it ("coordinators": all packs)."""
    people = [r for r in wb["people"].records() if r["person_id"] and r["active"] is not False]
    managers = [str(r["person_id"]) for r in people if r["role"] == "manager"]
    out: dict[str, list[str]] = {MANAGEMENT: managers, "coordinators": []}
    for d in wb["departments"].records():
        if not d["dept_id"] or d["active"] is False:
            continue
        out[str(d["dept_id"])] = [str(d["head"])] if d["head"] else []
        if d["escalate_to"] and str(d["escalate_to"]) not in out[MANAGEMENT]:
            out[MANAGEMENT].append(str(d["escalate_to"]))
    out["coordinators"] = [str(r["person_id"]) for r in people if r["role"] == "coordinator"]
    return out


def dashboard_base(survey: SurveySettings) -> str | None:
    """The dashboard's address as people open it (``[survey] base_url``), or None while it is
    this machine's (the default ``http://localhost:8501/``): a link nobody else can open."""
    url = survey.base_url
    return None if loopback(url) else url


def page_link(base: str, week: str, key: str) -> str:
    """The 周报 page opened at one pack: ``BASE/weekly?week=2026-W50&pack=D07``."""
    parts = urllib.parse.urlsplit(base)
    query = "&".join(q for q in (parts.query, urllib.parse.urlencode({"week": week, "pack": key}))
                     if q)  # fmt: skip
    path = f"{parts.path.rstrip('/')}/weekly"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def no_link(survey: SurveySettings, locale: str) -> str:
    """The one line that says why a message names files instead of a link, in ``locale``: the
    workbook's language in the message, the terminal's when printed."""
    return words(locale)["notice.no_link"].format(url=survey.base_url)


def _section(
    p: Pack, files: Files, base: str | None, locale: str, paths: bool = True
) -> Section:  # fmt: skip
    """The pack's link (or its files: ``paths`` False, their names alone) and its counts."""
    w = words(locale)
    c = p.counts
    lines = [
        w["count.overdue"].format(n=c["overdue"], m=c["escalated"]),
        w["count.disputes"].format(n=c["disputes"], m=c["major"]),
        w["count.actions"].format(n=c["actions"], m=c["actions_overdue"]),
    ]
    if base is not None:
        items = [Item(w["notice.page"], page_link(base, p.week, p.key), w["notice.open"])]
    else:
        shown = (f if paths else PurePath(f).name for f in files.get(p.key, ()))
        items = [Item(w["notice.files"].format(f=f)) for f in shown]
    return Section(p.document.title, (*items, *(Item(x) for x in lines)))


def notices(
    wb: Workbook, remind: RemindSettings, survey: SurveySettings, now: dt.datetime,
    link: Callable[[str, str], str], packs: Sequence[Pack], files: Files,
) -> tuple[list[Message], list[Finding]]:  # fmt: skip
    """Every message of the week's packs (the ledger drops those sent already), and the people
    their channel cannot reach, as findings at their cells."""
    w = words(remind.locale)
    who = audiences(wb)
    base = dashboard_base(survey)
    intro = w["notice.intro"] if base else f"{w['notice.intro']}\n{no_link(survey, remind.locale)}"
    asked = w["notice.intro"] if base else f"{w['notice.intro']}\n{w['notice.ask']}"
    week = week_words(now, remind.locale)  # 2026年第50周（12月7日–12月13日）: trial29
    letters = [
        Letter(pid, f"weekly:{p.week}:{p.key}", f"【{w['subject']}】{week} · {p.name}",
               asked, (_section(p, files, base, remind.locale, paths=False),))
        for p in packs
        for pid in dict.fromkeys(who.get(p.key, []))
    ]  # fmt: skip
    top = next((p for p in packs if p.key == MANAGEMENT), None)
    if top is not None:
        sections = tuple(_section(p, files, base, remind.locale) for p in packs)
        subject = f"【{w['subject']}】{week} · {w['notice.all']}"
        letters += [Letter(pid, f"weekly:{top.week}:all", subject, intro, sections)
                    for pid in dict.fromkeys(who["coordinators"])]  # fmt: skip
    messages, findings = to_people(wb, remind, now, link, letters)
    return messages, [*_unread_packs(wb, packs), *findings]


def week_words(now: dt.datetime, locale: str) -> str:
    """The ISO week of ``now`` as its readers say it: 2026年第50周（12月7日–12月13日）, or
    2026-W50 (7 Dec–13 Dec)."""
    week, first, last = week_of(now)
    year, n = week.split("-W")
    return words(locale)["notice.week"].format(
        y=year,
        n=int(n),
        m1=first.month,
        d1=first.day,
        m2=last.month,
        d2=last.day,
        week=week,
        b1=f"{first:%b}",
        b2=f"{last:%b}",
    )


def _unread_packs(wb: Workbook, packs: Sequence[Pack]) -> list[Finding]:
    """A department pack nobody gets (its head inactive, unknown or blank: trial26, 研发部's
    pack went unsent unsaid), at the head's cell."""
    active = {str(r["person_id"]) for r in wb["people"].records() if r["active"] is not False}
    made = {p.key for p in packs}
    depts, out = wb["departments"], []
    for i, d in enumerate(depts.records()):
        key = str(d["dept_id"] or "")
        if key in made and d["active"] is not False and str(d["head"] or "") not in active:
            params = {"dept": f"{d['name'] or key}（{key}）", "head": d["head"] or ""}
            out.append(Finding(depts.title, depts.cell("head", i), d["head"], "weekly.no_reader",
                               params))  # fmt: skip
    return out
