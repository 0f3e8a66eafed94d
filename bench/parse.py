"""Reading and parsing as the daily run does it, against a bare read of the same workbook.

    .venv/bin/python bench/parse.py [--tasks 100000] [--repeat 3]

"bare read": python-calamine, every sheet of the human workbook to Python rows, no parsing
(as in bench/daily.py). "read + parse": ``XlsxBackend.read`` of the human and the bot workbook
(the daily run's, ``bench/.cache/demo-N.daily.bot.xlsx``, if bench/daily.py has left one) and
``parse_workbook`` with the bot tabs a daily run reads: the sheets decoded on threads, the
formula-error scan, every table parsed, every parsing finding. Run in turns in this process,
median of ``--repeat``; target: read + parse <= 1.3x the bare read. Then the CPU seconds of
each part on this thread, one after the other, to show where the time goes.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from python_calamine import CalamineWorkbook

from bench.common import CACHE, side_by_side, workbook
from bench.daily import bare_read
from config.schema import HUMAN_TABS
from config.settings import Settings
from sheets_sync.error_cells import error_cells
from sheets_sync.table import parse_tab
from sheets_sync.tables import collector_paused
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend

TARGET = 1.3
DAILY_READS = ("_runs", "_sla", "_metrics", "_reminders")


def parts(human: Path, bot: Path) -> None:
    """CPU seconds of each part, one after the other on this thread."""
    clock = time.thread_time
    book = human.read_bytes()
    t = clock()
    names = CalamineWorkbook.from_filelike(io.BytesIO(book)).sheet_names
    rows = {
        n: CalamineWorkbook.from_filelike(io.BytesIO(book))
        .get_sheet_by_name(n)
        .to_python(skip_empty_area=False)
        for n in names
    }
    decode = clock() - t
    t = clock()
    for n in names:
        error_cells(book, n)
    scan = clock() - t
    t = clock()
    with collector_paused():  # as parse_workbook parses
        for schema in HUMAN_TABS:
            if schema.label in rows:
                parse_tab(schema, schema.label, rows[schema.label])
    parse = clock() - t
    bot_s = 0.0
    if bot.is_file():
        data = bot.read_bytes()
        t = clock()
        for n in DAILY_READS:
            CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(n).to_python()
        bot_s = clock() - t
    print("CPU seconds on one thread, one part after the other:")
    for name, secs in (
        ("decode (calamine, every human sheet)", decode),
        ("formula-error scan (every human sheet)", scan),
        ("parse every table", parse),
        (f"decode the bot tabs a daily run reads ({', '.join(DAILY_READS)})", bot_s),
    ):
        print(f"  {name:62} {secs:6.2f} s {secs / decode:5.2f}x decode")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    book = workbook(args.tasks)
    with tempfile.TemporaryDirectory() as tmp:
        human = Path(tmp) / book.name
        shutil.copyfile(book, human)
        bot = CACHE / f"{book.stem}.daily.bot.xlsx"
        if bot.is_file():
            shutil.copyfile(bot, human.with_name(f"{human.stem}.bot.xlsx"))
        settings = Settings(path=human)
        backend = XlsxBackend(human)

        def read_and_parse() -> None:
            parse_workbook(backend.read(), settings, bot_tabs=DAILY_READS)

        medians = side_by_side(
            {"bare read": lambda: bare_read(human), "read + parse": read_and_parse}, args.repeat
        )
        ratio = medians["read + parse"] / medians["bare read"]
        flag = "ok" if ratio <= TARGET else "MISSED"
        print(f"{book.name}: {args.tasks:,} tasks; median of {args.repeat}, in turns:")
        print(f"  bare read     {medians['bare read']:6.2f} s")
        print(f"  read + parse  {medians['read + parse']:6.2f} s")
        print(f"  ratio {ratio:.2f} (target <= {TARGET}) {flag}")
        parts(human, human.with_name(f"{human.stem}.bot.xlsx"))


if __name__ == "__main__":
    main()
