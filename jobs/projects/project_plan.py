"""Start a project from a template: plan its tasks on the working calendar, then append them.

``plan_project`` is pure (a Workbook in, a ProjectPlan or the findings that refuse it out);
``start_project`` is the job around it: one read, then two appends (projects, then tasks).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from config.choices import STATUS_PROJECT, STATUS_TASK
from config.phrases import Phrases, language
from config.settings import SlaSettings
from jobs.checks.raci import check_matrix, check_templates
from jobs.checks.references import ID_OF  # importing it registers ref.unknown, reused here
from jobs.projects.ids import all_ids, next_ids
from jobs.projects.schedule import depends_on, schedule
from jobs.workdays.calendar import overrides_from
from sheets_sync.cell import header_form
from sheets_sync.finding import Finding, a1, rule
from sheets_sync.workbook import Workbook

# rule id, then message and fix in Chinese, then in English
for _id, *_text in (
    ("start.no_responsible", "步骤 {step} 的协作环节「{value}」在权责清单 {where} 没有负责部门",
     "在 {where} 填写负责部门",
     "step {step}: activity '{value}' has no responsible department in the matrix ({where})",
     "enter the responsible dept_id at {where}"),
    ("start.inactive", "「{value}」在「{target}」中已停用，不能用于新项目",
     "换成在岗的，或在「{target}」中重新启用",
     "'{value}' is marked inactive in '{target}' and cannot take part in a new project",
     "name an active one, or set it active again in '{target}'"),
    ("start.no_owner", "发起部门「{value}」没有在岗负责人，无法默认项目负责人",
     "用 --owner 指定，或填写该部门负责人",
     "initiating department '{value}' has no active head to own the project",
     "name the owner with --owner, or enter the department's head"),
    ("start.past", "开始日期 {value} 早于今天 {today}", "新项目从今天或以后开始",
     "start {value} is before today ({today})", "a new project starts today or later"),
    ("start.no_assignee", "「{value}」没有在岗负责人：任务 {tasks} 不指派执行人，不会提醒任何人",
     "在该单元格填写部门负责人（在岗人员），或在任务进度中为这些任务填写执行人",
     "'{value}' has no active head: tasks {tasks} get no assignee and nobody is reminded",
     "enter the department's head (an active person) here, or fill in the tasks' assignee"),
    ("start.duplicate_name", "已有同名项目 {project}（{at}）",
     "换一个项目名称；若就是该项目，它已经启动，无需再运行",
     "a project named '{value}' already exists: {project} at {at}",
     "choose another name; if that project is the one you meant, it is started already"),
):  # fmt: skip
    rule(_id, "warning" if _id == "start.no_assignee" else "error", (_text[0], _text[1]),
         (_text[2], _text[3]))  # fmt: skip

_ROW = re.compile(r"\d+$")
# a later step's note: what it waits for, its planned hand-off, who else is responsible
NOTE = Phrases("jobs/projects/project_plan.py", {
    "after": ("等待完成：", "after "), "handoff": ("计划交接 ", "planned hand-off "),
    "also": ("共同负责：", "also responsible: "), "sep": ("；", "; "), "ids": ("、", ", "),
})  # fmt: skip


@dataclass(frozen=True)
class TaskPlan:
    """One step's task: department, the tasks it waits for, planned hand-off and due time."""

    task_id: str
    step: int
    step_name: str
    dept_id: str
    assignee: str | None
    after: tuple[str, ...]
    handoff: dt.datetime
    due: dt.datetime
    clock: str  # the step's SLA clock: business | calendar
    goal_h: float


@dataclass(frozen=True)
class ProjectPlan:
    """The projects record and the tasks records exactly as they are appended."""

    project: dict[str, Any]
    tasks: tuple[TaskPlan, ...]
    records: tuple[dict[str, Any], ...]
    warnings: tuple[Finding, ...]
    calendar: str


def _row(cell: str) -> int:
    m = _ROW.search(cell)
    return int(m.group()) if m else 0


def _check_id(wb: Workbook, key: str, value: str, at: tuple[str, str] | None) -> Finding | None:
    """Unknown (with the nearest id) or inactive: a finding at ``at`` or at the tab's cell."""
    tab = wb[key]
    id_key, active_key = ID_OF[key]
    ids = list(tab.column(id_key))
    if value not in all_ids(tab, id_key):
        known = sorted({str(v) for v in all_ids(tab, id_key) if v is not None})
        near = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
        few = len(known) <= 12  # a short list (templates) is shown whole
        zh = (f"是不是「{near[0]}」？" if near else "") + (
            f"可选：{'、'.join(known)}" if few else ""
        )
        en = (f"did you mean '{near[0]}'? " if near else "") + (
            f"known: {', '.join(known)}" if few else ""
        )
        hint = {"hint": zh or "改成已有的编号", "hint_en": en or "use an existing id"}
        where = at or (tab.title, a1(tab.positions.get(id_key, 0), 1))
        return Finding(*where, value, "ref.unknown", {"target": tab.title, **hint})
    if active_key and value in ids and tab.column(active_key)[ids.index(value)] is False:
        where = at or (tab.title, tab.cell(active_key, ids.index(value)))
        return Finding(*where, value, "start.inactive", {"target": tab.title})
    return None


def template_findings(wb: Workbook, template_id: str) -> list[Finding]:
    """validate's findings about this template: its rows, the matrix rows they use, and the
    calendar's working hours (they move due times). Errors among them refuse the start."""
    t, m, cal = wb["templates"], wb["responsibilities"], wb["calendar"]
    mine = [i for i, v in enumerate(t.column("template_id")) if v == template_id]
    rows = {t.rows[i] for i in mine} | {1}
    # its rows left out for an error (each has a finding on its row)
    rows |= {r for r, s in zip(t.skipped_rows, t.skipped, strict=True)
             if s["template_id"] == template_id}  # fmt: skip
    pairs = {(t.column("scenario")[i], t.column("activity")[i]) for i in mine}
    matrix = zip(m.column("scenario"), m.column("activity"), strict=True)
    used = {m.rows[j] for j, pair in enumerate(matrix) if pair in pairs} | {1}
    found = [*wb.findings, *check_matrix(wb), *check_templates(wb), *overrides_from(cal)[1]]
    return [
        f for f in found
        if (f.tab == t.title and _row(f.cell) in rows)
        or (f.tab == m.title and _row(f.cell) in used)
        or (f.tab == cal.title and f.rule == "calendar.hours")
    ]  # fmt: skip


def _note(task: TaskPlan, also: Sequence[str], locale: str) -> str | None:
    """What a later step waits for and when it is planned to be handed off."""
    w = NOTE.words(locale)
    parts = [f"{w['after']}{w['ids'].join(task.after)}"] if task.after else []
    parts += [f"{w['handoff']}{task.handoff:%Y-%m-%d %H:%M}"] if task.after else []
    parts += [f"{w['also']}{w['ids'].join(also)}"] if also else []
    return w["sep"].join(parts) or None


def _label(choices: tuple[tuple[str, str], ...], key: str, locale: str) -> str:
    return key if language(locale) == "en" else dict(choices)[key]


def same_name(a: object, b: object) -> bool:
    """Two project names people would read as one: full- and half-width forms alike (（） and
    (), the ideographic space), letter case and spaces not counted (trial7: 「华信物流　定制开发
    （试点）」 and 「华信物流 定制开发(试点)」 were two projects): as headers compare."""
    return header_form(a) == header_form(b)


def plan_project(
    wb: Workbook, sla: SlaSettings, template_id: str, name: str,
    start: dt.date | dt.datetime, owner: str | None, now: dt.datetime,
    initiator: str | None = None, *, locale: str,
) -> ProjectPlan | list[Finding]:  # fmt: skip
    """The project and one task per template step, or the findings that refuse it.

    A start date means the start of that day's working hours (the next working moment when
    the day is not a working day); a start today begins no earlier than ``now``.
    """
    t, m, pj, depts = wb["templates"], wb["responsibilities"], wb["projects"], wb["departments"]
    if unknown := _check_id(wb, "templates", template_id, None):
        return [unknown]
    found = template_findings(wb, template_id)
    errors = [f for f in found if f.severity == "error"]
    now = now.replace(second=0, microsecond=0)
    begin = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
    if begin.date() < now.date():
        at = a1(pj.positions.get("start_date", 0), 1)
        errors.append(Finding(pj.title, at, begin.date(), "start.past", {"today": now.date()}))
    for i, (other, status) in enumerate(zip(pj.column("name"), pj.column("status"), strict=True)):
        if same_name(other, name) and status != "cancelled":
            at = pj.cell("name", i)
            params = {"project": pj.column("project_id")[i], "at": at}
            errors.append(Finding(pj.title, at, name, "start.duplicate_name", params))
    row_of: dict[tuple[str, str], int] = {}
    for j, pair in enumerate(zip(m.column("scenario"), m.column("activity"), strict=True)):
        row_of.setdefault(pair, j)
    head = dict(zip(depts.column("dept_id"), depts.column("head"), strict=True))
    steps: dict[int, dict[str, Any]] = {}
    lead: dict[int, tuple[str, tuple[str, ...]]] = {}
    for i in sorted(
        (i for i, v in enumerate(t.column("template_id")) if v == template_id),
        key=lambda i: t.column("step")[i],
    ):
        rec = steps[t.column("step")[i]] = t.record(i)
        k = row_of.get((rec["scenario"], rec["activity"]))
        if k is None:
            continue  # a gap: template.activity_gap reports it
        responsible = m.column("responsible")[k] or ()
        where = (m.title, m.cell("responsible", k))
        if not responsible:
            params = {"step": rec["step"], "where": where[1]}
            at = t.cell("activity", i)
            errors.append(Finding(t.title, at, rec["activity"], "start.no_responsible", params))
        elif problem := _check_id(wb, "departments", responsible[0], where):
            errors.append(problem)
        else:
            lead[rec["step"]] = (responsible[0], responsible[1:])
        if initiator is None and m.column("accountable")[k]:
            initiator = m.column("accountable")[k][0]  # the first step's accountable department
    if initiator and (problem := _check_id(wb, "departments", initiator, None)):
        errors.append(problem)
    elif initiator and owner is None:
        owner = head.get(initiator)
        if owner is None or _check_id(wb, "people", owner, None):
            cell = depts.cell("head", list(depts.column("dept_id")).index(initiator))
            errors.append(Finding(depts.title, cell, initiator, "start.no_owner"))
    elif owner is not None and (problem := _check_id(wb, "people", owner, None)):
        errors.append(problem)
    if errors or not initiator:
        return errors

    times, cal = schedule(sla, wb, template_id, steps, max(begin, now))
    ids = dict(
        zip(steps, next_ids(all_ids(wb["tasks"], "task_id"), len(steps), "T000000"), strict=True)
    )
    project_id = next_ids(all_ids(pj, "project_id"), 1, "PJ0000")[0]
    tasks = []
    for s, rec in steps.items():
        dept = lead[s][0]
        after = tuple(ids[d] for d in depends_on(rec))
        who = head.get(dept) if not _check_id(wb, "people", head.get(dept) or "", None) else None
        tasks.append(TaskPlan(ids[s], s, rec["step_name"], dept, who, after, *times[s]))
    first, loc = min(p.handoff for p in tasks), locale
    project = {
        "project_id": project_id, "name": name.strip(), "template_id": template_id,
        "initiator_dept": initiator, "owner": owner, "created_at": now,
        "start_date": first.date(), "target_date": max(p.due for p in tasks).date(),
        "status": _label(STATUS_PROJECT, "planned" if first.date() > now.date() else "active", loc),
    }  # fmt: skip
    records = [
        {
            "task_id": p.task_id, "project_id": project_id, "step": p.step,
            "step_name": p.step_name, "dept_id": p.dept_id, "assignee": p.assignee,
            # a real hand-off starts the response clock: only the first steps are handed off
            # at the start; later ones get their planned hand-off in the note
            "handed_off_at": None if p.after else p.handoff, "due_at": p.due,
            "status": _label(STATUS_TASK, "todo", loc), "note": _note(p, lead[p.step][1], loc),
        }
        for p in tasks
    ]  # fmt: skip
    # as `sla` warns: a year without an official holiday schedule that the plan reaches
    years = {max(begin, now).year, *(d.year for p in tasks for d in (p.handoff, p.due))}
    provisional = [f for f in cal.findings if f.rule == "calendar.provisional" and f.value in years]
    # a department without an active head: its tasks unassigned, said (trial38: unsaid)
    unassigned: dict[str, list[str]] = {}
    for p in tasks:
        if p.assignee is None:
            unassigned.setdefault(p.dept_id, []).append(p.task_id)
    dept_ids = list(depts.column("dept_id"))
    nobody = [Finding(depts.title, depts.cell("head", dept_ids.index(d)), d, "start.no_assignee",
                      {"tasks": "、".join(ts)}) for d, ts in unassigned.items()]  # fmt: skip
    warnings = (*(f for f in found if f.severity != "error"), *provisional, *nobody)
    return ProjectPlan(project, tuple(tasks), tuple(records), warnings, cal.version)
