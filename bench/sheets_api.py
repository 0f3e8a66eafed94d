"""Google Sheets API requests per validation run: collabsheet vs naive gspread usage.

Run: python bench/sheets_api.py [--tasks 1000 10000 100000] [--bad 0.01]
Both run against the in-process emulation of the Sheets API (tests/support/sheets_emulator/), which
counts requests; nothing goes over the network. "collabsheet" = the validate run
on the Google backend. "naive" = what a first gspread script does: open_by_key, worksheets(),
get_all_records() per tab, then one ws.update() per result row (_checks rows and the _runs row).
``--bad`` spoils that share of task rows (an unknown status) so results grow with the sheet.
At Google's 60 requests per minute per user, the naive run's minutes of quota are shown too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path
from typing import Any

import gspread
import requests
from google.auth.transport.requests import AuthorizedSession, Request

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from config.settings import Settings  # noqa: E402
from jobs.checks.checks_tab import checks_rows  # noqa: E402
from jobs.checks.validation import validate  # noqa: E402
from jobs.run.envelope import run as run_job  # noqa: E402
from sheets_sync.credentials import service_account_credentials  # noqa: E402
from sheets_sync.demo import generate  # noqa: E402
from sheets_sync.workbook import parse_workbook  # noqa: E402
from tests.support.sheets_emulator import (  # noqa: E402
    SheetsEmulator,
    emulated_backend,
    fake_service_account,
)

KEY = "1BenchSpreadsheetKey000000000000000000000"
TODAY = dt.date(2026, 11, 27)
NOW = dt.datetime(2026, 11, 27, 10, 0)


def workbook(tasks: int, bad: float) -> dict[str, list[list[Any]]]:
    """The demo workbook with ``bad`` of its task rows given an unknown status."""
    tabs = generate(TODAY, seed=7, tasks=tasks)
    rows = tabs["任务进度"]
    col = rows[0].index("状态")
    rng = random.Random(1)
    for row in rng.sample(rows[1:], int(len(rows[1:]) * bad)):
        row[col] = "=IMPORTXML(A1)"
    return tabs


def ours(tabs: dict[str, list[list[Any]]]) -> tuple[int, int]:
    """(Sheets requests, bytes sent) of one collabsheet validation run."""
    emu = SheetsEmulator()
    emu.create(KEY, tabs)
    run_job("validate", Settings(), emulated_backend(emu, KEY), NOW)
    return emu.sheets_requests(), sum(size for _, _, size in emu.log)


def naive(tabs: dict[str, list[list[Any]]]) -> int:
    """Sheets requests of the naive gspread script doing the same job."""
    emu = SheetsEmulator()
    emu.create(KEY, tabs)
    creds, _ = service_account_credentials(dict(fake_service_account()), "bench key")
    plain = requests.Session()
    plain.mount("https://", emu)
    session = AuthorizedSession(creds, auth_request=Request(plain))
    session.mount("https://", emu)
    sh = gspread.Client(creds, session=session).open_by_key(KEY)
    read: dict[str, list[list[Any]]] = {}
    for ws in sh.worksheets():
        try:
            records = ws.get_all_records()
            header = list(records[0]) if records else ws.row_values(1)
            read[ws.title] = [header] + [list(r.values()) for r in records]
        except gspread.exceptions.GSpreadException:  # duplicate or blank headers
            read[ws.title] = ws.get_all_values()
    settings = Settings()
    wb = parse_workbook(read, settings)
    findings = validate(wb)
    checks = sh.add_worksheet("_checks", rows=len(findings) + 1, cols=20)
    runs = sh.add_worksheet("_runs", rows=2, cols=20)
    rows = checks_rows(findings, settings.locale, lambda t, c: f"{t}!{c}", NOW)
    for i, row in enumerate(rows, start=1):
        checks.update([[("" if v is None else str(v)) for v in row]], f"A{i}")
    runs.update([["run_id", "job"], ["r1", "validate"]], "A1")
    return emu.sheets_requests()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tasks", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    ap.add_argument("--bad", type=float, default=0.01)
    args = ap.parse_args()
    print(
        f"{'tasks':>8} {'bad rows':>8} {'collabsheet':>11} {'MB sent':>8} {'naive':>7} "
        f"{'ratio':>7} {'naive @60/min':>14}"
    )
    for n in args.tasks:
        tabs = workbook(n, args.bad)
        t = time.perf_counter()
        mine, sent = ours(tabs)
        theirs = naive(workbook(n, args.bad))
        print(
            f"{n:>8} {int(n * args.bad):>8} {mine:>11} {sent / 1e6:>8.2f} {theirs:>7} "
            f"{theirs / mine:>6.0f}x {theirs / 60:>11.1f} min   ({time.perf_counter() - t:.0f} s)"
        )


if __name__ == "__main__":
    main()
