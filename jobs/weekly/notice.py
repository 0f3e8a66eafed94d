"""Who hears of the packs and what the message says: each department's head gets its pack,
management (the 管理层 people and each department's 升级对象) gets the management pack, and
the coordinators get the management pack with every department's pack listed. Each message
names the files (path or link) and the pack's highlights; its ledger key is
``weekly:WEEK:PACK:PERSON``, so a week's pack is sent once whatever the number of runs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from config.channels import GROUP_KINDS
from config.settings import Settings
from jobs.notify import Item, Message, Section
from jobs.notify.escaping import defuse
from jobs.weekly.pack import MANAGEMENT, Pack
from jobs.weekly.phrases import words
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


def _to_people(
    wb: Workbook, settings: Settings, person_ids: Sequence[str], key: str, subject: str,
    intro: str, sections: Sequence[Section],
) -> list[Message]:  # fmt: skip
    """One message per active person named, by the person's own channel as a digest goes
    (jobs.reminders.routing: e-mail when configured and known; else the department's channel
    unless it is a group bot; else the outbox); the key ``KEY:PERSON``."""
    channels = settings.channels
    depts = {str(d["dept_id"]): d for d in wb["departments"].records() if d["dept_id"]}
    people = {str(r["person_id"]): r for r in wb["people"].records()
              if r["person_id"] and r["active"] is not False}  # fmt: skip
    out = []
    for pid in dict.fromkeys(person_ids):
        who = people.get(pid)
        if who is None:
            continue
        dept = depts.get(str(who["dept_id"] or "")) or {}
        dest = dept.get("destination")
        channel = (dest if isinstance(dest, str) and dest in channels.destinations
                   else channels.route(dept.get("channel")))  # fmt: skip
        email = str(who["email"] or "")
        mail = "email" in channels.channels and bool(email)
        if channels.kind_of(channel) in GROUP_KINDS or channel == "email":
            channel = "email" if mail else "outbox"
        name = defuse(str(who["name"] or pid))
        to = email or f"{pid}@outbox.invalid"
        out.append(Message(f"{key}:{pid}", channel, to, subject, intro, tuple(sections), (),
                           False, 2, settings.locale, name))  # fmt: skip
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


def notices(wb: Workbook, settings: Settings, packs: Sequence[Pack], files: Files) -> list[Message]:
    """Every message of the week's packs (the ledger drops those sent already)."""
    w = words(settings.locale)
    who = audiences(wb)
    by_key = {p.key: p for p in packs}
    out: list[Message] = []
    for p in packs:
        subject = f"【{w['subject']}】{p.week} · {p.name}"
        out += _to_people(
            wb,
            settings,
            who.get(p.key, []),
            f"weekly:{p.week}:{p.key}",
            subject,
            w["notice.intro"],
            [_section(p, files, settings.locale)],
        )
    top = by_key.get(MANAGEMENT)
    if top is not None:
        sections = [_section(p, files, settings.locale) for p in packs]
        subject = f"【{w['subject']}】{top.week} · {w['company']}"
        out += _to_people(
            wb,
            settings,
            who["coordinators"],
            f"weekly:{top.week}:all",
            subject,
            w["notice.intro"],
            sections,
        )
    return out
