"""The ``collabsheet`` command: parse arguments, call one library function, print the result.

Our own errors (``CollabsheetError``) become one line on stderr and exit code 2; findings in
the sheets are results, not errors (exit 1 when any is an error).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from config.errors import CollabsheetError
from config.settings import Settings, load_settings

EXIT_OK, EXIT_FINDINGS, EXIT_FAILED = 0, 1, 2


class _Progress:
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


def _now(settings: Settings) -> dt.datetime:
    """Local wall-clock time in the configured time zone (naive, like the sheets' times)."""
    return dt.datetime.now(settings.zone).replace(tzinfo=None, microsecond=0)


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from sheets_sync.demo import generate
    from sheets_sync.xlsx import write_xlsx

    out = Path(args.out) if args.out else settings.path
    if out.exists() and not args.force:
        print(f"{out} exists; keeping it (use --force to write a new demo workbook)")
        return EXIT_OK
    today = args.today or _now(settings).date()
    progress = _Progress(args.quiet)
    progress(f"generating the demo workbook for {today} (seed {args.seed})")
    tabs = generate(today, seed=args.seed, tasks=args.tasks)
    progress(f"writing {out}")
    write_xlsx(out, tabs)
    rows = sum(len(r) - 1 for r in tabs.values())
    print(f"wrote {out}: {len(tabs)} tabs, {rows} rows")
    return EXIT_OK


def cmd_init(args: argparse.Namespace, settings: Settings) -> int:
    from sheets_sync.starter import write_starter

    locale = args.locale or settings.locale
    done = write_starter(Path(args.path), locale, force=args.force, today=_now(settings).date())
    if locale == "en":
        print(
            f"wrote {done.path}: {len(done.tabs)} tabs, {done.dropdowns} dropdowns, one "
            "example row per tab (yellow); next: set [workbook] path, then collabsheet validate"
        )
    else:
        print(
            f"已写入 {done.path}：{len(done.tabs)} 个表、{done.dropdowns} 个下拉列表，每表一行"
            "示例（黄色）；下一步：在配置中设置 [workbook] path，然后运行 collabsheet validate"
        )
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.envelope import run
    from jobs.run.report import print_findings
    from sheets_sync import open_backend

    backend = open_backend(settings, _Progress(args.quiet or args.json))
    report = run("validate", settings, backend, _now(settings))
    locale = args.locale or settings.locale
    if args.json:
        print(
            json.dumps(
                {
                    "workbook": settings.where,
                    "errors": report.errors,
                    "warnings": report.warnings,
                    "rows": report.rows,
                    "findings": [
                        dict(f.as_row(locale), link=backend.link(f.tab, f.cell))
                        for f in report.findings
                    ],
                },
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        )
    else:
        print_findings(report.findings, locale, settings.where)
    return EXIT_FINDINGS if report.errors else EXIT_OK


def cmd_sla(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.envelope import run
    from jobs.run.report import print_sla
    from jobs.sla.sla_tab import sla_records
    from sheets_sync import open_backend

    if args.locale:  # the output and the _sla explanations in that language
        settings = dataclasses.replace(settings, locale=args.locale)
    backend = open_backend(settings, _Progress(args.quiet or args.json))
    report = run("sla", settings, backend, args.at or _now(settings), dry_run=args.dry_run)
    assert report.sla is not None  # the sla kind always computes it
    locale = settings.locale
    rows = sla_records(report.sla_tab)
    rows = [
        r for r in rows
        if (not args.dept or r["dept_id"] in args.dept)
        and (not args.status or r["status"] in args.status)
        and (not args.kind or r["kind"] in args.kind)
    ]  # fmt: skip
    warnings = [f.message(locale) for f in report.findings]
    if args.json:
        print(
            json.dumps(
                {"counts": report.sla.counts, "warnings": warnings, "obligations": rows},
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        )
    else:
        print_sla(rows, report.sla.counts, locale, warnings)
    return EXIT_OK


def cmd_remind(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.envelope import run
    from sheets_sync import open_backend

    if args.locale:
        settings = dataclasses.replace(settings, locale=args.locale)
    backend = open_backend(settings, _Progress(args.quiet or args.json))
    now = args.at or _now(settings)
    report = run("remind", settings, backend, now, hourly=args.hourly, dry_run=args.dry_run)
    rows = [dataclasses.asdict(d) for d in report.deliveries]
    findings = [
        dict(f.as_row(settings.locale), link=backend.link(f.tab, f.cell)) for f in report.findings
    ]
    if args.json:
        print(
            json.dumps(
                {"at": str(now), "dry_run": args.dry_run, "deliveries": rows,
                 "failures": report.failures, "findings": findings},
                ensure_ascii=False, indent=2, default=str,
            )
        )  # fmt: skip
    else:
        verb = "would send" if args.dry_run else "run"
        print(f"remind {verb} at {now:%Y-%m-%d %H:%M}: {len(rows)} message(s)")
        for d in report.deliveries:
            print(f"  {d.status:<10} {d.channel:<8} {d.recipient:<32} {d.subject}")
            if d.error:
                print(f"             {d.error}")
        for key, error in report.failures:
            print(f"  not delivered: {key}: {error}")
        for f in findings:
            print(f"  {f['link']}: {f['message']} {f['fix']}")
    bad = report.count("failed") + report.count("dead") + len(report.failures)
    return EXIT_FINDINGS if bad or findings else EXIT_OK


def cmd_metrics(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.envelope import run
    from jobs.run.report import print_metrics
    from sheets_sync import open_backend

    backend = open_backend(settings, _Progress(args.quiet or args.json))
    report = run("metrics", settings, backend, args.at or _now(settings), dry_run=args.dry_run)
    locale = args.locale or settings.locale
    today = report.started_at.date()
    if args.json:
        values = [dataclasses.asdict(v) for v in report.metrics]
        print(
            json.dumps(
                {"date": str(today), "metrics": values},
                ensure_ascii=False, indent=2, default=str,
            )
        )  # fmt: skip
    else:
        print_metrics(report.metrics, locale, today)
    return EXIT_OK


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.envelope import run
    from jobs.run.failure import record_failure
    from jobs.run.lock import RunLock, lock_path
    from sheets_sync import open_backend

    if args.locale:
        settings = dataclasses.replace(settings, locale=args.locale)
    now = args.at or _now(settings)
    with RunLock(lock_path(settings)).acquire(args.kind, wait_s=args.wait):
        backend = open_backend(settings, _Progress(args.quiet or args.json))
        try:
            report = run(args.kind, settings, backend, now)
        except Exception as exc:  # as the scheduler does: in _runs and told to the coordinators
            text = record_failure(settings, backend, args.kind, now, f"{type(exc).__name__}: {exc}")
            raise CollabsheetError(f"the {args.kind} run failed: {text}") from None
    if args.json:
        out = {
            "kind": report.kind, "run_id": report.run_id, "outcome": report.outcome,
            "started_at": str(report.started_at), "counts": report.counts,
            "tabs": report.tabs, "api_requests": report.api_requests,
            "deliveries": [dataclasses.asdict(d) for d in report.deliveries],
            "findings": [
                dict(f.as_row(settings.locale), link=backend.link(f.tab, f.cell))
                for f in report.findings
            ],
            "message": report.message,
        }  # fmt: skip
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
    else:
        print(report.summary())
        for d in report.deliveries:
            if d.status in ("failed", "dead"):
                print(f"  {d.status:<6} {d.channel:<8} {d.recipient:<32} {d.error}")
    undelivered = sum(report.counts[s] for s in ("failed", "dead", "pending"))
    return EXIT_FINDINGS if undelivered else EXIT_OK


def cmd_cases(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.cases.recurrence import case_stats, flagged, links, quarter_of
    from jobs.run.envelope import run
    from sheets_sync import open_backend, parse_workbook

    backend = open_backend(settings, _Progress(args.quiet or args.json))
    now = args.at or _now(settings)
    report = run("cases", settings, backend, now, dry_run=args.dry_run)
    accepted, without = report.counts["accepted"], report.counts["without_case"]
    found = [s for s in report.links if not args.retro or s.retro_id in args.retro]
    wb = parse_workbook(backend.read(), settings) if args.stats else None
    stats = case_stats(wb, links(wb, report.links)) if wb is not None else []
    hot = {s.case_id for s in flagged(stats, quarter_of(now.date()))}
    if args.json:
        print(json.dumps(
            {"accepted": accepted, "findings_without_case": without,
             "suggestions": [dataclasses.asdict(s) for s in found],
             "cases": [dict(dataclasses.asdict(s), flagged=s.case_id in hot) for s in stats]},
            ensure_ascii=False, indent=2, default=str,
        ))  # fmt: skip
        return EXIT_OK
    where = "dry run: nothing written" if args.dry_run else "written to _case_links"
    print(f"{without} finding(s) without case_id; {len(report.links)} suggestion(s), "
          f"{accepted} accepted ({where})")  # fmt: skip
    for s in found:
        mark = "accepted" if s.accepted else "suggested"
        print(f"  {s.retro_id:<8} {s.cell:<6} #{s.rank} {s.case_id:<8} {s.score:.2f} {mark:<9} "
              f"{', '.join(s.words)}")  # fmt: skip
    for c in stats:
        flag = f"  ← {quarter_of(now.date())}: {c.by_quarter[quarter_of(now.date())]}×" if (
            c.case_id in hot) else ""  # fmt: skip
        print(f"  {c.case_id:<8} occurrences {c.occurrences:<3} recurrences {c.recurrences:<3} "
              f"last {c.last_seen or '-'}  {'、'.join(c.departments)}{flag}")  # fmt: skip
    return EXIT_OK


def _moment(text: str) -> dt.datetime:
    """'2026-11-27 09:00' (local time in the configured zone)."""
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: expected 'YYYY-MM-DD HH:MM'") from exc


def _start(text: str) -> dt.date | dt.datetime:
    """'2026-09-30' (the start of that working day) or '2026-09-30 14:00'."""
    try:
        return dt.date.fromisoformat(text.strip()) if len(text.strip()) == 10 else _moment(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: expected YYYY-MM-DD[ HH:MM]") from exc


def cmd_start_project(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.lock import RunLock, lock_path
    from jobs.run.report import plan_json, print_findings, print_plan
    from jobs.run.start import start_project
    from sheets_sync import open_backend

    locale = args.locale or settings.locale
    settings = dataclasses.replace(settings, locale=locale)  # the words written in the notes
    backend = open_backend(settings, _Progress(args.quiet or args.json))
    now = _now(settings)
    # under the run lock: two starts at once would pick the same new ids from one read
    with RunLock(lock_path(settings)).acquire("start-project", wait_s=args.wait):
        plan = start_project(
            settings, backend, args.template, args.name, args.start, args.owner, now,
            initiator=args.initiator, dry_run=args.dry_run,
        )  # fmt: skip
    if args.json:
        print(plan_json(plan, locale, args.dry_run))
    elif isinstance(plan, list):
        print_findings(plan, locale, f"{settings.where}: {args.template} not started")
    else:
        print_plan(plan, locale, args.dry_run)
    return EXIT_FINDINGS if isinstance(plan, list) else EXIT_OK


def cmd_scheduler(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.scheduler import serve

    return serve(
        settings, daily_at=args.daily_at, heartbeat=args.heartbeat, plan_only=args.plan,
        quiet=args.quiet,
    )  # fmt: skip


def cmd_schema(args: argparse.Namespace, settings: Settings) -> int:
    from sheets_sync.reference import markdown

    print(markdown())
    return EXIT_OK


def cmd_dashboard(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.serve.launch import run

    port = args.port or settings.dashboard_port
    print(f"dashboard on http://localhost:{port} (Ctrl+C to stop)", flush=True)
    return run(args.config, port)  # the server in this process's place: it gets the signals


def _at(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--at", type=_moment, metavar='"YYYY-MM-DD HH:MM"', help="run as of this local time"
    )


def _dry_run(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dry-run", action="store_true", help="compute and print; write nothing")


def _wait(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--wait",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="wait this long for a running job to finish (default 60), then exit 2",
    )


def _locale(p: argparse.ArgumentParser, help: str = "language of the messages") -> None:
    p.add_argument("--locale", choices=("zh-CN", "en"), help=help)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: $COLLABSHEET_CONFIG or config/collabsheet.toml)",
    )
    common.add_argument("--json", action="store_true", help="machine-readable output")
    common.add_argument("--quiet", "-q", action="store_true", help="no progress lines on stderr")

    parser = argparse.ArgumentParser(
        prog="collabsheet",
        description="Cross-department collaboration on shared spreadsheets.",
        epilog="Example: collabsheet demo && collabsheet validate",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, func: Callable[[argparse.Namespace, Settings], int], help: str, example: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            parents=[common],
            help=help,
            description=help,
            epilog=f"Example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(func=func)
        return p

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
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="date the demo is relative to (default: today)",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing workbook")

    p = add(
        "init",
        cmd_init,
        "write an empty starter workbook to fill in: headers, dropdowns, hints, example rows",
        "collabsheet init data/team.xlsx --locale en",
    )
    p.add_argument("path", metavar="PATH", help="the .xlsx file to write")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    _locale(p, "language of the headers, hints and tab titles (default: [general] locale)")

    p = add(
        "validate",
        cmd_validate,
        "check every tab; write the problems to _checks",
        "collabsheet validate --config config/collabsheet.toml --json",
    )
    _locale(p)

    p = add(
        "sla",
        cmd_sla,
        "compute the SLA of every open obligation on the working calendar; write _sla",
        "collabsheet sla --status breached --status at_risk --dept D01",
    )
    p.add_argument("--dept", action="append", metavar="DEPT_ID", help="only this department")
    p.add_argument(
        "--status",
        action="append",
        choices=("on_track", "at_risk", "breached"),
        help="only this status",
    )
    p.add_argument(
        "--kind",
        action="append",
        choices=("response", "completion", "approval", "dispute", "action"),
        help="only this kind of obligation",
    )
    _at(p)
    _dry_run(p)
    _locale(p, "language of the output and of the explanations in _sla")

    p = add(
        "remind",
        cmd_remind,
        "send due digests and escalations (email, Feishu, DingTalk, WeCom, Slack, outbox)",
        'collabsheet remind --dry-run --at "2026-11-27 09:00"',
    )
    p.add_argument("--dry-run", action="store_true", help="show what would be sent; send nothing")
    _at(p)
    p.add_argument(
        "--hourly",
        action="store_true",
        help="the hourly run: new level-3 escalations and retries only",
    )
    _locale(p)

    p = add(
        "run",
        cmd_run,
        "one daily or hourly run: validate, SLA, metrics, reminders; one write of the bot tabs "
        "(exit 1 when a message could not be delivered, 2 when the run failed)",
        "collabsheet run daily",
    )
    p.add_argument(
        "kind",
        choices=("daily", "hourly"),
        help="daily: everything; hourly: SLA and urgent escalations only",
    )
    _wait(p)
    _at(p)
    _locale(p)

    p = add(
        "metrics",
        cmd_metrics,
        "compute every KPI against its target and baseline; append today's values to _metrics",
        "collabsheet metrics --locale en",
    )
    _at(p)
    _dry_run(p)
    _locale(p, "language of the KPI names")

    p = add(
        "start-project",
        cmd_start_project,
        "start a project from a template: append it and one task per step, with hand-off and "
        "due times on the working calendar",
        'collabsheet start-project --template T01 --name "会员积分体系开发" --start 2026-09-29',
    )
    p.add_argument("--template", required=True, metavar="TEMPLATE_ID", help="template to use")
    p.add_argument("--name", required=True, help="project name (unique among open projects)")
    p.add_argument(
        "--start",
        required=True,
        type=_start,
        metavar="YYYY-MM-DD[ HH:MM]",
        help="a date starts at that day's first working hour (09:00); today at the earliest",
    )
    p.add_argument("--owner", metavar="PERSON_ID", help="default: the initiating dept's head")
    p.add_argument(
        "--initiator", metavar="DEPT_ID", help="default: accountable dept of the first step"
    )
    p.add_argument("--dry-run", action="store_true", help="print the plan; append nothing")
    _wait(p)
    _locale(p, "language of output and notes")

    p = add(
        "scheduler",
        cmd_scheduler,
        "run the daily job and the hourly job (in working hours) in the configured time zone "
        "until SIGTERM or Ctrl+C",
        "collabsheet scheduler --daily-at 09:00",
    )
    p.add_argument(
        "--daily-at", metavar="HH:MM", help="daily run time (default: [scheduler] daily_at, 09:00)"
    )
    p.add_argument(
        "--heartbeat", type=Path, metavar="PATH", help="default: [scheduler] heartbeat or beside "
        "the workbook"
    )  # fmt: skip
    p.add_argument("--plan", action="store_true", help="print the schedule and exit")

    p = add(
        "cases",
        cmd_cases,
        "suggest library cases for retrospective findings without case_id; write _case_links",
        "collabsheet cases --stats",
    )
    p.add_argument("--retro", action="append", metavar="RETRO_ID", help="only this finding")
    p.add_argument("--stats", action="store_true", help="per case: occurrences, recurrences")
    _at(p)
    _dry_run(p)

    add(
        "schema",
        cmd_schema,
        "print the tab reference (the columns of every tab) as Markdown",
        "collabsheet schema > docs/tabs.md",
    )

    p = add(
        "dashboard",
        cmd_dashboard,
        "start the manager dashboard (Streamlit)",
        "collabsheet dashboard --port 8501",
    )
    p.add_argument("--port", type=int, help="port (default: [dashboard] port, 8501)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
        code: int = args.func(args, settings)
        return code
    except CollabsheetError as exc:
        print(f"collabsheet: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # output piped into `head`: stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug of ours: still one line and exit 2, never "findings" (1)
        from jobs.notify import factory, redact

        secrets = factory.secrets(settings.channels) if "settings" in locals() else []
        print(
            f"collabsheet: internal error: {type(exc).__name__}: {redact(str(exc), secrets)} "
            "(please report it with "
            "the command you ran; run with PYTHONDEVMODE=1 for the traceback)",
            file=sys.stderr,
        )
        if os.environ.get("PYTHONDEVMODE"):
            raise
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
