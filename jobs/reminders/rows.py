"""The obligations the reminder planner routes: each wanted one of the SLA frame as one
``Row`` (its item and project title made once), and rows grouped by person or department in
the frame's order, as each layer (digests, lists, urgent) reads them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jobs.reminders.said import Said


@dataclass(frozen=True, slots=True)
class Row:
    """One wanted obligation of the SLA frame, with its item and project title made once."""

    pos: int  # its place in the SLA frame: a message's ``covers`` keep this order
    rank: int  # its place by (project, due time): a message's sections and items keep this
    key: str
    kind: Any
    ref: Any
    status: str
    level: int
    dept_id: Any
    person_id: Any
    title: str
    said: Said
    due_today: bool = False  # an on-track item of the meeting list due today (else 未到期)


def by(rows: Iterable[Row], attr: str) -> dict[Any, list[Row]]:
    """Rows grouped by one attribute, each group in the frame's order."""
    out: dict[Any, list[Row]] = defaultdict(list)
    for r in rows:
        out[getattr(r, attr)].append(r)
    return out


def union(groups: Mapping[Any, list[Row]], names: Iterable[Any]) -> list[Row]:
    """The rows of these groups, in the frame's order."""
    return sorted((r for g in dict.fromkeys(names) for r in groups.get(g, ())),
                  key=lambda r: r.pos)  # fmt: skip
