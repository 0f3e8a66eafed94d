"""A typed table parsed from one raw tab; every row remembers its sheet row, so any value
can be traced back to its cell in A1 form."""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, count
from typing import Any

import pandas as pd

import sheets_sync.catalog  # noqa: F401  (registers the parsing rules)
from config.schema import TabSchema
from sheets_sync.cell import MAX_CELL_CHARS, header_form, is_blank, is_blank_row
from sheets_sync.columns import parser_for
from sheets_sync.finding import LEFT_OUT, Finding, a1, column_letter
from sheets_sync.header_label import common_lookup, named_keys, other_lookup
from sheets_sync.header_row import find_header, has_content, header_notes, rows_skipped, two_rows
from sheets_sync.merges import fill_merged
from sheets_sync.row_kinds import hint_row, totals_rows

_DTYPES = {"text": object, "enum": object, "datetime": "datetime64[us]"}


@dataclass(frozen=True)
class Table:
    """Column-oriented rows of one tab. ``rows[i]`` is the sheet row of record ``i``."""

    schema: TabSchema
    title: str
    rows: tuple[int, ...]
    columns: Mapping[str, Sequence[Any]]
    # column key -> 0-based column of the sheet (absent when the column is missing)
    positions: Mapping[str, int]
    # parsed values of the rows left out (reported): their ids exist in the sheet, so a
    # reference to them must not be called unknown
    skipped: tuple[Mapping[str, Any], ...] = ()
    # no header row or a required column missing: nothing read, so its KPIs are n/a, not 0
    unusable: bool = False
    problems: tuple[Finding, ...] = ()  # why it is unusable (the KPIs' n/a says so)
    skipped_rows: tuple[int, ...] = ()  # the sheet row of each of ``skipped``

    def __len__(self) -> int:
        return len(self.rows)

    def cell(self, key: str, i: int) -> str:
        """A1 cell of ``key`` in record ``i`` (the row's first cell if the column is absent)."""
        return a1(self.positions.get(key, 0), self.rows[i])

    def record(self, i: int) -> dict[str, Any]:
        return {k: v[i] for k, v in self.columns.items()}

    def records(self) -> Iterator[dict[str, Any]]:
        keys = list(self.columns)
        for values in zip(*(self.columns[k] for k in keys), strict=True):
            yield dict(zip(keys, values, strict=True))

    def column(self, key: str) -> Sequence[Any]:
        return self.columns[key]

    def frame(self) -> pd.DataFrame:
        """A DataFrame with one column per key plus ``_row``, the sheet row.

        Text keeps Python strings (``object``) and datetimes are converted as datetimes, so
        pandas does not infer each column's type value by value: a third of the time at
        100,000 rows. Other columns are inferred (numbers, dates, lists of ids)."""
        dtypes = {c.key: _DTYPES.get(c.type) for c in self.schema.columns}
        data: dict[str, Any] = {"_row": pd.Series(self.rows, dtype="int64")}
        for k, v in self.columns.items():
            data[k] = pd.Series(list(v), dtype=dtypes.get(k))  # type: ignore[call-overload]
        return pd.DataFrame(data)

    @classmethod
    def empty(cls, schema: TabSchema, title: str, problems: Sequence[Finding] = ()) -> Table:
        """No rows; unusable when there are ``problems`` (the errors that say why)."""
        columns: dict[str, list[Any]] = {c.key: [] for c in schema.columns}
        return cls(schema, title, (), columns, {}, (), bool(problems), tuple(problems))


def _headers(schema: TabSchema, aliases: Mapping[str, str]) -> dict[str, str]:
    """Normalized header text -> column key, from keys (also as words: ``Task ID``), Chinese
    labels and configured aliases."""
    out: dict[str, str] = {}
    for c in schema.columns:
        out[header_form(c.key).replace("_", "")] = c.key
        out[header_form(c.key)] = c.key
        out[header_form(c.label)] = c.key
    for alias, key in aliases.items():
        out[header_form(alias)] = key
    return out


def header_keys(
    schema: TabSchema, header: Sequence[Any], aliases: Mapping[str, str] | None = None
) -> list[str | None]:
    """The column key of each header cell (None for extra or repeated columns)."""
    lookup = _headers(schema, aliases or {})
    seen: set[str] = set()
    keys: list[str | None] = []
    others, common = other_lookup(schema.columns), common_lookup(schema.key)
    for key in named_keys(lookup, others, header, common):  # 截止日期 (trial18), 负责人
        keys.append(key if key and key not in seen else None)
        if key:
            seen.add(key)
    return keys


def parse_tab(
    schema: TabSchema,
    title: str,
    raw: Sequence[Sequence[Any]],
    aliases: Mapping[str, str] | None = None,
) -> tuple[Table, list[Finding]]:
    """Parse a raw tab into a Table plus the findings about it. The header is the row of the
    first ten that names the most known columns (``find_header``); rows above it are skipped.

    A tab with no header row, or without a required column, is unusable: said once, no rows.
    Rows with a missing or invalid required value, or a repeated id, are reported and left
    out; an invalid optional value is reported and read as empty. All other rows load.
    """
    findings: list[Finding] = []
    headers_text = ", ".join(c.label for c in schema.columns if c.required)
    merges = getattr(raw, "merges", ())
    raw = [r if r is not None else [] for r in raw]
    lookup = _headers(schema, aliases or {})
    others, common = other_lookup(schema.columns), common_lookup(schema.key)  # 截止日期, 负责人
    head = find_header(schema, raw, (lookup, others, common))
    if head is None:
        rule_id = "header.not_found" if has_content(raw) else "tab.no_header"
        findings.append(Finding(title, "A1", None, rule_id, {"headers": headers_text}))
        return Table.empty(schema, title, findings[-1:]), findings
    if merges:  # before the rows above the header go: the ranges count the sheet's rows
        findings += fill_merged(title, raw, merges, head)
    if head:
        findings.append(rows_skipped(title, raw, head))
        raw = raw[head:]  # sheet row of raw[i] is now i + 1 + head

    header = list(raw[0])
    named = named_keys(lookup, others, header, common)
    below: list[int] = []  # of a header of two rows: the columns the second row names
    if two := two_rows(title, raw, head + 1, named, (lookup, others, common)):  # 时间节点 over …
        header, raw[1], named = two[0], [], named_keys(lookup, others, two[0], common)
        findings.append(two[1])  # one header of the two rows (trial20), the second no record
        below = two[2]
    positions: dict[str, int] = {}
    width = max(map(len, raw), default=0)
    for j in range(width):
        h = header[j] if j < len(header) else None
        if is_blank(h):
            if any(j < len(r) and not is_blank(r[j]) for r in raw[1:]):
                findings.append(Finding(title, a1(j, head + 1), None, "header.blank"))
            continue
        key = named[j] if j < len(named) else None
        if key is None:
            continue  # an extra column of the department's own (or a near miss, said below)
        if key in positions:
            k = positions[key]
            both = {"first": column_letter(k), "first_cell": a1(k, head + 1), "key": key}
            both["first_value"] = header[k]
            findings.append(Finding(title, a1(j, head + 1), h, "header.duplicate", both))
            continue
        positions[key] = j
    findings += header_notes(schema, title, header, positions, head + 1, lookup, others, below)
    missing = [c for c in schema.columns if c.required and c.key not in positions]
    for c in missing:
        params = {"key": c.key, "label": c.label}
        findings.append(Finding(title, a1(0, head + 1), None, "header.missing", params))
    if missing:  # unusable: its rows would be hundreds of half-read records
        return Table.empty(schema, title, findings[-len(missing) :]), findings

    body = list(raw[1:])
    id_col = positions.get(schema.unique[0], 0) if schema.unique else 0
    if body and (note := hint_row(body[0], id_col)) is not None:  # 必填，如… (trial10: 6 errors)
        findings.append(Finding(title, a1(0, head + 2), note, "header.hint_row", {"row": head + 2}))
        body[0] = []  # a blank row: not a record, the sheet rows stay as they are
    sheet_rows = _filled_rows(body, head + 2)
    totals = {i + head + 2: (j, text, why) for i, j, text, why in totals_rows(body, id_col)}
    if totals:  # a 合计 row (trial10, 15: rows under it) or a note (制表人：…): no record
        findings += [Finding(title, a1(j, r), text, why) for r, (j, text, why) in totals.items()]
        sheet_rows = [r for r in sheet_rows if r not in totals]
    if len(sheet_rows) != len(body):
        body = [body[r - head - 2] for r in sheet_rows]
    shortest = min(map(len, body), default=0)
    if not body and schema.required:
        findings.append(Finding(title, a1(0, head + 2), None, "tab.empty"))

    ids = set(schema.unique) | {c.key for c in schema.columns if c.ref}
    # every row as wide as the widest (calamine pads them): the columns in one pass, in C
    across = list(zip(*body, strict=True)) if body and shortest == width else None
    keep = [True] * len(body)
    absent: dict[int, list[Finding]] = {}  # row -> the findings of its missing values
    columns: dict[str, list[Any]] = {}
    for c in schema.columns:
        if c.key not in positions:
            columns[c.key] = [None] * len(body)
            continue
        j = positions[c.key]
        raw_values: Sequence[Any]
        if across is not None:
            raw_values = across[j]
        elif j < shortest:  # every row reaches column j: no bounds check
            raw_values = [r[j] for r in body]
        else:
            raw_values = [r[j] if j < len(r) else None for r in body]
        values, problems = parser_for(c, c.key in ids)(raw_values)
        reported = {i for i, _rule, _params in problems}
        for i, rule_id, params in problems:
            value = raw_values[i]
            if rule_id == "cell.too_long":
                value = str(value)[:MAX_CELL_CHARS]
            said: dict[str, Any] = dict(params)
            if c.required and values[i] is None and c.missing_rule is None:
                keep[i] = False  # said with the finding (its text may say "read as empty")
                said[LEFT_OUT] = True
            findings.append(Finding(title, a1(j, sheet_rows[i]), value, rule_id, said))
        if c.required and None in values:  # every missing value of a row, not only its first
            for i in [i for i, v in enumerate(values) if v is None]:  # (trial15: one at a time)
                if i not in reported:
                    rule_id = c.missing_rule or "value.required"
                    params = {"key": c.key, "label": c.label}
                    findings.append(Finding(title, a1(j, sheet_rows[i]), None, rule_id, params))
                    absent.setdefault(i, []).append(findings[-1])
                    keep[i] = keep[i] and c.missing_rule is not None
        columns[c.key] = values
    findings = _unsaid(findings, absent, keep, sum(c.required for c in schema.columns
                                                    if c.key in positions))  # fmt: skip

    if schema.unique and all(k in positions for k in schema.unique):
        first: dict[tuple[Any, ...], int] = {}
        last_key = schema.unique[-1]
        for i in _repeated(columns, schema):  # only the rows whose id is not unique
            ident = tuple(columns[k][i] for k in schema.unique)
            if not keep[i] or None in ident:
                continue
            seen = first.setdefault(ident, i)
            if seen != i:
                at = a1(positions[last_key], sheet_rows[seen])
                findings.append(
                    Finding(
                        title,
                        a1(positions[last_key], sheet_rows[i]),
                        "/".join(map(str, ident)),
                        "id.duplicate",
                        {"first": at},
                    )
                )
                keep[i] = False

    if all(keep):
        return Table(schema, title, tuple(sheet_rows), columns, positions), findings
    out = [i for i, ok in enumerate(keep) if not ok]
    skipped = tuple({k: vs[i] for k, vs in columns.items()} for i in out)
    kept = {k: list(compress(vs, keep)) for k, vs in columns.items()}
    return Table(schema, title, tuple(compress(sheet_rows, keep)), kept, positions, skipped,
                 skipped_rows=tuple(sheet_rows[i] for i in out)), findings  # fmt: skip


def _unsaid(
    findings: list[Finding], missing: Mapping[int, list[Finding]], keep: Sequence[bool],
    required: int,
) -> list[Finding]:  # fmt: skip
    """``findings`` without what is not worth saying about a row's missing values: a row with
    no required value at all (a note typed under the table) is one finding, its first; a row
    left out is not told what a missing value would mean were it read (review19: a 权责清单
    row with only 备注 got 没有负责部门 beside 本行未被处理)."""
    drop: set[int] = set()
    for i, said in missing.items():
        blank = len(said) == required > 1
        drop |= {id(f) for n, f in enumerate(said)
                 if (blank and n > 0) or (not keep[i] and f.rule != "value.required")}  # fmt: skip
    return [f for f in findings if id(f) not in drop] if drop else findings


def _filled_rows(body: Sequence[Sequence[Any]], first: int) -> list[int]:
    """The sheet rows (``first``: the first body row's) of the body rows holding a value. A
    row whose first cell holds one does (nearly every row): only the others are looked at cell
    by cell."""
    firsts: list[Any] = [r[0] if r else None for r in body]
    if set(map(type, firsts)) == {str}:
        suspects = list(compress(range(len(body)), map(operator.not_, map(str.strip, firsts))))
    else:
        suspects = [i for i, v in enumerate(firsts) if v is False or is_blank(v)]
    blank = {i for i in suspects if is_blank_row(body[i])}
    return [i + first for i in range(len(body)) if i not in blank]


def _repeated(columns: Mapping[str, Sequence[Any]], schema: TabSchema) -> list[int]:
    """The rows, in order, whose id (the ``unique`` columns) some other row also holds: the
    only rows the duplicate check must look at one by one."""
    keys = [columns[k] for k in schema.unique]
    idents = keys[0] if len(keys) == 1 else list(zip(*keys, strict=True))
    if len(set(idents)) == len(idents):
        return []
    counts = Counter(idents)
    return list(compress(count(), map((1).__lt__, map(counts.__getitem__, idents))))
