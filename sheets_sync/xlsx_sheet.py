"""The cells of one bot tab as worksheet XML: what xlsxwriter writes, without its per-cell cost.

xlsxwriter spends ~10 µs of Python per cell (argument checks, a cell tuple, a row table, an
escape pass, an attribute list): at 290,000 cells that was 19% of the repeat daily run. This
module writes the same ``<sheetData>`` text in one pass per row, a few string operations per
cell: the value types are the few a bot tab holds, and each is encoded as xlsxwriter 3.3.1
encodes it in ``constant_memory`` mode (inline strings, ``_xHHHH_`` escapes, ``xml:space``,
32,767 UTF-16 units, ``%.16G`` numbers, date serials with the 1900 leap-year bug). The tests
(tests/test_bot_writer.py) compare the text with xlsxwriter's, byte for byte, for every value
case and for random rows. sheets_sync/xlsx_writer.py puts it into the workbook xlsxwriter
builds around it.

One deliberate difference: a text that looks like ``<r>…</r>`` is escaped like any text
(xlsxwriter writes it unescaped, as rich-text XML, which breaks the file).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from xlsxwriter.utility import xl_col_to_name

from sheets_sync.text_units import cut

MAX_ROWS = 1_048_576  # Excel's limits: a tab beyond them goes through xlsxwriter itself
MAX_COLS = 16_384
STR_MAX = 32_767  # UTF-16 units in one cell
_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")  # a literal _xHHHH_ gets its "_" escaped
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")  # what is left after openpyxl's strip: \r
_EPOCH = dt.datetime(1899, 12, 31)


@dataclass(frozen=True)
class Styles:
    """The cell-format indices of the two date formats in the workbook's styles.xml."""

    date: int
    moment: int


def text(v: str) -> str:
    """One text cell's inner XML, as xlsxwriter writes it (the text must not be empty)."""
    if not v.isprintable() or "_x" in v:
        v = ILLEGAL_CHARACTERS_RE.sub("", v)  # as openpyxl dropped them: XML cannot hold them
        if len(v) > STR_MAX // 2:
            v = _truncate(v)
        v = _ESCAPED.sub(r"_x005F\1", v)
        v = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", v)
        v = v.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    elif len(v) > STR_MAX // 2:
        v = _truncate(v)
    space = ' xml:space="preserve"' if v and (v[0].isspace() or v[-1].isspace()) else ""
    if "&" in v or "<" in v or ">" in v:
        v = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f' t="inlineStr"><is><t{space}>{v}</t></is></c>'


def _truncate(v: str) -> str:
    """Cut to 32,767 UTF-16 units without splitting a character beyond U+FFFF."""
    return cut(v, STR_MAX)


def serial(v: dt.date) -> float:
    """Excel's serial number of a date or naive datetime (1900 system, as xlsxwriter)."""
    if isinstance(v, dt.datetime):
        if v.tzinfo is not None:
            raise TypeError(
                f"an .xlsx cell has no time zone: {v!r}; convert it to local time and drop "
                "the tzinfo before writing"
            )
        delta = v - _EPOCH
    else:
        delta = dt.datetime.fromordinal(v.toordinal()) - _EPOCH
    days = delta.days + (float(delta.seconds) + float(delta.microseconds) / 1e6) / 86400
    if isinstance(v, dt.datetime) and v.isocalendar() == (1900, 1, 1):
        days -= 1  # xlsxwriter's: a datetime on 1 January 1900 is its time-only day 0
    return days + 1 if days > 59 else days  # Excel's 29 February 1900


Encoder = Callable[[Any], str | None]  # a value -> the cell's XML after ``<c r="A1"``


class SheetXml:
    """The encoders of one workbook (its date-format indices) and the per-type dispatch."""

    def __init__(self, styles: Styles) -> None:
        date, moment = f' s="{styles.date}"><v>', f' s="{styles.moment}"><v>'
        self._date = lambda v: f"{date}{serial(v):.16G}</v></c>"
        self._moment = lambda v: f"{moment}{serial(v):.16G}</v></c>"
        self.by_type: dict[type, Encoder] = {
            str: lambda v: text(v) if v else None, int: _number, float: _number,
            bool: _boolean, tuple: _joined, dt.datetime: self._moment, dt.date: self._date,
        }  # fmt: skip

    def encoder(self, v: Any) -> Encoder:
        """The encoder of a type not in ``by_type`` (numpy numbers, pandas Timestamps, …)."""
        if isinstance(v, bool | np.bool_):
            return lambda x: _boolean(bool(x))
        if isinstance(v, numbers.Real):
            return lambda x: _number(float(x))
        if isinstance(v, dt.datetime):  # pandas' Timestamp; NaT (not equal to itself): empty
            return lambda x: None if x != x else self._moment(x)
        if isinstance(v, dt.date):
            return self._date
        if isinstance(v, tuple):
            return _joined
        return lambda x: (lambda s: text(s) if s else None)(str(x))

    def rows(self, rows: Sequence[Sequence[Any]]) -> tuple[str, list[str]]:
        """The ``<dimension>`` ref and the ``<row>`` elements of these rows."""
        by_type, names = self.by_type, [xl_col_to_name(c) for c in range(_width(rows))]
        out: list[str] = []
        memo: dict[str, str | None] = {}
        rmin = rmax = cmin = cmax = -1
        for r, row in enumerate(rows):
            n = str(r + 1)
            cells = []
            first = last = -1
            for c, v in enumerate(row):
                if type(v) is str:  # most cells: no call through the table
                    if not v:
                        continue
                    xml = memo.get(v)
                    if xml is None:  # a bot tab's texts repeat: 51,505 distinct of 219,555
                        xml = memo[v] = text(v)
                elif v is None:
                    continue
                else:
                    enc = by_type.get(type(v))
                    if enc is None:
                        enc = by_type[type(v)] = self.encoder(v)
                    xml = enc(v)
                    if xml is None:
                        continue
                cells.append(f'<c r="{names[c]}{n}"{xml}')
                last = c
                if first < 0:
                    first = c
            if cells:
                out.append(f'<row r="{n}">{"".join(cells)}</row>')
                if rmin < 0:
                    rmin = r
                rmax = r
                cmin = first if cmin < 0 else min(cmin, first)
                cmax = max(cmax, last)
        if not out:
            return "A1", out
        top, bottom = f"{names[cmin]}{rmin + 1}", f"{names[cmax]}{rmax + 1}"
        return (top if top == bottom else f"{top}:{bottom}"), out


def fits(rows: Sequence[Sequence[Any]]) -> bool:
    """Whether the tab is within Excel's rows and columns (else xlsxwriter decides)."""
    return len(rows) <= MAX_ROWS and _width(rows) <= MAX_COLS


def _width(rows: Sequence[Sequence[Any]]) -> int:
    return max(map(len, rows), default=0)


def _number(v: float) -> str | None:
    # NaN and infinities: an empty cell (openpyxl's read back as empty too)
    return f"><v>{v:.16G}</v></c>" if math.isfinite(v) else None


def _boolean(v: bool) -> str:
    return f' t="b"><v>{1 if v else 0}</v></c>'


def _joined(v: tuple[Any, ...]) -> str | None:
    s = "、".join(map(str, v))
    return text(s) if s else None
