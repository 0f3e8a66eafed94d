"""A1 notation as Google reads and writes it: column names, quoted tab titles, ranges resolved
against a tab's grid (``Range``), and merges given as A1 text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sheets_sync.finding import column_letter
from tests.support.sheets_emulator.book import Book, Sheet, merge_grid
from tests.support.sheets_emulator.errors import ApiError

col_name = column_letter  # 0 -> A, 26 -> AA: the project's one spelling


def col_index(name: str) -> int:
    """A -> 0, AA -> 26."""
    n = 0
    for ch in name.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def quote_title(title: str) -> str:
    """How Google names a tab in a range: quotes only when needed."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title) and not re.fullmatch(
        r"[A-Za-z]{1,3}[0-9]+|R[0-9]*C[0-9]*", title, re.I
    ):
        return title
    return "'" + title.replace("'", "''") + "'"


_CELL = re.compile(r"^([A-Za-z]*)([0-9]*)$")


@dataclass
class Range:
    """A resolved range: sheet and half-open row/column bounds, clamped to the grid."""

    sheet: Sheet
    r0: int
    c0: int
    r1: int
    c1: int

    def a1(self) -> str:
        start = f"{col_name(self.c0)}{self.r0 + 1}"
        end = f"{col_name(self.c1 - 1)}{self.r1}"
        cells = start if start == end else f"{start}:{end}"
        return f"{quote_title(self.sheet.title)}!{cells}"


def split_range(text: str) -> tuple[str | None, str]:
    """'Sheet 1'!A1:B2 -> ("Sheet 1", "A1:B2"); a bare name is a whole sheet."""
    if text.startswith("'"):
        m = re.match(r"^'((?:[^']|'')*)'(?:!(.*))?$", text)
        if not m:
            raise ApiError(400, f"Unable to parse range: {text}")
        return m.group(1).replace("''", "'"), m.group(2) or ""
    if "!" in text:
        title, cells = text.rsplit("!", 1)
        return title, cells
    return None, text


def resolve(book: Book, text: str, grow: bool = False) -> Range:
    """Parse an A1 range the way Google does; open-ended parts are clamped to the grid."""
    title, cells = split_range(text)
    if title is None:
        sheet = book.by_title(cells)
        if sheet is not None:
            title, cells = cells, ""
        else:
            sheet = book.sheets[0]
    else:
        sheet = book.by_title(title)
    if sheet is None:
        raise ApiError(400, f"Unable to parse range: {text}")
    if not cells:
        return Range(sheet, 0, 0, sheet.rows, sheet.cols)
    parts = cells.split(":")
    if len(parts) > 2:
        raise ApiError(400, f"Unable to parse range: {text}")
    ends = []
    for p in parts:
        m = _CELL.match(p)
        if not m or not (m.group(1) or m.group(2)) or len(m.group(1)) > 3:
            raise ApiError(400, f"Unable to parse range: {text}")
        ends.append(m.groups())
    (ca, ra), (cb, rb) = ends[0], ends[-1]
    if len(parts) == 1 and not (ca and ra):
        raise ApiError(400, f"Unable to parse range: {text}")
    r0 = int(ra) - 1 if ra else 0
    c0 = col_index(ca) if ca else 0
    r1 = int(rb) if rb else sheet.rows
    c1 = col_index(cb) + 1 if cb else sheet.cols
    if min(r0 + 1, r1) < 1 or r0 >= r1 or c0 >= c1:
        raise ApiError(400, f"Unable to parse range: {text}")
    if not grow and (r1 > sheet.rows or c1 > sheet.cols):
        raise ApiError(
            400,
            f"Range ({quote_title(sheet.title)}!{cells}) exceeds grid limits. "
            f"Max rows: {sheet.rows}, max columns: {sheet.cols}",
        )
    return Range(sheet, r0, c0, r1, c1)


def merge(sheet: Sheet, text: str) -> None:
    """Merge an A1 range of ``sheet`` (e.g. "B3:B5") as Google does: the GridRange is kept
    (end indexes exclusive) and only the top-left cell keeps its value."""
    first, _, last = text.partition(":")
    (ca, ra), (cb, rb) = (_CELL.match(p).groups() for p in (first, last or first))  # type: ignore[union-attr]
    r0, c0, r1, c1 = int(ra) - 1, col_index(ca), int(rb), col_index(cb) + 1
    merge_grid(sheet, r0, c0, r1, c1)
