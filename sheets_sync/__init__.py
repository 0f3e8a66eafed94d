"""Backends (local .xlsx, in-memory, Google Sheets) -> raw tabs -> schema -> typed tables."""

from __future__ import annotations

from config.workbook_settings import BackendSettings
from sheets_sync.backend import Backend
from sheets_sync.finding import Finding
from sheets_sync.memory import MemoryBackend
from sheets_sync.table import Table
from sheets_sync.workbook import Workbook, parse_workbook
from sheets_sync.xlsx import Progress, XlsxBackend


def open_backend(settings: BackendSettings, progress: Progress | None = None) -> Backend:
    """The backend the settings name."""
    if settings.backend == "memory":
        return MemoryBackend()
    if settings.backend == "google":
        from sheets_sync.google import google_backend  # gspread only when Google is configured

        return google_backend(settings)
    return XlsxBackend(
        settings.path, settings.bot_workbook, progress, results_wait_s=settings.results_wait_s,
        header_locale=settings.bot_header_locale, locale=settings.locale,
    )  # fmt: skip


__all__ = [
    "Backend",
    "Finding",
    "MemoryBackend",
    "Table",
    "Workbook",
    "XlsxBackend",
    "open_backend",
    "parse_workbook",
]
