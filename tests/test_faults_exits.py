"""Faults of the run loop (issue 16, item 8): exit codes and summaries that tell the truth.
``run`` and ``remind`` exit 1 while a message is pending, failed or dead, from this run or an
earlier one; the summary counts each state (Chinese first, English with ``--locale en``); every
run leaves a ``_runs`` row with its reason, also one that could not write the results file; the
coordinators hear of a failing run once a day, not once per run."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from jobs.notify import Outcome
from jobs.run.cli import main
from sheets_sync.xlsx import XlsxBackend
from tests.support.notifiers import Recorder
from tests.support.results import records

FAIL = {
    "failed": Outcome(False, False, "550 mailbox unavailable"),
    "retry": Outcome(False, True, "503 try later"),
}
SUMMARY = {  # locale -> the messages part of the summary, after run 1, run 2, run 3
    "zh-CN": ["消息：本次发送 {n}；待重试 2、失败 1、放弃 0、暂缓 0",
              "消息：本次发送 1；待重试 0、失败 1、放弃 1、暂缓 0",
              "消息：本次发送 0；待重试 0、失败 1、放弃 1、暂缓 0"],
    "en": ["messages {n} sent; 2 pending, 1 failed, 0 dead, 0 held back",
           "messages 1 sent; 0 pending, 1 failed, 1 dead, 0 held back",
           "messages 0 sent; 0 pending, 1 failed, 1 dead, 0 held back"],
}  # fmt: skip
REASON = {  # locale -> the _runs message of run 1 and the start of run 2's: with the reasons
    "zh-CN": ("表格有 5 个错误；消息未送达：待重试 2、失败 1、放弃 0（见 _reminders）："
              "本地发件箱「503 try later」：待重试 2 条，本地发件箱「550 mailbox unavailable」："
              "失败 1 条",
              "消息未送达：待重试 0、失败 1、放弃 1（见 _reminders）：本地发件箱「550 mailbox "
              "unavailable」：失败 1 条，本地发件箱「503 try later」：放弃 1 条"),
    "en": ("5 error(s) in the sheets; messages not delivered: 2 pending, 1 failed, 0 dead "
           '(see _reminders): outbox "503 try later": 2 pending, outbox "550 mailbox '
           'unavailable": 1 failed',
           "messages not delivered: 0 pending, 1 failed, 1 dead (see _reminders): outbox "
           '"550 mailbox unavailable": 1 failed, outbox "503 try later": 1 dead'),
}  # fmt: skip


def config_for(book: Path, folder: Path, extra: str = "") -> str:
    path = folder / "c.toml"
    path.write_text(
        f'[workbook]\npath = "{book.as_posix()}"\n'
        f'[channels]\njournal = "{(folder / "journal.jsonl").as_posix()}"\n{extra}'
        f'[channels.outbox]\nfolder = "{(folder / "outbox").as_posix()}"\n',
        encoding="utf-8",
    )
    return str(path)


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_exit_1_while_anything_is_pending_failed_or_dead_and_the_summary_counts_each_state(
    locale: str, demo_xlsx: Path, tmp_path: Path, rec: Recorder,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    config = config_for(demo_xlsx, tmp_path, "max_attempts = 2\nbackoff_minutes = 30\n")
    # _runs is written in [general] locale (--locale is the terminal's): both in that language
    Path(config).write_text(f'[general]\nlocale = "{locale}"\n' + Path(config).read_text("utf-8"))
    common = ["--config", config, "-q", "--locale", locale]
    assert main(["remind", "--dry-run", "--json", "--at", "2026-11-27 09:00", *common]) == 0
    keys = sorted(d["key"] for d in json.loads(capsys.readouterr().out)["deliveries"])
    bad, later, dead = [k for k in keys if k.startswith("digest:")][:3]  # three digests
    rec.script = {bad: [FAIL["failed"]], later: [FAIL["retry"]], dead: [FAIL["retry"]] * 2}

    out = []
    for argv in (["run", "daily", "--at", "2026-11-27 09:00"],  # 3 not delivered
                 ["run", "hourly", "--at", "2026-11-27 10:00"],  # one retry goes, one dies
                 ["remind", "--hourly", "--at", "2026-11-27 11:00"]):  # nothing new  # fmt: skip
        assert main([*argv, *common]) == 1  # failed and dead of an earlier run still count
        out.append(capsys.readouterr().out.splitlines()[0])
    expected = [s.format(n=len(keys) - 3) for s in SUMMARY[locale]]
    assert [e in line for e, line in zip(expected, out, strict=True)] == [True] * 3, out
    assert out[0].startswith("每日运行 " if locale == "zh-CN" else "daily run ")

    runs = records(demo_xlsx, "_runs")
    assert [(r["job"], r["outcome"]) for r in runs] == [("daily", "errors"), ("hourly", "errors"),
                                                       ("remind", "errors")]  # fmt: skip
    first, second = REASON[locale]
    assert runs[0]["message"] == first
    assert runs[1]["message"] == f"{second}; {bad}: failed: 550 mailbox unavailable"
    sent = Counter(m.key for m in rec.sent)
    assert (sent[bad], sent[later], sent[dead]) == (1, 2, 2)
    assert {
        r["key"]: r["status"]
        for r in records(demo_xlsx, "_reminders")
        if r["key"] in (bad, later, dead)
    } == {bad: "failed", later: "sent", dead: "dead"}


def test_held_back_messages_are_counted_and_do_not_fail_the_run(
    demo_xlsx: Path, tmp_path: Path, rec: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    config = config_for(demo_xlsx, tmp_path)
    assert main(["run", "daily", "--at", "2026-11-27 19:00", "--config", config, "-q",
                 "--json"]) == 0  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    held = [d for d in report["deliveries"] if d["status"] == "held"]
    assert len(held) >= 10 and report["standing"] == {"pending": 0, "failed": 0, "dead": 0,
                                                     "held": len(held)}  # fmt: skip
    assert main(["remind", "--at", "2026-11-27 19:30", "--config", config, "-q"]) == 0
    summary = f"消息：本次发送 0；待重试 0、失败 0、放弃 0、暂缓 {len(held)}"
    assert summary in capsys.readouterr().out
    assert [m.key for m in rec.sent if not m.key.startswith("escalation:")] == []


def test_a_run_that_cannot_write_the_results_file_is_recorded_and_written_next_run(
    demo_xlsx: Path, tmp_path: Path, rec: Recorder, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    config = config_for(demo_xlsx, tmp_path)
    write = XlsxBackend.write

    def full(self: XlsxBackend, tabs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(XlsxBackend, "write", full)
    assert main(["run", "daily", "--at", "2026-11-27 09:00", "--config", config, "-q"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "collabsheet: 错误：每日运行失败：OSError: [Errno 28] No space left on device"
    ]
    monkeypatch.setattr(XlsxBackend, "write", write)
    assert main(["run", "hourly", "--at", "2026-11-27 10:00", "--config", config, "-q"]) == 0
    runs = records(demo_xlsx, "_runs")
    assert [(r["job"], r["outcome"], r["message"]) for r in runs] == [
        ("daily", "failed", "OSError: [Errno 28] No space left on device"),
        ("hourly", "ok", "本次运行无错误，无未送达的消息"),
    ]
    counts = Counter(m.key for m in rec.sent)  # the failed run's sends are not made again
    assert {k for k, n in counts.items() if n > 1} == set()
    assert {r["key"] for r in records(demo_xlsx, "_reminders")} == set(counts)


def test_coordinators_hear_of_a_failing_run_once_a_day(
    demo_xlsx: Path, tmp_path: Path, rec: Recorder, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    import jobs.run.envelope

    def down(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the sheets API is down")

    monkeypatch.setattr(jobs.run.envelope, "run", down)
    config = config_for(demo_xlsx, tmp_path)
    at = ["2026-11-27 09:00", "2026-11-27 09:05", "2026-11-27 09:15", "2026-11-28 09:00"]
    for when in at:  # three tries on Friday, one on Saturday
        assert main(["run", "daily", "--at", when, "--config", config, "-q"]) == 2
        assert capsys.readouterr().err.splitlines() == [
            "collabsheet: 错误：每日运行失败：RuntimeError: the sheets API is down"
        ]
    notes = Counter(m.key.rsplit(":", 1)[0] for m in rec.sent)
    coordinators = len({m.recipient for m in rec.sent})
    assert coordinators >= 2
    assert notes == {"failure:daily:2026-11-27": coordinators,
                     "failure:daily:2026-11-28": coordinators}  # fmt: skip
    assert {m.subject for m in rec.sent} == {"【运行失败】每日运行 2026-11-27 09:00",
                                            "【运行失败】每日运行 2026-11-28 09:00"}  # fmt: skip
    # the items under the run and its time, not under the subject again (【【运行失败】…】)
    assert {s.title for m in rec.sent for s in m.sections} == {
        "每日运行 2026-11-27 09:00",
        "每日运行 2026-11-28 09:00",
    }
    assert {i.text for m in rec.sent for s in m.sections for i in s.items} <= {
        f"RuntimeError: the sheets API is down（运行编号 {r['run_id']}）"
        for r in records(demo_xlsx, "_runs")
    }
    runs = records(demo_xlsx, "_runs")
    assert [(r["started_at"], r["outcome"], r["message"]) for r in runs] == [
        (f"{when}:00", "failed", "RuntimeError: the sheets API is down") for when in at
    ]


OPENING = {  # how the workbook is unavailable at 09:00 -> the start of the failed row's message
    # a share not mounted: both languages, as every log line and _runs row keeps an error
    "missing": "找不到工作簿 {book}：运行 `collabsheet init {book}` "
    "新建空白工作簿（或 `collabsheet demo --out {book}` 生成示例工作簿），或在配置中设置 "
    "[workbook] path / workbook {book} not found",
    "cannot be opened": "no Google credentials",  # the backend cannot be opened
}


@pytest.mark.parametrize("fault", OPENING)
def test_a_scheduled_run_without_its_workbook_is_in_runs_after_the_next(
    fault: str, tmp_path: Path, demo_tabs: dict[str, list[list[Any]]]
) -> None:
    """The workbook is unavailable at 09:00 and back by the first retry: the failed run is
    kept in the ledger database and written with the next run's rows."""
    from config.errors import ConfigError
    from config.settings import settings_from_dict
    from jobs.run.lock import RunLock
    from jobs.run.pipeline import PipelineJobs
    from jobs.run.scheduler import Scheduler
    from jobs.run.timetable import instant
    from sheets_sync.xlsx import write_xlsx
    from tests.support.clocks import WallClock

    class Jobs(PipelineJobs):
        down = fault == "cannot be opened"

        def backend(self) -> Any:
            if self.down:
                raise ConfigError("no Google credentials")
            return super().backend()

    book = tmp_path / "share" / "demo.xlsx"
    settings = settings_from_dict({
        "workbook": {"path": str(book)},
        "channels": {"outbox": {"folder": str(tmp_path / "outbox")},
                     "journal": str(tmp_path / "journal.jsonl")},
    })  # fmt: skip
    if fault != "missing":
        write_xlsx(book, demo_tabs)
    clock = WallClock(instant(dt.datetime(2026, 11, 27, 8, 59), settings.zone))
    rec = Recorder()
    jobs = Jobs(settings, notifiers={"outbox": rec})
    sched = Scheduler(settings, jobs, RunLock(tmp_path / "run.lock"), clock=clock,
                      sleep=clock.sleep)  # fmt: skip
    clock.t += dt.timedelta(minutes=1)
    sched.tick()  # 09:00: the workbook is unavailable
    assert sched.last["outcome"] == "failed"
    write_xlsx(book, demo_tabs)  # back again
    jobs.down = False
    clock.t = sched.daily.next_run or clock.t  # the retry, five minutes later
    sched.tick()
    runs = records(book, "_runs")
    assert [(r["started_at"], r["outcome"]) for r in runs] == [
        ("2026-11-27 09:00:00", "failed"),
        ("2026-11-27 09:05:00", "errors"),
    ]
    assert runs[0]["message"].startswith(OPENING[fault].format(book=book))
    assert [m.recipient for m in rec.sent if m.key.startswith("failure:")] == [
        "coordinator@outbox.invalid"  # nobody to tell in a sheet that could not be read
    ]
