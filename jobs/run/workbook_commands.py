"""Commands that write or describe workbooks: ``demo``, ``init``, ``schema``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from config.settings import Settings
from jobs.run import options
from jobs.run.options import (
    EXIT_OK,
    Add,
    Progress,
    day,
    locale_option,
)
from jobs.run.setup_text import say


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from sheets_sync.demo import generate
    from sheets_sync.demo_file import write_demo

    out = Path(args.out) if args.out else settings.path
    locale = settings.locale
    if out.exists() and not args.force:
        print(say(locale, "demo.kept", out=out))
        return EXIT_OK
    today = args.today or options.now(settings).date()
    progress = Progress(args.quiet)
    progress(say(locale, "demo.generating", today=today, seed=args.seed))
    tabs = generate(today, seed=args.seed, tasks=args.tasks)
    progress(say(locale, "demo.writing", out=out))
    dropdowns = write_demo(out, tabs)  # laid out like the starter workbook of init
    rows = sum(len(r) - 1 for r in tabs.values())
    print(say(locale, "demo.wrote", out=out, tabs=len(tabs), rows=rows, dropdowns=dropdowns))
    return EXIT_OK


def cmd_init(args: argparse.Namespace, settings: Settings) -> int:
    from sheets_sync.starter import write_starter

    locale = args.locale or settings.locale
    if args.path is None:
        return _init_google(settings, locale)
    done = write_starter(
        Path(args.path), locale, force=args.force, today=options.now(settings).date()
    )
    print(say(locale, "init.wrote", path=done.path, tabs=len(done.tabs), dropdowns=done.dropdowns))
    return EXIT_OK


def _init_google(settings: Settings, locale: str) -> int:
    """``collabsheet init`` without PATH: the starter tabs into the configured Google sheet."""
    from config.errors import CollabsheetError

    if settings.backend != "google":
        raise CollabsheetError(
            "请给出要写入的 .xlsx 文件，如 collabsheet init data/team.xlsx（Google 表格：在配置中"
            "设置 [workbook] backend = google）",
            "give the .xlsx file to write, e.g. collabsheet "
            "init data/team.xlsx (for Google Sheets set [workbook] backend = google)",
        )
    from sheets_sync.google import google_backend
    from sheets_sync.google_starter import init_google

    done = init_google(google_backend(settings), locale, options.now(settings).date())
    print(say(locale, "init.google", spreadsheet=done.spreadsheet, tabs=len(done.tabs),
              dropdowns=done.dropdowns))  # fmt: skip
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, settings: Settings) -> int:
    from sheets_sync.reference import data, markdown

    if args.json:
        print(json.dumps(data(settings.tabs), ensure_ascii=False, indent=2))
    else:
        print(markdown(settings.locale))  # the words in the locale; --json: keys, always
    return EXIT_OK


def register(add: Add) -> None:
    """Add these commands to the parser."""
    p = add(
        "demo",
        cmd_demo,
        "write the demo workbook (a realistic company, with planted problems)",
        "collabsheet demo --out data/demo.xlsx --seed 7",
    )
    p.add_argument("--out", metavar="PATH", help="where to write (default: [workbook] path)")
    p.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    p.add_argument("--tasks", type=int, help="number of tasks, for large benchmark workbooks")
    p.add_argument(
        "--today",
        type=day,
        metavar="YYYY-MM-DD",
        help="date the demo is relative to (default: today)",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing workbook")

    p = add(
        "init",
        cmd_init,
        "write an empty starter workbook to fill in: headers, dropdowns, hints, example rows",
        "collabsheet init data/team.xlsx --locale en   # Google Sheets: collabsheet init",
    )
    p.add_argument(
        "path",
        metavar="PATH",
        nargs="?",
        help="the .xlsx file to write; without it, the Google spreadsheet of [workbook]",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    locale_option(p, "language of the headers, hints and tab titles (default: [general] locale)")

    add(
        "schema",
        cmd_schema,
        "print the tab reference (the columns of every tab) as Markdown; --json: as JSON "
        "(each tab, its columns, types, enums and the tabs they refer to)",
        "collabsheet schema > tabs.md   # as JSON: collabsheet schema --json",
    )
