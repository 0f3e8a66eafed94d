"""The one error tree of collabsheet.

Bad data in a sheet is never an exception: it is a ``Finding``. Exceptions are for broken
infrastructure and configuration, and every message names the place and the fix::

    CollabsheetError                 base of everything we raise on purpose
    ├── ConfigError                  a config key has a value we cannot use
    └── BackendError                 the workbook / spreadsheet cannot be read or written
        ├── WorkbookNotFoundError    the file or spreadsheet does not exist
        ├── WorkbookLockedError      the file is open or locked by someone else
        ├── TabMissingError          a required tab is not in the workbook
        └── WriteConflictError       the file kept changing while we tried to write it

The CLI turns any of these into one line and exit code 2.
"""

from __future__ import annotations


class CollabsheetError(Exception):
    """Base class: every error raised on purpose by collabsheet."""


class ConfigError(CollabsheetError):
    """A configuration value is missing, of the wrong type or out of range."""


class BackendError(CollabsheetError):
    """The workbook or spreadsheet cannot be read or written."""


class WorkbookNotFoundError(BackendError):
    """The configured workbook does not exist."""


class WorkbookLockedError(BackendError):
    """The workbook is locked by another program or another collabsheet run."""


class TabMissingError(BackendError):
    """A required tab is absent from the workbook."""


class WriteConflictError(BackendError):
    """The file changed under us on every attempt to write it."""


def _cjk_share(text: str) -> float:
    """The share of Chinese characters among the letters (Chinese and Latin; not digits)."""
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in text)
    latin = sum("a" <= c.lower() <= "z" for c in text)
    return cjk / (cjk + latin) if cjk + latin else 0.0


def _closed(text: str) -> bool:
    """Whether every bracket opened in ``text`` is closed (a half never ends inside one)."""
    return all(
        sum(map(text.count, opening)) == sum(map(text.count, closing))
        for opening, closing in ((("(", "（"), (")", "）")), (("「",), ("」",)))
    )


def in_locale(message: str, locale: str) -> str:
    """The half of a bilingual message for ``locale``; any other message as it is.

    Messages meant for both languages are written Chinese first, then `` / `` and the English
    (``未知的部门编号 D99（…） / unknown department D99 (…)``). Either half may hold `` / `` of
    its own (``Excel / WPS``), so the split is the `` / `` outside brackets with the most
    Chinese before it and the least after it (shares of the letters), and only when the part
    after it is English (under a fifth of its letters Chinese) and the part before it holds
    Chinese.
    """
    best, at = 0.0, -1
    start = message.find(" / ")
    while start != -1:
        before, after = _cjk_share(message[:start]), _cjk_share(message[start + 3 :])
        if before - after > best and _closed(message[:start]):
            best, at = before - after, start
        start = message.find(" / ", start + 1)
    if at == -1:
        return message
    zh, en = message[:at], message[at + 3 :]
    before, after = _cjk_share(zh), _cjk_share(en)
    if not any("a" <= c.lower() <= "z" for c in en) or after >= 0.2 or before < 0.1:
        return message
    return en if locale.startswith("en") else zh
