"""Settings (TOML + environment for secrets), the one error tree and the defaults."""

from config.errors import (
    BackendError,
    CollabsheetError,
    ConfigError,
    TabMissingError,
    WorkbookLockedError,
    WorkbookNotFoundError,
    WriteConflictError,
)
from config.settings import Settings, load_settings

__all__ = [
    "BackendError",
    "CollabsheetError",
    "ConfigError",
    "Settings",
    "TabMissingError",
    "WorkbookLockedError",
    "WorkbookNotFoundError",
    "WriteConflictError",
    "load_settings",
]
