"""Writing the bot workbook: xlsxwriter builds the workbook, the cells' XML is written here.

The bot workbook (``demo.bot.xlsx``) is only ever written whole, after every daily run: at
100,000 tasks about 290,000 cells. xlsxwriter writing each cell (``constant_memory``, each cell
by the method of its type: ``write_cells``) took 19% of the repeat daily run, almost all in
xlsxwriter's own per-cell Python. So ``write_bot_xlsx`` lets xlsxwriter write the workbook
with empty sheets (workbook, styles, relationships, properties) and puts into each sheet the
``<sheetData>`` that sheets_sync/xlsx_sheet.py writes: the same bytes xlsxwriter writes, about
ten times faster (bench/writers.py; tests/test_bot_writer.py compares the files part by part).

Every value is encoded by its type, never guessed, so a text that starts with ``=`` stays text
(not a formula), ``0012`` stays text (not 12) and a text that looks like a URL stays plain
text. The values read back (sheets_sync/xlsx_reader.py) are the ones the openpyxl writer gave,
cell for cell; the human workbook is still written by openpyxl (sheets_sync/xlsx.py).

What this relies on in xlsxwriter's output (checked against xlsxwriter 3.3.1, not its API):
an empty sheet holds one ``<dimension ref="…"/>`` and one ``<sheetData/>``; a cell with a
format carries its index as ``s="N"``. If a sheet is not shaped so, or a tab is beyond Excel's
size, ``write_cells`` writes every cell through xlsxwriter's public API instead (tested).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import numbers
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from sheets_sync.results_file import MARKER
from sheets_sync.xlsx_sheet import SheetXml, Styles, fits

OPTIONS = {
    "constant_memory": True,  # stream row by row: memory stays flat whatever the size
    "strings_to_formulas": False,  # belt and braces: text is written with write_string anyway
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
DATE_FORMAT = "yyyy-mm-dd"  # the number formats openpyxl gave: dates read back as dates
DATETIME_FORMAT = "yyyy-mm-dd h:mm:ss"
# zlib level 3, not xlsxwriter's 6: on the 16.4 MB of XML of a 100,000-task run's bot tabs it
# compresses in half the time (0.095 s vs 0.186 s), inflates as fast, 1.65 MB instead of 1.43
COMPRESSLEVEL = 3
SAMPLE_ROWS = 50  # the rows a column's width is measured on, after the header

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
    ``sheets_sync.xlsx.write_bot_workbook``, which writes a temp file and renames it).

    xlsxwriter builds the workbook with empty sheets; their ``<sheetData>`` is then written by
    sheets_sync/xlsx_sheet.py (the same XML, several times faster). If the empty sheets are
    not shaped as that expects, or a tab is beyond Excel's size, xlsxwriter writes every cell.
    """
    if tabs and all(fits(rows) for rows in tabs.values()):
        skeleton = _skeleton(tabs)
        found = _sheet_templates(skeleton)
        if found is not None:
            with zipfile.ZipFile(filename, "w", zipfile.ZIP_DEFLATED) as out:
                _fill(out, skeleton, found[0], SheetXml(found[1]), tabs)
            return
    write_cells(filename, tabs)


def write_cells(filename: str, tabs: Mapping[str, Sequence[Sequence[Any]]]) -> None:
    """Write the workbook cell by cell through xlsxwriter's public API (the fallback)."""
    book = xlsxwriter.Workbook(filename, OPTIONS)
    book.set_custom_property(*MARKER)  # "collabsheet wrote this": never a person's file
    try:
        writer = _Writer(book)
        for title, rows in tabs.items():
            ws = book.add_worksheet(title)
            _layout(ws, rows)
            writer.rows(ws, rows)
    except BaseException:
        with contextlib.suppress(Exception):
            book.close()  # the half-written file is the caller's temp file, removed by it
        raise
    book.close()


def _layout(ws: Worksheet, rows: Sequence[Sequence[Any]]) -> None:
    """The header row frozen and each column as wide as its header and first rows need (a
    Chinese character counts double): a tab people open reads without widening columns."""
    widths: dict[int, int] = {}
    for row in rows[: SAMPLE_ROWS + 1]:
        for c, v in enumerate(row):
            if v is not None and (w := _width(v)) > widths.get(c, 0):
                widths[c] = w
    for c, w in sorted(widths.items()):
        ws.set_column(c, c, min(max(w + 2, 8), 60))
    if rows:
        ws.freeze_panes(1, 0)


def _width(v: Any) -> int:
    """About how many character cells ``v`` takes as Excel shows it."""
    if isinstance(v, dt.datetime):
        return 19
    if isinstance(v, dt.date):
        return 10
    text = v if isinstance(v, str) else str(v)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text[:80])


def _skeleton(tabs: Mapping[str, Sequence[Sequence[Any]]]) -> zipfile.ZipFile:
    """The workbook with these sheets, empty but for a date and a datetime cell in the first
    one (replaced later): they put the two date formats into styles.xml."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {**OPTIONS, "in_memory": True})
    book.set_custom_property(*MARKER)  # "collabsheet wrote this": never a person's file
    writer = _Writer(book)
    for n, (title, rows) in enumerate(tabs.items()):
        ws = book.add_worksheet(title)
        _layout(ws, rows)
        if n == 0:
            writer._date(ws, 0, 0, dt.date(2000, 1, 1))
            writer._datetime(ws, 0, 1, dt.datetime(2000, 1, 1, 12))
    book.close()
    return zipfile.ZipFile(buffer)


_TEMPLATE = re.compile(
    r'(.*?<dimension ref=")[^"]*("/>.*?)<sheetData(?:/>|>.*?</sheetData>)(.*)', re.DOTALL
)
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_templates(
    book: zipfile.ZipFile,
) -> tuple[dict[str, tuple[str, re.Match[str]]], Styles] | None:
    """Each sheet's part name -> (title, its XML split around the cells), and the date
    formats' indices; None if the sheets are not as xlsxwriter 3.3.1 writes them."""
    try:
        rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        target = {e.get("Id"): f"xl/{e.get('Target')}" for e in rels.iter(_RELS)}
        sheets = ET.fromstring(book.read("xl/workbook.xml")).iter(f"{_MAIN}sheet")
        parts: dict[str, tuple[str, re.Match[str]]] = {}
        for sheet in sheets:
            part = target[sheet.get(_REL_ID)]
            split = _TEMPLATE.fullmatch(book.read(part).decode("utf-8"))
            if split is None:
                return None
            parts[part] = (str(sheet.get("name")), split)
        first = next(iter(parts.values()))[1].group(0)
        date = re.search(r'<c r="A1" s="(\d+)"', first)
        moment = re.search(r'<c r="B1" s="(\d+)"', first)
    except (KeyError, ET.ParseError, StopIteration, UnicodeDecodeError):
        return None
    if date is None or moment is None:
        return None
    return parts, Styles(date=int(date.group(1)), moment=int(moment.group(1)))


def _fill(
    out: zipfile.ZipFile,
    skeleton: zipfile.ZipFile,
    parts: Mapping[str, tuple[str, re.Match[str]]],
    encode: SheetXml,
    tabs: Mapping[str, Sequence[Sequence[Any]]],
) -> None:
    """Copy the skeleton's parts into ``out``, each sheet with its cells written in.

    The parts are written to the zip, in order, by one other thread: zlib compresses a sheet
    without the GIL while this thread writes the next one's XML (a third of the write)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bot-zip") as zipper:
        written = []
        for info in skeleton.infolist():
            if info.filename not in parts:
                data = skeleton.read(info)
            else:
                title, split = parts[info.filename]
                ref, rows = encode.rows(tabs[title])
                cells = "<sheetData/>" if not rows else f"<sheetData>{''.join(rows)}</sheetData>"
                data = f"{split.group(1)}{ref}{split.group(2)}{cells}{split.group(3)}".encode()
            written.append(zipper.submit(out.writestr, info, data, compresslevel=COMPRESSLEVEL))
        for part in written:
            part.result()  # an error writing a part is raised here
