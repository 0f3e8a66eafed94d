"""Merged cells: a project id merged down its tasks, a department over its people.

A reader holds the value in the range's first cell only; the covered cells read as empty. The
xlsx reader finds the ranges in the sheet XML (``<mergeCell ref="A2:A9"/>``) and hands them
with the rows (``MergedRows``); parsing gives a vertically merged range below the header its
first cell's value in every row it covers and names the range once (``cell.merged``, info).
A merge in the header row needs nothing: its text is the first cell's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sheets_sync.cell import is_blank
from sheets_sync.error_cells import Merge
from sheets_sync.finding import Finding, a1, rule

rule(
    "cell.merged",
    "info",
    ("合并单元格 {range} 的值「{value}」用于其覆盖的每一行", "无需处理；如不希望如此，请取消合并"),
    (
        'merged cell {range}: its value "{value}" is used in every row it covers',
        "nothing to do; unmerge the cells if that is not meant",
    ),
)


class MergedRows(list[list[Any]]):
    """A tab's rows with the merged ranges of its sheet (``merges``)."""

    merges: tuple[Merge, ...] = ()


def with_merges(rows: list[list[Any]], merges: Sequence[Merge]) -> list[list[Any]]:
    """``rows`` carrying ``merges`` (the same list when there are none)."""
    if not merges:
        return rows
    out = MergedRows(rows)
    out.merges = tuple(sorted(merges))
    return out


def fill_merged(
    title: str, raw: list[Sequence[Any]], merges: Sequence[Merge], head: int
) -> list[Finding]:
    """Give each vertically merged range below the header (0-based row ``head``) its first
    cell's value in the rows it covers of ``raw`` (changed in place: the covered rows are
    copied first); one info finding per range, at its first cell."""
    out: list[Finding] = []
    for r0, c0, r1, c1 in sorted(merges):
        if r0 <= head or r1 <= r0 or r0 >= len(raw) or c0 >= len(raw[r0]):
            continue
        value = raw[r0][c0]
        if is_blank(value):
            continue
        for r in range(r0 + 1, min(r1, len(raw) - 1) + 1):
            row = list(raw[r])
            if len(row) <= c0:
                row += [None] * (c0 + 1 - len(row))
            if is_blank(row[c0]):
                row[c0] = value
            raw[r] = row
        span = f"{a1(c0, r0 + 1)}:{a1(c1, r1 + 1)}"
        out.append(Finding(title, a1(c0, r0 + 1), value, "cell.merged", {"range": span}))
    return out
