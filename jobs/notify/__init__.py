"""Message channels: one ``Notifier`` protocol, one small module per channel.

A Notifier has one method, ``send(message) -> Outcome`` (like an httpx transport): it renders
the message in its own format, judges success by the service's own answer and says whether a
failure is worth retrying. Only these modules open sockets.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Protocol

from config.phrases import Phrases
from config.secrets import redact

__all__ = [
    "OK",
    "Item",
    "Message",
    "Notifier",
    "Outcome",
    "Section",
    "link_text",
    "link_words",
    "redact",
]

# a link's words in every channel
LINK_TEXT = Phrases("jobs/notify/__init__.py", {"link": ("打开表格", "open in the sheet")})


def link_text(locale: str) -> str:
    """The words of an item's clickable link (the cell it names is in the item's text)."""
    return LINK_TEXT(locale, "link")


@dataclass(frozen=True)
class Item:
    """One line of a message: cell text (escaped by each channel) and a link to its row."""

    text: str
    link: str = ""
    label: str = ""  # the link's words when it is not a cell ("打开周报"); "" = link_text
    ref: str = ""  # the obligation it is about (completion:T000997): the same item next run


def link_words(item: Item, locale: str) -> str:
    """The words of ``item``'s clickable link: its own label, else the locale's 打开表格."""
    return item.label or link_text(locale)


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
    retry_after_s: float | None = None  # set only when the service said "too many" (a rate
    # limit): how long this destination must stay away; the run carries the rest at once


OK = Outcome(True)


class Notifier(Protocol):
    """A channel: send one message and tell how it went (never raises for a service error)."""

    def send(self, message: Message) -> Outcome: ...


def scrub(message: Message) -> Message:
    """The message with every known secret redacted from its text (the last edge before a
    notifier writes or posts it: an error echoed into a coordinators' list stays hidden)."""
    sections = tuple(
        Section(
            redact(s.title),
            tuple(Item(redact(i.text), redact(i.link), i.label, i.ref) for i in s.items),
        )
        for s in message.sections
    )
    return replace(
        message, subject=redact(message.subject), intro=redact(message.intro), sections=sections
    )
