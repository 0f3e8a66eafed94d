"""Reading .xlsx workbooks: every sheet read on worker threads, largest first, handed over as
each one is ready.

python-calamine (Rust) does most of its work without the GIL, so two sheets read at once take
little longer than one; a 100,000-row task sheet is the long pole. ``read_xlsx`` starts all the
reads and returns at once a ``PendingTabs`` mapping whose values are the rows (waiting for them
when needed), so a caller can parse the small sheets while the large one is still being read.
The read is still one read: every sheet is read from the file opened when ``read_xlsx`` ran.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from config.errors import BackendError
from sheets_sync.error_cells import error_cells, sheet_sizes

Rows = list[list[Any]]
WORKERS = 2  # the machines this runs on have two cores or more; more threads only contend


def unreadable(path: Path, exc: BaseException) -> BackendError:
    """The error for a workbook calamine cannot read (its own types for zip/xml problems)."""
    return BackendError(
        f"cannot read {path}: {exc}; is it an .xlsx workbook that Excel can open? "
        "Save it again as .xlsx"
    )


class PendingTabs(Mapping[str, Rows]):
    """Sheet title -> rows, each read on a worker thread; reading a value waits for that sheet.

    A formula error (#REF!, …), which calamine reads as "", is put back from the error scan.
    """

    def __init__(self) -> None:
        self._tabs: dict[str, tuple[Path, Future[Rows], Future[dict[str, Any]]]] = {}
        self._done: dict[str, Rows] = {}
        self._lock = threading.Lock()

    def add(
        self, path: Path, title: str, rows: Future[Rows], errors: Future[dict[str, Any]]
    ) -> None:
        """Register a sheet being read (a later sheet of the same title replaces it)."""
        self._tabs[title] = (path, rows, errors)
        self._done.pop(title, None)

    def __getitem__(self, title: str) -> Rows:
        with self._lock:
            if title in self._done:
                return self._done[title]
        path, pending, scan = self._tabs[title]  # KeyError for an unknown title, as a dict
        try:
            rows = pending.result()
            cells = scan.result().get(title, ())
        except Exception as exc:
            raise unreadable(path, exc) from exc
        with self._lock:
            if title not in self._done:
                for r, c, code in cells:
                    if r < len(rows) and c < len(rows[r]):
                        rows[r][c] = code
                self._done[title] = rows
            return self._done[title]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tabs)

    def __len__(self) -> int:
        return len(self._tabs)

    def wait(self) -> dict[str, Rows]:
        """Every sheet, read: a plain dict (raises the first read error)."""
        return {title: self[title] for title in self}


def _sheet(path: Path, title: str) -> Rows:
    rows: Rows = (
        CalamineWorkbook.from_path(str(path))
        .get_sheet_by_name(title)
        .to_python(skip_empty_area=False)
    )
    return rows


def read_xlsx(paths: Sequence[Path]) -> PendingTabs:
    """Start reading every sheet of ``paths`` (a later file's sheet wins on the same title)."""
    tabs = PendingTabs()
    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="xlsx-read")
    try:
        jobs: list[tuple[int, Path, str]] = []
        for path in paths:
            try:
                titles = CalamineWorkbook.from_path(str(path)).sheet_names
                sizes = sheet_sizes(path)
            except Exception as exc:
                raise unreadable(path, exc) from exc
            jobs += [(sizes.get(title, 0), path, title) for title in titles]
        started: dict[tuple[Path, str], Future[Rows]] = {}
        for _size, path, title in sorted(jobs, key=lambda j: -j[0]):  # the long pole first
            started[path, title] = pool.submit(_sheet, path, title)
        # the error scan decompresses the sheets again: after the reads, on a free worker
        scans = {path: pool.submit(error_cells, path) for path in paths}
        for _size, path, title in jobs:
            tabs.add(path, title, started[path, title], scans[path])
    finally:
        pool.shutdown(wait=False)  # the threads end when their reads do
    return tabs
