"""Who hears of the packs and what the message says: each department's head gets its pack,
management (the 管理层 people and each department's 升级对象) gets the management pack, and
the coordinators get the management pack with every department's pack listed. Each message
names the files (path or link) and the pack's highlights; its ledger key is
``weekly:WEEK:PACK:PERSON``, so a week's pack is sent once whatever the number of runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from config.settings import Settings
from jobs.notify import Item, Message, Section
from jobs.reminders.routing import Letter, to_people
from jobs.weekly.pack import MANAGEMENT, Pack
from jobs.weekly.pack_words import words
from sheets_sync.finding import Finding
from sheets_sync.workbook import Workbook

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


def _section(p: Pack, files: Files, locale: str) -> Section:
    w = words(locale)
    c = p.counts
    lines = [
        w["count.overdue"].format(n=c["overdue"], m=c["escalated"]),
        w["count.disputes"].format(n=c["disputes"], m=c["major"]),
        w["count.actions"].format(n=c["actions"], m=c["actions_overdue"]),
    ]
    items = [Item(f"{w['notice.files']}: {f}") for f in files.get(p.key, ())]
    return Section(p.document.title, (*items, *(Item(x) for x in lines)))


def notices(
    wb: Workbook, settings: Settings, now: dt.datetime, link: Callable[[str, str], str],
    packs: Sequence[Pack], files: Files,
) -> tuple[list[Message], list[Finding]]:  # fmt: skip
    """Every message of the week's packs (the ledger drops those sent already), and the people
    their channel cannot reach, as findings at their cells."""
    w = words(settings.locale)
    who = audiences(wb)
    letters = [
        Letter(pid, f"weekly:{p.week}:{p.key}", f"【{w['subject']}】{p.week} · {p.name}",
               w["notice.intro"], (_section(p, files, settings.locale),))
        for p in packs
        for pid in dict.fromkeys(who.get(p.key, []))
    ]  # fmt: skip
    top = next((p for p in packs if p.key == MANAGEMENT), None)
    if top is not None:
        sections = tuple(_section(p, files, settings.locale) for p in packs)
        subject = f"【{w['subject']}】{top.week} · {w['company']}"
        letters += [Letter(pid, f"weekly:{top.week}:all", subject, w["notice.intro"], sections)
                    for pid in dict.fromkeys(who["coordinators"])]  # fmt: skip
    return to_people(wb, settings, now, link, letters)
