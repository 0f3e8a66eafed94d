"""``collabsheet doctor`` tells what the next run will do (trial 6, items 1, 3, 4): with the
results file or the ledger database gone, an old copy put back, the latest run failed, or a
department's channel not configured. Each line is checked against what a real run then does."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from config.settings import load_settings
from jobs.reminders.reminders_tab import Entry, entries_of
from jobs.run import health
from jobs.run.cli import main
from jobs.run.journal import FileJournal
from jobs.run.ledger_db import read_only, stored_runs
from sheets_sync.xlsx import write_xlsx
from sheets_sync.xlsx_reader import read_xlsx
from tests.support.configs import outbox_config
from tests.support.reminders import raw
from tests.support.workbooks import Raw, col, title

AT = "2026-11-27 09:00"


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A workbook never run, and its config (the outbox the only channel)."""
    write_xlsx(tmp_path / "team.xlsx", raw())
    return outbox_config(tmp_path, tmp_path / "team.xlsx")


@pytest.fixture
def ran(fresh: Path) -> Path:
    """The same after one daily run."""
    assert main(["run", "daily", "--config", str(fresh), "-q", "--at", AT]) == 0
    return fresh


def doctor(config: Path, capsys: pytest.CaptureFixture[str], *more: str) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["doctor", "--config", str(config), *more])
    return code, capsys.readouterr().out.splitlines()


def run(config: Path, capsys: pytest.CaptureFixture[str], kind: str, at: str) -> dict[str, int]:
    """A real run's counts (``--json``)."""
    capsys.readouterr()
    main(["run", kind, "--config", str(config), "-q", "--json", "--at", at])
    counts: dict[str, int] = json.loads(capsys.readouterr().out)["counts"]
    return counts


def held(tmp: Path) -> tuple[int, int]:
    """Reminder records and runs in the results file."""
    tabs = read_xlsx([tmp / "team.bot.xlsx"])
    return len(tabs["_reminders"]) - 1, len(tabs["_runs"]) - 1


def test_both_gone_after_runs_is_a_cross_and_the_next_run_does_send_again(
    ran: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book, db, outbox = (tmp_path / n for n in ("team.bot.xlsx", "team.collabsheet.db", "outbox"))
    keys, _ = held(tmp_path)
    files = len(list(outbox.iterdir()))
    assert keys > 0 and files > 0
    book.unlink()
    for p in tmp_path.glob("team.collabsheet.db*"):
        p.unlink()
    code, lines = doctor(ran, capsys)
    assert code == 1
    assert lines[1] == (
        f"✗ 结果文件 {book} 和账本数据库 {db} 都不存在：没有任何已发送消息的记录，下次运行会把每条"
        f"到期消息当作未发送而发出；而这里曾经运行过（发件箱 {outbox} 有 {files} 个文件），"
        "已发过的消息会再发一次。请在下次运行前从备份恢复其中任意一个"
        "（team.bot.xlsx 或 team.collabsheet.db）"
    )
    code, lines = doctor(ran, capsys, "--locale", "en")
    assert code == 1 and lines[1] == (
        f"✗ neither the results file {book} nor the ledger database {db} exists: there is no "
        "record of messages sent, so the next run sends every due message as unsent; this "
        f"workbook has been run before (the outbox {outbox} holds {files} file(s)), so messages "
        "already sent would go again. Restore either "
        "file (team.bot.xlsx or team.collabsheet.db) from a backup before the next run"
    )
    assert run(ran, capsys, "daily", "2026-11-27 09:30")["sent"] == keys  # what doctor warned of


def test_a_damaged_results_file_without_the_database_is_no_record_either(
    ran: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The run sets the damaged file aside and starts afresh: it sends again (trial 6)."""
    book, db, outbox = (tmp_path / n for n in ("team.bot.xlsx", "team.collabsheet.db", "outbox"))
    keys, _ = held(tmp_path)
    for p in tmp_path.glob("team.collabsheet.db*"):
        p.unlink()
    book.write_bytes(b"garbage")
    code, lines = doctor(ran, capsys)
    assert code == 1 and [line for line in lines if line.startswith("✗ ")] == [
        f"✗ 结果文件 {book} 已损坏（下次运行会另存它），账本数据库 {db} 也不存在：没有任何已发送"
        "消息的记录，下次运行会把每条到期消息当作未发送而发出；而这里曾经运行过（结果文件本身、"
        f"发件箱 {outbox} 有 {keys} 个文件），已发过的消息会再发"
        "一次。请在下次运行前从备份恢复其中任意一个（team.bot.xlsx 或 team.collabsheet.db）"
    ]
    assert run(ran, capsys, "daily", "2026-11-27 09:30")["sent"] == keys


@pytest.mark.parametrize(
    ("trace", "zh"),
    [
        (lambda t: (t / "outbox").mkdir() or (t / "outbox" / "a.eml").write_text("x"),
         "发件箱 {t}/outbox 有 1 个文件"),
        (lambda t: FileJournal(t / "team.reminders-journal.jsonl").append(Entry("digest:P02:2026-11-27", "sending")),  # noqa: E501
         "发送日志 team.reminders-journal.jsonl 有 1 条记录"),
        (lambda t: (t / "team.collabsheet.db.damaged").write_text("x"),
         "另存的损坏文件 team.collabsheet.db.damaged"),
        (lambda t: (t / "team.bot.damaged.xlsx").write_text("x"),
         "另存的损坏文件 team.bot.damaged.xlsx"),
    ],
)  # fmt: skip
def test_each_trace_of_an_earlier_run_is_named(
    trace: Callable[[Path], object], zh: str, fresh: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    trace(tmp_path)
    code, lines = doctor(fresh, capsys)
    assert (
        code == 1
        and lines[1].startswith("✗ ")
        and f"曾经运行过（{zh.format(t=tmp_path)}）" in lines[1]
    )


def test_a_new_installation_has_no_record_and_says_so_with_a_tick(
    fresh: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = doctor(fresh, capsys)
    assert code == 0
    assert lines[1] == (
        "✓ 还没有发送记录（新安装：发件箱为空，没有发送日志）：结果文件 team.bot.xlsx 和账本数据库 "
        "team.collabsheet.db 由下次运行创建"
    )
    code, lines = doctor(fresh, capsys, "--locale", "en")
    assert lines[1] == (
        "✓ no record of sent messages yet (a new installation: empty outbox, no send journal): "
        "the next run creates the results file team.bot.xlsx and the ledger database "
        "team.collabsheet.db"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["collabsheet.toml", "team.xlsx"]


@pytest.mark.parametrize(
    ("gone", "at", "zh", "en"),
    [
        ("team.bot.xlsx", 1,
         "✓ 结果文件 {book} 不存在：下次运行从账本数据库 {db} 重建它（{k} 条提醒记录、1 次运行，"
         "最近一次运行 2026-11-27 09:00）。它若是最新的，不会重发任何消息；若那之后还运行过（它是"
         "从备份恢复的旧副本），那之后发出的消息会再发一次：请先找回最新的结果文件或账本数据库",
         "✓ results file {book} is missing: the next run rebuilds it from the ledger database "
         "{db} ({k} reminder record(s), 1 run(s), the latest run 2026-11-27 09:00). If that is "
         "the latest, no message is sent again; if runs went after it (a copy restored from a "
         "backup), what they sent goes again: find the latest results file or ledger database "
         "first"),
        ("team.collabsheet.db", 2,
         "✓ 账本数据库 {db} 不存在：下次运行从结果文件 {book} 重建它（{k} 条提醒记录、1 次运行，"
         "最近一次运行 2026-11-27 09:00）。它若是最新的，不会重发任何消息；若那之后还运行过（它是"
         "从备份恢复的旧副本），那之后发出的消息会再发一次：请先找回最新的账本数据库或结果文件",
         "✓ ledger database {db} is missing: the next run rebuilds it from the results file "
         "{book} ({k} reminder record(s), 1 run(s), the latest run 2026-11-27 09:00). If that is "
         "the latest, no message is sent again; if runs went after it (a copy restored from a "
         "backup), what they sent goes again: find the latest ledger database or results file "
         "first"),
    ],
)  # fmt: skip
def test_one_gone_is_rebuilt_from_the_other_and_nothing_is_sent_again(
    gone: str, at: int, zh: str, en: str, ran: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    keys, _ = held(tmp_path)
    for p in tmp_path.glob(f"{gone}*"):
        p.unlink()
    names = {"book": tmp_path / "team.bot.xlsx", "db": tmp_path / "team.collabsheet.db", "k": keys}
    code, lines = doctor(ran, capsys)
    assert code == 0 and lines[at] == zh.format(**names)
    assert doctor(ran, capsys, "--locale", "en")[1][at] == en.format(**names)
    assert not any("尚未" in line for line in lines)
    assert run(ran, capsys, "daily", "2026-11-27 09:30")["sent"] == 0  # as doctor said


def test_an_old_copy_of_the_results_file_says_what_it_lacks(
    ran: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "team.bot.xlsx"
    old = tmp_path / "old.xlsx"
    shutil.copy(book, old)
    keys_then, _ = held(tmp_path)
    run(ran, capsys, "daily", "2026-11-30 09:00")  # Monday: the day's digests are new keys
    keys_now, runs_now = held(tmp_path)
    shutil.copy(old, book)
    settings = load_settings(ran)
    found = health.checks(settings, dt.datetime(2026, 11, 30, 10))
    lacks = keys_now - keys_then
    assert lacks > 0 and runs_now == 2
    assert found[1].line() == (
        f"✓ 结果文件 {book} 完好，但比账本数据库旧（旧副本？）：缺少其中 {lacks} 条提醒记录、1 次"
        "运行；下次运行从数据库补全，不会重发任何消息"
    )
    assert found[1].line("en") == (
        f"✓ results file {book} is whole but older than the ledger database (an old copy?): it "
        f"lacks {lacks} reminder record(s) and 1 run(s) of it; the next run completes it from the "
        "database, no message is sent again"
    )
    assert run(ran, capsys, "daily", "2026-11-30 10:00")["sent"] == 0
    assert held(tmp_path) == (keys_now, 3)
    found = health.checks(settings, dt.datetime(2026, 11, 30, 11))
    assert found[1].line() == f"✓ 结果文件 {book} 完好"


def test_the_latest_failed_run_of_a_kind_is_named_until_one_succeeds(
    ran: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    human = tmp_path / "team.xlsx"
    good = human.read_bytes()
    human.write_bytes(b"garbage")
    assert main(["run", "hourly", "--config", str(ran), "-q", "--at", "2026-11-27 11:00"]) == 2
    human.write_bytes(good)
    with sqlite3.connect(tmp_path / "team.collabsheet.db") as db:
        rid, text = db.execute(
            "SELECT run_id, json_extract(record, '$.message') FROM runs "
            "WHERE json_extract(record, '$.outcome') = 'failed'"
        ).fetchone()
    assert text.startswith(f"无法读取 {human}：")  # ours: no class name before it
    code, lines = doctor(ran, capsys)
    failed = [line for line in lines if line.startswith("✗ ")]
    assert code == 1 and failed == [
        f"✗ 最近一次每小时运行（2026-11-27 11:00，编号 {rid}）失败：{text}；请按此修正原因，"
        "之后的运行会照常进行"
    ]
    code, lines = doctor(ran, capsys, "--locale", "en")
    assert [line for line in lines if line.startswith("✗ ")] == [
        f"✗ the latest hourly run (2026-11-27 11:00, id {rid}) failed: {text}; fix the cause "
        "and the following runs go on as usual"
    ]
    run(ran, capsys, "daily", "2026-11-27 12:00")  # another kind: the hourly failure stands
    assert [n for n in _names(ran, capsys) if n.startswith("run:")] == ["run:hourly"]
    run(ran, capsys, "hourly", "2026-11-27 13:00")
    assert [n for n in _names(ran, capsys) if n.startswith("run:")] == []


def _names(config: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    main(["doctor", "--config", str(config), "--json"])
    return [c["name"] for c in json.loads(capsys.readouterr().out) if not c["ok"]]


FORGOTTEN = "，没有送到{word}；请添加 [channels.{kind}]，或在 部门 表改为已配置的渠道"


@pytest.mark.parametrize(
    ("config", "zh"),
    [
        ("[channels.feishu]\n", {
            "route:email": ("D01 研发部", "邮件", "email", "写入本地发件箱 {o}", FORGOTTEN),
            "route:dingtalk": ("D03 客服部", "钉钉", "dingtalk", "写入本地发件箱 {o}", FORGOTTEN),
        }),
        ('[channels]\ndefault = "feishu"\n[channels.feishu]\n', {
            "route:email": ("D01 研发部", "邮件", "email", "改走默认渠道 feishu", FORGOTTEN),
            "route:dingtalk": ("D03 客服部", "钉钉", "dingtalk", "改走默认渠道 feishu", FORGOTTEN),
        }),
    ],
)  # fmt: skip
def test_a_department_s_channel_not_configured_is_named(
    config: str, zh: dict[str, tuple[str, ...]], fresh: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("COLLABSHEET_FEISHU_WEBHOOK", "https://open.feishu.cn/hook/x")
    fresh.write_text(fresh.read_text(encoding="utf-8") + config, encoding="utf-8")
    found = {c.name: c for c in health.checks(load_settings(fresh)) if c.name.startswith("route:")}
    want = {
        name: f"✗ 部门 {dept} 的渠道是 {word}，但配置中没有 "
        f"[channels.{kind}]：它们的消息{goes.format(o=tmp_path / 'outbox')}"
        f"{tail.format(kind=kind, word=word)}"
        for name, (dept, word, kind, goes, tail) in zh.items()
    }
    assert {n: c.line() for n, c in found.items()} == want
    assert not any(c.ok for c in found.values())
    assert not [c for c in health.checks(load_settings(fresh)) if c.name == "routes"]


@pytest.mark.parametrize(
    ("locale", "line"),
    [
        ("zh-CN", "✓ 只配置了本地发件箱（如演示或试用）：各部门的消息写入本地发件箱 {o}；"
                  "要真正发送，请添加 [channels.email]（D01 研发部）、"
                  "[channels.feishu]（D02 销售部）、[channels.dingtalk]（D03 客服部）"),
        ("en", "✓ the outbox is the only channel (as in a demo or a trial): the departments' "
               "messages are written to the local outbox {o}; to deliver, add [channels.email] "
               "(D01), [channels.feishu] (D02), [channels.dingtalk] (D03)"),
    ],
)  # fmt: skip
def test_with_the_outbox_alone_one_line_names_every_channel_to_add(
    locale: str, line: str, fresh: Path, tmp_path: Path
) -> None:
    """A demo or a trial: one ✓ line, not one per channel kind (the first hour's doctor)."""
    checks = health.checks(load_settings(fresh))
    assert not [c for c in checks if c.name.startswith("route:")]
    found = [c for c in checks if c.name == "routes"]
    assert [c.line(locale) for c in found] == [line.format(o=tmp_path / "outbox")]


def _inactive(book: Raw) -> None:
    book[title("departments")][2][col("departments", "active")] = "否"


def _own_group(book: Raw) -> None:
    for i, row in enumerate(book[title("departments")]):
        row.append("destination" if i == 0 else "sales" if row[0] == "D02" else "")


@pytest.mark.parametrize("change", [_inactive, _own_group])
def test_an_inactive_department_or_one_with_its_own_group_is_not_counted(
    change: Callable[[Raw], None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLLABSHEET_SALES_WEBHOOK", "https://open.feishu.cn/hook/s")
    book, rows = tmp_path / "team.xlsx", raw()
    change(rows)
    assert rows[title("departments")][2][0] == "D02"
    write_xlsx(book, rows)
    config = outbox_config(tmp_path, book)
    config.write_text(
        config.read_text(encoding="utf-8") + '[channels.destinations.sales]\nkind = "feishu"\n'
        'webhook_env = "COLLABSHEET_SALES_WEBHOOK"\n',
        encoding="utf-8",
    )
    names = [c.name for c in health.checks(load_settings(config)) if c.name.startswith("route:")]
    assert names == ["route:email", "route:dingtalk"]


def test_doctor_s_outbox_claim_holds_for_a_run(ran: Path, tmp_path: Path) -> None:
    """What the ✓ line says: D02 (飞书, not configured) gets its messages in the outbox."""
    entries = entries_of(read_xlsx([tmp_path / "team.bot.xlsx"])["_reminders"])
    assert {e.channel for e in entries.values()} == {"outbox"}
    assert any(k.startswith("digest:P03:") for k in entries)  # P03: head of D02 (飞书)
    assert len(os.listdir(tmp_path / "outbox")) == len(entries)


def test_a_dry_run_is_no_trace_of_sends(
    fresh: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dry run leaves the run lock (every command takes it) and sends nothing: a new
    installation stays a new installation (review: doctor said ✗ after `run daily --dry-run`)."""
    assert main(["run", "daily", "--dry-run", "--config", str(fresh), "-q",
                 "--at", "2026-11-27 10:00"]) in (0, 1)  # fmt: skip
    assert (tmp_path / "team.run.lock").exists()
    code, lines = doctor(fresh, capsys)
    assert code == 0 and lines[1].startswith("✓ 还没有发送记录（新安装")


@pytest.mark.parametrize(
    ("config", "said"),
    [
        ("[channels.feishu]\n", True),  # D02 on 飞书: its people's own messages have no mail
        ("[channels.feishu]\n[channels.email]\nhost = \"127.0.0.1\"\nfrom_addr = \"a@b.c\"\n",
         False),
        ("", False),  # the outbox alone: the one routes line says where everything goes
    ],
)  # fmt: skip
def test_people_of_a_group_bot_department_without_email_are_named(
    config: str, said: bool, fresh: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """trial7: heads', management and meeting lists of group-bot departments were written to
    the outbox, counted as sent, and doctor said nothing."""
    monkeypatch.setenv("COLLABSHEET_FEISHU_WEBHOOK", "https://open.feishu.cn/hook/x")
    fresh.write_text(fresh.read_text(encoding="utf-8") + config, encoding="utf-8")
    found = [c for c in health.checks(load_settings(fresh)) if c.name == "personal"]
    assert [c.line() for c in found] == ([
        "✗ 部门 D02 销售部 使用群机器人：其人员的个人消息（负责人汇总、管理层清单、会议清单、"
        "对个人的升级提醒）通过邮件发送，但配置中没有 [channels.email]：这些消息写入本地发件箱 "
        f"{tmp_path / 'outbox'}，不会送到任何人；请添加 [channels.email]"
    ] if said else [])  # fmt: skip


def test_doctor_s_personal_claim_holds_for_a_run(
    fresh: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the ✗ line says: with 飞书 configured and no mail, P03 (head of D02, on 飞书) gets
    the head's list in the outbox."""
    monkeypatch.setenv("COLLABSHEET_FEISHU_WEBHOOK", "http://127.0.0.1:9/hook/x")  # refused
    fresh.write_text(fresh.read_text(encoding="utf-8") + "[channels.feishu]\n", encoding="utf-8")
    main(["run", "daily", "--config", str(fresh), "-q", "--at", AT])
    entries = entries_of(read_xlsx([tmp_path / "team.bot.xlsx"])["_reminders"])
    heads = {k: e.channel for k, e in entries.items() if k.startswith("head:P03:")}
    assert heads and set(heads.values()) == {"outbox"}


def test_a_group_bot_department_none_of_whose_people_gets_own_messages_is_not_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review10: D02 (飞书) headed by 张三 of D01 (mail): nobody of D02 gets a head's,
    management or meeting list, so nothing goes to the outbox for want of mail."""
    monkeypatch.setenv("COLLABSHEET_FEISHU_WEBHOOK", "https://open.feishu.cn/hook/x")
    rows = raw()
    rows[title("departments")][2][col("departments", "head")] = "P01"
    write_xlsx(tmp_path / "team.xlsx", rows)
    config = outbox_config(tmp_path, tmp_path / "team.xlsx")
    config.write_text(config.read_text(encoding="utf-8") + "[channels.feishu]\n", "utf-8")
    assert [c for c in health.checks(load_settings(config)) if c.name == "personal"] == []


def test_a_database_whose_commits_are_only_in_its_log_is_read_through_it(
    fresh: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A first run killed after its database commit, before SQLite folded the log into the
    file: the tables are only in ``-wal``. Doctor reads them there (trial12: it read the file
    alone, found no table and said ✗ 已损坏 with exit 1; the next run found it whole)."""
    db = tmp_path / "team.collabsheet.db"
    child = (
        "import os, sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path\n"
        "from jobs.run.ledger_db import LedgerDb\n"
        "d = LedgerDb(Path(sys.argv[2]))\n"
        "d.save(runs=[{'run_id': 'r1', 'job': 'daily', 'started_at': '2026-11-27 09:00:00'}])\n"
        "os._exit(0)  # as kill -9: no close, no checkpoint\n"
    )
    root = str(Path(__file__).resolve().parents[1])
    subprocess.run([sys.executable, "-c", child, root, str(db)], check=True)
    assert Path(f"{db}-wal").stat().st_size > 0  # the commit is in the log only
    with sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True) as alone:
        assert alone.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    with read_only(db) as seen:
        assert [r["run_id"] for r in stored_runs(seen)] == ["r1"]
    code, lines = doctor(fresh, capsys)
    assert not any("损坏" in line for line in lines), lines
    assert code == 0
