"""The validate job on a large workbook, as a ratio to a bare read of the same file.

Run: python bench/validate.py [--tasks 100000] [--repeat 3]
"bare read" = python-calamine reading every tab into Python rows (the fastest reader, see
bench/readers.py). "whole" = read + parse + validate + write-back of _checks and _runs, i.e.
jobs.checks.validation.run_validation on the local workbook backend. Target: whole <= 2x bare read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

from common import side_by_side, workbook

from config.settings import Settings
from jobs.checks.validation import validate
from jobs.run.envelope import run as run_job
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend
from sheets_sync.xlsx_reader import read_xlsx


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    source = workbook(args.tasks)
    work = Path(tempfile.mkdtemp()) / source.name
    shutil.copy(source, work)
    settings = Settings(path=work)
    backend = XlsxBackend(work)
    now = dt.datetime(2026, 11, 27, 9, 0)

    medians = side_by_side(
        {
            "bare read": lambda: read_xlsx([work]).wait(),
            "whole job": lambda: run_job("validate", settings, backend, now),
        },
        args.repeat,
    )

    # one more pass, in stages, to show where the time goes
    t0 = time.perf_counter()
    raw = backend.read()
    t1 = time.perf_counter()
    wb = parse_workbook(raw, settings)
    t2 = time.perf_counter()
    findings = validate(wb)
    t3 = time.perf_counter()
    report = run_job("validate", settings, backend, now)
    rows = sum(report.rows.values())
    print(f"{source.name}: {rows} rows loaded, {len(findings)} findings")
    print(f"  stages: read {t1 - t0:.2f} s, parse {t2 - t1:.2f} s, validate {t3 - t2:.2f} s")
    bare, whole = medians["bare read"], medians["whole job"]
    print(
        f"  bare read (calamine) {bare:.2f} s   whole job {whole:.2f} s   "
        f"ratio {whole / bare:.2f}x  (target <= 2.00x)"
    )
    shutil.rmtree(work.parent)


if __name__ == "__main__":
    main()
