"""Messages cut to fit their channel: numbered parts at item boundaries, nothing dropped.

A channel with a size limit says so with a ``Fit`` (items per part, bytes per item, and a
check of the body exactly as it would be sent). Each item is kept whole with its link; only an
item longer than ``item_bytes`` has its text shortened (the link is never cut). A message with
more items than a part holds, or whose body is over the limit, becomes parts of at most
``per_part`` items, ``KEY#1``, ``KEY#2`` …, each titled 「（第 2/3 条）」: each is its own ledger
entry, rate-limit slot and retry. The parts are cut by position (``per_part`` items each), not
by measured length, so a retry an hour later (when "已超时 3 工作小时" reads "4") cuts the same
items into the same parts.

The items of a part that went out are kept with its ledger entry (``said``: each item's
``identity``, its obligation's key). A message some of whose parts went out and whose items
changed since (a task done, a new one late) is cut again from the items not yet said, into the
numbers not yet used (``rest``): an item is never said twice nor left out because another one
moved it across a part's boundary (trial7: five overdue tasks were in no part that day, yet
every part was recorded as sent).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from config.phrases import Phrases
from jobs.notify import Item, Message, Notifier, Section

PART = Phrases("jobs/notify/parts.py", {"part": ("（第 {i}/{n} 条）", " (part {i}/{n})")})

SEP = "#"  # KEY#2: the second part of KEY
DONE = ("sent", "failed", "dead", "superseded")  # the ledger's final statuses
SAID = ("sent", "failed", "dead")  # a part that went out, or never will: its items are told


@dataclass(frozen=True)
class Fit:
    """A channel's limits: items per part, UTF-8 bytes per item (text and link), and whether a
    rendered message is within the channel's documented body limits."""

    per_part: int
    item_bytes: int
    fits: Callable[[Message], bool]


def fit_of(sender: Notifier | None) -> Fit | None:
    """The channel's limits, or None for a channel without any (mail, outbox, a test fake)."""
    fit = getattr(sender, "fit", None)
    return fit if isinstance(fit, Fit) else None


def label(i: int, n: int, locale: str) -> str:
    return PART(locale, "part", i=i, n=n)


def shorten(item: Item, item_bytes: int) -> Item:
    """The item with its text cut to fit ``item_bytes`` with its link (link kept whole)."""
    room = item_bytes - len(item.link.encode())
    text = item.text
    if len(text.encode()) <= max(room, 0):
        return item
    while text and len((text + "…").encode()) > max(room, 8):
        text = text[: max(0, min(len(text) - 1, len(text) * 9 // 10))]
    return replace(item, text=text + "…")  # its ref kept: the same item next run (review10)


def base_of(key: str) -> str | None:
    """``KEY`` of a part's key ``KEY#2``; None for a key of a whole message."""
    base, sep, number = key.rpartition(SEP)
    return base if sep and number.isdigit() else None


def identity(item: Item) -> str:
    """What an item is about, the same from one run to the next: its obligation's key, else (a
    line not about one obligation) a digest of its link and text. No spaces: ``said`` joins."""
    if item.ref:
        return _token(item.ref)
    return "~" + hashlib.blake2s(f"{item.link}\n{item.text}".encode(), digest_size=6).hexdigest()


def said(message: Message) -> str:
    """The identities of a message's items, then its @-mentions (``@id``), as its ledger entry
    keeps them (``rest``): a part of mentions alone is not taken for one of an older ledger."""
    items = [identity(i) for s in message.sections for i in s.items]
    return " ".join([*items, *(_mentioned(m) for m in message.mentions)])


def _token(text: str) -> str:
    return "_".join(text.split())


def _mentioned(mention: str) -> str:
    return f"@{_token(mention)}"


def split(message: Message, fit: Fit, force: bool = False) -> list[Message]:
    """The message as it goes: itself (items shortened where needed) when it fits, else its
    numbered parts, each with at most ``fit.per_part`` items and within the limits (``force``:
    parts even when it fits, because earlier parts of it are in the ledger)."""
    capped = _capped(message, fit)
    flat = [(s.title, i) for s in capped.sections for i in s.items]
    if not force and len(flat) <= fit.per_part and fit.fits(capped):
        return [capped]
    placed = _pieces(capped, flat, fit)
    n = len(placed)
    return [_part(capped, c, i, n, m) for i, (c, m) in enumerate(placed, 1)]


def rest(
    message: Message, fit: Fit, had: Mapping[int, str], told: Mapping[str, str]
) -> list[Message]:
    """The parts still to go of a message with parts in the ledger (``had``: part number ->
    status; ``told``: part key -> ``said`` of the parts that went out): its items not in a part
    that went out, cut anew into the numbers no final part holds, titled against the highest
    number. Nothing when every item was told (the pending parts left are then superseded). A
    part that went out before the ledger kept its items: cut by position, as then."""
    gone = [f"{message.key}{SEP}{i}" for i, status in had.items() if status in SAID]
    if any(not told.get(key) for key in gone):
        return split(message, fit, force=True)
    out = {x for key in gone for x in told[key].split()}
    capped = _capped(message, fit)
    flat = [(s.title, i) for s in capped.sections for i in s.items if identity(i) not in out]
    if not flat:
        return []
    # the @-mentions that went out are not made again (review10: a retried part @-ed everyone)
    capped = replace(capped, mentions=tuple(m for m in capped.mentions if _mentioned(m) not in out))
    placed = _pieces(capped, flat, fit)
    used = {i for i, status in had.items() if status in DONE}
    free = (i for i in itertools.count(1) if i not in used)
    numbers = [next(free) for _ in placed]
    n = max([*used, *numbers])
    return [_part(capped, c, i, n, m) for i, (c, m) in zip(numbers, placed, strict=True)]


def _capped(message: Message, fit: Fit) -> Message:
    """The message with each item shortened to the channel's ``item_bytes``."""
    return replace(message, sections=tuple(
        Section(s.title, tuple(shorten(i, fit.item_bytes) for i in s.items))
        for s in message.sections
    ))  # fmt: skip


def _pieces(
    capped: Message, flat: list[tuple[str, Item]], fit: Fit
) -> list[tuple[list[tuple[str, Item]], tuple[str, ...]]]:
    """``flat`` (title, item) cut into parts of at most ``fit.per_part`` items within the
    limits, with the message's @-mentions spread over them."""
    chunks = [flat[k : k + fit.per_part] for k in range(0, len(flat), fit.per_part)] or [[]]
    fitted: list[list[tuple[str, Item]]] = []
    for chunk in chunks:  # a part still over the limit (long titles): halved
        fitted += _halves(capped, chunk, fit)
    return _mentions(capped, fitted, fit)


Chunk = list[tuple[str, Item]]
Mentions = tuple[str, ...]


def _halves(message: Message, chunk: Chunk, fit: Fit) -> list[Chunk]:
    if len(chunk) <= 1 or fit.fits(_part(message, chunk, 999, 999, ())):
        return [chunk]
    mid = len(chunk) // 2
    return _halves(message, chunk[:mid], fit) + _halves(message, chunk[mid:], fit)


def _mentions(message: Message, chunks: list[Chunk], fit: Fit) -> list[tuple[Chunk, Mentions]]:
    """The @-mentions spread over the parts from the first, as many as each part has room
    for (300 ``<@userid>`` do not fit one WeCom part); parts of mentions only if any are left."""
    rest = message.mentions
    out: list[tuple[Chunk, Mentions]] = []
    for chunk in chunks:
        k = _room(message, chunk, rest, fit)
        out.append((chunk, rest[:k]))
        rest = rest[k:]
    while rest:
        k = max(1, _room(message, [], rest, fit))
        out.append(([], rest[:k]))
        rest = rest[k:]
    return out


def _room(message: Message, chunk: Chunk, mentions: Mentions, fit: Fit) -> int:
    """How many of ``mentions`` fit in the part with ``chunk``."""
    return _most(lambda k: fit.fits(_part(message, chunk, 999, 999, mentions[:k])), len(mentions))


def _most(ok: Callable[[int], bool], hi: int) -> int:
    """The largest k in 0..hi with ok(k), for ok true up to some k and false after."""
    lo = 0
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if ok(mid) else (lo, mid - 1)
    return lo


def _part(message: Message, chunk: Chunk, i: int, n: int, mentions: tuple[str, ...]) -> Message:
    sections: list[Section] = []
    for title, item in chunk:
        if sections and sections[-1].title == title:
            sections[-1] = Section(title, (*sections[-1].items, item))
        else:
            sections.append(Section(title, (item,)))
    subject = message.subject + label(i, n, message.locale)
    return replace(
        message, key=f"{message.key}{SEP}{i}", subject=subject, sections=tuple(sections),
        mentions=mentions,
    )  # fmt: skip


def expand(
    senders: Mapping[str, Notifier], messages: list[Message], statuses: Mapping[str, str],
    told: Mapping[str, str] | None = None,
) -> list[Message]:  # fmt: skip
    """Every planned message as it goes to its channel: whole, or its parts. ``statuses``: the
    ledger's key -> status; ``told``: its part key -> ``said`` (the items of a part that went
    out). A message recorded whole and done stays whole (it is not sent again); one with parts
    in the ledger is cut into parts again, even if it now fits, from the items not yet told
    (``rest``)."""
    had: dict[str, dict[int, str]] = {}
    for key, status in statuses.items():
        if (base := base_of(key)) is not None:
            had.setdefault(base, {})[int(key.rpartition(SEP)[2])] = status
    out: list[Message] = []
    for m in messages:
        fit = fit_of(senders.get(m.channel))
        if fit is None or statuses.get(m.key) in DONE:
            out.append(m)
        elif m.key in had:
            out += rest(m, fit, had[m.key], told or {})
        else:
            out += split(m, fit)
    return out


def room(senders: Mapping[str, Notifier], message: Message) -> int:
    """How many items one message to this channel may carry (merged escalations)."""
    fit = fit_of(senders.get(message.channel))
    return fit.per_part if fit is not None else 1_000_000
