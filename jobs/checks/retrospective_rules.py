"""Retrospectives closed for real: every finding has an action, every action an owner and a
deadline (the 整改清单 and its reminders depend on them), and an action marked done says when
(the 整改周期 KPI and the SLA clock need it). A column the tab does not have is not checked here
(it is not required)."""

from __future__ import annotations

from sheets_sync.finding import Finding, rule
from sheets_sync.workbook import Workbook

rule(
    "retro.no_action",
    "warning",
    (
        "复盘发现「{finding}」没有整改措施",
        "在「整改措施」写明要做什么，并填写整改负责人和整改期限；确实无需整改的写「无需整改」及原因",
    ),
    (
        "the retrospective finding '{finding}' has no action",
        "enter the action to take, with its owner and deadline; if none is needed, say so and why",
    ),
)
rule(
    "retro.action_no_owner",
    "warning",
    ("整改措施「{action}」没有整改负责人", "在「整改负责人」填写一个人员编号，整改提醒会发给此人"),
    (
        "the action '{action}' has no owner",
        "enter a person_id in action_owner; the reminders go to that person",
    ),
)
rule(
    "retro.action_no_due",
    "warning",
    (
        "整改措施「{action}」没有整改期限",
        "在「整改期限」填写完成日期和时间，例如 2026-12-11 18:00",
    ),
    (
        "the action '{action}' has no deadline",
        "enter action_due, e.g. 2026-12-11 18:00",
    ),
)

rule(
    "retro.done_without_time",
    "warning",
    (
        "整改措施「{action}」的整改状态为已完成，但「整改完成时间」为空",
        "填写整改完成的日期和时间，例如 2026-12-11 18:00；还没有完成的，把整改状态改为整改中",
    ),
    (
        "the action '{action}' is marked done but action_done_at is empty",
        "enter when it was done, e.g. 2026-12-11 18:00; if it is not done yet, set "
        "action_status to doing",
    ),
)


def check_retrospectives(wb: Workbook) -> list[Finding]:
    t = wb["retrospectives"]
    # a cell read as empty because it could not be read (a formula without a result, an
    # invalid date) is reported as that already; a column the tab lacks is not checked
    said = {f.cell for f in wb.findings if f.tab == t.title}

    def empty(key: str, i: int) -> bool:
        return key in t.positions and t.cell(key, i) not in said

    findings: list[Finding] = []
    for i, r in enumerate(t.records()):
        if not r["action"]:
            if empty("action", i):
                findings.append(
                    Finding(t.title, t.cell("action", i), None, "retro.no_action",
                            {"finding": _short(r["finding"])})
                )  # fmt: skip
            continue
        about = {"action": _short(r["action"])}
        if not r["action_owner"] and empty("action_owner", i):
            findings.append(
                Finding(t.title, t.cell("action_owner", i), None, "retro.action_no_owner", about)
            )
        if r["action_due"] is None and empty("action_due", i):
            findings.append(
                Finding(t.title, t.cell("action_due", i), None, "retro.action_no_due", about)
            )
        done = r["action_status"] == "done" and r["action_done_at"] is None
        if done and empty("action_done_at", i):
            findings.append(Finding(t.title, t.cell("action_done_at", i), None,
                                    "retro.done_without_time", about))  # fmt: skip
    return findings


def _short(text: object, limit: int = 30) -> str:
    s = str(text or "")
    return s if len(s) <= limit else s[: limit - 1] + "…"
