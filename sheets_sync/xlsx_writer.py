"""Writing the bot workbook: xlsxwriter in constant-memory mode, every cell typed explicitly.

The bot workbook (``demo.bot.xlsx``) is only ever written whole, and after every daily run:
at 100,000 tasks that is about 380,000 cells. openpyxl's serializer took 45% of the repeat
daily run; xlsxwriter with ``constant_memory`` (each row streamed to disk as soon as the next
one starts) writes the same cells several times faster in flat memory (bench/writers.py
compares it with openpyxl and with a Rust-backed writer).

Every value is written with the method of its type, never ``write()``'s guessing, so a text
that starts with ``=`` stays text (not a formula), ``0012`` stays text (not 12) and a text
that looks like a URL stays plain text. The values read back (sheets_sync/xlsx_reader.py) are
the ones the openpyxl writer gave, cell for cell, and the human workbook is still written by
openpyxl (sheets_sync/xlsx.py): this module is for the bot workbook only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

OPTIONS = {
    "constant_memory": True,  # stream row by row: memory stays flat whatever the size
    "strings_to_formulas": False,  # belt and braces: text is written with write_string anyway
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
DATE_FORMAT = "yyyy-mm-dd"  # the number formats openpyxl gave: dates read back as dates
DATETIME_FORMAT = "yyyy-mm-dd h:mm:ss"

Cell = Callable[[Worksheet, int, int, Any], object]


def _text(ws: Worksheet, r: int, c: int, v: str) -> object:
    if v:
        # control characters XML cannot hold are dropped, as openpyxl dropped them (they are
        # all unprintable: most texts are answered by the quick test)
        ws.write_string(r, c, v if v.isprintable() else ILLEGAL_CHARACTERS_RE.sub("", v))
    return None


def _number(ws: Worksheet, r: int, c: int, v: float) -> object:
    if math.isfinite(v):
        ws.write_number(r, c, v)
    return None  # NaN and infinities: an empty cell (openpyxl's read back as empty too)


def _boolean(ws: Worksheet, r: int, c: int, v: bool) -> object:
    return ws.write_boolean(r, c, v)


def _joined(ws: Worksheet, r: int, c: int, v: tuple[Any, ...]) -> object:
    return _text(ws, r, c, "、".join(map(str, v)))


class _Writer:
    """One workbook being written: the per-type cell writers and the two date formats."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.date: Format = book.add_format({"num_format": DATE_FORMAT})
        self.moment: Format = book.add_format({"num_format": DATETIME_FORMAT})
        self.by_type: dict[type, Cell] = {
            str: _text, int: _number, float: _number, bool: _boolean, tuple: _joined,
            dt.datetime: self._datetime, dt.date: self._date,
        }  # fmt: skip

    def _datetime(self, ws: Worksheet, r: int, c: int, v: dt.datetime) -> object:
        return ws.write_datetime(r, c, v, self.moment)

    def _date(self, ws: Worksheet, r: int, c: int, v: dt.date) -> object:
        return ws.write_datetime(r, c, v, self.date)

    def cell_writer(self, v: Any) -> Cell:
        """The writer for a type not in ``by_type`` (numpy numbers, pandas Timestamps, …)."""
        if isinstance(v, bool | np.bool_):
            return lambda ws, r, c, x: _boolean(ws, r, c, bool(x))
        if isinstance(v, numbers.Real):
            return lambda ws, r, c, x: _number(ws, r, c, float(x))
        if isinstance(v, dt.datetime):  # pandas' Timestamp; NaT (not equal to itself): empty
            return lambda ws, r, c, x: None if x != x else self._datetime(ws, r, c, x)
        if isinstance(v, dt.date):
            return self._date
        if isinstance(v, str):
            return lambda ws, r, c, x: _text(ws, r, c, str(x))
        if isinstance(v, tuple):
            return _joined
        return lambda ws, r, c, x: _text(ws, r, c, str(x))

    def rows(self, ws: Worksheet, rows: Sequence[Sequence[Any]]) -> None:
        by_type = self.by_type
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None:
                    continue
                write = by_type.get(type(v))
                if write is None:
                    write = by_type[type(v)] = self.cell_writer(v)
                write(ws, r, c, v)


def write_bot_xlsx(filename: str, tabs: Mapping[str, Sequence[Sequence[Any]]]) -> None:
    """Write a new workbook with these sheets to ``filename`` (not atomic by itself: see
    ``sheets_sync.xlsx.write_bot_workbook``, which writes a temp file and renames it)."""
    book = xlsxwriter.Workbook(filename, OPTIONS)
    try:
        writer = _Writer(book)
        for title, rows in tabs.items():
            writer.rows(book.add_worksheet(title), rows)
    except BaseException:
        with contextlib.suppress(Exception):
            book.close()  # the half-written file is the caller's temp file, removed by it
        raise
    book.close()
