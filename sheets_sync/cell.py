"""Cell values -> typed values, the way people type them: the rule for every kind of cell.

``text_cell``, ``number_cell`` and ``datetime_cell`` decide one cell: its value, and its
problems ``(index, rule, params)`` appended to a list. sheets_sync/columns.py hands them only
the cells that are not already in their typed form (a trimmed string, a finite float, a date
cell, a blank), which it converts a whole column at a time. ``parse_bool`` and ``parse_ids``
take a whole column (only small tabs have such columns).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import pandas as pd

from config.schema import Column
from sheets_sync.error_cells import NO_RESULT
from sheets_sync.month_day import month_day

MAX_CELL_CHARS = 50_000  # Google Sheets' limit for one cell
EPOCH = dt.datetime(1899, 12, 30)  # serial day 0 in Google Sheets and Excel (1900 system)
SERIAL_MAX = 2_958_465  # 9999-12-31
SERIAL_MIN = 25_569  # 1970-01-01: a smaller number in a date column is a typo, not a date
# the years a date in the sheets can be in: 9999-12-31 typed for "no end" or 0001-01-01 is no
# date to count working hours to (trial10: the SLA's calendar overflowed and every run failed)
YEARS = (1970, 2099)
# characters that show nothing (Unicode's format characters, Cf: zero-width space and joiners,
# left-to-right marks, BOM, soft hyphen…): an id pasted from a web page or a chat carries them
_INVISIBLE = re.compile(
    "[" + "".join(chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) == "Cf") + "]"
)

# what a formula that failed shows instead of a value (Excel, WPS, LibreOffice, Google)
ERROR_CODES = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#ERROR!", "#SPILL!",
     "#CALC!", "#GETTING_DATA")
)  # fmt: skip
Problem = tuple[int, str, dict[str, Any]]
Parsed = tuple[list[Any], list[Problem]]

_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:(?:\s+|T|\s*日?\s*)(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?(?:\s*[:：分]\s*(\d{1,2})(?:\.\d+)?)?\s*秒?)?$"
)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_SPLIT = re.compile(r"[,，、;；\n\r]+")
# not "x": a checked box to some, the × of 否 to others (trial10 read it as 是): it is asked
_TRUE = {"true", "yes", "y", "1", "是", "对", "启用", "有效", "√", "✓", "t"}
_FALSE = {"false", "no", "n", "0", "否", "不", "停用", "无效", "×", "✗", "f"}


def normalize(text: str) -> str:
    """Fold full-width forms (ＡＢ１２, full-width spaces) to ASCII and trim."""
    return unicodedata.normalize("NFKC", text).strip()


def header_form(text: Any) -> str:
    """How headers compare: NFKC, case-folded, every kind of space removed."""
    if text is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).casefold()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_blank_row(row: Sequence[Any]) -> bool:
    """True when every cell is empty or an unchecked checkbox (FALSE: a checkbox column fills
    the rows under the data with it, trial22). Most rows answer at their first cell."""
    for v in row:
        if v is None or v is False or v == "":
            continue
        if type(v) is str and not v.strip():
            continue
        return False
    return True


def text_cell(i: int, v: Any, is_id: bool, problems: list[Problem]) -> Any:
    """The value of text cell ``i`` holding ``v``; its problems are appended to ``problems``.

    A number typed into a text cell (an id like 1001) keeps its written form; an id is trimmed
    and folded to NFKC (reported); a failed formula's value is reported and read as empty."""
    if v is None:
        return None
    if type(v) is not str:
        v = str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
    if len(v) > MAX_CELL_CHARS:
        problems.append((i, "cell.too_long", {"length": len(v), "limit": MAX_CELL_CHARS}))
        return None
    s = v.strip()
    if not s:
        return None
    if is_id:
        n = s if s.isascii() else normalize(s)  # ASCII is already NFKC: skip the work
        seen = n if n.isascii() else _INVISIBLE.sub("", n).strip()  # NFKC keeps them
        if not seen:  # nothing but them: as empty as it looks (a required id: value.required)
            return None
        if seen != n:  # trial10: T000122​ read as a new id, shown as the same
            problems.append((i, "id.invisible", {"fixed": seen}))
            n = seen
        elif n != v:
            rule = "id.whitespace" if n == s and s != v else "id.fullwidth"
            problems.append((i, rule, {"fixed": n}))
        s = n
    if s[0] == "#" and (s in ERROR_CODES or s == NO_RESULT):
        problems.append((i, _rule(s, "cell.error"), {}))
        return None
    if s[0] == "=":
        problems.append((i, "cell.formula_text", {}))
    return s


def _rule(v: Any, rule: str) -> str:
    """``cell.error`` for a failed formula's value, ``cell.formula_no_result`` for a formula
    without a stored result, else the parser's own rule."""
    if isinstance(v, str):
        s = v.strip()
        if s == NO_RESULT:
            return "cell.formula_no_result"
        if s in ERROR_CODES:
            return "cell.error"
    return rule


def _number(v: Any) -> float | None:
    """A float from a number cell or typed text (full-width digits, 1,234.5); None if not one."""
    if isinstance(v, bool):
        return None
    if isinstance(v, dt.timedelta):  # a duration cell such as [h]:mm: its hours
        return v.total_seconds() / 3600
    if isinstance(v, int | float):
        try:
            return float(v)
        except OverflowError:
            return None
    s = normalize(str(v))
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    elif not _PLAIN_NUMBER.match(s):  # no "1 2", "1_0" or "1e3": a typo must not become a number
        return None
    try:
        return float(s)
    except (ValueError, OverflowError):
        return None


def number_cell(
    i: int, v: Any, col: Column, integer: bool, problems: list[Problem]
) -> int | float | None:
    """The value of number cell ``i`` holding ``v`` (None if blank or invalid, reported)."""
    if is_blank(v):
        return None
    lo, hi = col.minimum, col.maximum
    x = v if type(v) is float else _number(v)
    if x is None or x != x or x in (float("inf"), float("-inf")):
        problems.append((i, _rule(v, "int.invalid" if integer else "float.invalid"), {}))
        return None
    if integer and not x.is_integer():
        problems.append((i, "int.invalid", {}))
        return None
    if (lo is not None and x < lo) or (hi is not None and x > hi):
        problems.append((i, "number.range", {"minimum": _fmt(lo), "maximum": _fmt(hi)}))
        return None
    return int(x) if integer else x


def _fmt(x: float | None) -> str:
    if x is None:
        return "∞"
    return str(int(x)) if float(x).is_integer() else str(x)


def _text_datetime(s: str) -> tuple[dt.datetime | None, str | None]:
    """Typed text -> datetime, or (None, rule)."""
    m = _DATE.match(normalize(s))
    if not m:
        return None, "date.format"
    y, mo, d, h, mi, sec = (int(g) if g else 0 for g in m.groups())
    try:
        return dt.datetime(y, mo, d, h, mi, sec), None
    except ValueError:
        return None, "date.invalid"


def datetime_cell(i: int, v: Any, date_only: bool, problems: list[Problem]) -> Any:
    """The datetime (date if ``date_only``) of cell ``i`` holding ``v``: a date cell, a serial
    number, a pandas or time-zoned datetime (its wall time) or typed text; None if blank or
    invalid (reported)."""
    datetime_type, date_type = dt.datetime, dt.date
    t = type(v)
    if t is datetime_type and v.tzinfo is None:
        return v.date() if date_only else v
    if t is date_type:
        return v if date_only else datetime_type(v.year, v.month, v.day)
    if is_blank(v) or v is pd.NaT:
        return None
    x: dt.datetime | None
    rule: str | None = None
    if isinstance(v, int | float) and not isinstance(v, bool):
        # a serial number: what Google returns for real date cells (SERIAL_NUMBER)
        if 0 <= v < 1:
            x, rule = None, "date.time_only"
        elif v < SERIAL_MIN:
            x, rule = None, "date.serial_range"
        elif v <= SERIAL_MAX:
            x = EPOCH + dt.timedelta(days=float(v))
            x = x.replace(microsecond=0) + dt.timedelta(seconds=round(x.microsecond / 1e6))
        else:
            x, rule = None, "date.format"
    elif isinstance(v, dt.time):
        x, rule = None, "date.time_only"
    elif isinstance(v, dt.datetime | dt.date):  # pandas.Timestamp and other subclasses
        if isinstance(v, dt.datetime) and v.tzinfo is not None:  # local wall time, like all
            v = v.replace(tzinfo=None)
        x = datetime_type(v.year, v.month, v.day, getattr(v, "hour", 0),
                          getattr(v, "minute", 0), getattr(v, "second", 0))  # fmt: skip
    else:
        x, rule = _text_datetime(str(v))
    if x is None:  # 12月8日: the date with a year in its fix (trial15)
        said = month_day(v) if rule == "date.format" and isinstance(v, str) else None
        problems.append(
            (i, "date.no_year", said) if said else (i, _rule(v, rule or "date.format"), {})
        )
        return None
    if not YEARS[0] <= x.year <= YEARS[1]:
        problems.append((i, "date.out_of_range", {"first": YEARS[0], "last": YEARS[1]}))
        return None
    return x.date() if date_only else x


def out_of_range(out: list[Any], problems: list[Problem]) -> None:
    """Dates of a parsed column outside ``YEARS`` set to None and reported (a column of date
    cells converted whole: its smallest and largest compared in C, the cells only if needed)."""
    present = list(filter(None, out))  # a date is never false
    if not present or (YEARS[0] <= min(present).year and max(present).year <= YEARS[1]):
        return
    params = {"first": YEARS[0], "last": YEARS[1]}
    for i, v in enumerate(out):
        if v is not None and not YEARS[0] <= v.year <= YEARS[1]:
            out[i] = None
            problems.append((i, "date.out_of_range", params))
    problems.sort(key=lambda p: p[0])


def parse_bool(values: Sequence[Any], col: Column) -> Parsed:
    out: list[Any] = []
    problems: list[Problem] = []
    for i, v in enumerate(values):
        if is_blank(v):
            out.append(None)
        elif isinstance(v, bool):
            out.append(v)
        elif isinstance(v, int | float) and v in (0, 1):
            out.append(bool(v))
        else:
            s = header_form(v)
            if s in _TRUE:
                out.append(True)
            elif s in _FALSE:
                out.append(False)
            else:
                problems.append((i, _rule(v, "bool.invalid"), {}))
                out.append(None)
    return out, problems


def parse_ids(values: Sequence[Any], col: Column) -> Parsed:
    out: list[Any] = []
    problems: list[Problem] = []
    for i, v in enumerate(values):
        if is_blank(v):
            out.append(None)
            continue
        text = str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
        if len(text) > MAX_CELL_CHARS:
            problems.append((i, "cell.too_long", {"length": len(text), "limit": MAX_CELL_CHARS}))
            out.append(None)
            continue
        if text.strip() in ERROR_CODES or text == NO_RESULT:
            problems.append((i, _rule(text, "cell.error"), {}))
            out.append(None)
            continue
        parts = tuple(p for p in (normalize(x) for x in _SPLIT.split(text)) if p)
        seen = parts if text.isascii() else tuple(
            q for q in (_INVISIBLE.sub("", p).strip() for p in parts) if q
        )  # fmt: skip
        if seen != parts:  # D02​、D03 (review11): as in a single id
            problems.append((i, "id.invisible", {"fixed": "、".join(seen)}))
        out.append(seen or None)
    return out, problems
