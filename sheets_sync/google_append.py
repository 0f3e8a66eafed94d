"""Appending rows to a human tab of a Google spreadsheet at an explicit place, once.

``values.append`` is not used: Google appends after the first "table" it detects in the range,
starting at that table's first column, so with column A empty the rows land one column right
and with a blank row inside the data they land in the gap. Instead the rows go as typed cells
(``updateCells``: a date a serial number in a date format, text never a formula) to an explicit
place: the row after the last row with a value (rows of unchecked boxes have none), in the
header's known columns (a checkbox or formula column of the department's own is left as is).
Several tabs (a project and its tasks) go in one ``batchUpdate``, applied whole or not at all.

Before writing, one ``values:batchGet`` checks that the header is unchanged and the target
rows are still empty; if not, the tab is read again and the place recomputed once, then the
append fails clearly (nothing written).

Each append carries a run id in a hidden column right of the header (``collabsheet_run``),
chosen over a cell note because it is written by the same ``batchUpdate`` as the row itself:
Google applies a request whole or not at all, so the id is there exactly when the row is, and
it reads back with the values API. A retry after a lost answer first reads the
target rows: if they hold this run id the rows are already there and nothing is written.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from config.errors import BackendError, TabMissingError, WriteConflictError
from sheets_sync.a1 import column, quoted
from sheets_sync.backend import Append, HeaderKeys, arrange, check_distinct
from sheets_sync.cell import is_blank_row
from sheets_sync.google_cells import MARK, cells, chunks, growth
from sheets_sync.google_errors import non_finite, sent_size

if TYPE_CHECKING:
    from sheets_sync.google import GoogleBackend

SCAN = 10  # rows looked at for the header, as the reader does
UNFORMATTED = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"}


@dataclass
class Seen:
    """What the last read showed of a tab: its first rows, how many rows it had and the row
    after its last one with a value (rows of unchecked boxes, FALSE, are none: trial22)."""

    top: list[list[Any]]
    rows: int
    last: int


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


@dataclass
class Planned:
    """One tab's rows as laid out (columns ``at.first``..``at.end``) and the columns written:
    the header's known columns and the run id; the department's own columns (a checkbox, a
    formula filled down) are left as they are."""

    title: str
    tab: Seen
    at: Place
    rows: list[list[Any]]
    columns: list[int]


def seen(values: list[list[Any]]) -> Seen:
    """Remember a tab as read (trailing empty rows are already trimmed by Google)."""
    last = next((i + 1 for i in range(len(values) - 1, -1, -1) if not is_blank_row(values[i])),
                0)  # fmt: skip
    return Seen([list(r) for r in values[:SCAN]], len(values), last)


def place(title: str, tab: Seen, keys: HeaderKeys) -> Place:
    """The header row (of the first ``SCAN``, the one naming the most columns) and the row
    after the last row with a value."""
    best, score = None, 0
    for i, row in enumerate(tab.top):
        n = sum(1 for k in keys(row) if k)
        if n > score:
            best, score = i, n
    if best is None:
        raise BackendError(
            f"工作表「{title}」没有可识别的表头行，无法追加（未追加任何行）",
            f"tab {title!r} has no recognisable header row; cannot append to it",
        )
    header = list(tab.top[best])
    filled = [j for j, h in enumerate(header) if h not in (None, "") and h != MARK]
    mark = header.index(MARK) if MARK in header else max(filled) + 1
    return Place(best, header, min(filled), max(filled), mark, max(tab.last, best + 1))


def lay_out(
    title: str, at: Place, records: Sequence[Mapping[str, Any]], keys: HeaderKeys, run: str
) -> list[list[Any]]:
    """The rows as written: header columns first..last, then the run id in its column."""
    header = [None if h == MARK else h for h in at.header]
    rows = arrange(header[: at.last + 1], keys, records, title)
    non_finite(title, [r[at.first :] for r in rows], at.start, at.first)
    out = []
    for r in rows:
        cells: list[Any] = [None] * (at.end - at.first + 1)
        for j in range(at.first, at.last + 1):
            if j != at.mark:
                cells[j - at.first] = r[j]
        cells[at.mark - at.first] = run
        out.append(cells)
    return out


def written(at: Place, keys: HeaderKeys) -> list[int]:
    """The columns an append writes: those the header names for a known key, and the run id."""
    named = keys([None if h == MARK else h for h in at.header[: at.last + 1]])
    return sorted({j for j, k in enumerate(named) if k and j >= at.first} | {at.mark})


def append_rows(
    backend: GoogleBackend, title: str, records: Sequence[Mapping[str, Any]], keys: HeaderKeys
) -> None:
    """Append ``records`` to ``title`` at an explicit place, checked first, written once."""
    append_tabs(backend, [(title, records, keys)])


def append_tabs(backend: GoogleBackend, appends: Sequence[Append]) -> None:
    """Append to several tabs, each checked first, in one ``batchUpdate`` when it fits the
    payload budget: Google applies a batch whole or not at all, so a project row and its task
    rows land together or not (trial22: a 503 between two appends left a project without
    tasks that a second run refused as started)."""
    check_distinct(appends)
    appends = [a for a in appends if a[1]]
    if not appends:
        return
    run = "r" + uuid.uuid4().hex[:12]
    problem = ""
    for attempt in (1, 2):
        planned: list[Planned] = []
        for title, records, keys in appends:
            tab = backend.seen.get(title) if attempt == 1 else None
            if tab is None:
                tab = read_tab(backend, title)
            at = place(title, tab, keys)
            rows = lay_out(title, at, records, keys, run)
            problem = check(backend, title, at, len(rows))
            if problem:
                break
            planned.append(Planned(title, tab, at, rows, written(at, keys)))
        if not problem:
            write(backend, planned, run)
            for p in planned:
                top = [p.at.header if i == p.at.head else r for i, r in enumerate(p.tab.top)]
                end = p.at.start + len(p.rows)
                backend.seen[p.title] = Seen(top, end, end)
            return
    raise WriteConflictError(
        f"追加时工作表被他人修改（{problem}），两次均如此；未追加任何行。"
        "请在无人编辑表格末尾时重新运行",
        f"a tab changed while appending ({problem}), twice; nothing was appended. "
        "Run again when nobody is editing the end of the tab",
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
    if len(ranges) > 1 and any(not is_blank_row(r) for r in answers[1].get("values", [])):
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


def write(backend: GoogleBackend, planned: Sequence[Planned], run: str) -> None:
    """Every tab's rows in ``batchUpdate`` requests under the payload budget (one, normally),
    each sent once: when retried, its first rows are read first (``already_there``)."""
    sheets = backend.sheets if backend.sheets is not None else backend._metadata()
    budget = backend.max_payload - 1000
    pieces: list[tuple[list[dict[str, Any]], tuple[str, int] | None]] = []
    for p in planned:
        made, end = MARK in p.at.header, p.at.start + len(p.rows)
        pieces.append((growth(sheets[p.title], p.at.head, p.at.mark, made, end), None))
        row = p.at.start
        for chunk in chunks(p.rows, budget // 2):
            rows = (_target(p.title, p.at, row, len(chunk)), len(chunk))
            sheet_id = sheets[p.title].sheet_id
            pieces.append((cells(sheet_id, p.at.first, p.columns, row, chunk), rows))
            row += len(chunk)
    batches: list[tuple[list[dict[str, Any]], tuple[str, int] | None]] = [([], None)]
    for requests, target in pieces:
        if batches[-1][0] and sent_size(batches[-1][0]) + sent_size(requests) > budget:
            batches.append(([], None))
        body, first = batches[-1]
        body += requests
        batches[-1] = (body, first or target)
    titles = "、".join(p.title for p in planned)  # a tab deleted meanwhile: TabMissingError
    for body, first in batches:
        if body:
            call = put_once(backend, {"requests": body}, first, run)
            backend._call(f"append to {titles!r}", call, missing=planned[0].title)
    for p in planned:  # the grid as grown, the run-id column as made
        info = sheets[p.title]
        info.rows = max(info.rows, p.at.start + len(p.rows))
        info.cols = max(info.cols, p.at.mark + 1)
        p.at.header = p.at.header + [None] * (p.at.mark + 1 - len(p.at.header))
        p.at.header[p.at.mark] = MARK


def put_once(
    backend: GoogleBackend, body: dict[str, Any], first: tuple[str, int] | None, run: str
) -> Callable[[], Any]:
    """The request sending ``body``; when retried, it first reads ``first`` (the range of its
    first rows, and how many): this run's id there means the lost answer's batch was applied,
    so nothing is sent (a batch of grid changes alone is sent again: it sets states)."""
    tries = 0

    def put() -> Any:
        nonlocal tries
        tries += 1
        if tries > 1 and first is not None and already_there(backend, *first, run):
            return None
        return backend.http.batch_update(backend.key, body)

    return put


def already_there(backend: GoogleBackend, target: str, n: int, run: str) -> bool:
    """Whether ``target`` holds ``n`` rows of run ``run`` (False: still empty); filled by
    anything else is a conflict."""
    backend.requests += 1
    there = backend.http.values_get(backend.key, target, dict(UNFORMATTED)).get("values", [])
    if len(there) == n and all(run in r for r in there):
        return True
    if any(not is_blank_row(r) for r in there):
        raise WriteConflictError(
            f"{target} 在追加的应答丢失期间被他人填写；请检查这些行（追加在此停止）",
            f"{target} was filled by someone else while the answer to an append was lost; "
            "check those rows (the append stopped there)",
        )
    return False
