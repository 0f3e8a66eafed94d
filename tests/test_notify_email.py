"""E-mail through a real SMTP server on 127.0.0.1 (aiosmtpd: STARTTLS or SSL, AUTH); issue 5,
check 1."""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import replace
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

aiosmtpd = pytest.importorskip("aiosmtpd")
from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402

from jobs.notify import Item, Message, Section  # noqa: E402
from jobs.notify.email import EmailNotifier, _login_once, build, message_id  # noqa: E402
from tests.support.certs import loopback_cert  # noqa: E402

PASSWORD = "s3cret-smtp-pass"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """An aiosmtpd handler that keeps every received message, its envelope sender and the
    client's address (one session: one address); ``refuse`` answers RCPT with that reply."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []  # each message as the server received it
        self.rcpt: list[list[str]] = []
        self.senders: list[str] = []
        self.peers: list[Any] = []
        self.refuse = ""

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        self.messages.append(message_from_bytes(raw, policy=policy.default))  # type: ignore[arg-type]
        self.raw.append(bytes(raw))
        self.rcpt.append(list(envelope.rcpt_tos))
        self.senders.append(envelope.mail_from)
        self.peers.append(session.peer)
        return "250 OK"


LOGINS: list[bytes] = []  # every AUTH attempt the server saw
UTF8_PASSWORD = "Pässwörd-9x"  # RFC 4616: UTF-8 (trial12: smtplib sent it as ASCII and failed)


def _auth(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    LOGINS.append(mechanism.encode())
    ok = (
        isinstance(data, LoginPassword)
        and data.login == b"bot"
        and data.password in (PASSWORD.encode(), UTF8_PASSWORD.encode("utf-8"))
    )
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp(
    tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[Inbox, int, ssl.SSLContext]]:
    cert, key = loopback_cert(tmp_path)
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.create_default_context(cafile=str(cert))
    inbox = Inbox()
    port = _free_port()
    implicit = getattr(request, "param", "starttls") == "ssl"
    kwargs: dict[str, Any] = {"authenticator": _auth, "auth_require_tls": True}
    if getattr(request, "param", "") == "login only":
        kwargs["auth_exclude_mechanism"] = ["PLAIN"]
    if implicit:  # the whole session is TLS: aiosmtpd does not count it as "TLS for AUTH"
        kwargs.update(ssl_context=server_ctx, auth_require_tls=False)
    else:
        kwargs.update(tls_context=server_ctx, require_starttls=True)
    ctl = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
    ctl.start()
    try:
        yield inbox, port, client_ctx
    finally:
        ctl.stop()


def _message() -> Message:
    return Message(
        key="digest:P01:2026-11-27",
        channel="email",
        recipient="zhangsan@example.com",
        subject="【每日提醒】2026-11-27 张三：3 项待办",
        intro="以下事项需要关注：",
        sections=(
            Section(
                "新品上市 (PJ1)",
                (
                    Item(
                        "响应 K2 · 截止 11-27 10:00 · 已超时",
                        "https://docs.google.com/x#gid=1&range=H3",
                    ),
                    Item("<script>alert(1)</script> @all", "demo.xlsx › 任务进度!H4"),
                ),
            ),
        ),
        name="张三",
    )


def test_starttls_auth_delivers_a_parsable_message_with_chinese_subject_and_links(
    smtp: tuple[Inbox, int, ssl.SSLContext],
) -> None:
    inbox, port, ctx = smtp
    n = EmailNotifier("127.0.0.1", port, "bot@example.com", "bot", PASSWORD, "starttls", 5, ctx)
    outcome = n.send(_message())
    assert outcome.ok, outcome.error
    (mail,) = inbox.messages
    assert mail["Subject"] == "【每日提醒】2026-11-27 张三：3 项待办"
    assert mail["Message-ID"] == message_id("digest:P01:2026-11-27", "example.com")
    assert inbox.rcpt == [["zhangsan@example.com"]]
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "https://docs.google.com/x#gid=1&range=H3" in text
    assert 'href="https://docs.google.com/x#gid=1&amp;range=H3"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "@all" not in html and "@all" not in text


SUBJECTS = [  # the trial's: the space after 1 fell between two encoded words and was lost
    "【每日汇总】2026-09-29 白英然：1 项：任务 T000350「4 问题处理」已超时 3 工作小时"
    "（已过 1 个自然日）",
    "【管理层升级】2026-11-27 吴九：12 项：" + "争议 DS0006 需求变更后的工期评估 " * 6,
    "a 中 b 文 c " * 30,
]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_chinese_subject_keeps_every_space_through_smtp(
    smtp: tuple[Inbox, int, ssl.SSLContext], subject: str
) -> None:
    """Decoded as RFC 2047 says (words joined, the space between them ignored) and by Python:
    the subject as written; every encoded word within 75 characters, every line within 78."""
    from email.header import decode_header, make_header

    inbox, port, ctx = smtp
    n = EmailNotifier("127.0.0.1", port, "bot@example.com", "bot", PASSWORD, "starttls", 5, ctx)
    assert n.send(replace(_message(), subject=subject)).ok
    (mail,) = inbox.messages
    assert mail["Subject"] == subject
    raw = inbox.raw[0].decode("ascii")  # as the server received it
    assert max(len(line) for line in raw.splitlines()) <= 78
    folded = _unfolded(raw, "Subject")
    assert str(make_header(decode_header(folded))) == subject
    words = folded.split()
    assert all(len(w) <= 75 for w in words) and all(w.startswith("=?utf-8?b?") for w in words)


def _unfolded(raw: str, name: str) -> str:
    """The header ``name`` of a raw message, its continuation lines unfolded (RFC 5322
    2.2.3: the line break goes, the white space stays)."""
    lines = raw.replace("\r\n", "\n").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{name}: "))
    value = [lines[start][len(name) + 2 :]]
    for line in lines[start + 1 :]:
        if not line.startswith((" ", "\t")):
            break
        value.append(line)
    return "".join(value)


@pytest.mark.parametrize("smtp", ["ssl"], indirect=True)
def test_implicit_ssl(smtp: tuple[Inbox, int, ssl.SSLContext]) -> None:
    inbox, port, ctx = smtp
    n = EmailNotifier("127.0.0.1", port, "bot@example.com", "bot", PASSWORD, "ssl", 5, ctx)
    assert n.send(_message()).ok
    assert inbox.messages[0]["Subject"].startswith("【每日提醒】")


def test_wrong_password_is_a_clear_permanent_error_without_the_password(
    smtp: tuple[Inbox, int, ssl.SSLContext],
) -> None:
    _, port, ctx = smtp
    wrong = "wrong-password-123"
    n = EmailNotifier("127.0.0.1", port, "bot@example.com", "bot", wrong, "starttls", 5, ctx)
    outcome = n.send(_message())
    assert not outcome.ok and not outcome.retryable
    assert "authentication failed" in outcome.error and "password_env" in outcome.error
    assert wrong not in outcome.error


def test_unreachable_server_is_retryable() -> None:
    n = EmailNotifier("127.0.0.1", _free_port(), "bot@example.com", timeout=2)
    outcome = n.send(_message())
    assert not outcome.ok and outcome.retryable


def test_message_id_is_stable_for_a_key() -> None:
    a = build(_message(), "bot@example.com")
    b = build(_message(), "bot@example.com")
    assert a["Message-ID"] == b["Message-ID"]
    assert a["X-Collabsheet-Key"] == "digest:P01:2026-11-27"


def _notifier(port: int, ctx: ssl.SSLContext, password: str = PASSWORD, **kw: Any) -> EmailNotifier:
    return EmailNotifier("127.0.0.1", port, kw.get("from_addr", "bot@example.com"), "bot",
                         password, "starttls", 5, ctx)  # fmt: skip


def _to(i: int) -> Message:
    return replace(_message(), key=f"digest:P0{i}:2026-11-27", recipient=f"p{i}@example.com")


def test_one_session_for_all_messages_with_auto_submitted_headers(
    smtp: tuple[Inbox, int, ssl.SSLContext],
) -> None:
    inbox, port, ctx = smtp
    LOGINS.clear()
    n = _notifier(port, ctx)
    assert all(n.send(_to(i)).ok for i in range(5))
    assert len(inbox.messages) == 5 and len(set(inbox.peers)) == 1 and len(LOGINS) == 1
    mail = inbox.messages[0]
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["X-Auto-Response-Suppress"] == "All"
    assert mail["List-Id"] == "collabsheet reminders <reminders.example.com>"


def test_a_wrong_password_is_one_failed_login_per_run(
    smtp: tuple[Inbox, int, ssl.SSLContext],
) -> None:
    _, port, ctx = smtp
    LOGINS.clear()
    n = _notifier(port, ctx, password="wrong-password-123")
    first, *rest = [n.send(_to(i)) for i in range(4)]
    assert not first.ok and not first.retryable and "authentication failed" in first.error
    assert all(not o.ok and o.retryable and "stopped for this run" in o.error for o in rest)
    assert len(LOGINS) == 1  # not 2 per message (PLAIN, then LOGIN), not one per message


def test_450_greylisting_is_retried_and_550_is_not(
    smtp: tuple[Inbox, int, ssl.SSLContext],
) -> None:
    inbox, port, ctx = smtp
    n = _notifier(port, ctx)
    inbox.refuse = "450 4.2.0 greylisted, try again later"
    greylisted = n.send(_to(1))
    assert not greylisted.ok and greylisted.retryable and "450" in greylisted.error
    inbox.refuse = "550 5.1.1 no such user"
    unknown = n.send(_to(2))
    assert not unknown.ok and not unknown.retryable
    inbox.refuse = ""
    assert n.send(_to(1)).ok  # the next try goes through, on the same session


def test_a_reply_quoting_a_utf8_password_is_text_with_the_password_hidden(
    smtp: tuple[Inbox, int, ssl.SSLContext],
) -> None:
    """trial21: a server rejecting with the login's password in its reply; smtplib keeps the
    reply as bytes, and its repr (b'P\\xc3\\xb6…') went through the redaction into _reminders,
    _runs and the meeting mails. The reply is decoded first."""
    inbox, port, ctx = smtp
    n = _notifier(port, ctx, password=UTF8_PASSWORD)
    inbox.refuse = f"550 5.7.1 sender rejected for login with password {UTF8_PASSWORD}"
    outcome = n.send(_to(1))
    assert not outcome.ok and "550 5.7.1 sender rejected for login with password ***" in (
        outcome.error), outcome.error  # fmt: skip
    assert "\\x" not in outcome.error and "b'" not in outcome.error
    assert UTF8_PASSWORD[:8] not in outcome.error


def test_a_chinese_display_name_goes_to_a_server_without_smtputf8(
    smtp: tuple[Inbox, int, ssl.SSLContext],
) -> None:
    inbox, port, ctx = smtp
    n = _notifier(port, ctx, from_addr="协作提醒机器人 <bot@example.com>")
    outcome = n.send(_message())
    assert outcome.ok, outcome.error
    assert inbox.senders == ["bot@example.com"]  # the envelope: the address only
    assert str(inbox.messages[0]["From"]) == "协作提醒机器人 <bot@example.com>"  # RFC 2047


def test_a_hung_server_costs_one_timeout_per_run() -> None:
    accepted: list[socket.socket] = []
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        stop = threading.Event()

        def accept() -> None:
            listener.settimeout(0.1)
            while not stop.is_set():
                with contextlib.suppress(OSError):
                    accepted.append(listener.accept()[0])  # and never answer

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        n = EmailNotifier("127.0.0.1", port, "bot@example.com", timeout=0.5)
        outcomes = [n.send(_to(i)) for i in range(3)]
        stop.set()
        thread.join()
    for conn in accepted:
        conn.close()
    assert "timeout" in outcomes[0].error and all(o.retryable for o in outcomes)
    assert all("stopped for this run" in o.error for o in outcomes[1:])
    assert len(accepted) == 1


@pytest.mark.parametrize("smtp", ["starttls", "login only"], indirect=True)
def test_a_password_with_letters_beyond_ascii_logs_in(
    smtp: tuple[Inbox, int, ssl.SSLContext],
) -> None:
    inbox, port, ctx = smtp
    LOGINS.clear()
    outcome = _notifier(port, ctx, password=UTF8_PASSWORD).send(_message())
    assert outcome.ok, outcome.error
    assert len(inbox.messages) == 1 and len(LOGINS) == 1
    wrong = _notifier(port, ctx, password="Pässwörd-wrong").send(_message())
    assert (wrong.ok, wrong.retryable) == (False, False)  # a wrong one: no retry, not hidden
    assert "authentication failed" in wrong.error and "ä" not in wrong.error


def test_a_password_beyond_ascii_on_a_cram_md5_server_is_a_clear_config_error() -> None:
    """smtplib's CRAM-MD5 encodes the password as ASCII and fails naming a letter of it and
    where it is: refused first, in words that name neither (review12)."""

    class CramOnly(smtplib.SMTP):
        def __init__(self) -> None:
            super().__init__()  # no host: not connected
            self.esmtp_features = {"auth": "CRAM-MD5"}

        def ehlo_or_helo_if_needed(self) -> None:
            pass

        def login(self, *args: object, **kwargs: object) -> Any:
            raise AssertionError("smtplib's login would be tried")

    with pytest.raises(smtplib.SMTPNotSupportedError) as err:
        _login_once(CramOnly(), "bot", UTF8_PASSWORD)
    assert str(err.value) == (
        "the server offers AUTH CRAM-MD5 only, which takes an ASCII user and password: use a user "
        "name and password of ASCII characters only, or a server offering PLAIN or LOGIN"
    )
