"""The RACI page with its department filter and the template library page in a real browser
(``streamlit run`` on 127.0.0.1, Debian's Chromium through Playwright's ``executable_path``) on
the demo: each renders without an error block and shows what it should. Screenshots go to
``test-artifacts/dashboard/``; with ``COLLABSHEET_DOCS_SHOTS=1`` also to ``docs/raci-page.png``
and ``docs/templates-page.png`` (the pictures the docs show).

Chromium missing: the test fails under CI (``.ci/run`` installs it) and is skipped elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from dashboard.registry import page_url
from dashboard.serve.launch import serve
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

PICKED = """() => { const s = document.querySelector('[data-testid=stSelectbox]');
  return !!s && (s.innerText + (s.querySelector('input')?.value || '')).includes('D07 法务部'); }"""

playwright_or_skip()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo served on 127.0.0.1."""
    where = tmp_path_factory.mktemp("library")
    book = write_demo(where / "demo.xlsx")
    config = dashboard_config(where, book, 'at = "2026-11-27 09:00"')
    with serve(str(config), cwd=where) as url:
        yield url


def _open(browser: Any, url: str, title: str) -> Any:
    page = opened(browser, url, height=1100)
    page.locator("h1", has_text=title).first.wait_for()
    return page


def _shot(page: Any, name: str) -> None:
    """The page as drawn (no placeholder left), kept as an artifact and, when asked, in docs/."""
    page.wait_for_function(NO_SKELETON)
    page.wait_for_selector(DONE)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    to_docs(path, f"{name}.png")


def test_the_raci_page_filtered_by_a_department(browser: Any, server: str) -> None:
    page = _open(browser, page_url(server, "responsibilities"), "权责矩阵")
    try:
        page.locator('[data-testid="stDataFrame"] canvas').first.wait_for()
        depts = page.locator('[data-testid="stMultiSelect"]').nth(1)
        assert "部门" in depts.inner_text()
        depts.locator("input").click()
        page.keyboard.type("D07")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        # the document picker follows the filter: D07's handbook, three formats
        page.wait_for_function(PICKED)
        assert "D07 法务部" in depts.inner_text()
        buttons = page.locator('[data-testid="stDownloadButton"]')
        buttons.nth(2).wait_for()
        page.wait_for_selector(DONE)
        labels = [t.split("\n")[-1] for t in buttons.all_inner_texts()]  # after the icon's name
        assert labels == ["下载 Word", "下载网页", "下载 Markdown"]
        assert page.locator("h3", has_text="权责说明书").count() == 1
        assert page.locator(BLOCKS).count() == 0
        _shot(page, "raci-page")
    finally:
        page.close()


def test_the_template_library_page(browser: Any, server: str) -> None:
    page = _open(browser, page_url(server, "templates"), "流程模板库")
    try:
        page.locator("h3", has_text="T01 新功能研发流程").wait_for()
        tables = page.locator('[data-testid="stDataFrame"]')
        tables.nth(1).locator("canvas").first.wait_for()  # drawn, not a placeholder
        page.wait_for_selector(DONE)
        assert tables.count() == 2  # the templates, the picked one's steps
        metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        assert metrics == ["6", "6", "5"]  # templates, project types, approvals
        assert (
            "协作场景：产品研发；项目类型：新功能开发；协作规模：中 · 跨3部门"
            in (page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()[-1])
        )
        assert page.locator(BLOCKS).count() == 0
        _shot(page, "templates-page")
    finally:
        page.close()
