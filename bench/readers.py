"""Which .xlsx reader is fastest for our reads? python-calamine vs openpyxl (and via pandas).

Run: python bench/readers.py [--tasks 100000] [--repeat 3]
Prints the median seconds of each reader and its ratio to the fastest.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import openpyxl
import pandas as pd
from common import side_by_side, workbook
from python_calamine import CalamineWorkbook


def calamine(path: Path) -> int:
    book = CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)


def openpyxl_read_only(path: Path) -> int:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    n = sum(sum(1 for _ in ws.iter_rows(values_only=True)) for ws in wb.worksheets)
    wb.close()
    return n


def pandas_engine(engine: str):  # type: ignore[no-untyped-def]
    def read(path: Path) -> int:
        frames = pd.read_excel(path, sheet_name=None, engine=engine, header=None)
        return sum(len(f) for f in frames.values())

    return read


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    path = workbook(args.tasks)
    readers = {
        "python-calamine": lambda: calamine(path),
        "openpyxl (read_only)": lambda: openpyxl_read_only(path),
        "pandas engine=calamine": lambda: pandas_engine("calamine")(path),
        "pandas engine=openpyxl": lambda: pandas_engine("openpyxl")(path),
    }
    rows = {calamine(path), openpyxl_read_only(path)}
    medians = side_by_side(readers, args.repeat)
    best = min(medians.values())
    print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB, rows read {sorted(rows)}")
    for name, secs in sorted(medians.items(), key=lambda kv: kv[1]):
        print(f"  {name:<24} {secs:7.2f} s   {secs / best:5.1f}x the fastest")


if __name__ == "__main__":
    main()
