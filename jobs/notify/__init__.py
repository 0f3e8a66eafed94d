"""Message channels: one ``Notifier`` protocol, one small module per channel.

A Notifier has one method, ``send(message) -> Outcome`` (like an httpx transport): it renders
the message in its own format, judges success by the service's own answer and says whether a
failure is worth retrying. Only these modules open sockets.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Item:
    """One line of a message: cell text (escaped by each channel) and a link to its row."""

    text: str
    link: str = ""


@dataclass(frozen=True)
class Section:
    """A titled group of items (one project, one person)."""

    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Message:
    """What to send: the ledger key, the channel, the recipient and the content."""

    key: str
    channel: str
    recipient: str  # an e-mail address, or a group name for bots ("D01 研发部")
    subject: str
    intro: str
    sections: tuple[Section, ...] = ()
    mentions: tuple[str, ...] = ()  # IM ids or mobiles to @ (group bots)
    group: bool = False  # a group bot message (outbox: .json) rather than a mail (.eml)
    level: int = 0
    locale: str = "zh-CN"
    name: str = ""  # the recipient's name, for a mail's To header
    covers: tuple[str, ...] = field(default=(), compare=False)  # obligation keys inside


@dataclass(frozen=True)
class Outcome:
    """A send's result: delivered, or an error that is retryable (rate, 5xx, timeout) or not."""

    ok: bool
    retryable: bool = False
    error: str = ""
    retry_after_s: float | None = None


OK = Outcome(True)


class Notifier(Protocol):
    """A channel: send one message and tell how it went (never raises for a service error)."""

    def send(self, message: Message) -> Outcome: ...


_TOKENS = re.compile(r"(?i)((?:access_token|key|sign|token|secret|password)=)[^&\s\"']+")
_HOOK_PATHS = re.compile(r"(?i)(hooks\.slack\.com/services/|/bot/v2/hook/)[^\s\"'?]+")


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Text with every known secret and every token-like URL part replaced by ***."""
    for s in secrets:
        if s and len(s) >= 4:
            text = text.replace(s, "***")
            if "://" in s:  # a webhook URL: also its path and query, as a service may echo them
                parts = urllib.parse.urlsplit(s)
                for part in (parts.path, parts.query):
                    if len(part) >= 8:
                        text = text.replace(part, "***")
    text = _TOKENS.sub(r"\1***", text)
    return _HOOK_PATHS.sub(r"\1***", text)
