"""The ``_reminders`` ledger, its write-ahead journal and the rate limiter (issue 5, items 3–4)."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from config.channels import Channels
from config.schema import BOT_TABS
from config.settings import settings_from_dict
from jobs.notify import OK, Message, Outcome
from jobs.notify.limits import RateLimiter, carried_reason, history, is_carried
from jobs.reminders.ledger import Ledger
from jobs.run.journal import FileJournal
from tests.support.clocks import FakeClock, windows_ok

NOW = dt.datetime(2026, 11, 27, 9, 0)
MSG = Message("digest:P01:2026-11-27", "outbox", "a@example.com", "s", "i")
POLICY = Channels(max_attempts=3, backoff_minutes=30)


def ledger(tmp_path: Path, rows: list[list[object]] | None = None) -> Ledger:
    return Ledger.load(rows or [], FileJournal(tmp_path / "j.jsonl"), POLICY)


def test_sent_is_never_due_again(tmp_path: Path) -> None:
    led = ledger(tmp_path)
    assert led.due(MSG, NOW)
    led.begin(MSG, NOW, "r1")
    led.finish(MSG, OK, NOW)
    assert not led.due(MSG, NOW + dt.timedelta(days=3))
    rows = led.rows(NOW.date())
    assert rows[0] == list(BOT_TABS["_reminders"])
    again = Ledger.load(rows, FileJournal(None), POLICY)  # the sheet alone
    assert not again.due(MSG, NOW) and again.entries[MSG.key].attempts == 1


def test_retryable_backs_off_then_dies(tmp_path: Path) -> None:
    led = ledger(tmp_path)
    fail = Outcome(False, True, "HTTP 500")
    led.begin(MSG, NOW, "r")
    e = led.finish(MSG, fail, NOW)
    assert (e.status, e.next_at) == ("pending", "2026-11-27 09:30:00")
    assert not led.due(MSG, NOW + dt.timedelta(minutes=29)) and led.due(
        MSG, NOW + dt.timedelta(minutes=30)
    )
    led.begin(MSG, NOW, "r")
    assert led.finish(MSG, fail, NOW).next_at == "2026-11-27 10:00:00"  # doubled
    led.begin(MSG, NOW, "r")
    e = led.finish(MSG, fail, NOW)
    assert e.status == "dead" and e.attempts == 3
    # what it was and to whom, in the workbook's words (trial28: a raw key and "failed:")
    assert led.failures(NOW - dt.timedelta(days=1)) == [(MSG.key, "dead: HTTP 500")]
    assert led.failures(NOW - dt.timedelta(days=1), worded=True) == [
        (MSG.key, "s（a@example.com）：多次重试未成功，已放弃：HTTP 500")
    ]


def test_retry_after_wins_over_a_shorter_backoff(tmp_path: Path) -> None:
    led = ledger(tmp_path)
    led.begin(MSG, NOW, "r")
    e = led.finish(MSG, Outcome(False, True, "429", 7200), NOW)
    assert e.next_at == "2026-11-27 11:00:00"


def test_too_many_uses_no_attempt_and_never_makes_a_message_dead(tmp_path: Path) -> None:
    """A service's "too many" (429, a vendor's rate-limit code) is not the message's fault: it
    waits the service's window, with no attempt used, however often (review12: dead after five)."""
    led = ledger(tmp_path)
    too_many = Outcome(False, True, "429", 3)
    for _ in range(POLICY.max_attempts + 2):
        led.begin(MSG, NOW, "r")
        e = led.finish(MSG, too_many, NOW)
        assert (e.status, e.attempts, e.next_at) == ("pending", 0, "2026-11-27 09:00:03")
    led.begin(MSG, NOW, "r")  # then a real failure: the first attempt counted, backoff from it
    e = led.finish(MSG, Outcome(False, True, "HTTP 500"), NOW)
    assert (e.status, e.attempts, e.next_at) == ("pending", 1, "2026-11-27 09:30:00")
    again = Ledger.load(led.rows(NOW.date()), FileJournal(tmp_path / "j.jsonl"), POLICY)
    assert again.entries[MSG.key].attempts == 1


def test_permanent_is_failed_with_the_reason(tmp_path: Path) -> None:
    led = ledger(tmp_path)
    led.begin(MSG, NOW, "r")
    e = led.finish(MSG, Outcome(False, False, "errcode 310000: sign not match"), NOW)
    assert e.status == "failed" and "310000" in e.error and not led.due(MSG, NOW)


def test_carry_uses_no_attempt(tmp_path: Path) -> None:
    led = ledger(tmp_path)
    led.carry(MSG, NOW, "rate limit")
    assert led.entries[MSG.key].attempts == 0 and led.due(MSG, NOW) and led.pending(MSG.key)


def test_journal_replay_is_idempotent_and_a_crash_mid_send_is_resent(tmp_path: Path) -> None:
    led = ledger(tmp_path)
    other = Message("digest:P02:2026-11-27", "outbox", "b@example.com", "s", "i")
    led.begin(MSG, NOW, "r")
    led.finish(MSG, OK, NOW)
    led.begin(other, NOW, "r")  # crash: sent (maybe), never recorded
    replay = ledger(tmp_path)
    assert not replay.due(MSG, NOW)
    assert replay.due(other, NOW)
    assert replay.entries[other.key].error == "发送开始后中断，结果未知，因此会再发一次"
    rows = replay.rows(NOW.date())  # the sheet written, the journal not yet cleared: replay again
    twice = Ledger.load(rows, FileJournal(tmp_path / "j.jsonl"), POLICY)
    assert twice.entries[MSG.key] == replay.entries[MSG.key]


def test_a_torn_journal_line_is_ignored(tmp_path: Path) -> None:
    led = ledger(tmp_path)
    led.begin(MSG, NOW, "r")
    led.finish(MSG, OK, NOW)
    with (tmp_path / "j.jsonl").open("a") as f:
        f.write('{"key": "digest:P0')
    assert not ledger(tmp_path).due(MSG, NOW)


def test_supersede_only_pending_keys_no_longer_planned(tmp_path: Path) -> None:
    led = ledger(tmp_path)
    old = Message("digest:P01:2026-11-26", "outbox", "a@example.com", "s", "i")
    led.carry(old, NOW, "rate")
    led.carry(MSG, NOW, "rate")
    assert led.supersede([MSG.key], NOW) == [old.key]
    assert led.entries[old.key].status == "superseded" and led.pending(MSG.key)
    # a retry's error says why it never went; a held one's reason ("… 发出") no longer holds
    assert led.entries[old.key].error == "rate"
    held = Message("digest:P02:2026-11-27", "outbox", "b@example.com", "s", "i")
    led.hold([held], NOW, NOW + dt.timedelta(hours=12))
    assert led.entries[held.key].status == "held" and led.entries[held.key].error
    assert led.supersede([MSG.key], NOW) == [held.key]
    assert led.entries[held.key].error == ""


def test_rate_limiter_waits_within_20_per_minute() -> None:
    clock = FakeClock()
    lim = RateLimiter(((0, 1.0), (20, 60.0)), clock, clock.sleep)
    times = []
    for _ in range(70):
        assert lim.acquire(3600)
        times.append(clock.t)
    assert windows_ok(times, 20, 60.0) and clock.t >= 180


def test_rate_limiter_feishu_both_windows_and_carry_over() -> None:
    clock = FakeClock()
    lim = RateLimiter(((5, 1.0), (100, 60.0)), clock, clock.sleep)
    times = []
    while lim.acquire(2.0):
        times.append(clock.t)
    assert len(times) == 100 and windows_ok(times, 5, 1.0) and windows_ok(times, 100, 60.0)


def test_back_off_blocks_the_destination() -> None:
    clock = FakeClock()
    lim = RateLimiter(((1, 1.0),), clock, clock.sleep)
    lim.back_off(30)  # the service said "too many": closed for this run, nothing slept
    assert not lim.acquire(10) and not lim.acquire(60) and clock.t == 0
    assert lim.resume_s() == 30  # the carried messages' next attempt


def test_the_second_window_has_a_margin_for_slack_s_one_per_second() -> None:
    """trial23: Slack's about 1/s was paced at exactly 1.000 s (the sends 0.99 s apart as they
    arrived): a 429 that closed Slack for the run. The second's window is 1.1 s."""
    from jobs.notify.factory import limiters

    clock = FakeClock()
    channels = settings_from_dict({"channels": {"slack": {}}}).channels
    slack = limiters(channels, clock, clock.sleep)["slack"]
    times = []
    for _ in range(5):
        assert slack.acquire(60)
        times.append(clock.t)
    assert all(b - a >= 1.1 - 1e-9 for a, b in itertools.pairwise(times))


def test_a_send_stamped_after_the_next_run_began_still_counts() -> None:
    """A run that ended after the next began (trial23: daily then hourly a minute apart):
    its late sends are stamped after the next run's ``now`` and count as just sent."""
    late = (NOW + dt.timedelta(seconds=2)).strftime("%Y-%m-%d %H:%M:%S")
    ages, _blocked = history([("dingtalk", "sent", late, "", "")], NOW)["dingtalk"]
    assert ages == [0.0]


def test_times_a_spreadsheet_turned_into_serial_numbers_are_read_back(tmp_path: Path) -> None:
    header = list(BOT_TABS["_reminders"])
    row = {h: "" for h in header}
    row.update(key=MSG.key, status="pending", attempts=1.0, next_at=46353.375)  # 2026-11-27 09:00
    led = ledger(tmp_path, [header, [row[h] for h in header]])
    assert led.entries[MSG.key].next_at == "2026-11-27 09:00:00" and led.due(MSG, NOW)


# a message carried over a rate limit: in a Chinese workbook, and in English (an English
# workbook's, or any a version before the reasons followed the workbook's language wrote)
CARRIED = ["wecom 达到频率限制：顺延到下一次运行（09:00:45 起）",
           "rate limit of wecom: carried to the next run (from 09:00:45)"]  # fmt: skip


@pytest.mark.parametrize("carried", CARRIED)
def test_rate_history_counts_only_the_sends_inside_the_window(carried: str) -> None:
    """The limiter is seeded across runs from the ledger: sends of the last 60 s by age, the
    longest wait a carried message still asks for; older sends and stamps not of ours count
    as long ago."""
    now = dt.datetime(2026, 11, 27, 9, 0, 0)
    rows = [
        ("feishu", "sent", "2026-11-27 08:59:30", "", ""),  # 30 s ago: counted
        ("feishu", "sent", "2026-11-27 08:58:59", "", ""),  # 61 s ago: not
        ("feishu", "sent", "27/11/2026 08:59:50", "", ""),  # not our stamp: as long ago
        ("feishu", "failed", "2026-11-27 08:59:40", "", ""),  # not sent
        ("wecom", "pending", "", "2026-11-27 09:00:45", carried),
        ("wecom", "pending", "", "2026-11-27 09:05:00", "code 500"),  # a retry, not carried
    ]
    assert history(rows, now) == {"feishu": ([30.0], 0.0), "wecom": ([], 45.0)}


@pytest.mark.parametrize(
    ("error", "carried"),
    [
        *((text, True) for text in CARRIED),
        ("rate limit of wecom: carried to the next survey command", False),  # no window kept
        ("wecom 达到频率限制：顺延到下一次 survey 命令发送", False),
        ("code 45009: rate limited (retry after 60 s)", False),  # a retry after the backoff
        ("", False),
    ],
)  # fmt: skip
def test_a_carried_reason_is_known_in_either_language(error: str, carried: bool) -> None:
    assert is_carried(error) is carried


@pytest.mark.parametrize(
    ("locale", "resume", "expected"),
    [
        ("zh-CN", dt.datetime(2026, 11, 27, 9, 0, 45), CARRIED[0]),
        ("en", dt.datetime(2026, 11, 27, 9, 0, 45), CARRIED[1]),
        ("zh-CN", None, "wecom 达到频率限制：顺延到下一次运行"),
        ("en", None, "rate limit of wecom: carried to the next run"),
    ],
)  # fmt: skip
def test_the_carried_reason_in_the_workbooks_language(
    locale: str, resume: dt.datetime | None, expected: str
) -> None:
    assert carried_reason(locale, "wecom", resume) == expected


REASONS = {  # the ledger's reasons by the workbook's language: held, interrupted
    "zh-CN": ("工作时间外暂缓，2026-11-30 09:00 发出", "发送开始后中断，结果未知，因此会再发一次"),
    "en": ("held back outside working hours until 2026-11-30 09:00",
           "interrupted after the send began; outcome unknown, so it is sent again"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_ledger_writes_its_reasons_in_the_workbooks_language(
    tmp_path: Path, locale: str
) -> None:
    led = Ledger.load([], FileJournal(tmp_path / "j.jsonl"), POLICY, locale=locale)
    other = Message("digest:P02:2026-11-27", "outbox", "b@example.com", "s", "i")
    led.hold([MSG], NOW, dt.datetime(2026, 11, 30, 9, 0))
    led.begin(other, NOW, "r")  # a crash: sent (maybe), never recorded
    again = Ledger.load(
        led.rows(NOW.date()), FileJournal(tmp_path / "j.jsonl"), POLICY, locale=locale
    )
    assert (again.entries[MSG.key].error, again.entries[other.key].error) == REASONS[locale]


@pytest.mark.parametrize("error", [REASONS["en"][0], REASONS["zh-CN"][0]])
def test_a_held_row_is_known_by_its_status_whatever_its_words(tmp_path: Path, error: str) -> None:
    """A row held by an older version (English) or in either language: owed, due at the
    opening, superseded when no longer planned, in a Chinese workbook."""
    header = list(BOT_TABS["_reminders"])
    row = dict.fromkeys(header, "")
    row.update(
        key=MSG.key,
        status="held",
        channel="outbox",
        attempts=0,
        first_at="2026-11-27 19:00:00",
        next_at="2026-11-30 09:00:00",
        error=error,
    )
    led = ledger(tmp_path, [header, [row[h] for h in header]])
    assert led.pending(MSG.key) and led.standing(NOW)["held"] == 1
    assert not led.due(MSG, NOW) and led.due(MSG, dt.datetime(2026, 11, 30, 9, 0))
    assert led.supersede([], NOW) == [MSG.key]
