"""Which writer for the bot workbook? openpyxl vs xlsxwriter vs the fast path vs Rust.

    .venv/bin/python bench/writers.py [--tasks 100000] [--repeat 3]

Writes the bot tabs of a daily run at that size (``bench/.cache/demo-N.daily.bot.xlsx``, kept
by bench/daily.py; run that first) with each candidate, in turns, in this one process:

- **openpyxl** write-only mode: the first writer (``sheets_sync.xlsx.write_xlsx``);
- **xlsxwriter, every cell** with ``constant_memory``, each cell written by the method of its
  type (``sheets_sync.xlsx_writer.write_cells``: the writer before, now the fallback);
- **xlsxwriter + sheet XML** (``sheets_sync.xlsx_writer.write_bot_xlsx``: the one chosen):
  xlsxwriter builds the workbook, sheets_sync/xlsx_sheet.py writes the cells' XML, at zlib
  levels 1, 3 (chosen) and 6 (xlsxwriter's);
- **rustpy-xlsxwriter** (``FastExcel``, Rust's rust_xlsxwriter underneath), if installed: it
  takes records (dicts keyed by the header), so the rows are turned into records first, as
  the bot workbook would have to be.

Prints the median seconds, the ratios to openpyxl and to xlsxwriter writing every cell, the
file size, and whether every cell reads back (sheets_sync/xlsx_reader.py) as the
openpyxl-written file reads back.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import CACHE, side_by_side
from sheets_sync import xlsx_writer
from sheets_sync.xlsx_reader import read_xlsx
from sheets_sync.xlsx_writer import write_bot_xlsx, write_cells

Tabs = Mapping[str, list[list[Any]]]


def with_openpyxl(filename: str, tabs: Tabs) -> None:
    import openpyxl

    from sheets_sync.xlsx import plain_value

    wb = openpyxl.Workbook(write_only=True)
    for title, rows in tabs.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append([plain_value(ws, v) for v in row])
    wb.save(filename)


def with_rustpy(filename: str, tabs: Tabs) -> None:
    from rustpy_xlsxwriter import FastExcel

    out = FastExcel(filename)
    for title, rows in tabs.items():
        header = [str(h) for h in rows[0]] if rows else []
        records = [
            {h: (None if v == "" else v) for h, v in zip(header, row, strict=False)}
            for row in rows[1:]
        ]
        out.sheet(title, records)
    out.save()


def at_level(level: int, filename: str, tabs: Tabs) -> None:
    """The chosen writer with this zlib level."""
    chosen = xlsx_writer.COMPRESSLEVEL
    xlsx_writer.COMPRESSLEVEL = level
    try:
        write_bot_xlsx(filename, tabs)
    finally:
        xlsx_writer.COMPRESSLEVEL = chosen


CELLS = "xlsxwriter, every cell"


def candidates() -> dict[str, Callable[[str, Tabs], None]]:
    found: dict[str, Callable[[str, Tabs], None]] = {
        "openpyxl (write-only)": with_openpyxl,
        CELLS: write_cells,
        f"xlsxwriter + sheet XML, zlib {xlsx_writer.COMPRESSLEVEL}": write_bot_xlsx,
    }
    for level in sorted({1, 6} - {xlsx_writer.COMPRESSLEVEL}):
        found[f"xlsxwriter + sheet XML, zlib {level}"] = partial(at_level, level)
    try:
        import rustpy_xlsxwriter  # noqa: F401
    except ImportError:
        print("rustpy-xlsxwriter is not installed: pip install rustpy-xlsxwriter to compare it")
    else:
        found["rustpy-xlsxwriter (Rust)"] = with_rustpy
    return found


def compare(bot: Path, repeat: int) -> dict[str, float]:
    """Median seconds of each writer on the tabs of ``bot``; prints the table."""
    tabs = read_xlsx([bot]).wait()
    cells = sum(len(r) for rows in tabs.values() for r in rows)
    print(f"\nbot tabs of {bot.name}: {len(tabs)} tabs, {cells:,} cells")
    writers = candidates()
    with tempfile.TemporaryDirectory() as tmp:
        paths = {name: str(Path(tmp) / f"{i}.xlsx") for i, name in enumerate(writers)}
        funcs: dict[str, Callable[[], object]] = {
            name: partial(w, paths[name], tabs) for name, w in writers.items()
        }
        medians = side_by_side(funcs, repeat)
        first = next(iter(writers))
        expected = read_xlsx([Path(paths[first])]).wait()
        base, cells_s = medians[first], medians[CELLS]
        print(f"median of {repeat}, in turns:")
        for name, secs in medians.items():
            back = read_xlsx([Path(paths[name])]).wait()
            same = "same cells" if back == expected else "CELLS DIFFER"
            size = Path(paths[name]).stat().st_size / 1e6
            print(
                f"  {name:32} {secs:6.2f} s  {secs / base:5.2f}x openpyxl  "
                f"{secs / cells_s:5.2f}x every cell  {size:5.2f} MB  {same}"
            )
    return medians


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    bot = CACHE / f"demo-{args.tasks}.daily.bot.xlsx"
    if not bot.exists():
        raise SystemExit(f"{bot} not found: run bench/daily.py --tasks {args.tasks} first")
    compare(bot, args.repeat)


if __name__ == "__main__":
    main()
