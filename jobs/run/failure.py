"""A run that failed: a ``failed`` row in ``_runs`` with its reason, and a note to the
coordinators once a day, so a broken night is seen in the morning rather than discovered in a
week, and a run failing every few minutes does not fill their inboxes.

The row goes to the ledger database first (``jobs.run.ledger_db``), then to the results file:
a run that could not write the results file is still recorded, and the next run writes its row
there (``jobs.run.mirror``). The note is a ledger message keyed ``failure:KIND:DATE[:PERSON]``:
sent once that day whatever the number of failed runs, recorded like every reminder.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any, NoReturn

from config.errors import CollabsheetError, described, said
from config.phrases import Phrases
from config.settings import Settings
from jobs.notify import Item, Message, Notifier, Outcome, Section, factory, redact
from jobs.reminders.ledger import Ledger
from jobs.reminders.routing import to_coordinators
from jobs.run.journal import FileJournal, journal_path
from jobs.run.mirror import Mirror
from jobs.run.run_summary import kind_name
from jobs.run.runs_tab import RUNS, STAMP, Run
from sheets_sync.backend import Backend
from sheets_sync.workbook import Workbook, parse_workbook

log = logging.getLogger("collabsheet.run")


TEXT = Phrases("jobs/run/failure.py", {
    "subject": ("【运行失败】{what}", "Run failed: {what}"),
    "item": ("{text}（运行编号 {run_id}）", "{text} (run {run_id})"),
    # the terminal's line (Settings.locale) when the workbook cannot be read (trial10: English)
    "log.unread": ("{kind}失败已记入账本数据库；工作簿读不了，结果文件中的 _runs 由下一次能读取它"
                   "的运行补上（{error}）",
                   "the failed {kind} run is kept in the ledger database; the workbook cannot be "
                   "read, so the next run that can read it writes it to _runs ({error})"),
    "intro": ("一次运行失败了，请检查配置与表格后重新运行（今天的其他失败不再另行通知；运行记录见 "
              "_runs，结果文件写不进时见账本数据库，collabsheet doctor 会列出）：",
              "A run failed; check the config and the sheets, then run again (further failures "
              "today are not sent again; the run history is in _runs, or in the ledger "
              "database when the results file could not be written: collabsheet doctor lists "
              "it):"),
})  # fmt: skip
READS = ("_runs", "_reminders")


def record_failure(
    settings: Settings, backend: Backend, kind: str, now: dt.datetime, error: str,
    notifiers: Mapping[str, Notifier] | None = None,
) -> str:  # fmt: skip
    """Record a ``failed`` run (database, then ``_runs``) and tell the coordinators unless they
    were told today; returns the redacted error, the row's message.

    Best effort and never raising: the store may be the thing that is broken, so each step
    that fails is logged and the next is still tried (the outbox is the last resort)."""
    secrets = factory.secrets(settings.channels)
    text = redact(error, secrets)[:500] or f"the {kind} run failed without a message"
    run = Run(kind, backend, now)
    wb: Workbook | None = None
    unread = ""  # why the workbook cannot be read: said once the database holds the row
    try:
        wb = parse_workbook(backend.read(), settings, bot_tabs=READS)
    except Exception as exc:  # the workbook cannot be read: the database still records it
        unread = redact(said(exc, settings.locale), secrets)
    mirror: Mirror | None = None
    bot: Mapping[str, Any]
    try:
        mirror = Mirror.open(settings, backend)
        bot = mirror.overlay(wb.bot if wb is not None else {}, READS, now.date())
    except Exception as exc:
        log.error("could not open the ledger database: %s", redact(str(exc), secrets))
        bot = dict(wb.bot) if wb is not None else {}
    try:
        ledger = Ledger.load(bot.get("_reminders") or [], FileJournal(journal_path(settings)),
                             settings.channels, secrets,
                             locale=settings.written_locale)  # fmt: skip
    except Exception as exc:  # the journal cannot be read: the note still goes, unrecorded
        log.error("could not read the reminder journal: %s", redact(str(exc), secrets))
        ledger = Ledger({}, FileJournal(None), settings.channels, secrets, settings.written_locale)
    runs = RUNS.decode(bot.get("_runs"))
    run.run_id = _same_run(runs, kind, now) or run.run_id
    _tell(settings, wb, backend, ledger, kind, now, run.run_id, text, notifiers)
    row = run.row("failed", errors=1, message=text)
    tabs = {"_runs": RUNS.encode([*(r for r in runs if r["run_id"] != run.run_id), row]),
            "_reminders": ledger.rows(now.date())}  # fmt: skip
    try:
        if mirror is not None:  # durable first: the results file may be what is broken
            mirror.save(ledger, tabs, bot, now.date())
            mirror.db.save(runs=[row])  # over the row the run saved before its write failed
            ledger.journal.clear()  # the database holds what the journal held
            if unread:  # the terminal's language (trial10: English), once it is true (review11)
                log.warning("%s", TEXT(settings.locale, "log.unread", error=unread,
                                       kind=kind_name(settings.locale, kind)))  # fmt: skip
    except Exception as exc:
        log.error("could not record the failed %s run in the database: %s", kind,
                  redact(str(exc), secrets))  # fmt: skip
    finally:
        if mirror is not None:
            mirror.close()
    if wb is not None:
        try:
            backend.write(tabs)
        except Exception as exc:  # kept in the database: the next run writes it
            log.error("could not record the failed %s run in the results file: %s", kind,
                      redact(str(exc), secrets))  # fmt: skip
    return text


def raise_failed(
    settings: Settings, backend: Backend, kind: str, now: dt.datetime, exc: Exception,
    dry_run: bool = False,
) -> NoReturn:  # fmt: skip
    """A command's run raised ``exc``: recorded (``_runs``, the coordinators told, as the
    scheduler does; not a dry run, which records and tells nothing), then raised again as one
    line, redacted: ours whole (it names the place and the fix), another as ``每日运行失败：…``."""
    secrets = factory.secrets(settings.channels)
    error = described(exc)
    text = redact(error, secrets)[:500] if dry_run else record_failure(
        settings, backend, kind, now, error)  # fmt: skip
    if isinstance(exc, CollabsheetError):
        raise CollabsheetError(*(redact(part, secrets) for part in exc.parts)) from None
    raise CollabsheetError(
        f"{kind_name('zh-CN', kind)}失败：{text}", f"the {kind} run failed: {text}"
    ) from None


def _same_run(runs: list[dict[str, Any]], kind: str, now: dt.datetime) -> str:
    """The run id of the row this very run saved in the database before its write failed
    (same job, same start to the second: under the lock no other run has it), else ''."""
    at = now.strftime(STAMP)
    return next(
        (
            str(r["run_id"])
            for r in reversed(runs)
            if str(r.get("job")) == kind
            and str(r.get("started_at"))[:19] == at
            and r.get("outcome") != "failed"
        ),
        "",
    )


def _tell(
    settings: Settings, wb: Workbook | None, backend: Backend, ledger: Ledger, kind: str,
    now: dt.datetime, run_id: str, text: str, notifiers: Mapping[str, Notifier] | None,
) -> None:  # fmt: skip
    """The coordinators' note, once a day: a key the ledger has sent today is not sent again."""
    locale = settings.written_locale
    title = f"{kind_name(locale, kind)} {now:%Y-%m-%d %H:%M}"  # 每小时运行 2026-09-29 11:00
    subject = TEXT(locale, "subject", what=title)
    intro = TEXT(locale, "intro")
    key = f"failure:{kind}:{now:%Y-%m-%d}"
    item = Item(TEXT(locale, "item", text=text, run_id=run_id))
    messages = [] if wb is None else to_coordinators(
        wb, settings.remind_section, now, backend.link, key, subject, intro, [item], title
    )  # fmt: skip
    if not messages:  # nobody to tell in the sheet (or no sheet): leave it in the outbox
        section = (Section(title, (item,)),)
        messages = [Message(key, "outbox", "coordinator@outbox.invalid", subject, intro, section,
                            level=2, locale=settings.written_locale)]  # fmt: skip
    senders = dict(notifiers if notifiers is not None else factory.notifiers(settings.channels))
    if "outbox" not in senders:  # always configured (config/channels.py), maybe not injected
        senders["outbox"] = factory.notifier(settings.channels.channels["outbox"])
    secrets = factory.secrets(settings.channels)
    for m in messages:
        if not ledger.due(m, now):  # told already today (or waiting for its retry)
            continue
        ledger.begin(m, now, run_id)
        try:
            outcome = senders.get(m.channel, senders["outbox"]).send(m)
        except Exception as exc:
            outcome = Outcome(False, True, redact(f"{type(exc).__name__}: {exc}", secrets))
        ledger.finish(m, outcome, now)
        if not outcome.ok and m.channel != "outbox":  # the note must not be lost: the outbox
            log.error("could not tell %s of the failed run (%s); left in the outbox",
                      redact(m.recipient, secrets), redact(outcome.error, secrets))  # fmt: skip
            try:
                senders["outbox"].send(m)
            except Exception as exc:
                log.error("could not write the outbox: %s", redact(str(exc), secrets))
