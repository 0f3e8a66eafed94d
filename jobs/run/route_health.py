"""``collabsheet doctor``'s lines on departments whose 通知渠道 is not configured.

``Channels.route`` sends such a department's messages by the default channel (the local outbox
unless ``[channels] default`` says otherwise), with no finding: a company that forgot a webhook
would think its reminders delivered. One line per channel kind the sheet names and the config
lacks, naming the departments, ✗ when a real channel is configured (this one was forgotten);
when the outbox is the only channel (a demo or a trial), one ✓ line for them all, saying where
the messages go and which sections would deliver them. And ``personal``: a department on a
group bot has its people's own messages (heads' and management lists, meeting lists, urgent
escalations to a person) sent by e-mail; without ``[channels.email]`` they go to the local
outbox, where nobody reads them (trial7: 56 such files, counted as sent)."""

from __future__ import annotations

from config.channels import GROUP_KINDS, Channels
from config.choices import CHANNEL
from jobs.run.health import Check
from sheets_sync.workbook import Workbook

_WORD = dict(CHANNEL)  # feishu -> 飞书, as the sheet's drop-down says it


def routes(wb: Workbook, section: Channels) -> list[Check]:
    """One line per channel kind named in 部门 that ``[channels]`` lacks (a department with a
    configured 通知群 or marked inactive is not counted)."""
    table = wb["departments"]
    lacking: dict[str, list[tuple[str, str]]] = {}  # kind -> (id, name) of each department
    for d in table.records():
        kind, dest = d.get("channel"), d.get("destination")
        if d.get("active") is False or (isinstance(dest, str) and dest in section.destinations):
            continue
        if isinstance(kind, str) and kind and kind not in section.channels:
            lacking.setdefault(kind, []).append((str(d.get("dept_id")), str(d.get("name") or "")))
    real = any(ch.kind != "outbox" for ch in section.channels.values())
    default = section.channels.get(section.default)
    if default is not None and default.kind == "outbox":
        goes_zh = f"写入本地发件箱 {default.folder}"
        goes_en = f"are written to the local outbox {default.folder}"
    else:
        goes_zh = f"改走默认渠道 {section.default}"
        goes_en = f"go by the default channel {section.default}"
    if not lacking:
        return []
    named = {
        kind: "、".join(f"{i} {n}".strip() for i, n in depts) for kind, depts in lacking.items()
    }
    ids = {kind: ", ".join(i for i, _ in depts) for kind, depts in lacking.items()}  # English
    if not real:  # a demo or a trial: one line, not one per channel kind
        zh = (f"只配置了本地发件箱（如演示或试用）：各部门的消息{goes_zh}；要真正发送，请添加 "
              + "、".join(f"[channels.{k}]（{named[k]}）" for k in lacking))  # fmt: skip
        en = (f"the outbox is the only channel (as in a demo or a trial): the departments' "
              f"messages {goes_en}; to deliver, add "
              + ", ".join(f"[channels.{k}] ({ids[k]})" for k in lacking))  # fmt: skip
        return [Check("routes", True, zh, en)]
    out = []
    for kind in lacking:
        word = _WORD.get(kind, kind)
        zh = (
            f"部门 {named[kind]} 的渠道是 {word}，但配置中没有 [channels.{kind}]：它们的消息"
            f"{goes_zh}，没有送到{word}；请添加 [channels.{kind}]，或在 部门 表改为已配置的渠道"
        )
        en = (f"departments {ids[kind]} use {kind}, but the config has no [channels.{kind}]: "
              f"their messages {goes_en}, not to {kind}; add [channels.{kind}], or name a "
              "configured channel in the departments tab")  # fmt: skip
        out.append(Check(f"route:{kind}", False, zh, en))
    return out


def personal(wb: Workbook, section: Channels) -> list[Check]:
    """✗ when ``[channels.email]`` is missing and someone who gets messages of their own (a
    department's head or 升级对象, management, a coordinator) belongs to a department on a
    group bot: theirs are written to the local outbox (planner.personal routes by the
    person's own department)."""
    if "email" in section.channels:
        return []
    depts = [d for d in wb["departments"].records() if d.get("active") is not False]
    people = [p for p in wb["people"].records() if p.get("active") is not False]
    readers = {str(d.get(k)) for d in depts for k in ("head", "escalate_to") if d.get(k)}
    readers |= {str(p["person_id"]) for p in people if p.get("role") in ("manager", "coordinator")}
    theirs = {str(p.get("dept_id")) for p in people if str(p.get("person_id")) in readers}
    grouped = []
    for d in depts:
        name = section.route_of(d.get("channel"), d.get("destination"))  # as planner.personal
        if str(d.get("dept_id")) in theirs and section.kind_of(name) in GROUP_KINDS:
            grouped.append((str(d.get("dept_id")), str(d.get("name") or "")))
    outbox = section.channels.get("outbox")
    if not grouped or outbox is None:
        return []
    named = "、".join(f"{i} {n}".strip() for i, n in grouped)
    zh = (f"部门 {named} 使用群机器人：其人员的个人消息（负责人汇总、管理层清单、会议清单、对个人的"
          f"升级提醒）通过邮件发送，但配置中没有 [channels.email]：这些消息写入本地发件箱 "
          f"{outbox.folder}，不会送到任何人；请添加 [channels.email]")  # fmt: skip
    en = (f"departments {', '.join(i for i, _ in grouped)} use group bots: their people's own "
          "messages (heads' and management lists, meeting lists, urgent escalations to a "
          "person) go by e-mail, but the config has no [channels.email]: they are written to "
          f"the local outbox {outbox.folder} and reach no one; add [channels.email]")  # fmt: skip
    return [Check("personal", False, zh, en)]
