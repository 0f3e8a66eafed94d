"""Who gets what: digests, head / management / meeting lists, urgent escalations, quiet hours,
webhook URLs in cells, locale and escaping (issue 5, items 1, 5, 7, 8 and check 6)."""

from __future__ import annotations

import datetime as dt
import json

from config.settings import Settings, settings_from_dict
from jobs.notify import Message, dingtalk, feishu, slack
from jobs.notify.email import build
from jobs.reminders.routing import plan, quiet_now, webhook_findings
from jobs.sla.status import sla_of
from sheets_sync.workbook import parse_workbook
from tests.support.mutations import add_rows, put
from tests.support.reminders import NOW, raw
from tests.support.workbooks import Raw, open_id

LINK = "{}!{}".format


def messages(
    r: Raw, settings: Settings | None = None, now: dt.datetime = NOW
) -> dict[str, Message]:
    s = settings or Settings()
    wb = parse_workbook(r, s)
    sla = sla_of(wb, s.sla_section, now).result
    out = plan(wb, sla, s.remind_section, now, LINK, [("digest:P09:2026-11-26", "failed")])
    keys = [m.key for m in out]
    assert len(keys) == len(set(keys))
    return {m.key: m for m in out}


def lines(m: Message) -> list[str]:
    return [f"{s.title}|{i.text}|{i.link}" for s in m.sections for i in s.items]


def test_one_digest_per_person_grouped_by_project_with_links() -> None:
    got = messages(raw())
    digests = sorted(k for k in got if k.startswith("digest:"))
    assert digests == [
        "digest:P01:2026-11-27", "digest:P02:2026-11-27", "digest:P03:2026-11-27",
        "digest:P05:2026-11-27",
    ]  # fmt: skip
    p03 = got["digest:P03:2026-11-27"]
    assert p03.channel == "outbox" and p03.recipient == "wangwu@example.com"
    assert [s.title for s in p03.sections] == ["新品上市（PJ1）"]
    assert p03.subject == (
        "【每日提醒】2026-11-27 王五：1 项：任务 K2「2 交付」（已超时 112 工作小时）"
    )
    assert lines(p03) == [
        "新品上市（PJ1）|任务 K2「2 交付」 · 执行人 王五（销售部） · 截止 11月8日（周日）17:00，"
        "已超时 112 工作小时（已过 18 个自然日） · 您是执行人；"
        "已升级至管理层（3 级）：超时达 24 工作小时 · 完成后在 任务进度!J3 填写完成时间|任务进度!J3"
    ]
    assert "截止 11月27日（周五）17:00，剩余 7 工作小时" in lines(got["digest:P02:2026-11-27"])[0]


def test_heads_management_and_the_coordinators_meeting_list() -> None:
    got = messages(raw())
    assert set(got["head:P03:2026-11-27"].covers) == {"completion:K2"}
    assert set(got["head:P01:2026-11-27"].covers) == {"dispute:DS1"}
    assert "head:P05:2026-11-27" not in got  # R2 is only level 1
    assert set(got["mgmt:P07:2026-11-27"].covers) == {"completion:K2", "dispute:DS1"}
    meeting = got["meeting:P08:2026-11-27"]
    assert {"completion:K2", "dispute:DS1"} <= set(meeting.covers)
    failed = [i for s in meeting.sections for i in s.items if i.ref == "digest:P09:2026-11-26"]
    assert [i.text for i in failed] == ["failed"]  # failed sends, as the ledger words them


def test_urgent_level3_goes_to_the_departments_group_channel() -> None:
    s = settings_from_dict({"channels": {"feishu": {}}})
    got = messages(raw(), s)
    urgent = got["escalation:completion:K2:3"]  # D02's channel is feishu
    assert urgent.channel == "feishu" and urgent.group and urgent.level == 3
    assert urgent.mentions == (open_id(3), open_id(7))  # 飞书ID of the head and escalate_to
    # D01's channel (email) is not configured: the outbox, one message per head / escalate_to
    assert got["escalation:dispute:DS1:3:P01"].channel == "outbox"
    assert got["escalation:dispute:DS1:3:P07"].recipient == "wujiu@example.com"


def test_urgent_level3_tells_the_one_who_must_act() -> None:
    """trial29: T000274's urgent post @-mentioned its head and boss, not 方帆 who had to fill
    the cell. The assignee is @-mentioned in their department's group (not in another's: they
    are not in it, and a mail in its stead may be an outbox file: review31), or mailed."""
    s = settings_from_dict({"channels": {"feishu": {}}})
    mine = raw(put("tasks", 2, "assignee", "P02"), put("people", 2, "dept_id", "D02"))
    urgent = messages(mine, s)["escalation:completion:K2:3"]
    assert urgent.mentions == (open_id(2), open_id(3), open_id(7))
    got = messages(raw(put("tasks", 2, "assignee", "P05")), s)  # 孙七 of 客服部 (D03)
    assert got["escalation:completion:K2:3"].mentions == (open_id(3), open_id(7))
    assert not [k for k in got if k.startswith("escalation:completion:K2:3:")]
    mail = messages(raw(put("tasks", 2, "assignee", "P05"), put("departments", 2, "channel",
                                                                 "outbox")), s)  # fmt: skip
    assert mail["escalation:completion:K2:3:P05"].recipient == "sunqi@example.com"
    assert {k for k in mail if k.startswith("escalation:completion:K2:3")} == {
        "escalation:completion:K2:3:P03", "escalation:completion:K2:3:P05",
        "escalation:completion:K2:3:P07"}  # fmt: skip


def test_the_meeting_list_says_not_due_for_what_is_not_due_today() -> None:
    """trial29: a major dispute raised yesterday (at management at once, due in a week) was
    filed under 今日到期 in the coordinators' list."""
    row = ["DS3", "2026-11-26 10:00", "P01", "D01、D02", "产品研发", "成果交付", "验收口径不一",
           "major", "open", "", "", ""]  # fmt: skip
    major = add_rows("disputes", row)
    meeting = messages(raw(major))["meeting:P08:2026-11-27"]
    titles = {s.title: [i.ref for i in s.items] for s in meeting.sections}
    assert titles["未到期（1 项）"] == ["dispute:DS3"] and not any("今日到期" in t for t in titles)


def test_group_channels_merge_a_departments_digests() -> None:
    s = settings_from_dict({"channels": {"dingtalk": {}}})
    got = messages(raw(put("people", 2, "dept_id", "D03")), s)  # P02 moves to D03 (钉钉)
    group = got["digest:D03:2026-11-27"]
    assert group.channel == "dingtalk" and group.group
    assert set(group.mentions) == {"13800000002", "13800000005"}  # DingTalk: 手机号
    assert not any(k.startswith(("digest:P02", "digest:P05")) for k in got)
    assert {s.title.split(" · ")[0] for s in group.sections} == {"李四", "孙七"}


def test_no_mention_of_everyone_from_an_id_cell() -> None:
    s = settings_from_dict({"channels": {"feishu": {}}})
    r = raw(put("people", 3, "feishu_id", "all"), put("people", 7, "feishu_id", "@所有人"))
    assert messages(r, s)["escalation:completion:K2:3"].mentions == ()


def test_quiet_hours() -> None:
    s = Settings()
    assert not quiet_now(s.remind_section, NOW)
    assert quiet_now(s.remind_section, dt.datetime(2026, 11, 27, 20, 0))
    assert quiet_now(s.remind_section, dt.datetime(2026, 11, 28, 10, 0))  # Saturday
    days = add_rows(
        "calendar", ["2026-11-27", "holiday", "司庆"], ["2026-11-28", "workday", "调休"]
    )
    cal = sla_of(parse_workbook(raw(days), s), s.sla_section, NOW).calendar
    assert quiet_now(s.remind_section, NOW, cal)  # a holiday in the calendar tab
    assert not quiet_now(
        s.remind_section, dt.datetime(2026, 11, 28, 10, 0), cal
    )  # a Saturday make-up day
    assert not quiet_now(
        settings_from_dict({"channels": {"quiet_hours": False}}).remind_section, NOW.replace(hour=3)
    )


def test_webhook_url_in_a_cell_is_a_finding_and_never_used() -> None:
    url = "https://oapi.dingtalk.com/robot/send?access_token=abcdef123456"
    r = raw(put("departments", 1, "channel", url))
    (f,) = webhook_findings(r)
    assert (f.tab, f.cell, f.rule) == ("部门", "E2", "remind.webhook_in_cell")
    assert "abcdef123456" not in str(f.value) and "abcdef123456" not in f.message("zh-CN")
    got = messages(r)
    assert all(m.channel == "outbox" for m in got.values())
    assert "abcdef123456" not in json.dumps([m.recipient for m in got.values()])


def test_english_locale() -> None:
    got = messages(raw(), settings_from_dict({"general": {"locale": "en"}}))
    m = got["digest:P03:2026-11-27"]
    assert m.subject == (
        "Daily reminder 2026-11-27: 王五: 1 item: task K2 “2 交付” (112 working hours late)"
    )
    assert lines(m) == [
        "新品上市 (PJ1)|task K2 “2 交付” · assignee 王五 (销售部) · due Sun 8 Nov 17:00, 112 "
        "working hours late (18 calendar days) · you are the assignee; escalated to management "
        "(level 3): 24 working hours late or more · when done, fill 完成时间 in "
        "任务进度!J3|任务进度!J3"
    ]


def test_injection_cells_arrive_escaped_in_every_format() -> None:
    evil = '=HYPERLINK("http://evil","x") @all <!channel> <b>hi</b> [c](http://evil)'
    r = raw(put("projects", 1, "name", evil), put("people", 3, "name", "@all <!here>"))
    m = messages(r)["digest:P03:2026-11-27"]
    mail = build(m, "bot@example.com")
    html = mail.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<b>hi</b>" not in html and "&lt;b&gt;hi&lt;/b&gt;" in html
    assert "@all" not in html and 'href="http://evil"' not in html
    assert str(mail["To"]).startswith("'") or "@all" not in str(mail["To"])
    md = dingtalk.render(m)
    assert "[c](http://evil)" not in md and "@all" not in md and "\\<b\\>" in md
    sl = json.dumps(slack.body(m), ensure_ascii=False)
    assert "<!channel>" not in sl and "<!here>" not in sl and "<http://evil" not in sl
    fs = json.dumps(feishu.body(m, None, 0), ensure_ascii=False)
    assert "@all" not in fs and '"user_id": "all"' not in fs
    assert m.subject.count("@all") == 0
