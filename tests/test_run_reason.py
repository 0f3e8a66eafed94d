"""A run that leaves messages undelivered says why in its ``_runs`` row (issue 17, item 7):
the channel in words, the service's answer without its moment, how many and in which state,
commonest first ("企业微信「code 45009: rate limited」：待重试 1 条（分条消息）")."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from jobs.reminders.reminders_tab import Entry
from jobs.run.envelope import RunReport
from jobs.run.run_summary import run_reason, undelivered_why
from sheets_sync.memory import MemoryBackend
from tests.support.notifiers import Vendors, departments_on, ledger_rows
from tests.support.reminders import NOW

KIND = {"rd": "feishu", "sales": "feishu"}.get


def kind_of(channel: str) -> str:
    return KIND(channel) or channel


RATE = "code 11232: rate limited (retry after 60 s)"
# carried over a rate limit: as an older version wrote it (English whatever the workbook's
# language), and as the run writes it now in a Chinese workbook: one reason, said in the locale
CARRIED = {2: "rate limit of rd: carried to the next run (from 09:00:05)",
           3: "rate limit of rd: carried to the next run (from 09:00:05)",
           4: "rd 达到频率限制：顺延到下一次运行（09:00:05 起）"}  # fmt: skip
ENTRIES = [
    *(Entry(f"digest:D01:2026-11-27#{i}", "pending", "rd", error=e) for i, e in CARRIED.items()),
    Entry("digest:D01:2026-11-27#1", "pending", "rd", error=RATE),
    Entry("digest:P03:2026-11-27", "failed", "email", error="550 mailbox unavailable"),
    Entry("head:P01:2026-11-27", "dead", "dingtalk", error="timeout: no answer within 10 s"),
    Entry("meeting:P08:2026-11-27", "pending", "slack", error="HTTP 503: busy"),
]
WHY = {
    "zh-CN": "飞书 rd「rd 达到频率限制：顺延到下一次运行」：待重试 3 条（分条消息），"
    "飞书 rd「code 11232: rate limited」：待重试 1 条（分条消息），"
    "邮件「550 mailbox unavailable」：失败 1 条，等 2 类",
    "en": 'Feishu rd "rate limit of rd: carried to the next run": 3 pending (parts of messages), '
    'Feishu rd "code 11232: rate limited": 1 pending (parts of messages), '
    'e-mail "550 mailbox unavailable": 1 failed, and 2 more',
}


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_reasons_name_channel_answer_count_and_state_commonest_first(locale: str) -> None:
    assert undelivered_why(ENTRIES, locale, kind_of) == WHY[locale]


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([Entry("digest:P03:2026-11-27", "dead", "email", error="")], "邮件「?」：放弃 1 条"),
        ([Entry("escalation:K2:3", "pending", "wecom", error="code 45009: rate limited "
                "(retry after 60 s)")], "企业微信「code 45009: rate limited」：待重试 1 条"),
        ([Entry("digest:P03:2026-11-27", "pending", "outbox", error="x" * 200)],
         f"本地发件箱「{'x' * 80}」：待重试 1 条"),
    ],
)  # fmt: skip
def test_one_reason(entries: list[Entry], expected: str) -> None:
    assert undelivered_why(entries, "zh-CN", kind_of) == expected


@pytest.mark.parametrize(
    ("error", "locale", "expected"),
    [
        ("interrupted after the send began; outcome unknown, so it is sent again", "zh-CN",
         "邮件「发送开始后中断，结果未知，因此会再发一次」：待重试 1 条"),
        ("发送开始后中断，结果未知，因此会再发一次", "en",
         'e-mail "interrupted after the send began; outcome unknown, so it is sent again": '
         "1 pending"),
        ("rate limit of email: carried to the next run (from 09:00:05)", "zh-CN",
         "邮件「email 达到频率限制：顺延到下一次运行」：待重试 1 条"),
        ("email 达到频率限制：顺延到下一次运行（09:00:05 起）", "en",
         'e-mail "rate limit of email: carried to the next run": 1 pending'),
        ("rate limit of email: carried to the next survey command", "zh-CN",
         "邮件「rate limit of email: carried to the next survey command」：待重试 1 条"),
    ],
)  # fmt: skip
def test_the_ledgers_own_reasons_are_said_in_the_runs_language(
    error: str, locale: str, expected: str
) -> None:
    """Its interrupted and carried reasons, in either language (a row of yesterday's English
    or of a workbook whose language changed), in the run's; any other answer as it was."""
    entry = Entry("digest:P03:2026-11-27", "pending", "email", error=error)
    assert undelivered_why([entry], locale, kind_of) == expected


def test_the_reason_follows_the_counts_and_nothing_owed_says_so() -> None:
    standing = {"pending": 4, "failed": 1, "dead": 1, "held": 0}
    reason = run_reason(2, standing, "zh-CN", ENTRIES[:1], kind_of)
    assert reason == (
        "表格有 2 个错误；消息未送达：待重试 4、失败 1、放弃 1（见 _reminders）："
        "飞书 rd「rd 达到频率限制：顺延到下一次运行」：待重试 1 条（分条消息）"
    )
    assert run_reason(0, dict.fromkeys(standing, 0), "en", ENTRIES, kind_of) == (
        "no errors in this run, no message undelivered"
    )
    # a run that never read the ledger (validate, sla, …) claims nothing of the messages
    # (review12: "no message undelivered" right after a daily run with failed ones)
    assert run_reason(0, {}, "zh-CN", messages=False) == "本次运行无错误"
    assert run_reason(0, {}, "en", messages=False) == "no errors in this run"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("zh-CN", "未读取的工作表：任务进度、复盘（原因见 _checks 或 collabsheet validate）；"
               "表格有 3 个错误"),
     ("en", "tabs not read: 任务进度, 复盘 (why: _checks or collabsheet validate); "
            "3 error(s) in the sheets")],
)  # fmt: skip
def test_the_tabs_not_read_come_first(locale: str, expected: str) -> None:
    """A required column deleted: the tab is not read and its rows are in no count, which the
    error count alone would not tell (trial as a new user)."""
    nothing = {"pending": 0, "failed": 0, "dead": 0, "held": 0}
    assert run_reason(3, nothing, locale, (), kind_of, ("任务进度", "复盘")) == expected


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Vendors]:
    with ExitStack() as stack:
        yield Vendors(tmp_path, stack, monkeypatch)


# the first run's _runs message and the next run's, by [general] locale
REASON = {
    "zh-CN": ("消息未送达：待重试 4、失败 0、放弃 0（见 _reminders）："
              "企业微信「wecom 达到频率限制：顺延到下一次运行」：待重试 3 条（分条消息），"
              "企业微信「发送过快被限流，稍后重试：code 45009: rate limited」："
              "待重试 1 条（分条消息）",
              "本次运行无错误，无未送达的消息"),
    "en": ("messages not delivered: 4 pending, 0 failed, 0 dead (see _reminders): "
           'WeCom "rate limit of wecom: carried to the next run": 3 pending (parts of messages), '
           'WeCom "code 45009: rate limited": 1 pending (parts of messages)',
           "no errors in this run, no message undelivered"),
}  # fmt: skip
# WeCom's answer, as the notifier gives it, after its lead in the workbook's language
LIMITED = {"zh-CN": "发送过快被限流，稍后重试：", "en": ""}
# the carried parts' reason in _reminders, and as an older version wrote it (English always)
CARRIED_ROW = {"zh-CN": "wecom 达到频率限制：顺延到下一次运行（09:01:00 起）",
               "en": "rate limit of wecom: carried to the next run (from 09:01:00)"}  # fmt: skip


def over_wecoms_limit(world: Vendors, locale: str) -> tuple[MemoryBackend, RunReport]:
    """WeCom answers 45009 on the fifth part of a department's digest: that part waits for
    its retry and the rest of the run's WeCom messages are carried."""
    world.settings = dataclasses.replace(world.settings, locale=locale)  # [general] locale
    world.vendors["wecom"].burst, world.vendors["wecom"].burst_at = ["wecom"], 4
    backend = MemoryBackend(departments_on(("wecom",), per_kind=1, members=40))
    return backend, world.run(backend, NOW)


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_a_run_over_wecoms_rate_limit_says_so_in_its_runs_row(world: Vendors, locale: str) -> None:
    """``_runs`` says both reasons, and ``_reminders`` the carried ones', in the workbook's
    language."""
    backend, report = over_wecoms_limit(world, locale)
    first, then = REASON[locale]
    assert (report.outcome, report.message) == ("errors", first)
    header, *rows = backend.tabs["_runs"]
    assert rows[-1][header.index("message")] == first
    carried = [e for e in ledger_rows(backend).values() if e["status"] == "pending"]
    assert Counter(e["error"] for e in carried) == {
        CARRIED_ROW[locale]: 3,
        LIMITED[locale] + "code 45009: rate limited (retry after 60 s)": 1,
    }
    world.clock.t += 3600
    later = world.run(backend, NOW.replace(hour=10), hourly=True)
    assert (later.outcome, later.message) == ("ok", then)


def test_a_terminal_in_english_on_a_chinese_workbook(world: Vendors) -> None:
    """``--locale en`` on a zh-CN workbook: ``_reminders`` and ``_runs`` keep the workbook's
    Chinese; the terminal's lines (``Delivery.note``) say the carried reason in English."""
    world.settings = dataclasses.replace(world.settings, workbook_locale="zh-CN")
    backend, report = over_wecoms_limit(world, "en")  # [general] locale: the terminal's
    assert report.message == REASON["zh-CN"][0]
    carried = [e for e in ledger_rows(backend).values() if e["status"] == "pending"]
    assert Counter(e["error"] for e in carried)[CARRIED_ROW["zh-CN"]] == 3
    notes = {d.note("en") for d in report.deliveries if d.status == "carried"}
    assert notes == {CARRIED_ROW["en"]}
    failed = [d for d in report.deliveries if d.status == "pending"]  # WeCom's own answer
    assert [d.error for d in failed] == [
        LIMITED["zh-CN"] + "code 45009: rate limited (retry after 60 s)"
    ]
    assert [d.note("en") for d in failed] == ["code 45009: rate limited (retry after 60 s)"]


def test_a_workbook_of_yesterday_with_english_reasons_still_works(world: Vendors) -> None:
    """``_reminders`` rows an older version wrote, in English in a Chinese workbook: the next
    run knows them as carried and says why in Chinese; the one after sends each once."""
    backend, _ = over_wecoms_limit(world, "zh-CN")
    header, *rows = backend.tabs["_reminders"]
    error = header.index("error")
    for row in rows:
        row[error] = CARRIED_ROW["en"] if row[error] == CARRIED_ROW["zh-CN"] else row[error]
    assert sum(row[error] == CARRIED_ROW["en"] for row in rows) == 3
    world.clock.t += 30
    again = world.run(backend, NOW.replace(second=30), hourly=True)  # before WeCom's window
    assert (again.outcome, again.message, again.count("sent")) == ("errors", REASON["zh-CN"][0], 0)
    world.clock.t += 3600
    later = world.run(backend, NOW.replace(hour=10), hourly=True)
    assert (later.outcome, later.message) == ("ok", "本次运行无错误，无未送达的消息")
    assert set(world.delivered().values()) == {1}  # each part once


@pytest.mark.parametrize(
    ("locale", "said"),
    [("zh-CN", "; 表格错误 0 个、警告 0 个; "), ("en", "; 0 errors, 0 warnings in the sheets; ")],
)
def test_the_runs_line_counts_the_sheets_errors_apart_from_its_messages(
    tmp_path: Path, locale: str, said: str
) -> None:
    """trial18: `错误 10 个` on the terminal and 16 in `_runs` (10 in the sheets, 6 failed
    messages) read as a disagreement: the line says whose errors it counts."""
    from jobs.run.envelope import run as run_job
    from tests.support.notifiers import Recorder
    from tests.support.reminders import outbox_settings, raw

    s = outbox_settings(tmp_path)
    report = run_job("daily", s, MemoryBackend(raw()), NOW, notifiers={"outbox": Recorder()})
    assert said in report.summary(locale)
