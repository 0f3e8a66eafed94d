"""What sheets_sync reads of the settings, as protocols: ``TabSettings`` (parsing: which tabs,
which headers) and ``BackendSettings`` (opening the workbook and the results file).

``Settings`` satisfies both (mypy checks it where they are passed); the backends and the parser
see these fields only, not the other thirty.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol


class TabSettings(Protocol):
    """Where the workbook is, and the tab titles and header aliases a company configured."""

    @property
    def backend(self) -> str: ...
    @property
    def path(self) -> Path: ...
    @property
    def tabs(self) -> Mapping[str, str]: ...
    @property
    def headers(self) -> Mapping[str, Mapping[str, str]]: ...
    @property
    def where(self) -> str: ...


class CredentialSettings(Protocol):
    """The Google service account: the key in the environment, else its file."""

    @property
    def google_credentials_file(self) -> str: ...
    @property
    def source(self) -> str: ...
    def secret(self, name: str) -> str | None: ...


class BackendSettings(CredentialSettings, Protocol):
    """The workbook, its results file and how they are opened, written and retried."""

    @property
    def backend(self) -> str: ...
    @property
    def path(self) -> Path: ...
    @property
    def bot_workbook(self) -> Path: ...
    @property
    def results_wait_s(self) -> float: ...
    @property
    def locale(self) -> str: ...
    @property
    def bot_header_locale(self) -> str: ...
    @property
    def spreadsheet(self) -> str: ...
    @property
    def retry_attempts(self) -> int: ...
    @property
    def retry_seconds(self) -> float: ...
