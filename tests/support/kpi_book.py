"""The hand-computed KPI workbook (tests/test_kpi_hand.py): 3 departments, 6 projects, 12 tasks,
3 disputes, 4 retrospectives, 8 survey answers, small enough to count every KPI by hand.

Every obligation runs on the wall clock (``SETTINGS``), so elapsed hours are plain differences
of the times below. The two moments: ``M1`` Friday 2026-11-27 12:00 and ``M2`` a week later.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from config.defaults import TAB_TITLES
from config.settings import KpiSettings, Settings
from config.step_baselines import StepBaselines

M1 = dt.datetime(2026, 11, 27, 12, 0)
M2 = dt.datetime(2026, 12, 4, 12, 0)

SETTINGS = Settings(
    sla={k: dataclasses.replace(r, clock="calendar") for k, r in Settings().sla.items()}
)
# baselines as a team would have measured them; compliance target lowered so one team meets it
KPIS = KpiSettings(
    targets={**Settings().targets, "compliance": 0.65},
    baselines={
        "cycle_time": 20.0, "response_time": 10.0, "process_time": 30.0,
        "resolution_rate": 0.5, "communication_efficiency": 3.0, "communication_cost": 10.0,
    },
    # 流程耗时 per step: T2:1 has none (needs a baseline)
    step_baselines=StepBaselines({"T1:1": 48.0, "T1:2": 200.0, "T1:3": 40.0, "T2:2": 40.0}),
)  # fmt: skip


def kpi_book() -> dict[str, list[list[Any]]]:
    """Tab title -> rows (row 0: the English header keys)."""
    # fmt: off
    tabs: dict[str, list[list[Any]]] = {
        "departments": [
            ["dept_id", "name", "head", "escalate_to", "channel", "active"],
            ["D1", "研发部", "P1", "P1", "outbox", "是"],
            ["D2", "销售部", "P3", "P1", "outbox", "是"],
            ["D3", "客服部", "P5", "P1", "outbox", "是"],
        ],
        "people": [
            ["person_id", "name", "dept_id", "email", "im_id", "role", "active"],
            ["P1", "张一", "D1", "p1@example.com", "", "head", "是"],
            ["P2", "张二", "D1", "p2@example.com", "", "member", "是"],
            ["P3", "李三", "D2", "p3@example.com", "", "head", "是"],
            ["P4", "李四", "D2", "p4@example.com", "", "member", "是"],
            ["P5", "王五", "D3", "p5@example.com", "", "head", "是"],
            ["P6", "王六", "D3", "p6@example.com", "", "member", "是"],
        ],
        "responsibilities": [
            ["scenario", "activity", "responsible", "accountable", "consulted", "informed",
             "notes"],
            ["产品研发", "需求对接", "D1", "D1", "", "", ""],
            ["产品研发", "成果交付", "D1", "D2", "", "", ""],
            ["产品研发", "质量审核", "D3", "D1", "", "", ""],
            ["客户服务", "问题受理", "D3", "D3", "", "", ""],
        ],
        "templates": [
            ["template_id", "name", "scenario", "project_type", "scale", "step", "step_name",
             "activity", "kind", "response_sla_h", "done_sla_h", "depends_on"],
            ["T1", "研发模板", "产品研发", "", "medium", 1, "提需求", "需求对接", "handoff", 24, 48,
             ""],
            ["T1", "研发模板", "产品研发", "", "medium", 2, "交付", "成果交付", "work", 24, 120,
             "1"],
            ["T1", "研发模板", "产品研发", "", "medium", 3, "审核", "质量审核", "approval", 24, 48,
             "2"],
            ["T2", "客服模板", "客户服务", "", "small", 1, "受理", "问题受理", "work", 4, 24, ""],
            # no matrix row and no hours: a gap (问题遗漏率) and uncovered (措施覆盖率)
            ["T2", "客服模板", "客户服务", "", "small", 2, "回访", "客户回访", "work", "", "", "1"],
        ],
        "projects": [
            ["project_id", "name", "template_id", "initiator_dept", "owner", "created_at",
             "start_date", "target_date", "status", "priority", "closed_at"],
            ["PJ1", "新品上市", "T1", "D1", "P1", "2026-10-30 15:00", "2026-11-02", "2026-12-31",
             "active", "high", ""],
            ["PJ2", "旧品改版", "T1", "D2", "P3", "2026-08-28 09:00", "2026-09-01", "2026-09-30",
             "done", "medium", "2026-10-10 10:00"],
            ["PJ3", "投诉处理", "T2", "D3", "P5", "2026-10-03 11:00", "2026-10-05", "2026-10-31",
             "done", "medium", "2026-10-20 18:00"],
            ["PJ4", "售后升级", "T2", "D3", "P5", "2026-11-16 09:00", "2026-11-16", "2026-11-30",
             "active", "medium", ""],
            ["PJ5", "渠道试点", "T1", "D1", "P1", "2026-09-15 09:00", "2026-09-16", "2026-10-01",
             "cancelled", "low", ""],
            ["PJ6", "年终回访", "T2", "D2", "P3", "2026-11-20 09:00", "2026-12-10", "2026-12-20",
             "planned", "low", ""],
        ],
        "tasks": [
            ["task_id", "project_id", "step", "step_name", "dept_id", "assignee", "handed_off_at",
             "responded_at", "due_at", "done_at", "status", "blocker", "note"],
            ["K1", "PJ1", 1, "提需求", "D1", "P1", "2026-11-02 09:00", "2026-11-02 11:00", "",
             "2026-11-03 09:00", "done", "", ""],
            ["K2", "PJ1", 2, "交付", "D1", "P2", "2026-11-03 09:00", "2026-11-04 13:00", "",
             "2026-11-06 09:00", "done", "", ""],
            ["K3", "PJ1", 3, "审核", "D3", "P5", "2026-11-06 09:00", "2026-11-06 10:00", "", "",
             "doing", "", ""],
            ["K4", "PJ2", 1, "提需求", "D2", "P3", "2026-09-01 09:00", "2026-09-01 10:00", "",
             "2026-09-02 09:00", "done", "", ""],
            ["K5", "PJ2", 2, "交付", "D1", "P1", "2026-09-02 09:00", "2026-09-02 21:00", "",
             "2026-09-10 09:00", "done", "", ""],
            ["K6", "PJ2", 3, "审核", "D3", "P6", "2026-09-10 09:00", "2026-09-10 12:00", "",
             "2026-09-11 09:00", "done", "", ""],
            ["K7", "PJ3", 1, "受理", "D3", "P5", "2026-10-05 09:00", "2026-10-05 15:00", "",
             "2026-10-06 09:00", "done", "", ""],
            ["K8", "PJ3", 2, "回访", "D3", "P6", "2026-10-06 09:00", "2026-10-06 10:00", "",
             "2026-10-07 09:00", "done", "", ""],
            ["K9", "PJ4", 1, "受理", "D3", "", "2026-11-16 09:00", "2026-11-16 10:00", "",
             "2026-11-17 09:00", "done", "", ""],
            ["K10", "PJ4", 2, "回访", "D2", "P4", "2026-11-17 09:00", "", "2026-11-28 18:00", "",
             "todo", "", ""],
            ["K11", "PJ5", 1, "提需求", "D1", "P2", "2026-09-20 09:00", "", "", "", "todo", "", ""],
            ["K12", "PJ1", 1, "提需求", "D2", "P4", "2026-12-01 09:00", "", "", "", "todo", "", ""],
        ],
        "disputes": [
            ["dispute_id", "raised_at", "raised_by", "departments", "scenario", "activity",
             "description", "severity", "status", "decided_by", "decision", "decided_at"],
            ["DS1", "2026-08-29 10:00", "P1", "D1、D2", "产品研发", "成果交付", "交付标准不一致",
             "normal", "decided", "P1", "按研发标准", "2026-09-02 10:00"],
            ["DS2", "2026-10-12 11:00", "P5", "D3、D1", "客户服务", "问题受理", "投诉转交无人接",
             "major", "decided", "P1", "客服部负责", "2026-10-14 15:00"],
            ["DS3", "2026-11-20 14:00", "P3", "D2、D3", "客户服务", "客户回访", "回访由谁负责",
             "normal", "open", "", "", ""],
        ],
        "retrospectives": [
            ["retro_id", "project_id", "held_on", "category", "finding", "root_cause", "case_id",
             "action", "action_owner", "action_due", "action_done_at"],
            ["R1", "PJ2", "2026-10-12 15:00", "process", "交接等待过长", "没有时限", "C1",
             "设置响应时限", "P1", "", "2026-10-13 09:00"],
            ["R2", "PJ3", "2026-10-21 10:00", "沟通障碍", "回访名单没同步", "", "", "建群同步",
             "P5", "", ""],
            ["R3", "PJ1", "2026-11-10 16:00", "process", "交接后无人回复", "没有接口人", "C1",
             "明确接口人", "P3", "", "2026-11-12 16:00"],
            ["R4", "PJ1", "2026-11-25 09:00", "process", "审批层级太多", "", "C2", "", "", "", ""],
        ],
        "survey": [
            ["response_id", "quarter", "dept_id", "submitted_at", "clarity", "smoothness",
             "communication", "overall", "comment", "weekly_comm_h"],
            ["S1", "2026Q3", "D1", "2026-09-20 10:00", 5, 4, 4, 5, "", 10],
            ["S2", "2026-Q3", "D2", "2026-09-21 10:00", 3, 3, 3, 4, "", 8],
            ["S3", "2026年第4季度", "D1", "2026-11-20 10:00", 4, 4, 4, 2, "", 6],
            ["S4", "2026Q4", "D2", "2026-11-20 11:00", 5, 5, 2, 4, "", 7.5],
            ["S5", "2026年四季度", "D3", "2026-11-21 10:00", 3, 4, 4, 5, "", None],  # no hours
            ["S6", "2026年第3季度", "D3", "2026-09-22 10:00", 2, 3, 3, 3, "", 12],
            ["S7", "Q4 2026", "D3", "2026-11-22 10:00", 5, 5, 5, 5, "", 1],  # unreadable quarter
            ["S8", "2027Q1", "D1", "2026-11-23 10:00", 1, 1, 1, 1, "", 1],  # a quarter to come
        ],
        "cases": [
            ["case_id", "title", "category", "symptom", "root_cause", "solution", "tags",
             "departments", "first_seen", "last_seen", "occurrences"],
            ["C1", "交接无人响应", "process", "交接后两天无人回复", "没有响应时限",
             "设置 24 小时响应时限", "交接、时限", "D1、D2", "2026-09-15", "2026-11-10", 3],
            ["C2", "审批层级过多", "process", "审批要走七八级", "", "审批不超过 5 级", "审批", "D1",
             "2026-11-25", "2026-11-25", 1],
        ],
        "calendar": [["date", "kind", "name"]],
    }
    # fmt: on
    return {TAB_TITLES[key]: rows for key, rows in tabs.items()}
