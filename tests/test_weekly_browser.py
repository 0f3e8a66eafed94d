"""The 周报 page in a real browser (``streamlit run`` on 127.0.0.1, Debian's Chromium through
Playwright's ``executable_path``): after ``collabsheet weekly`` on the demo the page shows the
management pack and each department's with their download buttons, and no error block. Saved
under ``test-artifacts/dashboard/weekly-page.png``; with ``COLLABSHEET_DOCS_SHOTS=1`` also as
``docs/weekly-page.png`` (the picture the docs show).

Chromium missing: the test fails under CI (``.ci/run`` installs it) and is skipped elsewhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dashboard.registry import page_url
from dashboard.serve.launch import serve
from jobs.run.cli import main
from tests.support.browser import BLOCKS, NO_SKELETON, SHOTS, opened, playwright_or_skip, to_docs
from tests.support.configs import dashboard_config
from tests.support.demo import write_demo

SHOT = SHOTS / "weekly-page.png"

playwright_or_skip()


def test_the_weekly_page_in_a_browser(browser: Any, tmp_path: Path) -> None:
    book = write_demo(tmp_path / "demo.xlsx")
    channels = (
        f'\n[channels]\njournal = "{(tmp_path / "j.jsonl").as_posix()}"\n\n'
        f'[channels.outbox]\nfolder = "{(tmp_path / "outbox").as_posix()}"'
    )
    config = dashboard_config(tmp_path, book, channels)
    assert main(["weekly", "--at", "2026-12-07 09:00", "--config", str(config), "-q"]) == 0
    with serve(str(config), cwd=tmp_path) as url:
        page = opened(browser, page_url(url, "weekly"))
        try:
            page.locator("h1", has_text="周报").first.wait_for()
            buttons = page.locator('[data-testid="stDownloadButton"]')
            buttons.nth(26).wait_for()  # 9 packs x Word, HTML, Excel
            assert buttons.count() == 27
            assert page.locator("h3", has_text="周例会材料 2026-W50 · 管理层").count() == 1
            assert page.locator(BLOCKS).count() == 0
            page.wait_for_function(NO_SKELETON)
            SHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOT), full_page=False)
        finally:
            page.close()
    to_docs(SHOT, "weekly-page.png")
