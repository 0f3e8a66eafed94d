"""The ledger database: the reminder ledger, the run history and the KPI history in one SQLite
file beside the workbook (``demo.collabsheet.db``), so that losing, damaging or restoring an old
copy of the results file never sends a message twice and never loses a run.

It complements the write-ahead journal (``jobs.reminders.ledger``), it does not replace it: the
journal records each send as it happens (batched fsyncs, the crash windows documented there);
the database takes the run's whole state in one transaction at the end of the run, before the
results file is written, and the journal is cleared only after both. The bot tabs stay the
readable mirror (``jobs.run.mirror``). WAL mode, ``synchronous = FULL``: "the WAL file is
synchronized before each transaction commit" (sqlite.org/pragma.html#pragma_synchronous), so a
committed run survives a power loss; one fsync per run. A database that is not a database any
more (damaged, truncated) is set aside under a new name and started afresh from the bot tabs,
with a warning: it never stops the run.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from config.settings import Settings
from jobs.reminders.reminders_tab import Entry

SCHEMA = """
CREATE TABLE IF NOT EXISTS reminders (key TEXT PRIMARY KEY, status TEXT NOT NULL,
                                      entry TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, started_at TEXT NOT NULL,
                                 record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS metrics (day TEXT NOT NULL, kpi TEXT NOT NULL, record TEXT NOT NULL,
                                    PRIMARY KEY (day, kpi));
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
SUFFIX = ".collabsheet.db"
# when an announcing run began (its _runs started_at) and task -> assignee of what it saw
Seen = tuple[str, Mapping[str, str]]


def ledger_path(settings: Settings, backend: Any = None) -> Path | None:
    """Where the run's database lives: ``[workbook] state_dir``, else beside the local
    workbook (``demo.xlsx`` -> ``demo.collabsheet.db``), else, for Google, beside the config
    file (``KEY.collabsheet.db``). None (an in-memory database) for a backend with no home:
    the memory backend, a Google spreadsheet configured without a file (tests). Without
    ``backend``: the one the settings name (``collabsheet doctor``)."""
    if backend is None:
        book = settings.path if settings.backend == "xlsx" else None
        key = settings.spreadsheet if settings.backend == "google" else None
    else:
        inner = getattr(backend, "backend", backend)  # jobs.run.pipeline.Replay wraps it
        book, key = getattr(inner, "path", None), getattr(inner, "key", None)
    if isinstance(book, Path):
        return (settings.state_dir or book.parent) / f"{book.stem}{SUFFIX}"
    if isinstance(key, str) and key:
        source = Path(settings.source)
        folder = settings.state_dir or (source.parent if source.is_file() else None)
        return folder / f"{key}{SUFFIX}" if folder is not None else None
    return None


class LedgerDb:
    """One open database (``path`` None: in memory). ``warning``: set when a damaged file was
    set aside and a new one started."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.warning = ""
        try:
            self.db = self._connect()
        except sqlite3.DatabaseError as exc:
            assert path is not None  # an in-memory database cannot be damaged
            kept = _set_aside(path)
            self.warning = f"{path}: {exc}; kept as {kept.name}"
            self.db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        if self.path is None:
            db = sqlite3.connect(":memory:")
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30)
        try:
            if self.path is not None:
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = FULL")
                (ok,) = db.execute("PRAGMA quick_check").fetchone()
                if ok != "ok":
                    raise sqlite3.DatabaseError(f"quick_check: {ok}")
            db.executescript(SCHEMA)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def entries(self) -> dict[str, Entry]:
        """The reminder ledger by key."""
        return stored_entries(self.db)

    def runs(self) -> list[dict[str, Any]]:
        """The ``_runs`` records, oldest first."""
        return stored_runs(self.db)

    def metrics(self) -> list[dict[str, Any]]:
        """The ``_metrics`` records, by day."""
        rows = self.db.execute("SELECT record FROM metrics ORDER BY day, rowid")
        return [json.loads(text) for (text,) in rows]

    def assignees(self) -> Seen | None:
        """When the last run that announces new assignments began (``_runs`` started_at) and
        task -> assignee of the open tasks it saw (``jobs.reminders.assignments.assignees``);
        None before one (or unreadable)."""
        try:
            value = json.loads(self.meta("assignees") or "null")
            at, tasks = value["at"], value["tasks"]
        except (ValueError, TypeError, KeyError):
            return None
        if not isinstance(at, str) or not isinstance(tasks, dict):
            return None
        return at, {str(k): str(v) for k, v in tasks.items()}

    def meta(self, name: str) -> str:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return str(row[0]) if row else ""

    def save(
        self, entries: Iterable[Entry] = (), runs: Iterable[Mapping[str, Any]] = (),
        metrics: Iterable[Mapping[str, Any]] = (), last_kpi_day: str = "",
        assignees: Seen | None = None,
    ) -> None:  # fmt: skip
        """Upsert these entries, runs and KPI rows (and the assignees an announcing run saw)
        in one transaction (one fsync)."""
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO reminders (key, status, entry) VALUES (?, ?, ?)",
                [(e.key, e.status, json.dumps(asdict(e), ensure_ascii=False)) for e in entries],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO runs (run_id, started_at, record) VALUES (?, ?, ?)",
                [(str(r["run_id"]), str(r.get("started_at") or "")[:19], _json(r)) for r in runs],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO metrics (day, kpi, record) VALUES (?, ?, ?)",
                [(str(r["date"])[:10], str(r["kpi"]), _json(r)) for r in metrics],
            )
            if last_kpi_day:
                self.db.execute(
                    "INSERT OR REPLACE INTO meta (name, value) VALUES ('last_kpi_day', ?)",
                    (last_kpi_day,),
                )
            if assignees is not None:
                self.db.execute(
                    "INSERT OR REPLACE INTO meta (name, value) VALUES ('assignees', ?)",
                    (json.dumps({"at": assignees[0], "tasks": dict(assignees[1])}),),
                )

    def counts(self) -> dict[str, int]:
        """Rows per table (``collabsheet doctor``)."""
        return {
            t: int(self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("reminders", "runs", "metrics")
        }

    def close(self) -> None:
        self.db.close()


def stored_entries(db: sqlite3.Connection) -> dict[str, Entry]:
    """The reminder ledger of an open database by key (an entry that does not decode: left)."""
    out: dict[str, Entry] = {}
    for key, text in db.execute("SELECT key, entry FROM reminders"):
        with contextlib.suppress(ValueError, TypeError):
            out[key] = Entry(**json.loads(text))
    return out


def stored_runs(db: sqlite3.Connection) -> list[dict[str, Any]]:
    """The ``_runs`` records of an open database, oldest first."""
    rows = db.execute("SELECT record FROM runs ORDER BY started_at, rowid")
    return [json.loads(text) for (text,) in rows]


def read_only(path: Path) -> contextlib.closing[sqlite3.Connection]:
    """The database as the next run will see it, for looking only (``doctor``, a killed run's
    record): nothing is migrated or set aside. With a -wal file beside it (a run killed before
    the log was folded into the file: its commits are only there) read through the log,
    read-only (SQLite creates the -shm index beside it if it is missing); else immutable, so
    no -wal or -shm file is created (trial12: after ``kill -9`` of a first run, doctor read
    the file alone, found no table and called it damaged)."""
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return contextlib.closing(db)
        except sqlite3.Error:  # the log cannot be read here (no -shm, a read-only folder)
            db.close()
    return contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True))


def _json(record: Mapping[str, Any]) -> str:
    return json.dumps(dict(record), ensure_ascii=False, default=str)


def _set_aside(path: Path) -> Path:
    """Rename a damaged database (and its -wal / -shm files) out of the way, kept for a look."""
    n, target = 1, path.with_name(f"{path.name}.damaged")
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{n}")
    path.rename(target)
    for extra in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{extra}").rename(Path(f"{target}{extra}"))
    return target
