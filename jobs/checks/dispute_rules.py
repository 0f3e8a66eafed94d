"""Disputes closed for real: a decision says what, who and when; a major (重大) dispute goes to
management at once; a dispute that keeps coming back ends in a change of the matrix (权责清单)
and is reported until the matrix names it; a decision that makes another department responsible
(裁决负责部门) is reported until the matrix row lists that department."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sheets_sync.finding import Finding, rule
from sheets_sync.table import Table
from sheets_sync.workbook import Workbook

rule(
    "dispute.decided_incomplete",
    "error",
    (
        "争议状态为已裁决，但「{label}」为空",
        "填写「{label}」；还没有裁决的，把状态改回协商中或已升级",
    ),
    (
        "the dispute is decided but '{key}' is empty",
        "enter '{key}'; if it is not decided yet, set the status back to negotiating or escalated",
    ),
)
rule(
    "dispute.major_not_escalated",
    "warning",
    (
        "重大争议 {dispute} 仍是「{value}」，没有立即升级到管理层",
        "把状态改为「已升级」，由管理层（部门的升级对象）裁决",
    ),
    (
        "major dispute {dispute} is still '{value}': it was not escalated to management at once",
        "set the status to escalated so management (the departments' escalate_to) decides it",
    ),
)
rule(
    "dispute.major_not_by_management",
    "warning",
    (
        "重大争议 {dispute} 由「{value}」裁决，此人不是管理层",
        "重大争议须由管理层裁决：由「人员」中角色为管理层的人或部门的升级对象重新确认",
    ),
    (
        "major dispute {dispute} was decided by '{value}', who is not management",
        "a major dispute is decided by management: have a manager or escalate_to person confirm it",
    ),
)
rule(
    "dispute.recurring",
    "warning",
    (
        "「{scenario} · {activity}」在 {quarter} 有 {n} 起争议（{rows}），权责清单需要修改",
        "建议修改{matrix}：{proposal}；改完后在该行「备注」写上争议编号（如 {last}），本提示即消失",
    ),
    (
        "'{scenario} · {activity}' was disputed {n} times in {quarter} ({rows}): the matrix needs "
        "a change",
        "change {matrix_en}: {proposal_en}; then name the dispute (e.g. {last}) in that row's "
        "notes and this goes away",
    ),
)
rule(
    "dispute.decision_not_in_matrix",
    "warning",
    (
        "裁决 {dispute} 把「{scenario} · {activity}」交给 {value}，但{matrix}",
        "{fix}；权责清单改好后本提示即消失",
    ),
    (
        "decision {dispute} makes {value} responsible for '{scenario} · {activity}', but "
        "{matrix_en}",
        "{fix_en}; once the matrix says so this goes away",
    ),
)
OPEN = (None, "open", "negotiating")
_LABELS = {"decision": "裁决结果", "decided_by": "裁决人", "decided_at": "裁决时间"}


def _quarter(at: dt.datetime | dt.date) -> str:
    return f"{at.year}Q{(at.month - 1) // 3 + 1}"


def _management(wb: Workbook) -> set[str]:
    people, depts = wb["people"], wb["departments"]
    found = {p for p, r in zip(people.column("person_id"), people.column("role"), strict=True)
             if r == "manager"}  # fmt: skip
    return found | {p for p in depts.column("escalate_to") if p}


def _matrix(wb: Workbook) -> dict[tuple[str, str], tuple[str, dict[str, Any]]]:
    """(scenario, activity) -> (the A1 cell of its responsible departments, the row)."""
    m = wb["responsibilities"]
    return {
        (r["scenario"], r["activity"]): (f"{m.title}!{m.cell('responsible', i)}", r)
        for i, r in enumerate(m.records())
    }


def _closing(t: Table, wb: Workbook) -> list[Finding]:
    """Decided without what, who or when; a major dispute left below management."""
    findings: list[Finding] = []
    bosses = _management(wb)
    said = {f.cell for f in wb.findings if f.tab == t.title}  # could not be read: said so
    for i, r in enumerate(t.records()):
        about = {"dispute": r["dispute_id"]}
        if r["status"] == "decided":
            for key, label in _LABELS.items():
                if key in t.positions and r[key] in (None, "") and t.cell(key, i) not in said:
                    findings.append(Finding(t.title, t.cell(key, i), None,
                                            "dispute.decided_incomplete",
                                            {"key": key, "label": label}))  # fmt: skip
        if r["severity"] != "major":
            continue
        if r["status"] in OPEN and "status" in t.positions:
            shown = {"open": "待处理", "negotiating": "协商中"}.get(r["status"], "未填写")
            findings.append(
                Finding(t.title, t.cell("status", i), shown, "dispute.major_not_escalated", about)
            )
        elif (
            r["status"] == "decided"
            and r["decided_by"]
            and bosses
            and (r["decided_by"] not in bosses)
        ):
            findings.append(Finding(t.title, t.cell("decided_by", i), r["decided_by"],
                                    "dispute.major_not_by_management", about))  # fmt: skip
    return findings


def _latest_decided(rows: list[tuple[int, dict[str, Any]]]) -> tuple[int, dict[str, Any]] | None:
    decided = [(i, r) for i, r in rows if r["status"] == "decided" and r["decision"]]
    return max(decided, key=lambda x: x[1]["decided_at"] or x[1]["raised_at"], default=None)


def _recurring(t: Table, wb: Workbook) -> list[Finding]:
    """Two or more disputes over one activity in a quarter: propose the change of the matrix."""
    if not all(k in t.positions for k in ("scenario", "activity")):
        return []
    matrix = _matrix(wb)
    groups: dict[tuple[str, str, str], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    every: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for i, r in enumerate(t.records()):
        if r["scenario"] and r["activity"] and r["raised_at"] is not None:
            groups[(r["scenario"], r["activity"], _quarter(r["raised_at"]))].append((i, r))
            every[(r["scenario"], r["activity"])].append((i, r))
    findings: list[Finding] = []
    for (scenario, activity, quarter), rows in groups.items():
        if len(rows) < 2:
            continue
        rows.sort(key=lambda x: (x[1]["raised_at"], x[0]))
        ids = [r["dispute_id"] for _, r in rows]
        where, row = matrix.get((scenario, activity), ("", None))
        if row is not None and any(d in (row["notes"] or "") for d in ids):
            continue  # the matrix names the dispute: the change was made
        latest = _latest_decided(rows) or _latest_decided(every[(scenario, activity)])
        if latest:
            proposal = f"按最近的裁决 {latest[1]['dispute_id']} 写明：{latest[1]['decision']}"
            proposal_en = (
                f"write in the latest decision, {latest[1]['dispute_id']}: "
                + (latest[1]["decision"])
            )
        else:
            proposal = "请管理层裁决后写明负责部门和最终负责部门"
            proposal_en = "have management decide, then enter the responsible and accountable"
        last = rows[-1][0]
        findings.append(
            Finding(
                t.title, t.cell("activity", last), "、".join(ids), "dispute.recurring",
                {
                    "scenario": scenario, "activity": activity, "quarter": quarter,
                    "n": len(rows), "last": ids[-1], "proposal": proposal,
                    "proposal_en": proposal_en,
                    "rows": "、".join(f"{t.title}!{t.cell('dispute_id', i)}" for i, _ in rows),
                    "matrix": f"{where} 这一行" if where
                    else f"权责清单：为场景「{scenario}」加上环节「{activity}」",
                    "matrix_en": f"the matrix row at {where}" if where
                    else f"the matrix: add '{activity}' under '{scenario}'",
                },
            )
        )  # fmt: skip
    return findings


def _against_matrix(t: Table, wb: Workbook) -> list[Finding]:
    """The latest decision over an activity names a responsible department the matrix does not:
    reported at its 裁决负责部门 cell until the matrix row lists that department."""
    if not all(k in t.positions for k in ("scenario", "activity", "decided_dept")):
        return []
    matrix = _matrix(wb)
    decided = [
        (r["decided_at"] or r["raised_at"] or dt.datetime.min, i, r)
        for i, r in enumerate(t.records())
        if r["status"] == "decided" and r["decided_dept"] and r["scenario"] and r["activity"]
    ]
    latest: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
    for _, i, r in sorted(decided, key=lambda x: (x[0], x[1])):  # the last decision wins
        latest[(r["scenario"], r["activity"])] = (i, r)
    findings: list[Finding] = []
    for (scenario, activity), (i, r) in latest.items():
        dept = str(r["decided_dept"])
        where, row = matrix.get((scenario, activity), ("", None))
        responsible = [str(d) for d in (row["responsible"] or ())] if row is not None else []
        if dept in responsible:
            continue
        about = {"dispute": r["dispute_id"], "scenario": scenario, "activity": activity}
        if row is None:
            about |= {
                "matrix": "权责清单没有这一环节", "matrix_en": "the matrix has no such row",
                "fix": f"在权责清单为场景「{scenario}」加上环节「{activity}」，负责部门写 {dept}",
                "fix_en": f"add '{activity}' under '{scenario}' to the matrix, {dept} responsible",
            }  # fmt: skip
        else:
            listed = "、".join(responsible) or "（空）"
            about |= {
                "matrix": f"{where} 的负责部门是「{listed}」",
                "matrix_en": f"the matrix says '{listed}' at {where}",
                "fix": f"在 {where} 的负责部门写上 {dept}（不再负责的部门删去）",
                "fix_en": f"put {dept} among the responsible at {where} (drop any no longer)",
            }  # fmt: skip
        findings.append(Finding(t.title, t.cell("decided_dept", i), dept,
                                "dispute.decision_not_in_matrix", about))  # fmt: skip
    return findings


def check_disputes(wb: Workbook) -> list[Finding]:
    t = wb["disputes"]
    return [*_closing(t, wb), *_recurring(t, wb), *_against_matrix(t, wb)]
