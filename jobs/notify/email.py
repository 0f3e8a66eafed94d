"""SMTP e-mail: STARTTLS or SSL, AUTH, timeouts, text + HTML, UTF-8 subjects.

The Message-ID is derived from the ledger key, so a retried message carries the same id
(mail clients and the outbox collapse a duplicate onto the original).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import smtplib
import ssl
import weakref
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from typing import Any

from config.secrets import remember
from jobs.notify import Message, Outcome, link_words, redact, scrub
from jobs.notify.escaping import defuse, html_text
from jobs.notify.mail_subject import POLICY


def message_id(key: str, domain: str = "collabsheet.local") -> str:
    """A stable Message-ID for a ledger key."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def build(message: Message, from_addr: str, now: dt.datetime | None = None) -> EmailMessage:
    """The MIME message: plain text and an HTML alternative, UTF-8 headers."""
    mail = EmailMessage(policy=POLICY)  # a Chinese subject keeps its spaces (mail_subject.py)
    mail["Subject"] = defuse(message.subject)
    mail["From"] = from_addr
    mail["To"] = (
        formataddr((defuse(message.name), message.recipient))
        if message.name
        else (message.recipient)
    )
    domain = from_addr.rsplit("@", 1)[-1].strip(">")
    mail["Message-ID"] = message_id(message.key, domain)
    mail["X-Collabsheet-Key"] = message.key
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to a robot
    mail["X-Auto-Response-Suppress"] = "All"  # Exchange / Outlook: no out-of-office replies
    mail["List-Id"] = f"collabsheet reminders <reminders.{domain}>"
    if now is not None:
        mail["Date"] = format_datetime(now)
    text = [defuse(message.intro), ""]
    # a line of the intro is a line in the mail too (trial35: the anonymous note ran on)
    html = [f"<p>{'<br>'.join(html_text(line) for line in message.intro.splitlines())}</p>"]
    for s in message.sections:
        text += [f"【{defuse(s.title)}】"]
        html.append(f"<h3>{html_text(s.title)}</h3><ul>")
        for it in s.items:
            text.append(f"  - {defuse(it.text)}" + (f"  {it.link}" if it.link else ""))
            ok = it.link.startswith(("http://", "https://"))
            link = (
                f' <a href="{html_text(it.link)}">{link_words(it, message.locale)}</a>'
                if ok
                else (f" <code>{html_text(it.link)}</code>" if it.link else "")
            )
            html.append(f"<li>{html_text(it.text)}{link}</li>")
        html.append("</ul>")
        text.append("")
    mail.set_content("\n".join(text), charset="utf-8")
    mail.add_alternative("<html><body>" + "".join(html) + "</body></html>", subtype="html")
    return mail


MAYBE_DELIVERED = (
    "the mail was sent and {what}; it may have been delivered, so it is not sent again (ask "
    "the recipient)"
)


class _MaybeDelivered(Exception):
    """The mail's content and its closing dot went out; the server's answer did not come
    (``timed_out``), or the connection closed first."""

    def __init__(self, timed_out: bool) -> None:
        super().__init__("timed out" if timed_out else "connection closed")
        self.timed_out = timed_out


class _Watched(smtplib.SMTP):
    """An SMTP session that knows when a mail's content has gone out: ``data`` sends it, ending
    in CRLF.CRLF, then waits for the server's 250. A timeout or a dropped connection after that
    may come after the server took the mail (RFC 1047): sending it again could deliver it twice
    (trial12: a receiver that answered late got every mail twice)."""

    content_sent = False

    def send(self, s: Any) -> None:  # smtplib's: a buffer or a str
        super().send(s)
        if isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.content_sent = True


class _WatchedSSL(_Watched, smtplib.SMTP_SSL):
    """``_Watched`` over TLS from the start (``security = "ssl"``)."""


class EmailNotifier:
    """One SMTP session for the whole run, reused for every message (reconnected if the
    server drops it). The first failed login (535) or hung server stops the channel for the
    run: one failed login, one timeout, then the rest wait for the next run."""

    def __init__(
        self, host: str, port: int, from_addr: str, user: str = "", password: str | None = None,
        security: str = "starttls", timeout: float = 30.0,
        context: ssl.SSLContext | None = None, now: Callable[[], dt.datetime] | None = None,
    ) -> None:  # fmt: skip
        self.host, self.port, self.from_addr, self.user = host, port, from_addr, user
        self.password, self.security, self.timeout = password, security, timeout
        self.context = context or ssl.create_default_context()
        self.now = now
        self.envelope = parseaddr(from_addr)[1] or from_addr  # MAIL FROM: the address only
        self.down = ""  # why the channel stopped for this run
        self._smtp: _Watched | None = None
        remember((password,))
        weakref.finalize(self, _quit, self.__dict__)

    def send(self, message: Message) -> Outcome:
        where = f"SMTP {self.host}:{self.port}"
        if self.down:
            return Outcome(False, True, f"{where}: not tried, the channel stopped for this run "
                                        f"({self.down})")  # fmt: skip
        try:
            mail = build(
                scrub(message), self.from_addr, self.now() if self.now else dt.datetime.now(dt.UTC)
            )
        except (ValueError, TypeError, IndexError) as exc:  # a malformed address in the sheet
            return Outcome(False, False, f"cannot build the mail to {message.recipient!r}: {exc}")
        try:
            self._deliver(mail, message.recipient)
        except _MaybeDelivered as lost:  # the content went out, its acceptance did not come
            self._drop()
            what = (f"no confirmation came within {self.timeout:g} s" if lost.timed_out
                    else "the connection closed before the server confirmed it")  # fmt: skip
            self.down = what
            return Outcome(False, False, f"{where}: {MAYBE_DELIVERED.format(what=what)}")
        except smtplib.SMTPAuthenticationError as exc:
            self._drop()
            self.down = f"authentication failed ({exc.smtp_code})"
            return Outcome(False, False, self._hide(
                f"{where}: authentication failed for user {self.user!r} ({exc.smtp_code}); "
                "check the password in the environment variable named by "
                "[channels.email] password_env"
            ))  # fmt: skip
        except smtplib.SMTPNotSupportedError as exc:  # e.g. no AUTH / STARTTLS: fix the config
            self._drop()
            self.down = f"not supported by the server ({exc})"  # the same for every mail
            return Outcome(False, False, self._hide(f"{where}: {exc}; check [channels.email]"))
        except smtplib.SMTPRecipientsRefused as exc:
            return self._refused(where, exc)
        except smtplib.SMTPResponseException as exc:  # RFC 5321: 4xx transient, 5xx permanent
            transient = 400 <= exc.smtp_code < 500
            said = f"{where}: {exc.smtp_code} {_text(exc.smtp_error)}"
            return Outcome(False, transient, self._hide(said))
        except (TimeoutError, smtplib.SMTPServerDisconnected) as exc:
            self._drop()
            if not _timed_out(exc):
                return Outcome(False, True, self._hide(f"{where}: {exc}"))
            self.down = f"no answer within {self.timeout:.0f} s"
            return Outcome(False, True, f"{where}: timeout after {self.timeout:.0f} s")
        except (OSError, smtplib.SMTPException) as exc:
            self._drop()
            return Outcome(False, True, self._hide(f"{where}: {type(exc).__name__}: {exc}"))
        return Outcome(True)

    def _refused(self, where: str, exc: smtplib.SMTPRecipientsRefused) -> Outcome:
        codes = [code for code, _ in exc.recipients.values()]
        transient = bool(codes) and all(400 <= c < 500 for c in codes)  # 450 greylisting
        said = "; ".join(f"{to}: {code} {_text(reply)}" for to, (code, reply) in
                         exc.recipients.items())  # fmt: skip
        return Outcome(False, transient, self._hide(f"{where}: recipient refused: {said}"))

    def _hide(self, text: str) -> str:
        return redact(text, (self.password,))

    def _deliver(self, mail: EmailMessage, to: str) -> None:
        """Send on the run's session; once more on a new one if a reused session was closed
        before the mail's content went out (never after: ``_MaybeDelivered``)."""
        reused = self._smtp is not None
        while True:
            session = self._session()
            session.content_sent = False
            try:
                session.send_message(mail, self.envelope, [to])
                return
            except (TimeoutError, smtplib.SMTPServerDisconnected) as exc:
                if session.content_sent:  # the server may have taken it (RFC 1047)
                    raise _MaybeDelivered(_timed_out(exc)) from exc
                if isinstance(exc, TimeoutError) or not reused or _timed_out(exc):
                    raise
                self._drop()  # a reused session the server had closed: a new one, once
                reused = False

    def _session(self) -> _Watched:
        if self._smtp is not None:
            return self._smtp
        smtp: _Watched
        if self.security == "ssl":
            smtp = _WatchedSSL(self.host, self.port, timeout=self.timeout, context=self.context)
        else:
            smtp = _Watched(self.host, self.port, timeout=self.timeout)
        try:
            if self.security == "starttls":
                smtp.starttls(context=self.context)
            if self.user:
                _login_once(smtp, self.user, self.password or "")
        except BaseException:
            smtp.close()
            raise
        self._smtp = smtp
        return smtp

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.close()


def _text(reply: bytes | str) -> str:
    """A server's reply as text: smtplib keeps it as bytes, whose repr (``b'…\\xc3\\xa4…'``)
    would hide a UTF-8 password echoed in it from redaction (trial21)."""
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _timed_out(exc: BaseException) -> bool:
    """smtplib reports a socket timeout while reading a reply as a disconnection."""
    return isinstance(exc, TimeoutError) or "timed out" in str(exc)


def _login_once(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """One AUTH attempt (PLAIN, else LOGIN): smtplib's ``login`` tries every mechanism the
    server offers, two failed logins per message with a wrong password."""
    smtp.ehlo_or_helo_if_needed()
    offered = smtp.esmtp_features.get("auth", "").upper().split()
    if not offered:
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    smtp.user, smtp.password = user, password
    if not (user + password).isascii() and {"PLAIN", "LOGIN"} & set(offered):
        _utf8_auth(smtp, "PLAIN" if "PLAIN" in offered else "LOGIN", user, password)
    elif "PLAIN" in offered:
        smtp.auth("PLAIN", smtp.auth_plain)
    elif "LOGIN" in offered:
        smtp.auth("LOGIN", smtp.auth_login, initial_response_ok=False)
    elif not (user + password).isascii():  # smtplib would fail naming a letter (review12)
        raise smtplib.SMTPNotSupportedError(
            f"the server offers AUTH {' '.join(offered)} only, which takes an ASCII user and "
            "password: use a user name and password of ASCII characters only, or a server "
            "offering PLAIN or LOGIN"
        )
    else:
        smtp.login(user, password)


def _utf8_auth(smtp: smtplib.SMTP, mechanism: str, user: str, password: str) -> None:
    """AUTH PLAIN / LOGIN with UTF-8 credentials (RFC 4616, RFC 4954): smtplib encodes them as
    ASCII and fails on a password like ``Pässwörd`` with an error naming one of its letters
    and where it is (trial12)."""

    def b64(text: str) -> str:
        return base64.b64encode(text.encode("utf-8")).decode("ascii")

    if mechanism == "PLAIN":
        code, answer = smtp.docmd("AUTH", "PLAIN " + b64(f"\0{user}\0{password}"))
    else:
        code, answer = smtp.docmd("AUTH", "LOGIN")
        if code == 334:
            code, answer = smtp.docmd(b64(user))
        if code == 334:
            code, answer = smtp.docmd(b64(password))
    if code not in (235, 503):  # 503: already authenticated
        raise smtplib.SMTPAuthenticationError(code, answer)


def _quit(state: dict[str, object]) -> None:
    """The run is over (the notifier is gone): say QUIT on the open session."""
    smtp = state.get("_smtp")
    if isinstance(smtp, smtplib.SMTP):
        with contextlib.suppress(Exception):
            smtp.quit()
