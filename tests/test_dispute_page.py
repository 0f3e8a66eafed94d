"""The dashboard's disputes page shows each waiting dispute's 协商记录 (issue 19, item 4):
management reads there, beside the window's end, what the departments recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.text import TEXT
from sheets_sync.demo import generate
from sheets_sync.xlsx import write_xlsx
from tests.support.dashboard import forget_reads, frames, open_page, point_at, start

TODAY = dt.date(2026, 11, 27)


@pytest.mark.parametrize(("locale", "header"), [("zh-CN", "协商记录"), ("en", "Negotiation")])
def test_the_escalated_disputes_show_their_negotiation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str, header: str
) -> None:
    tabs = generate(TODAY, seed=7)
    logs = {r[0]: r[-1] for r in tabs["权责争议"][1:]}
    write_xlsx(tmp_path / "demo.xlsx", tabs)
    extra = f'at = "2026-11-27 10:00"\n\n[general]\nlocale = "{locale}"\n'
    point_at(tmp_path / "demo.xlsx", tmp_path, monkeypatch, extra)
    forget_reads()
    at = open_page(start(), "views/disputes.py")
    assert TEXT[locale]["col.negotiation"] == header
    (escalated, waiting) = [f for f in frames(at) if header in f.columns][:2]
    ref = TEXT[locale]["col.ref"]
    shown = dict(zip(escalated[ref], escalated[header], strict=True))
    assert shown["DS0006"] == logs["DS0006"] and "研发部提交管理层裁决" in shown["DS0006"]
    assert dict(zip(waiting[ref], waiting[header], strict=True))["DS0015"] == ""  # left empty
