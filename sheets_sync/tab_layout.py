"""How a human tab is laid out for the people who type in it: per column its header text, input
hint, width, number format and dropdown (data validation).

One description for every workbook collabsheet writes for people (``collabsheet init`` and
``collabsheet demo``) and for every backend: ``sheets_sync.xlsx_layout`` applies it with
openpyxl; Google's ``setDataValidation`` requests can be built from the same ``Rule``. The
words (hints) are in ``sheets_sync.starter_content``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from config.phrases import Phrases, language
from config.schema import HUMAN_TABS
from config.tab_schema import Column, TabSchema
from sheets_sync.starter_content import hint

LAST_ROW = 1000  # validations reach this row; people rarely need more at first
WORDS = Phrases("sheets_sync/tab_layout.py", {
    "yes": ("是", "yes"), "no": ("否", "no"),  # the yes/no dropdown, read back as bools
    "refused": ("输入有误", "Not allowed"),  # the title of a validation's refusal
})  # fmt: skip
FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm", "int": "0", "float": "0.##"}
_WIDTHS = {"date": 12, "datetime": 17, "enum": 11, "bool": 8, "int": 9, "float": 10}
_WIDE = {"description", "finding", "solution", "symptom", "root_cause", "action", "decision",
         "notes", "note", "comment", "blocker", "email", "name", "title", "step_name"}  # fmt: skip


@dataclass(frozen=True)
class Rule:
    """A data validation on a column from row 2 to ``LAST_ROW``.

    ``list``: one of ``values``; ``ids``: an id from column A of the tab titled ``source``
    (a new department appears in the list at once); ``whole`` / ``decimal``: a number
    ``operator`` (between, greaterThan, greaterThanOrEqual) ``low`` (and ``high``).
    ``strict``: other values are refused (a cell of several ids, ``D01、D02``, is not)."""

    kind: Literal["list", "ids", "whole", "decimal"]
    strict: bool
    title: str  # the refusal's title and text
    message: str
    values: tuple[str, ...] = ()
    source: str | None = None
    operator: Literal["between", "greaterThan", "greaterThanOrEqual"] | None = None
    low: float | None = None
    high: float | None = None

    @property
    def dropdown(self) -> bool:
        return self.kind in ("list", "ids")


@dataclass(frozen=True)
class ColumnLayout:
    """One column as people see it."""

    key: str
    header: str
    required: bool
    hint: str
    width: int
    number_format: str | None
    rule: Rule | None


def tab_titles(locale: str) -> dict[str, str]:
    """tab key -> title: the Chinese title, or the key in English (both are found by the
    reader without any configuration)."""
    en = language(locale) == "en"
    return {t.key: (t.key if en else t.label) for t in HUMAN_TABS}


def header(col: Column, locale: str) -> str:
    """The header text of a column in the locale."""
    return col.key if language(locale) == "en" else col.label


def bool_text(value: bool, locale: str) -> str:
    """A yes/no value as the dropdown offers it (是 / 否, yes / no)."""
    return WORDS(locale, "yes" if value else "no")


def _rule(tab: TabSchema, col: Column, titles: dict[str, str], locale: str) -> Rule | None:
    en = language(locale) == "en"
    words: dict[str, Any] = {
        "title": WORDS(locale, "refused"),
        "message": hint(tab, col, titles, locale)[:255],
    }
    if col.type == "enum":
        values = tuple(k if en else label for k, label in col.choices)
        return Rule("list", True, values=values, **words)
    if col.type == "bool":
        return Rule("list", True, values=(WORDS(locale, "yes"), WORDS(locale, "no")), **words)
    if col.ref:
        target = next(t for t in HUMAN_TABS if t.key == col.ref)
        assert target.columns[0].key.endswith("_id"), target.key  # the ids are in column A
        return Rule("ids", col.type != "ids", source=titles[col.ref], **words)
    if col.type not in ("int", "float") or (col.minimum is None and col.type == "int"):
        return None
    kind: Literal["whole", "decimal"] = "whole" if col.type == "int" else "decimal"
    if col.maximum is not None:
        return Rule(kind, True, operator="between", low=col.minimum, high=col.maximum, **words)
    low = 0 if col.minimum is None else col.minimum
    op: Literal["greaterThan", "greaterThanOrEqual"] = (
        "greaterThan" if col.type == "float" else "greaterThanOrEqual"
    )
    return Rule(kind, True, operator=op, low=low, **words)


def columns(tab: TabSchema, titles: dict[str, str], locale: str) -> tuple[ColumnLayout, ...]:
    """The layout of every column of ``tab``, in schema order (the order the header is written);
    ``titles``: tab key -> the title of each tab in this workbook (ids are fed from them)."""
    out = []
    for col in tab.columns:
        text = header(col, locale)
        text_width = len(text) * (1 if language(locale) == "en" else 2) + 4
        base = 24 if col.key in _WIDE else _WIDTHS.get(col.type, 12)
        out.append(
            ColumnLayout(
                col.key, text, col.required, hint(tab, col, titles, locale),
                max(base, text_width), FORMATS.get(col.type), _rule(tab, col, titles, locale),
            )
        )  # fmt: skip
    return tuple(out)
