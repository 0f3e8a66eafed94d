"""Every page of the demo in a real browser, in both locales, after ``run daily`` (the fresh
state is scanned through AppTest, every cell, in tests/test_dashboard_words.py): the
rendered text holds no None, nan, NaN, NaT or null (issue 20, item 5). The grid's cells are
drawn in a canvas a browser's text cannot read: tests/test_dashboard_words.py reads them through
AppTest. Also the Progress timeline with dates on its axis, saved as
``test-artifacts/dashboard/progress-timeline.png``; with ``COLLABSHEET_DOCS_SHOTS=1`` also as
``docs/progress-timeline.png``:

    COLLABSHEET_DOCS_SHOTS=1 .venv/bin/python -m pytest tests/test_dashboard_words_browser.py

Headless Debian Chromium through Playwright (no browser download), the server on 127.0.0.1.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from dashboard.registry import PAGES, page_url
from dashboard.serve.launch import serve
from dashboard.text import TEXT
from jobs.run.cli import main
from tests.support.browser import DONE, NO_SKELETON, SHOTS, opened, playwright_or_skip, to_docs
from tests.support.configs import dashboard_config
from tests.support.demo import write_demo
from tests.support.page_words import EMPTY_WORDS

SHOT = SHOTS / "progress-timeline.png"
AT = "2026-11-27 10:00"

playwright_or_skip()


def demo_config(where: Path, locale: str, daily: bool) -> Path:
    """The demo workbook at the fixed moment in ``locale``, after a daily run when asked."""
    write_demo(where / "demo.xlsx")
    more = f'at = "{AT}"\n\n[general]\nlocale = "{locale}"\n\n[channels.outbox]\nfolder = "outbox"'
    config = dashboard_config(where, "demo.xlsx", more)
    if daily:
        assert main(["run", "daily", "--config", str(config), "--at", AT, "-q"]) in (0, 1)
    return config


def drawn(browser: Any, url: str) -> Any:
    page = opened(browser, url)
    page.wait_for_function(NO_SKELETON)
    return page


# After a daily run only: it draws everything a fresh workbook does and the bot tabs besides;
# tests/test_dashboard_words.py scans both states, every cell, in both locales (AppTest).
@pytest.mark.parametrize("daily", [True], ids=["after-daily"])
@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_no_empty_words_in_any_page(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str, daily: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    config = demo_config(tmp_path, locale, daily)
    found: dict[str, list[str]] = {}
    with serve(str(config), cwd=tmp_path) as url:
        for spec in PAGES:
            page = drawn(browser, page_url(url, spec.key))
            try:
                page.locator("h1", has_text=TEXT[locale][f"page.{spec.key}"]).first.wait_for()
                text = page.locator('[data-testid="stApp"]').inner_text()
                bad = [text[max(0, m.start() - 40) : m.end() + 20] for m in
                       EMPTY_WORDS.finditer(text)]  # fmt: skip
                if bad:
                    found[spec.key] = bad[:5]
            finally:
                page.close()
    assert not found, found


def test_the_progress_timeline_shows_dates(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = demo_config(tmp_path, "zh-CN", daily=True)
    with serve(str(config), cwd=tmp_path) as url:
        page = drawn(browser, page_url(url, "progress"))
        try:
            page.get_by_role("tab", name=TEXT["zh-CN"]["progress.timeline"]).click()
            page.wait_for_selector(DONE)
            chart = page.locator('[data-testid="stVegaLiteChart"]').first
            chart.wait_for()
            page.wait_for_function(NO_SKELETON)
            # the axis labels as Vega drew them (its SVG, or the view's scenegraph on a canvas)
            labels = page.evaluate(AXIS_LABELS)
            assert labels, "no axis label found"
            dates = [x for x in labels if re.fullmatch(r"\d{4}-\d{2}-\d{2}", x)]
            assert len(dates) >= 2 and not [x for x in labels if re.search(r"[AP]M$", x)], labels
            assert "日期（交接 → 截止）" in labels and "时限状态" in labels, labels
            SHOT.parent.mkdir(parents=True, exist_ok=True)
            box = chart.bounding_box()
            assert box is not None
            page.set_viewport_size({"width": 1400, "height": int(box["y"] + box["height"]) + 40})
            page.wait_for_selector(DONE)
            chart.screenshot(path=str(SHOT))
        finally:
            page.close()
    to_docs(SHOT, "progress-timeline.png")


# every text item of the first Vega view's scenegraph (axis labels and titles, legend)
AXIS_LABELS = """() => {
  const out = [];
  const walk = (item) => {
    if (!item) return;
    if (item.marktype === 'text' && item.items) {
      for (const t of item.items) if (t.text !== undefined) out.push(String(t.text));
    }
    for (const child of (item.items || [])) walk(child);
  };
  const svgText = [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg text')];
  if (svgText.length) return svgText.map((t) => t.textContent);
  for (const el of document.querySelectorAll('[data-testid="stVegaLiteChart"] *')) {
    const view = el.__vega_view || el.vegaView;
    if (view) { walk(view.scenegraph().root); return out; }
  }
  return out;
}"""
