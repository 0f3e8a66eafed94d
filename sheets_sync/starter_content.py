"""What the starter workbook of ``collabsheet init`` says: header hints, example rows, 说明.

Kept apart from the builder (``sheets_sync/starter.py``) so the words can be read and edited
in one place. Hints are derived from the schema (required, type, choices, the tab an id
refers to) plus one short sentence for the columns whose meaning the type does not tell, so
a department can fill in the workbook without the README. Every text is (中文, English).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from config.phrases import LANGUAGES, Phrases, language
from config.tab_schema import Column, TabSchema

ZhEn = tuple[str, str]

# One sentence for the columns whose meaning is not obvious from their type and name.
MEANING: dict[tuple[str, str], ZhEn] = {
    ("departments", "head"): ("部门负责人的人员编号", "the department head's person id"),
    ("departments", "escalate_to"): ("超时升级时通知的管理层", "who gets escalations (management)"),
    ("people", "mobile"): ("11 位手机号，钉钉群消息按它 @", "11-digit mobile: DingTalk @s by it"),
    ("people", "feishu_id"): (
        "飞书 open_id（ou_…）或 user_id，飞书群消息按它 @",
        "Feishu open_id (ou_…) or user_id: Feishu @s by it",
    ),
    ("people", "wecom_id"): (
        "企业微信通讯录中的账号 (userid)，企业微信群消息按它 @",
        "WeCom userid (the directory account): WeCom @s by it",
    ),
    ("people", "slack_id"): (
        "Slack 成员 ID（U… 或 W…），Slack 消息按它 @",
        "Slack member id (U… or W…): Slack @s by it",
    ),
    ("responsibilities", "responsible"): ("执行该环节的部门 (R)", "departments doing it (R)"),
    ("responsibilities", "accountable"): ("最终负责的唯一部门 (A)", "the one accountable dept (A)"),
    ("responsibilities", "consulted"): ("需协助的部门 (C)", "departments consulted (C)"),
    ("responsibilities", "informed"): ("需知会的部门 (I)", "departments informed (I)"),
    ("templates", "activity"): (
        "须与权责清单中的协作环节一致",
        "must be an activity of the matrix",
    ),
    ("templates", "response_sla_h"): ("接手后须响应的小时数", "hours to respond after hand-off"),
    ("templates", "done_sla_h"): ("完成该步骤的小时数", "hours to finish the step"),
    ("templates", "depends_on"): ("须先完成的步骤序号", "steps that must be done first"),
    ("tasks", "handed_off_at"): ("上一环节交给本部门的时间", "when the task was handed over"),
    ("tasks", "blocker"): ("受阻时写明卡在哪里", "what blocks the task"),
    ("disputes", "negotiation"): (
        "各方协商经过，按日期记，如「11-20 研发/测试会谈未果」；升级管理层时随附",
        "the negotiation steps by date, e.g. “11-20 R&D/QA meeting, no agreement”; "
        "management escalations show it",
    ),
    ("survey", "quarter"): ("如 2026Q4", "e.g. 2026Q4"),
    ("calendar", "hours"): ("半天班如 09:00-12:00，空=正常", "e.g. 09:00-12:00; empty: usual"),
}

# What each tab is for, one line (the 说明 tab's table of contents).
ABOUT: dict[str, ZhEn] = {
    "departments": ("各部门、负责人和通知渠道", "departments, their heads and channels"),
    "people": ("人员及所属部门", "people and their departments"),
    "responsibilities": ("权责矩阵：每个协作环节谁负责 (RACI)", "who does what (RACI matrix)"),
    "templates": ("标准流程模板：每行一个步骤及时限", "process templates: one row per step"),
    "projects": ("协作项目", "collaboration projects"),
    "tasks": ("任务进度看板：每行一个任务", "the progress board: one row per task"),
    "disputes": ("权责争议及裁决", "responsibility disputes and decisions"),
    "retrospectives": ("复盘发现与整改措施", "retrospective findings and actions"),
    "survey": ("季度满意度调研答卷", "quarterly satisfaction survey answers"),
    "cases": ("问题案例库", "the case library of recurring problems"),
    "calendar": ("工作日历的例外：放假与调休", "calendar overrides: holidays, make-up days"),
}

_TYPE: dict[str, ZhEn] = {
    "int": ("整数", "whole number"),
    "float": ("数字", "number"),
    "date": ("日期，如 2026-11-26", "date, e.g. 2026-11-26"),
    "datetime": ("日期时间，如 2026-11-26 14:30", "date and time, e.g. 2026-11-26 14:30"),
    "bool": ("下拉选择 是 / 否", "choose yes / no"),
    "ids": ("多个用「、」分隔", "several: separate with 、 or ,"),
}


def pick(text: ZhEn | Any, locale: str) -> Any:
    """The locale's half of a (中文, English) pair; any other value as it is."""
    if isinstance(text, tuple):
        return text[LANGUAGES.index(language(locale))]
    return text


HINT = Phrases("sheets_sync/starter_content.py HINT", {
    "required": ("必填", "required"), "optional": ("选填", "optional"),
    "choose": ("下拉选择：{values}", "choose: {values}"),
    "ref": ("填「{title}」表中的编号（可下拉）", "an id from tab {title} (dropdown)"),
    "unique": ("不可重复", "unique"), "sep": ("；", "; "),
})  # fmt: skip


def hint(tab: TabSchema, col: Column, titles: dict[str, str], locale: str) -> str:
    """The input hint on a header cell: required or not, what to type, where ids come from."""
    w = HINT.words(locale)
    parts = [w["required" if col.required else "optional"]]
    if (tab.key, col.key) in MEANING:
        parts.append(pick(MEANING[tab.key, col.key], locale))
    if col.type == "enum":
        en = language(locale) == "en"
        values = " / ".join(k if en else label for k, label in col.choices)
        parts.append(w["choose"].format(values=values))
    elif col.type in _TYPE:
        parts.append(pick(_TYPE[col.type], locale))
    if col.minimum is not None or col.maximum is not None:
        lo = "" if col.minimum is None else f"{col.minimum:g}"
        hi = "" if col.maximum is None else f"{col.maximum:g}"
        parts.append(f"{lo}–{hi}")
    if col.ref:
        parts.append(w["ref"].format(title=titles[col.ref]))
    if tab.unique and col.key in tab.unique and len(tab.unique) == 1:
        parts.append(w["unique"])
    return w["sep"].join(parts)


def examples(today: dt.date) -> dict[str, dict[str, Any]]:
    """tab key -> column key -> value of the one example row; enums as keys (the builder
    writes the label in Chinese). Everything is closed or done, so no reminder is ever sent
    for an example; together the rows pass ``validate`` without an error."""
    day = dt.timedelta(days=1)
    at = dt.datetime.combine(today, dt.time(9, 0))
    scenario, activity = ("产品研发", "product development"), ("需求对接", "requirements hand-off")
    mark = ("示例行：照此填写，可改写或删除", "example row: overwrite or delete it")
    return {
        "departments": {"dept_id": "D01", "name": ("研发部", "R&D"), "head": "P001",
                        "escalate_to": "P001", "channel": "email", "active": True},
        "people": {"person_id": "P001", "name": ("张三", "Zhang San"), "dept_id": "D01",
                   "email": "zhangsan@example.com", "role": "head", "active": True},
        "responsibilities": {"scenario": scenario, "activity": activity, "responsible": "D01",
                             "accountable": "D01", "notes": mark},
        "templates": {"template_id": "T01", "name": ("新功能研发流程", "new feature"),
                      "scenario": scenario, "project_type": ("新功能开发", "new feature"),
                      "scale": "medium", "step": 1, "step_name": ("需求提交", "submit needs"),
                      "activity": activity, "kind": "handoff", "response_sla_h": 24,
                      "done_sla_h": 48},
        "projects": {"project_id": "PJ0001", "name": ("示例项目", "example project"),
                     "template_id": "T01", "initiator_dept": "D01", "owner": "P001",
                     "created_at": at - 14 * day, "start_date": today - 13 * day,
                     "target_date": today - 3 * day, "status": "done", "priority": "medium",
                     "closed_at": at - 4 * day},
        "tasks": {"task_id": "K0001", "project_id": "PJ0001", "step": 1,
                  "step_name": ("需求提交", "submit needs"), "dept_id": "D01", "assignee": "P001",
                  "handed_off_at": at - 13 * day, "responded_at": at - 13 * day + dt.timedelta(
                      hours=1), "due_at": at - 11 * day, "done_at": at - 12 * day,
                  "status": "done", "note": mark},
        "disputes": {"dispute_id": "DS0001", "raised_at": at - 10 * day, "raised_by": "P001",
                     "departments": "D01", "scenario": scenario, "activity": activity,
                     "description": mark, "severity": "normal", "status": "decided",
                     "decided_by": "P001", "decision": ("研发部负责", "R&D does it"),
                     "decided_at": at - 9 * day, "negotiation": (
                         f"{at - 10 * day:%m-%d} 研发部内部沟通，同意提交裁决",
                         f"{at - 10 * day:%m-%d} discussed within R&D, sent for a decision")},
        "retrospectives": {"retro_id": "R0001", "project_id": "PJ0001", "held_on": at - 4 * day,
                           "category": "process", "finding": mark,
                           "root_cause": ("没有响应时限", "no response time limit"),
                           "case_id": "C001", "action": ("设置 24 小时响应时限", "a 24 h limit"),
                           "action_owner": "P001", "action_due": at - 3 * day,
                           "action_done_at": at - 4 * day + dt.timedelta(hours=3)},
        "survey": {"response_id": "S0001", "quarter": f"{today.year}Q{(today.month - 1) // 3 + 1}",
                   "dept_id": "D01", "submitted_at": at - 2 * day, "clarity": 4,
                   "smoothness": 4, "communication": 4, "overall": 4, "comment": mark},
        "cases": {"case_id": "C001", "title": ("交接无人响应", "hand-off not answered"),
                  "category": "process", "symptom": mark,
                  "solution": ("设置 24 小时响应时限", "a 24 h response limit"),
                  "departments": "D01", "first_seen": today - 4 * day,
                  "last_seen": today - 4 * day, "occurrences": 1},
        "calendar": {"date": dt.date(today.year + 1, 1, 1), "kind": "holiday",
                     "name": ("元旦（示例行，可删除）", "New Year (example row: delete it)")},
    }  # fmt: skip


README = Phrases("sheets_sync/starter_content.py README", {
    "title": ("使用说明", "How to use this workbook"),
    "step1": ("1. 每个表是一张清单。第 1 行表头请勿改名：程序按表头名称识别各列。",
              "1. Each tab below is one list. Keep the header row (row 1) as it is: the software "
              "finds the columns by these names."),
    "step2": ("2. 鼠标停在表头上可看到填写提示。带下拉的列只能选列表中的值；"
              "部门、人员编号来自「部门」「人员」表。",
              "2. Hover over a header to see what to type. Columns with a dropdown accept only "
              "its values; ids of departments and people come from their tabs."),
    "step3": ("3. 每个表的第 2 行（黄色）是示例行：照此填写，可改写或删除。",
              "3. The yellow row 2 of every tab is an example: overwrite it or delete it."),
    "step4": ("4. 建议先填「部门」「人员」，再填「权责清单」「流程模板」，然后是项目与任务。",
              "4. Fill in departments and people first, then the matrix and templates."),
    "step5": ("5. 填好后{point}运行 collabsheet validate 检查；问题清单写在{where}",
              "5. {point}Check it: collabsheet validate (the problems go to {where}"),
    # a file: validate reads the configured workbook (data/demo.xlsx until [workbook] path says)
    "point": ("在配置中把 [workbook] path 设为本文件（或用 --config 指定这样的配置文件），再",
              "Set [workbook] path in the config to this file (or give such a config with "
              "--config). "),
    "results": (" {results} 的 _checks 表。", "{results}, tab _checks)."),  # where: a file
    "here": ("本表格的 _checks 表。", "this spreadsheet's tab _checks)."),  # or this sheet
    "col.tab": ("表名", "tab"), "col.about": ("内容", "what it holds"),
    "col.required": ("是否必需", "required"),
    "required": ("必需", "yes"), "optional": ("可选", "optional"),
})  # fmt: skip


def readme(
    titles: dict[str, str], tabs: tuple[TabSchema, ...], locale: str, results: str | None = None
) -> list[list[str]]:
    """The rows of the 说明 / "How to use" tab: how to fill in the workbook, tab by tab;
    ``results``: the name of the results file the problems go to (None: this spreadsheet's own
    _checks tab, as with Google Sheets)."""
    w = README.words(locale)
    where = w["results"].format(results=results) if results else w["here"]
    point = w["point"] if results else ""  # Google: init wrote into the configured spreadsheet
    head = [
        [w["title"]], *([w[f"step{i}"]] for i in range(1, 5)),
        [w["step5"].format(point=point, where=where)],
        [""], [w["col.tab"], w["col.about"], w["col.required"]],
    ]  # fmt: skip
    return head + [[titles[t.key], pick(ABOUT[t.key], locale),
                    w["required"] if t.required else w["optional"]] for t in tabs]  # fmt: skip
