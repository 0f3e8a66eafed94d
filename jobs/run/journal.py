"""The reminder ledger's write-ahead journal as a file: JSON lines beside the workbook (see
jobs/reminders/ledger.py for when records are written and made durable). The run package
writes it; the ledger (a domain module) sees only its ``Journal`` protocol."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from config.settings import Settings
from jobs.reminders.reminders_tab import Entry


def journal_path(settings: Settings) -> Path:
    """The write-ahead journal: configured, or beside the workbook."""
    path = settings.path
    return settings.channels.journal or path.with_name(f"{path.stem}.reminders-journal.jsonl")


class FileJournal:
    """Append-only JSON lines: the ledger's write-ahead log. A record is written and flushed
    to the OS at once (it survives the process being killed); ``sync`` fsyncs what was
    written (it survives the machine stopping). ``append`` does both, per record."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._file: IO[bytes] | None = None
        self._created = False  # the file is new: its folder's entry needs an fsync too

    def append(self, entry: Entry) -> None:
        self.write([entry])

    def write(self, entries: Iterable[Entry], sync: bool = True) -> None:
        """Append records, flushed to the OS; fsynced (one fsync for all) when ``sync``."""
        if self.path is None:
            return
        lines = "".join(json.dumps(vars(e), ensure_ascii=False) + "\n" for e in entries)
        if lines:
            f = self._open(self.path)
            f.write(lines.encode("utf-8"))
            f.flush()
        if sync:
            self.sync()

    def sync(self) -> None:
        """Make every record written so far durable (one fsync), and close the file."""
        f, self._file = self._file, None
        if f is None:
            return
        try:
            os.fsync(f.fileno())
        finally:
            f.close()
        if self._created and self.path is not None:
            self._created = False
            folder = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)

    def _open(self, path: Path) -> IO[bytes]:
        if self._file is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._created = self._created or not path.exists()
            torn = False
            if not self._created and path.stat().st_size:
                with path.open("rb") as r:
                    r.seek(-1, os.SEEK_END)
                    torn = r.read(1) != b"\n"
            self._file = path.open("ab")
            if torn:  # a crash mid-write left half a line: end it, or the next record joins it
                self._file.write(b"\n")
        return self._file

    def read(self) -> list[Entry]:
        if self.path is None or not self.path.is_file():
            return []
        out = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(Entry(**json.loads(line)))
            except (ValueError, TypeError):
                continue  # a torn last line from a crash mid-write: that record never happened
        return out

    def clear(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        if self.path is not None and self.path.exists():
            self.path.unlink()
