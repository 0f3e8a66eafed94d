"""Where a tab's header row is: people put a title, a blank row or a note above it.

The first ``SCAN`` rows are looked at; the header is the row that names the most known
columns (keys, Chinese labels, configured aliases) and at least one required column. The
rows above it are skipped and named once (``header.rows_skipped``, info)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from config.tab_schema import TabSchema
from sheets_sync.cell import header_form, is_blank
from sheets_sync.finding import Finding, a1, rule
from sheets_sync.header_label import Lookups, match, named_keys, near_miss, odd_unit, other_word

rule(
    "header.other_word", "warning",
    ("表头「{value}」与「{label}」（{first_cell}）指同一列：只读取「{label}」，此列未被读取",
     "把此列的内容并入「{label}」后删除此列，或给它换个不相近的名字（本部门自用列）"),
    ("header '{value}' means the same column as '{label}' ({first_cell}): only '{label}' is "
     "read, not this one", "move its values into '{label}' and delete it, or rename it to "
     "something unlike (a column of the department's own)"),
)  # fmt: skip

rule(
    "header.read_as", "info",
    ("表头「{value}」按「{label}」读取",
     "若它是另一列，请给它换个名字；是同一列时也可改成「{label}」"),
    ("header '{value}' is read as '{label}'",
     "if it is another column, rename it; if it is this one, '{label}' says so too"),
)  # fmt: skip

rule(
    "header.two_rows", "info",
    ("表头占两行：第 {row} 行的「{value}」等列名按各自的列读取，这一行不作为数据",
     "无需处理；也可以把两行表头合成一行（每列一个列名）"),
    ("the header takes two rows: the names in row {row} ('{value}', …) are read as their "
     "columns, the row not as data", "nothing to do; or make the header one row (a name per "
     "column)"),
)  # fmt: skip

SCAN = 10  # rows looked at for the header


def find_header(schema: TabSchema, raw: Sequence[Sequence[Any]], lookups: Lookups) -> int | None:
    """The 0-based index of the header row among the first ``SCAN`` rows, or None when no row
    names a required column (any column, for a tab without required columns); by label, other
    word or common name (``lookups``: ``named_keys``' three; review23: 工号 / 员工姓名 / 部门 /
    电子邮箱 was no header)."""
    needed = {c.key for c in schema.columns if c.required} or {c.key for c in schema.columns}
    lookup, others, common = lookups
    best, best_score = None, 0
    for i, row in enumerate(raw[:SCAN]):
        keys = set(named_keys(lookup, others, [h for h in row if not is_blank(h)], common))
        keys.discard(None)
        if keys & needed and len(keys) > best_score:
            best, best_score = i, len(keys)
    return best


def has_content(raw: Sequence[Sequence[Any]]) -> bool:
    """Whether any of the first ``SCAN`` rows holds a value."""
    return any(not is_blank(v) for row in raw[:SCAN] for v in row)


def rows_skipped(title: str, raw: Sequence[Sequence[Any]], at: int) -> Finding:
    """The info finding naming the rows above the header (``at``: its 0-based index); its
    value is the first text found there (the title, usually)."""
    text = next((v for row in raw[:at] for v in row if not is_blank(v)), None)
    skipped = "1" if at == 1 else f"1–{at}"
    return Finding(title, "A1", text, "header.rows_skipped", {"row": at + 1, "skipped": skipped})


def header_notes(
    schema: TabSchema,
    title: str,
    header: Sequence[Any],
    positions: Mapping[str, int],
    row: int,
    lookup: Mapping[str, str],
    others: Mapping[str, str],
    below: Collection[int] = (),
) -> list[Finding]:
    """Warnings about the header row (sheet row ``row``; the columns ``below`` named in the row
    under it, a header of two rows): a column read in hours whose note gives another unit
    (``header.unit_not_hours``), and a header that names no column but is close to a column
    the row lacks (``header.near_miss``)."""
    out: list[Finding] = []

    def cell(j: int) -> str:
        return a1(j, row + 1 if j in below else row)

    for key, j in positions.items():
        if match(lookup, header[j]) is None and match(others, header[j]) is None:  # 负责人
            label = schema.column(key).label  # read by a common name (header_label.COMMON)
            out.append(Finding(title, cell(j), header[j], "header.read_as", {"label": label}))
        unit = odd_unit(key, header[j])
        if unit is not None:
            label = schema.column(key).label
            params = {"key": key, "label": label, "unit": unit[0], "unit_en": unit[1]}
            out.append(Finding(title, cell(j), header[j], "header.unit_not_hours", params))
    # 完成日期 beside 完成时间: the other word of a column the row names properly is not read
    # (review21), which is said once, at its header (trial19: its dates went unread unsaid)
    for j, h in enumerate(header):  # ``others``: the other words' forms (``other_lookup``)
        same = None if is_blank(h) or match(lookup, h) is not None else match(others, h)
        at = positions.get(same, j) if same is not None else j
        # only beside the proper label (or an alias): 截止日期 twice is a duplicate, said so
        if same is not None and at != j and match(lookup, header[at]) == same:
            params = {"key": same, "label": str(header[at]), "first_cell": cell(at)}
            out.append(Finding(title, cell(j), h, "header.other_word", params))
    # only columns the row lacks: a header close to one found elsewhere in the row (部门自用备注
    # beside 备注) is a column of the department's own
    absent = [c for c in schema.columns if c.key not in positions]
    candidates = [  # 截至日期 is close to 截止日期, the other word of 截止时间
        (c.key, c.label, f) for c in absent
        for f in (header_form(c.label), header_form(c.key), *map(header_form, other_word(c.label)))
    ]  # fmt: skip
    if not candidates:
        return out
    for j, h in enumerate(header):
        if is_blank(h) or match(lookup, h) is not None:
            continue
        close = near_miss(h, candidates)
        if close is not None:
            params = {"key": close[0], "label": close[1]}
            out.append(Finding(title, a1(j, row), h, "header.near_miss", params))
    return out


def two_rows(
    title: str, raw: Sequence[Sequence[Any]], row: int, named: Sequence[str | None],
    lookups: Lookups,
) -> tuple[list[Any], Finding, list[int]] | None:  # fmt: skip
    """A header of two rows (时间节点 merged over 交接时间 / 响应时间 / … under it; trial20: every
    due time went unread): the header ``raw[0]`` (sheet row ``row``) with the names of the row
    under it where it names no column (``named``), the finding and the columns named by the
    row under it; None when that row holds
    anything but names of columns the header lacks (``lookups``: ``named_keys``' three)."""
    if len(raw) < 2:
        return None
    under = {j: v for j, v in enumerate(raw[1]) if not is_blank(v)}
    names = named_keys(lookups[0], lookups[1], list(under.values()), lookups[2])
    keys = dict(zip(under, names, strict=True))
    have = {k for k in named if k is not None}
    fills = [j for j, k in keys.items() if k is not None and (j >= len(named) or named[j] is None)]
    if len(fills) < 2 or len(fills) != len(under) or len({keys[j] for j in fills} & have):
        return None
    header = list(raw[0]) + [None] * (max(under) + 1 - len(raw[0]))
    for j in fills:
        header[j] = under[j]
    first = min(fills)
    return header, Finding(title, a1(first, row + 1), under[first], "header.two_rows",
                           {"row": row + 1}), fills  # fmt: skip
