"""``collabsheet survey import FILE --quarter 2026Q4``: append the answers of a form tool's export
(问卷星, 腾讯问卷, 飞书问卷, Google Forms; CSV or xlsx) to 满意度调研; every rejected row is
printed with its cell in the export. Exit 0 when every row was imported or had been before,
1 when some row was rejected, 2 when the import could not run.

The ``survey`` group (``jobs.run.survey_command``) adds this subcommand with ``register(add)``,
its own ``add(name, func, help, example)`` (``options.Add``, as the top-level groups register
their commands).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from config.phrases import Phrases
from config.settings import Settings
from jobs.kpis.quarters import Quarter, parse_quarter
from jobs.run.options import (
    EXIT_FINDINGS,
    EXIT_OK,
    Add,
    Progress,
    at_option,
    locale_option,
    now,
    wait_option,
)

EXAMPLE = "collabsheet survey import tests/corpus/survey_wjx.xlsx --quarter 2026Q4 --dry-run"
HELP = (
    "append a form tool's export (问卷星, 腾讯问卷, 飞书问卷, Google Forms; CSV or xlsx) to "
    "满意度调研: columns found by [survey_import] in the config, departments by name or id, "
    "ratings 1-5 or 非常满意…非常不满意; rejected rows named by cell; nothing appended twice"
)
WORDS = Phrases("jobs/run/survey_import_command.py", {
    "line": ("{source}（{quarter}）：读取 {rows} 行答卷；{verb} {n} 行到「{tab}」；"
             "{old} 行此前已导入；{bad} 行未导入",
             "{source} ({quarter}): {rows} answer row(s) read; {verb} {n} to {tab}; {old} "
             "imported before; {bad} rejected"),
    "would": ("将追加", "would append"), "appended": ("已追加", "appended"),
    # the dry run's table: a file's row, then the SHOWN columns
    "col.row": ("文件:行", "file:row"), "col.response_id": ("答卷编号", "response_id"),
    "col.dept_id": ("部门", "dept"), "col.submitted_at": ("提交时间", "submitted"),
    "col.clarity": ("权责", "clarity"), "col.smoothness": ("流程", "process"),
    "col.communication": ("沟通", "comm."), "col.overall": ("总体", "overall"),
    "col.weekly_comm_h": ("小时/周", "h/week"), "col.comment": ("意见", "comment"),
})  # fmt: skip
SHOWN = ("response_id", "dept_id", "submitted_at", "clarity", "smoothness", "communication",
         "overall", "weekly_comm_h", "comment")  # fmt: skip


def quarter_arg(text: str) -> Quarter:
    """--quarter: 2026Q4, 2026-Q4, 2026年第4季度 or 2026年四季度."""
    q = parse_quarter(text)
    if q is None:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected a quarter such as 2026Q4, 2026-Q4 or 2026年第4季度"
        )
    return q


def _value(v: Any) -> str:
    if v is None:
        return "-"
    if hasattr(v, "strftime"):
        return f"{v:%Y-%m-%d %H:%M}"
    text = f"{v:g}" if isinstance(v, float) else str(v)
    return text if len(text) <= 30 else text[:29] + "…"


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.lock import held
    from jobs.run.report import print_findings
    from jobs.run.survey_export import survey_import
    from sheets_sync import open_backend

    locale = args.locale or settings.locale
    backend = open_backend(settings, Progress(args.quiet or args.json))
    with held(
        settings, "survey import", args.wait, getattr(args, "dry_run", False)
    ):  # one read, one append: no run in between
        plan = survey_import(settings, backend, Path(args.file), args.quarter, args.dry_run,
                             args.at or now(settings))  # fmt: skip
    errors = [f for f in plan.findings if f.severity == "error"]
    if args.json:
        out = {
            "file": plan.source, "quarter": str(plan.quarter), "dry_run": args.dry_run,
            "read": plan.rows, "new": len(plan.new), "already": len(plan.already),
            "rejected": plan.rejected, "columns": plan.columns,
            "rows": [{"row": a.row, **a.record} for a in plan.new],
            "findings": [f.as_row(locale) for f in plan.findings],
        }  # fmt: skip
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return EXIT_FINDINGS if errors else EXIT_OK
    n, old, bad = len(plan.new), len(plan.already), plan.rejected
    verb = WORDS(locale, "would" if args.dry_run else "appended")
    print(WORDS(locale, "line", source=plan.source, quarter=plan.quarter, rows=plan.rows,
                verb=verb, n=n, tab=settings.tabs["survey"], old=old, bad=bad))  # fmt: skip
    if args.dry_run and plan.new:
        print("  " + "  ".join(WORDS(locale, f"col.{k}") for k in ("row", *SHOWN)))
        for a in plan.new:
            cells = "  ".join(_value(a.record.get(k)) for k in SHOWN)
            print(f"  {plan.source}:{a.row}  {cells}")
    if plan.findings:
        print()
        print_findings(plan.findings, locale, plan.source)
    return EXIT_FINDINGS if errors else EXIT_OK


def register(add: Add) -> None:
    """Add ``import`` with the ``survey`` group's ``add`` (see the module docstring)."""
    _arguments(add("import", cmd_import, HELP, EXAMPLE))


def _arguments(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("file", metavar="FILE", help="the export: .csv (UTF-8 or GBK), .xlsx or .xls")
    p.add_argument("--quarter", required=True, type=quarter_arg, metavar="QUARTER",
                   help="the quarter the answers belong to, e.g. 2026Q4")  # fmt: skip
    p.add_argument("--dry-run", action="store_true",
                   help="print the rows that would be appended; append nothing")  # fmt: skip
    at_option(p)  # the moment an answer's time is compared with (answers later are said)
    wait_option(p)
    locale_option(p)
    return p
