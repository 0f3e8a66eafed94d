"""Shared test workbooks: a small valid base workbook and helpers to parse it (its mutations
are ``tests.support.mutations``).

The base uses the default (Chinese) tab titles and the English header keys. Every tab holds
at least two valid rows, so a test that breaks one row can check that the others still load.
"""

from __future__ import annotations

import copy
from typing import Any

from config.defaults import TAB_TITLES
from config.schema import TABS
from config.settings import Settings
from jobs.checks.validation import validate
from sheets_sync.finding import Finding
from sheets_sync.workbook import Workbook, parse_workbook

Raw = dict[str, list[list[Any]]]

# tab key -> the id column used to name a loaded row in assertions
ID_KEY: dict[str, str] = {
    "departments": "dept_id",
    "people": "person_id",
    "responsibilities": "activity",
    "templates": "step_name",
    "projects": "project_id",
    "tasks": "task_id",
    "disputes": "dispute_id",
    "retrospectives": "retro_id",
    "survey": "response_id",
    "cases": "case_id",
    "calendar": "date",
}


def open_id(n: int) -> str:
    """A Feishu open_id of the test people (``ou_`` and 32 hex digits)."""
    return f"ou_{n:032x}"


def base_rows() -> dict[str, list[list[Any]]]:
    """tab key -> rows (row 0 is the header of English keys) of a small valid workbook."""
    # fmt: off
    return {
        "departments": [
            ["dept_id", "name", "head", "escalate_to", "channel", "active"],
            ["D01", "研发部", "P01", "P07", "email", "是"],
            ["D02", "销售部", "P03", "P07", "feishu", "是"],
            ["D03", "客服部", "P05", "P07", "钉钉", "yes"],
            ["D04", "财务部", "P06", "P07", "outbox", True],
        ],
        "people": [
            ["person_id", "name", "dept_id", "email", "mobile", "role", "active", "feishu_id",
             "wecom_id", "slack_id"],
            ["P01", "张三", "D01", "zhangsan@example.com", "13800000001", "head", "是",
             open_id(1), "zhangsan", "U00000001"],
            ["P02", "李四", "D01", "lisi@example.com", "13800000002", "member", "是",
             open_id(2), "lisi", "U00000002"],
            ["P03", "王五", "D02", "wangwu@example.com", "13800000003", "head", "是",
             open_id(3), "wangwu", "U00000003"],
            ["P04", "赵六", "D02", "zhaoliu@example.com", "", "member", "否", "", "", ""],
            ["P05", "孙七", "D03", "sunqi@example.com", "13800000005", "负责人", "是",
             open_id(5), "sunqi", "U00000005"],
            ["P06", "周八", "D04", "zhouba@example.com", "13800000006", "head", "是",
             open_id(6), "zhouba", "U00000006"],
            ["P07", "吴九", "D04", "wujiu@example.com", "13800000007", "manager", "是",
             open_id(7), "wujiu", "U00000007"],
        ],
        "responsibilities": [
            ["scenario", "activity", "responsible", "accountable", "consulted", "informed",
             "notes"],
            ["产品研发", "需求对接", "D01、D02", "D01", "D03", "D04", ""],
            ["产品研发", "成果交付", "D01", "D02", "", "D03", "交付给销售"],
            ["产品研发", "质量审核", "D03", "D01", "D02", "", ""],
            ["客户服务", "问题受理", "D03", "D03", "D01", "D02", ""],
        ],
        "templates": [
            ["template_id", "name", "scenario", "project_type", "scale", "step", "step_name",
             "activity", "kind", "response_sla_h", "done_sla_h", "depends_on"],
            ["T1", "研发模板", "产品研发", "新品", "medium", 1, "提需求", "需求对接", "handoff", 24,
             48, ""],
            ["T1", "研发模板", "产品研发", "新品", "medium", 2, "交付", "成果交付", "work", 24, 120,
             "1"],
            ["T1", "研发模板", "产品研发", "新品", "medium", 3, "审核", "质量审核", "approval", 24,
             48, "2"],
            ["T2", "客服模板", "客户服务", "", "small", 1, "受理", "问题受理", "work", 4, 24, ""],
        ],
        "projects": [
            ["project_id", "name", "template_id", "initiator_dept", "owner", "created_at",
             "start_date", "target_date", "status", "priority", "closed_at"],
            ["PJ1", "新品上市", "T1", "D01", "P01", "2026-11-01 09:00", "2026-11-02", "2026-12-31",
             "active", "high", ""],
            ["PJ2", "投诉处理", "T2", "D03", "P05", "2026-11-05 10:00", "2026-11-06", "2026-11-30",
             "planned", "medium", ""],
        ],
        "tasks": [
            ["task_id", "project_id", "step", "step_name", "dept_id", "assignee", "handed_off_at",
             "responded_at", "due_at", "done_at", "status", "blocker", "note"],
            ["K1", "PJ1", 1, "提需求", "D01", "P01", "2026-11-02 09:00", "2026-11-02 10:00",
             "2026-11-04 09:00", "2026-11-03 17:00", "done", "", ""],
            ["K2", "PJ1", 2, "交付", "D02", "P03", "2026-11-03 17:00", "2026-11-04 09:00",
             "2026-11-08 17:00", "", "doing", "", ""],
            ["K3", "PJ2", 1, "受理", "D03", "P05", "", "", "", "", "todo", "", ""],
        ],
        "disputes": [
            ["dispute_id", "raised_at", "raised_by", "departments", "scenario", "activity",
             "description", "severity", "status", "decided_by", "decision", "decided_at"],
            ["DS1", "2026-11-10 10:00", "P01", "D01、D02", "产品研发", "成果交付", "交付标准不一致",
             "normal", "open", "", "", ""],
            ["DS2", "2026-11-11 11:00", "P05", "D03,D01", "客户服务", "问题受理", "投诉转交无人接",
             "major", "decided", "P07", "客服部负责", "2026-11-12 15:00"],
        ],
        "retrospectives": [
            ["retro_id", "project_id", "held_on", "category", "finding", "root_cause", "case_id",
             "action", "action_owner", "action_due", "action_done_at"],
            ["R1", "PJ1", "2026-11-20 15:00", "process", "交接等待过长", "没有时限", "C1",
             "设置响应时限", "P01", "2026-11-21 15:00", "2026-11-21 10:00"],
            ["R2", "PJ2", "2026-11-25 16:00", "沟通障碍", "信息未同步", "", "", "建群同步", "P05",
             "2026-11-26 16:00", ""],
        ],
        "survey": [
            ["response_id", "quarter", "dept_id", "submitted_at", "clarity", "smoothness",
             "communication", "overall", "comment"],
            ["S1", "2026Q4", "D01", "2026-12-01 10:00", 4, 5, 4, 5, "分工清楚"],
            ["S2", "2026Q4", "D02", "2026-12-01 11:00", 3, 4, 4, 4, ""],
        ],
        "cases": [
            ["case_id", "title", "category", "symptom", "root_cause", "solution", "tags",
             "departments", "first_seen", "last_seen", "occurrences"],
            ["C1", "交接无人响应", "process", "交接后两天无人回复", "没有响应时限",
             "设置 24 小时响应时限", "交接、时限", "D01、D02", "2026-10-01", "2026-11-20", 3],
            ["C2", "审批层级过多", "权责漏洞", "", "", "审批不超过 5 级", "审批", "D04",
             "2026-09-15", "2026-09-15", 1],
        ],
        "calendar": [
            ["date", "kind", "name"],
            ["2026-10-01", "holiday", "国庆节"],
            ["2026-10-10", "workday", "调休"],
        ],
    }
    # fmt: on


def base() -> Raw:
    """The base workbook: tab title (the default Chinese title) -> rows."""
    return {TAB_TITLES[key]: rows for key, rows in base_rows().items()}


def title(key: str) -> str:
    """The base workbook's title of a tab."""
    return TAB_TITLES[key]


def col(key: str, column: str) -> int:
    """0-based position of ``column`` in the base header of tab ``key``."""
    return base_rows()[key][0].index(column)


def mutated(key: str, row: int, column: str, value: Any) -> Raw:
    """The base workbook with one cell replaced (``row`` is the 0-based index into the rows,
    so row 1 is sheet row 2)."""
    raw = base()
    raw[title(key)][row][col(key, column)] = value
    return raw


def parse(raw: Raw, settings: Settings | None = None) -> Workbook:
    return parse_workbook(copy.deepcopy(raw), settings or Settings())


def findings_of(raw: Raw, settings: Settings | None = None) -> tuple[Workbook, list[Finding]]:
    wb = parse(raw, settings)
    return wb, validate(wb)


def triples(findings: list[Finding]) -> set[tuple[str, str, str]]:
    return {(f.tab, f.cell, f.rule) for f in findings}


def ids(wb: Workbook, key: str) -> list[Any]:
    return list(wb[key].column(ID_KEY[key]))


def base_count(key: str) -> int:
    return len(base_rows()[key]) - 1


def chinese_headers(raw_rows: dict[str, list[list[Any]]]) -> dict[str, list[list[Any]]]:
    """The same rows with each English header key replaced by its Chinese label."""
    out: dict[str, list[list[Any]]] = {}
    for key, rows in raw_rows.items():
        schema = TABS[key]
        header = [schema.column(h).label for h in rows[0]]
        out[key] = [header, *[list(r) for r in rows[1:]]]
    return out


# The smallest valid workbook: each human tab with its key columns and at most one row.
VALID: dict[str, list[list[Any]]] = {
    "部门": [["dept_id", "name", "head"], ["D01", "研发部", "P01"]],
    "人员": [["person_id", "name", "dept_id"], ["P01", "张三", "D01"]],
    "权责清单": [
        ["scenario", "activity", "responsible", "accountable"],
        ["产品研发", "需求对接", "D01", "D01"],
    ],
    "流程模板": [
        ["template_id", "name", "scenario", "step", "step_name", "activity"],
        ["T1", "研发", "产品研发", 1, "提需求", "需求对接"],
    ],
    "协作项目": [
        ["project_id", "name", "template_id", "initiator_dept"],
        ["PJ1", "新品", "T1", "D01"],
    ],
    "任务进度": [["task_id", "project_id", "step", "dept_id"], ["K1", "PJ1", 1, "D01"]],
    "权责争议": [["dispute_id", "raised_at", "raised_by", "departments", "description"]],
    "复盘": [["retro_id", "project_id", "held_on", "finding"]],
    "满意度调研": [["quarter", "dept_id", "clarity", "smoothness", "communication"]],
    "问题案例库": [["case_id", "title", "category", "solution"]],
}
