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
import logging
import os
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from config.errors import CollabsheetError, WorkbookLockedError
from config.settings import Settings
from jobs.run.lock import LockBusy, held
from jobs.run.survey_book import read_book, response_ids
from sheets_sync.backend import Backend
from sheets_sync.table import header_keys
from sheets_sync.workbook import Workbook

TIME = "submitted_at"  # the one value that is not JSON: written as ISO text
log = logging.getLogger("collabsheet.survey")


def waiting_path(settings: Settings) -> Path | None:
    """The file of waiting answers, beside the workbook; None on Google (never locked so)."""
    if settings.backend != "xlsx":
        return None
    path = settings.path
    return path.with_name(f"{path.stem}.survey-waiting.jsonl")


def park(path: Path, record: dict[str, Any]) -> None:
    """Keep one answer until the workbook is free: written and fsynced before it is said
    (ASCII JSON, one line: a U+2028 in a comment split it; review37)."""
    line = json.dumps({**record, TIME: record[TIME].isoformat()}, ensure_ascii=True)
    with path.open("a+b") as out:
        out.seek(0, os.SEEK_END)
        if out.tell():  # a line a crash cut short stays apart from this one
            out.seek(-1, os.SEEK_END)
            if out.read(1) != b"\n":
                out.write(b"\n")
        out.write(line.encode("ascii") + b"\n")
        out.flush()
        os.fsync(out.fileno())


def parked(path: Path | None) -> list[dict[str, Any]]:
    """The waiting answers, oldest first (a line that cannot be read: ``unreadable``)."""
    return _read(path)[0]


def _read(path: Path | None) -> tuple[list[dict[str, Any]], list[str]]:
    try:  # bytes: a line cut inside a character is one bad line, not the file (review39)
        lines = path.read_bytes().split(b"\n") if path else []
    except FileNotFoundError:
        return [], []
    out, bad = [], []
    for raw in filter(None, lines):
        line = raw.decode("utf-8", errors="replace")
        try:
            record = json.loads(raw.decode("utf-8"))
            record[TIME] = dt.datetime.fromisoformat(record[TIME])
            str(record["response_id"])
        except (ValueError, KeyError, TypeError):
            bad.append(line)
            continue
        out.append(record)
    return out, bad


def waiting_ids(settings: Settings) -> set[str]:
    """The 答卷编号 of the waiting answers: their people have answered (no reminder)."""
    return {str(r["response_id"]) for r in parked(waiting_path(settings))}


def append_answers(
    settings: Settings, backend: Backend, wb: Workbook, new: Sequence[dict[str, Any]]
) -> int:
    """Append the waiting answers not in the sheet yet and ``new`` (under the run lock, from
    the read ``wb``), then empty the waiting file (a line it cannot read kept in
    ``….survey-waiting.bad`` for a person to look at); the number of waiting ones appended.
    ``WorkbookLockedError`` when the workbook is still open: nothing appended. Waiting ones
    that cannot be appended (the sheet changed: review37) stay, ``new`` goes alone."""
    path = waiting_path(settings)
    there = {str(i) for i in response_ids(wb)}
    read, bad = _read(path)
    waiting = [r for r in read if str(r["response_id"]) not in there]
    try:
        _append(settings, backend, wb, [*waiting, *new])
    except WorkbookLockedError:
        raise
    except CollabsheetError:
        if not waiting or not new:
            raise
        log.warning("waiting survey answers could not be appended; they stay in %s", path)
        _append(settings, backend, wb, new)
        return 0
    if path is not None:
        try:  # appended: a file that cannot be emptied is read again, nothing appended twice
            if bad:
                with path.with_suffix(".bad").open("a", encoding="utf-8") as out:
                    out.write("".join(line + "\n" for line in bad))
            path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not empty %s: %s", path, exc)
    return len(waiting)


def _append(
    settings: Settings, backend: Backend, wb: Workbook, records: Sequence[dict[str, Any]]
) -> None:
    if records:
        table = wb["survey"]
        keys = partial(header_keys, table.schema, aliases=settings.headers.get("survey"))
        check = getattr(backend, "check_append", None)  # a sheet it cannot extend safely
        if check is not None:
            check(table.title, records, keys)
        backend.append(table.title, records, keys)


def flush(settings: Settings, backend: Backend) -> tuple[int, int, CollabsheetError | None]:
    """(appended, still waiting, why not): the waiting answers appended when the workbook is
    free and no run holds the lock (else they wait: a status still shows, review37); ``why``
    is the error when it is not that (a protected sheet, a tab renamed: review39)."""
    path = waiting_path(settings)
    if path is None or not path.exists():
        return 0, 0, None
    try:
        with held(settings, "survey answer", 2.0):
            wb = read_book(settings, backend)
            return append_answers(settings, backend, wb, []), len(parked(path)), None
    except (WorkbookLockedError, LockBusy):  # open in Excel, or a run holds the lock
        return 0, len(parked(path)), None
    except CollabsheetError as exc:
        return 0, len(parked(path)), exc
