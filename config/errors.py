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

An error meant for both languages carries them as two parts (``CollabsheetError(zh, en)``);
the CLI turns any of these into one line in the configured language and exit code 2.
"""

from __future__ import annotations

from config.phrases import language


class CollabsheetError(Exception):
    """Base class: every error raised on purpose by collabsheet.

    Raised with one message, or with its Chinese (zh-CN) and English texts as two parts,
    ``CollabsheetError(zh, en)``: ``said(locale)`` is then the locale's text alone (the CLI's
    error line), and ``str()`` both, ``zh / en``, as for every log and ``_runs`` row.
    """

    def __init__(self, message: str = "", en: str | None = None) -> None:
        super().__init__(*((message,) if en is None else (message, en)))
        self.texts: dict[str, str] = {} if en is None else {"zh-CN": message, "en": en}

    def __str__(self) -> str:
        return " / ".join(self.texts.values()) if self.texts else super().__str__()

    @property
    def parts(self) -> tuple[str, ...]:
        """What it was raised with: (zh, en), or the one message."""
        return tuple(self.texts.values()) if self.texts else (str(self),)

    def said(self, locale: str) -> str:
        """The message for ``locale``: its text in that language, else the one message."""
        return self.texts[language(locale)] if self.texts else str(self)


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


def said(exc: BaseException, locale: str) -> str:
    """Any exception's message for ``locale``: one of ours in that language, another as it is."""
    return exc.said(locale) if isinstance(exc, CollabsheetError) else str(exc)


def described(exc: BaseException) -> str:
    """An exception as a log line or a ``_runs`` note: one of ours as its texts, Chinese first
    (``str``: it names the place and the fix; its class name says nothing to a coordinator),
    another with its type (the system's or a bug: ``OSError: [Errno 28] …``)."""
    return str(exc) if isinstance(exc, CollabsheetError) else f"{type(exc).__name__}: {exc}"
