"""The letters of a survey command (invitations, reminders) through the reminder ledger: the
``_reminders`` tab, its journal and the ledger database, as ``jobs.run.delivery`` sends, so a
letter is never sent twice; each within its channel's rate limit (else carried to the next
command) and size limit (numbered parts). Also the personal link maker of a round."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from config.errors import CollabsheetError, ConfigError
from config.settings import Settings
from config.survey_settings import MIN_SECRET, SurveySettings, loopback
from jobs.notify import Message, Notifier, Outcome, factory, parts, redact
from jobs.notify.limits import history
from jobs.reminders.ledger import Ledger
from jobs.run.delivery import Delivery
from jobs.run.journal import FileJournal, journal_path
from jobs.run.mirror import Mirror
from jobs.run.results import write_results
from jobs.run.survey_notes import NOTES
from jobs.survey.invitations import Invitee
from jobs.survey.rounds import Round
from jobs.survey.tokens import Ticket, sign
from sheets_sync.backend import Backend
from sheets_sync.workbook import Workbook

NO_SECRET = "(signed when sent: {env} is not set)"


class Letters:
    """The ledger and the notifiers of one survey command."""

    def __init__(
        self, settings: Settings, backend: Backend, wb: Workbook, now: dt.datetime,
        dry_run: bool, notifiers: Mapping[str, Notifier] | None, journal: Path | None,
    ) -> None:  # fmt: skip
        self.settings, self.now, self.dry_run = settings, now, dry_run
        self.diverted = ""  # the results file was locked: the line naming it and the fallback
        self.mirror = Mirror.open(settings, backend, dry_run)
        self.bot = self.mirror.overlay(wb.bot, ("_reminders", "_runs"), now.date())
        self.secrets = factory.secrets(settings.channels)
        self.ledger = Ledger.load(self.bot.get("_reminders") or [],
                                  FileJournal(journal or journal_path(settings)),
                                  settings.channels, self.secrets,
                                  locale=settings.written_locale)  # fmt: skip
        if dry_run:
            self.ledger.journal = FileJournal(None)  # read the journal, never write it
        self.senders = dict(
            notifiers if notifiers is not None else factory.notifiers(settings.channels)
        )

    def send(
        self, messages: list[Message], run_id: str, hold_until: dt.datetime | None = None
    ) -> list[Delivery]:
        """Each message its ledger allows (a key sent before is skipped), within the channels'
        rate limits (the rest carried to a later command) and size limits (numbered parts).
        ``hold_until`` (outside working hours, as the reminders' quiet hours): nothing goes;
        each is ``held`` in the ledger until that opening; from then the scheduler's daily run
        or ``survey remind`` sends it (held keys are owed, never superseded by the reminders)."""
        ledger, now = self.ledger, self.now
        statuses = {k: e.status for k, e in ledger.entries.items()}
        due = [m for m in parts.expand(self.senders, messages, statuses) if ledger.due(m, now)]
        if hold_until is not None:
            reason = ledger.held(hold_until)
            if self.dry_run:
                return [self._delivery(m, "would_hold", reason) for m in due]
            ledger.hold(due, now, hold_until)
            return [self._delivery(m, "held", reason) for m in due]
        if self.dry_run:
            return [self._delivery(m, "would_send", "") for m in due]
        rows = ((e.channel, e.status, e.sent_at, e.next_at, e.error)
                for e in ledger.entries.values())  # fmt: skip
        limits = factory.limiters(self.settings.channels, time.monotonic, time.sleep,
                                  history(rows, now))  # fmt: skip
        ledger.expect(due)
        out = []
        for m in due:
            limiter = limits.get(m.channel)
            if limiter is not None and not limiter.acquire(self.settings.channels.max_wait_s):
                reason = NOTES(self.settings.written_locale, "carried", channel=m.channel)
                ledger.carry(m, now, reason)
                out.append(self._delivery(m, "carried", reason))
                continue
            ledger.begin(m, now, run_id)
            entry = ledger.finish(m, self._send(m), now)
            out.append(self._delivery(m, entry.status, entry.error))
        ledger.sync()
        return out

    def _send(self, m: Message) -> Outcome:
        """The channel's answer; a bug or a missing channel is a retryable, redacted error."""
        sender = self.senders.get(m.channel)
        if sender is None:
            return Outcome(False, False, f"channel {m.channel!r} is not configured")
        try:
            return sender.send(m)
        except Exception as exc:  # one channel's bug must not lose the other letters
            return Outcome(False, True, redact(f"{type(exc).__name__}: {exc}", self.secrets))

    def _delivery(self, m: Message, status: str, error: str) -> Delivery:
        recipient = redact(m.recipient, self.secrets)
        return Delivery(m.key, m.channel, recipient, m.subject, status, error)

    def write(
        self, backend: Backend, wb: Workbook, tabs: Mapping[str, Any], run: dict[str, Any]
    ) -> None:
        """The rounds, the ledger and a ``_runs`` row: the database first, then one write."""
        every = {**tabs, "_reminders": self.ledger.rows(self.now.date())}
        self.diverted = write_results(backend, self.mirror, self.ledger, wb, every, run,
                                      self.now, self.bot)  # fmt: skip

    def close(self) -> None:
        self.mirror.close()


def links(
    survey: SurveySettings, locale: str, rnd: Round, dry_run: bool
) -> tuple[Callable[[Invitee], str], str]:
    """The link maker of a round, and a note in ``locale`` when a dry run has no secret to sign
    with (a real run stops with the config error naming the variable)."""
    try:
        secret = survey.secret()
    except CollabsheetError:
        if not dry_run:
            raise ConfigError(no_secret(survey, locale)) from None
        env = survey.secret_env
        unsigned = survey.link(NO_SECRET.format(env=env))
        note = NOTES(locale, "unsigned", env=env)
        return (lambda who: unsigned), note

    def link(who: Invitee) -> str:
        ticket = Ticket(who.person_id, who.dept_id, rnd.quarter, rnd.close_date)
        return survey.link(sign(ticket, secret))

    return link, ""


def no_secret(survey: SurveySettings, locale: str) -> str:
    """Why a real survey command stops without the signing secret, in ``locale``."""
    make = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
    return NOTES(locale, "no_secret", env=survey.secret_env, min=MIN_SECRET, make=make)


def link_warning(survey: SurveySettings, locale: str) -> str:
    """A warning in ``locale`` when the links point at this machine (``[survey] base_url`` on a
    loopback address): people on other machines cannot open them. "" otherwise."""
    url = survey.base_url
    if not loopback(url):
        return ""
    return NOTES(locale, "loopback", url=url)
