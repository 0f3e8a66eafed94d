"""``collabsheet survey``: the quarterly satisfaction survey as rounds (open, remind, close,
status), a command group with one subcommand each (``jobs.run.survey_round`` does the work).

Another module adds a subcommand the way the top-level groups add commands: it exposes
``register(add)`` and this group calls it with its own ``add`` (``survey import``).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import Any

from config.errors import CollabsheetError
from config.phrases import Phrases
from config.settings import Settings
from jobs.run import options, survey_import_command
from jobs.run.command_parser import Parser, command
from jobs.run.command_text import LINES, say
from jobs.run.lock import held
from jobs.run.options import EXIT_FAILED, EXIT_FINDINGS, EXIT_OK, Add, Command, Progress
from jobs.run.survey_notes import NOTES
from jobs.run.survey_round import RoundReport
from jobs.run.text_table import table
from jobs.survey.responses import total

WORDS = Phrases.from_locales("jobs/run/survey_command.py", {
    "zh-CN": {"dept": "部门", "answered": "答卷数", "headcount": "在岗人数", "rate": "回收率",
              "total": "合计", "round": "调研轮次 {q}：{state}", "open": "进行中，截止 {close}",
              "closed": "已于 {at} 结束", "none": "尚未开启", "ended": "已过截止日 {close}",
              "letters": "{verb} {n} 封", "would": "将发送", "sent": "已发送",
              "held": "暂缓 {n} 封：{reason}",
              "excess": "{dept}：答卷数 {n} 多于在岗人数 {h}，可能重复导入或人员表不全"
                        "（回收率按 100% 计）",
              "definition": "回收率 = 答卷数（每位在岗人员至多计 1 份；括号内为收到的全部答卷）"
                            "/ 在岗人数",
              "appended": "已把 {n} 份在工作簿打开期间收到的表单答卷写入「满意度调研」",
              "waiting": "{n} 份表单答卷仍在等待写入：{path} 正被打开（或有运行持有运行锁），"
                         "关闭后再运行 collabsheet survey status；本轮在写入前不会结束",
              "stuck": "{n} 份表单答卷无法写入：{error}；改正后运行 collabsheet survey status"
                       "（答卷保存在 {path}）；本轮在写入前不会结束"},
    "en": {"dept": "department", "answered": "answers", "headcount": "active people",
           "rate": "rate", "total": "total", "round": "survey round {q}: {state}",
           "open": "open until {close}", "closed": "closed at {at}", "none": "not opened",
           "ended": "past its close date {close}", "letters": "{verb} {n} letter(s)",
           "would": "would send", "sent": "sent", "held": "{n} letter(s) held: {reason}",
           "excess": "{dept}: {n} answers for {h} active people: a file imported twice, or "
                     "people missing from the people tab (the rate counts 100%)",
           "definition": "rate = answers (at most one per active person; in brackets all "
                         "answers received) / active people",
           "appended": "appended {n} form answer(s) received while the workbook was open",
           "waiting": "{n} form answer(s) still waiting: {path} is open (or a run holds the "
                      "lock); close it and run collabsheet survey status; the round is not "
                      "closed before they are written",
           "stuck": "{n} form answer(s) cannot be written: {error}; fix it and run collabsheet "
                    "survey status (they are kept in {path}); the round is not closed before "
                    "they are written"},
})  # fmt: skip


def _quarter(text: str) -> str:
    from jobs.run.survey_round import quarter_text

    try:
        return quarter_text(text)
    except CollabsheetError as exc:  # said again in Chinese by the parser (command_parser)
        raise argparse.ArgumentTypeError(exc.said("en")) from exc


def _print(
    report: RoundReport, settings: Settings, now: dt.datetime, as_json: bool, sends: bool,
    link: Callable[[str, str], str],
) -> None:  # fmt: skip
    w = WORDS.words(settings.locale)
    rnd = report.round
    if as_json:
        print(json.dumps({
            "quarter": report.quarter, "dry_run": report.dry_run, "written": report.wrote,
            "note": report.note, "diverted": report.diverted,
            "round": dataclasses.asdict(rnd) if rnd else None,
            "deliveries": [dataclasses.asdict(d) for d in report.deliveries],
            "rates": [dict(dataclasses.asdict(r), counted=r.counted, rate=r.rate,
                           excess=r.excess) for r in report.rates],
            "warnings": list(report.warnings),
            "findings": [dict(f.as_row(settings.locale), link=link(f.tab, f.cell))
                         for f in report.findings],
        }, ensure_ascii=False, indent=2, default=str))  # fmt: skip
        return
    if rnd is None:
        state = w["none"]
    elif rnd.closed_at:
        state = w["closed"].format(at=rnd.closed_at)
    elif rnd.is_open(now):
        state = w["open"].format(close=rnd.close_on)
    else:
        state = w["ended"].format(close=rnd.close_on)
    if not report.quarter:  # no round to speak of (survey remind with none open)
        print(report.note)
        return
    print(w["round"].format(q=report.quarter, state=state))
    if report.note:
        print(f"  {report.note}")
    if sends and rnd is not None:  # open, remind: what went (or would go)
        verb = w["would"] if report.dry_run else w["sent"]
        sent = report.count("would_send" if report.dry_run else "sent")
        print(f"  {w['letters'].format(verb=verb, n=sent)}")
        held = report.count("would_hold" if report.dry_run else "held")
        if held:
            print(f"  {w['held'].format(n=held, reason=report.held)}")
    for line in report.warnings:
        print(f"  {line}")
    words = {d.status: say(settings.locale, f"status.{d.status}") if f"status.{d.status}" in LINES
             else d.status for d in report.deliveries}  # fmt: skip
    shown = [(words[d.status], d.channel, d.recipient, d.subject) for d in report.deliveries]
    for line, d in zip(table(shown), report.deliveries, strict=True):
        print(f"  {line}")
        if d.error and d.status not in ("held", "would_hold"):  # held: said once above
            print(f"             {said_again(d.status, d.channel, d.error, settings.locale)}")
    for f in report.findings:  # a letter that cannot go: where to add the address
        row = f.as_row(settings.locale)
        print(f"  {link(f.tab, f.cell)}: {row['message']} {row['fix']}")
    rows = [(w["dept"], w["answered"], w["headcount"], w["rate"])]
    every = [*report.rates, total(report.rates)]
    # the answers the rate counts, and all of them beside where more came (trial35: 合计 36 39
    # 82.1%, the rate of 32)
    rows += [(f"{r.dept_id} {r.name}" if r.dept_id else w["total"],
              str(r.counted) if r.counted == r.answered else f"{r.counted} ({r.answered})",
              str(r.headcount), _pct(r.rate)) for r in every]  # fmt: skip
    for line in table([(*r, "") for r in rows], right=(1, 2, 3)):  # as wide as the words
        print(f"  {line}")
    print(f"  {w['definition']}")
    for r in report.rates:  # more answers than people: the rate is capped, say why
        if r.excess:
            print("  " + w["excess"].format(dept=f"{r.dept_id} {r.name}", n=r.answered,
                                            h=r.headcount))  # fmt: skip


def _pct(rate: float | None) -> str:
    return f"{rate:.1%}" if rate is not None else "-"


def _run(
    args: argparse.Namespace, settings: Settings, work: Any, writes: bool, sends: bool = False
) -> int:
    from sheets_sync import open_backend

    now = args.at or options.now(settings)
    backend = open_backend(settings, Progress(args.quiet or args.json))
    # the form's answers kept while the book was open; a round is not closed without them
    # (review37: its final counts left them out)
    flushing = args.survey_command in ("status", "close") and not getattr(args, "dry_run", False)
    if flushing and _flush_waiting(settings, backend) and args.survey_command == "close":
        return EXIT_FINDINGS
    if writes and not getattr(args, "dry_run", False):
        with held(
            settings, f"survey {args.survey_command}", args.wait, getattr(args, "dry_run", False)
        ):
            report = work(backend, now)
    else:
        report = work(backend, now)
    _print(report, settings, now, args.json, sends, backend.link)
    diverted = options.tell_diverted(report)  # the results file was locked: a fallback
    bad = report.count("failed") + report.count("dead") + report.count("pending")
    errors = any(f.severity == "error" for f in report.findings)
    return EXIT_FINDINGS if bad or diverted or errors else EXIT_OK


def _flush_waiting(settings: Settings, backend: Any) -> int:
    """Append the form's waiting answers (jobs/run/survey_waiting.py), say so (on stderr: a
    --json output stays JSON); the number still waiting."""
    from jobs.run.survey_waiting import flush, waiting_path

    appended, waiting, why = flush(settings, backend)
    if appended:
        print(WORDS(settings.locale, "appended", n=appended), file=sys.stderr)
    if waiting and why is not None:  # not the workbook open: the error with its own fix
        print(WORDS(settings.locale, "stuck", n=waiting, error=why.said(settings.locale),
                    path=waiting_path(settings)), file=sys.stderr)  # fmt: skip
    elif waiting:
        print(WORDS(settings.locale, "waiting", n=waiting, path=settings.path), file=sys.stderr)
    return waiting


def cmd_open(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.survey_round import open_survey

    return _run(args, settings, lambda b, now: open_survey(
        settings, b, args.quarter, args.close, now, dry_run=args.dry_run, reopen=args.reopen),
        True, True)  # fmt: skip


def cmd_remind(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.survey_round import remind_survey

    return _run(args, settings, lambda b, now: remind_survey(
        settings, b, now, args.quarter, dry_run=args.dry_run), True, True)  # fmt: skip


def cmd_close(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.survey_round import close_survey

    return _run(args, settings, lambda b, now: close_survey(
        settings, b, args.quarter, now, dry_run=args.dry_run), True)  # fmt: skip


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.survey_round import survey_status

    return _run(args, settings, lambda b, now: survey_status(settings, b, now, args.quarter),
                False)  # fmt: skip


def cmd_group(args: argparse.Namespace, settings: Settings) -> int:
    """``collabsheet survey`` alone: the subcommand is required (argparse says so first)."""
    return EXIT_FAILED


def register(add: Add) -> None:
    """Add ``survey`` and its subcommands to the parser."""
    group = add(
        "survey",
        cmd_group,
        "the quarterly satisfaction survey: open a round (personal links by each person's "
        "channel), remind, close, status (response rate per department)",
        "collabsheet survey status 2026Q4",
    )
    sub = group.add_subparsers(dest="survey_command", required=True, metavar="SUBCOMMAND")

    locale = group.locale if isinstance(group, Parser) else "zh-CN"

    def sub_add(name: str, func: Command, help: str, example: str) -> argparse.ArgumentParser:
        return command(sub, locale, name, func, help, example,
                       lambda p: options.global_options(p, on_command=True))  # fmt: skip

    p = sub_add("open", cmd_open, "open the quarter's round: record it in _survey_rounds and send "
                "each active person an invitation with a personal link to the survey form "
                "(signed with the secret in $COLLABSHEET_SURVEY_SECRET, [survey] secret_env)",
                "collabsheet survey open 2026Q4 --dry-run")  # fmt: skip
    _quarter_arg(p)
    p.add_argument(
        "--close",
        type=options.day,
        metavar="YYYY-MM-DD",
        help="the last day answers are "
        "taken (default: [survey] close_after_workdays working days from today)",
    )
    p.add_argument(
        "--reopen",
        action="store_true",
        help="open again a round that was closed or is past its close date: a new round with "
        "a new close date and new links (without it, an ended round is refused)",
    )
    _common(p, writes=True)
    p = sub_add("remind", cmd_remind, "remind, once, the people who have not answered, from "
                "[survey] remind_after_workdays working days after the round opened",
                "collabsheet survey remind --dry-run")  # fmt: skip
    _quarter_arg(p, optional=True)
    _common(p, writes=True)
    p = sub_add("close", cmd_close, "close the quarter's round now: its links stop working; the "
                "final response rate is recorded in _survey_rounds",
                "collabsheet survey close 2026Q4 --dry-run")  # fmt: skip
    _quarter_arg(p)
    _common(p, writes=True)
    p = sub_add("status", cmd_status, "the response rate per department (answers that count / "
                "active people) of a quarter, else of the open or latest round",
                "collabsheet survey status 2026Q4")  # fmt: skip
    _quarter_arg(p, optional=True)
    _common(p, writes=False)
    survey_import_command.register(sub_add)  # survey import: helper module of its own


def _quarter_arg(p: argparse.ArgumentParser, optional: bool = False) -> None:
    p.add_argument(
        "quarter",
        nargs="?" if optional else None,
        type=_quarter,
        metavar="QUARTER",
        help="2026Q4 (also 2026-Q4, 2026年第4季度)",
    )


def _common(p: argparse.ArgumentParser, writes: bool) -> None:
    options.at_option(p)
    if writes:
        options.dry_run_option(p)
        options.wait_option(p)
    options.locale_option(p)


def said_again(status: str, channel: str, error: str, locale: str) -> str:
    """A letter's reason in the terminal's language: a carried one (the ledger writes it in
    the workbook's) said again; any other as the channel or the ledger gave it."""
    return NOTES(locale, "carried", channel=channel) if status == "carried" else error
