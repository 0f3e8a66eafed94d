"""Issue 20, item 9: ``collabsheet dashboard`` listens on 127.0.0.1 unless told otherwise; an
open address with ``auth = "none"`` is refused in one line unless confirmed, then warned about.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard.serve import launch
from jobs.run import cli, dashboard_command
from tests.support.error_lines import ERROR

ROOT = Path(__file__).resolve().parent.parent

REFUSAL = {  # the error line's half for each locale
    "zh-CN": '看板将向网络开放（--address 0.0.0.0），但 [dashboard] auth = "none"：'
    '能访问本机的任何人都能看到数据。请设置 auth = "password" 或 "oidc"，'
    "或用 --i-know-it-is-open（或 [dashboard] i_know_it_is_open = true）确认",
    "en": "the dashboard would be open to the network (--address 0.0.0.0) with [dashboard] "
    'auth = "none": anyone who can reach this machine sees the data. Set auth = "password" or '
    '"oidc", or confirm with --i-know-it-is-open (or [dashboard] i_know_it_is_open = true)',
}
WARNING = {  # printed in the locale's language once an open address is confirmed
    "zh-CN": '警告：看板向网络开放（0.0.0.0:8765）且无需登录（auth = "none"）：同一网络中的任何人'
    "都能看到组织的数据",
    "en": "warning: the dashboard is open to the network (0.0.0.0:8765) without sign-in (auth = "
    '"none"): anyone on the same network sees the organisation\'s data',
}
SERVING = {  # the start line, in the locale's language
    "zh-CN": "看板已启动：http://{host}:8765（按 Ctrl+C 停止）",
    "en": "dashboard on http://{host}:8765 (Ctrl+C to stop)",
}


def write_config(tmp_path: Path, dashboard: str = "") -> Path:
    """A config whose workbook is never read (the server reads on the first page request)."""
    config = tmp_path / "collabsheet.toml"
    book = (tmp_path / "demo.xlsx").as_posix()
    config.write_text(f'[workbook]\npath = "{book}"\n\n[dashboard]\n{dashboard}', encoding="utf-8")
    return config


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """``launch.run`` recorded instead of replacing the test's process with a server."""
    calls: list[tuple[Any, ...]] = []

    def run(
        config: str | None, port: int, address: str = "127.0.0.1", locale: str | None = None
    ) -> int:
        calls.append((port, address))
        return 0

    monkeypatch.setattr(launch, "run", run)
    return calls


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize(
    ("args", "dashboard", "address", "warned"),
    [
        ([], "", "127.0.0.1", False),  # the default: this machine only, nothing to warn about
        (["--address", "localhost"], "", "localhost", False),
        (["--address", "::1"], "", "::1", False),
        (["--address", "0.0.0.0", "--i-know-it-is-open"], "", "0.0.0.0", True),
        ([], 'address = "0.0.0.0"\ni_know_it_is_open = true\n', "0.0.0.0", True),
        (["--address", "0.0.0.0"], 'auth = "password"\n', "0.0.0.0", False),  # sign-in: none
    ],
)
def test_address_served_and_warning(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    launched: list[tuple[Any, ...]],
    args: list[str],
    dashboard: str,
    address: str,
    warned: bool,
    monkeypatch: pytest.MonkeyPatch,
    locale: str,
) -> None:
    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", "s" * 32)  # the survey links can be checked
    config = write_config(tmp_path, dashboard)
    argv = ["dashboard", "--config", str(config), "--port", "8765", *args, "--locale", locale]
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert (code, launched) == (0, [(8765, address)])
    assert err == (f"{WARNING[locale]}\n" if warned else "")
    host = f"[{address}]" if ":" in address else address
    assert out == SERVING[locale].format(host=host) + "\n"


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("zh-CN", "满意度调研：看板进程未设置环境变量 COLLABSHEET_SURVEY_SECRET，打开调研链接会显示"
                  "「调研暂时无法打开：看板未配置签名密钥」；请用与 survey open 相同的值设置后"
                  "重启看板（不做调研可忽略）"),
        ("en", "survey: COLLABSHEET_SURVEY_SECRET is not set in this process, so the survey form "
               "refuses every personal link (the dashboard has no signing secret configured); "
               "start the dashboard with the value survey open used (ignore this if you run no "
               "survey)"),
    ],
)  # fmt: skip
def test_a_dashboard_without_the_survey_secret_says_so_at_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], launched: list[tuple[Any, ...]],
    monkeypatch: pytest.MonkeyPatch, locale: str, said: str,
) -> None:  # fmt: skip
    monkeypatch.delenv("COLLABSHEET_SURVEY_SECRET", raising=False)
    config = write_config(tmp_path)
    argv = ["dashboard", "--config", str(config), "--port", "8765", "--locale", locale]
    assert cli.main(argv) == 0 and launched == [(8765, "127.0.0.1")]
    out = capsys.readouterr().out
    assert out == SERVING[locale].format(host="127.0.0.1") + f"\n{said}\n"


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize(
    ("args", "dashboard"),
    [
        (["--address", "0.0.0.0"], ""),
        ([], 'address = "0.0.0.0"\n'),
        (["--address", "0.0.0.0"], 'auth = "none"\ni_know_it_is_open = false\n'),
    ],
)
def test_open_without_sign_in_refused_in_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    launched: list[tuple[Any, ...]],
    args: list[str],
    dashboard: str,
    locale: str,
) -> None:
    config = write_config(tmp_path, dashboard)
    code = cli.main(["dashboard", "--config", str(config), *args, "--locale", locale])
    out, err = capsys.readouterr()
    assert (code, launched, out) == (2, [], "")
    assert err == f"{ERROR[locale]}{REFUSAL[locale]}\n"


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.0.2.7", False),
        ("dash.example.com", False),
    ],
)
def test_loopback(address: str, loopback: bool) -> None:
    assert dashboard_command.loopback(address) is loopback


def test_config_address_must_not_be_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, 'address = " "\n')
    assert cli.main(["dashboard", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "dashboard.address" in err and "127.0.0.1" in err and err.count("\n") == 1


# ----------------------------------------------------------------------------- a real server


def outside_address() -> str | None:
    """This machine's address on its network (not loopback), found now; None if it has none.
    A UDP "connect" picks the route without sending anything."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            found: str = s.getsockname()[0]
        except OSError:
            found = ""
    if found and not found.startswith("127.") and found != "0.0.0.0":
        return found
    try:
        words = subprocess.run(
            ["hostname", "-I"], capture_output=True, text=True, timeout=10
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    return next((w for w in words if "." in w and not w.startswith("127.")), None)


def reachable(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(10)
        try:
            s.connect((host, port))
        except OSError:
            return False
        return True


@contextlib.contextmanager
def serving(argv: list[str], cwd: Path, port: int) -> Iterator[None]:
    """``argv`` running in a session of its own until healthy on 127.0.0.1; killed at the end."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("STREAMLIT_SERVER_ADDRESS", None)  # the command decides where it listens
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            launch.wait_healthy(f"http://127.0.0.1:{port}", proc, log)
            yield
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.parametrize(
    ("args", "from_outside"),
    [
        ([], False),  # the default: only this machine
        (["--address", "0.0.0.0", "--i-know-it-is-open"], True),  # the test can tell
    ],
)
def test_default_dashboard_not_reachable_from_the_network(
    tmp_path: Path, args: list[str], from_outside: bool
) -> None:
    outside = outside_address()
    if outside is None:
        pytest.skip("this machine has no address other than loopback")
    port = launch.free_port()
    config = write_config(tmp_path)
    code = "import sys; from jobs.run.cli import main; sys.exit(main())"
    argv = [sys.executable, "-c", code, "dashboard", "--config", str(config), "--port", str(port)]
    with serving([*argv, *args], tmp_path, port):
        assert reachable("127.0.0.1", port)
        assert reachable(outside, port) is from_outside, outside
