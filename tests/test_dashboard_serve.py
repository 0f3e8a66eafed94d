"""The dashboard's Streamlit plumbing (dashboard/serve/): each internal it leans on still behaves
as checked, the pages work without it, and ``collabsheet dashboard`` stops on SIGTERM leaving
neither a process nor a held port."""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import tomllib
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
import streamlit
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import data
from dashboard.registry import PAGES, page_spec
from dashboard.serve import CHECKED, ahead, launch, plumbing_on
from dashboard.serve.chunks import ELEMENTS, preload_links
from dashboard.serve.server import STREAMLIT_MODULES
from dashboard.text import TEXT
from sheets_sync.demo import generate
from sheets_sync.xlsx import write_xlsx
from tests.support.configs import dashboard_config
from tests.support.processes import group_members

ROOT = Path(__file__).resolve().parent.parent
STATIC = Path(streamlit.__file__).parent / "static"
TODAY = dt.date(2026, 11, 27)


def changed(internal: str, what: str) -> str:
    """The message of a check that fails: which internal, against which version it was checked."""
    return (
        f"Streamlit internal changed: {internal} (checked against streamlit {CHECKED}, "
        f"installed {streamlit.__version__}): {what}. See dashboard/serve/__init__.py."
    )


# ----------------------------------------------------------------------------- the internals


def test_internal_hidden_option_post_script_gc(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web import cli

    name = "runner.postScriptGC"
    try:
        st.get_option(name)
    except RuntimeError:
        pytest.fail(changed(name, "the option no longer exists"))
    assert f'"{name}"' in inspect.getsource(script_runner), changed(
        name, "the script runner no longer reads it"
    )
    monkeypatch.setenv("STREAMLIT_RUNNER_POST_SCRIPT_GC", "false")
    params = cli.main_run.make_context("run", ["app.py"]).params
    assert params.get("runner_postScriptGC") is False, changed(
        name, "`streamlit run` no longer takes it from STREAMLIT_RUNNER_POST_SCRIPT_GC"
    )
    assert launch.environment(True, {})["STREAMLIT_RUNNER_POST_SCRIPT_GC"] == "false"
    assert "postScriptGC" not in " ".join(launch.command(None, 1, plumbing=True))  # no flag


def test_internal_backend_base_url_is_read_by_the_frontend() -> None:
    name = "window.__streamlit.BACKEND_BASE_URL"
    readers = [
        js.name
        for js in (STATIC / "static" / "js").glob("*.js")
        if re.search(rb"window\.__streamlit\b", (text := js.read_bytes()))
        and b"BACKEND_BASE_URL" in text
    ]
    assert readers, changed(name, "no frontend file reads it from window.__streamlit")


def test_internal_element_chunks_layout() -> None:
    name = "static/index.html and static/js/<Element>.<hash>.js"
    assert (STATIC / "index.html").is_file(), changed(name, "streamlit/static/index.html is gone")
    wanted = {*ELEMENTS, *(e for spec in PAGES for e in spec.elements)}
    missing = sorted(e for e in wanted if not list((STATIC / "static" / "js").glob(f"{e}.*.js")))
    assert not missing, changed(name, f"no chunk for the elements {missing}")
    for spec in PAGES:
        links = preload_links(page_spec(spec.key).elements or ELEMENTS)
        assert b"modulepreload" in links, changed(name, f"page {spec.key!r} names no chunk")


def test_internal_script_arguments_stay_in_the_servers_argv(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from streamlit.web import bootstrap

    name = "sys.argv of the server process (arrival.py reads --config there)"
    monkeypatch.setattr(sys, "argv", ["streamlit", "run"])
    bootstrap._fix_sys_argv("asgi.py", ["--config", "c.toml"])
    assert sys.argv == ["asgi.py", "--config", "c.toml"], changed(name, f"sys.argv is {sys.argv}")
    assert "_fix_sys_argv(" in inspect.getsource(bootstrap.run), changed(
        name, "`streamlit run` no longer sets it"
    )


@pytest.mark.parametrize("module", STREAMLIT_MODULES)
def test_internal_modules_preloaded_by_the_server(module: str) -> None:
    import importlib

    try:
        importlib.import_module(module)
    except ImportError as exc:
        pytest.fail(changed(f"module {module}", f"it no longer imports ({exc})"))


# ----------------------------------------------------------------------------- plumbing off


def demo_config(where: Path) -> Path:
    """The demo workbook (small) and a config for it under ``where``; returns the config."""
    book = where / "demo.xlsx"
    write_xlsx(book, generate(TODAY, tasks=60))
    return dashboard_config(where, book)


def test_the_switch() -> None:
    assert plumbing_on({})
    assert plumbing_on({"COLLABSHEET_PLUMBING": "on"})
    assert not any(plumbing_on({"COLLABSHEET_PLUMBING": v}) for v in ("off", "OFF", "0", "no"))


def test_every_page_renders_with_the_plumbing_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Importing dashboard.serve fails, and no read is started ahead: the pages still draw."""
    monkeypatch.setenv("COLLABSHEET_CONFIG", str(demo_config(tmp_path)))
    monkeypatch.setenv("COLLABSHEET_PLUMBING", "off")
    monkeypatch.setattr(data, "READ_AHEAD", None)
    for name in [m for m in sys.modules if m.startswith("dashboard.serve.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "dashboard.serve", None)
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
        assert not at.exception and len(at.metric) > 0  # the Overview's numbers
        for spec in PAGES:
            at.switch_page(spec.file).run()
            assert not at.exception, (spec.key, at.exception)
            assert not at.error, (spec.key, at.error)
            assert at.title[0].value == TEXT["zh-CN"][f"page.{spec.key}"]
        assert "dashboard.serve.ahead" not in sys.modules
    finally:
        st.cache_resource.clear()
        ahead.forget()


# ----------------------------------------------------------------------------- stopping


def cli() -> list[str]:
    """``collabsheet`` as pyproject.toml's [project.scripts] names it (module:function)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    module, function = pyproject["project"]["scripts"]["collabsheet"].split(":")
    return [
        sys.executable,
        "-c",
        f"import sys; from {module} import {function}; sys.exit({function}())",
    ]


def port_is_free(port: int) -> bool:
    """Whether a new server could listen on ``port`` now (as Streamlit binds: SO_REUSEADDR)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def page_html(url: str) -> bytes:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only
    with opener.open(url, timeout=30) as r:
        assert r.headers.get_content_type() == "text/html"
        body: bytes = r.read()
        return body


class Started:
    """The processes a test starts, each in a new session (its own process group), with their
    logs; whatever is still running at the end of the test is killed."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen[bytes]] = []
        self.logs = contextlib.ExitStack()

    def start(
        self, argv: list[str], cwd: Path, env: dict[str, str], port: int
    ) -> tuple[subprocess.Popen[bytes], str]:
        """Start ``argv`` and wait until its server on ``port`` is healthy."""
        # a file, not a pipe: a full pipe would stall it
        log: IO[bytes] = self.logs.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
        proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs.append(proc)
        url = f"http://127.0.0.1:{port}"
        launch.wait_healthy(url, proc, log)
        return proc, url

    def close(self) -> None:
        for proc in self.procs:
            with contextlib.suppress(ProcessLookupError):  # the group may be gone: good
                os.killpg(proc.pid, signal.SIGKILL)  # the process and whatever it left
            proc.wait()
        self.logs.close()


@pytest.fixture
def started() -> Iterator[Started]:
    procs = Started()
    yield procs
    procs.close()


def stopped(proc: subprocess.Popen[bytes], how: signal.Signals, port: int) -> None:
    """Send ``how`` to ``proc`` (only to it), wait; then nothing of it is left, nor the port."""
    proc.send_signal(how)
    code = proc.wait(timeout=60)
    assert code in (0, -how), code  # uvicorn ends by re-raising the signal it stopped on
    left = group_members(proc.pid)  # its process group: whatever it started
    assert not left, f"left running after {how.name}: {left}"
    assert port_is_free(port), f"port {port} still held after {how.name}"


def test_cli_dashboard_stops_on_sigterm(tmp_path: Path, started: Started) -> None:
    config, port = demo_config(tmp_path), launch.free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STREAMLIT_SERVER_ADDRESS": "127.0.0.1"}
    env.pop("COLLABSHEET_PLUMBING", None)
    argv = [*cli(), "dashboard", "--config", str(config), "--port", str(port)]
    proc, url = started.start(argv, tmp_path, env, port)
    # exec: the process started is the server itself, the plumbed one
    cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().split(b"\0")
    assert b"dashboard.serve.server" in cmdline, cmdline
    html = page_html(f"{url}/progress")
    assert b"BACKEND_BASE_URL" in html and b'rel="modulepreload"' in html, changed(
        "the page's HTML (uncompressed, with </head>) through st.App's middleware",
        "the server's page no longer carries what the middleware adds",
    )
    stopped(proc, signal.SIGTERM, port)


def test_forwarded_sigint_stops_the_server_without_plumbing(
    tmp_path: Path, started: Started
) -> None:
    """Where exec is not used: the child gets the signal and is waited for. Plumbing off: the
    plain `streamlit run dashboard/app.py` serves the pages, whose HTML is Streamlit's own."""
    config, port = demo_config(tmp_path), launch.free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLLABSHEET_PLUMBING": "off"}
    probe = (
        "import sys; from dashboard.serve.launch import command, environment, forward; "
        f"sys.exit(forward(command({str(config)!r}, {port}, '127.0.0.1'), environment()))"
    )
    proc, url = started.start([sys.executable, "-c", probe], tmp_path, env, port)
    assert len(group_members(proc.pid)) == 2  # the forwarder and the server
    html = page_html(f"{url}/progress")
    assert b"BACKEND_BASE_URL" not in html and b"/static/js/DataFrame." not in html
    stopped(proc, signal.SIGINT, port)
