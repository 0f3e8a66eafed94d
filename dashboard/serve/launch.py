"""Starting the dashboard's server: the command line and environment ``collabsheet dashboard``
runs (in its own place: ``run``), and a local server for the tests and the benchmark, started
on 127.0.0.1 and ready when healthy.

With the plumbing on (the default) the server is ``python -m dashboard.serve.server run
dashboard/serve/asgi.py``: the pages' imports before it listens, the read on arrival, and the
hidden options of ``PLUMBING_ENV``. ``COLLABSHEET_PLUMBING=off`` runs plain ``python -m
streamlit run dashboard/app.py`` with the documented options only: the same pages, slower.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from dashboard.serve import plumbing_on

HERE = Path(__file__).resolve().parent
APP = HERE.parent / "app.py"  # the pages
ASGI = HERE / "asgi.py"  # app.py, with the read on arrival
# documented options (https://docs.streamlit.io/develop/api-reference/configuration/config.toml)
OPTIONS = (
    "--server.headless",
    "true",
    "--browser.gatherUsageStats",
    "false",
    # a deployed dashboard does not follow edits of its source: no watcher to register
    # every imported module of the project with on the first script run
    "--server.fileWatcherType",
    "none",
    # every new browser session recompiles the page scripts; without "magic" (a bare
    # expression drawn as if written to st.write, which no page uses) that is a plain
    # compile instead of an AST rewrite first
    "--runner.magicEnabled",
    "false",
    # managers see the viewer's menu, not the developer's ("Deploy", "Clear cache"…)
    "--client.toolbarMode",
    "viewer",
)
# hidden options (not in Streamlit's documentation), set as Streamlit reads any option from
# the environment (STREAMLIT_<SECTION>_<OPTION>); an operator's own setting wins
PLUMBING_ENV = {
    # a full collection after every script run walks the millions of objects of a large
    # workbook's snapshot: 0.2 s added to every page view at 100,000 tasks, for no garbage
    "STREAMLIT_RUNNER_POST_SCRIPT_GC": "false",
}
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


def command(
    config: str | None,
    port: int,
    address: str | None = None,
    plumbing: bool | None = None,
    locale: str | None = None,
) -> list[str]:
    """argv of the dashboard's server on ``port``, with ``--config`` and ``--locale`` (the
    pages' first language, as ``collabsheet --locale en dashboard`` asks) when given;
    ``plumbing`` None: as ``COLLABSHEET_PLUMBING`` says."""
    if plumbing_on() if plumbing is None else plumbing:
        # streamlit, after importing what the pages use; the pages behind the read on arrival
        argv = [sys.executable, "-m", "dashboard.serve.server", "run", str(ASGI)]
    else:
        argv = [sys.executable, "-m", "streamlit", "run", str(APP)]
    argv += ["--server.port", str(port), *OPTIONS]
    if address is not None:
        argv += ["--server.address", address]
    app_args = ["--config", config] if config is not None else []
    app_args += ["--locale", locale] if locale else []
    if app_args:  # for the app: they stay in the server's sys.argv
        argv += ["--", *app_args]
    return argv


def environment(
    plumbing: bool | None = None, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The server's environment: ``base`` (default: this process's), plus the plumbing's
    hidden options where ``base`` does not set them."""
    env = dict(os.environ if base is None else base)
    if plumbing_on(env) if plumbing is None else plumbing:
        for name, value in PLUMBING_ENV.items():
            env.setdefault(name, value)
    return env


def run(
    config: str | None, port: int, address: str = "127.0.0.1", locale: str | None = None
) -> int:
    """Serve the dashboard on ``address`` in this process's place: exec, so a service manager's
    SIGTERM or a Ctrl+C reaches the server itself. Where exec cannot replace a process
    (Windows), the server runs as a child that gets this process's SIGTERM and SIGINT and is
    waited for."""
    argv, env = command(config, port, address, locale=locale), environment()
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execve(argv[0], argv, env)  # does not return
    return forward(argv, env)


def forward(argv: list[str], env: Mapping[str, str] | None = None) -> int:
    """Run ``argv`` as a child, pass it SIGTERM and SIGINT, wait for it; its exit code."""
    proc = subprocess.Popen(argv, env=env)

    def relay(signum: int, _frame: object) -> None:
        proc.send_signal(signum)

    caught = (signal.SIGTERM, signal.SIGINT)
    before = {s: signal.signal(s, relay) for s in caught}
    try:
        return proc.wait()
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)


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
def serve(
    config: str | None,
    cwd: Path | None = None,
    base_path: str = "",
    plumbing: bool | None = None,
    runner: Sequence[str] = (),
) -> Iterator[str]:
    """Run the dashboard on 127.0.0.1 (a free port) in ``cwd``; yield its URL (without
    ``base_path``, Streamlit's ``server.baseUrlPath``, when one is given).

    ``cwd`` is where Streamlit looks for ``.streamlit/secrets.toml``; ``plumbing`` as in
    ``command``; ``runner``, with the plumbing off: the module (and its first arguments) run
    as ``python -m`` in place of ``streamlit``, taking Streamlit's command line (the tests'
    server whose backend is relayed). The server is stopped on exit, whatever happened.
    """
    port = free_port()
    env = {**environment(plumbing), "PYTHONUNBUFFERED": "1"}
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a full pipe would stall it
        argv = command(config, port, address="127.0.0.1", plumbing=plumbing)
        if runner:
            at = argv.index("streamlit")
            argv[at : at + 1] = runner
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
