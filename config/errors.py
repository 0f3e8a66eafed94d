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
