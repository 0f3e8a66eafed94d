"""Issue 20, item 7: when ``remind`` or a run sends nothing, one line says why: not a working
day, quiet hours, nothing due, or everything due already sent (Chinese first, English too)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from config.settings import Settings, load_settings
from jobs.reminders.reminders_tab import REMINDERS, Entry
from jobs.reminders.silence import silence
from jobs.run.cli import main
from jobs.workdays.calendar import compile_calendar
from sheets_sync import open_backend
from tests.support.demo import DEMO_DAY

SETTINGS = Settings()
SUNDAY = dt.datetime(2026, 12, 6, 10, 0)
MONDAY = dt.datetime(2026, 12, 7, 10, 0)


def sent(at: str) -> Entry:
    return Entry(f"digest:P001:{at[:10]}", "sent", sent_at=at)


@pytest.mark.parametrize(
    ("now", "statuses", "ledger", "hourly", "zh", "en"),
    [
        (  # nothing held (trial17: a promise the opening did not keep)
            SUNDAY, [], [], False,
            "未发送任何消息：今天（2026-12-06，星期日）不是工作日，没有暂缓待发的提醒",
            "nothing sent: 2026-12-06 (Sunday) is not a working day; no reminder is held",
        ),
        (  # held by an earlier run: still in the ledger
            SUNDAY, [], [Entry("digest:P001:2026-12-07", "held")], False,
            "未发送任何消息：今天（2026-12-06，星期日）不是工作日，提醒将在 2026-12-07 09:00 发出",
            "nothing sent: 2026-12-06 (Sunday) is not a working day; reminders go at "
            "2026-12-07 09:00",
        ),
        (
            SUNDAY, ["held", "held"], [], False,
            "未发送任何消息：今天（2026-12-06，星期日）不是工作日，提醒将在 2026-12-07 09:00 发出",
            "nothing sent: 2026-12-06 (Sunday) is not a working day; reminders go at "
            "2026-12-07 09:00",
        ),
        (
            MONDAY.replace(hour=19), ["held"], [], False,
            "未发送任何消息：现在是免打扰时段（工作时间外），提醒将在 2026-12-08 09:00 发出",
            "nothing sent: quiet hours (outside working hours); reminders go at 2026-12-08 09:00",
        ),
        (
            MONDAY.replace(hour=19), [], [], False,
            "未发送任何消息：现在是免打扰时段（工作时间外），没有暂缓待发的提醒",
            "nothing sent: quiet hours (outside working hours); no reminder is held",
        ),
        (
            MONDAY.replace(hour=12, minute=30), ["held"], [], False,  # the lunch break
            "未发送任何消息：现在是免打扰时段（工作时间外），提醒将在 2026-12-07 13:00 发出",
            "nothing sent: quiet hours (outside working hours); reminders go at 2026-12-07 13:00",
        ),
        (
            MONDAY, [], [], False,
            "未发送任何消息：没有到期的提醒",
            "nothing sent: nothing is due",
        ),
        (
            MONDAY, [], [sent("2026-12-06 09:00:00")], True,  # sent yesterday: not today's
            "未发送任何消息：没有到期的提醒（每小时运行只发送三级升级、重试、暂缓到工作时间的消息和"
            "新任务通知）",
            "nothing sent: nothing is due (the hourly run sends level-3 escalations, retries, "
            "messages held for working hours and new-task announcements only)",
        ),
        (  # trial23: retries waiting for DingTalk's 10 minutes were said to be all sent
            MONDAY, [], [sent("2026-12-07 09:00:05"),
                         Entry("digest:P002:2026-12-07", "pending", next_at="2026-12-07 10:10:00"),
                         Entry("digest:P003:2026-12-07", "pending", next_at="2026-12-07 10:20:00"),
                         Entry("digest:P004:2026-12-07", "pending", next_at="2026-12-07 09:50:00")],
            True,
            "未发送任何消息：2 条消息等待重试，最早 2026-12-07 10:10 起发送（频率限制或渠道暂时无法"
            "送达，见 _reminders）",
            "nothing sent: 2 message(s) wait to be retried, the first from 2026-12-07 10:10 (a "
            "rate limit or a channel not reachable for now: see _reminders)",
        ),
        (
            MONDAY, [], [sent("2026-12-07 09:00:05"), sent("2026-12-07 09:01:40")], False,
            "未发送任何消息：到期的提醒都已发送过（今天 2 条，最后一条 09:01）",
            "nothing sent: everything due was sent already (2 message(s) today, the last at "
            "09:01)",
        ),
    ],
)  # fmt: skip
def test_the_reason(
    now: dt.datetime,
    statuses: list[str],
    ledger: list[Entry],
    hourly: bool,
    zh: str,
    en: str,
) -> None:
    found = silence(SETTINGS.remind_section, now, None, statuses, ledger, hourly=hourly)
    assert found is not None
    assert (found.line("zh-CN"), found.line("en")) == (zh, en)


def test_nothing_due_with_a_tab_not_read_says_its_items_are_left_out() -> None:
    """trial20: 人员 headed 人员ID was not read, and the run said 没有到期的提醒 while its
    21 messages (3 escalations to management) had no one to go to."""
    found = silence(SETTINGS.remind_section, MONDAY, None, [], [], unread=["人员", "任务进度"])
    assert found is not None
    assert (found.line("zh-CN"), found.line("en")) == (
        "未发送任何消息：没有到期的提醒；未读取的工作表（人员、任务进度）中的事项和收件人不在本次"
        "提醒中，请先修正（原因见 _checks 或 collabsheet validate）",
        "nothing sent: nothing is due; the items and people of the tabs not read (人员, 任务进度) "
        "are in no reminder: correct them first (why: _checks or collabsheet validate)",
    )
    # whatever else is so: all sent earlier today (review23), an hourly run, quiet hours
    sent_today = [sent("2026-12-07 09:00:05")]
    for now, ledger, hourly, reason in [
        (MONDAY, sent_today, False, "到期的提醒都已发送过（今天 1 条，最后一条 09:00）"),
        (
            MONDAY,
            [],
            True,
            "没有到期的提醒（每小时运行只发送三级升级、重试、暂缓到工作时间的消息和新任务通知）",
        ),
        (SUNDAY, [], False, "今天（2026-12-06，星期日）不是工作日，没有暂缓待发的提醒"),
    ]:
        said = silence(SETTINGS.remind_section, now, None, [], ledger, hourly, unread=["人员"])
        assert said is not None and said.line("zh-CN") == (
            f"未发送任何消息：{reason}；未读取的工作表（人员）中的事项和收件人不在本次提醒中，"
            "请先修正（原因见 _checks 或 collabsheet validate）"
        )


@pytest.mark.parametrize("statuses", [["sent"], ["would_send"], ["held", "sent"], ["failed"],
                                      ["carried"], ["pending"], ["dead"]])  # fmt: skip
def test_no_line_when_something_went_or_says_why_itself(statuses: list[str]) -> None:
    assert silence(SETTINGS.remind_section, MONDAY, None, statuses, []) is None


def test_dry_run_and_a_holiday_of_the_working_calendar() -> None:
    cal = compile_calendar(SETTINGS.calendar, SETTINGS.timezone, dt.date(2026, 9, 1),
                           dt.date(2026, 10, 31))  # fmt: skip
    found = silence(SETTINGS.remind_section, dt.datetime(2026, 10, 1, 10), cal, ["would_hold"],
                    [])  # fmt: skip
    assert found is not None
    assert found.line("zh-CN", dry_run=True) == (
        "不会发送任何消息：今天（2026-10-01，国庆节，星期四）不是工作日，提醒将在 "
        "2026-10-08 09:00 发出"
    )
    assert found.line("en", dry_run=True) == (
        "would send nothing: 2026-10-01 (National Day, Thursday) is not a working day; "
        "reminders go at 2026-10-08 09:00"
    )


def test_quiet_hours_off_on_a_weekend() -> None:
    """Quiet hours switched off: a weekend is no reason; nothing due is."""
    channels = dataclasses.replace(SETTINGS.channels, quiet_hours=False)
    found = silence(
        dataclasses.replace(SETTINGS, channels=channels).remind_section, SUNDAY, None, [], []
    )
    assert found is not None and found.reason == "nothing_due"


# ----------------------------------------------------------------------------- the commands


@pytest.fixture
def config(demo_xlsx: Path, tmp_path: Path) -> Path:
    path = tmp_path / "c.toml"
    out = (tmp_path / "outbox").as_posix()
    path.write_text(
        f'[workbook]\npath = "{demo_xlsx.as_posix()}"\n[channels.outbox]\nfolder = "{out}"\n',
        encoding="utf-8",
    )
    return path


def saturday() -> dt.date:
    return DEMO_DAY + dt.timedelta(days=(5 - DEMO_DAY.weekday()) % 7)


@pytest.mark.parametrize(
    ("locale", "line"),
    [
        ("zh-CN", "未发送任何消息：今天（{day}，星期六）不是工作日，提醒将在 {monday} 09:00 发出"),
        ("en", "nothing sent: {day} (Saturday) is not a working day; reminders go at {monday} "
               "09:00"),
    ],
)  # fmt: skip
def test_remind_on_a_weekend_says_why(
    config: Path, capsys: pytest.CaptureFixture[str], locale: str, line: str
) -> None:
    day = saturday()
    args = ["remind", "--config", str(config), "--at", f"{day} 10:00", "-q", "--locale", locale]
    assert main(args) in (0, 1)  # the level-3 escalations go at once, the rest is held back
    capsys.readouterr()
    assert main(args) in (0, 1)  # the second run: the escalations went, the rest is held
    out = capsys.readouterr().out.splitlines()
    expected = line.format(day=day, monday=day + dt.timedelta(days=2))
    held = "  held " if locale == "en" else "  暂缓 "
    n = sum(o.startswith(held) for o in out)
    head = {
        "zh-CN": f"提醒 {day} 10:00：{n} 条消息，{n} 条暂缓到工作时间再发",
        "en": f"remind run at {day} 10:00: {n} message(s), {n} held until working hours",
    }
    assert n > 0 and out[1] == head[locale], out  # the held-back ones, listed after the reason
    assert out[2] == expected
    assert all(o.startswith(held) for o in out[3::2]), out
    until = {
        "zh-CN": f"             工作时间外暂缓，{day + dt.timedelta(days=2)} 09:00 发出",
        "en": "             held back outside working hours until "
        f"{day + dt.timedelta(days=2)} 09:00",
    }
    assert all(o == until[locale] for o in out[4::2]), out
    assert main([*args, "--dry-run"]) in (0, 1)  # what a dry run would do: send none, hold all
    out = capsys.readouterr().out.splitlines()
    dry = {
        "zh-CN": f"提醒（试运行）{day} 10:00：将发送 0 条消息，{n} 条将暂缓到工作时间再发",
        "en": f"remind would send at {day} 10:00: 0 message(s), would hold {n} until working hours",
    }
    assert out[:2] == [dry[locale], expected.replace("未发送", "不会发送").replace(
        "nothing sent", "would send nothing")], out  # fmt: skip


@pytest.mark.parametrize(
    ("workbook", "terminal", "reason"),
    [
        ("zh-CN", "en", "工作时间外暂缓，{monday} 09:00 发出"),
        ("en", "zh-CN", "held back outside working hours until {monday} 09:00"),
    ],
)
def test_held_reasons_are_in_the_workbooks_language_whatever_the_terminals(
    config: Path, workbook: str, terminal: str, reason: str
) -> None:
    """``_reminders`` is read by the workbook's people: ``[general] locale``, not ``--locale``."""
    config.write_text(f'[general]\nlocale = "{workbook}"\n' + config.read_text("utf-8"), "utf-8")
    day = saturday()
    args = ["remind", "--config", str(config), "--at", f"{day} 10:00", "-q", "--locale", terminal]
    assert main(args) in (0, 1)
    rows = REMINDERS.decode(open_backend(load_settings(config)).read()["_reminders"])
    held = {r["error"] for r in rows if r["status"] == "held"}
    assert held == {reason.format(monday=day + dt.timedelta(days=2))}


def test_a_second_daily_run_says_everything_was_sent(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monday = saturday() + dt.timedelta(days=2)
    args = ["run", "daily", "--config", str(config), "--at", f"{monday} 10:00", "-q"]
    main([*args, "--json"])
    first = json.loads(capsys.readouterr().out)
    n = sum(d["status"] == "sent" for d in first["deliveries"])
    assert n and first["silence"] is None
    main(args)
    out = capsys.readouterr().out.splitlines()
    assert out[1] == f"未发送任何消息：到期的提醒都已发送过（今天 {n} 条，最后一条 10:00）"


def test_a_warning_alone_does_not_fail_remind(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """From 2027 on the calendar has a year without an official schedule: a warning, printed,
    that must not make every ``remind`` exit 1 (nothing is undelivered on a dry run)."""
    args = ["remind", "--config", str(config), "--at", "2027-01-13 10:00", "--dry-run", "-q"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "2027 年还没有官方放假安排" in out
