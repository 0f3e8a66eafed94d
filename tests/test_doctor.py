"""``collabsheet doctor`` (issue 16 item 1): one line per check, Chinese first, what to do;
exit 0 when all is fine, 1 otherwise; nothing written, nothing sent."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from jobs.reminders.reminders_tab import Entry
from jobs.run import health
from jobs.run.cli import main
from jobs.run.journal import FileJournal
from jobs.run.lock import RunLock
from sheets_sync.xlsx import write_xlsx
from sheets_sync.xlsx_reader import read_xlsx
from tests.support.reminders import raw


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A workbook after one daily run, and its config (the outbox the only channel)."""
    write_xlsx(tmp_path / "team.xlsx", raw())
    path = tmp_path / "c.toml"
    path.write_text(
        f'[workbook]\npath = "{tmp_path / "team.xlsx"}"\n'
        f'[scheduler]\nlock = "{tmp_path / "run.lock"}"\n'
        f'[channels]\njournal = "{tmp_path / "j.jsonl"}"\n'
        f'[channels.outbox]\nfolder = "{tmp_path / "outbox"}"\n',
        encoding="utf-8",
    )
    assert main(["run", "daily", "--config", str(path), "--quiet", "--at", "2026-11-27 09:00"]) == 0
    return path


def doctor(config: Path, capsys: pytest.CaptureFixture[str], *more: str) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["doctor", "--config", str(config), *more])
    return code, capsys.readouterr().out.splitlines()


def test_a_healthy_installation_is_all_ticks(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.name for p in tmp_path.iterdir())
    code, lines = doctor(config, capsys, "--locale", "en")
    assert code == 0 and all(line.startswith("✓ ") for line in lines)
    assert [line.split()[1] for line in lines][:6] == [
        "workbook", "results", "ledger", "send", "run", "channel",
    ]  # fmt: skip
    keys = len(read_xlsx([tmp_path / "team.bot.xlsx"])["_reminders"]) - 1
    assert f"({keys} reminder records, 1 runs, journal mode wal)" in lines[2] and keys > 0
    assert not any(re.search("[\u4e00-\u9fff]", line.replace("team", "")) for line in lines)
    code, lines = doctor(config, capsys)  # zh-CN, the default: the same checks, in Chinese only
    assert code == 0 and all(line.startswith("✓ ") for line in lines)
    assert lines[0].startswith("✓ 工作簿 ") and not any(" / " in line for line in lines)
    assert all(re.search("[\u4e00-\u9fff]", line) for line in lines), lines
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def _office_lock(tmp: Path) -> None:
    (tmp / "~$team.bot.xlsx").write_text("manager")


def _damaged_db(tmp: Path) -> None:
    db = tmp / "team.collabsheet.db"
    for extra in ("-wal", "-shm"):
        Path(f"{db}{extra}").unlink(missing_ok=True)
    db.write_bytes(b"garbage" * 200)


def _webhook_without_env(tmp: Path) -> None:
    config = tmp / "c.toml"
    config.write_text(config.read_text(encoding="utf-8") + "[channels.feishu]\n", encoding="utf-8")
    os.environ.pop("COLLABSHEET_FEISHU_WEBHOOK", None)


def _fallback_waiting(tmp: Path) -> None:
    (tmp / "team.bot.2026-11-30T0900.xlsx").write_bytes((tmp / "team.bot.xlsx").read_bytes())


def _human_bot_path(tmp: Path) -> None:
    (tmp / "team.bot.xlsx").unlink()
    write_xlsx(tmp / "team.bot.xlsx", {"预算": [["项目"], ["差旅"]]})


@pytest.mark.parametrize(
    ("fault", "check", "says"),
    [
        (_office_lock, "results", "中打开（~$team.bot.xlsx）：请关闭它"),
        (_damaged_db, "database", "损坏（file is not a database）：下次运行会另存它"),
        # a real channel configured: the departments whose channel is not are ✗ too
        (
            _webhook_without_env,
            "channel:feishu route:email route:dingtalk personal",
            "缺少 COLLABSHEET_FEISHU_WEBHOOK：在配置",
        ),
        (_fallback_waiting, "results", "结果暂存在 team.bot.2026-11-30T0900.xlsx：关闭"),
        (_human_bot_path, "results", "这不是 collabsheet 生成的结果文件"),
    ],
)
def test_each_problem_is_one_line_saying_what_to_do(
    fault: Callable[[Path], None], check: str, says: str, config: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.delenv("COLLABSHEET_FEISHU_WEBHOOK", raising=False)
    fault(tmp_path)
    code, lines = doctor(config, capsys)
    bad = [line for line in lines if line.startswith("✗ ")]
    assert code == 1 and len(bad) == len(check.split()) and says in bad[0]
    assert main(["doctor", "--config", str(config), "--json"]) == 1
    assert [c["name"] for c in json.loads(capsys.readouterr().out) if not c["ok"]] == check.split()


def test_an_interrupted_run_s_journal_is_reported_as_replayed_next(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    FileJournal(tmp_path / "j.jsonl").append(Entry("digest:P02:2026-11-30", "sending"))
    code, lines = doctor(config, capsys)
    assert code == 0
    assert "有 1 条未合并的记录（上次运行被中断）：下次运行会自动重放" in lines[3]


def test_json_lists_every_check(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["doctor", "--config", str(config), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [c["name"] for c in found] == [
        "workbook", "results", "database", "journal", "lock", "channel:outbox", "routes",
    ]  # fmt: skip
    assert all(c["ok"] for c in found)


@pytest.mark.parametrize(
    ("locale", "line"),
    [
        ("zh-CN", "正在运行：daily，pid {pid}，主机 {host}，"),
        ("en", "a run is going on: daily, pid {pid} on {host} since "),
    ],
)
def test_a_run_holding_the_lock_is_described_in_the_lines_language(
    tmp_path: Path, locale: str, line: str
) -> None:
    lock = RunLock(tmp_path / "run.lock")
    zone = ZoneInfo("Asia/Shanghai")
    with lock.acquire("daily") as holder:
        shown = health.lock(lock.path, zone).line(locale)
    assert line.format(pid=holder.pid, host=holder.host) in shown, shown
    local = holder.started_at.astimezone(zone)  # the configured zone, as the busy lock says
    assert f"{local:%Y-%m-%d %H:%M:%S} Asia/Shanghai" in shown, shown


def test_a_missing_workbook_is_said_as_a_run_says_it(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """doctor and `run daily` name the same two commands for the very path (review: doctor
    left out `collabsheet demo --out`)."""
    (tmp_path / "team.xlsx").unlink()
    code, lines = doctor(config, capsys)
    book = tmp_path / "team.xlsx"
    said = (
        f"找不到工作簿 {book}：运行 `collabsheet init {book}` 新建空白工作簿（或 `collabsheet demo "
        f"--out {book}` 生成示例工作簿），或在配置中设置 [workbook] path"
    )
    assert code == 1 and f"✗ {said}" in lines
    assert main(["run", "daily", "--config", str(config), "-q"]) == 2
    assert capsys.readouterr().err == f"collabsheet: 错误：{said}\n"


@pytest.mark.parametrize(
    ("locale", "line"),
    [
        ("zh-CN", "✗ 渠道 outbox（outbox）的文件夹 {f} 无法写入（{f} 不是可写的文件夹）：请改正，"
                  "或在 [channels.outbox] folder 设置另一个文件夹"),
        ("en", "✗ channel outbox (outbox) cannot write in {f} ({f} is not a writable folder): fix "
               "it, or set [channels.outbox] folder"),
    ],
)  # fmt: skip
def test_an_outbox_that_is_a_file_is_a_cross(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str, line: str
) -> None:
    """trial12: with a file where the outbox folder goes, four messages waited to be retried
    ("File exists") and doctor said ✓ 渠道 outbox 已配置."""
    folder = tmp_path / "outbox"
    shutil.rmtree(folder)
    folder.write_text("")
    code, lines = doctor(config, capsys, "--locale", locale)
    assert code == 1 and line.format(f=folder) in lines
