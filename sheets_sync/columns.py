"""Column parsers: the raw values of one column -> the typed values plus the problems
``(index, rule, params)``, in the order of the cells.

Parsing runs on every read, and at 100,000 tasks a read is millions of cells, nearly all of
them already in their typed form: a trimmed string, a finite float, a date cell, a blank. Those
are found and converted with operations over the whole column that run in C (``map``,
``compress``, ``min``/``max``, a set of the distinct values) instead of a Python loop per cell;
only the other cells go one by one through the rules in sheets_sync/cell.py, which decide every
problem. A cell that looks unusual to the whole-column checks (a ``#`` inside a string, say)
merely takes the cell-by-cell path: the values and problems are those of the rules. A text
cell holding a URL is read redacted (``config.secrets.redact``: a webhook's token, a known
secret), so no page, pack or message built from the tables shows one (trial9).
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import compress, count, repeat
from typing import Any

from config.schema import Column
from config.secrets import redact
from sheets_sync.cell import (
    MAX_CELL_CHARS,
    Parsed,
    Problem,
    _rule,
    datetime_cell,
    header_form,
    is_blank,
    normalize,
    number_cell,
    out_of_range,
    parse_bool,
    parse_ids,
    text_cell,
)
from sheets_sync.finding import rule

# an hours column (key ``…_h``: 响应时限, 完成时限) typed with its unit: 24小时 is 24 (trial22:
# an error); in days it is a finding, the number of hours per day being the calendar's
_UNIT = re.compile(r"^([+-]?[\d.,]+)\s*(?:个)?(?:工作)?(小时|h|hrs?|hours?|天|日|d|days?)$", re.I)
rule(
    "hours.in_days", "error",
    ("「{value}」按天填写：本列是工作小时数",
     "填写小时数，例如 1 个工作日填 8（按工作日历的上班时长）"),
    ("'{value}' is in days: this column holds working hours",
     "enter hours, e.g. 8 for one working day (the working calendar's hours a day)"),
)  # fmt: skip
# what a URL or a webhook's address holds, with or without its scheme (oapi.dingtalk.com/robot/…):
# each has a "/", which most text columns (ids, names, statuses) lack: one search for those
_LINKS = ("://", "/robot/send", "hooks.slack.com/", "/bot/v2/hook", "webhook/send")
_SPECIAL_START = ("#", "=")  # a failed formula's value, formula text: the rules look at them


def _where(flags: Iterable[Any]) -> Iterator[int]:
    """The indices of the true flags."""
    return compress(count(), flags)


def _not_of_type(values: Sequence[Any], kind: type) -> set[int]:
    """The indices of the values whose type is not exactly ``kind`` (a subclass is not)."""
    if not values or set(map(type, values)) == {kind}:
        return set()
    return set(_where(map(operator.is_not, map(type, values), repeat(kind))))


def parse_text(values: Sequence[Any], col: Column, is_id: bool) -> Parsed:
    """Text: a non-empty trimmed string (ASCII for an id) not starting with ``#`` or ``=`` is
    its own value; "" is None; every other cell goes through ``text_cell``."""
    strs = list(values)
    slow = _not_of_type(strs, str)
    for i in slow:
        strs[i] = ""  # not a string (None, a number): ``text_cell`` decides it
    out: list[Any] = list(map(str.strip, strs))
    if out != strs:  # spaces around some
        slow.update(_where(map(operator.ne, strs, out)))
    joined = "\n".join(strs)
    if len(joined) > MAX_CELL_CHARS and max(map(len, strs)) > MAX_CELL_CHARS:
        slow.update(_where(map(operator.gt, map(len, strs), repeat(MAX_CELL_CHARS))))
    if "#" in joined or "=" in joined:
        slow.update(_where(map(str.startswith, strs, repeat(_SPECIAL_START))))
    if is_id and not joined.isascii():
        slow.update(_where(map(operator.not_, map(str.isascii, strs))))
    if "" in strs:  # every value of ``out`` is text here (the others are decided below)
        out = [v or None for v in out]
    problems: list[Problem] = []
    for i in sorted(slow):
        out[i] = text_cell(i, values[i], is_id, problems)
    if "/" in joined and any(m in joined for m in _LINKS):  # a webhook typed into a cell: no
        for i, v in enumerate(out):  # output shows its token (trial9); only the cells holding
            if isinstance(v, str) and any(m in v for m in _LINKS):  # one are redacted
                out[i] = redact(v)
    return out, problems


def parse_number(values: Sequence[Any], col: Column, integer: bool) -> Parsed:
    """Numbers: a finite float cell in range (whole, for ``int``) is its value; None and "" are
    None; every other cell goes through ``number_cell``."""
    lo, hi = col.minimum, col.maximum
    out: list[Any] = list(values)
    others = _not_of_type(out, float)
    at = [i for i in range(len(out)) if i not in others] if others else range(len(out))
    xs = [out[i] for i in at] if others else out
    bad: set[int] = set()  # positions in ``xs``
    finite = all(map(math.isfinite, xs))
    if not finite:
        bad.update(_where(map(operator.not_, map(math.isfinite, xs))))
    if integer and not all(map(float.is_integer, xs)):
        bad.update(_where(map(operator.not_, map(float.is_integer, xs))))
    if lo is not None and xs and (not finite or min(xs) < lo):
        bad.update(_where(map(operator.lt, xs, repeat(lo))))
    if hi is not None and xs and (not finite or max(xs) > hi):
        bad.update(_where(map(operator.gt, xs, repeat(hi))))
    if integer and not bad and not others:
        out = list(map(int, xs))
    elif integer:
        for k, i in enumerate(at):
            if k not in bad:
                out[i] = int(xs[k])
    slow = {at[k] for k in bad}
    for i in others:
        v = values[i]
        if v is None or (type(v) is str and not v):
            out[i] = None
        else:
            slow.add(i)
    problems: list[Problem] = []
    hours = col.key.endswith("_h")
    for i in sorted(slow):
        v = values[i]
        unit = _UNIT.match(normalize(v)) if hours and type(v) is str else None
        if unit:
            if unit.group(2).lower() in ("天", "日", "d", "day", "days"):
                problems.append((i, "hours.in_days", {}))
                out[i] = None
                continue
            v = unit.group(1)  # the unit the column asks for
        out[i] = number_cell(i, v, col, integer, problems)
    return out, problems


def parse_datetime(values: Sequence[Any], col: Column, date_only: bool) -> Parsed:
    """Dates and datetimes: a datetime cell without a time zone, or a date cell, is converted
    as it is; None and "" are None; every other cell goes through ``datetime_cell``. A column
    of only datetime cells and blanks (what a .xlsx read gives, 100,000 rows a run) is
    converted whole, its few text cells alone one by one; any other column cell by cell."""
    datetime_type, date_type = dt.datetime, dt.date
    # a column read from .xlsx: datetime cells and blanks (None, or "" as calamine reads an
    # empty cell of a padded row), without a time zone: converted whole, no cell one by one
    # (a text cell that is not empty goes through ``datetime_cell``, which decides it)
    if set(map(type, values)) <= {datetime_type, type(None), str}:
        present = list(filter(None, values))  # a datetime is never false; None and "" are
        texts = str in set(map(type, present))
        moments = [v for v in present if type(v) is datetime_type] if texts else present
        if not any(map(operator.attrgetter("tzinfo"), moments)):
            odd = [i for i, v in enumerate(values) if type(v) is str and v] if texts else []
            problems: list[Problem] = []
            if date_only:
                out = [v.date() if v and type(v) is datetime_type else None for v in values]
            else:
                # a datetime, or a blank (None, ""), or a text put right below (``odd``)
                out = [v or None for v in values]
            for i in odd:
                out[i] = datetime_cell(i, values[i], date_only, problems)
            out_of_range(out, problems)
            return out, problems
    out = []
    append = out.append
    problems = []
    for i, v in enumerate(values):
        t = type(v)
        if t is datetime_type and v.tzinfo is None:
            append(v.date() if date_only else v)
        elif v is None or (t is str and not v):
            append(None)
        elif t is date_type:
            append(v if date_only else datetime_type(v.year, v.month, v.day))
        else:
            append(datetime_cell(i, v, date_only, problems))
    out_of_range(out, problems)
    return out, problems


# other words people type for a choice (trial20: 完成 and 处理中 were enum.unknown, the task
# left open; Done was read), for any column with that choice; a column's own labels win
# (待处理 is 权责争议's open)
CHOICE_WORDS = {
    "done": ("完成", "已办结", "办结"), "doing": ("处理中", "执行中"), "todo": ("未开始", "待处理"),
    "blocked": ("阻塞", "卡住"), "cancelled": ("取消", "已作废"),
}  # fmt: skip


def parse_enum(values: Sequence[Any], col: Column) -> Parsed:
    """A choice by key, label or other word, any case or width; each distinct value is folded
    once."""
    keys = {key for key, _ in col.choices}
    lookup = {header_form(w): k for k, words in CHOICE_WORDS.items() if k in keys for w in words}
    for key, label in col.choices:
        lookup[header_form(key)] = key
        lookup[header_form(label)] = key
    allowed = {  # each language's word first: 待办 (todo) / …, todo (待办) / …
        "allowed": " / ".join(f"{label} ({k})" for k, label in col.choices),
        "allowed_en": " / ".join(f"{k} ({label})" for k, label in col.choices),
    }
    try:
        distinct = dict.fromkeys(values)  # the first of equal values stands for them all
    except TypeError:  # an unhashable value from an unusual backend: cell by cell
        return _enum_cells(values, lookup, allowed)
    unknown = set()
    for v in distinct:
        found = None if is_blank(v) else lookup.get(header_form(v))
        distinct[v] = found
        if found is None and not is_blank(v):
            unknown.add(v)
    out = list(map(distinct.__getitem__, values))
    problems: list[Problem] = []
    if unknown:
        for i in _where(map(unknown.__contains__, values)):
            problems.append((i, _rule(values[i], "enum.unknown"), allowed))
    return out, problems


def _enum_cells(values: Sequence[Any], lookup: dict[str, str], allowed: dict[str, str]) -> Parsed:
    out: list[Any] = []
    problems: list[Problem] = []
    for i, v in enumerate(values):
        if is_blank(v):
            out.append(None)
            continue
        found = lookup.get(header_form(v))
        if found is None:
            problems.append((i, _rule(v, "enum.unknown"), allowed))
        out.append(found)
    return out, problems


def parse_id_lists(values: Sequence[Any], col: Column) -> Parsed:
    """Lists of ids (``D01、D02``): each distinct text is split once (a department list repeats
    on thousands of rows); a column holding other than text goes cell by cell."""
    if not values or not set(map(type, values)) <= {str, type(None)}:
        return parse_ids(values, col)
    distinct = list(dict.fromkeys(values))
    parsed, problems = parse_ids(distinct, col)
    found = dict(zip(distinct, parsed, strict=True))
    out = list(map(found.__getitem__, values))
    if not problems:
        return out, []
    bad = {distinct[i]: (rule_id, params) for i, rule_id, params in problems}
    return out, [
        (i, rule_id, dict(params))
        for i, v in enumerate(values)
        if v in bad
        for rule_id, params in (bad[v],)
    ]


def parser_for(col: Column, is_id: bool) -> Callable[[Sequence[Any]], Parsed]:
    """The column parser for a schema column."""
    t = col.type
    if t == "text":
        return lambda vs: parse_text(vs, col, is_id)
    if t in ("int", "float"):
        return lambda vs: parse_number(vs, col, t == "int")
    if t in ("date", "datetime"):
        return lambda vs: parse_datetime(vs, col, t == "date")
    if t == "enum":
        return lambda vs: parse_enum(vs, col)
    if t == "bool":
        return lambda vs: parse_bool(vs, col)
    return lambda vs: parse_id_lists(vs, col)
