"""The jobs that send, append or run on a schedule: ``remind``, ``run``, ``start-project``,
``scheduler``; each holds the run lock (``--wait``), as the scheduler does."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

from config.errors import CollabsheetError
from config.settings import Settings
from jobs.run import options
from jobs.run.command_text import say, status_word
from jobs.run.lock import held
from jobs.run.options import (
    EXIT_FAILED,
    EXIT_FINDINGS,
    EXIT_OK,
    Add,
    Progress,
    at_option,
    locale_option,
    start_time,
    wait_option,
)
from jobs.run.run_summary import undelivered
from jobs.run.text_table import table


def cmd_remind(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.envelope import run
    from sheets_sync import open_backend

    if args.locale:
        settings = dataclasses.replace(settings, locale=args.locale)
    now = args.at or options.now(settings)
    with held(settings, "remind", args.wait, getattr(args, "dry_run", False)):
        backend = open_backend(settings, Progress(args.quiet or args.json))
        report = run("remind", settings, backend, now, hourly=args.hourly, dry_run=args.dry_run)
    diverted = options.tell_diverted(report)
    rows = [dataclasses.asdict(d) for d in report.deliveries]
    findings = [
        dict(f.as_row(settings.locale), link=backend.link(f.tab, f.cell)) for f in report.findings
    ]
    if args.json:
        print(
            json.dumps(
                {"at": str(now), "dry_run": args.dry_run, "deliveries": rows,
                 "failures": report.failures, "findings": findings,
                 "sent": report.count("sent"), "standing": report.standing,
                 "silence": report.silence and report.silence.line(settings.locale, args.dry_run)},
                ensure_ascii=False, indent=2, default=str,
            )
        )  # fmt: skip
    else:
        if not args.dry_run:
            print(report.summary(settings.locale))
        loc = settings.locale
        head = "remind.head_dry" if args.dry_run else "remind.head"
        waiting = sum(d.status in ("held", "would_hold") for d in report.deliveries)
        n = len(rows) - waiting if args.dry_run else len(rows)  # would send: those not held
        line = say(loc, head, at=f"{now:%Y-%m-%d %H:%M}", n=n)
        if waiting:  # say what waits for working hours, so the silence line below agrees
            hold = "remind.would_hold" if args.dry_run else "remind.holding"
            line += say(loc, hold, held=waiting)
        print(line)
        if report.silence is not None:  # why nothing went, in one line
            print(report.silence.line(loc, args.dry_run))
        # aligned by display width: a group's recipient is "D06 市场部"
        shown = [(status_word(loc, d.status), d.channel, d.recipient, d.subject)
                 for d in report.deliveries]  # fmt: skip
        ahead = [*report.deliveries[1:], None][: len(report.deliveries)]
        for text, d, nxt in zip(table(shown), report.deliveries, ahead, strict=True):
            print(f"  {text}")
            if d.error:
                print(f"             {d.note(loc)}")
            post = (d.sent_as, d.channel, d.recipient)
            if d.sent_as and (nxt is None or (nxt.sent_as, nxt.channel, nxt.recipient) != post):
                n = sum((x.sent_as, x.channel, x.recipient) == post for x in report.deliveries)
                print(f"             {say(loc, 'remind.together', n=n, subject=d.sent_as)}")
        for key, error in report.failures:
            print(f"  {say(loc, 'remind.not_delivered', key=key, error=error)}")
        for f in findings:
            print(f"  {f['link']}: {f['message']} {f['fix']}")
    # pending, failed or dead, from this run or an earlier one (jobs.run.run_summary.undelivered)
    # and errors in the data it reads; warnings (a year without an official holiday schedule, a
    # 通知群 not configured) are printed but, as for `run`, do not fail the command
    bad = undelivered(report.standing) + len(report.failures)
    errors = any(f.severity == "error" for f in report.findings)
    return EXIT_FINDINGS if bad or errors or diverted else EXIT_OK


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.envelope import run
    from jobs.run.failure import raise_failed
    from sheets_sync import open_backend

    if args.locale:
        settings = dataclasses.replace(settings, locale=args.locale)
    now = args.at or options.now(settings)
    with held(settings, args.kind, args.wait, getattr(args, "dry_run", False)):
        backend = open_backend(settings, Progress(args.quiet or args.json))
        try:
            report = run(args.kind, settings, backend, now, dry_run=args.dry_run)
        except Exception as exc:  # as the scheduler does: in _runs and told to the coordinators
            raise_failed(settings, backend, args.kind, now, exc, args.dry_run)
    if args.json:
        out = {
            "kind": report.kind, "run_id": report.run_id, "outcome": report.outcome,
            "dry_run": report.dry_run, "started_at": str(report.started_at),
            "counts": report.counts, "tabs": report.tabs, "api_requests": report.api_requests,
            "deliveries": [dataclasses.asdict(d) for d in report.deliveries],
            "findings": [
                dict(f.as_row(settings.locale), link=backend.link(f.tab, f.cell))
                for f in report.findings
            ],
            "message": report.message, "standing": report.standing, "diverted": report.diverted,
            "silence": report.silence and report.silence.line(settings.locale),
        }  # fmt: skip
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
    else:
        print(report.summary(settings.locale))
        if report.silence is not None:  # why nothing went, in one line
            print(report.silence.line(settings.locale))
        loc = settings.locale  # 发送失败 / 已放弃, not failed / dead (trial18)
        failed = [(status_word(loc, d.status), d.channel, d.recipient, d.error)
                  for d in report.deliveries if d.status in ("failed", "dead")]  # fmt: skip
        for line in table(failed):  # a group's recipient is "D06 市场部"
            print(f"  {line}")
    if options.tell_diverted(report):  # the results file was locked: merged by the next run
        return EXIT_FINDINGS
    return EXIT_FINDINGS if undelivered(report.standing) else EXIT_OK


def cmd_start_project(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.report import plan_json, print_findings, print_plan
    from jobs.run.setup_text import say as setup_say
    from jobs.run.start import (
        Choice,
        Wanted,
        choice_json,
        picked_line,
        print_choice,
        start_project,
        wanted_text,
    )
    from sheets_sync import open_backend

    locale = args.locale or settings.locale
    settings = dataclasses.replace(settings, locale=locale)  # the words written in the notes
    wanted = Wanted(args.type, args.scale) if args.type or args.scale else None
    if (args.template is None) == (wanted is None):
        raise CollabsheetError(
            "start-project：用 --template 编号指定模板，或用 --type 和/或 --scale 从模板库中挑选"
            "（只用其中一种），例如 --type 产品研发 --scale 跨3部门",
            "start-project: name the template with --template ID, or pick it from the library "
            "with --type and/or --scale (not both ways), e.g. --type 产品研发 --scale 跨3部门",
        )
    backend = open_backend(settings, Progress(args.quiet or args.json))
    now = options.now(settings)
    # under the run lock: two starts at once would pick the same new ids from one read
    with held(settings, "start-project", args.wait, getattr(args, "dry_run", False)):
        plan = start_project(
            settings, backend, wanted or args.template, args.name,
            options.start_day(args.start, now), args.owner, now,
            initiator=args.initiator, dry_run=args.dry_run,
        )  # fmt: skip
    if isinstance(plan, Choice):  # several fit (exit 1: choose one), or none (2: bad value)
        if args.json:
            print(choice_json(plan))
        else:
            print_choice(plan, locale)
        return EXIT_FINDINGS if plan.candidates else EXIT_FAILED
    if args.json:
        print(plan_json(plan, locale, args.dry_run))
    elif isinstance(plan, list):
        name = wanted_text(wanted, locale) if wanted else args.template
        where = setup_say(locale, "start.not_started", where=settings.where, name=name)
        print_findings(plan, locale, where)
    else:
        if wanted is not None:
            print(picked_line(wanted, plan, locale))
        print_plan(plan, locale, args.dry_run)
    return EXIT_FINDINGS if isinstance(plan, list) else EXIT_OK


def cmd_scheduler(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.scheduler_service import serve

    return serve(
        settings, daily_at=args.daily_at, heartbeat=args.heartbeat, plan_only=args.plan,
        quiet=args.quiet,
    )  # fmt: skip


def register(add: Add) -> None:
    """Add these commands to the parser."""
    p = add(
        "remind",
        cmd_remind,
        "send due digests and escalations (email, Feishu, DingTalk, WeCom, Slack, outbox)",
        'collabsheet remind --dry-run --at "2026-11-27 09:00"',
    )
    p.add_argument("--dry-run", action="store_true", help="show what would be sent; send nothing")
    at_option(p)
    p.add_argument(
        "--hourly",
        action="store_true",
        help="the hourly run: only new level-3 escalations, retries, held messages and new-task "
        "announcements",
    )
    wait_option(p)
    locale_option(p)

    p = add(
        "run",
        cmd_run,
        "one daily or hourly run: validate, SLA, metrics, reminders; one write of the bot tabs "
        "(exit 1 while a message is pending, failed or dead, from this run or an earlier one; "
        "2 when the run failed)",
        "collabsheet run daily",
    )
    p.add_argument(
        "kind",
        choices=("daily", "hourly"),
        metavar="daily|hourly",
        help="daily: everything; hourly: the SLA, new level-3 escalations, retries, held messages "
        "and new-task announcements",
    )
    wait_option(p)
    at_option(p)
    p.add_argument(
        "--dry-run", action="store_true",
        help="compute everything and count what would be sent; write and send nothing",
    )  # fmt: skip
    locale_option(p)

    p = add(
        "start-project",
        cmd_start_project,
        "start a project from a template: append it and one task per step, with hand-off and "
        "due times on the working calendar; warns when the plan reaches a year without an "
        "official holiday schedule",
        'collabsheet start-project --type 产品研发 --scale 大 --name "华信物流定制开发（试点）" '
        "--start tomorrow --dry-run",
    )
    p.add_argument("--template", metavar="TEMPLATE_ID", help="template to use (or --type/--scale)")
    p.add_argument(
        "--type", metavar="TYPE",
        help="pick the template by 项目类型 (or 协作场景), e.g. 产品研发; several fitting: "
        "they are listed (exit 1); none: the valid types and scales are listed (exit 2)",
    )  # fmt: skip
    p.add_argument(
        "--scale", metavar="SCALE",
        help="pick the template by 协作规模: 小/中/大 (small/medium/large) or 跨N部门, N the "
        "departments responsible or accountable for its steps",
    )  # fmt: skip
    p.add_argument(
        "--name",
        required=True,
        type=options.project_name,
        help="project name; refused when a project that is not cancelled (planned, active or "
        "done) already has it",
    )
    p.add_argument(
        "--start",
        required=True,
        type=start_time,
        metavar="YYYY-MM-DD[ HH:MM]|today|tomorrow",
        help="a date (or today, tomorrow: in the configured time zone) starts at that day's "
        "first working moment (09:00, or the next working day's); a date before today is "
        "refused, a start earlier today begins now",
    )
    p.add_argument("--owner", metavar="PERSON_ID", help="default: the initiating dept's head")
    p.add_argument(
        "--initiator", metavar="DEPT_ID", help="default: accountable dept of the first step"
    )
    p.add_argument("--dry-run", action="store_true", help="print the plan; append nothing")
    wait_option(p)
    locale_option(p, "language of the terminal's output; new rows' 备注 stay in [general] locale")

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
