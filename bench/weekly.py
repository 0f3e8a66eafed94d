"""The weekly meeting pack against the daily run's computation on the same workbook.

    .venv/bin/python bench/weekly.py [--tasks 20000] [--repeat 3]

On a copy of the cached demo workbook (bench/common.py) in a temporary folder: the weekly run
(one read, SLA, KPIs, the packs as .docx/.html/.xlsx for management and every department, the
messages; the second and later runs send nothing, the ledger holds them) against a dry daily run
(one read, validate, SLA, KPIs, case links, the reminders planned, nothing written), run in turns
in this one process, median of ``--repeat``: the ratio, and the size of the files written.
The Word and HTML files hold the first 200 rows of a list (jobs/weekly/pack.py LIMIT), the xlsx
every row: the time that grows with the workbook is the xlsx lists and the SLA.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import copy_with_config, side_by_side, workbook
from config.settings import load_settings
from jobs.run.envelope import run as run_job
from jobs.run.weekly_command import weekly_run
from sheets_sync import open_backend

NOW = dt.datetime(2026, 11, 30, 9, 0)  # a Monday, three days after the cached workbook's day


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    book = workbook(args.tasks)
    with tempfile.TemporaryDirectory() as tmp:
        config = copy_with_config(book, Path(tmp) / book.name)
        settings = load_settings(config)
        weekly_run(settings, open_backend(settings), NOW)  # the first run sends the messages
        times = side_by_side(
            {
                "weekly": lambda: weekly_run(settings, open_backend(settings), NOW),
                "daily (dry run)": lambda: run_job(
                    "daily", settings, open_backend(settings), NOW, dry_run=True
                ),
            },
            args.repeat,
        )
        folder = settings.weekly.folder_for(settings.path)
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        files = sum(1 for p in folder.rglob("*") if p.is_file())
    for name, s in times.items():
        print(f"{name:<16} {s:7.2f} s  (median of {args.repeat}, {args.tasks:,} tasks)")
    print(f"ratio weekly / daily dry run: {times['weekly'] / times['daily (dry run)']:.2f}")
    print(f"files written: {files}, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
