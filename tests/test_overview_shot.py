"""The Overview in a real browser on the demo (issue 18): the KPI cards with what each value is
computed over, the new KPIs and the plan's 里程碑, after a daily run at a fixed moment, with the
baselines measured from the demo's own 2026Q1 (``metrics --baseline``'s functions) and the plan
started on 2026-04-01, the day after. Saved as ``test-artifacts/dashboard/overview-plan.png``; with
``COLLABSHEET_DOCS_SHOTS=1`` also as ``docs/overview.png``, the README's picture:

    COLLABSHEET_DOCS_SHOTS=1 .venv/bin/python -m pytest tests/test_overview_shot.py

Headless Debian Chromium through Playwright (no browser download), the server on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from config.settings import load_settings
from dashboard.serve.launch import serve
from jobs.kpis.baselines import baselines_of
from jobs.kpis.quarters import Quarter
from jobs.kpis.step_times import baseline_lines, period_steps
from jobs.run.cli import main
from jobs.sla.status import sla_of
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend
from tests.support.browser import (
    BLOCKS,
    DONE,
    NO_SKELETON,
    SHOTS,
    opened,
    playwright_or_skip,
    to_docs,
)
from tests.support.configs import dashboard_config
from tests.support.demo import write_demo

SHOT = SHOTS / "overview-plan.png"
AT = "2026-11-27 10:00"
BEFORE = Quarter(2026, 1)  # the quarter before the plan: its values are the baselines
SCROLL_HEIGHT = "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight + 80"
NEW_KPIS = ("流程耗时（按步骤）", "沟通效率", "沟通成本", "信息遗漏率", "执行团队达标率",
            "方案目标偏差率")  # fmt: skip
playwright_or_skip()


def demo_config(where: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo workbook, a config with its 2026Q1 baselines, the plan's start and the fixed
    moment, and one daily run at that moment; returns the config. The workbook is named as
    the demo's own config names it, relative to the folder the dashboard runs in."""
    monkeypatch.chdir(where)
    book = write_demo(where / "demo.xlsx")
    settings = load_settings(dashboard_config(where, "demo.xlsx"))
    wb = parse_workbook(XlsxBackend(book).read(), settings)
    end = dt.datetime.combine(BEFORE.last_day, dt.time(23, 59))
    sla = sla_of(wb, settings.sla_section, end).result
    lines = [b.toml() for b in baselines_of(wb, sla, BEFORE)]
    steps = baseline_lines(period_steps(sla, BEFORE.first_day, BEFORE.last_day), str(BEFORE))
    plan = f'at = "{AT}"\n\n[plan]\nstart = "2026-04-01"\n\n[baselines]\n'
    config = dashboard_config(where, "demo.xlsx", plan + "\n".join([*lines, "", *steps]))
    assert main(["run", "daily", "--config", str(config), "--at", AT, "-q"]) != 2
    return config


def test_the_overview_with_its_milestones_and_new_kpis(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = demo_config(tmp_path, monkeypatch)
    with serve(str(config), cwd=tmp_path) as url:
        page = opened(browser, f"{url}/")
        try:
            page.locator("h1", has_text="概览").first.wait_for()
            page.get_by_text("里程碑", exact=True).first.wait_for()
            page.wait_for_function(NO_SKELETON)
            text = page.locator('[data-testid="stMain"]').inner_text()
            # 体系落地 was due 2026-10-01, 57 days before 2026-11-27; the other two to come
            for line in ("2026-10-01 到期 · 已过 57 天", "2027-04-01 到期 · 还剩 125 天",
                         "2027-10-01 到期 · 还剩 308 天", *NEW_KPIS):  # fmt: skip
                assert line in text, line
            # each card, from the daily run's _metrics: numerator / denominator, opening to rows
            assert re.search(r"\d+ / \d+ · 明细", text), text
            blocks = page.locator(BLOCKS)
            assert blocks.count() == 0, blocks.all_inner_texts()
            # the main area scrolls inside the window: as tall a window as the page, then the
            # picture down to the milestones (the cards, their bases and the phases)
            height = page.evaluate(SCROLL_HEIGHT)
            page.set_viewport_size({"width": 1400, "height": height})
            page.wait_for_selector(DONE)
            box = page.locator(".st-key-milestone_undated").bounding_box()
            assert box is not None
            SHOT.parent.mkdir(parents=True, exist_ok=True)
            bottom = box["y"] + box["height"] + 24
            page.screenshot(path=str(SHOT), clip={"x": 0, "y": 0, "width": 1400, "height": bottom})
        finally:
            page.close()
    to_docs(SHOT, "overview.png")
