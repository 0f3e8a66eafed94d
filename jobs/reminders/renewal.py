"""A level-3 escalation sent again when the due time typed in the sheet was moved past it and
the obligation is breached up to level 3 again (pure).

An escalation's key, ``escalation:OBLIGATION:3[:PERSON]``, is sent once. A task whose
截止时间 is moved after its escalation and that is then breached again would never reach
management's channel again (found by a trial: only the daily list showed it). So such an
escalation gets a key of its own with the new due time, ``escalation:OBLIGATION@YYYYMMDDHHMM
:3[:PERSON]``, sent once.

It is renewed only by the due time typed in the sheet (a task's 截止时间, an action's 整改期限;
a date alone counts to 23:59), when it is later than the moment the latest escalation of that
obligation to that reader that was delivered was first planned (that one was about an earlier
due time: level 3 comes after the due time), and only while the obligation is breached at
level 3: a new due time missed by the ladder's hours is a new breach. Not by a due time the
SLA computes, which a paused (blocked) obligation moves on every run; never for a dispute (it
has no typed due time; a major one is at level 3 at once); not before the first escalation is
delivered (it is retried under its own key). A renewal not delivered yet is retried under its
own key; one superseded (its due time moved away meanwhile) is not planned again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

import pandas as pd

from jobs.notify import Message
from jobs.reminders.reminders_tab import STAMP, Entry

PREFIX = "escalation:"
_RENEWED = re.compile(r"^escalation:(?P<ob>.+)@\d{12}(?P<tail>:3(?::[^#+]*)?)(?:#\d+)?$")


def renewed(
    messages: Iterable[Message], entries: Mapping[str, Entry], result: pd.DataFrame
) -> list[Message]:
    """The planned messages, an escalation renewed under its new typed due time where it is
    due again (see the module docstring); every other message as it is."""
    messages = list(messages)
    if "explicit_due" not in result.columns or not any(k.startswith(PREFIX) for k in entries):
        return messages  # nothing escalated yet, or nothing typed: nothing to renew
    latest: dict[tuple[str, str], str] = {}  # (obligation, tail) -> latest renewal delivered
    for key, e in entries.items():
        if "@" in key and e.status == "sent" and (found := _RENEWED.match(key)):
            slot = (found["ob"], found["tail"])
            latest[slot] = max(latest.get(slot, ""), e.first_at)
    late = result[(result["status"] == "breached") & (result["level"] >= 3)]
    late = late[late["explicit_due"].notna()]  # typed: a task's or an action's, no dispute
    typed = dict(zip(late["key"].astype(str), late["explicit_due"], strict=True))
    out = []
    for m in messages:
        ob = str(m.covers[0]) if m.covers else ""
        due = typed.get(ob) if ob and m.key.startswith(f"{PREFIX}{ob}:3") else None
        first = entries.get(m.key)
        if due is None or first is None or first.status != "sent":  # not typed, or the first
            out.append(m)  # escalation not delivered yet: as planned
            continue
        when = pd.Timestamp(due)
        tail = m.key[len(PREFIX) + len(ob) :]
        key = f"{PREFIX}{ob}@{when:%Y%m%d%H%M}{tail}"
        since = max(first.first_at, latest.get((ob, tail), ""))
        known = entries.get(key)
        if (known is not None and known.status != "superseded") or (
            known is None and when.strftime(STAMP) > since
        ):  # its renewal (retried, or done), or a new one
            m = replace(m, key=key)
        out.append(m)
    return out
