"""A small workbook for survey rounds (tests/support/workbooks.py's base: six active people in
four departments, two answers typed for 2026Q4) on the xlsx backend or the Sheets emulation,
with the hand-computed values of one round (see ``ANSWERS``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from config.settings import Settings, settings_from_dict
from sheets_sync.backend import Backend
from sheets_sync.xlsx import XlsxBackend, write_xlsx
from tests.support.sheets_emulator import SheetsEmulator, emulated_backend
from tests.support.workbooks import base_rows, title

SECRET = "test-survey-secret-0123456789abcdef"
KEY = "1SurveyRoundTestSpreadsheetKey000000000000"
QUARTER = "2026Q4"
OPENED = dt.datetime(2026, 12, 7, 10, 0)  # a Monday
CLOSE = dt.date(2026, 12, 18)

# who answers through the form, in order: P01 twice (the second replaces the first)
ANSWERS: list[tuple[str, dict[str, Any]]] = [
    ("P01", {"clarity": 1, "smoothness": 1, "communication": 1, "overall": 1, "comment": "=1+1"}),
    ("P05", {"clarity": 3, "smoothness": 3, "communication": 4, "overall": 3, "comment": ""}),
    ("P06", {"clarity": 4, "smoothness": 4, "communication": 4, "overall": 4, "comment": "ok"}),
    ("P01", {"clarity": 5, "smoothness": 4, "communication": 4, "overall": 5, "comment": "=1+1"}),
]
# by hand: typed S1 (4,5,4: mean 4.33, satisfied) and S2 (3,4,4: 3.67, not), P01's second
# answer (4.33, satisfied; its first, 1.00, superseded), P05 (3.33, not), P06 (4.00, satisfied)
SATISFIED, COUNTED = 3, 5
# answers that count / active people: D01 S1 + P01 of P01, P02; D02 S2 of P03; D03 P05 of
# P05; D04 P06 of P06, P07 (P04 of D02 is inactive)
RATES = [("D01", 2, 2), ("D02", 1, 1), ("D03", 1, 1), ("D04", 1, 2)]
PEOPLE = {"P01": "D01", "P02": "D01", "P03": "D02", "P05": "D03", "P06": "D04", "P07": "D04"}


@dataclass
class Book:
    """The workbook on one backend, the config file and settings that name it."""

    kind: str
    settings: Settings
    config: Path
    backend: Backend
    outbox: Path
    emulator: SheetsEmulator | None = None

    def reopen(self) -> Backend:
        """A fresh backend on the same store (as a new process would open it)."""
        if self.emulator is not None:
            return emulated_backend(self.emulator, KEY)
        return XlsxBackend(self.settings.path)

    def survey_rows(self) -> list[list[Any]]:
        return [list(r) for r in self.reopen().read()[title("survey")]]

    def cli(self, *argv: str) -> tuple[int, str, str]:
        """``collabsheet ARGV --config CONFIG -q`` in this process: exit code, stdout, stderr."""
        from jobs.run.cli import main

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([*argv, "--config", str(self.config), "-q"])
        return code, out.getvalue(), err.getvalue()

    def route(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The CLI run in this process opens the emulation instead of the network (the xlsx
        file needs nothing)."""
        if self.emulator is not None:
            monkeypatch.setattr(
                "sheets_sync.open_backend", lambda settings, progress=None: self.reopen()
            )


def make_book(kind: str, folder: Path, extra: str = "", hours: bool = False) -> Book:
    """The base workbook as ``kind`` ("xlsx" or "google"), a config for it with the outbox
    and the ledger database in ``folder``; ``hours``: 满意度调研 has the weekly-hours column."""
    rows_by_key = base_rows()
    survey = rows_by_key["survey"]
    if hours and "weekly_comm_h" not in survey[0]:
        rows_by_key["survey"] = [[*survey[0], "weekly_comm_h"], *survey[1:]]
    elif not hours and "weekly_comm_h" in survey[0]:
        at = survey[0].index("weekly_comm_h")
        rows_by_key["survey"] = [[v for i, v in enumerate(r) if i != at] for r in survey]
    tabs = {title(k): rows for k, rows in rows_by_key.items()}
    outbox = folder / "outbox"
    common = (
        f'[channels]\njournal = "{(folder / "journal.jsonl").as_posix()}"\n'
        f'[channels.outbox]\nfolder = "{outbox.as_posix()}"\n'
        f'[scheduler]\nlock = "{(folder / "run.lock").as_posix()}"\n'
        f'[survey]\nbase_url = "http://127.0.0.1:8501/"\n{extra}\n'
    )
    emulator = None
    if kind == "google":
        emulator = SheetsEmulator()
        emulator.create(KEY, tabs)
        head = (f'[workbook]\nbackend = "google"\nspreadsheet = "{KEY}"\n'
                f'state_dir = "{folder.as_posix()}"\n')  # fmt: skip
    else:
        path = folder / "book.xlsx"
        write_xlsx(path, tabs)
        head = f'[workbook]\npath = "{path.as_posix()}"\n'
    config = folder / "collabsheet.toml"
    config.write_text(head + common, encoding="utf-8")
    import tomllib

    settings = settings_from_dict(tomllib.loads(config.read_text("utf-8")), str(config))
    backend = emulated_backend(emulator, KEY) if emulator else XlsxBackend(folder / "book.xlsx")
    return Book(kind, settings, config, backend, outbox, emulator)
