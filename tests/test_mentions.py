"""Identities per platform and mentions (issue 17, item 2; item 5's person without an address).

Each chat platform @-mentions with its own person column (手机号, 飞书ID, 企业微信ID, Slack ID),
checked for that platform's format at the cell; each channel puts the mention where the
platform needs it; no cell can @ everyone; a person without the address their channel needs
is a finding at the cell and an item on the coordinators' list, never an outbox file sent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from config.settings import Settings, settings_from_dict
from jobs.checks.checks_tab import checks_records
from jobs.checks.validation import validate
from jobs.notify.escaping import defuse, html_text, markdown, slack, wecom
from jobs.notify.mentions import accepted
from jobs.reminders.people import retired_findings
from jobs.reminders.routing import plan
from jobs.run.envelope import run as run_job
from jobs.sla.status import sla_of
from sheets_sync.finding import Finding
from sheets_sync.memory import MemoryBackend
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend
from tests.support.mutations import put
from tests.support.notifiers import KINDS, Recorder, Vendors, departments_on, ledger_rows
from tests.support.reminders import NOW, raw
from tests.support.workbooks import Raw, open_id, title

UNDELIVERED = "无法送达（缺少联系方式、人员已停用或部门无负责人）"  # the coordinators' section

CORPUS = Path(__file__).parent / "corpus"
# every way a cell could try to reach everyone, on any platform
EVERYONE = (
    '<at user_id="all">所有人</at>', "<at id=all></at>", "@all", "@所有人", "＠所有人", "@ALL",
    "<!channel>", "<!here>", "<!everyone>", "<@all>", "@channel", "@here", "@everyone",
)  # fmt: skip
HOSTILE = " ".join(EVERYONE)


# -- the formats --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "value", "want"),
    [
        ("dingtalk", "13800000002", "13800000002"),
        ("dingtalk", "+86 138-0000-0002", "13800000002"),
        ("dingtalk", 13800000002.0, "13800000002"),
        ("dingtalk", "12800000002", ""),
        ("dingtalk", "1380000000", ""),
        ("dingtalk", "all", ""),
        ("feishu", open_id(2), open_id(2)),
        ("feishu", "e3c8a2f1", "e3c8a2f1"),  # a user_id
        ("feishu", "on_" + "a" * 32, ""),  # a union_id: custom bots cannot @ by it
        ("feishu", "ou_01", ""),
        ("feishu", "13800000002", ""),  # a mobile, not a Feishu id
        ("feishu", "lisi@example.com", ""),
        ("feishu", "all", ""),
        ("wecom", "lisi", "lisi"),
        ("wecom", "Li.Si@corp", "Li.Si@corp"),
        ("wecom", "_lisi", ""),
        ("wecom", "@all", ""),
        ("wecom", "all", ""),
        ("wecom", "x" * 65, ""),
        ("slack", "U024BE7LH", "U024BE7LH"),
        ("slack", "W0123ABCD", "W0123ABCD"),
        ("slack", "u024be7lh", ""),
        ("slack", "<!channel>", ""),
        ("slack", "C024BE7LH", ""),  # a channel id
    ],
)
def test_each_platform_accepts_only_its_own_ids(kind: str, value: Any, want: str) -> None:
    assert accepted(kind, value) == want


@pytest.mark.parametrize(
    ("key", "value", "cell"),
    [
        ("mobile", "1380000", "E3"),
        ("feishu_id", "13800000002", "H3"),
        ("feishu_id", "all", "H3"),
        ("wecom_id", "<@all>", "I3"),
        ("slack_id", "@lisi", "J3"),
    ],
)
def test_an_id_not_in_its_platforms_format_is_a_finding_at_its_cell(
    key: str, value: str, cell: str
) -> None:
    s = settings_from_dict({})
    found = [f for f in validate(parse_workbook(raw(put("people", 2, key, value)), s))
             if f.rule.startswith("person.")]  # fmt: skip
    assert [(f.tab, f.cell, f.value, f.rule) for f in found] == [
        ("人员", cell, value, f"person.{key}")
    ]
    assert found[0].severity == "warning"
    assert f"「{value}」不是有效的" in found[0].message("zh-CN")
    assert f"'{value}' is not a valid" in found[0].message("en")


def test_valid_ids_and_a_mobile_typed_as_a_number_give_no_finding() -> None:
    s = settings_from_dict({})
    r = raw(put("people", 2, "mobile", 13800000002.0))
    assert not [f for f in validate(parse_workbook(r, s)) if f.rule.startswith("person.")]


# -- escaping -----------------------------------------------------------------------------------
@pytest.mark.parametrize("render", [defuse, markdown, slack, html_text, wecom])
@pytest.mark.parametrize("token", EVERYONE)
def test_no_cell_text_can_mention_everyone(render: Any, token: str) -> None:
    out = render(f"任务 {token} 说明")
    assert token not in out
    assert "<at" not in out and "<!" not in out and "<@" not in out
    assert "@all" not in out.lower() and "@所有人" not in out and "＠所有人" not in out


# -- the channels, end to end against the loopback stand-ins -------------------------------------
def _world_raw() -> Raw:
    """A department on each chat platform (three members each: every id filled but the third
    member's), hostile names and task texts, and a coordinator on the outbox."""
    base = departments_on(KINDS, per_kind=1, members=3)
    people, tasks = base[title("people")], base[title("tasks")]
    head = people[0]
    for row in people[1:]:
        row += [None] * (len(head) - len(row))
        if row[0] in ("P112", "P122", "P132", "P142"):  # the third member: no id anywhere
            for key in ("mobile", "feishu_id", "wecom_id", "slack_id"):
                row[head.index(key)] = None
        if row[0].startswith("P1"):
            row[head.index("name")] = f"员工{row[0]} {HOSTILE}"
    for row in tasks[1:]:
        row[3] = f"交付 {HOSTILE}"  # the step name reaches every item
    people.append(["P08", "郑十", "D04", "zheng@example.com", "13800000008", "coordinator",
                   "是", open_id(8), "zhengshi", "U00000008"])  # fmt: skip
    return base


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    from contextlib import ExitStack

    with ExitStack() as stack:
        yield Vendors(tmp_path, stack, monkeypatch)


def _members(dept: int) -> list[str]:
    return [f"P{dept * 10 + i + 100}" for i in range(2)]  # the two with ids


def test_each_channel_mentions_with_its_own_ids_and_never_everyone(world: Vendors) -> None:
    backend = MemoryBackend(_world_raw())
    report = world.run(backend, NOW)
    world.until_clean(backend, NOW)
    want = {
        "feishu": [f"ou_{int(p[1:]):032x}" for p in _members(1)],
        "dingtalk": [f"139{int(p[1:]):08d}" for p in _members(2)],
        "wecom": [f"user{p}" for p in _members(3)],
        "slack": [f"U{int(p[1:]):08d}" for p in _members(4)],
    }
    for kind in KINDS:
        bodies = [r.body for r in world.vendors[kind].accepted]
        assert bodies, kind
        dumped = json.dumps(bodies, ensure_ascii=False)
        for token in EVERYONE:
            assert token not in dumped, (kind, token)
        assert '"user_id": "all"' not in dumped and '"isAtAll": true' not in dumped
        digest = next(b for b in bodies if "每日提醒" in json.dumps(b, ensure_ascii=False))
        if kind == "feishu":
            post = digest["content"]["post"]["zh_cn"]["content"]
            ats = [el["user_id"] for line in post for el in line if el["tag"] == "at"]
            assert ats == want[kind]
        elif kind == "dingtalk":
            assert digest["at"] == {"atMobiles": want[kind], "isAtAll": False}
            text = digest["markdown"]["text"]
            assert all(f"@{m}" in text for m in want[kind])  # DingTalk needs it in the text
        elif kind == "wecom":
            content = digest["markdown"]["content"]
            assert content.endswith(" ".join(f"<@{u}>" for u in want[kind]))
        else:
            texts = [b["text"]["text"] for b in digest["blocks"] if b["type"] == "section"]
            assert texts[-1] == " ".join(f"<@{u}>" for u in want[kind])
    gaps = sorted((f.cell, f.rule) for f in report.findings if f.rule == "remind.no_mention_id")
    # the third member of each department lacks the id of its platform: 手机号 E, 飞书ID H,
    # 企业微信ID I, Slack ID J (rows 2-8 the base people, then D11's, D12's, D13's, D14's)
    assert gaps == [("E14", "remind.no_mention_id"), ("H11", "remind.no_mention_id"),
                    ("I17", "remind.no_mention_id"), ("J20", "remind.no_mention_id")]  # fmt: skip


# -- a person without an address ----------------------------------------------------------------
def without_an_address(tmp_path: Path) -> tuple[Settings, MemoryBackend, Recorder]:
    """E-mail configured (its server never reached), and 李四 (P02, D01: by e-mail) with no
    address; a recorder for what is sent."""
    s = settings_from_dict({"channels": {
        "outbox": {"folder": str(tmp_path / "outbox")}, "journal": str(tmp_path / "j.jsonl"),
        "email": {"host": "127.0.0.1", "port": 9, "from_addr": "bot@example.com"},
    }})  # fmt: skip
    return s, MemoryBackend(raw(put("people", 2, "email", ""))), Recorder()


def test_what_planning_the_messages_finds_is_in_checks_too(tmp_path: Path) -> None:
    """The daily run's ``_checks`` lists every error it counts: also those found while the
    messages were planned (trial12: the summary said 6 errors, ``_checks`` held 5)."""
    s, backend, rec = without_an_address(tmp_path)
    report = run_job("daily", s, backend, NOW, notifiers={"email": rec, "outbox": rec})
    listed = checks_records(backend.tabs["_checks"])
    assert ("人员", "D3", "remind.no_address") in {(r["tab"], r["cell"], r["rule"]) for r in listed}
    assert [(r["tab"], r["cell"], r["rule"]) for r in listed] == [
        (f.tab, f.cell, f.rule) for f in report.findings
    ]
    assert sum(r["severity"] == "error" for r in listed) == report.errors
    assert report.tabs == ("_checks", "_sla", "_metrics", "_case_links", "_reminders", "_runs")


def test_a_person_without_an_email_is_a_finding_and_a_coordinators_item_never_sent(
    tmp_path: Path,
) -> None:
    s, backend, rec = without_an_address(tmp_path)
    report = run_job("remind", s, backend, NOW, notifiers={"email": rec, "outbox": rec})
    (gap,) = [f for f in report.findings if f.rule == "remind.no_address"]
    assert (gap.tab, gap.cell, gap.severity) == ("人员", "D3", "error")
    assert gap.message("zh-CN").startswith("李四 的提醒通过邮件发送，但「邮箱」为空")
    assert report.outcome == "errors"  # remind exits 1
    book = ledger_rows(backend)
    assert not [k for k in book if "P02" in k]  # nothing planned for 李四: nothing "sent"
    assert not [m for m in rec.sent if "P02" in m.recipient or m.name == "李四"]
    meeting = next(m for m in rec.sent if m.key.startswith("meeting:P08:"))
    assert meeting.channel == "outbox" and meeting.recipient == "zheng@example.com"  # D04
    (section,) = [x for x in meeting.sections if x.title == UNDELIVERED]
    (item,) = section.items
    assert item.text.startswith("李四（P02）：「【每日提醒】") and item.text.endswith(
        "没有发出：邮箱为空"
    )
    assert item.link == "人员!D3"


def test_with_no_email_configured_the_outbox_is_the_channel_and_needs_no_address(
    tmp_path: Path,
) -> None:
    s = settings_from_dict({"channels": {
        "outbox": {"folder": str(tmp_path / "outbox")}, "journal": str(tmp_path / "j.jsonl"),
    }})  # fmt: skip
    rec = Recorder()
    report = run_job("remind", s, MemoryBackend(raw(put("people", 2, "email", ""))), NOW,
                     notifiers={"outbox": rec})  # fmt: skip
    assert not [f for f in report.findings if f.rule == "remind.no_address"]
    (digest,) = [m for m in rec.sent if m.key.startswith("digest:P02:")]
    assert digest.channel == "outbox"


# -- old workbooks --------------------------------------------------------------------------------
def test_an_old_im_id_column_is_one_finding_saying_where_each_value_goes() -> None:
    r = raw()
    people = r[title("people")]
    old = ["13800000001", "ou_" + "1" * 32, "U024BE7LH", "", "lisi", "13800000006", "17"]
    for row, value in zip(people, ["IM账号", *old], strict=False):
        row.append(value)
    s = settings_from_dict({})
    (f,) = retired_findings(r, parse_workbook(r, s))
    assert (f.tab, f.cell, f.value, f.rule) == ("人员", "K1", "IM账号", "person.im_id_retired")
    assert (
        f.message("zh-CN") == "「IM账号」列已不再读取（每个平台各有一列）：其中 6 个值的 @ 会丢失"
    )
    assert f.fix("zh-CN") == (
        "把这些值移到对应的列：手机号 2 个、企业微信ID 2 个、飞书ID 1 个、Slack ID 1 个；"
        "然后删除「IM账号」列"
    )


def test_the_corpus_workbook_of_before_the_split_reports_its_im_id_column() -> None:
    raw_ = XlsxBackend(CORPUS / "plain.xlsx").read()
    wb = parse_workbook(raw_, settings_from_dict({}))
    (f,) = retired_findings(raw_, wb)
    assert (f.cell, f.params["count"], f.params["moves"]) == ("E1", 40, "手机号 40 个")
    assert f.fix("en").startswith("move the values to their columns: 40 to mobile;")


def test_a_member_without_an_id_is_still_posted_and_listed_for_the_coordinators() -> None:
    s = settings_from_dict({"channels": {"feishu": {}}})
    wb = parse_workbook(raw(put("people", 3, "feishu_id", "")), s)  # 王五, head of D02 (飞书)
    gaps: list[Finding] = []
    got = {m.key: m for m in plan(wb, sla_of(wb, s.sla_section, NOW).result, s.remind_section, NOW,
                                  "{}!{}".format, gaps=gaps)}  # fmt: skip
    assert got["escalation:completion:K2:3"].mentions == (open_id(7),)  # 吴九 only
    assert [(f.cell, f.rule, f.params["platform"]) for f in gaps] == [
        ("H4", "remind.no_mention_id", "飞书")
    ]
    meeting = got["meeting:P08:2026-11-27"]
    (section,) = [x for x in meeting.sections if x.title == UNDELIVERED]
    assert [(i.text, i.link) for i in section.items] == [
        ("王五（P03）：飞书群消息未能 @ 此人：飞书ID为空或格式不对", "人员!H4")
    ]


def test_remind_reports_an_old_im_id_column(tmp_path: Path) -> None:
    r = raw()
    for row, value in zip(r[title("people")], ["IM账号", "13800000001"], strict=False):
        row.append(value)
    s = settings_from_dict({"channels": {"outbox": {"folder": str(tmp_path / "outbox")},
                                         "journal": str(tmp_path / "j.jsonl")}})  # fmt: skip
    report = run_job("remind", s, MemoryBackend(r), NOW, notifiers={"outbox": Recorder()})
    assert [(f.cell, f.rule) for f in report.findings if f.rule.startswith("person.")] == [
        ("K1", "person.im_id_retired")
    ]


def test_a_workbook_without_a_platforms_column_says_so_once_not_per_person() -> None:
    s = settings_from_dict({"channels": {"feishu": {}}})
    r = raw()
    head = r[title("people")][0]
    head[head.index("feishu_id")] = "IM账号"  # an old workbook: the ids in the retired column
    wb = parse_workbook(r, s)
    gaps: list[Finding] = []
    got = {m.key: m for m in plan(wb, sla_of(wb, s.sla_section, NOW).result, s.remind_section, NOW,
                                  "{}!{}".format, gaps=gaps)}  # fmt: skip
    assert got["escalation:completion:K2:3"].mentions == ()
    assert [(f.cell, f.rule, f.params["label"]) for f in gaps] == [
        ("A1", "remind.no_id_column", "飞书ID")
    ]
    meeting = got["meeting:P08:2026-11-27"]
    (section,) = [x for x in meeting.sections if x.title == UNDELIVERED]
    assert [(i.text, i.link) for i in section.items] == [
        ("「人员」表没有「飞书ID」列：飞书群消息无法 @ 任何人", "人员!A1")
    ]


def test_a_name_typed_for_a_persons_id_is_told_to_the_coordinators(tmp_path: Path) -> None:
    """trial15: 张伟 typed for P001 as a task's 执行人, or as a department's 负责人: nobody could be
    addressed, and the meeting list said nothing. Now each is an item there, at its cell."""
    s = settings_from_dict(
        {"channels": {"outbox": {"folder": str(tmp_path / "o")}, "journal": str(tmp_path / "j")}}
    )
    backend = MemoryBackend(
        raw(put("tasks", 4, "assignee", "李四"), put("departments", 1, "head", "张三"))
    )
    rec = Recorder()
    run_job("remind", s, backend, NOW, notifiers={"outbox": rec})
    meeting = next(m for m in rec.sent if m.key.startswith("meeting:P08:"))
    (section,) = [x for x in meeting.sections if x.title == UNDELIVERED]
    assert [(i.text, i.link) for i in section.items] == [
        ("「李四」不是「人员」表中的人员编号：K4 的提醒没有发出，请改填编号", "任务进度!F5"),
        ("「张三」不是「人员」表中的人员编号：研发部 的部门升级没有发出，请改填编号", "部门!C2"),
    ]
    # K4 is in no one's reminder (李四 the name is not P02): the item above is all that says it
    assert [m.key for m in rec.sent if ":K4" in " ".join(m.covers)] == []


def test_an_inactive_person_is_no_name_typed_for_an_id(tmp_path: Path) -> None:
    """Someone the people tab holds but marks inactive is not "not a person id" (their tasks
    are said elsewhere, retired_findings)."""
    s = settings_from_dict(
        {"channels": {"outbox": {"folder": str(tmp_path / "o")}, "journal": str(tmp_path / "j")}}
    )
    backend = MemoryBackend(raw(put("people", 2, "active", "否")))  # 李四 P02, K4's 执行人
    rec = Recorder()
    run_job("remind", s, backend, NOW, notifiers={"outbox": rec})
    said = [i.text for m in rec.sent for x in m.sections for i in x.items]
    assert not [t for t in said if "不是「人员」表中的人员编号" in t]


def test_a_name_typed_for_a_disputes_raiser_is_told_at_its_cell(tmp_path: Path) -> None:
    """review14: a dispute's 提出人 or an action's 整改负责人 typed as a name was an item with
    no cell; it links to the cell that names them."""
    s = settings_from_dict(
        {"channels": {"outbox": {"folder": str(tmp_path / "o")}, "journal": str(tmp_path / "j")}}
    )
    rec = Recorder()
    run_job("remind", s, MemoryBackend(raw(put("disputes", 1, "raised_by", "张三"))), NOW,
            notifiers={"outbox": rec})  # fmt: skip
    meeting = next(m for m in rec.sent if m.key.startswith("meeting:P08:"))
    (section,) = [x for x in meeting.sections if x.title == UNDELIVERED]
    assert [(i.text, i.link) for i in section.items] == [
        ("「张三」不是「人员」表中的人员编号：DS1 的提醒没有发出，请改填编号", "权责争议!C2")
    ]
