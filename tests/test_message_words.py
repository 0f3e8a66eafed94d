"""Reminders a person can act on (issue 17, item 6): each item says what it is, who owns it,
when it is due (date, weekday, time) and how late, what to fill in which cell and why it
reached this reader; subjects give the count and the worst item; the coordinators' list is
sorted by severity; every channel's link is clickable in its own markup."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from config.settings import Settings, settings_from_dict
from jobs.notify import Item, Message, Section, dingtalk, feishu, parts, slack, wecom
from jobs.notify.email import build
from jobs.reminders.items import Words
from jobs.reminders.routing import plan
from jobs.reminders.texts import TEXT
from jobs.sla.status import sla_of
from sheets_sync.demo import generate
from sheets_sync.workbook import parse_workbook
from tests.support.mutations import put
from tests.support.reminders import NOW, raw
from tests.support.workbooks import Raw

LINK = "{}!{}".format
EN = settings_from_dict({"general": {"locale": "en"}})


def planned(r: Raw, s: Settings | None = None, now: dt.datetime = NOW) -> dict[str, Message]:
    s = s or Settings()
    wb = parse_workbook(r, s)
    return {
        m.key: m
        for m in plan(wb, sla_of(wb, s.sla_section, now).result, s.remind_section, now, LINK)
    }


def texts(m: Message) -> list[str]:
    return [i.text for s in m.sections for i in s.items]


ITEMS = {  # (message, locale) -> its one item: what, owner, due and lateness, why, what to do
    ("digest:P01:2026-11-27", "zh-CN"):
        "争议 DS1「交付标准不一致」 · 涉及 研发部、销售部 · 提出人 张三（研发部） · "
        "截止 11月18日（周三）10:00，已超时 55 工作小时（已过 8 个自然日） · 您是提出人；"
        "已升级至管理层（3 级）：超时即升级 · "
        "裁决后在 权责争议!I2 将状态改为「已裁决」并填写裁决结果、裁决人和裁决时间",
    ("digest:P02:2026-11-27", "zh-CN"):
        "审批 K4「3 审核」 · 审批人 李四（研发部） · 截止 11月27日（周五）17:00，剩余 7 工作小时 · "
        "您是审批人 · 审批后在 任务进度!J5 填写完成时间",
    ("digest:P05:2026-11-27", "zh-CN"):
        "整改措施 R2「建群同步」 · 整改负责人 孙七（客服部） · 截止 11月26日（周四）16:00，"
        "已超时 2 工作小时（不足 1 个自然日） · 您是整改负责人；超时提醒（1 级）：已超时，"
        "提醒整改负责人 · 整改完成后在 复盘!K3 填写整改完成时间",
    ("head:P03:2026-11-27", "zh-CN"):
        "任务 K2「2 交付」 · 执行人 王五（销售部） · 截止 11月8日（周日）17:00，"
        "已超时 112 工作小时（已过 18 个自然日） · 已升级至管理层（3 级）：超时达 24 工作小时 · "
        "完成后在 任务进度!J3 填写完成时间",
    ("digest:P01:2026-11-27", "en"):
        "dispute DS1 “交付标准不一致” · involves 研发部、销售部 · raised by 张三 (研发部) · "
        "due Wed 18 Nov 10:00, 55 working hours late (8 calendar days) · you are the person "
        "who raised it; escalated to management (level 3): as soon as it is late · "
        "when decided, set 状态 to 已裁决 in "
        "权责争议!I2 and fill 裁决结果, 裁决人 and 裁决时间",
    ("digest:P05:2026-11-27", "en"):
        "action R2 “建群同步” · action owner 孙七 (客服部) · due Thu 26 Nov 16:00, 2 working hours "
        "late (under a calendar day) · you are the action owner; reminder (level 1): overdue, "
        "the action owner is reminded · when done, fill 整改完成时间 in 复盘!K3",
}  # fmt: skip


@pytest.mark.parametrize(("key", "locale"), sorted(ITEMS))
def test_each_item_says_what_who_when_how_late_what_to_do_and_why(key: str, locale: str) -> None:
    got = planned(raw(), EN if locale == "en" else None)
    assert texts(got[key]) == [ITEMS[key, locale]]


def test_a_head_is_told_the_level_in_words_and_the_owner_is_told_they_own_it() -> None:
    """The same obligation in the digest of its owner and in the list of the management."""
    got = planned(raw(put("departments", 2, "head", "P01")))  # D02's head is 张三, not 王五
    (mine,) = texts(got["digest:P03:2026-11-27"])
    (boss,) = [t for t in texts(got["mgmt:P07:2026-11-27"]) if t.startswith("任务 K2")]
    assert "· 您是执行人；已升级至管理层（3 级）：超时达 24 工作小时 ·" in mine
    assert "· 已升级至管理层（3 级）：超时达 24 工作小时 ·" in boss and "您是" not in boss


SUBJECTS = {
    "digest:P03:2026-11-27":
        "【每日提醒】2026-11-27 王五：1 项：任务 K2「2 交付」（已超时 112 工作小时）",
    "mgmt:P07:2026-11-27":
        "【管理层升级】2026-11-27 吴九：2 项，最紧急：任务 K2「2 交付」（已超时 112 工作小时）",
    "meeting:P08:2026-11-27":
        "【会议清单】2026-11-27：2 项，最紧急：任务 K2「2 交付」（已超时 112 工作小时）",
    "escalation:dispute:DS1:3:P07": "【紧急升级】已超时并升级至管理层：争议 DS1「交付标准不一致」",
}  # fmt: skip


@pytest.mark.parametrize("key", sorted(SUBJECTS))
def test_subjects_give_the_count_and_the_worst_item(key: str) -> None:
    assert planned(raw())[key].subject == SUBJECTS[key]


@pytest.mark.parametrize(
    ("at", "locale", "expected"),
    [
        (dt.datetime(2026, 12, 8, 18, 0), "zh-CN", "12月8日（周二）18:00"),
        (dt.datetime(2027, 1, 5, 9, 0), "zh-CN", "2027年1月5日（周二）09:00"),
        (dt.datetime(2026, 12, 8, 18, 0), "en", "Tue 8 Dec 18:00"),
        (dt.datetime(2027, 1, 5, 9, 0), "en", "Tue 5 Jan 2027 09:00"),
        (None, "zh-CN", "截止时间未定"),
    ],
)
def test_a_due_time_has_its_weekday_and_its_year_when_not_this_years(
    at: dt.datetime | None, locale: str, expected: str
) -> None:
    words = Words(parse_workbook(raw(), Settings()), TEXT[locale], NOW)
    assert words.when(at) == expected


LATE = re.compile(r"，已超时 ([\d.]+) 工作小时|，剩余 ([\d.]+) 工作小时")


def test_the_coordinators_list_is_sorted_by_severity_most_late_first() -> None:
    s = Settings()
    wb = parse_workbook(generate(dt.date(2026, 11, 27), seed=7), s)
    now = dt.datetime(2026, 11, 27, 16, 30)
    messages = plan(wb, sla_of(wb, s.sla_section, now).result, s.remind_section, now, LINK)
    meeting = next(m for m in messages if m.key.startswith("meeting:"))
    titles = [sec.title.split("（")[0] for sec in meeting.sections]
    assert titles[:2] == ["已超时", "即将超时"]
    lateness = []
    for sec in meeting.sections[:2]:
        for item in sec.items:
            late, left = LATE.search(item.text).groups()  # type: ignore[union-attr]
            lateness.append(float(late) if late else -float(left))
    assert len(lateness) >= 4 and lateness == sorted(lateness, reverse=True)


URL = "https://docs.google.com/spreadsheets/d/abc/edit#gid=7&range=J355"
MARKUP = {  # channel -> (its rendering of the message, the clickable link in its markup)
    "feishu": (lambda m: json.dumps(feishu.body(m, None, 0), ensure_ascii=False),
               '{"tag": "a", "text": "{w}", "href": "' + URL + '"}'),
    "dingtalk": (lambda m: dingtalk.body(m)["markdown"]["text"], f"[{{w}}]({URL})"),
    "wecom": (lambda m: wecom.body(m)["markdown"]["content"], f"[{{w}}]({URL})"),
    "slack": (lambda m: json.dumps(slack.body(m), ensure_ascii=False), f"<{URL}|{{w}}>"),
    "email": (lambda m: build(m, "bot@example.com").get_body(("html",)).get_content(),  # type: ignore[union-attr]
              f'<a href="{URL.replace("&", "&amp;")}">{{w}}</a>'),
}  # fmt: skip


@pytest.mark.parametrize("channel", sorted(MARKUP))
@pytest.mark.parametrize(("locale", "words"), [("zh-CN", "打开表格"), ("en", "open in the sheet")])
def test_the_link_is_clickable_in_each_channels_markup(
    channel: str, locale: str, words: str
) -> None:
    item = Item("任务 T000355「3 需求评审」 · 完成后在 任务进度!J355 填写完成时间", URL)
    m = Message("digest:P01:2026-11-27", channel, "a@example.com", "提醒", "请处理",
                (Section("项目", (item,)),), locale=locale)  # fmt: skip
    render, link = MARKUP[channel]
    assert link.replace("{w}", words) in render(m)


def test_a_markdown_link_keeps_its_target_whole() -> None:
    item = Item("x", "https://example.com/a (1)/b")
    m = Message("k", "dingtalk", "g", "s", "i", (Section("t", (item,)),))
    assert "[打开表格](https://example.com/a%20%281%29/b)" in dingtalk.render(m)


def test_a_long_cell_is_clipped_so_the_item_keeps_what_to_do_and_its_link_within_a_part() -> None:
    """A dispute described in 2,000 characters: its words are cut, not the instruction, and the
    item fits WeCom's part with its link."""
    r = raw(put("disputes", 1, "description", "需求口径反复变更" * 250))
    m = planned(r)["digest:P01:2026-11-27"]
    (item,) = [i for s in m.sections for i in s.items]
    assert item.text.endswith(
        "裁决后在 权责争议!I2 将状态改为「已裁决」并填写裁决结果、裁决人和裁决时间"
    )
    assert "「需求口径反复变更需求口径反复变更" in item.text and "…」" in item.text
    fit = wecom.WeComNotifier("https://x/cgi-bin/webhook/send?key=k", 5).fit
    (sent,) = parts.split(m, fit)
    assert [i for s in sent.sections for i in s.items] == [item]  # not shortened further
