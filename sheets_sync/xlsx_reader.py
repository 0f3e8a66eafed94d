"""Reading .xlsx workbooks: the files are read once, each sheet is decoded when it is needed.

``read_xlsx`` reads the bytes of the files (so every sheet comes from the same moment, even if
someone saves the workbook meanwhile) and returns a ``PendingTabs`` mapping. A sheet is decoded
by python-calamine (Rust, mostly without the GIL) the first time its rows are asked for, on the
asking thread; several threads asking for several sheets decode them in parallel. A dashboard
page that needs five sheets of a 100,000-task workbook does not wait for the other eleven.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from config.errors import BackendError
from sheets_sync.error_cells import NO_RESULT, Merge, sheet_scan, sheet_sizes
from sheets_sync.merges import with_merges
from sheets_sync.on_demand import OnDemand

Rows = list[list[Any]]


class UnreadableWorkbook(BackendError):
    """A file calamine cannot read as a workbook (a damaged file, another format, or one still
    being written in place): the backend reads it again for a few seconds before saying so."""


def unreadable(path: Path, exc: BaseException) -> BackendError:
    """The error for a workbook calamine cannot read (its own types for zip/xml problems)."""
    return UnreadableWorkbook(
        f"无法读取 {path}：{exc}；它是 Excel 能打开的 .xlsx 工作簿吗？请另存为 .xlsx",
        f"cannot read {path}: {exc}; is it an .xlsx workbook that Excel can open? "
        "Save it again as .xlsx",
    )


def being_saved(path: Path, exc: BaseException, waited_s: float) -> BackendError:
    """The error for a workbook that changed while it could not be read: a save in place (a
    sync client, a network share) was still going on (trial8: told to save it as .xlsx)."""
    return BackendError(
        f"无法读取 {path}：{exc}；它在 {waited_s:g} 秒内仍在被写入（同步盘或网络共享正在保存它）："
        "请等保存完成后再运行",
        f"cannot read {path}: {exc}; it was still being written after {waited_s:g} s (a sync "
        "client or network share saving it): run again when the save has finished",
    )


class PendingTabs(Mapping[str, Rows]):
    """Sheet title -> rows, decoded from the bytes read by ``read_xlsx`` on first use.

    A formula error (#REF!, …), which calamine reads as "", is put back from a scan of the
    sheet's XML, run beside the decoding (unless ``skip_error_scan``); so is ``NO_RESULT`` in
    a formula cell without a stored result. The same scan finds the merged ranges, handed to
    parsing with the rows (``MergedRows``); without the scan they come from calamine.
    """

    def __init__(self) -> None:
        self._books: dict[str, tuple[Path, bytes]] = {}
        self._unscanned: set[str] = set()  # titles of files collabsheet wrote: no formulas
        self._sizes: dict[str, int] = {}
        self._scans = ThreadPoolExecutor(max_workers=2, thread_name_prefix="xlsx-scan")
        self._rows: OnDemand[str, Rows] = OnDemand(self._decode)
        self._scan_errors = True

    def add(self, path: Path, book: bytes, titles: Iterable[str], scan: bool = True) -> None:
        """Register the sheets of one file (a later file's sheet wins on the same title);
        ``scan`` False: a file collabsheet wrote (no formula, no merged range to look for)."""
        sizes = sheet_sizes(book)
        for title in titles:
            self._books[title] = (path, book)
            self._sizes[title] = sizes.get(title, 0)
            (self._unscanned.discard if scan else self._unscanned.add)(title)

    def _decode(self, title: str) -> Rows:
        path, book = self._books[title]
        scan = self._scan_errors and title not in self._unscanned
        return _decode(path, book, title, self._scans if scan else None)

    def skip_error_scan(self) -> None:
        """Decode from now on without putting formula errors back: for a reader that takes
        the findings from the last run's ``_checks`` (the dashboard), an error cell and an
        empty one parse to the same blank value, and the scan decompresses each sheet again."""
        self._scan_errors = False

    def __getitem__(self, title: str) -> Rows:
        if title not in self._books:
            raise KeyError(title)
        return self._rows.get(title)

    def __contains__(self, title: object) -> bool:
        return title in self._books  # Mapping's own would decode the sheet to answer

    def __iter__(self) -> Iterator[str]:
        return iter(self._books)

    def __len__(self) -> int:
        return len(self._books)

    def size(self, title: str) -> int:
        """The sheet's XML size in bytes (from the zip's directory: nothing decoded), 0 if
        unknown: a reader starts the largest sheets first, they take the longest."""
        return self._sizes.get(title, 0)

    def prefetch(self, titles: Iterable[str]) -> None:
        """Start decoding these sheets on threads of their own (each at most once)."""
        self._rows.start(t for t in titles if t in self._books)

    def release(self, title: str) -> None:
        """Forget the decoded rows of ``title`` (parsed into a table: keeping 100,000 row lists
        costs memory and a garbage collector walk); asking again decodes again."""
        self._rows.forget(title)

    def wait(self) -> dict[str, Rows]:
        """Every sheet, decoded (in parallel): a plain dict; raises the first read error."""
        self.prefetch(self)
        return {title: self[title] for title in self}


def _decode(path: Path, book: bytes, title: str, scans: ThreadPoolExecutor | None) -> Rows:
    scan = scans.submit(sheet_scan, book, title) if scans is not None else None
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(book)).get_sheet_by_name(title)
        rows: Rows = sheet.to_python(skip_empty_area=False)
        # without the scan, the merged ranges calamine read with the sheet (free): a reader
        # that skips the scan (the dashboard, .ods / .xls) still fills merged cells
        cells, merges = scan.result() if scan is not None else ([], _merges(sheet))
    except Exception as exc:
        raise unreadable(path, exc) from exc
    for r, c, code in cells:
        if r < len(rows) and c < len(rows[r]) and (code != NO_RESULT or rows[r][c] in ("", None)):
            rows[r][c] = code
    return with_merges(rows, merges)


def _merges(sheet: Any) -> list[Merge]:
    """The sheet's merged ranges as calamine read them: (first row, first column, last row,
    last column), 0-based, like ``sheet_scan``'s."""
    ranges = sheet.merged_cell_ranges or ()
    return [(first[0], first[1], last[0], last[1]) for first, last in ranges]


def read_xlsx(paths: Sequence[Path], ours: Iterable[Path] = ()) -> PendingTabs:
    """Read the files ``paths`` now; their sheets are decoded when asked for. ``ours``: those
    collabsheet wrote (results files), not scanned for formula errors."""
    tabs = PendingTabs()
    ours = set(ours)
    for path in paths:
        try:
            book = path.read_bytes()
            titles = CalamineWorkbook.from_filelike(io.BytesIO(book)).sheet_names
        except OSError as exc:
            reason = exc.strerror or exc
            raise BackendError(
                f"无法读取 {path}：{reason}；请检查这个文件",
                f"cannot read {path}: {reason}; check the file",
            ) from exc
        except Exception as exc:
            raise unreadable(path, exc) from exc
        tabs.add(path, book, titles, scan=path not in ours)
    return tabs


SAVING_WAIT_S = 5.0  # how long a workbook that reads as a broken file is read again
SAVING_POLL_S = 0.5


def read_settled(book: Path, paths: Sequence[Path], ours: Iterable[Path] = ()) -> PendingTabs:
    """``read_xlsx``; while a file cannot be read as a workbook and changes between two looks
    ``SAVING_POLL_S`` apart, again, for up to ``SAVING_WAIT_S``: one written in place (a sync
    client, a network share) reads as a broken zip until its save ends (Excel and WPS save by
    renaming, at once). A broken file that does not change fails after one look; one still
    changing at the end is ``being_saved`` (trial8 was told to save it again as .xlsx)."""
    ours = list(ours)
    deadline = time.monotonic() + SAVING_WAIT_S
    seen = [_stamp(p) for p in paths]
    while True:
        try:
            return read_xlsx(paths, ours=ours)
        except UnreadableWorkbook as exc:
            time.sleep(SAVING_POLL_S)
            now = [_stamp(p) for p in paths]
            if now == seen:  # settled: broken, not being saved
                raise
            if time.monotonic() >= deadline:
                raise being_saved(book, exc.__cause__ or exc, SAVING_WAIT_S) from exc
            seen = now


def _stamp(path: Path) -> tuple[int, int] | None:
    """Size and modification time: whether a file changed between two looks."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)
