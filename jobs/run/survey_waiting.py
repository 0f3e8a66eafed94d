"""Survey answers kept while the workbook is open in an office program (trial35: with
``~$demo.xlsx`` present every answer was refused and lost, and coordinators keep the workbook
open all day).

An answer the form cannot append is written to ``<workbook>.survey-waiting.jsonl`` beside the
workbook (one JSON line each, fsynced) and the respondent is told it is received. The next
answer, ``survey status`` or ``survey close`` that finds the workbook free appends the waiting
ones first, then empties the file; one already in the sheet (a crash between the two) is not
appended again. ``doctor`` names a file left waiting."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from config.errors import WorkbookLockedError
from config.settings import Settings
from jobs.run.lock import held
from jobs.run.survey_book import read_book, response_ids
from sheets_sync.backend import Backend
from sheets_sync.table import header_keys
from sheets_sync.workbook import Workbook

TIME = "submitted_at"  # the one value that is not JSON: written as ISO text


def waiting_path(settings: Settings) -> Path:
    """The file of waiting answers: beside the workbook."""
    path = settings.path
    return path.with_name(f"{path.stem}.survey-waiting.jsonl")


def park(path: Path, record: dict[str, Any]) -> None:
    """Keep one answer until the workbook is free: written and fsynced before it is said."""
    line = json.dumps({**record, TIME: record[TIME].isoformat()}, ensure_ascii=False)
    with path.open("a", encoding="utf-8") as out:
        out.write(line + "\n")
        out.flush()
        os.fsync(out.fileno())


def parked(path: Path) -> list[dict[str, Any]]:
    """The waiting answers, oldest first (a line a crash cut short is skipped: its answer was
    never said to be received)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    out = []
    for line in lines:
        try:
            record = json.loads(line)
            record[TIME] = dt.datetime.fromisoformat(record[TIME])
        except (ValueError, KeyError, TypeError):
            continue
        out.append(record)
    return out


def append_answers(
    settings: Settings, backend: Backend, wb: Workbook, new: Sequence[dict[str, Any]]
) -> int:
    """Append the waiting answers not in the sheet yet and ``new`` (under the run lock, from
    the read ``wb``), then empty the waiting file; the number of waiting ones appended.
    ``WorkbookLockedError`` when the workbook is still open: nothing appended."""
    path = waiting_path(settings) if settings.path else None
    there = {str(i) for i in response_ids(wb)}
    waiting = [r for r in parked(path) if str(r["response_id"]) not in there] if path else []
    records = [*waiting, *new]
    if records:
        table = wb["survey"]
        keys = partial(header_keys, table.schema, aliases=settings.headers.get("survey"))
        check = getattr(backend, "check_append", None)  # a sheet it cannot extend safely
        if check is not None:
            check(table.title, records, keys)
        backend.append(table.title, records, keys)
    if path is not None:
        path.unlink(missing_ok=True)
    return len(waiting)


def flush(settings: Settings, backend: Backend, wait_s: float) -> tuple[int, int]:
    """(appended, still waiting): the waiting answers appended if the workbook is free."""
    path = waiting_path(settings) if settings.path else None
    if path is None or not path.exists():
        return 0, 0
    with held(settings, "survey answer", wait_s):
        wb = read_book(settings, backend)
        try:
            return append_answers(settings, backend, wb, []), 0
        except WorkbookLockedError:
            return 0, len(parked(path))
