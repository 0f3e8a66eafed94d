"""Obligations: every promise the sheets make, as one DataFrame row with its start, end and goal.

- response: a handed-off task must be responded to (template step's response_sla_h, else the rule);
- completion / approval: it must be done (done_sla_h, else the rule; a due_at a person typed wins);
- dispute: an open dispute has a negotiation window, then goes to management;
- action: a retrospective's action is due 24 h after the retrospective unless action_due is set
  (one marked 已完成 without 整改完成时间 is reported by validation, not timed);
- retrospective: a done project without a 复盘 row owes one (``retrospective_due``).
Tasks of cancelled projects owe nothing. A task that is under way or done without a response
time has no measurable response, so it is left out rather than guessed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import operator
import re
from collections.abc import Sequence
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd

from config.settings import SlaSettings
from jobs.sla.retrospective_due import retrospective_obligations
from sheets_sync.finding import column_letter
from sheets_sync.table import Table
from sheets_sync.workbook import Workbook

COLUMNS = (
    "key", "kind", "ref", "tab", "cell", "project_id", "dept_id", "person_id", "template_id",
    "step", "start", "end", "explicit_due", "goal_h", "blocked",
)  # fmt: skip
# a deadline typed as a date alone (a spreadsheet reads it as 00:00) means "by the end of that
# day", as people mean it: 23:59 that day, on either clock (the explanation says so)
DAY_END = np.timedelta64(23 * 3600 + 59 * 60, "s")


def typed_due(value: Any) -> Any:
    """A deadline a person typed, as the moment it means (the SLA's rule, for one value): a
    date alone, or 00:00, is 23:59 that day; anything else as it is."""
    if type(value) is dt.date:
        value = dt.datetime.combine(value, dt.time())
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value + dt.timedelta(seconds=int(DAY_END / np.timedelta64(1, "s")))
    return value


TEXT_COLUMNS = frozenset(
    ("key", "kind", "ref", "tab", "cell", "project_id", "dept_id", "person_id", "template_id")
)


def _objects(values: Sequence[Any] | np.ndarray) -> np.ndarray:
    """``values`` as an object array, every value kept as it is (``fromiter`` takes each one as
    a scalar: no look into nested sequences, ten times faster than filling ``np.empty``)."""
    if isinstance(values, np.ndarray):
        return values if values.dtype == object else values.astype(object)
    return np.fromiter(values, dtype=object, count=len(values))


def _pick(values: Sequence[Any], index: np.ndarray) -> np.ndarray:
    """``values[index]`` as an object array (Python values kept as they are)."""
    out: np.ndarray = _objects(values)[index]
    return out


def _codes(values: Sequence[Any]) -> tuple[np.ndarray, list[Any]]:
    """Each value's index among the distinct values (in the order they first come), and those
    values: what depends on a value alone is then looked up once per distinct value."""
    distinct = list(dict.fromkeys(values))
    index = {v: i for i, v in enumerate(distinct)}
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.intp, count=len(values))
    return codes, distinct


def _present(values: Sequence[Any] | np.ndarray) -> np.ndarray:
    """Whether each value is not None (a C-level pass)."""
    out: np.ndarray = np.fromiter(map(operator.is_not, values, repeat(None)), dtype=bool,
                                  count=len(values))  # fmt: skip
    return out


def _task_obligations(wb: Workbook) -> dict[str, np.ndarray]:
    """The response and completion / approval obligations of the tasks, as object columns.

    Array selection rather than one dict per row (100,000 tasks): the response obligation of a
    task comes right before its completion one, as the sheet lists the tasks. A task's project
    and template step are looked up once per project and once per (template, step)."""
    tasks, projects, templates = wb["tasks"], wb["projects"], wb["templates"]
    c = tasks.columns
    project = {
        p: (t, s)
        for p, t, s in zip(projects.column("project_id"), projects.column("template_id"),
                           projects.column("status"), strict=True)
    }  # fmt: skip
    steps = {
        (r["template_id"], r["step"]): (r["response_sla_h"], r["done_sla_h"], r["kind"])
        for r in templates.records()
    }
    none = (None, None, None)
    of_project, pids = _codes(c["project_id"])
    known = [project.get(p, (None, None)) for p in pids]
    template = _objects([t for t, _ in known])[of_project]
    cancelled = np.array([s == "cancelled" for _, s in known], dtype=bool)[of_project]
    of_template, tids = _codes(template.tolist())
    of_step, sids = _codes(c["step"])
    pairs, of_pair = np.unique(of_template * len(sids) + of_step, return_inverse=True)
    found = [
        steps.get((t, s), none) if t else none
        for t, s in ((tids[k // len(sids)], sids[k % len(sids)]) for k in pairs.tolist())
    ]
    of_pair = of_pair.reshape(-1)
    status = _objects(c["status"])
    timed = ~cancelled & _present(c["handed_off_at"])
    responds = timed & (_present(c["responded_at"]) | ~_present(status) | (status == "todo"))
    # done, but when is unknown: reported by validation, not timed here
    completes = timed & ~((status == "done") & ~_present(c["done_at"]))
    r_i, c_i = np.flatnonzero(responds), np.flatnonzero(completes)
    order = np.argsort(np.concatenate([r_i * 2, c_i * 2 + 1]), kind="stable")
    task_of = np.concatenate([r_i, c_i])[order]  # the task of each obligation, in order

    def both(first: Sequence[Any] | np.ndarray, second: Sequence[Any] | np.ndarray) -> np.ndarray:
        out: np.ndarray = np.concatenate([_objects(first), _objects(second)])[order]
        return out

    def common(values: Sequence[Any] | np.ndarray) -> np.ndarray:
        out: np.ndarray = _objects(values)[task_of]
        return out

    task_ids = _objects(c["task_id"])  # once: three selections of it below
    ids, done_ids, rows = task_ids[r_i], task_ids[c_i], np.asarray(tasks.rows)
    approval = np.array([f[2] == "approval" for f in found], dtype=bool)[of_pair][c_i]
    kinds = ["approval" if a else "completion" for a in approval.tolist()]
    responded = column_letter(tasks.positions.get("responded_at", 0))
    done = column_letter(tasks.positions.get("done_at", 0))
    # a 截止时间 typed that could not be read (下周三, 2026/13/01): timed by the rule, and said
    typed = _unread(wb, tasks, "due_at")
    return {
        "due_typed": both([None] * len(r_i), _pick([typed.get(r) for r in tasks.rows], c_i)
                          if typed else [None] * len(c_i)),
        "key": both([f"response:{t}" for t in ids],
                    [f"{k}:{t}" for k, t in zip(kinds, done_ids, strict=True)]),
        "kind": both(["response"] * len(r_i), kinds),
        "ref": task_ids[task_of],
        "tab": np.full(len(order), tasks.title, dtype=object),
        "cell": both([f"{responded}{r}" for r in rows[r_i].tolist()],
                     [f"{done}{r}" for r in rows[c_i].tolist()]),
        "project_id": common(c["project_id"]),
        "dept_id": common(c["dept_id"]),
        "person_id": common(c["assignee"]),
        "template_id": common(template),
        "step": common(c["step"]),
        "start": common(c["handed_off_at"]),
        "end": both(_pick(c["responded_at"], r_i), _pick(c["done_at"], c_i)),
        "explicit_due": both([None] * len(r_i), _pick(c["due_at"], c_i)),
        "goal_h": both(_objects([f[0] for f in found])[of_pair][r_i],
                       _objects([f[1] for f in found])[of_pair][c_i]),
        "blocked": common(status == "blocked"),
    }  # fmt: skip


def _unread(wb: Workbook, table: Table, key: str) -> dict[int, str]:
    """Sheet row -> ``任务进度!I388「下周三」``: the cell of ``key`` and the text typed there that
    parsing could not read (read as empty): a message says the due is not the typed one."""
    if key not in table.positions:
        return {}
    letter, values, out = column_letter(table.positions[key]), table.column(key), {}
    for f in wb.findings_of(table.schema.key):  # a few (the table's own): no look per row
        at = re.fullmatch(r"([A-Z]+)(\d+)", f.cell) if f.tab == table.title else None
        if at is None or at.group(1) != letter or f.value in (None, ""):
            continue
        row = int(at.group(2))
        i = bisect.bisect_left(table.rows, row)
        if i < len(table.rows) and table.rows[i] == row and values[i] is None:
            out[row] = f"{table.title}!{f.cell}「{f.value}」"  # the cell to correct (trial19)
    return out


def _dispute_obligations(wb: Workbook) -> list[dict[str, Any]]:
    d = wb["disputes"]
    rows = []
    status = column_letter(d.positions.get("status", 0))  # ``d.cell("status", i)``, made once
    for i, r in enumerate(d.records()):
        decided = r["status"] == "decided"
        if decided and r["decided_at"] is None:
            continue  # decided, but when is unknown: not timed rather than counted as on time
        end = r["decided_at"] if decided else None
        # 操作手册 §8: a major (重大) or escalated (已升级) dispute goes to management at once
        escalated = "escalated" if r["status"] == "escalated" else ""
        at_once = "major" if r["severity"] == "major" else escalated
        rows.append({
            "key": f"dispute:{r['dispute_id']}", "kind": "dispute", "ref": r["dispute_id"],
            "tab": d.title, "cell": f"{status}{d.rows[i]}", "project_id": None,
            "dept_id": (r["departments"] or (None,))[0], "person_id": r["raised_by"],
            "template_id": None, "step": None, "start": r["raised_at"], "end": end,
            "explicit_due": None, "goal_h": None, "blocked": False, "at_once": at_once,
        })  # fmt: skip
    return rows


def _action_obligations(wb: Workbook) -> list[dict[str, Any]]:
    retro, people = wb["retrospectives"], wb["people"]
    dept_of = dict(zip(people.column("person_id"), people.column("dept_id"), strict=True))
    rows = []
    done = column_letter(retro.positions.get("action_done_at", 0))  # ``retro.cell(…, i)``
    for i, r in enumerate(retro.records()):
        if not r["action"] or (r["action_status"] == "done" and r["action_done_at"] is None):
            continue
        rows.append({
            "key": f"action:{r['retro_id']}", "kind": "action", "ref": r["retro_id"],
            "tab": retro.title, "cell": f"{done}{retro.rows[i]}",
            "project_id": r["project_id"], "dept_id": dept_of.get(r["action_owner"]),
            "person_id": r["action_owner"], "template_id": None, "step": None,
            "start": r["held_on"], "end": r["action_done_at"], "explicit_due": r["action_due"],
            "goal_h": None, "blocked": False,
        })  # fmt: skip
    return rows


def _text(value: Any) -> str:
    """A template id as the rule looks it up: blank for none."""
    return "" if value is None or pd.isna(value) else str(value)


def at_risk_hours(ob: pd.DataFrame, goal_h: np.ndarray) -> np.ndarray:
    """The rule's at-risk threshold for each obligation of a time limit ``goal_h``: its
    fraction of the limit, at least its minimum (also for a typed due's window)."""
    out: np.ndarray = np.maximum(ob["at_risk_fraction"].to_numpy() * goal_h,
                                 ob["at_risk_min_h"].to_numpy())  # fmt: skip
    return out


def obligations(wb: Workbook, sla: SlaSettings) -> pd.DataFrame:
    """All obligations with the SLA rule of each applied (clock, goal, risk, ladder, pause)."""
    tasks = _task_obligations(wb)
    others = _dispute_obligations(wb) + _action_obligations(wb) + retrospective_obligations(wb)
    # lists, typed by pandas as before (an object array is not looked into for numbers); the
    # dates converted once, directly, rather than inferred and then converted
    cols: dict[str, Any] = {
        k: np.concatenate([tasks[k], _objects([r[k] for r in others])]) for k in COLUMNS
    }
    kind, template = cols["kind"], cols["template_id"]
    for k in COLUMNS:
        if k in ("start", "end", "explicit_due"):
            cols[k] = pd.to_datetime(cols[k], cache=False).astype("datetime64[s]").to_numpy()
            if k == "explicit_due":
                days = cols[k].astype("datetime64[D]")
                cols[k] = np.where(cols[k] == days, cols[k] + DAY_END, cols[k])
        elif k in TEXT_COLUMNS:  # object columns of str or None (the Arrow string dtype
            # pandas would infer costs a quarter of this function at 100,000 tasks)
            cols[k] = pd.Series(cols[k], dtype=object, copy=False)
        else:
            cols[k] = cols[k].tolist()
    df = pd.DataFrame(cols, columns=list(COLUMNS))
    # "major" / "escalated": a dispute at level 3 from its start, whatever its window says
    df["at_once"] = [""] * len(tasks["key"]) + [r.get("at_once", "") for r in others]
    typed = np.concatenate([tasks["due_typed"], _objects([None] * len(others))])
    df["due_typed"] = pd.Series(typed, dtype=object, copy=False)
    # one rule per (kind, template, step), not per row: there are few of them
    step = pd.to_numeric(df["step"], errors="coerce").fillna(0).astype(int)
    codes, values = zip(*(pd.factorize(c, use_na_sentinel=False)
                          for c in (kind, template, step)), strict=True)  # fmt: skip
    combo, row_rule = np.unique(
        np.ravel_multi_index(codes, [max(len(v), 1) for v in values]), return_inverse=True
    )
    kinds, templates, steps = np.unravel_index(combo, [max(len(v), 1) for v in values])
    rules = [
        sla.rule(str(values[0][k]), _text(values[1][t]) or None, int(values[2][s]) or None)
        for k, t, s in zip(kinds, templates, steps, strict=True)
    ]

    def per_row(attr: str, dtype: Any) -> np.ndarray:
        out: np.ndarray = np.array([getattr(r, attr) for r in rules], dtype=dtype)[row_rule]
        return out

    goal = pd.to_numeric(df["goal_h"], errors="coerce").to_numpy(dtype=float)
    df["goal_h"] = np.where(np.isnan(goal), per_row("goal_h", float), goal)
    df["clock"] = per_row("clock", object)
    df["at_risk_fraction"] = per_row("at_risk_fraction", float)  # again for a typed due
    df["at_risk_min_h"] = per_row("at_risk_min_h", float)
    df["at_risk_h"] = at_risk_hours(df, df["goal_h"].to_numpy(dtype=float))
    ladder = per_row("ladder_h", float).reshape(-1, 3)
    df["ladder_1"], df["ladder_2"], df["ladder_3"] = ladder[:, 0], ladder[:, 1], ladder[:, 2]
    df["pause"] = per_row("pause_when_blocked", bool) & df["blocked"].to_numpy(dtype=bool)
    return df
