"""Headless Debian Chromium for the browser tests, driven by Playwright through its
``executable_path`` (no browser download), and what they wait for on a Streamlit page.

A browser test module calls ``playwright_or_skip()`` at its import and takes the ``browser``
fixture (tests/conftest.py). Chromium missing: the module is skipped, except under CI
(``.ci/run`` installs it), where its tests fail on the fixture's assertion.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from dashboard.serve.launch import CHROMIUM_ARGS, chromium

CHROMIUM = chromium()
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "dashboard"  # the screenshots a run leaves for people to see
DOCS_SHOTS = "COLLABSHEET_DOCS_SHOTS"  # =1: the pictures the docs show are replaced as well
TIMEOUT_MS = 60_000
# the script run has ended
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# every element drawn: no placeholder left while an element's code loads
NO_SKELETON = "() => !document.querySelector('[data-testid=\"stSkeleton\"]')"
# an exception or an error alert on the page
BLOCKS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def playwright_or_skip() -> ModuleType:
    """``playwright.sync_api``, for a browser test module at its import. Outside CI the
    module is skipped without Chromium or Playwright; under CI a missing one fails."""
    if os.environ.get("CI"):
        import playwright.sync_api as sync_api

        return sync_api
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (CI installs it)", allow_module_level=True)
    return pytest.importorskip("playwright.sync_api")


@contextmanager
def launched() -> Iterator[Any]:
    """A headless Chromium, closed on exit."""
    assert CHROMIUM, "chromium is not installed: apt-get install chromium (.ci/run does)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()


def opened(browser: Any, url: str, width: int = 1400, height: int = 1000) -> Any:
    """A new page of ``browser`` at ``url`` once its script run has ended."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    page.wait_for_selector(DONE, timeout=TIMEOUT_MS)
    return page


def to_docs(shot: Path, name: str) -> None:
    """With ``COLLABSHEET_DOCS_SHOTS=1``, the screenshot ``shot`` also as ``docs/<name>``."""
    if os.environ.get(DOCS_SHOTS) == "1":
        shutil.copyfile(shot, ROOT / "docs" / name)
