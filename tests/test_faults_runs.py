"""Faults of the run loop (issue 16, item 4): one job at a time. ``remind`` started beside a
``run daily`` that is sending waits for the run lock instead of sending the same messages again;
every command that writes the results refuses a busy lock in one line naming its holder."""

from __future__ import annotations

import shutil
import threading
from collections import Counter
from pathlib import Path

import pytest

from config.channels import KINDS
from config.settings import load_settings
from jobs.notify import Message, Outcome, factory
from jobs.run.cli import main
from jobs.run.lock import RunLock, lock_path
from tests.support.notifiers import Recorder
from tests.support.results import records

AT = ["--at", "2026-11-27 09:00"]  # the demo's Friday, in working hours


class Gate(Recorder):
    """Records every send (from any thread); the first one waits until ``release`` is set, so
    the run making it holds the run lock while another job starts."""

    def __init__(self) -> None:
        super().__init__()
        self.entered, self.release = threading.Event(), threading.Event()
        self.lock = threading.Lock()

    def send(self, message: Message) -> Outcome:
        if not self.entered.is_set():
            self.entered.set()
            self.release.wait(60)
        with self.lock:
            return super().send(message)


def config_for(book: Path, folder: Path) -> str:
    path = folder / "c.toml"
    path.write_text(
        f'[workbook]\npath = "{book.as_posix()}"\n'
        f'[channels]\njournal = "{(folder / "journal.jsonl").as_posix()}"\n'
        f'[channels.outbox]\nfolder = "{(folder / "outbox").as_posix()}"\n',
        encoding="utf-8",
    )
    return str(path)


def ledger(book: Path) -> dict[str, str]:
    """Key -> status in the results file's ``_reminders`` (its header in either language)."""
    return {str(r["key"]): str(r["status"]) for r in records(book, "_reminders")}


def test_remind_beside_run_daily_sends_every_key_once(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # what one daily run alone sends: the keys that must all arrive, once
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copyfile(demo_xlsx, alone / "demo.xlsx")
    reference = Recorder()
    monkeypatch.setattr(factory, "notifiers", lambda channels: dict.fromkeys(KINDS, reference))
    main(["run", "daily", "--config", config_for(alone / "demo.xlsx", alone), "-q", *AT])
    expected = {m.key for m in reference.sent}
    assert len(expected) >= 10  # the demo's digests, escalations and meeting lists

    gate = Gate()
    monkeypatch.setattr(factory, "notifiers", lambda channels: dict.fromkeys(KINDS, gate))
    config = config_for(demo_xlsx, tmp_path)
    codes: dict[str, int] = {}

    def cli(name: str, *argv: str) -> None:
        codes[name] = main([*argv, "--config", config, "-q", *AT])

    daily = threading.Thread(target=cli, args=("daily", "run", "daily"))
    daily.start()
    assert gate.entered.wait(60)  # the daily run is sending, holding the lock
    remind = threading.Thread(target=cli, args=("remind", "remind", "--wait", "120"))
    remind.start()
    remind.join(3)  # without the lock it would now send everything the daily run is sending
    assert remind.is_alive()  # it waits for the lock
    gate.release.set()
    daily.join(120)
    remind.join(120)
    assert codes == {"daily": 0, "remind": 0}  # both ran (2: the lock was still busy)
    for _ in range(3):  # then runs until clean: nothing left to send
        cli("again", "remind")
    counts = Counter(m.key for m in gate.sent)
    assert {k for k, n in counts.items() if n > 1} == set()  # 0 duplicated
    assert set(counts) == expected  # 0 lost
    assert {k for k, s in ledger(demo_xlsx).items() if s != "sent"} == set()


COMMANDS = [
    ("remind",),
    ("run", "daily"),
    ("run", "hourly"),
    ("validate",),
    ("sla",),
    ("metrics",),
    ("cases",),
    ("start-project", "--template", "T02", "--name", "登录超时修复", "--start", "2026-11-30"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_busy_lock_is_one_line_naming_its_holder_and_nothing_is_written(
    command: tuple[str, ...], demo_xlsx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = config_for(demo_xlsx, tmp_path)
    path = lock_path(load_settings(config))
    files = {p: p.read_bytes() for p in tmp_path.glob("demo*.xlsx")}
    with RunLock(path).acquire("daily") as holder:
        assert main([*command, "--config", config, "-q", "--wait", "0"]) == 2
    zone = load_settings(config).zone  # the sheets' times: the configured zone (trial8: UTC)
    when = f"{holder.started_at.astimezone(zone):%Y-%m-%d %H:%M:%S} {zone}"
    assert capsys.readouterr().err.splitlines() == [
        f"collabsheet: 错误：另一个 collabsheet 运行正持有运行锁 {path}（daily，pid {holder.pid}，"
        f"主机 {holder.host}，{when} 起）；已等待 0 秒：请等它结束后再运行，或加 --wait 秒数；"
        "只有确认没有运行在进行时才可删除该文件"
    ]
    assert {p: p.read_bytes() for p in tmp_path.glob("demo*.xlsx")} == files
    assert not (tmp_path / "outbox").exists()
