"""A run that leaves messages undelivered says why in its ``_runs`` row (issue 17, item 7):
the channel in words, the service's answer without its moment, how many and in which state,
commonest first ("企业微信「code 45009: rate limited」：待重试 1 条（分条消息）")."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from jobs.reminders.reminders_tab import Entry
from jobs.run.report import run_reason, undelivered_why
from sheets_sync.memory import MemoryBackend
from tests.support.notifiers import Vendors, departments_on
from tests.support.reminders import NOW

KIND = {"rd": "feishu", "sales": "feishu"}.get


def kind_of(channel: str) -> str:
    return KIND(channel) or channel


RATE = "code 11232: rate limited (retry after 60 s)"
CARRIED = "rate limit of rd: carried to the next run (from 09:00:05)"
ENTRIES = [
    *(Entry(f"digest:D01:2026-11-27#{i}", "pending", "rd", error=CARRIED) for i in (2, 3, 4)),
    Entry("digest:D01:2026-11-27#1", "pending", "rd", error=RATE),
    Entry("digest:P03:2026-11-27", "failed", "email", error="550 mailbox unavailable"),
    Entry("head:P01:2026-11-27", "dead", "dingtalk", error="timeout: no answer within 10 s"),
    Entry("meeting:P08:2026-11-27", "pending", "slack", error="HTTP 503: busy"),
]
WHY = {
    "zh-CN": "飞书 rd「rate limit of rd: carried to the next run」：待重试 3 条（分条消息），"
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


def test_the_reason_follows_the_counts_and_nothing_owed_says_so() -> None:
    standing = {"pending": 4, "failed": 1, "dead": 1, "held": 0}
    reason = run_reason(2, standing, "zh-CN", ENTRIES[:1], kind_of)
    assert reason == (
        "表格有 2 个错误；消息未送达：待重试 4、失败 1、放弃 1（见 _reminders）："
        "飞书 rd「rate limit of rd: carried to the next run」：待重试 1 条（分条消息）"
    )
    assert run_reason(0, dict.fromkeys(standing, 0), "en", ENTRIES, kind_of) == (
        "nothing outstanding"
    )


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Vendors]:
    with ExitStack() as stack:
        yield Vendors(tmp_path, stack, monkeypatch)


def test_a_run_over_wecoms_rate_limit_says_so_in_its_runs_row(world: Vendors) -> None:
    """WeCom answers 45009 on the fifth part of a department's digest: that part waits for
    its retry and the rest of the run's WeCom messages are carried; ``_runs`` says both."""
    world.vendors["wecom"].burst, world.vendors["wecom"].burst_at = ["wecom"], 4
    backend = MemoryBackend(departments_on(("wecom",), per_kind=1, members=40))
    report = world.run(backend, NOW)
    expected = (
        "消息未送达：待重试 4、失败 0、放弃 0（见 _reminders）："
        "企业微信「rate limit of wecom: carried to the next run」：待重试 3 条（分条消息），"
        "企业微信「code 45009: rate limited」：待重试 1 条（分条消息）"
    )
    assert (report.outcome, report.message) == ("errors", expected)
    header, *rows = backend.tabs["_runs"]
    assert rows[-1][header.index("message")] == expected
    world.clock.t += 3600
    later = world.run(backend, NOW.replace(hour=10), hourly=True)
    assert (later.outcome, later.message) == ("ok", "无待处理事项")
