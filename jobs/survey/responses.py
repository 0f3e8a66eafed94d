"""Answers given through the survey form: their ids, which one counts, who has answered, and
the response rate per department.

An answer's 答卷编号 is ``QUARTER-RESPONDENT-rN``: RESPONDENT is the person id, or with
``[survey] anonymous = true`` ``anon-`` and 12 hex digits of HMAC-SHA256(secret, person and
quarter), which cannot be traced to a person without the secret; N counts that respondent's
answers in the quarter. Human tabs only grow, so answering again appends ``-r2``: of the
answers sharing ``QUARTER-RESPONDENT``, the one with the highest N is the answer and the
earlier ones are superseded (they count nowhere: not in the KPIs, not in the response rate).
An id of any other form (typed, imported) is an answer of its own.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jobs.kpis.quarters import parse_quarter
from sheets_sync.workbook import Workbook

_FORM_ID = re.compile(r"^(?P<base>.+)-r(?P<n>[1-9]\d{0,3})$")


def respondent(person_id: str, quarter: str, anonymous: bool, secret: str) -> str:
    """How a person appears in the ids of a quarter's answers."""
    if not anonymous:
        return person_id
    digest = hmac.new(secret.encode("utf-8"), f"respondent|{person_id}|{quarter}".encode(),
                      hashlib.sha256).hexdigest()  # fmt: skip
    return f"anon-{digest[:12]}"


def response_id(quarter: str, who: str, revision: int) -> str:
    return f"{quarter}-{who}-r{revision}"


def split_id(value: Any) -> tuple[str, int] | None:
    """``(QUARTER-RESPONDENT, N)`` of a form answer's id, None for any other id."""
    m = _FORM_ID.match(str(value or "").strip())
    return (m.group("base"), int(m.group("n"))) if m else None


def next_revision(ids: Iterable[Any], quarter: str, who: str) -> int:
    """The N of this respondent's next answer: one more than any already in the tab."""
    base = f"{quarter}-{who}"
    found = [p[1] for p in map(split_id, ids) if p is not None and p[0] == base]
    return max(found, default=0) + 1


def superseded(ids: Sequence[Any]) -> set[int]:
    """Positions of answers replaced by a later answer of the same respondent and quarter."""
    best: dict[str, tuple[int, int]] = {}  # base -> (N, position)
    found: list[tuple[str, int]] = []
    for i, v in enumerate(ids):
        if not isinstance(v, str) or "-r" not in v:  # most ids: not from the form
            continue
        parts = split_id(v)
        if parts is None:
            continue
        base, n = parts
        found.append((base, i))
        if base not in best or n >= best[base][0]:
            best[base] = (n, i)
    keep = {i for _, i in best.values()}
    return {i for _, i in found if i not in keep}


def answered_by(ids: Iterable[Any], quarter: str, whos: Iterable[str]) -> bool:
    """Whether any of these respondent codes (a person named, or pseudonymous) has answered."""
    bases = {f"{quarter}-{w}" for w in whos}
    return any(p is not None and p[0] in bases for p in map(split_id, ids))


@dataclass(frozen=True)
class Rate:
    """One department's answers for a quarter against its active people.

    ``answered`` (答卷数) counts every answer that counts: form answers (the latest of each
    respondent), imported and typed ones. An imported, typed or anonymous answer names no
    person, so the response rate (回收率) counts at most one answer per active person:
    ``min(answered, headcount) / headcount``, never above 100%. More answers than active
    people (``excess``) is a warning: a file imported twice, or people missing from 人员."""

    dept_id: str
    name: str
    answered: int
    headcount: int
    responded: int | None = None  # given for the company's line: the departments' sum

    @property
    def counted(self) -> int:
        """The answers the rate counts: at most one per active person."""
        if self.responded is not None:
            return self.responded
        return min(self.answered, self.headcount)

    @property
    def rate(self) -> float | None:
        return self.counted / self.headcount if self.headcount else None

    @property
    def excess(self) -> bool:
        """More answers than active people (the rate is capped at 100%)."""
        return self.answered > self.headcount


def response_rates(
    answers: Iterable[tuple[Any, Any]], people: Iterable[Mapping[str, Any]],
    departments: Iterable[Mapping[str, Any]],
) -> list[Rate]:  # fmt: skip
    """Per department (the departments' order, then any only the answers name): the quarter's
    answers that count (``(response_id, dept_id)`` pairs, superseded ones removed by the
    caller) against its active people."""
    heads: dict[str, int] = {}
    for p in people:
        if p.get("person_id") and p.get("active") is not False and p.get("dept_id"):
            heads[str(p["dept_id"])] = heads.get(str(p["dept_id"]), 0) + 1
    counts: dict[str, int] = {}
    for _rid, dept in answers:
        counts[str(dept)] = counts.get(str(dept), 0) + 1
    names = {str(d["dept_id"]): str(d.get("name") or d["dept_id"]) for d in departments
             if d.get("dept_id")}  # fmt: skip
    order = [*names, *sorted(set(counts) - set(names))]
    return [Rate(d, names.get(d, d), counts.get(d, 0), heads.get(d, 0)) for d in order
            if d in heads or d in counts]  # fmt: skip


def total(rates: Iterable[Rate]) -> Rate:
    """The company's line: every department's answers and active people; the rate counts
    each department's answers up to its headcount (one department's excess does not make up
    for another's missing answers)."""
    rates = list(rates)
    return Rate("", "", sum(r.answered for r in rates), sum(r.headcount for r in rates),
                sum(r.counted for r in rates))  # fmt: skip


def quarter_answers(wb: Workbook, quarter: str) -> list[tuple[Any, Any]]:
    """``(response_id, dept_id)`` of the quarter's answers that count (superseded removed)."""
    table = wb["survey"]
    rows = [(rid, q, dept) for rid, q, dept in zip(table.column("response_id"),
            table.column("quarter"), table.column("dept_id"), strict=True)]  # fmt: skip
    mine = [(rid, dept) for rid, q, dept in rows if str(parse_quarter(q)) == quarter]
    gone = superseded([rid for rid, _ in mine])
    return [pair for i, pair in enumerate(mine) if i not in gone]


def rates_of(wb: Workbook, quarter: str) -> list[Rate]:
    """The response rate per department for a quarter."""
    return response_rates(
        quarter_answers(wb, quarter), wb["people"].records(), wb["departments"].records()
    )
