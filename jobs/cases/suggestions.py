"""Suggest library cases for retrospective findings, and the ``_case_links`` tab.

For every retrospective whose case_id is empty, the matcher (``jobs.cases.matching``) ranks the
case library. Matches scoring ``SUGGEST`` or more are suggestions (written to ``_case_links``,
shown to the action owner); the best one scoring ``ACCEPT`` or more is *accepted*: it counts as
a link for recurrence (``recurrence``). A case_id typed by a person always wins and gets no
suggestion. Both thresholds were chosen on the labelled set (docs/cases.md, bench/cases.py).
Nothing here writes a human tab.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from config.phrases import Phrases
from jobs.cases.matching import CaseMatcher, Query
from sheets_sync.workbook import Workbook

SUGGEST = 0.10  # below: "no match" (labelled set: no-match precision 13/14, recall 13/14)
ACCEPT = 0.20  # from here the best match counts as a link (labelled and held-out: no wrong one)
TOP = 3  # suggestions per finding at most


@dataclass(frozen=True)
class Suggestion:
    """A library case suggested for one finding, with the terms that explain the score."""

    retro_id: str
    cell: str  # the finding's cell, A1 (clickable in ``_case_links`` through ``link``)
    case_id: str
    rank: int
    score: float
    words: tuple[str, ...]
    accepted: bool


def scenarios_of(wb: Workbook) -> dict[str, str]:
    """project_id -> scenario of its template (the matcher prefers cases of that scenario)."""
    templates = wb["templates"]
    by_template = dict(
        zip(templates.column("template_id"), templates.column("scenario"), strict=True)
    )
    projects = wb["projects"]
    return {
        str(p): str(by_template[t])
        for p, t in zip(projects.column("project_id"), projects.column("template_id"), strict=True)
        if by_template.get(t)
    }


def matcher_of(wb: Workbook) -> CaseMatcher:
    """The matcher over the workbook's case library (scenario names from the templates)."""
    scenarios = {str(s) for s in wb["templates"].column("scenario") if s}
    return CaseMatcher(list(wb["cases"].records()), scenarios)


def suggestions(
    wb: Workbook,
    suggest: float = SUGGEST,
    accept: float = ACCEPT,
    top: int = TOP,
    matcher: CaseMatcher | None = None,
) -> list[Suggestion]:
    """Suggestions for every finding without a case_id, in sheet order, best first."""
    retros = wb["retrospectives"]
    finding, case_id = retros.column("finding"), retros.column("case_id")
    todo = [i for i, (c, f) in enumerate(zip(case_id, finding, strict=True)) if not c and (f or "")]
    if not todo or not len(wb["cases"]):
        return []
    scenario = scenarios_of(wb)
    cause, project = retros.column("root_cause"), retros.column("project_id")
    queries = [Query(f"{finding[i]} {cause[i] or ''}", scenario.get(str(project[i]))) for i in todo]
    ranked = (matcher or matcher_of(wb)).rank_many(queries, top)
    out = []
    retro_id = retros.column("retro_id")
    for i, matches in zip(todo, ranked, strict=True):
        rid, cell = str(retro_id[i]), retros.cell("finding", i)
        for rank, m in enumerate((m for m in matches if m.score >= suggest), 1):
            ok = rank == 1 and m.score >= accept
            out.append(Suggestion(rid, cell, m.case_id, rank, m.score, m.words, ok))
    return out


def accepted(links: Sequence[Suggestion]) -> dict[str, str]:
    """retro_id -> case_id of the accepted suggestions (the links recurrence counts)."""
    return {s.retro_id: s.case_id for s in links if s.accepted}


TEXT = Phrases("jobs/cases/suggestions.py", {
    "suggestion": (
        "这个问题看起来像案例 {case_id}「{title}」（相似度 {score:.0%}）。解决方案：{solution}",
        "This looks like case {case_id} “{title}” (similarity {score:.0%}). Solution: {solution}",
    ),
})  # fmt: skip


def suggestion_texts(
    wb: Workbook, links: Sequence[Suggestion], locale: str = "zh-CN"
) -> dict[str, str]:
    """retro_id -> "this looks like case C012 (solution: …)" for its best suggestion."""
    cases = wb["cases"]
    row_of = {str(c): i for i, c in enumerate(cases.column("case_id"))}  # the last one wins
    title, solution = cases.column("title"), cases.column("solution")
    template = TEXT.words(locale)["suggestion"]
    out: dict[str, str] = {}
    for s in links:
        i = row_of.get(s.case_id)
        if s.rank == 1 and i is not None:
            out[s.retro_id] = template.format(
                case_id=s.case_id, title=title[i], score=s.score, solution=solution[i]
            )
    return out


def suggestion_for(
    wb: Workbook,
    retro_id: str,
    locale: str = "zh-CN",
    links: Sequence[Suggestion] | None = None,
) -> str | None:
    """The suggestion text of one finding (None: it has a case_id, or nothing scores enough).

    Pass ``links`` (from ``suggestions``) when asking for many findings: matching runs once.
    """
    found = links if links is not None else suggestions(wb)
    return suggestion_texts(wb, [s for s in found if s.retro_id == retro_id], locale).get(retro_id)


def by_case(links: Sequence[Suggestion]) -> Mapping[str, list[Suggestion]]:
    """case_id -> its suggestions (the dashboard's "suggested for" list per case)."""
    out: dict[str, list[Suggestion]] = {}
    for s in links:
        out.setdefault(s.case_id, []).append(s)
    return out
