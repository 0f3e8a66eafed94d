"""Survey rounds against the workbook: open (invite), remind, close and status; the pure
parts are in ``jobs.survey``.

The round is kept in the bot tab ``_survey_rounds`` (not the ledger database): the dashboard's
form must see it wherever the dashboard runs, on the xlsx and the Google backend alike. The
letters go through the reminder ledger (``jobs.run.survey_letters``), so none is sent twice;
the answers come through ``jobs.run.survey_answer``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from config.errors import CollabsheetError
from config.phrases import language
from config.settings import Settings
from jobs.kpis.quarters import parse_quarter
from jobs.notify import Notifier
from jobs.reminders.quiet_hours import next_opening, quiet_now
from jobs.reminders.silence import working_day
from jobs.run.delivery import Delivery
from jobs.run.runs_tab import Run
from jobs.run.survey_book import (
    channels_of,
    check_survey_tab,
    read_book,
    response_ids,
    survey_calendar,
)
from jobs.run.survey_letters import Letters, link_warning, links
from jobs.run.survey_notes import NOTES, ended
from jobs.run.survey_waiting import waiting_ids
from jobs.survey import rounds as round_rules
from jobs.survey.invitations import Invitee, close_after, invitees, letters, remind_due, unreachable
from jobs.survey.responses import Rate, answered_by, rates_of, respondent, total
from jobs.survey.rounds import STAMP, Round, open_round, read_rounds, rounds_rows
from sheets_sync.backend import Backend
from sheets_sync.finding import Finding
from sheets_sync.workbook import Workbook


@dataclass(frozen=True)
class RoundReport:
    """What a survey command did: the round, the letters, the response rates."""

    quarter: str
    round: Round | None
    deliveries: tuple[Delivery, ...] = ()
    rates: tuple[Rate, ...] = ()
    dry_run: bool = False
    note: str = ""  # one line: why nothing was sent, a missing secret in a dry run
    wrote: bool = False  # the bot tabs were written (not a dry run, not status)
    diverted: str = ""  # the results file was locked: the line naming it and the fallback
    findings: tuple[Finding, ...] = ()  # people whose letter cannot go (no e-mail address)
    held: str = ""  # outside working hours: why the letters are held and when they go
    warnings: tuple[str, ...] = ()  # e.g. links on a loopback address

    def count(self, status: str) -> int:
        return sum(d.status == status for d in self.deliveries)


def quarter_text(value: str) -> str:
    """A quarter as the CLI takes it (2026Q4, 2026-Q4, 2026年第4季度 …), as ``2026Q4``."""
    q = parse_quarter(value)
    if q is None:
        raise CollabsheetError(f"「{value}」不是季度，请写成 2026Q4",
                               f"{value!r} is not a quarter: write it as 2026Q4")  # fmt: skip
    return str(q)


def open_survey(
    settings: Settings, backend: Backend, quarter: str, close: dt.date | None, now: dt.datetime,
    *, dry_run: bool = False, notifiers: Mapping[str, Notifier] | None = None, journal: Any = None,
    reopen: bool = False,
) -> RoundReport:  # fmt: skip
    """Record the round (or keep the open one) and invite every active person not invited
    yet. A closed or finished round of the quarter is replaced by a new one (new close date,
    new links) only with ``reopen``; else a CollabsheetError says how."""
    wb = read_book(settings, backend)
    check_survey_tab(wb)
    rounds = read_rounds(wb.bot.get("_survey_rounds"))
    rnd = rounds.get(quarter)
    if refused := round_rules.refused_opening(quarter, now.date(), open_round(rounds, now)):
        raise CollabsheetError(*refused)
    if rnd is not None and not rnd.is_open(now) and not reopen:
        raise CollabsheetError(*ended(rnd))
    if rnd is not None and rnd.is_open(now):
        if close is not None and close.isoformat() != rnd.close_on:
            raise CollabsheetError(
                f"{quarter} 调研进行中，截止 {rnd.close_on}：要改截止日期，请先结束本轮"
                f"（collabsheet survey close {quarter}）再开启",
                f"survey round {quarter} is open until {rnd.close_on}: close it first "
                f"(collabsheet survey close {quarter}) to open it again with another close date",
            )
    else:
        cal = survey_calendar(
            settings.sla_section, wb, now.date(), now.date() + dt.timedelta(days=120)
        )
        close = close or close_after(now.date(), cal, settings.survey.close_after_workdays)
        if close < now.date():
            raise CollabsheetError(
                f"--close {close} 早于今天（{now.date()}），请给今天或以后的日期",
                f"--close {close} is before today ({now.date()}): give a close date from today on",
            )
        if rnd is not None and close.isoformat() == rnd.close_on:  # same links, same keys
            raise CollabsheetError(
                f"重新开启的一轮须另定截止日期（上一轮截止 {rnd.close_on}）：请加 --close 指定",
                f"a reopened round needs another close date than the last one ({rnd.close_on}): "
                "give --close",
            )
        if rnd is not None:  # reopened: the ended round's record stays (trial35: erased)
            rounds = {**rounds, f"{quarter} {rnd.opened_at}": rnd}
        rnd = Round(quarter, now.strftime(STAMP), close.isoformat(),
                    anonymous=settings.survey.anonymous)  # fmt: skip
    link, note = links(settings.survey, settings.locale, rnd, dry_run)
    warnings = tuple(filter(None, (link_warning(settings.survey, settings.locale),)))
    people = invitees(wb["people"].records())
    out = Letters(settings, backend, wb, now, dry_run, notifiers, journal)
    try:
        run = Run("survey open", backend, now)
        messages = letters("invite", rnd, people, channels_of(wb), settings.channels, link,
                           settings.written_locale)  # fmt: skip
        hold, held = _quiet(settings, wb, now)
        sent = out.send(messages, run.run_id, hold)
        invited = _sent(out, rnd, "invite")
        rnd = replace(rnd, invited=invited or sum(d.status == "would_send" for d in sent))
        if not dry_run:
            rows = rounds_rows({**rounds, quarter: rnd}.values())
            out.write(
                backend,
                wb,
                {"_survey_rounds": rows},
                run.row(
                    "ok",
                    rows=len(people),
                    message=_record(settings, "invite", quarter, sent),
                ),
            )
    finally:
        out.close()
    lost = unreachable(people, channels_of(wb), settings.channels, wb["people"])
    return RoundReport(quarter, rnd, tuple(sent), tuple(rates_of(wb, quarter)), dry_run, note,
                       not dry_run, out.diverted, tuple(lost), held, warnings)  # fmt: skip


def remind_survey(
    settings: Settings, backend: Backend, now: dt.datetime, quarter: str | None = None,
    *, dry_run: bool = False, notifiers: Mapping[str, Notifier] | None = None, journal: Any = None,
) -> RoundReport:  # fmt: skip
    """Remind, once, the people of the open round who have not answered, from
    ``remind_after_workdays`` working days after it opened."""
    wb = read_book(settings, backend)
    rounds = read_rounds(wb.bot.get("_survey_rounds"))
    rnd = rounds.get(quarter) if quarter else open_round(rounds, now)
    if rnd is None or not rnd.is_open(now):
        return RoundReport(
            quarter or "", rnd, dry_run=dry_run, note=NOTES(settings.locale, "no_round")
        )
    days = settings.survey.remind_after_workdays
    cal = survey_calendar(
        settings.sla_section, wb, rnd.opened.date(), max(now.date(), rnd.opened.date())
    )
    due = remind_due(rnd, cal, days, now)
    link, note = links(settings.survey, settings.locale, rnd, dry_run)
    warnings = tuple(filter(None, (link_warning(settings.survey, settings.locale),)))
    people = invitees(wb["people"].records())
    waiting = _waiting(settings, wb, rnd, people, signed=not note) if due else []
    out = Letters(settings, backend, wb, now, dry_run, notifiers, journal)
    try:
        run = Run("survey remind", backend, now)
        channels = channels_of(wb)
        # invitations still owed (a channel failed or was rate-limited when the round opened)
        written = settings.written_locale  # the workbook's people read the letters
        owed = [m for m in letters("invite", rnd, people, channels, settings.channels, link,
                                   written) if out.ledger.pending(m.key)]  # fmt: skip
        messages = letters("remind", rnd, waiting, channels, settings.channels, link,
                           settings.written_locale)  # fmt: skip
        hold, held = _quiet(settings, wb, now)
        sent = out.send(owed + messages, run.run_id, hold)
        if not due:
            note = note or NOTES(settings.locale, "not_yet", at=rnd.opened_at[:16], days=days)
        # held or failed invitations sent now count as invited from now on (never fewer)
        rnd = replace(rnd, invited=max(rnd.invited, _sent(out, rnd, "invite")),
                      reminded=_sent(out, rnd, "remind"))  # fmt: skip
        if not dry_run:
            rows = rounds_rows({**rounds, rnd.quarter: rnd}.values())
            out.write(
                backend,
                wb,
                {"_survey_rounds": rows},
                run.row("ok", message=_record(settings, "remind", rnd.quarter, sent)),
            )
    finally:
        out.close()
    lost = unreachable(waiting, channels_of(wb), settings.channels, wb["people"])
    return RoundReport(rnd.quarter, rnd, tuple(sent), tuple(rates_of(wb, rnd.quarter)), dry_run,
                       note, not dry_run, out.diverted, tuple(lost), held,
                       warnings)  # fmt: skip


def _sent(out: Letters, rnd: Round, kind: str) -> int:
    """How many of the round's letters of ``kind`` (invite, remind) the ledger holds as sent."""
    head = f"survey:{rnd.tag()}:{kind}:"
    return sum(e.status == "sent" and k.startswith(head) for k, e in out.ledger.entries.items())


def _quiet(settings: Settings, wb: Workbook, now: dt.datetime) -> tuple[dt.datetime | None, str]:
    """Outside working hours (the reminders' quiet hours, on the working calendar): the next
    opening, until which the letters are held, and the line saying so; else (None, "")."""
    cal = survey_calendar(settings.sla_section, wb, now.date(), now.date() + dt.timedelta(days=60))
    if not quiet_now(settings.remind_section, now, cal):
        return None, ""
    opens = next_opening(settings.remind_section, now, cal)
    at = f"{opens:%Y-%m-%d %H:%M}"
    if working_day(settings.calendar, now.date(), cal):
        return opens, NOTES(settings.locale, "quiet", at=at)
    day = f"{now.date()}, {now.date():%A}" if language(settings.locale) == "en" else (
        f"{now.date()}，星期{'一二三四五六日'[now.weekday()]}")  # fmt: skip
    return opens, NOTES(settings.locale, "off_day", day=day, at=at)


def _record(settings: Settings, kind: str, quarter: str, sent: list[Delivery]) -> str:
    """The ``_runs`` message of a survey command (``kind``: invite, remind): the count, held
    letters, the link warning; in [general] locale, what the workbook's people read."""
    locale, held = settings.written_locale, sum(d.status == "held" for d in sent)
    warning = link_warning(settings.survey, locale)
    # held invitations a remind run sent are invitations (trial35: 提醒 39 封 for 0 reminders)
    n = {k: sum(f":{k}:" in d.key for d in sent) for k in ("invite", "remind")}
    parts = [NOTES(locale, k, quarter=quarter, n=n[k]) for k in n if n[k] or k == kind]
    parts += [NOTES(locale, "held", n=held)] if held else []
    parts += [warning] if warning else []
    return NOTES(locale, "sep").join(parts)


def _waiting(
    settings: Settings, wb: Workbook, rnd: Round, people: list[Invitee], signed: bool
) -> list[Invitee]:
    """Who has not answered the round: by name, or (signed) by their pseudonym as well; a dry
    run without the secret can match named answers only. An answer waiting for the workbook
    to be closed is an answer (review37: its person was reminded)."""
    secret = settings.survey.secret() if signed else ""
    ids = [*response_ids(wb), *waiting_ids(settings)]
    return [p for p in people if not answered_by(ids, rnd.quarter, (
        respondent(p.person_id, rnd.quarter, False, secret),
        *((respondent(p.person_id, rnd.quarter, True, secret),) if signed else ())))]  # fmt: skip


def close_survey(
    settings: Settings, backend: Backend, quarter: str, now: dt.datetime, *, dry_run: bool = False
) -> RoundReport:
    """Close the quarter's round now (its links stop working) and record the final counts."""
    wb = read_book(settings, backend)
    rounds = read_rounds(wb.bot.get("_survey_rounds"))
    rnd = rounds.get(quarter)
    rates = rates_of(wb, quarter)
    if rnd is None or rnd.closed_at:
        note = (
            NOTES(settings.locale, "closed", at=rnd.closed_at)
            if rnd
            else NOTES(settings.locale, "never")
        )
        return RoundReport(quarter, rnd, (), tuple(rates), dry_run, note)
    company = total(rates)
    rnd = rnd.closed(now, company.counted, company.headcount)  # the final rate's numbers
    diverted = ""
    if not dry_run:
        out = Letters(settings, backend, wb, now, dry_run, {}, None)
        try:
            run = Run("survey close", backend, now)
            out.write(
                backend,
                wb,
                {"_survey_rounds": rounds_rows({**rounds, quarter: rnd}.values())},
                run.row("ok", message=f"{quarter}: {rnd.answered}/{rnd.headcount} answered"),
            )
            diverted = out.diverted
        finally:
            out.close()
    return RoundReport(quarter, rnd, (), tuple(rates), dry_run, "", not dry_run, diverted)


def survey_status(
    settings: Settings, backend: Backend, now: dt.datetime, quarter: str | None = None
) -> RoundReport:
    """The response rate per department: of ``quarter``, else of the open round, else of the
    latest round."""
    wb = read_book(settings, backend)
    rounds = read_rounds(wb.bot.get("_survey_rounds"))
    rnd = open_round(rounds, now)
    if quarter is None:
        latest = max(rounds.values(), key=lambda r: r.opened_at, default=None)
        rnd = rnd or latest
        quarter = rnd.quarter if rnd else str(parse_quarter(f"{now:%Y}Q{(now.month - 1) // 3 + 1}"))
    else:
        rnd = rounds.get(quarter)
    return RoundReport(quarter, rnd, (), tuple(rates_of(wb, quarter)))
