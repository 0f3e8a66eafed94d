"""Driving the dashboard through Streamlit's AppTest: start it on a config, open pages, read
what they show, and the KPI values the jobs compute to compare with."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from config.defaults import KPI_DEFAULTS, TAB_TITLES
from config.schema import TABS
from config.settings import load_settings
from dashboard.serve import ahead
from jobs.kpis.measures import KpiValue, metrics
from jobs.sla.status import sla_of
from sheets_sync.bot_tab import key_of
from sheets_sync.demo import generate
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend
from tests.support.configs import dashboard_config

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"  # launch.ASGI wraps it


def forget_reads() -> None:
    """Empty Streamlit's caches and the reads started ahead (dashboard/serve/ahead.py)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    ahead.forget()


def point_at(book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str = "") -> Path:
    """A config in ``tmp_path`` for the workbook ``book``, used by the app; returns ``book``."""
    monkeypatch.setenv("COLLABSHEET_CONFIG", str(dashboard_config(tmp_path, book, extra)))
    return book


def start() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=60).run()


def signed_in(users: dict[str, dict[str, Any]], user: str, password: str = "") -> AppTest:
    """The dashboard (``auth = "password"`` in the config COLLABSHEET_CONFIG names) with
    ``users`` in its secrets, after ``user`` signed in with ``password`` (by default the one
    its entry holds in clear)."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["collabsheet"] = {"users": users}
    at = at.run()
    inputs = list(at.text_input)
    inputs[0].input(user)
    inputs[-1].input(password or users[user]["password"])
    return next(b for b in at.button if b.label == "登录").click().run()


def open_page(at: AppTest, page: str) -> AppTest:
    return at.switch_page(page).run()


def frames(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def texts(at: AppTest) -> list[str]:
    """Every text that Streamlit renders as markdown (titles, captions, alerts, metrics…)."""
    out: list[str] = []
    for kind in (
        "markdown",
        "caption",
        "title",
        "header",
        "subheader",
        "error",
        "warning",
        "info",
        "success",
        "exception",
    ):
        out.extend(str(e.value) for e in getattr(at, kind))
    for m in at.metric:
        out.extend(str(getattr(m.proto, f)) for f in ("label", "delta", "help"))
    out.extend(str(e.proto.label) for e in at.expander)
    out.extend(str(tab.label) for tab in at.tabs)
    for t in at.table:  # st.table renders every cell, header and row label as markdown
        out.extend(str(v) for v in (*t.value.to_numpy().ravel(), *t.value.index, *t.value.columns))
    return out


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def cells(line: str) -> list[str]:
    """The cells of one Markdown table row, as written (escaped): split at unescaped pipes."""
    out, current, chars = [], "", iter(line.strip().removeprefix("|").removesuffix("|"))
    for ch in chars:
        if ch == "\\":
            current += ch + next(chars, "")
        elif ch == "|":
            out.append(current.strip())
            current = ""
        else:
            current += ch
    return [*out, current.strip()]


def tables(at: AppTest) -> list[pd.DataFrame]:
    """The small tables (dashboard/views/markdown_table.py) as frames indexed by their first
    column, every cell and header as written (escaped), as ``st.table`` held them before."""
    found = []
    for element in at.markdown:
        lines = str(element.value).split("\n")
        if len(lines) < 2 or not re.fullmatch(r"\|( -{3}:? \|)+", lines[1]):
            continue
        header = cells(lines[0])
        frame = pd.DataFrame([cells(line) for line in lines[2:]], columns=header, dtype=object)
        found.append(frame.set_index(header[0]))
    return found


def frame_with(at: AppTest, header: str) -> pd.DataFrame:
    """The first table that has a column ``header``."""
    for frame in frames(at):
        if header in frame.columns:
            return frame
    raise AssertionError(f"no table with {header!r} among {[list(f.columns) for f in frames(at)]}")


def read_moment(at: AppTest) -> dt.datetime:
    """The 'data read at' time the sidebar shows (the moment the dashboard computed for)."""
    text = unescape(at.sidebar.caption[0].value)
    return dt.datetime.fromisoformat(text.split(" ", 1)[1].strip())


def job_values(book: Path, now: dt.datetime) -> list[KpiValue]:
    """The KPIs as the metrics job computes them for this workbook at ``now``."""
    settings = load_settings()
    wb = parse_workbook(XlsxBackend(book, settings.bot_workbook).read(), settings)
    sla = sla_of(wb, settings.sla_section, now).result
    return metrics(wb, sla, settings.kpi_section, now.date())


def shown_as(v: KpiValue, en: bool = False) -> str:
    """How the Overview must show a job's value (written out here, not taken from the app)."""
    if v.value is None:
        return "n/a"
    unit = KPI_DEFAULTS[v.kpi].unit
    if unit == "%":
        return f"{v.value * 100:,.1f}%"
    words = {"h": ("小时", "h"), "wh": ("工作小时", "working h"), "d": ("天", "d"),
             "pt": ("分", "pts")}  # fmt: skip
    word = words[unit][en]
    return f"{v.value:,.1f} {word}"


MARK = "ZZMARK"  # + the tab: a text no page may show a viewer of another department
OTHER_DEPT = "D05"  # the department the marker rows belong to (a D01 viewer must not see them)


def _rows_by_key(tabs: dict[str, list[list[object]]], key: str) -> list[dict[str, object]]:
    cols = [c.key for c in TABS[key].columns]
    return [dict(zip(cols, row, strict=True)) for row in tabs[TAB_TITLES[key]][1:]]


def _put(tabs: dict[str, list[list[object]]], key: str, records: list[dict[str, object]]) -> None:
    head = tabs[TAB_TITLES[key]][0]
    cols = [c.key for c in TABS[key].columns]
    tabs[TAB_TITLES[key]] = [head, *([r.get(k) for k in cols] for r in records)]


def marked_demo(today: dt.date) -> dict[str, list[list[object]]]:
    """The demo workbook with a marker row of ``OTHER_DEPT`` in every human tab that holds
    department data (templates and the calendar are organisation-wide: every viewer sees them).
    Each marker is ``MARK`` + the tab key, in a text column the pages show."""
    tabs = generate(today, seed=7)
    depts = _rows_by_key(tabs, "departments")
    head = next(str(d["head"]) for d in depts if d["dept_id"] == OTHER_DEPT)
    for d in depts:
        if d["dept_id"] == OTHER_DEPT:
            d["name"] = f"{d['name']}{MARK}departments"
    _put(tabs, "departments", depts)
    people = _rows_by_key(tabs, "people")
    marked = next(p for p in people if p["person_id"] != head and p["dept_id"] == OTHER_DEPT)
    marked["name"] = f"{MARK}people"
    _put(tabs, "people", people)
    # the demo gives the department's members no task (its head does its steps), so the marked
    # member is the assignee of the marker task, open in a running project: the Progress
    # board's per-person counts draw the name as the page opens
    member = marked["person_id"]
    added: dict[str, dict[str, object]] = {
        "responsibilities": {"scenario": f"{MARK}scenario", "activity": f"{MARK}responsibilities",
                             "responsible": OTHER_DEPT, "accountable": OTHER_DEPT,
                             "consulted": None, "informed": None},
        "projects": {"project_id": "PJ9999", "name": f"{MARK}projects", "initiator_dept":
                     OTHER_DEPT, "owner": head, "status": "进行中", "closed_at": None},
        "tasks": {"task_id": "T999999", "project_id": "PJ9999", "step_name": f"{MARK}tasks",
                  "dept_id": OTHER_DEPT, "assignee": member, "note": f"{MARK}tasks",
                  "status": "进行中", "done_at": None},
        "disputes": {"dispute_id": "DS9999", "departments": OTHER_DEPT, "raised_by": head,
                     "description": f"{MARK}disputes"},
        "retrospectives": {"retro_id": "R9999", "project_id": "PJ9999", "action_owner": head,
                           "finding": f"{MARK}retrospectives", "case_id": "C999"},
        "survey": {"response_id": "S99999", "dept_id": OTHER_DEPT, "comment": f"{MARK}survey"},
        "cases": {"case_id": "C999", "title": f"{MARK}cases", "departments": OTHER_DEPT,
                  "symptom": f"{MARK}cases"},
    }  # fmt: skip
    for key, change in added.items():
        rows = _rows_by_key(tabs, key)
        like = next((r for r in rows if r.get("dept_id") == OTHER_DEPT), rows[0])
        _put(tabs, key, [*rows, {**like, **change}])
    return tabs


def mark_bot_tabs(bot: Path, now: dt.datetime) -> None:
    """Add a marker row of ``OTHER_DEPT`` to every bot tab of the results file ``bot`` (as
    the daily run wrote it): an obligation, a check, a reminder, a KPI value, a case link and
    a run whose message names it."""
    stamp = now.strftime("%Y-%m-%d %H:%M:%S")
    rows: dict[str, dict[str, object]] = {
        "_checks": {"run_at": stamp, "tab": TAB_TITLES["tasks"], "cell": "C999", "value":
                    f"{MARK}_checks", "rule": "ref.unknown", "severity": "error",
                    "message": f"{MARK}_checks", "fix": f"{MARK}_checks"},
        "_sla": {"key": f"completion:{MARK}", "kind": "completion", "ref": f"{MARK}_sla", "tab":
                 TAB_TITLES["tasks"], "cell": "A999", "dept_id": OTHER_DEPT, "start": stamp,
                 "due_at": stamp, "goal_h": 8, "elapsed_h": 9, "remaining_h": -1,
                 "status": "breached", "level": 3, "explanation": f"{MARK}_sla"},
        "_reminders": {"key": f"digest:{MARK}", "status": "sent", "channel": "outbox",
                       "recipient": f"{MARK}_reminders", "subject": f"{MARK}_reminders",
                       "first_at": stamp, "sent_at": stamp},
        "_metrics": {"date": now.date().isoformat(), "kpi": f"{MARK}_metrics", "value": 0.5,
                     "target": 0.5},
        "_case_links": {"retro_id": "R9999", "finding_cell": "E999", "case_id": "C999",
                        "title": f"{MARK}_case_links", "rank": 1, "score": 0.9,
                        "matched": f"{MARK}_case_links", "run_at": stamp},
        "_runs": {"run_id": "zz", "job": "daily", "started_at": stamp, "ended_at": stamp,
                  "outcome": "ok", "message": f"{MARK}_runs"},
    }  # fmt: skip
    book = openpyxl.load_workbook(bot)
    for title, record in rows.items():
        ws = book[title]
        header = [key_of(title, str(c.value)) for c in ws[1]]  # in the configured language
        ws.append([record.get(h) if h else None for h in header])
    book.save(bot)
