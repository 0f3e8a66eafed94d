"""Plain-text reports: findings per tab with their cells, the SLA, the KPIs, a started project."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from config.phrases import Phrases, language
from jobs.kpis.targets import comparator, unit_word
from jobs.notify.limits import carried_reason, is_carried
from jobs.reminders.ledger import restated
from jobs.run.command_text import say
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
    warnings: list[str],
    out: TextIO | None = None,
) -> None:
    """Open obligations, most overdue first, each with the explanation of its due time."""
    out = out or sys.stdout
    names = STATUS_TEXT.words(locale)
    summary = ", ".join(f"{names[s]} {n}" for s, n in counts.items())
    print(f"{HEAD(locale, 'sla', n=len(rows))} ({summary})", file=out)
    for w in warnings:
        print(f"{severity_word(locale, 'warning')} {w}", file=out)
    if not rows:
        print(HEAD(locale, "sla_none"), file=out)
        return
    lines = table(
        [(names.get(str(r["status"]), str(r["status"])), f"L{r['level']}", str(r["remaining_h"]),
          f"{r['kind']}:{r['ref']}", f"{r['dept_id'] or '-'}/{r['person_id'] or '-'}",
          str(r["link"])) for r in rows],
        right=(2,),
    )  # fmt: skip
    for line, r in zip(lines, rows, strict=True):
        print(line, file=out)
        print(f"          {r['explanation']}", file=out)


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
    for f in plan.warnings:
        mark = severity_word(locale, "warning")
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


# a run's kind and outcome, a message's state and a channel's kind in words
NAMES = Phrases("jobs/run/report.py NAMES", {
    "kind.daily": ("每日运行", "daily"), "kind.hourly": ("每小时运行", "hourly"),
    "kind.remind": ("提醒", "remind"), "kind.validate": ("校验", "validate"),
    "kind.sla": ("时限计算", "sla"), "kind.metrics": ("指标计算", "metrics"),
    "kind.cases": ("案例匹配", "cases"),
    "outcome.ok": ("正常", "ok"), "outcome.errors": ("有问题", "errors"),
    "outcome.failed": ("失败", "failed"), "value.none": ("无数据", "n/a"),
    "state.pending": ("待重试", "pending"), "state.failed": ("失败", "failed"),
    "state.dead": ("放弃", "dead"),
    "channel.feishu": ("飞书", "Feishu"), "channel.dingtalk": ("钉钉", "DingTalk"),
    "channel.wecom": ("企业微信", "WeCom"), "channel.slack": ("Slack", "Slack"),
    "channel.email": ("邮件", "e-mail"), "channel.outbox": ("本地发件箱", "outbox"),
})  # fmt: skip
RUN_TEXT = Phrases.from_locales("jobs/run/report.py", {
    "zh-CN": {
        "head": "{kind} {run_id}（{at}）：{outcome}", "rows": "读取 {n} 行",
        "checks": "错误 {errors} 个、警告 {warnings} 个",
        "sla": "时限：有风险 {at_risk}、已超时 {breached}（三级升级 {escalated}）",
        "kpis": "指标 {kpis} 项",
        "messages": "消息：本次发送 {sent}；待重试 {pending}、失败 {failed}、放弃 {dead}、"
                    "暂缓 {held}",
        "tail": "API 请求 {api} 次，{s:.2f} 秒",
        "reason_errors": "表格有 {errors} 个错误", "reason_ok": "无待处理事项", "and": "；",
        "cases_note": "{without_case} 条未填案例编号的复盘发现中采纳建议 {accepted} 条；"
                      "关联案例的复盘 {linked} 条，重复发生的案例 {recurring} 个（共 {cases} 个）",
        "reason_messages": "消息未送达：待重试 {pending}、失败 {failed}、放弃 {dead}"
                           "（见 _reminders）",
        "why": "{channel}「{error}」：{status} {n} 条{parts}", "why_sep": "，", "why_head": "：",
        "parts": "（分条消息）", "more": "等 {n} 类",
    },
    "en": {
        "head": "{kind} run {run_id} at {at}: {outcome}", "rows": "{n} rows",
        "checks": "{errors} errors, {warnings} warnings",
        "sla": "SLA {at_risk} at risk, {breached} breached ({escalated} at level 3)",
        "kpis": "{kpis} KPIs",
        "messages": "messages {sent} sent; {pending} pending, {failed} failed, {dead} dead, "
                    "{held} held back",
        "tail": "{api} API requests, {s:.2f} s",
        "reason_errors": "{errors} error(s) in the sheets", "reason_ok": "nothing outstanding",
        "and": "; ",
        "cases_note": "{accepted} accepted of {without_case} findings without case; {linked} "
                      "linked retrospectives, {recurring} recurring cases of {cases}",
        "reason_messages": "messages not delivered: {pending} pending, {failed} failed, "
                           "{dead} dead (see _reminders)",
        "why": "{channel} \"{error}\": {n} {status}{parts}", "why_sep": ", ", "why_head": ": ",
        "parts": " (parts of messages)", "more": "and {n} more",
    },
})  # fmt: skip
STANDING = ("pending", "failed", "dead", "held")


def _name(locale: str, what: str, key: str) -> str:
    """``key`` (a run's kind, an outcome, a state, a channel's kind) in words; unknown: itself."""
    return NAMES.words(locale).get(f"{what}.{key}", key)


def undelivered(standing: dict[str, int]) -> int:
    """Messages owed or lost, from this run or an earlier one: the run exits 1 while any."""
    return sum(standing.get(s, 0) for s in ("pending", "failed", "dead"))


def run_reason(
    errors: int, standing: dict[str, int], locale: str, entries: Iterable[Any] = (),
    kind_of: Callable[[str], str] = str,
) -> str:  # fmt: skip
    """Why a run's outcome is what it is, for its ``_runs`` row (the failures follow it):
    the errors in the sheets, and what was not delivered and why (``entries``: the ledger's
    undelivered entries, each with ``channel``, ``status``, ``error`` and ``key``)."""
    t = RUN_TEXT.words(locale)
    parts = [t["reason_errors"].format(errors=errors)] if errors else []
    if undelivered(standing):
        line = t["reason_messages"].format(**{s: standing.get(s, 0) for s in STANDING})
        why = undelivered_why(entries, locale, kind_of)
        parts.append(line + (t["why_head"] + why if why else ""))
    return t["and"].join(parts) or t["reason_ok"]


def with_cases(reason: str, locale: str, **counts: int) -> str:
    """``run_reason``'s text and the cases run's counts (accepted, without_case, linked,
    recurring, cases) for its ``_runs`` message, in ``locale``: the workbook's language
    (``Settings.written_locale``)."""
    t = RUN_TEXT.words(locale)
    return reason + t["and"] + t["cases_note"].format(**counts)


# a wait or a moment in an error ("(retry after 60 s)", "(from 10:00:05)", "（10:00:05 起）"):
# not part of why
_MOMENT = re.compile(r"\s*\((?:retry after|from|next) [^)]*\)|（[\d:]+ 起）")
WHY_GROUPS = 3  # the commonest reasons named in a _runs message (its text is cut at 500)


def undelivered_why(entries: Iterable[Any], locale: str, kind_of: Callable[[str], str]) -> str:
    """The reasons messages were not delivered, commonest first: "飞书「code 11232: rate
    limited」：待重试 3 条（分条消息）" (a channel's kind in words, its destination's name when
    it has one)."""
    t = RUN_TEXT.words(locale)
    groups: Counter[tuple[str, str, str]] = Counter()
    parted: set[tuple[str, str, str]] = set()
    for e in entries:
        error = _MOMENT.sub("", str(e.error or "")).strip()[:80] or "?"
        # the ledger's own reasons in the run's language (an older row's are English)
        error = carried_reason(locale, str(e.channel)) if is_carried(error) else (
            restated(error, locale))  # fmt: skip
        group = (str(e.channel), str(e.status), error)
        groups[group] += 1
        if "#" in str(e.key):
            parted.add(group)
    out = []
    for (channel, status, error), n in groups.most_common(WHY_GROUPS):
        kind = kind_of(channel)
        name = _name(locale, "channel", kind) + ("" if channel == kind else f" {channel}")
        out.append(t["why"].format(channel=name, error=error, n=n,
                                   status=_name(locale, "state", status),
                                   parts=t["parts"] if (channel, status, error) in parted
                                   else ""))  # fmt: skip
    if len(groups) > WHY_GROUPS:
        out.append(t["more"].format(n=len(groups) - WHY_GROUPS))
    return t["why_sep"].join(out)


def summary_line(report: Any, writes: Sequence[str], locale: str) -> str:
    """One line for a terminal or a log: each count, messages by state (this run's sent; the
    ledger's pending, failed, dead and held back, whichever run left them)."""
    t, c = RUN_TEXT.words(locale), report.counts
    kind, outcome = _name(locale, "kind", report.kind), _name(locale, "outcome", report.outcome)
    parts = [t["head"].format(kind=kind, run_id=report.run_id, outcome=outcome,
                              at=f"{report.started_at:%Y-%m-%d %H:%M}"),
             t["rows"].format(n=c.get("rows", 0))]  # fmt: skip
    if "_checks" in writes:
        parts.append(t["checks"].format(errors=c.get("errors", 0), warnings=c.get("warnings", 0)))
    if report.sla is not None:
        parts.append(t["sla"].format(**{k: c.get(k, 0) for k in ("at_risk", "breached",
                                                                   "escalated")}))  # fmt: skip
    if "_metrics" in writes:
        parts.append(t["kpis"].format(kpis=c.get("kpis", 0)))
    if "_reminders" in writes:
        standing = {s: report.standing.get(s, 0) for s in STANDING}
        parts.append(t["messages"].format(sent=c.get("sent", 0), **standing))
    parts.append(t["tail"].format(api=report.api_requests, s=report.duration_s))
    return "; ".join(parts)
