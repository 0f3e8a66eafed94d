"""The bot tabs as the readable mirror of the ledger database (``jobs.run.ledger_db``).

Each run reads both and goes on from their union: a reminder key known to either counts
(of two records of one key the further one wins: a final state over ``pending``, then the later
attempt), and so does every ``_runs`` row and every day of ``_metrics``. So a results file that
is missing, damaged or an old copy is written whole again by the run, with one warning, and
a message is sent only when neither the database nor ``_reminders`` has its key. At the end
of the run (before the results file is written) the database takes what it lacks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from config.errors import BackendError
from config.settings import Settings
from jobs.kpis.metrics_tab import METRICS
from jobs.reminders.ledger import FINAL, Ledger
from jobs.reminders.reminders_tab import REMINDERS, Entry, entries_of
from jobs.reminders.retention import horizon, retired
from jobs.run.ledger_db import LedgerDb, Seen, ledger_path
from jobs.run.runs_tab import RUNS
from sheets_sync.finding import Finding, rule

Rows = Sequence[Sequence[Any]]

rule(
    "results.rebuilt",
    "warning",
    (
        "结果（结果文件，或 Google 表格中 _ 开头的工作表）缺少账本数据库 {db} 中的 {n} 条记录"
        "（缺失、损坏、是旧副本或上次写入未完成）；已从数据库补全，不会重发任何消息",
        "无需操作；结果由 collabsheet 写入，请勿用旧副本替换或手工修改",
    ),
    (
        "the results (the results file, or a Google spreadsheet's tabs starting with _) lacked "
        "{n} record(s) of the ledger database {db} (missing, damaged, an old copy or a write "
        "left unfinished); rebuilt from the database, no message is sent again",
        "nothing to do; collabsheet writes the results: do not put an old copy back or edit them",
    ),
)
rule(
    "results.db_reset",
    "warning",
    (
        "账本数据库已损坏，已另存并重新建立：{detail}",
        "无需操作；数据库已从结果文件重建",
    ),
    (
        "the ledger database was damaged, set aside and started afresh: {detail}",
        "nothing to do; it was rebuilt from the results file",
    ),
)


def further(a: Entry, b: Entry) -> Entry:
    """Of two records of one key, the one further on: a final state, then the later attempt."""
    return max(a, b, key=lambda e: (e.status in FINAL, e.last_at, e.attempts, e.sent_at))


class BotView(Mapping[str, Rows]):
    """The bot tabs as read, with some replaced by their union with the database."""

    def __init__(
        self, base: Mapping[str, Rows], own: Mapping[str, Rows],
        reminders: Mapping[str, Entry] | None = None,
    ) -> None:  # fmt: skip
        """``reminders``: ``own["_reminders"]`` decoded (the run's ledger starts from it)."""
        self.base, self.own, self.reminders = base, own, reminders

    def __getitem__(self, title: str) -> Rows:
        return self.own[title] if title in self.own else self.base[title]

    def __contains__(self, title: object) -> bool:
        return title in self.own or title in self.base

    def __iter__(self) -> Iterator[str]:
        yield from self.own
        yield from (t for t in self.base if t not in self.own)

    def __len__(self) -> int:
        return len(set(self.own) | set(self.base))


class Mirror:
    """The run's database and what the bot tabs lacked of it."""

    def __init__(self, db: LedgerDb, settings: Settings) -> None:
        self.db, self.settings = db, settings
        self.known = db.entries()  # the ledger as the database had it
        self.runs = {str(r["run_id"]): r for r in db.runs()}
        self.metrics = {(str(r["date"])[:10], str(r["kpi"])): r for r in db.metrics()}
        self.missing = 0  # records the database had and the bot tabs lacked
        # a failed run that could not read the workbook records itself in the database alone:
        # its _runs row and its notice are not "lacked" by the results file (trial8: a save in
        # place failed one run, and the next warned of a missing, damaged or old results file)
        self.failed = {str(r["run_id"]) for r in self.runs.values() if r.get("outcome") == "failed"}
        self.damaged: list[str] = []  # bot tabs whose part of the results file did not decode
        # task -> assignee as the last announcing run saw them: a later `sla` run's _sla tab
        # does not hide them (None: no such run saved it; the last _sla tab stands in)
        self.assignees = db.assignees()

    @classmethod
    def open(cls, settings: Settings, backend: Any, dry_run: bool = False) -> Mirror:
        """The run's database; a dry run that finds none works on an empty one in memory (it
        writes nothing, not even a new file)."""
        path = ledger_path(settings, backend)
        if dry_run and path is not None and not path.exists():
            path = None
        return cls(LedgerDb(path), settings)

    def overlay(self, bot: Mapping[str, Rows], titles: Iterable[str], today: dt.date) -> BotView:
        """The bot tabs ``titles`` (of ``_reminders``, ``_runs``, ``_metrics``) as the union
        (``today``: a message the database holds of a day long past is not put back in the tab:
        jobs/reminders/retention.py)."""
        titles = set(titles)
        own: dict[str, Rows] = {t: self._rows(bot, t) for t in titles if t in bot}
        reminders = None
        if "_reminders" in titles:
            own["_reminders"], reminders = self._reminders(own.get("_reminders", []), today)
        if "_runs" in titles:
            rows = RUNS.decode(own.get("_runs"))
            own["_runs"] = self._union(rows, self.runs, _run_key, RUNS)
        if "_metrics" in titles:
            rows = METRICS.decode(own.get("_metrics"))
            own["_metrics"] = self._union(rows, self.metrics, _kpi_key, METRICS)
        return BotView(bot, own, reminders)

    def _rows(self, bot: Mapping[str, Rows], title: str) -> Rows:
        """A bot tab as read; one whose part of the results file does not decode, as empty
        (the run writes it anew: ``XlsxBackend.write`` sets the damaged file aside)."""
        try:
            return bot.get(title) or []
        except BackendError:
            self.damaged.append(title)
            return []

    def _reminders(self, rows: Rows, today: dt.date) -> tuple[list[list[Any]], dict[str, Entry]]:
        """The union of the tab and the database: as rows, and as entries by key."""
        sheet = entries_of(rows)
        merged = dict(sheet)
        today = horizon(self.known.values(), today)  # a run dated in the past: the latest day
        for key, e in self.known.items():
            have = sheet.get(key)
            if have is None and retired(e, today):
                continue  # left the tab on purpose: the database keeps it
            if have is None or further(have, e) is not have:
                self.missing += not (have is None and e.run_id in self.failed)
                merged[key] = e if have is None else further(have, e)
        if len(merged) == len(sheet) and not self.missing:
            return list(map(list, rows)), sheet
        entries = sorted(merged.values(), key=lambda e: (e.first_at, e.key))
        # flat fields: no deep copy (asdict); the entries in the order of the rows written
        return REMINDERS.encode(map(vars, entries)), {e.key: e for e in entries}

    def _union(
        self, sheet: list[dict[str, Any]], known: Mapping[Any, dict[str, Any]],
        key: Any, tab: Any,
    ) -> list[list[Any]]:  # fmt: skip
        have = {key(r) for r in sheet}
        lacking = [r for k, r in known.items() if k not in have]
        if not lacking:
            return list(tab.encode(sheet))
        self.missing += sum(str(r.get("run_id") or "") not in self.failed for r in lacking)
        records = sorted([*sheet, *lacking], key=_when)
        return list(tab.encode(records))

    def findings(self) -> list[Finding]:
        """One warning when the bot tabs were rebuilt from the database (or it was reset)."""
        out = []
        if self.db.warning:
            out.append(Finding("_runs", "A1", "", "results.db_reset", {"detail": self.db.warning}))
        if self.missing or self.damaged:
            db = self.db.path or "(memory)"
            out.append(Finding("_runs", "A1", "", "results.rebuilt", {"n": self.missing, "db": db}))
        return out

    def save(
        self, ledger: Ledger | None, tabs: Mapping[str, Rows], bot: Mapping[str, Rows],
        today: dt.date, assignees: Seen | None = None,
    ) -> None:  # fmt: skip
        """What the database lacks, in one transaction: the ledger's changed entries, every
        ``_runs`` row it does not have (this run's included), the KPI rows of new days; and
        ``assignees`` (a run that announces new assignments: what it saw)."""
        entries = [] if ledger is None else [
            e for k, e in ledger.entries.items() if self.known.get(k) != e
        ]  # fmt: skip
        runs = RUNS.decode(tabs.get("_runs") or bot.get("_runs"))
        new_runs = [r for r in runs if str(r.get("run_id") or "") not in self.runs]
        kpis = METRICS.decode(tabs.get("_metrics") or bot.get("_metrics"))
        day = today.isoformat()
        new_kpis = [r for r in kpis if _kpi_key(r) not in self.metrics or _kpi_key(r)[0] == day]
        last = day if "_metrics" in tabs else ""
        self.db.save(entries, [r for r in new_runs if r.get("run_id")], new_kpis, last, assignees)

    def close(self) -> None:
        self.db.close()


def _when(r: Mapping[str, Any]) -> str:
    """A ``_runs`` or ``_metrics`` record's time, as text that sorts."""
    return str(r.get("started_at") or r.get("date") or "")[:19]


def _run_key(r: Mapping[str, Any]) -> str:
    return str(r.get("run_id") or "")


def _kpi_key(r: Mapping[str, Any]) -> tuple[str, str]:
    d = r.get("date")
    return (d.isoformat()[:10] if isinstance(d, dt.date) else str(d)[:10], str(r.get("kpi")))
