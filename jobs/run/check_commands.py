"""Commands that check the sheets and write one bot tab: ``validate``, ``sla``, ``metrics``,
``cases`` (each under the run lock, as every job that writes the results)."""

from __future__ import annotations

import argparse
import dataclasses
import json

from config.errors import CollabsheetError
from config.settings import Settings
from jobs.run import options
from jobs.run.command_text import say
from jobs.run.lock import held
from jobs.run.options import (
    EXIT_FINDINGS,
    EXIT_OK,
    Add,
    Progress,
    at_option,
    dry_run_option,
    locale_option,
    wait_option,
)


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.envelope import run
    from jobs.run.report import print_findings
    from sheets_sync import open_backend

    with held(settings, "validate", args.wait, getattr(args, "dry_run", False)):
        backend = open_backend(settings, Progress(args.quiet or args.json))
        report = run("validate", settings, backend, options.now(settings))
    options.tell_diverted(report)
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
    from jobs.sla.selection import Selection
    from jobs.sla.sla_tab import sla_records
    from sheets_sync import open_backend

    if args.locale:  # the output and the _sla explanations in that language
        settings = dataclasses.replace(settings, locale=args.locale)
    pick = Selection(*(tuple(v or ()) for v in (args.dept, args.person, args.status, args.kind)))
    # a status that does not exist: nothing is written (the departments and people are known
    # once the workbook is read; every unknown name is then told in one line)
    dry_run = args.dry_run or pick.unknown(pick.depts, pick.people) is not None
    with held(settings, "sla", args.wait, getattr(args, "dry_run", False)):
        backend = open_backend(settings, Progress(args.quiet or args.json))
        now = args.at or options.now(settings)
        report = run("sla", settings, backend, now, dry_run=dry_run)
    options.tell_diverted(report)
    assert report.sla is not None  # the sla kind always computes it
    locale = settings.locale
    pick = pick.named(report.sla.departments, report.sla.people)  # 研发部 as D01
    if unknown := pick.unknown(report.sla.departments, report.sla.people):
        raise CollabsheetError(*unknown)  # the CLI's error line, in the locale (exit 2)
    rows = pick.rows(sla_records(report.sla_tab))  # the header and the breakdown: one selection
    counts = pick.counts(report.sla.result)
    # each under its severity: a tab not read is an error (review20: it was labelled 警告)
    said = [(f.severity, f.message(locale)) for f in report.findings]
    errors = [text for severity, text in said if severity == "error"]
    warnings = [text for severity, text in said if severity != "error"]
    if args.json:
        print(
            json.dumps(
                {"counts": counts, "errors": errors, "warnings": warnings, "obligations": rows},
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        )
    else:
        print_sla(rows, counts, locale, said)
    return EXIT_OK


def cmd_metrics(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.envelope import run
    from jobs.run.report import print_metrics
    from sheets_sync import open_backend

    if args.baseline:
        return _print_baselines(args, settings)
    with held(settings, "metrics", args.wait, getattr(args, "dry_run", False)):
        backend = open_backend(settings, Progress(args.quiet or args.json))
        now = args.at or options.now(settings)
        report = run("metrics", settings, backend, now, dry_run=args.dry_run)
    options.tell_diverted(report)
    locale = args.locale or settings.locale
    today = report.started_at.date()
    if args.json:
        values = [
            dict(dataclasses.asdict(v), reason=v.reason.text(locale) if v.reason else None)
            for v in report.metrics
        ]
        print(
            json.dumps(
                {"date": str(today), "metrics": values},
                ensure_ascii=False, indent=2, default=str,
            )
        )  # fmt: skip
    else:
        print_metrics(report.metrics, locale, today)
    return EXIT_OK


def _print_baselines(args: argparse.Namespace, settings: Settings) -> int:
    """``metrics --baseline 2026Q1``: the relative KPIs over that quarter, as of its last
    day, printed as ``[baselines]`` lines to review; nothing is written."""
    import datetime as dt

    from config.errors import ConfigError
    from jobs.kpis.baselines import baselines_of
    from jobs.kpis.quarters import parse_quarter
    from jobs.kpis.step_times import baseline_lines, period_steps
    from jobs.sla.status import sla_of
    from sheets_sync import open_backend, parse_workbook

    period = parse_quarter(args.baseline)
    if period is None:
        raise ConfigError(
            f"--baseline {args.baseline!r}：请写成季度，例如 2026Q1",
            f"--baseline {args.baseline!r}: expected a quarter such as 2026Q1",
        )
    backend = open_backend(settings, Progress(args.quiet or args.json))
    wb = parse_workbook(backend.read(), settings)
    end = dt.datetime.combine(period.last_day, dt.time(23, 59))
    sla = sla_of(wb, settings.sla_section, end).result
    found = baselines_of(wb, sla, period)
    steps = period_steps(sla, period.first_day, period.last_day)
    if args.json:
        rows = [dataclasses.asdict(b) for b in found]
        by_step = [{"step": s.step, "value": s.median_h, "tasks": len(s.tasks)} for s in steps]
        out = {"period": str(period), "baselines": rows, "steps": by_step}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"# [baselines] measured over {period} (as of {end:%Y-%m-%d %H:%M}); review, then "
          "paste into the config")  # fmt: skip
    print("[baselines]")
    for b in found:
        print(b.toml())
    print()
    print("\n".join(baseline_lines(steps, str(period))))  # 流程耗时 per step: its own table
    return EXIT_OK


def cmd_cases(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.cases.recurrence import flagged, quarter_of
    from jobs.run.envelope import run
    from jobs.run.text_table import table
    from sheets_sync import open_backend

    now = args.at or options.now(settings)
    with held(settings, "cases", args.wait, getattr(args, "dry_run", False)):
        backend = open_backend(settings, Progress(args.quiet or args.json))
        report = run("cases", settings, backend, now, dry_run=args.dry_run)
    options.tell_diverted(report)
    accepted, without = report.counts["accepted"], report.counts["without_case"]
    found = [s for s in report.links if not args.retro or s.retro_id in args.retro]
    stats = list(report.case_stats) if args.stats else []  # the run's: no second read
    hot = {s.case_id for s in flagged(stats, quarter_of(now.date()))}
    counted = report.counts  # the statistics as jobs.cases.recurrence.summary defines them
    totals = {k: counted[k] for k in ("cases", "recurring_cases", "linked_retros", "recurrences")}
    if args.json:
        print(json.dumps(
            {"accepted": accepted, "findings_without_case": without, "summary": totals,
             "suggestions": [dataclasses.asdict(s) for s in found],
             "cases": [dict(dataclasses.asdict(s), flagged=s.case_id in hot) for s in stats]},
            ensure_ascii=False, indent=2, default=str,
        ))  # fmt: skip
        return EXIT_OK
    loc = settings.locale  # --locale (before or after the command) is in it (cli.py)
    where = say(loc, "cases.dry" if args.dry_run else "cases.written")
    print(say(loc, "cases.head", without=without, n=len(report.links), accepted=accepted,
              where=where))  # fmt: skip
    print(say(loc, "cases.totals", cases=totals["cases"], recurring=totals["recurring_cases"],
              linked=totals["linked_retros"], recurrences=totals["recurrences"]))  # fmt: skip
    if found:
        rows = [say(loc, "cases.columns").split("|")]
        rows += [[s.retro_id, s.cell, str(s.rank), s.case_id, f"{s.score:.2f}",
                  say(loc, "cases.accepted" if s.accepted else "cases.suggested"),
                  ", ".join(s.words)] for s in found]  # fmt: skip
        print("\n".join("  " + line for line in table(rows, right=(2, 4))))
    if stats:
        quarter = quarter_of(now.date())
        rows = [say(loc, "cases.stat_columns").split("|")]
        rows += [[c.case_id, str(c.occurrences), str(c.recurrences), str(c.last_seen or "-"),
                  "、".join(c.departments)
                  + (f"  ← {quarter}: {c.by_quarter[quarter]}×" if c.case_id in hot else "")]
                 for c in stats]  # fmt: skip
        if found:
            print()
        print("\n".join("  " + line for line in table(rows, right=(1, 2))))
    return EXIT_OK


def register(add: Add) -> None:
    """Add these commands to the parser."""
    p = add(
        "validate",
        cmd_validate,
        "check every tab; write the problems to _checks",
        "collabsheet validate --config config/collabsheet.toml --json",
    )
    wait_option(p)
    locale_option(p)

    p = add(
        "sla",
        cmd_sla,
        "compute the SLA of every open obligation on the working calendar; write _sla",
        "collabsheet sla --status breached --status at_risk --dept D02",
    )
    p.add_argument(
        "--dept", action="append", metavar="DEPT", help="only this department (id or name)"
    )
    p.add_argument(
        "--person", action="append", metavar="PERSON", help="only this person (id or name)"
    )
    p.add_argument(
        "--status",
        action="append",
        metavar="STATUS",
        help="only this status: on_track, at_risk or breached, or in words: 正常, 有风险, 已超时 "
        "(the counts beside the total "
        "follow every filter; an unknown department, person or status is named with the "
        "valid ones)",
    )
    p.add_argument(
        "--kind",
        action="append",
        choices=("response", "completion", "approval", "dispute", "action", "retrospective"),
        metavar="KIND",
        help="only this kind of obligation: response, completion, approval, dispute, action or "
        "retrospective",
    )
    at_option(p)
    dry_run_option(p)
    wait_option(p)
    locale_option(p, "language of the terminal's output; _sla stays in [general] locale")

    p = add(
        "metrics",
        cmd_metrics,
        "compute every KPI against its target and baseline; append today's values to _metrics",
        "collabsheet metrics --locale en",
    )
    at_option(p)
    dry_run_option(p)
    p.add_argument(
        "--baseline",
        metavar="QUARTER",
        help="print the baselines measured over this quarter (e.g. 2026Q1) for [baselines]; "
        "write nothing",
    )
    wait_option(p)
    locale_option(
        p, "language of the terminal's output (the KPI names); _metrics stays in [general] locale"
    )

    p = add(
        "cases",
        cmd_cases,
        "suggest library cases for retrospective findings without case_id; write _case_links",
        "collabsheet cases --stats",
    )
    p.add_argument("--retro", action="append", metavar="RETRO_ID", help="only this finding")
    p.add_argument("--stats", action="store_true", help="per case: occurrences, recurrences")
    at_option(p)
    dry_run_option(p)
    wait_option(p)
