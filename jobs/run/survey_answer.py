"""One answer from the dashboard's survey form: the token checked before anything is read,
then, under the run lock, appended to 满意度调研 with the values as typed (RAW: text is never
a formula). Answering again appends the next revision, which supersedes the earlier one
(``jobs.survey.responses``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from config.errors import BackendError, WorkbookLockedError
from config.settings import Settings
from jobs.run.lock import held
from jobs.run.survey_book import check_survey_tab, read_book, response_ids
from jobs.run.survey_waiting import append_answers, park, parked, waiting_path
from jobs.survey.responses import next_revision, respondent, response_id
from jobs.survey.rounds import Round, read_rounds
from jobs.survey.tokens import Refusal, Ticket, verify
from sheets_sync.backend import Backend
from sheets_sync.workbook import Workbook

HOURS = "weekly_comm_h"  # 每周跨部门沟通耗时 (沟通成本): optional, 0-80
ANSWER_KEYS = ("clarity", "smoothness", "communication", "overall", HOURS, "comment")


@dataclass(frozen=True)
class Answered:
    """An answer appended (or ``waiting``: kept until the workbook is free, jobs/run/
    survey_waiting.py): its 答卷编号 and whether it replaced an earlier one."""

    response_id: str
    replaced: bool
    waiting: bool = False


def admit(settings: Settings, token: str, now: dt.datetime) -> Ticket | Refusal:
    """What a token grants today, from its signature and date alone (no read): the form is
    drawn only for a ticket."""
    return verify(token, settings.survey.secret(), now.date())


@dataclass(frozen=True)
class Opened:
    """The round a valid ticket answers, and whether 满意度调研 has the weekly-hours column
    (沟通成本): the form asks it only then."""

    round: Round
    hours: bool
    earlier: dict[str, Any] | None = None  # the person's latest answer of the round, if any


def round_of(
    settings: Settings, backend: Backend, ticket: Ticket, now: dt.datetime
) -> Opened | Refusal:
    """The round a valid ticket answers with the person's last answer, or why it takes none
    (``untaken``; ``inactive``): read before the form is drawn, so nobody fills in a form
    that cannot be saved."""
    wb = read_book(settings, backend)
    taken = taking(wb, ticket, now)
    if isinstance(taken, Refusal):
        return taken
    rnd = taken[0]
    who = respondent(ticket.person_id, ticket.quarter, rnd.anonymous, settings.survey.secret())
    earlier = latest(settings, wb, ticket.quarter, who)
    if earlier is not None and rnd.anonymous:  # when only: the answer is not shown to whoever
        earlier = {"submitted_at": earlier.get("submitted_at")}  # holds the link (review37)
    return Opened(rnd, HOURS in wb["survey"].positions, earlier)


def latest(settings: Settings, wb: Workbook, quarter: str, who: str) -> dict[str, Any] | None:
    """The respondent's latest answer of the quarter (a waiting one included): the form shows
    it to be changed (trial35: 截止前可再次打开修改答卷 opened an empty form, and a second
    answer without the hours erased the first's)."""
    waiting = parked(waiting_path(settings))
    answers = [*wb["survey"].records(), *waiting]
    n = next_revision([a.get("response_id") for a in answers], quarter, who) - 1
    want = response_id(quarter, who, n)
    found = [a for a in answers if str(a.get("response_id") or "") == want]
    return found[-1] if n and found else None


def taking(wb: Workbook, ticket: Ticket, now: dt.datetime) -> tuple[Round, str] | Refusal:
    """The round a valid ticket answers now and the person's department now, or why none."""
    rnd = read_rounds(wb.bot.get("_survey_rounds")).get(ticket.quarter)
    if rnd is None or rnd.close_on != ticket.close.isoformat() or not rnd.is_open(now):
        return untaken(rnd, ticket, now)
    dept = department_now(wb, ticket)
    return dept if isinstance(dept, Refusal) else (rnd, dept)


def untaken(rnd: Round | None, ticket: Ticket, now: dt.datetime) -> Refusal:
    """Why the round of a valid ticket takes no answer (trial35: each was 本轮调研已结束): no
    round of the quarter (``no_round``), a later round with new links (``reopened``), one
    not open yet (``not_yet``), or one closed (``closed``)."""
    if rnd is None:
        return Refusal("no_round", ticket.close)
    if rnd.close_on != ticket.close.isoformat():
        return Refusal("reopened", ticket.close)
    if not rnd.closed_at and now < rnd.opened:
        return Refusal("not_yet", ticket.close)
    return Refusal("closed", ticket.close)


def department_now(wb: Workbook, ticket: Ticket) -> str | Refusal:
    """The ticket's person's department in 人员 now, or ``inactive`` when they are no longer
    an active person there (trial35: an answer of someone disabled after the invitation
    counted, and one moved to another department counted in the old one)."""
    for r in wb["people"].records():
        if str(r.get("person_id") or "") == ticket.person_id:
            if r.get("active") is False or not r.get("dept_id"):
                break
            return str(r["dept_id"])
    return Refusal("inactive", ticket.close)


def answer_survey(
    settings: Settings, backend: Backend, token: str, answer: Mapping[str, Any],
    now: dt.datetime, wait_s: float = 30.0,
) -> Answered | Refusal:  # fmt: skip
    """Append one answer for the token's person; ``closed`` when its round no longer takes
    answers. Under the run lock: the new 答卷编号 is chosen from this very read."""
    secret = settings.survey.secret()
    ticket = verify(token, secret, now.date())
    if isinstance(ticket, Refusal):
        return ticket
    with held(settings, "survey answer", wait_s):
        wb = read_book(settings, backend)
        taken = taking(wb, ticket, now)  # again: closed while the form was open, say
        if isinstance(taken, Refusal):
            return taken
        rnd, dept = taken
        check_survey_tab(wb)
        who = respondent(ticket.person_id, ticket.quarter, rnd.anonymous, secret)
        waiting = parked(waiting_path(settings))
        ids = [*response_ids(wb), *(r["response_id"] for r in waiting)]
        n = next_revision(ids, ticket.quarter, who)
        record = {k: answer.get(k) for k in ANSWER_KEYS if answer.get(k) is not None}
        record.update(response_id=response_id(ticket.quarter, who, n), quarter=ticket.quarter,
                      dept_id=dept, submitted_at=now.replace(microsecond=0))  # fmt: skip
        try:
            append_answers(settings, backend, wb, [record])
        except WorkbookLockedError:  # open in Excel / WPS: kept, appended when it is free
            path = waiting_path(settings)
            if path is None:
                raise
            try:
                park(path, record)
            except OSError as exc:  # not kept: not said to be received (review37)
                raise BackendError(f"无法保存答卷到 {path}：{exc}", f"cannot keep the answer in "
                                   f"{path}: {exc}") from exc  # fmt: skip
            return Answered(str(record["response_id"]), n > 1, waiting=True)
    return Answered(str(record["response_id"]), n > 1)
