"""A bot tab's codec: records to rows under the tab's fixed header, and rows back to records.

Decoding goes by the header row as it is in the sheet (columns found by name, in any order;
a column added later reads as None; blank rows skipped), so a tab written by an older version
or re-sorted by a person still reads. The names may be Chinese or English (the keys), whichever
language wrote them (config/bot_headers.py); ``in_language`` gives the written header row the
names of the configured language, and the coded values (a status, a job) its words
(config/bot_values.py), read back as the codes. Each domain wraps the tab it owns
(``jobs.sla.sla_tab`` …); nothing else decodes a bot tab's header.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from config import bot_headers, bot_values
from config.phrases import language
from config.schema import BOT_TABS

Rows = Sequence[Sequence[Any]]


def header_row(title: str, locale: str) -> list[str]:
    """The header row of bot tab ``title`` in ``locale``: Chinese names, or the keys (en)."""
    keys = BOT_TABS[title]
    if language(locale) == "en":
        return list(keys)
    names = bot_headers.ZH.get(title, {})
    return [names.get(k, k) for k in keys]


def key_of(title: str, name: str) -> str | None:
    """The column key a header cell ``name`` of bot tab ``title`` stands for (its Chinese name
    or its key, any case and surrounding spaces), or None for a column the tab does not have."""
    wanted = name.strip()
    keys = BOT_TABS.get(title, ())
    if wanted in keys:
        return wanted
    lowered = wanted.lower()
    names = bot_headers.ZH.get(title, {})
    return next((k for k in keys if k.lower() == lowered or names.get(k) == wanted), None)


@cache
def value_words(title: str, locale: str) -> dict[str, dict[str, str]]:
    """Column key -> {code or word: how ``locale`` writes it} for the coded columns of bot tab
    ``title``: the Chinese words (config/bot_values.py) for zh-CN, the codes for en."""
    zh = language(locale) != "en"
    out: dict[str, dict[str, str]] = {}
    for key, words in bot_values.ZH.get(title, {}).items():
        former = bot_values.FORMER.get(title, {}).get(key, {})  # an old word: its code
        table = {code: words[code] if zh else code for code in (*words, *former.values())}
        table.update({word: words[code] if zh else code for word, code in former.items()})
        table.update({word: word if zh else code for code, word in words.items()})
        out[key] = table
    return out


def _blank(v: Any) -> bool:
    return v is None or v == ""


@dataclass(frozen=True)
class BotTab:
    """The codec of one bot tab (``_checks``, ``_sla``, ``_metrics`` …)."""

    title: str

    @property
    def header(self) -> list[str]:
        return list(BOT_TABS[self.title])

    def encode(self, records: Iterable[Mapping[str, Any]]) -> list[list[Any]]:
        """The whole tab: the header, then one row per record (missing keys are blank)."""
        header = self.header
        return [header, *([r.get(k) for k in header] for r in records)]

    def decode(self, rows: Rows | None) -> list[dict[str, Any]]:
        """Records keyed by the tab's own header; an absent or empty tab has none."""
        return [record for record, _ in self._pairs(rows)]

    def select(self, rows: Rows | None, keep: Callable[[dict[str, Any]], bool]) -> list[list[Any]]:
        """The tab as it is, with only the rows whose record ``keep`` accepts (header kept)."""
        if not rows:
            return []
        return [list(rows[0]), *(list(row) for record, row in self._pairs(rows) if keep(record))]

    def _pairs(self, rows: Rows | None) -> Iterator[tuple[dict[str, Any], Sequence[Any]]]:
        if not rows:
            return
        where = self._columns(rows[0])
        keys, cols = list(where), list(where.values())
        top = max(cols, default=-1)
        body = rows[1:]
        # the coded columns written in words (or with spaces around a code): read as the codes
        codes = value_words(self.title, "en")
        changes = {k: _changes(body, where[k], codes[k]) for k in codes if k in where}
        coded = [(k, change) for k, change in changes.items() if change]
        for row in body:
            # most rows hold their first cell (a key, a time): only the others are looked at
            # cell by cell
            if not row or (_blank(row[0]) and all(map(_blank, row))):
                continue
            if len(row) > top:
                record = dict(zip(keys, map(row.__getitem__, cols), strict=True))
            else:
                record = {k: (row[j] if j < len(row) else None) for k, j in where.items()}
            for k, change in coded:
                if (v := record[k]) in change and type(v) is str:
                    record[k] = change[v]
            yield record, row

    def _columns(self, head: Sequence[Any]) -> dict[str, int]:
        """Each key's column in the header row ``head`` (Chinese or English names; the first
        column of a name that appears twice)."""
        where: dict[str, int] = {}
        for j, h in enumerate(head):
            k = key_of(self.title, str(h)) if h is not None else None
            if k is not None and k not in where:
                where[k] = j
        return where

    def has(self, rows: Rows | None, *keys: str) -> bool:
        """Whether the tab's header row names every one of ``keys`` (in either language)."""
        return set(keys) <= set(self._columns(rows[0])) if rows else not keys


def in_language(tabs: Mapping[str, Rows], locale: str) -> dict[str, Rows]:
    """``tabs`` with each bot tab's header row named in ``locale`` (zh-CN: Chinese names; en:
    the keys) and its coded values in ``locale``'s words (zh-CN: config/bot_values.py; en: the
    codes); a header cell that names no column of the tab, and every other cell, as they are.
    Backends call it on what they write, so every job's results read in one language."""
    out: dict[str, Rows] = {}
    for title, rows in tabs.items():
        if title in BOT_TABS and rows:
            names = dict(zip(BOT_TABS[title], header_row(title, locale), strict=True))
            words = value_words(title, locale)
            head, coded = [], []
            for j, h in enumerate(rows[0]):
                k = key_of(title, str(h)) if h is not None else None
                head.append(names[k] if k is not None else h)
                if k in words:
                    coded.append((j, words[k]))
            out[title] = [head, *_worded(rows[1:], coded)]
        else:
            out[title] = rows
    return out


def _changes(body: Rows, j: int, words: Mapping[str, str]) -> dict[str, str]:
    """The texts of column ``j`` that ``words`` writes otherwise (a word typed with spaces
    around it too), each with its replacement: a tab holds few distinct ones."""
    seen = {row[j] for row in body if len(row) > j and type(row[j]) is str}
    return {v: w for v in seen if (w := words.get(v.strip(), v)) != v}


def _worded(body: Rows, coded: list[tuple[int, dict[str, str]]]) -> Rows:
    """The rows with the cells of the coded columns in their words: a copy of only the rows
    holding a value that changes."""
    changes = [(j, change) for j, words in coded if (change := _changes(body, j, words))]
    if not changes:
        return body
    out = []
    for row in body:
        copy: list[Any] | None = None
        for j, change in changes:
            if len(row) > j and type(v := row[j]) is str and v in change:
                copy = list(row) if copy is None else copy
                copy[j] = change[v]
        out.append(row if copy is None else copy)
    return out
