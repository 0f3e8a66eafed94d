"""A run in words: its one summary line for a terminal or a log, and why its outcome is what it
is (the ``_runs`` row's message: errors in the sheets, messages not delivered and why)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from config.phrases import Phrases
from jobs.notify.limits import carried_reason, carried_why, is_carried
from jobs.reminders.ledger import restated

# a run's kind and outcome, a message's state and a channel's kind in words
NAMES = Phrases("jobs/run/run_summary.py NAMES", {
    "kind.daily": ("每日运行", "daily"), "kind.hourly": ("每小时运行", "hourly"),
    "kind.remind": ("提醒", "remind"), "kind.validate": ("校验", "validate"),
    "kind.sla": ("时限计算", "sla"), "kind.metrics": ("指标计算", "metrics"),
    "kind.cases": ("案例匹配", "cases"), "kind.weekly": ("周例会材料", "weekly"),
    "outcome.ok": ("正常", "ok"), "outcome.errors": ("有问题", "errors"),
    "outcome.failed": ("失败", "failed"), "value.none": ("无数据", "n/a"),
    "state.pending": ("待重试", "pending"), "state.failed": ("失败", "failed"),
    "state.dead": ("放弃", "dead"),
    "channel.feishu": ("飞书", "Feishu"), "channel.dingtalk": ("钉钉", "DingTalk"),
    "channel.wecom": ("企业微信", "WeCom"), "channel.slack": ("Slack", "Slack"),
    "channel.email": ("邮件", "e-mail"), "channel.outbox": ("本地发件箱", "outbox"),
})  # fmt: skip
RUN_TEXT = Phrases.from_locales("jobs/run/run_summary.py", {
    "zh-CN": {
        "head": "{kind} {run_id}（{at}）：{outcome}", "rows": "读取 {n} 行",
        "checks": "表格错误 {errors} 个、警告 {warnings} 个",
        "sla": "时限：有风险 {at_risk}、已超时 {breached}；三级升级（管理层）{escalated}",
        "kpis": "指标 {kpis} 项",
        "messages": "消息：本次发送 {sent}；待重试 {pending}、失败 {failed}、放弃 {dead}、"
                    "暂缓 {held}",
        "dry": "试运行（不写入、不发送）：将发送 {would_send} 条、暂缓 {would_hold} 条（明细见 "
               "collabsheet remind --dry-run）",
        "tail": "API 请求 {api} 次，{s:.2f} 秒",
        "reason_errors": "表格有 {errors} 个错误", "and": "；",
        "reason_ok": "本次运行无错误，无未送达的消息",  # not "无待处理事项": 9 breached (trial11)
        "reason_ok_plain": "本次运行无错误",  # a run that does not look at the messages
        "unread": "未读取的工作表：{tabs}（原因见 _checks 或 collabsheet validate）",
        "tabs_sep": "、",
        "cases_note": "{without_case} 条未填案例编号的复盘发现中采纳建议 {accepted} 条；"
                      "关联案例的复盘 {linked} 条，重复发生的案例 {recurring} 个（共 {cases} 个）",
        "reason_messages": "消息未送达：待重试 {pending}、失败 {failed}、放弃 {dead}"
                           "（见 _reminders）",
        "why": "{channel}「{error}」：{status} {n} 条{parts}", "why_sep": "，", "why_head": "：",
        "parts": "（分条消息）", "more": "等 {n} 类",
    },
    "en": {
        "head": "{kind} run {run_id} at {at}: {outcome}", "rows": "{n} rows",
        "checks": "{errors} errors, {warnings} warnings in the sheets",
        "sla": "SLA {at_risk} at risk, {breached} breached; {escalated} at level 3 (management)",
        "kpis": "{kpis} KPIs",
        "messages": "messages {sent} sent; {pending} pending, {failed} failed, {dead} dead, "
                    "{held} held back",
        "dry": "dry run (nothing written, nothing sent): {would_send} would be sent, "
               "{would_hold} held back (the list: collabsheet remind --dry-run)",
        "tail": "{api} API requests, {s:.2f} s",
        "reason_errors": "{errors} error(s) in the sheets",
        "reason_ok": "no errors in this run, no message undelivered",
        "reason_ok_plain": "no errors in this run",
        "and": "; ", "unread": "tabs not read: {tabs} (why: _checks or collabsheet validate)",
        "tabs_sep": ", ",
        "cases_note": "{accepted} accepted of {without_case} findings without case; {linked} "
                      "linked retrospectives, {recurring} recurring cases of {cases}",
        "reason_messages": "messages not delivered: {pending} pending, {failed} failed, "
                           "{dead} dead (see _reminders)",
        "why": "{channel} \"{error}\": {n} {status}{parts}", "why_sep": ", ", "why_head": ": ",
        "parts": " (parts of messages)", "more": "and {n} more",
    },
})  # fmt: skip
UNDELIVERED = ("pending", "failed", "dead")  # not delivered (held: not yet due)
STANDING = (*UNDELIVERED, "held")


def kind_name(locale: str, kind: str) -> str:
    """A run's kind in words: 每日运行, 每小时运行 …; an unknown kind as it is."""
    return _name(locale, "kind", kind)


def _name(locale: str, what: str, key: str) -> str:
    """``key`` (a run's kind, an outcome, a state, a channel's kind) in words; unknown: itself."""
    return NAMES.words(locale).get(f"{what}.{key}", key)


def undelivered(standing: dict[str, int]) -> int:
    """Messages owed or lost, from this run or an earlier one: the run exits 1 while any."""
    return sum(standing.get(s, 0) for s in UNDELIVERED)


def run_reason(
    errors: int, standing: dict[str, int], locale: str, entries: Iterable[Any] = (),
    kind_of: Callable[[str], str] = str, unread: Sequence[str] = (), messages: bool = True,
) -> str:  # fmt: skip
    """Why a run's outcome is what it is, for its ``_runs`` row (the failures follow it):
    the tabs not read, the errors in the sheets, and what was not delivered and why
    (``entries``: the ledger's undelivered entries, each with ``channel``, ``status``,
    ``error`` and ``key``)."""
    t = RUN_TEXT.words(locale)
    parts = [t["unread"].format(tabs=t["tabs_sep"].join(unread))] if unread else []
    parts += [t["reason_errors"].format(errors=errors)] if errors else []
    if undelivered(standing):
        line = t["reason_messages"].format(**{s: standing.get(s, 0) for s in STANDING})
        why = undelivered_why(entries, locale, kind_of)
        parts.append(line + (t["why_head"] + why if why else ""))
    # ``messages`` False: a run that never read the ledger (validate, sla, …) says nothing of them
    return t["and"].join(parts) or t["reason_ok" if messages else "reason_ok_plain"]


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
        why = carried_why(error)
        error = carried_reason(locale, str(e.channel), None, why) if is_carried(error) else (
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
    if getattr(report, "unread", ()):  # a tab not read: its rows are in no count below
        parts.append(t["unread"].format(tabs=t["tabs_sep"].join(report.unread)))
    if "_checks" in writes:
        parts.append(t["checks"].format(errors=c.get("errors", 0), warnings=c.get("warnings", 0)))
    if report.sla is not None:
        parts.append(t["sla"].format(**{k: c.get(k, 0) for k in ("at_risk", "breached",
                                                                   "escalated")}))  # fmt: skip
    if "_metrics" in writes:
        parts.append(t["kpis"].format(kpis=c.get("kpis", 0)))
    if "_reminders" in writes and getattr(report, "dry_run", False):
        deliveries = getattr(report, "deliveries", ())
        parts.append(t["dry"].format(**{s: sum(d.status == s for d in deliveries)
                                        for s in ("would_send", "would_hold")}))  # fmt: skip
    elif "_reminders" in writes:
        standing = {s: report.standing.get(s, 0) for s in STANDING}
        parts.append(t["messages"].format(sent=c.get("sent", 0), **standing))
    parts.append(t["tail"].format(api=report.api_requests, s=report.duration_s))
    return "; ".join(parts)
