"""A level-3 escalation sent again when its obligation was given a later due time and is
breached again (pure).

An escalation's key, ``escalation:OBLIGATION:3[:PERSON]``, is sent once. A task whose due time
is moved after its escalation and that is then breached again would never reach management's
channel again (found by a trial: only the daily list showed it). So such an escalation gets a
key of its own with the new due time, ``escalation:OBLIGATION@YYYYMMDDHHMM:3[:PERSON]``.

It is renewed only when the due time is later than the moment the latest escalation of that
obligation to that reader was first planned (that one was about an earlier due time: level 3
comes after the due time), and only while the obligation is breached. A major or escalated
dispute goes to level 3 at once whatever its due time, so it is not renewed by its due time.
Moving a due time to another moment before the latest escalation renews nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

import pandas as pd

from jobs.notify import Message
from jobs.reminders.reminders_tab import STAMP, Entry

PREFIX = "escalation:"
_RENEWED = re.compile(r"^escalation:(?P<ob>.+)@\d{12}(?P<tail>:3(?::.*)?)$")


def renewed(
    messages: Iterable[Message], entries: Mapping[str, Entry], result: pd.DataFrame
) -> list[Message]:
    """The planned messages, an escalation renewed under its new due time where it is due
    again (see the module docstring); every other message as it is."""
    messages = list(messages)
    if not any(k.startswith(PREFIX) for k in entries):  # no escalation yet: nothing to renew
        return messages
    latest: dict[tuple[str, str], str] = {}  # (obligation, tail) -> latest renewal first planned
    for key, e in entries.items():
        if "@" in key and (found := _RENEWED.match(key)):
            slot = (found["ob"], found["tail"])
            latest[slot] = max(latest.get(slot, ""), e.first_at)
    breached = result[(result["status"] == "breached") & (result["level"] >= 3)]
    if "at_once" in breached.columns:  # a major / escalated dispute: level 3 whatever its due
        breached = breached[breached["at_once"].fillna("").astype(str) == ""]
    dues = dict(zip(breached["key"].astype(str), breached["due_at"], strict=True))
    out = []
    for m in messages:
        ob = str(m.covers[0]) if m.covers else ""
        due = dues.get(ob) if ob and m.key.startswith(f"{PREFIX}{ob}:3") else None
        if due is None or pd.isna(due):
            out.append(m)
            continue
        tail = m.key[len(PREFIX) + len(ob) :]
        first = entries.get(m.key)
        since = max(first.first_at if first is not None else "", latest.get((ob, tail), ""))
        when = pd.Timestamp(due)
        if since and when.strftime(STAMP) > since:  # a due time after the latest escalation
            m = replace(m, key=f"{PREFIX}{ob}@{when:%Y%m%d%H%M}{tail}")
        out.append(m)
    return out
