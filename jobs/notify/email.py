"""SMTP e-mail: STARTTLS or SSL, AUTH, timeouts, text + HTML, UTF-8 subjects.

The Message-ID is derived from the ledger key, so a retried message carries the same id
(mail clients and the outbox collapse a duplicate onto the original).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from config.secrets import remember
from jobs.notify import Message, Outcome, redact, scrub
from jobs.notify.escaping import defuse, html_text


def message_id(key: str, domain: str = "collabsheet.local") -> str:
    """A stable Message-ID for a ledger key."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def build(message: Message, from_addr: str, now: dt.datetime | None = None) -> EmailMessage:
    """The MIME message: plain text and an HTML alternative, UTF-8 headers."""
    mail = EmailMessage()
    mail["Subject"] = defuse(message.subject)
    mail["From"] = from_addr
    mail["To"] = (
        formataddr((defuse(message.name), message.recipient))
        if message.name
        else (message.recipient)
    )
    mail["Message-ID"] = message_id(message.key, from_addr.rsplit("@", 1)[-1].strip(">"))
    mail["X-Collabsheet-Key"] = message.key
    if now is not None:
        mail["Date"] = format_datetime(now)
    text = [defuse(message.intro), ""]
    html = [f"<p>{html_text(message.intro)}</p>"]
    for s in message.sections:
        text += [f"【{defuse(s.title)}】"]
        html.append(f"<h3>{html_text(s.title)}</h3><ul>")
        for it in s.items:
            text.append(f"  - {defuse(it.text)}" + (f"  {it.link}" if it.link else ""))
            ok = it.link.startswith(("http://", "https://"))
            link = (
                f' <a href="{html_text(it.link)}">↗</a>'
                if ok
                else (f" <code>{html_text(it.link)}</code>" if it.link else "")
            )
            html.append(f"<li>{html_text(it.text)}{link}</li>")
        html.append("</ul>")
        text.append("")
    mail.set_content("\n".join(text), charset="utf-8")
    mail.add_alternative("<html><body>" + "".join(html) + "</body></html>", subtype="html")
    return mail


class EmailNotifier:
    """Sends each message in its own SMTP session (simple, and a failure hurts one message)."""

    def __init__(
        self, host: str, port: int, from_addr: str, user: str = "", password: str | None = None,
        security: str = "starttls", timeout: float = 30.0,
        context: ssl.SSLContext | None = None, now: Callable[[], dt.datetime] | None = None,
    ) -> None:  # fmt: skip
        self.host, self.port, self.from_addr, self.user = host, port, from_addr, user
        self.password, self.security, self.timeout = password, security, timeout
        self.context = context or ssl.create_default_context()
        self.now = now
        remember((password,))

    def send(self, message: Message) -> Outcome:
        where = f"SMTP {self.host}:{self.port}"
        try:
            mail = build(
                scrub(message), self.from_addr, self.now() if self.now else dt.datetime.now(dt.UTC)
            )
        except (ValueError, TypeError, IndexError) as exc:  # a malformed address in the sheet
            return Outcome(False, False, f"cannot build the mail to {message.recipient!r}: {exc}")
        try:
            self._deliver(mail, message.recipient)
        except smtplib.SMTPAuthenticationError as exc:
            return Outcome(False, False, self._hide(
                f"{where}: authentication failed for user {self.user!r} ({exc.smtp_code}); "
                "check the password in the environment variable named by "
                "[channels.email] password_env"
            ))  # fmt: skip
        except smtplib.SMTPNotSupportedError as exc:  # e.g. no AUTH / STARTTLS: fix the config
            return Outcome(False, False, self._hide(f"{where}: {exc}; check [channels.email]"))
        except smtplib.SMTPRecipientsRefused as exc:
            return Outcome(False, False, self._hide(f"{where}: recipient refused: {exc}"))
        except smtplib.SMTPResponseException as exc:
            transient = 400 <= exc.smtp_code < 500
            return Outcome(False, transient, self._hide(f"{where}: {exc.smtp_code} {exc}"))
        except TimeoutError:
            return Outcome(False, True, f"{where}: timeout after {self.timeout:.0f} s")
        except (OSError, smtplib.SMTPException) as exc:
            return Outcome(False, True, self._hide(f"{where}: {type(exc).__name__}: {exc}"))
        return Outcome(True)

    def _hide(self, text: str) -> str:
        return redact(text, (self.password,))

    def _deliver(self, mail: EmailMessage, to: str) -> None:
        smtp: smtplib.SMTP
        if self.security == "ssl":
            smtp = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=self.context
            )
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with smtp:
            if self.security == "starttls":
                smtp.starttls(context=self.context)
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(mail, self.from_addr, [to])
