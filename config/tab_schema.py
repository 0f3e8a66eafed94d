"""The shape of a tab's schema: its columns (key, Chinese label, type, choices, reference) and
the tab itself (key, title, columns, the keys that identify a row); config.schema fills it in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["text", "int", "float", "date", "datetime", "enum", "ids", "bool"]


@dataclass(frozen=True)
class Column:
    """One column of a tab: how to find it (key or label) and how to parse its cells."""

    key: str
    label: str
    type: ColumnType = "text"
    required: bool = False
    # enum: canonical key -> Chinese label; both are accepted in a cell.
    choices: tuple[tuple[str, str], ...] = ()
    # the tab whose id this column refers to (validated by jobs.checks).
    ref: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    # an enum column that accepts free values as well (a warning, not an error).
    # a required value whose absence is a business finding (this rule) and keeps the row
    missing_rule: str | None = None
    note: str = ""


@dataclass(frozen=True)
class TabSchema:
    """One tab: its key, Chinese title, columns, and which keys identify a row."""

    key: str
    label: str
    columns: tuple[Column, ...]
    required: bool = True
    unique: tuple[str, ...] = ()
    note: str = ""
    by_key: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {c.key: c for c in self.columns})

    def column(self, key: str) -> Column:
        return self.by_key[key]
