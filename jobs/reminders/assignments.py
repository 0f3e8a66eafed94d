"""New assignments, announced once (issue 17, item 6): a task whose assignee is new or changed
since the previous run, and so every task of a project ``start-project`` appended, each with
its due time.

Each announcement is its own ledger key ``assigned:TASK:PERSON``, so it goes once whatever runs
follow (``jobs.reminders.ledger``). An open task is announced to its assignee when that key is
not in the ledger yet and, since the previous run (its ``_runs`` row):

- it is new: its project was created (``start-project`` stamps 创建时间) at or after that run
  began; or it was handed off (交接时间, maybe still to come) since then and the open tasks that
  run saw do not include it; or, whenever its 交接时间 says, that run did not see it, it has an
  open obligation now and that run saw other tasks (a row typed in after the fact, trial15;
  not a task whose obligations were all met, nor every task after a run that read no task,
  review14); or
- its assignee changed: what that run saw, or an earlier announcement of the task, names
  someone else (who is named in the announcement). A task handed back to someone told before
  (A -> B -> A) is told again under a key of its own, ``assigned:TASK:PERSON@WHEN`` (WHEN: when
  the one in between was told), so once (review16: A was never told it was back).

What that run saw (task -> assignee of its open tasks, ``assignees``) is kept in the ledger
database by each run that announces. Without that record (a database started afresh, the memory
backend) the last ``_sla`` tab stands in; an ``sla`` run since the previous run may have
written it (it announces nothing), so a task it lists counts as seen only if handed off after
that ``sla`` run began (review15, review16). With the record, such a run hides nothing: a
task typed with its hand-off days ahead, then listed by an ``sla`` run, was never announced.

So the first run of all announces nothing (there is no previous run to compare with: a
workbook filled in that day would have every task announced), and the ledger holds only
messages. Times are compared to the minute, as ``start-project`` stamps 创建时间: a project
started in the minute a run began is new to the next run (trial7: never announced).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Collection, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from jobs.sla.sla_tab import SLA, last_sla
from sheets_sync.workbook import Workbook

PREFIX = "assigned:"
TASK_KINDS = ("response", "completion", "approval")  # the _sla rows that name a task's assignee
OPEN = ("todo", "doing", "blocked", None)  # task statuses still to be done
CLOSED_PROJECTS = ("done", "cancelled")


def key(task_id: str, person_id: str) -> str:
    return f"{PREFIX}{task_id}:{person_id}"


@dataclass(slots=True)  # not frozen: each run makes one per open task (17,676 at 100,000
class Assignment:  # tasks), and a frozen one costs seven times as much to make
    """An open task and the person it is assigned to; what its announcement says is filled
    in (``detailed``) only for the few that are announced. Changed only through
    ``dataclasses.replace``."""

    key: str
    task_id: str
    person_id: str
    project_id: str
    dept_id: str
    handoff: Any  # the hand-off time, or None (a later step waiting for earlier ones)
    created: Any  # its project's 创建时间, or None
    row: int  # its record in the tasks table
    step: str = ""  # 3 需求评审
    due: Any = None  # the due time: the SLA's, else the typed 截止时间, else None
    cell: str = ""  # the 完成时间 cell of its row (任务进度!J355 counts the title rows)
    tab: str = ""
    before: str = ""  # the person it was assigned to before, when it was
    respond_cell: str = ""  # its 响应时间 cell while a response is owed (filled first: 操作手册)
    respond_due: Any = None  # when that response is due (the SLA's), or None
    respond_later: bool = False  # its 响应时间 is owed once handed off (交接时间 still to come)
    due_typed: str = ""  # a 截止时间 typed and not read (下周三): the due is the limit's
    responded: bool = False  # its 响应时间 is filled: its assignee has it in hand
    kind: str = "completion"  # or "approval": a step of kind 审批 (said 审批, not 任务)


def current(wb: Workbook) -> list[Assignment]:
    """Every open task of a project not done or cancelled with an assignee in the people tab
    (one pass over the columns: 100,000 tasks each run)."""
    tasks, projects = wb["tasks"], wb["projects"]
    closed = {str(p) for p, s in zip(projects.column("project_id"), projects.column("status"),
                                     strict=True) if s in CLOSED_PROJECTS}  # fmt: skip
    created = dict(zip(map(str, projects.column("project_id")), projects.column("created_at"),
                       strict=True))  # fmt: skip
    people = {str(p) for p in wb["people"].column("person_id") if p}
    c = tasks.columns
    task_ids, whom, projects_of = c["task_id"], c["assignee"], c["project_id"]
    depts, handoffs, responded = c["dept_id"], c["handed_off_at"], c["responded_at"]
    out = []
    # most tasks are done: only the open ones are looked at further
    for i in [i for i, status in enumerate(c["status"]) if status in OPEN]:
        task, who, pid = task_ids[i], whom[i], projects_of[i]
        if not task or str(who) not in people or str(pid) in closed:
            continue
        tid, who, pid, dept, handoff = str(task), str(who), str(pid or ""), depts[i], handoffs[i]
        out.append(Assignment(key(tid, who), tid, who, pid, str(dept or ""), handoff,
                              created.get(pid), i, responded=responded[i] is not None))  # fmt: skip
    return out


def detailed(
    wb: Workbook, result: pd.DataFrame, fresh: Sequence[Assignment], now: dt.datetime
) -> list[Assignment]:
    """The assignments to announce with their step, due time (the SLA's, else the typed
    截止时间) and the cells to fill (the 响应时间 one only once handed off, by ``now``)."""
    if not fresh:
        return []
    tasks = wb["tasks"]
    c, ids = tasks.columns, {a.task_id for a in fresh}
    mine = result[result["ref"].isin(ids)]
    done = mine[mine["kind"].isin(["completion", "approval"])]
    due_of = dict(zip(done["ref"].astype(str), done["due_at"], strict=True))
    typed = done["due_typed"] if "due_typed" in done else pd.Series([None] * len(done))
    typed_of = dict(zip(done["ref"].astype(str), typed.tolist(), strict=True))
    kind_of = dict(zip(done["ref"].astype(str), done["kind"], strict=True))
    answer = mine[mine["kind"] == "response"]  # its limit may be hours (trial17: 4 of them)
    respond_by = dict(zip(answer["ref"].astype(str), answer["due_at"], strict=True))
    responded = "responded_at" in tasks.positions
    out = []
    for a in fresh:
        due = due_of.get(a.task_id)
        due = c["due_at"][a.row] if due is None or pd.isna(due) else due
        step = " ".join(str(x) for x in (c["step"][a.row], c["step_name"][a.row])
                        if x not in (None, ""))  # fmt: skip
        # a response owed, as the SLA times it (handed off, not responded, not started): its
        # cell first; a step still waiting for earlier ones, or handed off on a later day
        # (a 响应时间 before it is an error: review19), owes none yet
        handed = _handed(a.handoff) and not _since(a.handoff, now + dt.timedelta(minutes=1))
        waits = responded and c["responded_at"][a.row] is None and (
            c["status"][a.row] in (None, "todo"))  # fmt: skip
        owed, later = waits and handed, waits and _handed(a.handoff) and not handed
        # the response's due time when it comes first (not after a typed 截止时间: that one
        # then governs, and a later 响应截止 beside it would only confuse)
        by = respond_by.get(a.task_id) if owed else None
        if by is not None and (
            pd.isna(by)
            or (due is not None and pd.notna(due) and pd.Timestamp(by) >= pd.Timestamp(due))
        ):
            by = None  # fmt: skip
        out.append(Assignment(a.key, a.task_id, a.person_id, a.project_id, a.dept_id, a.handoff,
                              a.created, a.row, step, due, tasks.cell("done_at", a.row),
                              tasks.title, a.before,
                              tasks.cell("responded_at", a.row) if owed or later else "", by,
                              later, typed_of.get(a.task_id) or "", a.responded,
                              kind_of.get(a.task_id, "completion")))  # fmt: skip
    return out


def previous_assignees(wb: Workbook) -> dict[str, str] | None:
    """Task -> the assignee the workbook's last ``_sla`` tab names (its open tasks), None
    without one (decoded once for the run: ``last_sla``)."""
    if not SLA.has(wb.bot.get("_sla"), "kind", "ref", "person_id"):
        return None
    out = {}
    for r in last_sla(wb):
        if r.get("kind") in TASK_KINDS and r.get("ref") and r.get("person_id"):
            out[str(r["ref"])] = str(r["person_id"])
    return out


def assignees(result: pd.DataFrame) -> dict[str, str]:
    """Task -> assignee of every task with an open obligation in an SLA result: what
    ``previous_assignees`` reads back from the ``_sla`` tab written from it. Each run that
    announces keeps it in the ledger database for the next one, so an ``sla`` run between them
    (it rewrites ``_sla`` and announces nothing) hides no task that run did not see."""
    open_ = _owed(result)
    refs, whom = result["ref"][open_].tolist(), result["person_id"][open_].tolist()
    # the parsed tables' ids are text, a blank one None (not NaN: object columns)
    return {r: p for r, p in zip(refs, whom, strict=True) if isinstance(r, str) and r
            and isinstance(p, str) and p}  # fmt: skip


def owing(result: pd.DataFrame, among: Collection[str]) -> set[str]:
    """The tasks of ``among`` with an open response, completion or approval obligation in an
    SLA result (nothing is looked at when ``among`` is empty, as on most runs)."""
    if not among:
        return set()
    # the open ones first (a few thousand of 190,000 rows), then their ids as text
    return {r for r in map(str, result["ref"][_owed(result)].tolist()) if r in among}


def _owed(result: pd.DataFrame) -> pd.Series:
    """The rows of an SLA result that are a task's open obligation (response, completion,
    approval; not met), as the ``_sla`` tab lists them."""
    owed: pd.Series = result["kind"].isin(TASK_KINDS) & ~result["status"].isin(["met", "met_late"])
    return owed


def new(
    assignments: Iterable[Assignment], known: Mapping[str, str], retry: Container[str],
    since: dt.datetime | None, before: Mapping[str, str] | None,
    people: Container[str] | None = None, owing: Container[str] = (),
    sla_at: dt.datetime | None = None, status: Mapping[str, str] | None = None,
) -> list[Assignment]:  # fmt: skip
    """The assignments to announce: not in the ledger (``known``: its ``assigned:`` keys and
    when each was first recorded; ``status``: their status, None: all sent) and new or
    reassigned since the previous run began
    (``since``; None: there was none), or in the ledger still to send (``retry``).
    ``before``: task -> its assignee as the last announcing run saw it (``assignees``, kept in
    the database; else the last ``_sla`` tab, ``previous_assignees``; None: there is neither,
    so a hand-off cannot be told new). ``people``: the person ids; one who was
    named before but is no person (a name typed for the id, corrected since) is not said to have
    handed the task over: the task is new to its assignee (trial15: 张伟 was told he had
    reassigned his own task to himself). ``owing``: the tasks with an open obligation now.
    ``sla_at``: when the last ``sla`` run began (it writes ``_sla`` and announces nothing)."""
    # task -> (first_at, person, key) of what its assignees were told (or tried for good:
    # failed, dead; review20), in order; not a message held, owed or superseded, which no one
    # read (trial17: a reassignment undone before it went out was "handed back")
    sent: dict[str, list[tuple[str, str, str]]] = {}
    for k, first_at in known.items():
        if status is not None and status.get(k) not in ("sent", "failed", "dead"):
            continue
        task, _, person = k[len(PREFIX) :].rpartition(":")
        # a hand-back's key: assigned:TASK:PERSON@WHEN (WHEN: the one in between was told)
        sent.setdefault(task, []).append((first_at, person.partition("@")[0], k))
    for keys in sent.values():
        keys.sort()
    out = []
    for a in assignments:
        history = sent.get(a.task_id, [])
        last = history[-1] if history else ("", "", "")
        key = _unused(a.key, status)
        if key in known and key not in retry:
            if not last[1] or last[1] == a.person_id:
                continue  # told, and told last
            # handed back to someone told before (A -> B -> A: review16): a key of its own,
            # from when the one in between was told, so it is told once (held at night: the
            # same key again the next run, owed)
            key = _unused(f"{a.key}@{re.sub(r'[^0-9]', '', last[0])[:12]}", status)
            if key in known and key not in retry:
                continue
        a = a if key == a.key else dataclasses.replace(a, key=key)
        seen = before if before is not None else {}
        # who had it before: the person told last but for this key, else the last view's
        was = next((p for _, p, k in reversed(history) if k != a.key), "") or seen.get(
            a.task_id, "")  # fmt: skip
        moved = bool(was) and was != a.person_id
        told = since is not None and before is not None  # a previous run and its _sla
        listed = before is not None and a.task_id in before
        # listed only by the _sla of an `sla` run since the previous run, which announced
        # nothing: new if handed off by then (review15: never announced; review16: not every
        # planned hand-off the _sla listed, nor an old task whose 交接时间 was edited)
        by_sla = (
            sla_at is not None
            and since is not None
            and sla_at >= since
            and _since(a.handoff, since)
            and not _since(a.handoff, sla_at + dt.timedelta(minutes=1))
        )
        # typed in with a past hand-off and still owed; not one responded to, which its
        # assignee has in hand (trial18: a task marked done by mistake and set back was "new")
        late = (bool(before) and not listed and a.task_id in owing and _handed(a.handoff)
                and not a.responded)  # fmt: skip
        handed = told and ((not listed and _since(a.handoff, since)) or by_sla or late)
        if a.key in retry or moved or handed or _since(a.created, since):
            before_ = was if moved and (people is None or was in people) else ""
            out.append(a if a.before == before_ else dataclasses.replace(a, before=before_))
    return out


def _unused(key: str, status: Mapping[str, str] | None) -> str:
    """``key``, or its next variant (``@2``, ``.2`` …) while the ledger has it superseded: an
    announcement that never went (held, then no longer wanted) blocks no later one (review20:
    a hand-back, and a new task moved away and back at night, were never told)."""
    n, k, sep = 1, key, "." if "@" in key else "@"
    while status is not None and status.get(k) == "superseded":
        n += 1
        k = f"{key}{sep}{n}"
    return k


def _handed(at: Any) -> bool:
    """A 交接时间 is filled (a time, not an empty or unreadable cell)."""
    return at is not None and bool(pd.notna(at))


def _since(at: Any, since: dt.datetime | None) -> bool:
    """Was ``at`` (a sheet's time, maybe empty) at or after ``since``, to the minute (a time
    stamped by ``start-project`` or typed has no seconds)?"""
    if since is None or at is None:
        return False
    since = since.replace(second=0, microsecond=0)
    if isinstance(at, dt.datetime):  # the parsed sheets' times: no pandas per task
        return at >= since
    return bool(pd.notna(at) and pd.Timestamp(at).to_pydatetime() >= since)
