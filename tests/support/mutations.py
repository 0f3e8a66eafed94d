"""Mutations of the shared base workbook (``tests.support.workbooks``): each changes a cell, a
row, a header, a column or a whole tab, so a test states the one thing it breaks and
``apply`` builds the workbook with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support.workbooks import Raw, base, col, title

Mutation = Callable[[Raw], None]


def put(key: str, row: int, column: str, value: Any) -> Mutation:
    """Write ``value`` into data row ``row`` (1 = sheet row 2) of ``column``."""

    def mutate(raw: Raw) -> None:
        raw[title(key)][row][col(key, column)] = value

    return mutate


def add_copy(key: str, row: int, **changes: Any) -> Mutation:
    """Append a copy of data row ``row`` with some columns changed (a new last sheet row)."""

    def mutate(raw: Raw) -> None:
        new = list(raw[title(key)][row])
        for column, value in changes.items():
            new[col(key, column)] = value
        raw[title(key)].append(new)

    return mutate


def rename_header(key: str, column: str, header: Any) -> Mutation:
    def mutate(raw: Raw) -> None:
        raw[title(key)][0][col(key, column)] = header

    return mutate


def drop_column(key: str, column: str) -> Mutation:
    def mutate(raw: Raw) -> None:
        j = col(key, column)
        raw[title(key)] = [r[:j] + r[j + 1 :] for r in raw[title(key)]]

    return mutate


def add_column(key: str, column: str, *values: Any) -> Mutation:
    """Add a column at the right of tab ``key``: its header, then one value per data row from
    the first (rows without a value get an empty cell)."""

    def mutate(raw: Raw) -> None:
        rows = raw[title(key)]
        rows[0].append(column)
        for i, row in enumerate(rows[1:]):
            row.append(values[i] if i < len(values) else "")

    return mutate


def extra_cell(key: str, row: int, value: Any) -> Mutation:
    """A value right of the last header, under no header at all."""

    def mutate(raw: Raw) -> None:
        raw[title(key)][row].append(value)

    return mutate


def replace_tab(key: str, rows: list[list[Any]] | None = None) -> Mutation:
    """Replace the tab's rows: ``[]`` is an empty tab, ``None`` keeps only the header."""

    def mutate(raw: Raw) -> None:
        raw[title(key)] = rows if rows is not None else raw[title(key)][:1]

    return mutate


def add_rows(key: str, *rows: list[Any]) -> Mutation:
    """Append data rows to a tab."""

    def mutate(raw: Raw) -> None:
        raw[title(key)].extend(list(r) for r in rows)

    return mutate


def apply(*mutations: Mutation) -> Raw:
    """The base workbook with the mutations applied in order."""
    raw = base()
    for mutate in mutations:
        mutate(raw)
    return raw
