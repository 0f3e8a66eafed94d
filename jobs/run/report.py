"""Plain-text reports: findings per tab with their cells, the SLA, the KPIs, a started project."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from config.bot_values import ZH
from config.phrases import Phrases, language
from jobs.kpis.targets import comparator, unit_word
from jobs.run.command_text import say
from jobs.run.run_summary import NAMES
from jobs.run.setup_text import severity_word
from jobs.run.text_table import pad, rpad, table, width
from jobs.sla.selection import STATUS_TEXT as SLA_STATUS_TEXT

if TYPE_CHECKING:
    from jobs.kpis.measures import KpiValue
    from jobs.projects.project_plan import ProjectPlan
    from sheets_sync.finding import Finding

HEAD = Phrases("jobs/run/report.py HEAD", {
    "tab": ("工作表", "tab"), "errors": ("错误", "errors"), "warnings": ("警告", "warnings"),
    "total": ("共 {e} 个错误、{w} 个警告", "{e} error(s), {w} warning(s)"),
    "clean": ("没有发现问题", "no problems found"), "fix": ("修正", "fix"),
    # the SLA's head line, and its line when nothing matches
    "sla": ("共 {n} 项未完成义务（L = 升级级别，数字 = 剩余小时）",
            "{n} open obligation(s) (L = escalation level, number = hours left)"),
    "sla_none": ("没有符合条件的义务", "no obligations match"),
    # a started project's head line, the dry run's mark, its tasks' columns
    "plan": ("项目 {id}「{name}」：模板 {template}，发起部门 {dept}，负责人 {owner}，{start} 开始，"
             "目标 {target}", "project {id} '{name}': template {template}, initiated by {dept}, "
             "owner {owner}, starts {start}, target {target}"),
    "plan_dry": ("（试运行，未写入）", " (dry run: nothing appended)"),
    "col.task": ("任务", "task"), "col.step": ("步骤", "step"), "col.dept": ("部门", "dept"),
    "col.handoff": ("交接", "hand-off"), "col.due": ("截止", "due"), "col.after": ("前置", "after"),
})  # fmt: skip
PLAN_COLUMNS = ("col.task", "col.step", "col.dept", "col.handoff", "col.due", "col.after")


def print_findings(
    findings: Sequence[Finding], locale: str, where: str, out: TextIO | None = None
) -> None:
    """Findings per tab (a count table), then each with its cell, rule and fix."""
    out = out or sys.stdout
    x = HEAD.words(locale)
    tab_h, err_h, warn_h, total, clean, fix_h = (
        x[k] for k in ("tab", "errors", "warnings", "total", "clean", "fix")
    )
    errors = Counter(f.tab for f in findings if f.severity == "error")
    warnings = Counter(f.tab for f in findings if f.severity == "warning")
    tabs = list(dict.fromkeys(f.tab for f in findings))
    print(f"{where}: {total.format(e=errors.total(), w=warnings.total())}", file=out)
    if not tabs:
        print(clean, file=out)
        return
    w = max(width(tab_h), *(width(t) for t in tabs)) + 2
    print(f"\n{pad(tab_h, w)}{rpad(err_h, 8)}{rpad(warn_h, 10)}", file=out)
    for t in tabs:
        print(f"{pad(t, w)}{rpad(str(errors[t]), 8)}{rpad(str(warnings[t]), 10)}", file=out)
    print(file=out)
    for f in findings:
        mark = severity_word(locale, f.severity)
        print(f"{mark} {f.tab}!{f.cell}  [{f.rule}] {f.message(locale)}", file=out)
        print(f"      {fix_h}: {f.fix(locale)}", file=out)


STATUS_TEXT = SLA_STATUS_TEXT  # the SLA statuses' words (jobs.sla.selection: --status takes them)


def print_sla(
    rows: list[dict[str, object]],
    counts: dict[str, int],
    locale: str,
    findings: Sequence[tuple[str, str]],
    out: TextIO | None = None,
) -> None:
    """Open obligations, most overdue first, each with the explanation of its due time; first
    the run's ``findings`` (severity, text), each under its severity's word."""
    out = out or sys.stdout
    names = STATUS_TEXT.words(locale)
    kinds = ZH["_sla"]["kind"] if language(locale) != "en" else {}
    sep, (left, right) = ("，", "（）") if kinds else (", ", "()")
    summary = sep.join(f"{names[s]} {n}" for s, n in counts.items())
    print(f"{HEAD(locale, 'sla', n=len(rows))}{'' if kinds else ' '}{left}{summary}{right}",
          file=out)  # fmt: skip
    for severity, text in findings:
        print(f"{severity_word(locale, severity)} {text}", file=out)
    if not rows:
        print(HEAD(locale, "sla_none"), file=out)
        return
    lines = table(
        [(names.get(str(r["status"]), str(r["status"])), f"L{r['level']}", str(r["remaining_h"]),
          _what(r, kinds), f"{r['dept_id'] or '-'}/{r['person_id'] or '-'}",
          str(r["link"])) for r in rows],
        right=(2,),
    )  # fmt: skip
    for line, r in zip(lines, rows, strict=True):
        print(line, file=out)
        print(f"          {r['explanation']}", file=out)


def _what(row: dict[str, object], kinds: dict[str, str]) -> str:
    """``响应 T000317`` (the _sla tab's 类型 and 对象) in Chinese; the key
    (``response:T000317``) in English, where the code is the word."""
    kind = str(row["kind"])
    return f"{kinds[kind]} {row['ref']}" if kind in kinds else f"{kind}:{row['ref']}"


def _amount(value: float | None, unit: str, locale: str) -> str:
    if value is None:
        return NAMES.words(locale)["value.none"]
    return f"{value * 100:.1f}%" if unit == "%" else f"{value:.3g} {unit_word(unit, locale)}"


def print_metrics(
    values: Sequence[KpiValue], locale: str, today: object, out: TextIO | None = None
) -> None:
    """One line per KPI: name in the locale, value, target and ✓ / ✗ / – (no data or baseline)."""
    from config.defaults import KPI_DEFAULTS

    out = out or sys.stdout
    en = language(locale) == "en"
    print(say(locale, "metrics.head", day=today), file=out)
    rows = []
    for v in values:
        kpi = KPI_DEFAULTS[v.kpi]
        name = kpi.en if en else kpi.zh
        if kpi.direction.startswith("change"):
            change = f"{v.target * 100:+.0f}%"
            target = say(locale, "metrics.versus", change=change,
                         base=_amount(v.baseline, kpi.unit, locale)) if v.baseline else (
                say(locale, "metrics.versus_none", change=change))  # fmt: skip
        else:
            target = f"{comparator(v.kpi)} {_amount(v.target, kpi.unit, locale)}"
        mark = "–" if v.met is None else ("✓" if v.met else "✗")
        value = _amount(v.value, kpi.unit, locale)
        why = f"({v.reason.text(locale)})" if v.reason is not None else ""
        rows.append((name, value, target, mark, why))
    for line in table(rows, right=(1,)):
        print(line, file=out)


def print_plan(plan: ProjectPlan, locale: str, dry_run: bool, out: TextIO | None = None) -> None:
    """The new project id and a table of its tasks: id, step, department, hand-off, due."""
    out = out or sys.stdout
    x, p = HEAD.words(locale), plan.project
    cols = [x[k] for k in PLAN_COLUMNS]
    print(x["plan"].format(id=p["project_id"], name=p["name"], template=p["template_id"],
                           dept=p["initiator_dept"], owner=p["owner"], start=p["start_date"],
                           target=p["target_date"]) + (x["plan_dry"] if dry_run else ""),
          file=out)  # fmt: skip
    name_w = max(width(cols[1]), *(width(f"{t.step} {t.step_name}") for t in plan.tasks)) + 2
    print(f"{pad(cols[0], 10)}{pad(cols[1], name_w)}{pad(cols[2], 6)}"
          f"{pad(cols[3], 18)}{pad(cols[4], 18)}{cols[5]}", file=out)  # fmt: skip
    for t in plan.tasks:
        print(f"{pad(t.task_id, 10)}{pad(f'{t.step} {t.step_name}', name_w)}{pad(t.dept_id, 6)}"
              f"{t.handoff:%Y-%m-%d %H:%M}  {t.due:%Y-%m-%d %H:%M}  {', '.join(t.after) or '-'}",
              file=out)  # fmt: skip
    for f in plan.warnings:  # as validate and _checks call each (trial15: 警告 for a 提示)
        mark = severity_word(locale, f.severity)
        print(f"{mark} {f.tab}!{f.cell}  [{f.rule}] {f.message(locale)}", file=out)


def plan_json(plan: ProjectPlan | list[Finding], locale: str, dry_run: bool) -> str:
    """The plan (project, tasks) or the refusal (findings) as JSON."""
    if isinstance(plan, list):
        body: dict[str, Any] = {"started": False, "findings": [f.as_row(locale) for f in plan]}
    else:
        tasks = [dataclasses.asdict(t) for t in plan.tasks]
        body = {"started": not dry_run, "dry_run": dry_run, "project": plan.project,
                "tasks": tasks, "calendar": plan.calendar,
                "warnings": [f.as_row(locale) for f in plan.warnings]}  # fmt: skip
    return json.dumps(body, ensure_ascii=False, indent=2, default=str)
