"""The command line that starts the dashboard (the CLI runs it as a subprocess)."""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"


def command(config: str | None, port: int) -> list[str]:
    """argv for ``streamlit run dashboard/app.py`` on ``port``, with ``--config`` when given."""
    argv = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    if config is not None:
        argv += ["--", "--config", config]
    return argv
