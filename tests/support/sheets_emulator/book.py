"""The emulation's store: a spreadsheet (``Book``) of tabs (``Sheet``) of values and ``Cell``s,
its limit of cells, merges, and the copy a change is staged on (a batch is all or nothing)."""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from typing import Any

from tests.support.sheets_emulator.errors import ApiError

MAX_CELLS = 10_000_000


@dataclass
class Cell:
    """A cell that is more than a plain value: a date (serial number) or a formula."""

    value: Any  # effective value: number, string or bool
    text: str = ""  # how it is displayed (dates) or typed (formulas)
    formula: str | None = None
    date: bool = False
    fmt: dict[str, Any] | None = None


@dataclass
class Sheet:
    """One tab: properties and a ragged list of rows."""

    sheet_id: int
    title: str
    rows: int = 1000
    cols: int = 26
    data: list[list[Any]] = field(default_factory=list)
    frozen: int = 0
    merges: list[dict[str, int]] = field(default_factory=list)  # GridRanges, end exclusive
    hidden: set[int] = field(default_factory=set)  # hidden column indexes
    validations: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    widths: dict[int, int] = field(default_factory=dict)  # column index -> pixels

    def props(self, index: int) -> dict[str, Any]:
        grid: dict[str, Any] = {"rowCount": self.rows, "columnCount": self.cols}
        if self.frozen:
            grid["frozenRowCount"] = self.frozen
        return {
            "sheetId": self.sheet_id,
            "title": self.title,
            "index": index,
            "sheetType": "GRID",
            "gridProperties": grid,
        }

    def put(self, r: int, c: int, value: Any) -> None:
        while len(self.data) <= r:
            self.data.append([])
        row = self.data[r]
        if value is None and c >= len(row):
            return
        while len(row) <= c:
            row.append(None)
        row[c] = value

    def get(self, r: int, c: int) -> Any:
        return self.data[r][c] if r < len(self.data) and c < len(self.data[r]) else None

    def clip(self) -> None:
        """Drop data outside the grid (after a shrink)."""
        del self.data[self.rows :]
        for row in self.data:
            del row[self.cols :]


@dataclass
class Book:
    """A spreadsheet: its id, title and tabs in order."""

    key: str
    title: str
    sheets: list[Sheet]

    def by_title(self, title: str) -> Sheet | None:
        return next((s for s in self.sheets if s.title == title), None)

    def by_id(self, sheet_id: int) -> Sheet:
        for s in self.sheets:
            if s.sheet_id == sheet_id:
                return s
        raise ApiError(400, f"Invalid requests[0]: No grid with id: {sheet_id}")

    def cells(self) -> int:
        return sum(s.rows * s.cols for s in self.sheets)


def merge_grid(sheet: Sheet, r0: int, c0: int, r1: int, c1: int) -> None:
    """Merge a GridRange of ``sheet`` (end indexes exclusive): the top-left cell keeps its value."""
    for r in range(r0, r1):
        for c in range(c0, c1):
            if (r, c) != (r0, c0):
                sheet.put(r, c, None)
    sheet.merges.append(
        {"startRowIndex": r0, "endRowIndex": r1, "startColumnIndex": c0, "endColumnIndex": c1}
    )


def stage(book: Book, only: set[str] | None = None) -> Book:
    """A copy to change; sheets outside ``only`` (if given) are shared, not copied."""
    sheets = [
        dataclasses.replace(
            s,
            data=[list(r) for r in s.data],
            merges=copy.deepcopy(s.merges),
            hidden=set(s.hidden),
            validations=dict(s.validations),
            notes=dict(s.notes),
            widths=dict(s.widths),
        )
        if only is None or s.title in only
        else s
        for s in book.sheets
    ]
    return Book(book.key, book.title, sheets)


def commit(book: Book, work: Book) -> None:
    """Make the staged copy ``work`` the book's tabs."""
    book.sheets = work.sheets
