"""A level-3 escalation sent again when the due time typed in the sheet was moved past it and
the obligation is breached up to level 3 again (pure).

An escalation's key, ``escalation:OBLIGATION:3[:PERSON]``, is sent once. A task whose
截止时间 is moved after its escalation and that is then breached again would never reach
management's channel again (found by a trial: only the daily list showed it). So such an
escalation gets a key of its own with the new due time, ``escalation:OBLIGATION@YYYYMMDDHHMM
:3[:PERSON]``, sent once.

It is renewed only by the due time typed in the sheet (a task's 截止时间, an action's 整改期限;
a date alone counts to 23:59), when it is later than the moment the latest escalation of that
obligation to that reader was first planned (that one was about an earlier due time: level 3
comes after the due time), and only while the obligation is breached at level 3. Not by a due
time the SLA computes, which a paused (blocked) obligation moves on every run; not for a major
or escalated dispute, at level 3 at once whatever its due time. A renewal not sent yet (a
retry) is planned again under its own key until it is.
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
    latest: dict[tuple[str, str], str] = {}  # (obligation, tail) -> latest renewal planned
    for key, e in entries.items():
        if "@" in key and (found := _RENEWED.match(key)):
            slot = (found["ob"], found["tail"])
            latest[slot] = max(latest.get(slot, ""), e.first_at)
    late = result[(result["status"] == "breached") & (result["level"] >= 3)]
    if "at_once" in late.columns:  # a major / escalated dispute: level 3 whatever its due
        late = late[late["at_once"].fillna("").astype(str) == ""]
    late = late[late["explicit_due"].notna()]
    typed = dict(zip(late["key"].astype(str), late["explicit_due"], strict=True))
    out = []
    for m in messages:
        ob = str(m.covers[0]) if m.covers else ""
        due = typed.get(ob) if ob and m.key.startswith(f"{PREFIX}{ob}:3") else None
        first = entries.get(m.key)
        if due is None or first is None:  # not typed, or its first escalation: as planned
            out.append(m)
            continue
        when = pd.Timestamp(due)
        tail = m.key[len(PREFIX) + len(ob) :]
        key = f"{PREFIX}{ob}@{when:%Y%m%d%H%M}{tail}"
        since = max(first.first_at, latest.get((ob, tail), ""))
        if key in entries or when.strftime(STAMP) > since:  # its renewal, or a new one
            m = replace(m, key=key)
        out.append(m)
    return out
