"""The command line that starts the dashboard (the CLI runs it as a subprocess), and a local
server for the browser test and the benchmark: started on 127.0.0.1, ready when healthy."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

APP = Path(__file__).resolve().parent / "asgi.py"  # app.py, with the read on arrival
# Headless Chromium on a machine without outside network: no background calls home.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def command(config: str | None, port: int, address: str | None = None) -> list[str]:
    """argv for ``streamlit run dashboard/app.py`` on ``port``, with ``--config`` when given."""
    argv = [
        sys.executable,
        "-m",
        "dashboard.server",  # streamlit, after importing what the pages use
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # a deployed dashboard does not follow edits of its source: no watcher to register
        # every imported module of the project with on the first script run
        "--server.fileWatcherType",
        "none",
        # a full collection after every script run walks the millions of objects of a large
        # workbook's snapshot: 0.2 s added to every page view at 100,000 tasks, for no garbage
        "--runner.postScriptGC",
        "false",
        # every new browser session recompiles the page scripts; without "magic" (a bare
        # expression drawn as if written to st.write, which no page uses) that is a plain
        # compile instead of an AST rewrite first
        "--runner.magicEnabled",
        "false",
        # managers see the viewer's menu, not the developer's ("Deploy", "Clear cache"…)
        "--client.toolbarMode",
        "viewer",
    ]
    if address is not None:
        argv += ["--server.address", address]
    if config is not None:
        argv += ["--", "--config", config]
    return argv


def chromium() -> str | None:
    """Debian's Chromium (the browser tests drive it through Playwright), if installed."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_healthy(
    url: str, proc: subprocess.Popen[bytes], log: IO[bytes], timeout_s: float = 60.0
) -> None:
    """Return once ``url/_stcore/health`` answers ok (``url`` with the base path, if any);
    raise with the server's log if not."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    proc.kill()
    proc.wait()
    log.seek(0)
    out = log.read().decode("utf-8", "replace")
    raise RuntimeError(f"streamlit did not become healthy at {url}:\n{out[-4000:]}")


@contextmanager
def serve(config: str | None, cwd: Path | None = None, base_path: str = "") -> Iterator[str]:
    """Run the dashboard on 127.0.0.1 (a free port) in ``cwd``; yield its URL (without
    ``base_path``, Streamlit's ``server.baseUrlPath``, when one is given).

    ``cwd`` is where Streamlit looks for ``.streamlit/secrets.toml``. The server is stopped on
    exit, whatever happened.
    """
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a full pipe would stall it
        argv = command(config, port, address="127.0.0.1")
        if base_path:  # before the "--" that starts the app's own arguments
            at = argv.index("--") if "--" in argv else len(argv)
            argv[at:at] = ["--server.baseUrlPath", base_path]
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(f"{url}/{base_path}".rstrip("/"), proc, log)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
