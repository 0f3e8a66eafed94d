"""Appending rows to a human tab of a Google spreadsheet at an explicit place, once.

``values.append`` is not used: Google appends after the first "table" it detects in the range,
starting at that table's first column, so with column A empty the rows land one column right
and with a blank row inside the data they land in the gap. Instead the rows go with
``values.update`` (RAW) to an explicit range: the row after the last row read, from the
header's first column to its last.

Before writing, one ``values:batchGet`` checks that the header is unchanged and the target
rows are still empty; if not, the tab is read again and the place recomputed once, then the
append fails clearly (nothing written).

Each append carries a run id in a hidden column right of the header (``collabsheet_run``),
chosen over a cell note because it is written by the same ``values.update`` as the row
itself: Google applies a request whole or not at all, so the id is there exactly when the
row is, and it reads back with the values API. A retry after a lost answer first reads the
target rows: if they hold this run id the rows are already there and nothing is written.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from config.errors import BackendError, TabMissingError, WriteConflictError
from sheets_sync.a1 import column, quoted, raw_value
from sheets_sync.backend import HeaderKeys, arrange
from sheets_sync.google_errors import non_finite, sent_size

if TYPE_CHECKING:
    from sheets_sync.google import GoogleBackend

MARK = "collabsheet_run"  # header of the hidden column holding each appended row's run id
MARK_NOTE = (
    "collabsheet 追加行的运行编号（隐藏列，请勿删除） / run id of rows appended by collabsheet "
    "(hidden column; keep it)"
)
SCAN = 10  # rows looked at for the header, as the reader does
UNFORMATTED = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"}


@dataclass
class Seen:
    """What the last read showed of a tab: its first rows and how many rows it had."""

    top: list[list[Any]]
    rows: int


@dataclass
class Place:
    """Where an append goes: the header row, its columns, the run-id column, the first row."""

    head: int  # 0-based row of the header
    header: list[Any]
    first: int  # first and last column of the header (0-based)
    last: int
    mark: int  # the run-id column
    start: int  # 0-based row the rows go to

    @property
    def end(self) -> int:
        """The last column written (the run-id column, normally)."""
        return max(self.last, self.mark)


def seen(values: list[list[Any]]) -> Seen:
    """Remember a tab as read (trailing empty rows are already trimmed by Google)."""
    return Seen([list(r) for r in values[:SCAN]], len(values))


def place(title: str, tab: Seen, keys: HeaderKeys) -> Place:
    """The header row (of the first ``SCAN``, the one naming the most columns) and the row
    after the last row read."""
    best, score = None, 0
    for i, row in enumerate(tab.top):
        n = sum(1 for k in keys(row) if k)
        if n > score:
            best, score = i, n
    if best is None:
        raise BackendError(f"tab {title!r} has no recognisable header row; cannot append to it")
    header = list(tab.top[best])
    filled = [j for j, h in enumerate(header) if h not in (None, "") and h != MARK]
    mark = header.index(MARK) if MARK in header else max(filled) + 1
    return Place(best, header, min(filled), max(filled), mark, max(tab.rows, best + 1))


def lay_out(
    title: str, at: Place, records: Sequence[Mapping[str, Any]], keys: HeaderKeys, run: str
) -> list[list[Any]]:
    """The rows as written: header columns first..last, then the run id in its column."""
    header = [None if h == MARK else h for h in at.header]
    rows = arrange(header[: at.last + 1], keys, records, title)
    non_finite(title, [r[at.first :] for r in rows], at.start, at.first)
    out = []
    for r in rows:
        cells: list[Any] = [""] * (at.end - at.first + 1)
        for j in range(at.first, at.last + 1):
            if j != at.mark:
                cells[j - at.first] = raw_value(r[j])
        cells[at.mark - at.first] = run
        out.append(cells)
    return out


def append_rows(
    backend: GoogleBackend, title: str, records: Sequence[Mapping[str, Any]], keys: HeaderKeys
) -> None:
    """Append ``records`` to ``title`` at an explicit place, checked first, written once."""
    if not records:
        return
    run = "r" + uuid.uuid4().hex[:12]
    problem = ""
    for attempt in (1, 2):
        tab = backend.seen.get(title) if attempt == 1 else None
        if tab is None:
            tab = read_tab(backend, title)
        at = place(title, tab, keys)
        rows = lay_out(title, at, records, keys, run)
        problem = check(backend, title, at, len(rows))
        if not problem:
            prepare(backend, title, at, len(rows))
            write(backend, title, at, rows, run)
            top = [at.header if i == at.head else r for i, r in enumerate(tab.top)]
            backend.seen[title] = Seen(top, at.start + len(rows))
            return
    raise WriteConflictError(
        f"tab {title!r} changed while appending ({problem}), twice; nothing was appended. "
        "Run again when nobody is editing the end of the tab"
    )


def read_tab(backend: GoogleBackend, title: str) -> Seen:
    """Read the whole tab again (one ``values.get``)."""
    got = backend._call(
        f"read {title!r}",
        lambda: backend.http.values_get(backend.key, quoted(title), dict(UNFORMATTED)),
        missing=title,
    )
    return seen(got.get("values", []))


def _target(title: str, at: Place, row: int, n: int) -> str:
    return f"{quoted(title)}!{column(at.first)}{row + 1}:{column(at.end)}{row + n}"


def check(backend: GoogleBackend, title: str, at: Place, n: int) -> str:
    """Why the append cannot go where planned ("" when it can): one ``values:batchGet`` of
    the header row and the target rows (whole rows, so a value anywhere counts)."""
    sheets = backend.sheets if backend.sheets is not None else backend._metadata()
    if title not in sheets:
        raise backend_missing(title)
    head = f"{quoted(title)}!{at.head + 1}:{at.head + 1}"
    ranges = [head]
    inside = min(at.start + n, sheets[title].rows)  # rows past the grid are empty, unreadable
    if inside > at.start:
        ranges.append(f"{quoted(title)}!{at.start + 1}:{inside}")
    got = backend._call(
        f"check the end of {title!r}",
        lambda: backend.http.values_batch_get(backend.key, ranges, dict(UNFORMATTED)),
        missing=title,
    )
    answers = [*got.get("valueRanges", []), {}, {}]
    now = (answers[0].get("values") or [[]])[0]
    if _trim(now) != _trim(at.header):
        return f"its header row {at.head + 1} was edited"
    if len(ranges) > 1 and any(
        any(v not in (None, "") for v in r) for r in answers[1].get("values", [])
    ):
        return f"rows {at.start + 1}–{at.start + n} are no longer empty"
    return ""


def backend_missing(title: str) -> Exception:
    return TabMissingError(
        f"tab {title!r} not found in the workbook; cannot append to it "
        "(create the tab or fix its title in [tabs])"
    )


def _trim(row: Sequence[Any]) -> list[Any]:
    out = list(row)
    while out and out[-1] in (None, ""):
        out.pop()
    return out


def prepare(backend: GoogleBackend, title: str, at: Place, n: int) -> None:
    """Grow the grid if the rows would pass it, and create the hidden run-id column: one
    ``batchUpdate``, only when needed (each part sets a state, so a retry is harmless)."""
    sheets = backend.sheets if backend.sheets is not None else backend._metadata()
    info = sheets[title]
    requests: list[dict[str, Any]] = []
    rows, cols = max(info.rows, at.start + n), max(info.cols, at.mark + 1)
    if (rows, cols) != (info.rows, info.cols):
        grid = {"rowCount": rows, "columnCount": cols}
        fields = "gridProperties.rowCount,gridProperties.columnCount"
        props = {"sheetId": info.sheet_id, "gridProperties": grid}
        requests.append({"updateSheetProperties": {"properties": props, "fields": fields}})
    if MARK not in at.header:
        cell = {"sheetId": info.sheet_id, "rowIndex": at.head, "columnIndex": at.mark}
        value = {"userEnteredValue": {"stringValue": MARK}, "note": MARK_NOTE}
        fields = "userEnteredValue,note"
        requests.append(
            {"updateCells": {"start": cell, "rows": [{"values": [value]}], "fields": fields}}
        )
        span = {"sheetId": info.sheet_id, "dimension": "COLUMNS"}
        span |= {"startIndex": at.mark, "endIndex": at.mark + 1}
        hide = {"range": span, "properties": {"hiddenByUser": True}, "fields": "hiddenByUser"}
        requests.append({"updateDimensionProperties": hide})
    if not requests:
        return
    body = {"requests": requests}
    backend._call(f"prepare {title!r}", lambda: backend.http.batch_update(backend.key, body))
    info.rows, info.cols = rows, cols
    at.header = at.header + [None] * (at.mark + 1 - len(at.header))
    at.header[at.mark] = MARK


def write(backend: GoogleBackend, title: str, at: Place, rows: list[list[Any]], run: str) -> None:
    """``values.update`` (RAW) in chunks under the payload budget, each written once."""
    row = at.start
    for chunk in chunks(rows, backend.max_payload - 2 * sent_size(title)):
        target = _target(title, at, row, len(chunk))
        backend._call(f"append to {title!r}", put_once(backend, target, chunk, run), missing=title)
        row += len(chunk)


def put_once(
    backend: GoogleBackend, target: str, rows: list[list[Any]], run: str
) -> Callable[[], Any]:
    """The request writing ``rows`` to ``target``; when retried, it first reads the target:
    this run's id there means the lost answer's write was applied, so nothing is sent."""
    body = {"range": target, "majorDimension": "ROWS", "values": rows}
    tries = 0

    def put() -> Any:
        nonlocal tries
        tries += 1
        if tries > 1 and already_there(backend, target, rows, run):
            return None
        return backend.http.values_update(backend.key, target, {"valueInputOption": "RAW"}, body)

    return put


def already_there(backend: GoogleBackend, target: str, rows: list[list[Any]], run: str) -> bool:
    """Whether ``target`` holds these rows of run ``run`` (False: still empty); filled by
    anything else is a conflict."""
    backend.requests += 1
    there = backend.http.values_get(backend.key, target, dict(UNFORMATTED)).get("values", [])
    width = len(rows[0])
    if len(there) == len(rows) and all(len(r) == width and r[-1] == run for r in there):
        return True
    if any(any(v not in (None, "") for v in r) for r in there):
        raise WriteConflictError(
            f"{target} was filled by someone else while the answer to an append was lost; "
            "check those rows (the append stopped there)"
        )
    return False


def chunks(rows: list[list[Any]], budget: int) -> list[list[list[Any]]]:
    """Rows split so that each request body stays under ``budget`` bytes as sent."""
    out: list[list[list[Any]]] = [[]]
    size = 300  # the body's own keys and the range (a quoted title, escaped)
    for r in rows:
        k = sent_size(r) + 2  # and ", " between rows
        if out[-1] and size + k > budget:
            out.append([])
            size = 300
        out[-1].append(r)
        size += k
    return out if out[-1] else []
