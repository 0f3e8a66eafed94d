"""The command line's shared parts: exit codes, the global options (``--config``, ``--json``,
``--quiet``, ``--locale``; before or after the command), the options several commands take
(``--at``, ``--dry-run``, ``--wait``), their argument types, progress lines and the local now.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import unicodedata
from collections.abc import Callable

from config.settings import Settings
from jobs.run.command_parser import said

EXIT_OK, EXIT_FINDINGS, EXIT_FAILED = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl+C, as a shell reports a process ended by SIGINT (128 + 2)
Command = Callable[[argparse.Namespace, Settings], int]
Add = Callable[[str, Command, str, str], argparse.ArgumentParser]  # name, func, help, example


class Progress:
    """Progress lines on stderr with the time since the last one, so long reads show life."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(
                f"[{time.perf_counter() - self.start:6.2f}s] {message} …",
                file=sys.stderr,
                flush=True,
            )


def tell_diverted(report: object) -> bool:
    """A run whose results file was locked: its one line (the file and the fallback written
    beside it) on stderr; whether there was one."""
    line = str(getattr(report, "diverted", ""))
    if line:
        print(line, file=sys.stderr)
    return bool(line)


def now(settings: Settings) -> dt.datetime:
    """Local wall-clock time in the configured time zone (naive, like the sheets' times)."""
    return dt.datetime.now(settings.zone).replace(tzinfo=None, microsecond=0)


def moment(text: str) -> dt.datetime:
    """'2026-11-27 09:00' (local time in the configured zone)."""
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: expected 'YYYY-MM-DD HH:MM'") from exc


def day(text: str) -> dt.date:
    """'2026-09-30'."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: expected YYYY-MM-DD") from exc


DAYS_FROM_TODAY = {"today": 0, "tomorrow": 1}


def start_time(text: str) -> dt.date | dt.datetime | str:
    """'2026-09-30' (the start of that working day), '2026-09-30 14:00', or 'today' / 'tomorrow'
    (kept as the word: the day is resolved in the configured zone by ``start_day``)."""
    if text.strip().lower() in DAYS_FROM_TODAY:
        return text.strip().lower()
    try:
        return dt.date.fromisoformat(text.strip()) if len(text.strip()) == 10 else moment(text)
    except (ValueError, argparse.ArgumentTypeError) as exc:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected YYYY-MM-DD[ HH:MM], today or tomorrow"
        ) from exc


def project_name(text: str) -> str:
    """--name: the name without the spaces around it, never blank (trial38: '' and '   '
    started 项目「」)."""
    if not "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip():
        raise argparse.ArgumentTypeError("the project name is empty: give one")  # a zero-width
    return text.strip()  # space alone too (review39)


def start_day(value: dt.date | dt.datetime | str, now: dt.datetime) -> dt.date | dt.datetime:
    """A ``start_time`` value as a date or moment: 'today' and 'tomorrow' as of ``now``."""
    if isinstance(value, str):
        return now.date() + dt.timedelta(days=DAYS_FROM_TODAY[value])
    return value


def at_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--at", type=moment, metavar='"YYYY-MM-DD HH:MM"', help="run as of this local time"
    )


def dry_run_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dry-run", action="store_true", help="compute and print; write nothing")


def wait_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--wait",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="wait this long for a running job to finish (default 60), then exit 2 naming it",
    )


def global_options(p: argparse.ArgumentParser, *, on_command: bool) -> None:
    """``--config``, ``--json``, ``--quiet``, ``--locale`` on the main parser (with their defaults)
    and on each command's parser; there without defaults (``SUPPRESS``), so a value given before
    the command is not overwritten by the command's default."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if on_command else value

    p.add_argument(
        "--config",
        metavar="PATH",
        default=default(None),
        help="config file (default: $COLLABSHEET_CONFIG or config/collabsheet.toml)",
    )
    p.add_argument(
        "--json", action="store_true", default=default(False), help="machine-readable output"
    )
    p.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        default=default(False),
        help="no progress lines on stderr",
    )
    p.add_argument(
        "--locale",
        choices=("zh-CN", "en"),
        default=default(None),
        help="language of the output (default: [general] locale)",
    )


LOCALE_HELP = (
    "language of the terminal's output (default: [general] locale); the messages sent and the "
    "bot tabs stay in [general] locale"
)


def locale_option(p: argparse.ArgumentParser, help: str = LOCALE_HELP) -> None:
    """What ``--locale`` (a global option) means for this command, in its help."""
    help = said(getattr(p, "locale", "en"), help)  # a command_parser.Parser: its language
    for action in p._actions:
        if "--locale" in action.option_strings:
            action.help = help
            return
    p.add_argument("--locale", choices=("zh-CN", "en"), default=argparse.SUPPRESS, help=help)
