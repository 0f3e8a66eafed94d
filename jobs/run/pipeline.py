"""What the scheduler runs: the ``Jobs`` it sees (fakes in tests) and ``PipelineJobs``, the one
``jobs.run.envelope.run`` on the configured workbook and channels. A daily run's check of
``_runs`` and the run share one read of the workbook: ``Replay`` hands the run that read."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any, Protocol, cast

from config.errors import BackendError
from config.settings import Settings
from jobs.notify import Notifier
from jobs.run.timetable import Raw

log = logging.getLogger("collabsheet.scheduler")


class Report(Protocol):
    @property
    def outcome(self) -> str: ...
    def summary(self, locale: str = "en") -> str: ...


class Jobs(Protocol):
    """What the scheduler runs: ``PipelineJobs`` in production, fakes in tests."""

    def read(self) -> Raw: ...
    def last_run(self, raw: Raw, kind: str) -> dt.datetime | None: ...
    def run(self, kind: str, now: dt.datetime, raw: Raw | None = None) -> Report:
        """One run; ``raw``: the workbook ``read`` returned moments ago under the run lock, for
        the run to use instead of reading it again (None: the run reads it)."""
        ...

    def record_failure(self, kind: str, now: dt.datetime, error: str) -> object: ...


Tabs = Mapping[str, list[list[Any]]]


def requests_of(backend: Any) -> int:
    """The backend's API request count (``sheets_sync`` backends count them; 0 otherwise)."""
    return int(getattr(backend, "requests", 0))


class Replay:
    """``backend`` whose next ``read`` hands back ``raw``, read moments before by the scheduler,
    instead of reading the workbook again; everything else goes to ``backend``. Its request
    count includes that read (``spent`` requests), so ``_runs`` counts the run's requests
    as if the run had read the workbook itself."""

    def __init__(self, backend: Any, raw: Tabs, spent: int = 0) -> None:
        self.backend, self.raw, self.spent = backend, raw, spent
        self.replayed = False

    @property
    def requests(self) -> int:
        return requests_of(self.backend) - (0 if self.replayed else self.spent)

    def read(self) -> Tabs:
        if self.replayed:
            return cast(Tabs, self.backend.read())
        self.replayed = True
        return self.raw

    def write(self, tabs: Mapping[str, Any]) -> None:
        self.backend.write(tabs)

    def append(self, title: str, records: Any, keys: Any) -> None:
        self.backend.append(title, records, keys)

    def append_together(self, appends: Any) -> None:
        self.backend.append_together(appends)

    def divert(self, tabs: Mapping[str, Any], now: dt.datetime) -> Any:
        """The results file is locked: the backend writes a fallback (``XlsxBackend.divert``)."""
        return self.backend.divert(tabs, now)

    def link(self, title: str, cell: str) -> str:
        return str(self.backend.link(title, cell))


class PipelineJobs:
    """``jobs.run.envelope.run`` on the configured workbook and channels."""

    def __init__(
        self, settings: Settings, backend: Any = None,
        notifiers: Mapping[str, Notifier] | None = None,
    ) -> None:  # fmt: skip
        """``backend`` None: opened from the config; ``notifiers`` None: from the config."""
        self.settings = settings
        self._backend: Any = backend
        self._given = backend is not None  # kept however it fails: the caller's to replace
        self.notifiers = notifiers
        self._read: tuple[int, int] | None = None  # id() of the last read, requests it made

    def backend(self) -> Any:
        from sheets_sync import open_backend

        if self._backend is None:
            self._backend = open_backend(self.settings)
        return self._backend

    def _forget(self) -> None:
        """Open the configured backend afresh next time (a replaced file, an expired session)."""
        if not self._given:
            self._backend = None

    def read(self) -> Raw:
        """The workbook as the backend hands it over (not copied: a lazy xlsx read stays lazy
        for the run that uses it)."""
        try:
            backend = self.backend()
            before = requests_of(backend)
            raw = cast(Tabs, backend.read())
        except Exception:
            self._forget()
            raise
        self._read = (id(raw), requests_of(backend) - before)  # not the read: a skipped run
        # must not keep the workbook in memory; the caller holds it until it hands it to run()
        return raw

    def last_run(self, raw: Raw, kind: str) -> dt.datetime | None:
        from jobs.run.runs_tab import last_run_at

        return last_run_at(raw.get("_runs", []), kind)

    def run(self, kind: str, now: dt.datetime, raw: Raw | None = None) -> Report:
        from jobs.run.envelope import run

        last, self._read = self._read, None
        try:
            backend = self.backend()
            if raw is not None:
                spent = last[1] if last is not None and last[0] == id(raw) else 0
                backend = Replay(backend, cast(Tabs, raw), spent)
            report: Report = run(kind, self.settings, backend, now, notifiers=self.notifiers)
        except Exception:
            self._forget()
            raise
        if kind == "daily" and raw is not None:
            self.survey_letters(now, raw)
        return report

    def survey_letters(self, now: dt.datetime, raw: Raw) -> None:
        """While a survey round is open (``raw``'s ``_survey_rounds``), the daily run also sends
        the survey's owed letters, as ``collabsheet survey remind`` does: invitations held
        outside working hours and the one reminder once due (each once, through the ledger).
        A failure there (no secret in this process, a channel down) is logged, not the run's:
        the letters stay owed for the next day or ``survey remind``."""
        from jobs.notify import factory, redact
        from jobs.run.survey_round import remind_survey
        from jobs.survey.rounds import open_round, read_rounds

        if open_round(read_rounds(raw.get("_survey_rounds")), now) is None:
            return
        try:
            remind_survey(self.settings, self.backend(), now, notifiers=self.notifiers)
        except Exception as exc:  # the daily run itself went; these letters stay owed
            secrets = factory.secrets(self.settings.channels)
            log.warning("survey letters not sent: %s", redact(f"{type(exc).__name__}: {exc}",
                                                              secrets))  # fmt: skip

    def record_failure(self, kind: str, now: dt.datetime, error: str) -> object:
        from jobs.run.failure import record_failure

        try:
            backend = self.backend()
        except Exception:  # the workbook cannot even be opened: the database and the outbox
            backend = Unopened(self.settings)
        return record_failure(self.settings, backend, kind, now, error, self.notifiers)


def _unopened(where: object) -> tuple[str, str]:
    return f"{where}：无法打开工作簿", f"{where}: the workbook could not be opened"


class Unopened:
    """Stands in for a workbook that could not be opened: nothing to read or write, but where
    its ledger database is (``path``, ``key``: ``jobs.run.ledger_db.ledger_path``), so a failed
    run is still kept and written by the next run."""

    def __init__(self, settings: Settings) -> None:
        self.path = settings.path if settings.backend == "xlsx" else None
        self.key = settings.spreadsheet if settings.backend == "google" else None

    def read(self) -> Tabs:
        raise BackendError(*_unopened(self.path or self.key))

    def write(self, tabs: Mapping[str, Any]) -> None:
        raise BackendError(*_unopened(self.path or self.key))

    def link(self, title: str, cell: str) -> str:
        return f"{title}!{cell}"
