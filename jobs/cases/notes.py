"""What the case library adds to the reminders: "this looks like case C012 (solution: …)" in the
action owner's digest, and cases recurring twice or more this quarter on the coordinators' list.

A suggestion is repeated in the owner's digest for ``DAYS`` days after the retrospective, or
until somebody types a case_id (then the finding is linked and the nudge has done its job).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from config.phrases import Phrases
from jobs.cases.recurrence import Link, case_stats, flagged, links, quarter_of
from jobs.cases.suggestions import Suggestion, suggestion_texts
from jobs.notify import Item
from sheets_sync.workbook import Workbook

DAYS = 7
TEXT = Phrases("jobs/cases/notes.py", {
    "recurring": (
        "{case_id}「{title}」本季度（{quarter}）已复发 {n} 次，涉及部门：{depts}",
        "{case_id} “{title}” recurred {n} times this quarter ({quarter}); departments: {depts}",
    ),
    "and": ("、", ", "),  # between the departments
})  # fmt: skip


@dataclass(frozen=True)
class Notes:
    """Extra reminder lines: person_id -> digest items, and items for the meeting list."""

    personal: Mapping[str, tuple[Item, ...]] = field(default_factory=dict)
    meeting: tuple[Item, ...] = ()


def case_notes(
    wb: Workbook, found: Sequence[Suggestion], locale: str, today: dt.date,
    link: Callable[[str, str], str], linked: Sequence[Link] | None = None,
) -> Notes:  # fmt: skip
    """The digest lines of recent findings with a suggestion, and this quarter's repeat cases
    (``linked``: ``links(wb, found)`` when the run has them, else computed here)."""
    retro = wb["retrospectives"]
    texts = suggestion_texts(wb, found, locale)
    since = today - dt.timedelta(days=DAYS)
    personal: dict[str, list[Item]] = {}
    columns = (retro.column(k) for k in ("held_on", "action_owner", "retro_id", "case_id"))
    for i, (held, owner, retro_id, case_id) in enumerate(zip(*columns, strict=True)):
        rid = str(retro_id)
        if case_id or not owner or rid not in texts or held is None:
            continue
        if since <= held.date() <= today:
            cell = link(retro.title, retro.cell("case_id", i))
            personal.setdefault(str(owner), []).append(Item(f"{rid}: {texts[rid]}", cell))
    quarter = quarter_of(today)
    cases = wb["cases"]
    row_of = {str(c): i for i, c in enumerate(cases.column("case_id"))}
    linked = linked if linked is not None else links(wb, found)
    # only cases recurring this quarter can be flagged: the statistics of those alone
    hot = {
        x.case_id for x in linked
        if x.recurrence and x.held is not None and quarter_of(x.held) == quarter
    }  # fmt: skip
    meeting = []
    for s in flagged(case_stats(wb, linked, only=hot), quarter):
        at = row_of.get(s.case_id)
        where = link(cases.title, cases.cell("case_id", at)) if at is not None else ""
        text = TEXT(
            locale,
            "recurring",
            case_id=s.case_id,
            title=s.title,
            quarter=quarter,
            n=s.by_quarter.get(quarter, 0),
            depts=TEXT(locale, "and").join(s.departments),
        )
        meeting.append(Item(text, where))
    return Notes({k: tuple(v) for k, v in personal.items()}, tuple(meeting))
