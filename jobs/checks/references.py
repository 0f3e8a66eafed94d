"""Reference checks: every dept_id, person_id, template_id, project_id and case_id a row
names must exist in its own tab. The fix names the id to write: the id of a name typed where
the id belongs (董琪 → P007（董琪）), else the id or the name closest to the value."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from functools import partial
from itertools import compress, count

from sheets_sync.finding import Finding, rule
from sheets_sync.table import Table
from sheets_sync.workbook import Workbook

rule(
    "ref.unknown",
    "error",
    ("「{value}」在「{target}」中不存在", "{hint}"),
    ("'{value}' does not exist in '{target}'", "{hint_en}"),
)
rule(
    "ref.inactive",
    "warning",
    ("「{value}」在「{target}」中已停用", "换成在岗的人员/部门，或在「{target}」中重新启用"),
    (
        "'{value}' is marked inactive in '{target}'",
        "name an active one, or set it active again in '{target}'",
    ),
)

# tab key -> (id column, "active" column or None)
ID_OF: dict[str, tuple[str, str | None]] = {
    "departments": ("dept_id", "active"),
    "people": ("person_id", "active"),
    "templates": ("template_id", None),
    "projects": ("project_id", None),
    "cases": ("case_id", None),
}
# tab key -> the column people know its rows by (what they type instead of the id)
NAME_OF = {"departments": "name", "people": "name", "templates": "name", "projects": "name",
           "cases": "title"}  # fmt: skip


def known_ids(wb: Workbook) -> dict[str, tuple[set[str], set[str]]]:
    """tab key -> (all ids, inactive ids)."""
    out: dict[str, tuple[set[str], set[str]]] = {}
    for tab, (id_key, active_key) in ID_OF.items():
        t = wb[tab]
        ids = {v for v in t.column(id_key) if v is not None}
        # a row left out for another error (reported on that row) still names an existing id
        ids |= {r[id_key] for r in t.skipped if r.get(id_key) is not None}
        inactive: set[str] = set()
        if active_key:
            inactive = {
                i for i, a in zip(t.column(id_key), t.column(active_key), strict=True) if a is False
            }
        out[tab] = (ids, inactive)
    return out


def known_names(wb: Workbook, tab: str) -> dict[str, list[str]]:
    """A tab's names -> the ids named so (in row order; two people may share a name)."""
    t, id_key = wb[tab], ID_OF[tab][0]
    if NAME_OF[tab] not in t.positions:
        return {}
    out: dict[str, list[str]] = {}
    for i, n in zip(t.column(id_key), t.column(NAME_OF[tab]), strict=True):
        if i is not None and n is not None and str(i) not in out.setdefault(str(n), []):
            out[str(n)].append(str(i))
    return out


def _named(ids: list[str], name: str) -> tuple[str, str]:
    """P007（董琪） and P007 (董琪); two people of one name: P007（董琪）或 P019（董琪）."""
    return (" 或 ".join(f"{i}（{name}）" for i in ids),
            " or ".join(f"{i} ({name})" for i in ids))  # fmt: skip


def _hint(
    value: str, ids: set[str], target: str, names: Mapping[str, list[str]] | None = None,
    cell_of: Callable[[str], str] | None = None, many: bool = False,
) -> Mapping[str, str]:  # fmt: skip
    names = names or {}
    if value in names:  # a name where the id belongs
        zh, en = _named(names[value], value)
        return {"hint": f"这里填编号：写 {zh}", "hint_en": f"this column takes the id: write {en}"}
    same = sorted(i for i in ids if str(i).casefold() == str(value).casefold())
    if same and cell_of is not None and (at := cell_of(same[0])):  # p004 in 人员, P004 here
        return {  # (trial10); a row left out for another error has no cell to name: below
            "hint": f"「{target}」中写作「{same[0]}」（{target}!{at}），只差大小写：编号区分"
            f"大小写，请把这一格改成「{same[0]}」",  # not 人员!A6: other rows name it so (trial20)
            "hint_en": f"'{target}' has it as '{same[0]}' ({target}!{at}), which differs only in "
            f"case: ids are case-sensitive; write '{same[0]}' here",
        }
    # an id with more typed around it (白英然(P015), P005 方帆) or several (P015、P016)
    inside = [t for t in dict.fromkeys(_TOKEN.findall(value)) if t in ids and t != value]
    if len(inside) == 1:
        return {"hint": f"这里只填编号：写 {inside[0]}",
                "hint_en": f"this column takes the id alone: write {inside[0]}"}  # fmt: skip
    if inside and many:  # a column of several (负责部门, 协助): D01/D02, D01和D02 (review23)
        zh, en = "、".join(inside), ", ".join(inside)
        return {"hint": f"几个编号之间用「、」分隔：写 {zh}",
                "hint_en": f"separate the ids with 、 or a comma: write {en}"}  # fmt: skip
    if inside:
        return {"hint": f"一格只填一个编号：写 {' 或 '.join(inside)} 中的一个",
                "hint_en": f"one id per cell: write one of {', '.join(inside)}"}  # fmt: skip
    near = difflib.get_close_matches(value, sorted(ids), n=1, cutoff=0.6)
    # names are short (张三): one character of two off is still close
    close = [] if near else difflib.get_close_matches(value, sorted(names), n=1, cutoff=0.5)
    if close:  # a name misspelt: its id, with the name
        zh, en = _named(names[close[0]], close[0])
        return {
            "hint": f"是不是 {zh}？请改正，或先在「{target}」中添加「{value}」",
            "hint_en": f"did you mean {en}? Correct it, or add '{value}' to '{target}'",
        }
    if near:
        return {
            "hint": f"是不是「{near[0]}」？请改正，或先在「{target}」中添加「{value}」",
            "hint_en": f"did you mean '{near[0]}'? Correct it, or add '{value}' to '{target}'",
        }
    return {
        "hint": f"改成「{target}」中已有的编号，或先在「{target}」中添加「{value}」",
        "hint_en": f"use an id that exists in '{target}', or add '{value}' to it first",
    }


# an id's characters, between others (白英然(P015), P01-张三: review23); D-01 and A.1 whole
_TOKEN = re.compile(r"[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*")


def _id_cell(wb: Workbook, tab: str, value: str) -> str:
    """The A1 cell of id ``value`` in ``tab`` (its first row), '' for a row left out."""
    t = wb[tab]
    column = t.column(ID_OF[tab][0])
    return t.cell(ID_OF[tab][0], column.index(value)) if value in column else ""


# tab key -> (status column, the statuses of a settled row); None: every row is history
SETTLED: dict[str, tuple[str, frozenset[str]] | None] = {
    "tasks": ("status", frozenset({"done"})),
    "projects": ("status", frozenset({"done", "cancelled"})),
    "disputes": ("status", frozenset({"decided"})),
    "retrospectives": ("action_status", frozenset({"done"})),
    "survey": None,
    "cases": None,
}


def _settled(table: Table) -> list[bool]:
    """Per row: settled (a task done, a dispute decided, a survey answer): naming someone
    inactive since is history, not a warning (trial18: 37 warnings for one person retired,
    3 of them on open tasks)."""
    key = table.schema.key
    if key not in SETTLED:
        return [False] * len(table)
    rule_ = SETTLED[key]
    if rule_ is None:
        return [True] * len(table)
    column, done = rule_
    return [s in done for s in table.column(column)]


def check_references(wb: Workbook) -> list[Finding]:
    """One finding per unknown id (error) in a reference column, and per inactive id
    (warning) in a row not settled yet (``SETTLED``)."""
    ids = known_ids(wb)
    findings: list[Finding] = []
    for table in wb.tables.values():
        settled: list[bool] | None = None
        for col in table.schema.columns:
            if col.ref is None or col.key not in table.positions:
                continue
            if ID_OF[col.ref][0] not in wb[col.ref].positions:
                continue  # no id column to check against (tab or column missing: reported once)
            known, inactive = ids[col.ref]
            target = wb[col.ref].title
            values = table.column(col.key)
            # the distinct values first: the rows of those naming an unknown or inactive id only
            flagged = {
                value for value in set(values) - {None}
                if any(v not in known or v in inactive
                       for v in (value if isinstance(value, tuple) else (value,)))
            }  # fmt: skip
            rows = compress(count(), map(flagged.__contains__, values)) if flagged else ()
            names = known_names(wb, col.ref) if flagged else {}  # for the fixes only
            cell_of = partial(_id_cell, wb, col.ref)
            for i in rows:
                value = values[i]
                for v in value if isinstance(value, tuple) else (value,):
                    if v not in known:
                        findings.append(
                            Finding(
                                table.title,
                                table.cell(col.key, i),
                                v,
                                "ref.unknown",
                                {
                                    "target": target,
                                    **_hint(v, known, target, names, cell_of, col.type == "ids"),
                                },
                            )
                        )
                    elif v in inactive:
                        settled = _settled(table) if settled is None else settled
                        if settled[i]:
                            continue
                        findings.append(
                            Finding(
                                table.title,
                                table.cell(col.key, i),
                                v,
                                "ref.inactive",
                                {"target": target},
                            )
                        )
    return findings
