"""A run that failed: a ``failed`` row in ``_runs`` and a note to the coordinators, so a broken
night is seen in the morning rather than discovered in a week.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping

from config.settings import Settings
from jobs.notify import Item, Message, Notifier, Section, factory, redact
from jobs.reminders.routing import to_coordinators
from jobs.run.runs_tab import Run
from sheets_sync.backend import Backend
from sheets_sync.workbook import Workbook, parse_workbook

log = logging.getLogger("collabsheet.run")


TEXT = {
    "zh-CN": ("【运行失败】{kind} {at}", "定时任务运行失败，请检查配置与表格后重新运行："),
    "en": ("Run failed: {kind} {at}", "A scheduled run failed; check the config and the sheets:"),
}


def record_failure(
    settings: Settings, backend: Backend, kind: str, now: dt.datetime, error: str,
    notifiers: Mapping[str, Notifier] | None = None,
) -> str:  # fmt: skip
    """Write a ``failed`` row to ``_runs`` and tell the coordinators; returns the redacted error.

    Best effort and never raising: the store may be the thing that is broken, so each step
    that fails is logged and the next is still tried (the outbox is the last resort)."""
    secrets = factory.secrets(settings.channels)
    text = redact(error, secrets)[:500]
    run = Run(kind, backend, now)
    wb: Workbook | None = None
    try:
        wb = parse_workbook(backend.read(), settings)
        backend.write({"_runs": run.rows(wb, "failed", errors=1, message=text)})
    except Exception as exc:  # the store is down: the coordinators must still hear of it
        log.error("could not record the failed %s run: %s", kind, redact(str(exc), secrets))
    subject, intro = TEXT["en" if settings.locale == "en" else "zh-CN"]
    subject = subject.format(kind=kind, at=f"{now:%Y-%m-%d %H:%M}")
    key = f"failure:{kind}:{run.run_id}"
    messages = [] if wb is None else to_coordinators(
        wb, settings, now, backend.link, key, subject, intro, [Item(text)]
    )  # fmt: skip
    if not messages:  # nobody to tell in the sheet (or no sheet): leave it in the outbox
        section = (Section(kind, (Item(text),)),)
        messages = [Message(key, "outbox", "coordinator@outbox.invalid", subject, intro, section,
                            level=2, locale=settings.locale)]  # fmt: skip
    senders = dict(notifiers if notifiers is not None else factory.notifiers(settings.channels))
    if "outbox" not in senders:  # always configured (config/channels.py), maybe not injected
        senders["outbox"] = factory.notifier(settings.channels.channels["outbox"])
    for m in messages:
        try:
            outcome = senders.get(m.channel, senders["outbox"]).send(m)
            error = "" if outcome.ok else outcome.error
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
        if error and m.channel != "outbox":  # the note must not be lost: the outbox keeps it
            log.error("could not tell %s of the failed run (%s); left in the outbox",
                      redact(m.recipient, secrets), redact(error, secrets))  # fmt: skip
            try:
                senders["outbox"].send(m)
            except Exception as exc:
                log.error("could not write the outbox: %s", redact(str(exc), secrets))
    return text
