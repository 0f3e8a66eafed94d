"""A dispute escalated to management carries its negotiation (issue 19, item 4): who raised it
when, how many working days it has been negotiated against its window, its status and its
协商记录 with the cell to read it whole, or that nobody recorded any; in both locales, within
every channel's item limit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from config.schema import STATUS_DISPUTE
from config.settings import Settings, settings_from_dict
from jobs.notify import Item, Message, parts
from jobs.notify.dingtalk import DingTalkNotifier
from jobs.notify.feishu import FeishuNotifier
from jobs.notify.slack import SlackNotifier
from jobs.notify.wecom import WeComNotifier
from jobs.reminders.items import ITEM_BYTES, RECORD_BYTES, Words
from jobs.reminders.routing import plan
from jobs.reminders.texts import TEXT
from jobs.sla.status import sla_of
from sheets_sync.workbook import parse_workbook
from tests.support.mutations import add_column, put
from tests.support.reminders import NOW, raw
from tests.support.workbooks import Raw

EN = settings_from_dict({"general": {"locale": "en"}})
LOG = "11-20 研发/测试会谈未果；11-24 产品提出方案B，测试未同意"
HEAD = {  # what, raised when and by whom, negotiated against the window, status, why, to do
    "zh-CN": "争议 DS1「交付标准不一致」 · 涉及 研发部、销售部 · 张三（研发部）于 11月10日（周二）"
    "10:00 提出 · 已协商 13 个工作日，协商时限 6 个工作日，状态：待处理 · 已升级至管理层（3 级）："
    "超时即升级 · 裁决后在 权责争议!I2 将状态改为「已裁决」并填写裁决结果、裁决人和裁决时间 · ",
    "en": "dispute DS1 “交付标准不一致” · involves 研发部、销售部 · raised by 张三 (研发部) on Tue "
    "10 Nov 10:00 · negotiated for 13 working days, the window is 6 working days, status: open "
    "· escalated to management (level 3): as soon as it is late · when decided, set 状态 to "
    "已裁决 in 权责争议!I2 and fill 裁决结果, 裁决人 and 裁决时间 · ",
}
TAIL = {  # the 协商记录 (the column is M in the test workbook) -> its words, per locale
    ("filled", "zh-CN"): f"协商记录（权责争议!M2）：{LOG}",
    ("filled", "en"): f"协商记录 in 权责争议!M2: {LOG}",
    ("empty", "zh-CN"): "未填写协商记录（权责争议!M2）",
    ("empty", "en"): "no 协商记录 filled in (权责争议!M2)",
    ("no column", "zh-CN"): "未填写协商记录（权责争议 无「协商记录」列）",
    ("no column", "en"): "no 协商记录 column in 权责争议",
}
WORKBOOK = {
    "filled": lambda: raw(add_column("disputes", "negotiation", LOG)),
    "empty": lambda: raw(add_column("disputes", "协商记录")),  # the Chinese header, no values
    "no column": raw,
}


def planned(r: Raw, s: Settings) -> dict[str, Message]:
    wb = parse_workbook(r, s)
    return {m.key: m for m in plan(wb, sla_of(wb, s.sla_section, NOW).result, s.remind_section, NOW,
                                   "{}!{}".format)}  # fmt: skip


def dispute_items(m: Message) -> list[Item]:
    return [i for sec in m.sections for i in sec.items if "DS1" in i.text]


@pytest.mark.parametrize(("log", "locale"), sorted(TAIL))
def test_management_reads_the_negotiation_of_a_dispute(log: str, locale: str) -> None:
    got = planned(WORKBOOK[log](), EN if locale == "en" else Settings())
    for key in ("mgmt:P07:2026-11-27", "escalation:dispute:DS1:3:P07"):
        (item,) = dispute_items(got[key])
        assert item.text == HEAD[locale] + TAIL[log, locale]
        assert item.link == "权责争议!I2"


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_raisers_digest_and_the_meeting_list_keep_the_short_item(locale: str) -> None:
    """The negotiation is for management: the raiser's digest and the coordinators' list name
    the due time and lateness, not the 协商记录."""
    got = planned(WORKBOOK["filled"](), EN if locale == "en" else Settings())
    for key in ("digest:P01:2026-11-27", "meeting:P08:2026-11-27"):
        (item,) = dispute_items(got[key])
        assert ("截止 11月18日（周三）10:00" if locale == "zh-CN" else "due Wed 18 Nov 10:00") in (
            item.text
        )
        assert LOG not in item.text and "协商记录" not in item.text


def words(locale: str) -> Words:
    return Words(parse_workbook(WORKBOOK["filled"](), Settings()), TEXT[locale], NOW, 7.5)


ROW: dict[str, Any] = {"clock": "business", "elapsed_h": 7.5, "goal_h": 75.0}


@pytest.mark.parametrize(
    ("row", "locale", "expected"),
    [
        (ROW, "zh-CN", "已协商 1 个工作日，协商时限 10 个工作日，状态：待处理"),
        (ROW, "en", "negotiated for 1 working day, the window is 10 working days, status: open"),
        ({**ROW, "elapsed_h": 3.0}, "en",
         "negotiated for 0.4 working days, the window is 10 working days, status: open"),
        ({"clock": "calendar", "elapsed_h": 36.0, "goal_h": 48.0}, "zh-CN",
         "已协商 1.5 天，协商时限 2 天，状态：待处理"),
        ({"clock": "calendar", "elapsed_h": 24.0, "goal_h": 480.0}, "en",
         "negotiated for 1 day, the window is 20 days, status: open"),
    ],
)  # fmt: skip
def test_negotiation_is_counted_in_working_days_of_the_calendars_hours(
    row: dict[str, Any], locale: str, expected: str
) -> None:
    """Working days of the configured working hours (7.5 here); a wall-clock rule in days."""
    said = words(locale).negotiation("DS1", row)
    assert said is not None and said[1] == expected


@pytest.mark.parametrize(("key", "label"), STATUS_DISPUTE)
def test_the_status_words_are_the_tabs_own(key: str, label: str) -> None:
    """One word everywhere: the Chinese status is the dropdown's label, the English its key."""
    assert TEXT["zh-CN"][f"status_{key}"] == label
    assert TEXT["en"][f"status_{key}"] == key


LINK = "https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789aBcDeFgH/edit"
FITS = {
    "feishu": FeishuNotifier("https://x/open-apis/bot/v2/hook/h1", "s", 5).fit,
    "dingtalk": DingTalkNotifier("https://x/robot/send?access_token=t", "s", 5).fit,
    "wecom": WeComNotifier("https://x/cgi-bin/webhook/send?key=k", 5).fit,
    "slack": SlackNotifier("https://x/services/T/B/s", 5).fit,
}


NEGOTIATION = "研发部与测试部多轮会谈未果；"
LONG_NAMES = {"": (), "long department names": ("研发中心平台技术部", "华东大区销售中心部")}


@pytest.mark.parametrize("names", sorted(LONG_NAMES))
@pytest.mark.parametrize("channel", sorted(FITS))
@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_a_long_negotiation_fits_each_channel_and_keeps_what_to_do_and_the_cell(
    channel: str, locale: str, names: str
) -> None:
    """2,000 characters of 协商记录 under a 40-character description and a Google link (and
    two 9-character department names, the raiser's one of them): the record is cut (with "…")
    so the item fits every channel's item limit as it is; what to do, the cell of the 协商记录
    and at least RECORD_BYTES of the record stay, so management can read it whole there (with the
    long names the head alone took the room: the record was cut to nothing)."""
    r = raw(
        put("disputes", 1, "description", "验收标准口径不一致" * 20),
        add_column("disputes", "negotiation", NEGOTIATION * 140),
        *(put("departments", i, "name", name) for i, name in enumerate(LONG_NAMES[names], 1)),
    )
    s = EN if locale == "en" else Settings()
    wb = parse_workbook(r, s)
    link = f"{LINK}#gid=1234567890&range={{}}".format
    messages = plan(
        wb, sla_of(wb, s.sla_section, NOW).result, s.remind_section, NOW, lambda t, c: link(c)
    )
    mgmt = next(m for m in messages if m.key == "mgmt:P07:2026-11-27")
    fit = FITS[channel]
    (sent,) = parts.split(mgmt, fit)
    (item,) = dispute_items(sent)
    assert [item] == dispute_items(mgmt)  # not shortened by the channel
    assert len(item.text.encode()) + len(item.link.encode()) <= fit.item_bytes
    assert item.link == link("I2") and item.text.endswith("…")
    todo = (
        "裁决后在 权责争议!I2 将状态改为「已裁决」并填写裁决结果、裁决人和裁决时间 · "
        "协商记录（权责争议!M2）："
    )
    if locale == "en":
        todo = "in 权责争议!I2 and fill 裁决结果, 裁决人 and 裁决时间 · 协商记录 in 权责争议!M2: "
    assert todo in item.text
    record = item.text.split(todo)[1]
    assert (NEGOTIATION * 140).startswith(record.removesuffix("…")), record
    assert len(record.encode()) > RECORD_BYTES - 3, record  # the least it keeps, whole chars
    for name in LONG_NAMES[names]:  # the raiser's department, at least
        assert name[:4] in item.text, name


def test_the_item_limit_is_the_smallest_channels() -> None:
    assert min(fit.item_bytes for fit in FITS.values()) == ITEM_BYTES


def test_the_demo_escalates_its_disputes_with_their_negotiation() -> None:
    """The demo's disputes past their window reach management with their dated 协商记录."""
    from sheets_sync.demo import generate

    s = Settings()
    wb = parse_workbook(generate(dt.date(2026, 11, 27), seed=7), s)
    now = dt.datetime(2026, 11, 27, 10, 0)
    messages = plan(
        wb, sla_of(wb, s.sla_section, now).result, s.remind_section, now, "{}!{}".format
    )
    items = [i.text for m in messages if m.key.startswith("mgmt:")
             for sec in m.sections for i in sec.items if i.text.startswith("争议")]  # fmt: skip
    assert items and all("· 协商记录（权责争议!N" in t for t in items)
    assert all("提出 · 已协商 " in t and "协商时限 6 个工作日，状态：已升级" in t for t in items)
