"""The daily and hourly runs (issue 6, check 1): one read, each bot tab written once in one
write, one ``_runs`` row with the right counts; a second run the same day duplicates nothing."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from config.defaults import KPI_DEFAULTS
from config.errors import BackendError
from config.schema import BOT_TABS
from config.settings import Settings, settings_from_dict
from jobs.checks.validation import validate
from jobs.kpis.measures import metrics
from jobs.run.cli import main
from jobs.run.envelope import RunReport
from jobs.run.envelope import run as run_job
from jobs.run.failure import record_failure
from jobs.run.runs_tab import RUNS, last_run_at
from jobs.sla.status import sla_of
from sheets_sync.finding import count
from sheets_sync.memory import MemoryBackend
from sheets_sync.workbook import parse_workbook
from tests.support.clocks import FakeClock
from tests.support.demo import Tabs
from tests.support.notifiers import Recorder

NOW = dt.datetime(2026, 11, 27, 9, 0)  # a Friday, a working day
SECRET = "smtp-password-Zx81"


class Counting(MemoryBackend):
    """A memory backend that records which tabs each write carried."""

    def __init__(self, tabs: Mapping[str, Sequence[Sequence[Any]]]) -> None:
        super().__init__(tabs)
        self.writes: list[tuple[str, ...]] = []
        self.reads = 0

    def read(self) -> dict[str, list[list[Any]]]:
        self.reads += 1
        return super().read()

    def write(self, tabs: Mapping[str, Sequence[Sequence[Any]]]) -> None:
        self.writes.append(tuple(tabs))
        super().write(tabs)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    channels = {"outbox": {"folder": str(tmp_path / "outbox")}, "journal": str(tmp_path / "j")}
    return settings_from_dict({"channels": channels})


def run(s: Settings, backend: MemoryBackend, rec: Recorder, kind: str = "daily",
        now: dt.datetime = NOW) -> RunReport:  # fmt: skip
    clock = FakeClock()
    return run_job(kind, s, backend, now, notifiers={"outbox": rec}, clock=clock, sleep=clock.sleep)


def records(backend: MemoryBackend, tab: str) -> list[dict[str, Any]]:
    header, *rows = backend.tabs[tab]
    return [dict(zip(header, r, strict=True)) for r in rows]


def test_daily_run_reads_once_and_writes_every_bot_tab_once(
    settings: Settings, demo_tabs: dict[str, list[list[Any]]]
) -> None:
    backend, rec = Counting(demo_tabs), Recorder()
    report = run(settings, backend, rec)
    assert backend.reads == 1
    assert backend.writes == [("_checks", "_sla", "_metrics", "_case_links", "_reminders", "_runs")]
    # the counts are those of the separate steps on the same data
    wb = parse_workbook(demo_tabs, settings)
    errors, warnings = count(validate(wb))
    sla = sla_of(wb, settings.sla_section, NOW)
    values = metrics(wb, sla.result, settings.kpi_section, NOW.date())
    # 5 planted errors; 2 warnings: the demo's recurring disputes and a decision the matrix
    # does not follow yet (tests/test_closing_rules.py)
    assert (report.counts["errors"], report.counts["warnings"]) == (errors, warnings) == (5, 2)
    assert report.counts["breached"] == sla.counts["breached"] > 0
    assert report.counts["at_risk"] == sla.counts["at_risk"] > 0
    assert report.counts["kpis"] == sum(v.value is not None for v in values)
    assert report.counts["sent"] == len(rec.sent) > 0
    assert len(backend.tabs["_checks"]) - 1 == errors + warnings
    assert len(backend.tabs["_sla"]) - 1 == int(
        (~sla.result["status"].isin(["met", "met_late"])).sum()
    )
    assert len(backend.tabs["_metrics"]) - 1 == len(values)
    (row,) = records(backend, "_runs")
    assert row["job"] == "daily" and row["outcome"] == "errors"  # the 5 planted errors
    assert row["run_id"] == report.run_id and row["started_at"] == "2026-11-27 09:00:00"
    assert (row["errors"], row["warnings"]) == (5, 2)
    assert row["rows"] == sum(len(t) for t in wb.tables.values()) == report.counts["rows"]
    assert row["api_requests"] == 2  # this backend counts one read and one write
    assert report.tabs == backend.writes[0]


def test_second_daily_run_the_same_day_adds_no_metrics_and_sends_nothing(
    settings: Settings, demo_tabs: dict[str, list[list[Any]]]
) -> None:
    backend, rec = Counting(demo_tabs), Recorder()
    run(settings, backend, rec)
    sent, metrics_rows = len(rec.sent), len(backend.tabs["_metrics"])
    again = run(settings, backend, rec, now=NOW + dt.timedelta(hours=3))
    assert len(rec.sent) == sent and again.counts["sent"] == 0
    assert len(backend.tabs["_metrics"]) == metrics_rows
    kpi_days = Counter((r["date"], r["kpi"]) for r in records(backend, "_metrics"))
    assert set(kpi_days.values()) == {1}
    assert [r["job"] for r in records(backend, "_runs")] == ["daily", "daily"]
    # one row per key; what was sent at 09:00 is not sent again; a digest that only became
    # due later that day (a task handed off after 09:00) is held back until the next day
    rows = records(backend, "_reminders")
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys))
    assert sorted(r["key"] for r in rows if r["status"] == "sent") == sorted(
        m.key for m in rec.sent
    )
    assert len(rec.sent) == sent and {r["status"] for r in rows} <= {"sent", "held"}
    # the next day is a new day: new metrics rows, new digests
    run(settings, backend, rec, now=NOW + dt.timedelta(days=3))  # Monday 11-30
    days = {r["date"] for r in records(backend, "_metrics")}
    assert days == {"2026-11-27", "2026-11-30"}
    assert len(rec.sent) > sent


def test_hourly_run_writes_sla_reminders_and_runs_only(
    settings: Settings, demo_tabs: dict[str, list[list[Any]]]
) -> None:
    backend, rec = Counting(demo_tabs), Recorder()
    report = run(settings, backend, rec, kind="hourly", now=NOW + dt.timedelta(hours=1))
    assert backend.writes == [("_sla", "_reminders", "_runs")]
    assert all(m.key.startswith("escalation:") for m in rec.sent) and rec.sent
    assert report.counts["sent"] == len(rec.sent)
    assert "_metrics" not in backend.tabs and "_checks" not in backend.tabs
    (row,) = records(backend, "_runs")
    assert row["job"] == "hourly" and row["outcome"] == "ok"


def test_undelivered_messages_make_the_run_an_error(
    settings: Settings, demo_tabs: dict[str, list[list[Any]]], tmp_path: Path
) -> None:
    from jobs.notify import Outcome

    class Down:
        def send(self, message: object) -> Outcome:
            return Outcome(False, False, "550 mailbox unavailable")

    backend = Counting(demo_tabs)
    report = run_job("daily", settings, backend, NOW, notifiers={"outbox": Down()})
    undelivered = report.counts["failed"] + report.counts["dead"]
    assert report.counts["sent"] == 0 and undelivered == len(report.deliveries) > 0
    (row,) = records(backend, "_runs")
    assert row["outcome"] == "errors" and row["errors"] == 5 + undelivered


def test_record_failure_writes_a_failed_run_and_tells_the_coordinator(
    tmp_path: Path, demo_tabs: dict[str, list[list[Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLLABSHEET_SMTP_PASSWORD", SECRET)
    s = settings_from_dict({"channels": {
        "outbox": {"folder": str(tmp_path / "outbox")},
        "email": {"host": "127.0.0.1", "from_addr": "bot@example.com",
                  "user": "bot", "password_env": "COLLABSHEET_SMTP_PASSWORD"},
    }})  # fmt: skip
    backend, rec = Counting(demo_tabs), Recorder()
    text = record_failure(s, backend, "daily", NOW, f"SMTP login bot:{SECRET} refused",
                          notifiers={"outbox": rec, "email": rec})  # fmt: skip
    assert SECRET not in text and "***" in text
    (row,) = records(backend, "_runs")
    assert row["outcome"] == "failed" and row["job"] == "daily" and SECRET not in row["message"]
    coordinators = [r for r in demo_tabs["人员"][1:] if r[5] == "协调员"]
    assert coordinators and len(rec.sent) == len(coordinators)
    assert all(SECRET not in str(m) for m in rec.sent)
    assert last_run_at(backend.tabs["_runs"], "daily") is None  # a failed run is no run


def test_record_failure_when_the_store_is_down_still_leaves_a_note(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken(MemoryBackend):
        def read(self) -> dict[str, list[list[Any]]]:
            raise BackendError("spreadsheet unreachable")

    rec = Recorder()
    with caplog.at_level(logging.WARNING, "collabsheet.run"):
        record_failure(settings, Broken(), "hourly", NOW, "boom", notifiers={"outbox": rec})
    assert [m.recipient for m in rec.sent] == ["coordinator@outbox.invalid"]
    assert (  # in the terminal's language, the workbook's reason in it (trial10: English)
        "每小时运行失败已记入账本数据库；工作簿读不了，结果文件中的 _runs 由下一次能读取它的"
        "运行补上（spreadsheet unreachable）" in caplog.text
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-11-26 09:00:05", dt.datetime(2026, 11, 26, 9, 0, 5)),
        (dt.datetime(2026, 11, 26, 9, 0), dt.datetime(2026, 11, 26, 9, 0)),
        (46352.375, dt.datetime(2026, 11, 26, 9, 0)),  # Google's serial number
        ("garbage", None),
    ],
)
def test_last_run_at_reads_text_datetimes_and_serials(cell: Any, expected: Any) -> None:
    header = list(BOT_TABS["_runs"])
    row = dict.fromkeys(header, "")
    row.update(job="daily", started_at=cell, outcome="ok")
    rows = [header, [row[c] for c in header]]
    assert last_run_at(rows, "daily") == expected
    assert last_run_at(rows, "hourly") is None


def test_cli_run_daily_then_hourly_on_a_local_workbook(
    demo_xlsx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = demo_xlsx
    config = tmp_path / "c.toml"
    config.write_text(
        f'[workbook]\npath = "{book.as_posix()}"\n'
        f'[channels.outbox]\nfolder = "{(tmp_path / "outbox").as_posix()}"\n',
        encoding="utf-8",
    )
    assert main(["run", "daily", "--config", str(config), "-q", "--at", "2026-11-27 09:00"]) == 0
    out = capsys.readouterr().out
    assert (
        out.startswith("每日运行 ")  # Chinese first (the default locale)
        and "错误 5 个" in out
        and f"指标 {len(KPI_DEFAULTS) - 1} 项" in out
    )
    assert main(["run", "hourly", "--config", str(config), "-q", "--at", "2026-11-27 10:00"]) == 0
    assert capsys.readouterr().out.startswith("每小时运行 ")
    with pytest.raises(SystemExit) as exit_:
        main(["run", "weekly", "--config", str(config)])
    assert exit_.value.code == 2


def test_daily_run_suggests_a_case_to_the_owner_and_flags_a_recurring_case(
    settings: Settings,
) -> None:
    from tests.support.mutations import add_rows, apply

    raw = apply(
        add_rows("people", ["P08", "郑十", "D04", "zhengshi@example.com", "", "协调员", "是"]),
        add_rows(
            "retrospectives",
            # a new finding without case_id, in other words than case C1's text
            ["R3", "PJ2", "2026-11-26 10:00", "", "交接以后两天都没人回复", "", "", "定时限",
             "P02", "", ""],
            # C1 (first seen 10-01) typed again: with R1 (11-20) twice this quarter
            ["R4", "PJ1", "2026-11-24 10:00", "", "交接又没人响应", "", "C1", "", "", "", ""],
        ),
    )  # fmt: skip
    backend, rec = Counting(raw), Recorder()
    run(settings, backend, rec)
    links = records(backend, "_case_links")
    assert [(r["retro_id"], r["case_id"], r["rank"]) for r in links if r["rank"] == 1] == [
        ("R3", "C1", 1)
    ]
    digest = next(m for m in rec.sent if m.key == "digest:P02:2026-11-27")
    lines = [i.text for s in digest.sections for i in s.items]
    assert any(t.startswith("R3: ") and "C1" in t and "设置 24 小时响应时限" in t for t in lines)
    meeting = next(m for m in rec.sent if m.key == "meeting:P08:2026-11-27")
    (recurring,) = [s for s in meeting.sections if s.title.startswith("本季度反复出现")]
    assert [i.text.split("「")[0] for i in recurring.items] == ["C1"]
    # R1 and R4 typed C1, R3 is linked by its accepted suggestion: three recurrences
    assert next(r for r in links if r["retro_id"] == "R3")["accepted"] == "yes"
    assert "2026Q4" in recurring.items[0].text and "已复发 3 次" in recurring.items[0].text
    # nothing of this went into a human tab
    assert all(backend.tabs[t] == rows for t, rows in raw.items())


def test_a_daily_run_on_google_is_one_read_and_one_write(demo_tabs: Tabs, tmp_path: Path) -> None:
    """On the Sheets API: metadata + batchGet + one batchUpdate carrying all six bot tabs; the
    second run the same day the same three requests, and _runs says so."""
    from tests.support.sheets_emulator import SheetsEmulator, emulated_backend

    key = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-Ab"
    emu = SheetsEmulator()
    emu.create(key, demo_tabs)
    s = settings_from_dict({"channels": {"outbox": {"folder": str(tmp_path / "outbox")},
                                         "journal": str(tmp_path / "j")}})  # fmt: skip
    for _ in range(2):
        emu.counts.clear()
        backend = emulated_backend(emu, key)
        report = run_job("daily", s, backend, NOW, notifiers={"outbox": Recorder()})
        assert emu.counts["get"] == 1 and emu.counts["values.batchGet"] == 1
        assert emu.counts["batchUpdate"] == 1 and emu.sheets_requests() == 3
        assert report.api_requests == 3
    titles = {sheet.title for sheet in emu.books[key].sheets}
    assert {"_checks", "_sla", "_metrics", "_case_links", "_reminders", "_runs"} <= titles
    runs = emulated_backend(emu, key).read()["_runs"]
    assert [r[runs[0].index("api_requests")] for r in runs[1:]] == [3, 3]


def test_cli_run_that_raises_is_one_redacted_line_exit_2_and_a_failed_run(
    demo_xlsx: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import jobs.run.envelope

    monkeypatch.setenv("COLLABSHEET_SMTP_PASSWORD", SECRET)
    book = demo_xlsx
    config = tmp_path / "c.toml"
    config.write_text(
        f'[workbook]\npath = "{book.as_posix()}"\n'
        f'[channels.outbox]\nfolder = "{(tmp_path / "outbox").as_posix()}"\n'
        '[channels.email]\nhost = "127.0.0.1"\nfrom_addr = "bot@example.com"\n'
        'password_env = "COLLABSHEET_SMTP_PASSWORD"\n',
        encoding="utf-8",
    )

    def broken(*args: Any, **kwargs: Any) -> RunReport:
        raise RuntimeError(f"SMTP AUTH failed for bot:{SECRET}")

    monkeypatch.setattr(jobs.run.envelope, "run", broken)
    assert main(["run", "daily", "--config", str(config), "-q"]) == 2
    err = capsys.readouterr().err
    assert SECRET not in err and "每日运行失败" in err
    assert [line for line in err.splitlines() if line.startswith("collabsheet:")] == [
        err.splitlines()[-1]
    ]
    from sheets_sync.xlsx import XlsxBackend

    runs = XlsxBackend(book).read()["_runs"]
    assert RUNS.decode(runs)[-1]["outcome"] == "failed"
    assert SECRET not in str(runs)


def test_messages_left_pending_make_the_run_exit_1(
    demo_xlsx: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jobs.notify import Outcome
    from jobs.notify.outbox import OutboxNotifier

    def busy(self: OutboxNotifier, message: object) -> Outcome:
        return Outcome(False, True, "503 try later")

    monkeypatch.setattr(OutboxNotifier, "send", busy)
    book = demo_xlsx
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{book.as_posix()}"\n', encoding="utf-8")
    assert main(["run", "daily", "--config", str(config), "-q", "--at", "2026-11-27 09:00"]) == 1
    assert "消息：本次发送 0；待重试 " in capsys.readouterr().out
