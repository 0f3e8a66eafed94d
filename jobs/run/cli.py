"""The ``collabsheet`` command: parse arguments, call one library function, print the result.

Our own errors (``CollabsheetError``) become one line on stderr and exit code 2; findings in
the sheets are results, not errors (exit 1 when any is an error). The commands live in one
module per group (``workbook_commands``, ``check_commands``, ``job_commands``); this module builds
the parser from them and is the entry point (``jobs.run.cli:main``).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import sys
from collections.abc import Sequence

from config.errors import CollabsheetError, described
from config.phrases import language
from config.settings import load_settings
from jobs.run import (
    actions_command,
    check_commands,
    dashboard_command,
    doctor_command,
    handbook_command,
    job_commands,
    survey_command,
    weekly_command,
    workbook_commands,
)
from jobs.run.command_parser import EXAMPLE, Layout, Parser, command, locale_of
from jobs.run.command_text import say
from jobs.run.options import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, Command, global_options


def _parser(locale: str = "zh-CN") -> Parser:
    parser = Parser(
        prog="collabsheet",
        description="Cross-department collaboration on shared spreadsheets.",
        epilog=f"{EXAMPLE[language(locale)]}collabsheet demo && collabsheet validate",
        formatter_class=Layout,
        locale=locale,
    )
    global_options(parser, on_command=False)  # before the command, and again after it (below)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Command, help: str, example: str) -> argparse.ArgumentParser:
        return command(sub, locale, name, func, help, example, on_command)

    for group in (workbook_commands, check_commands, job_commands, handbook_command,
                  doctor_command, actions_command, dashboard_command, survey_command,
                  weekly_command):  # fmt: skip
        group.register(add)
    return parser


def on_command(p: argparse.ArgumentParser) -> None:
    """The global options again on a command's parser (after the command's name)."""
    global_options(p, on_command=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser(locale_of(sys.argv[1:] if argv is None else argv))
    args, extra = parser.parse_known_args(argv)
    if extra:  # said with the command's own usage, not the top level's (trial18)
        (getattr(args, "command_parser", None) or parser).error(
            f"unrecognized arguments: {' '.join(extra)}")  # fmt: skip
    try:
        settings = load_settings(args.config)
        if args.locale:  # a global option: every command speaks that language; the sheets
            # keep [general] locale (what the workbook's people read): headers, messages
            settings = dataclasses.replace(
                settings, locale=args.locale, workbook_locale=settings.written_locale
            )
        code: int = args.func(args, settings)
        return code
    except CollabsheetError as exc:  # raised in both languages: the locale's text alone
        locale = args.locale or (settings.locale if "settings" in locals() else "zh-CN")
        print(say(locale, "cli.error", message=exc.said(locale)), file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt as exc:  # Ctrl+C: one line, no traceback; 130 as a shell reports
        # it, 143 for SIGTERM (jobs/run/stop_signal.py), as systemd expects of a stopped unit
        locale = args.locale or (settings.locale if "settings" in locals() else "zh-CN")
        print(say(locale, "cli.interrupted"), file=sys.stderr)
        return 128 + signal.SIGTERM if exc.args == ("SIGTERM",) else EXIT_INTERRUPTED
    except BrokenPipeError:  # output piped into `head`: stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug of ours: still one line and exit 2, never "findings" (1)
        from jobs.notify import factory, redact

        secrets = factory.secrets(settings.channels) if "settings" in locals() else []
        locale = args.locale or (settings.locale if "settings" in locals() else "zh-CN")
        error = redact(described(exc), secrets)
        print(say(locale, "cli.internal", error=error), file=sys.stderr)
        if os.environ.get("PYTHONDEVMODE"):
            raise
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
