"""Each message fits its channel; nothing is dropped (issue 17, item 3). A message over a
channel's documented limits (Feishu 20 KB and DingTalk 20,000 B of body as sent, WeCom 4096 B
of markdown, Slack 50 blocks / 3,000 characters a section / 40,000 characters) goes as numbered
parts 「（第 2/3 条）」 cut at item boundaries, each its own ledger entry, retried alone; every
item is received exactly once. Stand-in vendors: ``tests/support/webhooks.py``."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.notify import Item, Message, Section, parts
from jobs.notify.dingtalk import DingTalkNotifier
from jobs.notify.feishu import FeishuNotifier
from jobs.notify.slack import SlackNotifier
from jobs.notify.wecom import WeComNotifier
from sheets_sync.memory import MemoryBackend
from tests.support.clocks import FakeClock
from tests.support.notifiers import KINDS, Vendors, departments_on, ledger_rows
from tests.support.reminders import NOW
from tests.support.webhooks import Posting, StandIn
from tests.support.workbooks import col, title

KEY = "digest:D11:2026-11-27"


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Vendors]:
    with ExitStack() as stack:
        yield Vendors(tmp_path, stack, monkeypatch)


def _ids(body: Any) -> list[str]:
    return re.findall(r"KP\d+", json.dumps(body, ensure_ascii=False))


def _item_ids(body: Any) -> list[str]:
    """The tasks named by the items of a request (an item reads "任务 KP110「2 交付」 · 执行人
    …"; the subject names its worst item too, as "任务 KP110「2 交付」（已超时 …）")."""
    return re.findall(r"(KP\d+)「[^」]*」 · ", json.dumps(body, ensure_ascii=False))


@pytest.mark.parametrize("kind", KINDS)
def test_300_overdue_tasks_of_one_department_reach_its_group_each_once(
    world: Vendors, kind: str
) -> None:
    backend = MemoryBackend(departments_on((kind,), per_kind=1, members=300))
    world.run(backend, NOW)
    assert sum(world.slept) <= world.settings.channels.max_wait_s
    world.until_clean(backend, NOW)
    book = ledger_rows(backend)
    assert {e["status"] for e in book.values()} == {"sent"}
    keys = sorted((k for k in book if k.startswith(KEY)), key=lambda k: int(k.split("#")[1]))
    n = len(keys)
    assert n > 1 and keys == [f"{KEY}#{i}" for i in range(1, n + 1)]  # one entry per part
    vendor = world.vendors[kind]
    assert vendor.broken == [] and len(vendor.accepted) == n  # no request broke a limit
    ids = Counter(i for r in vendor.accepted for i in _item_ids(r.body))
    assert len(ids) == 300 and set(ids.values()) == {1}  # every item once, none dropped
    labels = [f"（第 {i}/{n} 条）" for i in range(1, n + 1)]
    assert all(any(lab in json.dumps(r.body, ensure_ascii=False) for r in vendor.accepted)
               for lab in labels)  # fmt: skip
    assert max(world.delivered().values()) == 1


def test_a_part_refused_is_retried_alone(world: Vendors) -> None:
    """WeCom answers 45009 on the fifth part: the next run sends that part and the rest,
    never the four already delivered (issue 17: four parts reached the group twice)."""
    world.vendors["wecom"].burst, world.vendors["wecom"].burst_at = ["wecom"], 4
    backend = MemoryBackend(departments_on(("wecom",), per_kind=1, members=40))
    world.run(backend, NOW)
    book = ledger_rows(backend)
    assert [book[f"{KEY}#{i}"]["status"] for i in range(1, 6)] == ["sent"] * 4 + ["pending"]
    world.until_clean(backend, NOW)
    ids = Counter(i for r in world.vendors["wecom"].accepted for i in _item_ids(r.body))
    assert len(ids) == 40 and set(ids.values()) == {1}
    assert max(world.delivered().values()) == 1


def _change_tasks(backend: MemoryBackend, done: set[str], new: str, person: str) -> None:
    """Between two runs, as a department does: ``done`` tasks marked 已完成, and one more task
    ``new`` of ``person`` overdue."""
    rows = backend.tabs[title("tasks")]
    status, done_at, who = col("tasks", "status"), col("tasks", "done_at"), col("tasks", "assignee")
    for row in rows[1:]:
        if row[0] in done:
            row[status], row[done_at] = "done", "2026-11-27 09:40"
    model = next(r for r in rows[1:] if r[who] == person)
    rows.append([new, *model[1:]])


def test_parts_left_after_the_items_changed_say_each_open_item_once(world: Vendors) -> None:
    """trial7: WeCom refuses the fifth part; before the next run two tasks already told and two
    not yet told are done, and one more is late. The parts left carry every item not yet told
    (the new one too) and none told before: cut by position again, items of the fifth part
    moved into the fourth, already sent, and were in no part that day."""
    world.vendors["wecom"].burst, world.vendors["wecom"].burst_at = ["wecom"], 4
    backend = MemoryBackend(departments_on(("wecom",), per_kind=1, members=40))
    world.run(backend, NOW)
    vendor = world.vendors["wecom"]
    told = [i for r in vendor.accepted for i in _item_ids(r.body)]
    book = ledger_rows(backend)
    assert [book[f"{KEY}#{i}"]["status"] for i in range(1, 6)] == ["sent"] * 4 + ["pending"]
    assert book[f"{KEY}#1"]["items"].split()[0].startswith("completion:KP")  # kept with it
    waiting = sorted({f"KP{1000 + i}" for i in range(40)} - set(told))
    done = {told[0], told[-1], waiting[0], waiting[-1]}
    _change_tasks(backend, done, "KP999", "P1005")
    world.until_clean(backend, NOW)
    ids = Counter(i for r in vendor.accepted for i in _item_ids(r.body))
    assert set(ids.values()) == {1}  # no item told twice
    assert set(ids) == (
        {f"KP{1000 + i}" for i in range(40)} - {waiting[0], waiting[-1]} | {"KP999"}
    )  # every item open when its part went, the new one too
    keys = [k for k in ledger_rows(backend) if k.startswith(KEY)]
    assert {ledger_rows(backend)[k]["status"] for k in keys} <= {"sent", "superseded"}
    assert max(world.delivered().values()) == 1


def test_parts_are_cut_by_position_so_a_later_retry_cuts_the_same_items() -> None:
    """An hour later the items read "4 工作小时" instead of "3": the same items per part."""
    n = FeishuNotifier("http://127.0.0.1:9/hook/x", None, 5)

    def message(late: str) -> Message:
        items = tuple(
            Item(f"KP{i} 已超时 {late} 工作小时 " + "说明" * (i % 97), "") for i in range(90)
        )
        return Message(KEY, "feishu", "D11", "每日提醒", "请处理", (Section("项目", items),))

    before = [_ids(repr(p.sections)) for p in parts.split(message("3"), n.fit)]
    after = [_ids(repr(p.sections)) for p in parts.split(message("1234"), n.fit)]
    assert before == after and len(before) == 5


def test_a_message_recorded_whole_stays_whole_and_one_with_parts_is_cut_again() -> None:
    n = WeComNotifier("http://127.0.0.1:9/send?key=k", 5)
    small = Message(KEY, "wecom", "D11", "每日提醒", "请处理", (Section("项目", (Item("KP1"),)),))
    senders = {"wecom": n}
    assert [m.key for m in parts.expand(senders, [small], {KEY: "sent"})] == [KEY]
    assert [m.key for m in parts.expand(senders, [small], {})] == [KEY]
    assert [m.key for m in parts.expand(senders, [small], {f"{KEY}#1": "sent"})] == [f"{KEY}#1"]


def _digest(*tasks: str) -> Message:
    items = tuple(Item(f"任务 {t}「2 交付」 · 已超时", f"任务进度!J{i}", ref=f"completion:{t}")
                  for i, t in enumerate(tasks, 2))  # fmt: skip
    return Message(KEY, "wecom", "D11", "每日提醒", "请处理", (Section("项目", items),))


@pytest.mark.parametrize(
    ("had", "told", "now", "parts_"),
    [
        # parts 1 and 2 went out; part 3 waits: the items not told, into 3 and a new 4
        ({1: "sent", 2: "sent", 3: "pending"}, {1: "K1 K2 K3 K4 K5", 2: "K6 K7 K8 K9 K10"},
         [f"K{i}" for i in range(1, 17)], {3: "K11 K12 K13 K14 K15", 4: "K16"}),
        # K3 done, K21 late: part 3 takes what is left, titled against the highest number
        ({1: "sent", 2: "sent", 3: "pending"}, {1: "K1 K2 K3 K4 K5", 2: "K6 K7 K8 K9 K10"},
         ["K1", "K2", "K4", "K6", "K11", "K21"], {3: "K11 K21"}),
        # a superseded number is never used again; a failed part's items are not told again
        ({1: "failed", 2: "superseded", 3: "pending"}, {1: "K1 K2"}, ["K1", "K2", "K3"],
         {3: "K3"}),
        # every item told: nothing (the pending part is superseded by the run)
        ({1: "sent", 2: "pending"}, {1: "K1 K2"}, ["K2"], {}),
    ],
)  # fmt: skip
def test_the_parts_left_carry_the_items_not_told_under_numbers_not_used(
    had: dict[int, str], told: dict[int, str], now: list[str], parts_: dict[int, str]
) -> None:
    fit = parts.Fit(5, 2000, lambda m: True)
    stored = {f"{KEY}#{i}": " ".join(f"completion:{t}" for t in x.split()) for i, x in told.items()}
    got = parts.rest(_digest(*now), fit, had, stored)
    n = max([*had, *parts_]) if parts_ else 0
    assert {int(m.key.rsplit("#")[1]): parts.said(m).replace("completion:", "") for m in got} == (
        parts_
    )
    assert all(m.subject.endswith(f"/{n} 条）") for m in got)


def test_a_part_that_went_out_before_its_items_were_kept_is_cut_by_position() -> None:
    """A ledger of an earlier version (no 所含事项): the parts are cut as they were."""
    fit = parts.Fit(2, 2000, lambda m: True)
    got = parts.rest(_digest("K1", "K2", "K3", "K4"), fit, {1: "sent", 2: "pending"}, {})
    assert [(m.key, parts.said(m)) for m in got] == [
        (f"{KEY}#1", "completion:K1 completion:K2"), (f"{KEY}#2", "completion:K3 completion:K4")
    ]  # fmt: skip


def test_an_hourly_run_sends_a_part_numbered_anew_of_a_message_owed(world: Vendors) -> None:
    """More items late than parts before: the new number goes with the parts owed, in the
    hourly run (it is owed as they are), not the next day."""
    world.vendors["wecom"].burst, world.vendors["wecom"].burst_at = ["wecom"], 1
    backend = MemoryBackend(departments_on(("wecom",), per_kind=1, members=6))
    world.run(backend, NOW)
    assert [ledger_rows(backend)[f"{KEY}#{i}"]["status"] for i in (1, 2)] == ["sent", "pending"]
    for n in range(900, 906):
        _change_tasks(backend, set(), f"KP{n}", "P112")
    world.until_clean(backend, NOW)
    book = ledger_rows(backend)
    assert f"{KEY}#3" in book and {e["status"] for e in book.values()} == {"sent"}
    ids = Counter(i for r in world.vendors["wecom"].accepted for i in _item_ids(r.body))
    assert set(ids.values()) == {1} and len(ids) == 12


# ------------------------------------------------------------------------------ the property

SCRIPTS = "abcXYZ 0123456789汉字测试中文說明😀🚀مرحبا<>&*_~`[]()#|@"
NOTIFIERS = {
    "feishu": lambda post: FeishuNotifier("https://x/open-apis/bot/v2/hook/h1", "s", 5, post),
    "dingtalk": lambda post: DingTalkNotifier("https://x/robot/send?access_token=t", "s", 5, post),
    "wecom": lambda post: WeComNotifier("https://x/cgi-bin/webhook/send?key=k", 5, post),
    "slack": lambda post: SlackNotifier("https://x/services/T/B/s", 5, post),
}

# an id each platform accepts (jobs/notify/mentions.py): the mentions really reach the payload
MENTION = {
    "feishu": lambda i: f"ou_{i:032x}",
    "dingtalk": lambda i: f"138{i:08d}",
    "wecom": lambda i: f"user{i:04d}",
    "slack": lambda i: f"U{i:08d}",
}


@st.composite
def departments(draw: st.DrawFn) -> tuple[str, Message, list[int]]:
    kind = draw(st.sampled_from(KINDS))
    count = draw(st.integers(1, 1000))
    texts = draw(st.lists(st.text(SCRIPTS, max_size=400), min_size=count, max_size=count))
    long_links = draw(st.booleans())
    link = "https://docs.google.com/spreadsheets/d/" + "x" * (200 if long_links else 20)
    items = [Item(f"⟦{i}⟧ {t}", f"{link}#range=J{i}" if i % 3 else "") for i, t in enumerate(texts)]
    size = draw(st.integers(1, 60))
    sections = tuple(
        Section(f"项目 {k // size}", tuple(items[k : k + size])) for k in range(0, count, size)
    )
    mentions = tuple(MENTION[kind](i) for i in range(draw(st.integers(0, 300))))
    failures = draw(st.lists(st.integers(0, 400), max_size=8))  # requests refused "too many"
    message = Message(KEY, kind, "D11", "【每日提醒】部门", "请处理：", sections, mentions, True)
    return kind, message, failures


@settings(max_examples=8, deadline=None)
@given(departments())
def test_every_item_is_received_exactly_once_within_every_limit(
    case: tuple[str, Message, list[int]],
) -> None:
    kind, message, failures = case
    clock = FakeClock()
    vendor = StandIn(kind, clock)
    notifier = NOTIFIERS[kind](Posting(vendor))
    pending = parts.split(message, notifier.fit)
    accepted: Counter[str] = Counter()
    for _ in range(len(failures) + 2):  # runs until nothing is pending
        left = []
        for part in pending:
            clock.t += 60.0  # one request a minute: within every vendor's rate limit
            if len(vendor.times) in failures:
                vendor.burst = [kind]
            out = notifier.send(part)
            (accepted.update([part.key]) if out.ok else left.append(part))
            assert out.ok or out.retryable, out.error  # never refused for its size
        pending = left
    assert pending == [] and vendor.broken == []
    assert set(accepted.values()) == {1}  # no part twice
    got = Counter(
        int(i)
        for r in vendor.accepted
        for i in re.findall(r"⟦(\d+)⟧", json.dumps(r.body, ensure_ascii=False))
    )
    assert got == Counter(range(sum(len(s.items) for s in message.sections)))  # each item once


def test_an_oversize_part_is_never_recorded_sent(receiver: Any) -> None:
    """Slack refuses a body over its limits (invalid_blocks): a permanent failure, not ok."""
    receiver.behave = [StandIn("slack", FakeClock())]
    items = tuple(Item(f"KP{i}", "") for i in range(400))
    sections = tuple(Section(f"S{i}", (it,)) for i, it in enumerate(items))
    whole = Message(KEY, "slack", "D11", "提醒", "请处理", sections)
    out = SlackNotifier(receiver.url + "/services/T/B/s", 5).send(whole)
    assert not out.ok and not out.retryable and "invalid_blocks" in out.error


def test_a_slow_group_does_not_spend_the_wait_for_a_fast_one(world: Vendors) -> None:
    """trial7: WeCom (18 a minute) came first and used the run's one waiting budget, so
    Feishu's parts waited for the next run with room to spare. In turns, each channel's: all of
    Feishu's go in the first run, WeCom's rest is carried."""
    backend = MemoryBackend(departments_on(("wecom", "feishu"), per_kind=1, members=120))
    world.run(backend, NOW)
    book = ledger_rows(backend)
    feishu = {k: e["status"] for k, e in book.items() if k.startswith("digest:D12:")}
    wecom = {k: e["status"] for k, e in book.items() if k.startswith("digest:D11:")}
    assert len(feishu) > 4 and set(feishu.values()) == {"sent"}
    assert "pending" in wecom.values()  # over WeCom's minute: carried, not waited for
    assert sum(world.slept) <= world.settings.channels.max_wait_s


def test_urgent_escalations_sent_as_one_name_each_project_once() -> None:
    """trial7: a group's merged escalations repeated 【双十一预热 (PJ0020)】 three times in one
    request. One heading per project, the items in the batch's order."""
    from jobs.run.batches import merged as _merge

    def escalation(task: str, project: str) -> Message:
        sections = (Section(project, (Item(f"任务 {task}"),)),)
        return Message(f"escalation:completion:{task}:3", "wecom", "D11", f"【紧急升级】{task}",
                       "请处理", sections, group=True)  # fmt: skip

    batch = [escalation("T1", "双十一预热 (PJ0020)"), escalation("T2", "年货节 (PJ0021)"),
             escalation("T3", "双十一预热 (PJ0020)")]  # fmt: skip
    m = _merge(batch)
    assert [(s.title, [i.text for i in s.items]) for s in m.sections] == [
        ("双十一预热 (PJ0020)", ["任务 T1", "任务 T3"]), ("年货节 (PJ0021)", ["任务 T2"])
    ]  # fmt: skip
    assert m.key == "escalation:completion:T1:3+2" and m.subject == "【紧急升级】T1 等 3 项"


def test_a_persons_urgent_escalations_go_together_only_when_about_one_item() -> None:
    """trial15: a task's late response and completion are one mail to each manager; review19:
    not a dispute that shares the task's hand-typed id, nor another task."""
    from jobs.run.batches import batches

    def escalation(key: str) -> Message:
        sections = (Section("PJ1", (Item(key),)),)
        return Message(f"escalation:{key}:3:P001", "email", "boss@example.com", key, "请处理",
                       sections)  # fmt: skip

    keys = ["response:1", "completion:1@202612011800", "dispute:1", "completion:2",
            "action:1"]  # fmt: skip
    grouped = batches([escalation(k) for k in keys], lambda m: 50)
    assert [[m.key.split(":")[1:3] for m in b] for b in grouped] == [
        [["response", "1"], ["completion", "1@202612011800"]], [["dispute", "1"]],
        [["completion", "2"]], [["action", "1"]],
    ]  # fmt: skip


def test_a_retried_part_does_not_mention_again_who_was_mentioned(world: Vendors) -> None:
    """review10: the parts cut anew spread every @-mention again, so a WeCom part retried an
    hour later @-ed all forty people a second time."""
    world.vendors["wecom"].burst, world.vendors["wecom"].burst_at = ["wecom"], 4
    backend = MemoryBackend(departments_on(("wecom",), per_kind=1, members=40))
    world.run(backend, NOW)
    world.until_clean(backend, NOW)
    bodies = [json.dumps(r.body, ensure_ascii=False) for r in world.vendors["wecom"].accepted]
    mentioned = Counter(m for b in bodies for m in re.findall(r"<@(user[^>]+)>", b))
    assert mentioned and set(mentioned.values()) == {1}


def test_a_part_of_mentions_alone_is_told_and_the_rest_cut_from_what_is_left() -> None:
    """review10: a part that went out with mentions only kept an empty record, read as an
    older ledger's: the rest was cut by position and K5 was in no part."""
    fit = parts.Fit(4, 2000, lambda m: len(m.mentions) <= 2)
    first = replace(_digest("K1", "K2", "K3", "K4"), mentions=("a", "b", "c", "d", "e", "f"))
    cut = parts.split(first, fit, force=True)
    assert [parts.said(m) for m in cut] == [
        "completion:K1 completion:K2 completion:K3 completion:K4 @a @b", "@c @d", "@e @f"
    ]  # fmt: skip
    told = {m.key: parts.said(m) for m in cut[:2]}
    later = replace(_digest("K2", "K3", "K4", "K5"), mentions=first.mentions)
    got = parts.rest(later, fit, {1: "sent", 2: "sent", 3: "pending"}, told)
    assert [(m.key, parts.said(m)) for m in got] == [(f"{KEY}#3", "completion:K5 @e @f")]


def test_a_shortened_item_keeps_its_obligation() -> None:
    """review10: a shortened item lost its ref, so its identity (its text's hash) changed
    with its hours late every run."""
    long = Item("任务" * 400, "任务进度!J5", ref="completion:T1")
    assert parts.shorten(long, 620).ref == "completion:T1"


def test_urgent_escalations_go_first_on_every_channel_then_the_rest_in_turns() -> None:
    """review10: in turns alone, one channel's digest parts went before another's escalation
    and could spend the run's one waiting budget."""
    from jobs.run.batches import interleaved as _interleaved

    def m(key: str, channel: str) -> list[Message]:
        return [Message(key, channel, "g", key, "")]

    batches = [m("digest:A1", "a"), m("digest:A2", "a"), m("escalation:B1", "b"),
               m("digest:B2", "b"), m("escalation:A3", "a")]  # fmt: skip
    assert [b[0].key for b in _interleaved(batches)] == [
        "escalation:B1", "escalation:A3", "digest:A1", "digest:B2", "digest:A2"
    ]  # fmt: skip
