"""``collabsheet actions``: the 整改清单 across projects (open actions, owner, due, status,
overdue first), read from the 复盘 tab; nothing is written."""

from __future__ import annotations

import argparse
import dataclasses
import json

from config.errors import CollabsheetError
from config.phrases import Phrases
from config.settings import Settings
from jobs.run.options import EXIT_OK, Add, Progress, at_option, locale_option, now

HEAD = Phrases("jobs/run/actions_command.py", {
    "head": ("整改清单（{at:%Y-%m-%d %H:%M}）：未完成 {open_n} 项，其中已超时 {late} 项",
             "rectification list at {at:%Y-%m-%d %H:%M}: {open_n} open, {late} overdue"),
})  # fmt: skip


def _when(at: object) -> str:
    return f"{at:%Y-%m-%d %H:%M}" if at is not None else "-"


def cmd_actions(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.rectification.action_list import STATUS_TEXT, action_list
    from jobs.run.text_table import table
    from jobs.sla.directory import directory
    from jobs.sla.explanation import TEXT as CLOCK_TEXT
    from jobs.sla.selection import Selection
    from sheets_sync import open_backend
    from sheets_sync.workbook import parse_workbook

    locale = args.locale or settings.locale
    at = args.at or now(settings)
    wb = parse_workbook(open_backend(settings, Progress(args.quiet or args.json)).read(), settings)
    # a department or owner by id or name (研发部, 丁飞); an unknown one is named with the
    # valid ones, as `sla` does (exit 2)
    depts, people = directory(wb)
    pick = Selection(tuple(args.dept or ()), tuple(args.owner or ())).named(depts, people)
    if unknown := pick.unknown(depts, people):
        raise CollabsheetError(*unknown)  # the CLI's error line, in the locale (exit 2)
    items = [
        a for a in action_list(wb, at, include_done=args.all, sla=settings.sla_section)
        if (not pick.depts or a.dept_id in pick.depts)
        and (not pick.people or a.owner in pick.people)
        and (not args.project or a.project_id in args.project)
    ]  # fmt: skip
    if args.json:
        rows = [dataclasses.asdict(a) for a in items]
        print(
            json.dumps({"at": str(at), "actions": rows}, ensure_ascii=False, indent=2, default=str)
        )
        return EXIT_OK
    words, clocks = STATUS_TEXT.words(locale), CLOCK_TEXT.words(locale)
    open_n = sum(1 for a in items if a.status != "done")
    late = sum(1 for a in items if a.status == "overdue")
    print(HEAD(locale, "head", at=at, open_n=open_n, late=late))
    lines: list[tuple[str, ...]] = []
    for a in items:
        past = f" {a.overdue_h:g} {clocks[a.clock]}" if a.status == "overdue" else ""
        status = words[a.status] + past  # the SLA's lateness: "已超时 1665.6 工作小时"
        owner = f"{a.owner_name or a.owner or '-'}（{a.dept_id or '-'}）"
        text = a.action or a.finding
        lines.append((status, _when(a.due), owner, f"{a.project_id} {a.project}", a.retro_id,
                     f"{text}  [{a.cell}]"))  # fmt: skip
    for line in table(lines):  # aligned by display width: names and projects are Chinese
        print(f"  {line}")
    return EXIT_OK


def register(add: Add) -> None:
    """Add ``actions`` to the parser."""
    p = add(
        "actions",
        cmd_actions,
        "list the 整改清单: open retrospective actions across projects with owner, due and "
        "status, overdue first",
        "collabsheet actions --dept 研发部",
    )
    p.add_argument(
        "--dept",
        action="append",
        metavar="DEPT",
        help="only actions whose owner is in this department (id or name)",
    )
    p.add_argument(
        "--owner", action="append", metavar="PERSON", help="only this owner (id or name)"
    )
    p.add_argument("--project", action="append", metavar="PROJECT_ID", help="only this project")
    p.add_argument("--all", action="store_true", help="done actions too (listed last)")
    at_option(p)
    locale_option(p)
