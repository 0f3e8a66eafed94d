"""Messages sent together: urgent escalations to one group, those of one item to one person,
and new assignments to one reader, as one message each batch (each keeps its ledger key), as
many as the channel's part holds; and the batches taken in turns across the channels."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace

from jobs.notify import Item, Message, Section
from jobs.reminders import assignments
from jobs.reminders.texts import TEXTS


def batches(messages: list[Message], room: Callable[[Message], int]) -> list[list[Message]]:
    """Urgent escalations to the same group, those of one item to the same person (a task's
    response and completion: trial15), and new assignments to the same reader go as one
    message (each keeps its ledger key), as many to a message as the channel's part holds
    items (``room``)."""
    out: list[list[Message]] = []
    groups: dict[tuple[str, str, str], list[Message]] = {}
    for m in messages:
        urgent = m.key.startswith("escalation:")
        if urgent or m.key.startswith(assignments.PREFIX):
            what = "" if not urgent else "group" if m.group else _item(m.key)
            slot = groups.get((m.channel, m.recipient, what))
            if slot is None or _items([*slot, m]) > room(m):
                slot = groups[(m.channel, m.recipient, what)] = []
                out.append(slot)
            slot.append(m)
        else:
            out.append([m])
    return out


def _item(key: str) -> str:
    """The item an escalation key is about: escalation:completion:T000274@202612011800:3:P001
    -> task:T000274 (its response, completion and approval alike), dispute:DS0006 … (ids
    typed by hand may repeat across tabs: review19)."""
    kind, ref = key.split(":")[1:3]
    kind = "task" if kind in assignments.TASK_KINDS else kind
    return f"{kind}:{ref.split('@')[0]}"


def interleaved(batches: list[list[Message]]) -> list[list[Message]]:
    """The batches taken in turn from each channel (each channel's in its order): the run's one
    waiting budget (jobs/notify/limits.py) is not spent on one slow group's parts before a
    channel with room has sent any (trial7: WeCom at 20 a minute used it up, and Feishu's
    parts waited for the next run with 19 of its 100 a minute used)."""
    urgent = [b[0].key.startswith("escalation:") for b in batches]
    out: list[list[Message]] = []
    for group in ([b for b, u in zip(batches, urgent, strict=True) if u],
                  [b for b, u in zip(batches, urgent, strict=True) if not u]):  # fmt: skip
        queues: dict[str, list[list[Message]]] = {}
        for batch in group:  # urgent escalations first on every channel (review10), in turns
            queues.setdefault(batch[0].channel, []).append(batch)
        turns = itertools.zip_longest(*queues.values())
        out += [batch for turn in turns for batch in turn if batch is not None]
    return out


def _items(batch: list[Message]) -> int:
    return sum(len(s.items) for m in batch for s in m.sections)


def merged(batch: list[Message]) -> Message:
    """One message for a batch: sections (one per title: a project's heading once, trial7)
    and mentions of all, the first key plus a count."""
    first = batch[0]
    if len(batch) == 1:
        return first
    t = TEXTS.words(first.locale)  # 【紧急升级】T1 等 3 项 (trial23: "(+2)" was cryptic)
    subject = t["others"].format(subject=first.subject, n=len(batch), more=len(batch) - 1)
    if first.key.startswith(assignments.PREFIX):  # 【新任务】张三：3 项
        subject = t["assigned_more"].format(name=first.name, n=len(batch))
    titled: dict[str, list[Item]] = {}  # one heading per project, its items in batch order
    for s in (s for m in batch for s in m.sections):
        titled.setdefault(s.title, []).extend(s.items)
    return replace(
        first,
        key=f"{first.key}+{len(batch) - 1}",
        subject=subject,
        sections=tuple(Section(t, tuple(items)) for t, items in titled.items()),
        mentions=tuple(dict.fromkeys(x for m in batch for x in m.mentions)),
        covers=tuple(k for m in batch for k in m.covers),
    )
