"""A major (重大) dispute, or any dispute marked 已升级, goes to management at once (操作手册 §8:
"重大争议立即提交管理层"; issue 19, item 4): level 3 from when it was raised, whatever its
negotiation window says, in ``sla``, ``_sla`` and the urgent escalation (once, through the
ledger). A normal dispute still waits for its window; a decided one is closed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config.settings import Settings, load_settings, settings_from_dict
from jobs.reminders.routing import plan
from jobs.run.envelope import run as run_job
from jobs.sla.sla_tab import sla_rows
from jobs.sla.status import sla_of
from sheets_sync import open_backend
from sheets_sync.memory import MemoryBackend
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import write_xlsx
from tests.support.dashboard import frames, open_page, point_at, start
from tests.support.mutations import add_rows
from tests.support.notifiers import Recorder
from tests.support.reminders import NOW, raw
from tests.support.workbooks import Raw

EN = settings_from_dict({"general": {"locale": "en"}})
WHY = {  # one phrase each, in the reminders and in _sla's explanation alike
    ("major", "zh-CN"): "重大争议：立即提交管理层（3 级）",
    ("escalated", "zh-CN"): "已升级的争议：立即提交管理层（3 级）",
    ("major", "en"): "a major dispute: to management at once (level 3)",
    ("escalated", "en"): "an escalated dispute: to management at once (level 3)",
}
EXPLAINED = {
    ("major", "zh-CN"): "提出 2026-11-26 10:00 + 48 工作小时 → 截止 12-04 10:00，"
    "重大争议：立即提交管理层（3 级）",
    ("escalated", "zh-CN"): "提出 2026-11-26 10:00 + 48 工作小时 → 截止 12-04 10:00，"
    "已升级的争议：立即提交管理层（3 级）",
    ("major", "en"): "raised 2026-11-26 10:00 + 48 business hours → due 12-04 10:00, "
    "a major dispute: to management at once (level 3)",
    ("escalated", "en"): "raised 2026-11-26 10:00 + 48 business hours → due 12-04 10:00, "
    "an escalated dispute: to management at once (level 3)",
    (None, "zh-CN"): "提出 2026-11-26 10:00 + 48 工作小时 → 截止 12-04 10:00",
    (None, "en"): "raised 2026-11-26 10:00 + 48 business hours → due 12-04 10:00",
}
SUBJECT = {
    "zh-CN": "【紧急升级】请管理层立即裁决：争议 DS9「验收标准由谁确认」",
    "en": "URGENT, for management to decide now: dispute DS9 “验收标准由谁确认”",
}
# D01's head, D02's head (the other side of the dispute, in person), D01's boss
URGENT = (
    "escalation:dispute:DS9:3:P01",
    "escalation:dispute:DS9:3:P03",
    "escalation:dispute:DS9:3:P07",
)


def book(severity: str, status: str, decided_at: str = "") -> Raw:
    """The reminder workbook with DS9, raised yesterday: inside its 48-hour window."""
    decided = ["P07", "研发部确认", decided_at] if decided_at else ["", "", ""]
    row = ["DS9", "2026-11-26 10:00", "P02", "D01、D02", "产品研发", "质量审核", "验收标准由谁确认",
           severity, status, *decided]  # fmt: skip
    return raw(add_rows("disputes", row))


def settings_for(locale: str) -> Settings:
    return EN if locale == "en" else Settings()


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize(
    ("severity", "status", "at_once"),
    [
        ("normal", "open", None),
        ("normal", "negotiating", None),
        ("major", "open", "major"),  # validate also says it was not escalated
        ("major", "negotiating", "major"),
        ("major", "escalated", "major"),
        ("normal", "escalated", "escalated"),
    ],
)
def test_a_major_or_escalated_dispute_is_at_management_at_once(
    severity: str, status: str, at_once: str | None, locale: str
) -> None:
    s = settings_for(locale)
    wb = parse_workbook(book(severity, status), s)
    report = sla_of(wb, s.sla_section, NOW)
    got = report.result[report.result["key"] == "dispute:DS9"]
    assert got[["status", "level"]].values.tolist() == [["on_track", 3 if at_once else 0]]
    tab = sla_rows(report.result, report.calendar, locale, "{}!{}".format)
    (line,) = [r for r in tab[1:] if r[0] == "dispute:DS9"]
    assert line[tab[0].index("level")] == (3 if at_once else 0)
    assert line[tab[0].index("explanation")] == EXPLAINED[at_once, locale]
    if at_once is not None:  # the reminders' words for the rule, word for word
        assert EXPLAINED[at_once, locale].endswith(WHY[at_once, locale])
    messages = {m.key: m for m in plan(wb, report.result, s.remind_section, NOW, "{}!{}".format)}
    urgent = [k for k in messages if k.startswith("escalation:dispute:DS9")]
    if at_once is None:
        assert urgent == [] and not any("DS9" in m.subject for m in messages.values())
        return
    assert sorted(urgent) == list(URGENT)
    for key in URGENT:
        m = messages[key]
        assert m.subject == SUBJECT[locale] and m.level == 3
        (item,) = [i for sec in m.sections for i in sec.items]
        assert f" · {WHY[at_once, locale]} · " in item.text and item.link == "权责争议!I4"
    mgmt = [i.text for sec in messages["mgmt:P07:2026-11-27"].sections for i in sec.items]
    assert sum(WHY[at_once, locale] in t for t in mgmt) == 1


def test_a_decided_major_dispute_is_closed() -> None:
    s = Settings()
    wb = parse_workbook(book("major", "decided", "2026-11-26 16:00"), s)
    result = sla_of(wb, s.sla_section, NOW).result
    got = result[result["key"] == "dispute:DS9"]
    assert got[["status", "level"]].values.tolist() == [["met", 0]]
    messages = plan(
        wb, sla_of(wb, s.sla_section, NOW).result, s.remind_section, NOW, "{}!{}".format
    )
    assert not any("DS9" in m.key for m in messages)


def test_the_urgent_escalation_is_sent_once(tmp_path: Path) -> None:
    s = settings_from_dict({"channels": {"outbox": {"folder": str(tmp_path / "outbox")},
                                         "journal": str(tmp_path / "j.jsonl")}})  # fmt: skip
    backend, rec = MemoryBackend(book("major", "escalated")), Recorder()
    for hours, hourly in ((0, True), (1, False), (2, True), (24 * 3, False)):  # hourly first
        run_job("remind", s, backend, NOW + dt.timedelta(hours=hours), notifiers={"outbox": rec},
                hourly=hourly)  # fmt: skip
        if hours == 0:  # the hourly run sends level-3 escalations: this one at once
            assert sorted(m.key for m in rec.sent if "DS9" in m.key) == list(URGENT)
    sent = [m.key for m in rec.sent if m.key.startswith("escalation:dispute:DS9")]
    assert sorted(sent) == list(URGENT)


@pytest.mark.usefixtures("fresh_dashboard_cache")  # tests/conftest.py
def test_the_run_and_the_sla_page_count_and_list_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At management, though on track: in the run's level-3 count and on the SLA page's list
    and counts (trial11: counted and listed with breached obligations only, so the one item
    the plan sends to management at once was missing from both)."""
    book_path = tmp_path / "book.xlsx"
    write_xlsx(book_path, book("major", "negotiating"))
    outbox = f'[channels.outbox]\nfolder = "{(tmp_path / "outbox").as_posix()}"\n'
    point_at(book_path, tmp_path, monkeypatch, outbox)
    settings = load_settings()
    report = run_job("daily", settings, open_backend(settings), NOW)
    assert report.sla is not None
    result = report.sla.result
    ds9 = result[result["key"] == "dispute:DS9"]
    assert ds9[["status", "level"]].values.tolist() == [["on_track", 3]]
    assert report.counts["escalated"] == int((result["level"] >= 3).sum())
    line = {"zh-CN": "三级升级（管理层）", "en": "at level 3 (management)"}
    n = report.counts["escalated"]
    assert f"{line['zh-CN']}{n}" in report.summary("zh-CN")
    assert f"{n} {line['en']}" in report.summary("en")
    at = open_page(start(), "views/sla_page.py")
    assert not at.exception, [e.value for e in at.exception]
    counts = {m.label: m.value for m in at.metric}
    assert counts["升级到管理层"] == str(n) and counts["已升级"] == str(
        int((result["level"] >= 1).sum())
    )
    listed = [f for f in frames(at) if f.astype(str).isin(["DS9"]).any().any()]
    assert listed, "DS9 is not listed on the SLA page"
