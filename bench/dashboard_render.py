"""The full render time of a dashboard page in headless Chromium, as bench/dashboard.py's
docstring defines it (the page's title drawn, Streamlit's run ended, every element drawn), its
complete time (nothing still computing), and the floor: a trivial page served the same way."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dashboard.registry import page_url
from dashboard.serve.launch import OPTIONS, environment, free_port, serve, wait_healthy
from dashboard.text import TEXT

DONE_JS = """(title) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const done = app && app.getAttribute('data-test-script-state') === 'notRunning';
  const h1 = [...document.querySelectorAll('h1')].some(h => h.textContent.includes(title));
  const all = (sel, part) => [...document.querySelectorAll(sel)].every(e => e.querySelector(part));
  const drawn = !document.querySelector('[data-testid="stSkeleton"]')
    && all('[data-testid="stDataFrame"]', 'canvas')
    && all('[data-testid="stVegaLiteChart"]', 'svg.marks, canvas');
  if (done && h1 && drawn && window.__rendered === undefined) {
    window.__rendered = performance.now();
  }
  return window.__rendered;
}"""
COMPLETE_JS = """(title) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const done = app && app.getAttribute('data-test-script-state') === 'notRunning';
  const h1 = [...document.querySelectorAll('h1')].some(h => h.textContent.includes(title));
  const all = (sel, part) => [...document.querySelectorAll(sel)].every(e => e.querySelector(part));
  const waiting = '.st-key-kpi_waiting, .st-key-sla_waiting, [data-testid="stSkeleton"]';
  const drawn = !document.querySelector(waiting)
    && all('[data-testid="stDataFrame"]', 'canvas')
    && all('[data-testid="stVegaLiteChart"]', 'svg.marks, canvas');
  if (done && h1 && drawn && window.__complete === undefined) {
    window.__complete = performance.now();
  }
  return window.__complete;
}"""
ERROR = (
    '[data-testid="stException"], [data-testid="stAlertContentError"], '
    '[role="dialog"]:not([data-testid="stPopoverBody"])'
)


def render_seconds(page: Any, title: str, reload: bool, url: str) -> float:
    """Navigate (or reload) and return the full-render time in seconds (see the docstring)."""
    if reload:
        page.reload(wait_until="commit")
    else:
        page.goto(url, wait_until="commit")
    handle = page.wait_for_function(DONE_JS, arg=title, polling="raf", timeout=300_000)
    ms = float(handle.json_value())
    errors = page.locator(ERROR)
    if errors.count():
        raise SystemExit(f"{url}: the page shows an error:\n{errors.first.inner_text()[:2000]}")
    return ms / 1000


def complete_seconds(page: Any, title: str) -> float:
    """After ``render_seconds``: seconds from navigation start until no card is computing."""
    handle = page.wait_for_function(COMPLETE_JS, arg=title, polling="raf", timeout=300_000)
    return float(handle.json_value()) / 1000


def measure(browser: Any, config: Path, cwd: Path, key: str, repeat: int) -> dict[str, list[float]]:
    """Cold and warm full-render seconds of one page, ``repeat`` fresh servers."""
    title = TEXT["zh-CN"][f"page.{key}"]
    out: dict[str, list[float]] = {"cold": [], "complete": [], "warm": []}
    for _ in range(repeat):
        with serve(str(config), cwd=cwd) as url:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            try:
                out["cold"].append(render_seconds(page, title, False, page_url(url, key)))
                out["complete"].append(complete_seconds(page, title))
                warm = [render_seconds(page, title, True, url) for _ in range(3)]
                out["warm"].append(statistics.median(warm))
            finally:
                page.close()
        print(
            f"  {key}: cold {out['cold'][-1]:.2f} s (complete {out['complete'][-1]:.2f} s), "
            f"warm {out['warm'][-1]:.2f} s",
            flush=True,
        )
    return out


FLOOR_APP = """import streamlit as st
st.set_page_config(page_title="floor", layout="wide")
st.sidebar.radio("语言 / Language", ["中文", "English"], horizontal=True)
st.title("概览")
st.caption("数据读取于 2026-11-27 08:00:00")
shown = (("任务", "100,000"), ("未完成", "61,234"), ("已超时", "6,785"), ("有风险", "50"))
for col, (label, value) in zip(st.columns(4), shown):
    col.metric(label, value)
"""


@contextmanager
def floor_server(folder: Path) -> Iterator[str]:
    """The trivial page ``FLOOR_APP`` served as the dashboard is (``launch.OPTIONS`` and its
    environment, plain ``streamlit run``) on 127.0.0.1; yields its URL."""
    app = folder / "floor_app.py"
    app.write_text(FLOOR_APP, encoding="utf-8")
    port = free_port()
    argv = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port)]
    argv += [*OPTIONS, "--server.address", "127.0.0.1"]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            argv, cwd=folder, env=environment(), stdout=log, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, proc, log)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def floor(browser: Any, folder: Path, repeat: int) -> dict[str, list[float]]:
    """Cold and warm full-render seconds of ``FLOOR_APP``, measured as ``measure`` does."""
    out: dict[str, list[float]] = {"cold": [], "warm": []}
    for _ in range(repeat):
        with floor_server(folder) as url:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            try:
                out["cold"].append(render_seconds(page, "概览", False, f"{url}/"))
                warm = [render_seconds(page, "概览", True, url) for _ in range(3)]
                out["warm"].append(statistics.median(warm))
            finally:
                page.close()
        print(f"  floor: cold {out['cold'][-1]:.2f} s, warm {out['warm'][-1]:.2f} s", flush=True)
    return out
