"""The packs as documents: one for management (every department) and one per department (its
own rows; the KPIs are the company's), each with the item tables its xlsx holds whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from config.defaults import KPI_DEFAULTS
from config.phrases import language
from config.schema import TABS
from jobs.handbook.document import Block, Bullets, Cell, Document, Heading, Paragraph, Table
from jobs.kpis.targets import comparator, unit_word
from jobs.weekly.agenda import Items, LeftOut, Overdue
from jobs.weekly.pack_words import headers, words
from jobs.weekly.trend import KpiLine

MANAGEMENT = "management"
LIMIT = 200  # rows per table in the Word and HTML files; the xlsx holds every row
ROWS_NAMED = 10  # left-out rows named per tab at the top of a pack (then 等 N)


@dataclass(frozen=True)
class Names:
    """Ids as people read them: departments, people and projects."""

    depts: Mapping[str, str]
    people: Mapping[str, str]
    projects: Mapping[str, str]

    def dept(self, dept_id: str) -> str:
        return self.depts.get(dept_id, dept_id)

    def person(self, person_id: str) -> str:
        name = self.people.get(person_id)
        return f"{name}（{person_id}）" if name else person_id

    def project(self, project_id: str) -> str:
        name = self.projects.get(project_id)
        return f"{name}（{project_id}）" if name else project_id or "—"


@dataclass(frozen=True)
class Pack:
    """One pack: its document, its item tables (sheet name, table) and its counts."""

    key: str  # "management" or a dept_id: names the files
    name: str  # 管理层 or the department's name
    week: str  # 2026-W50
    document: Document
    sheets: tuple[tuple[str, Table], ...]
    counts: Mapping[str, int]


def week_of(now: dt.datetime) -> tuple[str, dt.date, dt.date]:
    """The ISO week of ``now`` ("2026-W50") and its Monday and Sunday."""
    year, week, weekday = now.isocalendar()
    monday = now.date() - dt.timedelta(days=weekday - 1)
    return f"{year}-W{week:02d}", monday, monday + dt.timedelta(days=6)


def _choice(tab: str, column: str, value: str, locale: str) -> str:
    """A choice's label in the sheet's words (zh-CN), or its key (en)."""
    if language(locale) == "en":
        return value
    col = TABS[tab].by_key.get(column)
    labels = dict(getattr(col, "choices", None) or ())
    return str(labels.get(value, value))


def _amount(kpi: str, v: float | None, locale: str, change: bool = False) -> str:
    if v is None:
        return "—"
    unit = KPI_DEFAULTS[kpi].unit if kpi in KPI_DEFAULTS else ""
    if unit == "%":
        return words(locale)["pp"].format(v=v * 100) if change else f"{v * 100:.1f}%"
    word = unit_word(unit, locale)
    return f"{v:+.1f} {word}" if change else f"{v:.1f} {word}".strip()


def _target(kpi: str, target: float, locale: str) -> str:
    w = words(locale)
    direction = KPI_DEFAULTS[kpi].direction if kpi in KPI_DEFAULTS else "min"
    if direction.startswith("change"):
        return w["baseline"].format(v=f"{target * 100:+.0f}%")
    sign = comparator(kpi) if kpi in KPI_DEFAULTS else "≥"
    return f"{sign} {_amount(kpi, target, locale)}"


def _kpi_rows(lines: Sequence[KpiLine], locale: str) -> tuple[tuple[str, ...], ...]:
    w = words(locale)
    rows = []
    for k in lines:
        name = KPI_DEFAULTS[k.kpi].en if language(locale) == "en" else KPI_DEFAULTS[k.kpi].zh
        met = "—" if k.met is None else w["yes" if k.met else "no"]
        verdict = {None: w["flat"], True: w["better"], False: w["worse"]}[k.better]
        moved = _amount(k.kpi, k.change, locale, True)
        change = "—" if k.change is None else w["change"].format(v=moved, verdict=verdict)
        trend = " → ".join(_amount(k.kpi, p, locale) for p in k.points if p is not None)
        rows.append((name, _amount(k.kpi, k.value, locale), _target(k.kpi, k.target, locale),
                     met, _amount(k.kpi, k.last_week, locale), change, trend or "—"))  # fmt: skip
    return tuple(rows)


def _when(at: dt.datetime | None) -> str:
    return f"{at:%Y-%m-%d %H:%M}" if at is not None else "—"


class _Layout:
    """The tables of one audience (``dept`` None: management, every row)."""

    def __init__(self, items: Items, names: Names, locale: str, dept: str | None) -> None:
        self.i, self.n, self.locale, self.dept = items, names, locale, dept
        self.w, self.h = words(locale), headers(locale)

    def mine(self, depts: Sequence[str] | str) -> bool:
        ids = depts.split("、") if isinstance(depts, str) else depts
        return self.dept is None or self.dept in ids

    def overdue(self) -> Table:
        n, w = self.n, self.w
        rows = tuple(
            (o.level, w["kind.sep"].join(w.get(f"kind.{k}", k) for k in o.kinds), o.ref,
             n.project(o.project_id), n.dept(o.dept_id), n.person(o.owner),
             w["due_unread"].format(due=_when(o.due), typed=o.typed) if o.typed else _when(o.due),
             self._over(o), o.cell)
            for o in self.i.overdue if self.mine(o.dept_id)
        )  # fmt: skip
        return Table(self.h["overdue"], rows)

    def _over(self, o: Overdue) -> Cell:
        """Working hours past due, a number (the column says the unit); 未超时 for one
        escalated before its due (it showed 0, trial26); a wall-clock rule's hours say so."""
        if not o.breached:
            return self.w["not_over"]
        return o.over_h if o.clock == "business" else self.w["wall_hours"].format(h=f"{o.over_h:g}")

    def disputes(self) -> Table:
        n, loc = self.n, self.locale
        rows = tuple(
            (d.dispute_id, _when(d.raised_at), "—" if d.open_days is None else d.open_days,
             "、".join(n.dept(x) for x in d.departments), d.scenario, d.activity, d.description,
             _choice("disputes", "severity", d.severity, loc),
             _choice("disputes", "status", d.status, loc), n.person(d.raised_by), d.cell)
            for d in self.i.disputes if self.mine(d.departments)
        )  # fmt: skip
        return Table(self.h["disputes"], rows)

    def actions(self) -> Table:
        n, w = self.n, self.w
        rows = tuple(
            (w["overdue_status" if a.status == "overdue" else "open_status"], _when(a.due),
             n.person(a.owner) if a.owner else "—", n.dept(a.dept_id) if a.dept_id else "—",
             n.project(a.project_id), a.retro_id, a.finding, a.action, a.cell)
            for a in self.i.actions if self.mine(a.dept_id)
        )  # fmt: skip
        return Table(self.h["actions"], rows)

    def cases(self) -> Table:
        n, q = self.n, self.i.quarter
        rows = tuple(
            (c.case_id, c.title, _choice("cases", "category", str(c.category or ""), self.locale),
             c.by_quarter.get(q, 0), c.recurrences,
             f"{c.last_seen:%Y-%m-%d}" if c.last_seen else "—",
             "、".join(n.dept(d) for d in c.departments))
            for c in self.i.cases if self.mine(c.departments)
        )  # fmt: skip
        return Table(self.h["cases"], rows)

    def survey(self) -> Table:
        rows = tuple(
            (self.n.dept(s.dept_id), s.answers, s.people,
             "—" if s.mean_overall is None else s.mean_overall)
            for s in self.i.survey if self.mine(s.dept_id)
        )  # fmt: skip
        return Table(self.h["survey"], rows)


def _left(left: Sequence[LeftOut], w: Mapping[str, str]) -> str:
    """「任务进度」第 12、40 行、「权责争议」第 5 行: the rows, by tab, ``ROWS_NAMED`` each."""
    by: dict[str, list[int]] = {}
    for x in left:
        by.setdefault(x.title, []).append(x.row)
    parts = []
    for title, rows in by.items():
        text = w["kind.sep"].join(map(str, rows[:ROWS_NAMED]))
        if len(rows) > ROWS_NAMED:
            text = w["left.more"].format(rows=text, n=len(rows), more=len(rows) - ROWS_NAMED)
        parts.append(w["left.tab"].format(tab=title, rows=text))
    return w["kind.sep"].join(parts)


def _section(
    title: str, table: Table, sheet: str, w: Mapping[str, str], gone: Sequence[str] = (),
    partial: Sequence[str] = (),
) -> list[Block]:  # fmt: skip
    """A heading and its table (the first ``LIMIT`` rows, the rest named in the xlsx); ``gone``:
    the titles of its source tabs that could not be read, ``partial``: those with rows left
    out (said, never 本周无)."""
    if not table.rows:
        empty = (w["none_unread"].format(tabs="、".join(gone)) if gone
                 else w["none_left"].format(tabs="、".join(partial)) if partial
                 else w["none"])  # fmt: skip
        return [Heading(title), Paragraph(empty)]
    out: list[Block] = [Heading(title), Table(table.header, table.rows[:LIMIT])]
    if len(table.rows) > LIMIT:
        out.append(Paragraph(w["more"].format(n=len(table.rows) - LIMIT, sheet=sheet)))
    return out


# the tabs each section is drawn from: one not read leaves it incomplete
SOURCES = {"overdue": ("tasks", "disputes", "retrospectives", "projects"),
           "disputes": ("disputes",), "actions": ("retrospectives",),
           "cases": ("cases", "retrospectives"), "survey": ("survey",)}  # fmt: skip


def pack(
    lines: Sequence[KpiLine], items: Items, names: Names, now: dt.datetime, locale: str,
    dept: str | None = None, unread: Mapping[str, str] | None = None,
) -> Pack:  # fmt: skip
    """The management pack (``dept`` None) or one department's pack; ``unread``: tab key ->
    its title for the tabs not read, said at the top and in the sections drawn from them."""
    w, h = words(locale), headers(locale)
    unread = unread or {}

    week, first, last = week_of(now)
    lay = _Layout(items, names, locale, dept)
    left = [x for x in items.left if not x.depts or lay.mine(x.depts)]

    def gone(key: str) -> list[str]:
        return [unread[k] for k in SOURCES[key] if k in unread]

    def partial(key: str) -> list[str]:
        return list(dict.fromkeys(x.title for x in left if x.tab in SOURCES[key]))

    who = w["management"] if dept is None else names.dept(dept)
    tables = {"overdue": lay.overdue(), "disputes": lay.disputes(), "actions": lay.actions(),
              "cases": lay.cases(), "survey": lay.survey()}  # fmt: skip
    counts = _counts(tables, items, lay)
    scope = w["company"] if dept is None else f"{who}（{dept}）"
    summary = [
        w["count.overdue"].format(n=counts["overdue"], m=counts["escalated"]),
        w["count.disputes"].format(n=counts["disputes"], m=counts["major"]),
        w["count.actions"].format(n=counts["actions"], m=counts["actions_overdue"]),
        w["count.cases"].format(n=counts["cases"]),
        w["count.survey"].format(q=items.survey_quarter, n=counts["answers"])
        if items.survey_quarter else w["count.survey_none"],
    ]  # fmt: skip
    kpis = Table(h["kpi"], _kpi_rows(lines, locale))
    blocks: list[Block] = [
        Paragraph(
            w["period"].format(at=_when(now), week=week, first=first, last=last, scope=scope)
        ),
        Heading(w["summary"]),
        Bullets(tuple(summary)),
        *_section(w["kpis"], kpis, w["sheet.kpis"], w),
        *(b for k in ("overdue", "disputes", "actions")
          for b in _section(w[k], tables[k], w[f"sheet.{k}"], w, gone(k), partial(k))),
        *_section(w["cases"].format(q=items.quarter), tables["cases"], w["sheet.cases"], w,
                  gone("cases"), partial("cases")),
        *_section(w["survey"].format(q=items.survey_quarter or "—"), tables["survey"],
                  w["sheet.survey"], w, gone("survey"), partial("survey")),
    ]  # fmt: skip
    if left:
        blocks.insert(1, Paragraph(w["left"].format(rows=_left(left, w))))
    if unread:
        blocks.insert(1, Paragraph(w["unread"].format(tabs="、".join(unread.values()))))
    title = w["title"].format(week=week, who=who)
    doc = Document(dept or MANAGEMENT, title, week, now.date().isoformat(), tuple(blocks),
                   w["subject"], landscape=True)  # fmt: skip
    sheets = ((w["sheet.kpis"], kpis), *((w[f"sheet.{k}"], t) for k, t in tables.items()))
    return Pack(dept or MANAGEMENT, who, week, doc, sheets, counts)


def _counts(tables: Mapping[str, Table], items: Items, lay: _Layout) -> dict[str, int]:
    mine: Callable[[Any], bool] = lay.mine
    return {
        "overdue": len(tables["overdue"].rows),
        "escalated": sum(o.level >= 2 for o in items.overdue if mine(o.dept_id)),
        "disputes": len(tables["disputes"].rows),
        "major": sum(d.severity == "major" for d in items.disputes if mine(d.departments)),
        "actions": len(tables["actions"].rows),
        "actions_overdue": sum(a.status == "overdue" for a in items.actions if mine(a.dept_id)),
        "cases": len(tables["cases"].rows),
        "answers": sum(s.answers for s in items.survey if mine(s.dept_id)),
    }


def packs(
    lines: Sequence[KpiLine], items: Items, names: Names, now: dt.datetime, locale: str,
    depts: Sequence[str], unread: Mapping[str, str] | None = None,
) -> list[Pack]:  # fmt: skip
    """The management pack, then one per department of ``depts`` (the active ones)."""
    return [pack(lines, items, names, now, locale, None, unread), *(
        pack(lines, items, names, now, locale, d, unread) for d in depts
    )]  # fmt: skip
