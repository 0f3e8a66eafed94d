"""README stays true: its tab reference is the schema, and its two commands do what it says."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sheets_sync.reference import BEGIN, END, markdown

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command(n: int) -> str:
    m = re.search(rf"<!-- command-{n} -->\n```sh\n(.+?)\n```", README)
    assert m, f"README has no command {n}"
    return m.group(1)


def test_the_tab_reference_is_generated_from_the_schema() -> None:
    section = README[README.index(BEGIN) : README.index(END) + len(END)]
    assert section == markdown(), "README's tab reference drifted: paste `collabsheet schema`"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "command-2" in ci
    found = subprocess.run(
        [
            "awk",
            r"/<!-- command-2 -->/{found=1; next} found && /^```sh/{getline; print; exit}",
            "README.md",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert found == command(2)
    assert "pytest" in found


def test_command_one_runs_demo_the_daily_run_and_dashboard_in_that_order() -> None:
    cmd = command(1)
    steps = [
        cmd.index(s)
        for s in (
            "pip install",
            "collabsheet demo",
            "collabsheet run daily",
            "collabsheet dashboard",
        )
    ]
    assert steps == sorted(steps)
    # the dashboard must start even when the run exits non-zero (a message not delivered)
    assert "collabsheet run daily; " in cmd


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_command_one_end_to_end(tmp_path: Path) -> None:
    """What command 1 does after installing: demo, the daily run (planted cells in _checks,
    reminders in the local outbox), dashboard up."""
    from sheets_sync.demo import PLANTED

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("COLLABSHEET_CONFIG", None)
    cli = [sys.executable, "-m", "jobs.run.cli"]
    demo = subprocess.run([*cli, "demo"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert demo.returncode == 0, demo.stderr
    assert (tmp_path / "data" / "demo.xlsx").is_file()

    run = subprocess.run(
        [*cli, "run", "daily", "--json"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert sorted(f["rule"] for f in errors) == sorted(rule for _tab, _col, rule in PLANTED)
    assert all(re.fullmatch(r"[A-Z]+[0-9]+", f["cell"]) for f in errors)
    assert report["tabs"] == ["_checks", "_sla", "_metrics", "_case_links", "_reminders", "_runs"]
    assert (tmp_path / "data" / "demo.bot.xlsx").is_file()
    sent = [d for d in report["deliveries"] if d["status"] == "sent"]
    assert sent and len(list((tmp_path / "data" / "outbox").iterdir())) >= len(sent)

    port = _free_port()
    server = subprocess.Popen(
        [*cli, "dashboard", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body = ""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and body != "ok":
            try:
                with opener.open(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    body = r.read().decode()
            except OSError:
                time.sleep(0.5)
        assert body == "ok", "the dashboard did not come up within 60 s"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.mark.parametrize(
    "tool",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],
    ],
)
def test_code_style_is_clean(tool: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", *tool], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
