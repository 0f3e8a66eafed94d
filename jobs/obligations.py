"""Obligations: every promise the sheets make, as one DataFrame row with its start, end and goal.

- response: a handed-off task must be responded to (template step's response_sla_h, else the rule);
- completion / approval: it must be done (done_sla_h, else the rule; a due_at a person typed wins);
- dispute: an open dispute has a negotiation window, then goes to management;
- action: a retrospective's action is due 24 h after the retrospective unless action_due is set.
Tasks of cancelled projects owe nothing. A task that is under way or done without a response
time has no measurable response, so it is left out rather than guessed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from config.settings import Settings
from sheets_sync.workbook import Workbook

COLUMNS = (
    "key", "kind", "ref", "tab", "cell", "project_id", "dept_id", "person_id", "template_id",
    "step", "start", "end", "explicit_due", "goal_h", "blocked",
)  # fmt: skip


def _task_obligations(wb: Workbook) -> list[dict[str, Any]]:
    tasks, projects, templates = wb["tasks"], wb["projects"], wb["templates"]
    project = {
        p: (t, s)
        for p, t, s in zip(projects.column("project_id"), projects.column("template_id"),
                           projects.column("status"), strict=True)
    }  # fmt: skip
    steps: dict[tuple[str, int], dict[str, Any]] = {
        (r["template_id"], r["step"]): r for r in templates.records()
    }
    rows: list[dict[str, Any]] = []
    for i, t in enumerate(tasks.records()):
        template_id, status = project.get(t["project_id"], (None, None))
        if status == "cancelled" or t["handed_off_at"] is None:
            continue
        step = steps.get((template_id, t["step"]), {}) if template_id else {}
        common = {
            "ref": t["task_id"],
            "tab": tasks.title,
            "project_id": t["project_id"],
            "dept_id": t["dept_id"],
            "person_id": t["assignee"],
            "template_id": template_id,
            "step": t["step"],
            "start": t["handed_off_at"],
            "blocked": t["status"] == "blocked",
        }
        if t["responded_at"] is not None or t["status"] in (None, "todo"):
            rows.append({
                **common, "key": f"response:{t['task_id']}", "kind": "response",
                "cell": tasks.cell("responded_at", i), "end": t["responded_at"],
                "explicit_due": None, "goal_h": step.get("response_sla_h"),
            })  # fmt: skip
        if t["status"] == "done" and t["done_at"] is None:
            continue  # done, but when is unknown: reported by validation, not timed here
        kind = "approval" if step.get("kind") == "approval" else "completion"
        rows.append({
            **common, "key": f"{kind}:{t['task_id']}", "kind": kind,
            "cell": tasks.cell("done_at", i), "end": t["done_at"],
            "explicit_due": t["due_at"], "goal_h": step.get("done_sla_h"),
        })  # fmt: skip
    return rows


def _dispute_obligations(wb: Workbook) -> list[dict[str, Any]]:
    d = wb["disputes"]
    rows = []
    for i, r in enumerate(d.records()):
        decided = r["status"] == "decided"
        if decided and r["decided_at"] is None:
            continue  # decided, but when is unknown: not timed rather than counted as on time
        end = r["decided_at"] if decided else None
        rows.append({
            "key": f"dispute:{r['dispute_id']}", "kind": "dispute", "ref": r["dispute_id"],
            "tab": d.title, "cell": d.cell("status", i), "project_id": None,
            "dept_id": (r["departments"] or (None,))[0], "person_id": r["raised_by"],
            "template_id": None, "step": None, "start": r["raised_at"], "end": end,
            "explicit_due": None, "goal_h": None, "blocked": False,
        })  # fmt: skip
    return rows


def _action_obligations(wb: Workbook) -> list[dict[str, Any]]:
    retro, people = wb["retrospectives"], wb["people"]
    dept_of = dict(zip(people.column("person_id"), people.column("dept_id"), strict=True))
    rows = []
    for i, r in enumerate(retro.records()):
        if not r["action"]:
            continue
        rows.append({
            "key": f"action:{r['retro_id']}", "kind": "action", "ref": r["retro_id"],
            "tab": retro.title, "cell": retro.cell("action_done_at", i),
            "project_id": r["project_id"], "dept_id": dept_of.get(r["action_owner"]),
            "person_id": r["action_owner"], "template_id": None, "step": None,
            "start": r["held_on"], "end": r["action_done_at"], "explicit_due": r["action_due"],
            "goal_h": None, "blocked": False,
        })  # fmt: skip
    return rows


def obligations(wb: Workbook, settings: Settings) -> pd.DataFrame:
    """All obligations with the SLA rule of each applied (clock, goal, risk, ladder, pause)."""
    rows = _task_obligations(wb) + _dispute_obligations(wb) + _action_obligations(wb)
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("start", "end", "explicit_due"):
        df[col] = pd.to_datetime(df[col]).astype("datetime64[s]")
    # one rule per (kind, template, step), not per row: there are few of them
    template = df["template_id"].fillna("").astype(str).tolist()
    step = pd.to_numeric(df["step"], errors="coerce").fillna(0).astype(int).tolist()
    combos = list(zip(df["kind"].tolist(), template, step, strict=True))
    rules = {c: settings.rule(c[0], c[1] or None, c[2] or None) for c in set(combos)}
    keyed = [rules[c] for c in combos]
    default_goal = np.array([r.goal_h for r in keyed], dtype=float)
    goal = pd.to_numeric(df["goal_h"], errors="coerce").to_numpy(dtype=float)
    df["goal_h"] = np.where(np.isnan(goal), default_goal, goal)
    df["clock"] = [r.clock for r in keyed]
    df["at_risk_h"] = [r.at_risk_h(g) for r, g in zip(keyed, df["goal_h"], strict=True)]
    ladder = np.array([r.ladder_h for r in keyed], dtype=float).reshape(-1, 3)
    df["ladder_1"], df["ladder_2"], df["ladder_3"] = ladder[:, 0], ladder[:, 1], ladder[:, 2]
    pause = np.array([r.pause_when_blocked for r in keyed], dtype=bool)
    df["pause"] = pause & df["blocked"].to_numpy(dtype=bool)
    return df
