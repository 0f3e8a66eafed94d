"""The starter workbook of ``collabsheet init``: empty tabs a department can fill in unaided.

Every human tab gets its header row (Chinese labels, or the English keys with ``en``: the two
header forms the reader accepts) frozen, column widths and date / number formats; a dropdown
(data validation) on every enum and yes/no column and on every column holding an id of
another tab (fed from that tab's id column, so a new department appears in the list at
once); a hint on each header (a cell note); one yellow example row; and a 说明 tab first.
The example rows pass ``validate`` without an error, so the first check of a new workbook is
clean. openpyxl is used here, like the other local-workbook code in ``sheets_sync``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from config.errors import CollabsheetError
from config.schema import HUMAN_TABS, Column, TabSchema
from sheets_sync.starter_content import examples, hint, pick, readme

LAST_ROW = 1000  # validations and formats reach this row; people rarely need more at first
README_TITLE = {"zh-CN": "说明", "en": "How to use"}
_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm", "int": "0", "float": "0.##"}
_WIDTHS = {"date": 12, "datetime": 17, "enum": 11, "bool": 8, "int": 9, "float": 10}
_WIDE = {"description", "finding", "solution", "symptom", "root_cause", "action", "decision",
         "notes", "note", "comment", "blocker", "email", "name", "title", "step_name"}  # fmt: skip
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_EXAMPLE_FILL = PatternFill("solid", fgColor="FFF2CC")
_BOOL = {"zh-CN": ("是", "否"), "en": ("yes", "no")}


@dataclass(frozen=True)
class StarterSummary:
    """What ``write_starter`` wrote: for the CLI's one line and for tests."""

    path: Path
    tabs: tuple[str, ...]
    dropdowns: int


def tab_titles(locale: str) -> dict[str, str]:
    """tab key -> title: the Chinese title, or the key in English (both are found by the
    reader without any configuration)."""
    return {t.key: (t.key if locale == "en" else t.label) for t in HUMAN_TABS}


def header(col: Column, locale: str) -> str:
    """The header text of a column in the locale."""
    return col.key if locale == "en" else col.label


def _cell_value(col: Column, value: Any, locale: str) -> Any:
    """An example value as it is written: enum key -> label (zh), bool -> 是/否 (zh)."""
    value = pick(value, locale)
    if col.type == "enum" and locale != "en":
        return dict(col.choices).get(value, value)
    if col.type == "bool" and isinstance(value, bool):
        yes, no = _BOOL[locale]
        return yes if value else no
    return value


def _list_source(col: Column, titles: dict[str, str], locale: str) -> tuple[str, bool] | None:
    """The list formula of a column's dropdown and whether other values are refused, or None.

    A column of several ids (``D01、D02``) gets the list too, but accepts other text: a list
    validation cannot hold two values in one cell."""
    if col.type == "enum":
        values = [k if locale == "en" else label for k, label in col.choices]
        return '"' + ",".join(values) + '"', True
    if col.type == "bool":
        return '"' + ",".join(_BOOL[locale]) + '"', True
    if col.ref:
        target = next(t for t in HUMAN_TABS if t.key == col.ref)
        id_col = get_column_letter(1)  # every referenced tab has its id in column A
        assert target.columns[0].key.endswith("_id"), target.key
        return f"'{titles[col.ref]}'!${id_col}$2:${id_col}${LAST_ROW}", col.type != "ids"
    return None


def _validations(ws: Worksheet, tab: TabSchema, titles: dict[str, str], locale: str) -> int:
    """Add the dropdowns and number checks of one tab; returns the number of dropdowns."""
    en = locale == "en"
    dropdowns = 0
    for j, col in enumerate(tab.columns, start=1):
        letter = get_column_letter(j)
        cells = f"{letter}2:{letter}{LAST_ROW}"
        source = _list_source(col, titles, locale)
        if source is not None:
            formula, strict = source
            dv = DataValidation(type="list", formula1=formula, allow_blank=True)
            dv.showErrorMessage = strict
            dropdowns += 1
        elif col.type in ("int", "float") and (col.minimum is not None or col.type == "float"):
            kind: Any = "whole" if col.type == "int" else "decimal"
            if col.maximum is not None:
                dv = DataValidation(
                    type=kind, operator="between", allow_blank=True,
                    formula1=f"{col.minimum:g}", formula2=f"{col.maximum:g}",
                )  # fmt: skip
            else:
                low = 0 if col.minimum is None else col.minimum
                op: Any = "greaterThan" if col.type == "float" else "greaterThanOrEqual"
                dv = DataValidation(type=kind, operator=op, allow_blank=True, formula1=f"{low:g}")
            dv.showErrorMessage = True
        else:
            continue
        dv.errorTitle = "Not allowed" if en else "输入有误"
        dv.error = hint(tab, col, titles, locale)[:255]
        dv.add(cells)
        ws.add_data_validation(dv)
    return dropdowns


def _human_tab(
    ws: Worksheet, tab: TabSchema, titles: dict[str, str], example: dict[str, Any], locale: str
) -> int:
    """Header, hints, formats, widths, the example row and the validations of one tab."""
    for j, col in enumerate(tab.columns, start=1):
        letter = get_column_letter(j)
        cell = ws.cell(row=1, column=j, value=header(col, locale))
        cell.font = Font(bold=True, color="C00000" if col.required else "000000")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        note = Comment(hint(tab, col, titles, locale), "collabsheet")
        note.width, note.height = 260, 90
        cell.comment = note
        text_width = len(header(col, locale)) * (1 if locale == "en" else 2) + 4
        base = 24 if col.key in _WIDE else _WIDTHS.get(col.type, 12)
        ws.column_dimensions[letter].width = max(base, text_width)
        if col.type in _FORMATS:
            ws.column_dimensions[letter].number_format = _FORMATS[col.type]
        value = _cell_value(col, example.get(col.key), locale)
        cell = ws.cell(row=2, column=j, value=value)
        cell.fill = _EXAMPLE_FILL
        if col.type in _FORMATS:
            cell.number_format = _FORMATS[col.type]
    marker = "Example row: overwrite or delete it" if locale == "en" else "示例行：可改写或删除"
    ws.cell(row=2, column=1).comment = Comment(marker, "collabsheet")
    ws.freeze_panes = "A2"
    return _validations(ws, tab, titles, locale)


def _readme_tab(ws: Worksheet, titles: dict[str, str], locale: str) -> None:
    for row in readme(titles, HUMAN_TABS, locale):
        ws.append(row)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 44
    ws.column_dimensions["C"].width = 10


def build_starter(locale: str = "zh-CN", today: dt.date | None = None) -> tuple[Any, int]:
    """The starter workbook (an openpyxl Workbook) and its number of dropdowns."""
    if locale not in README_TITLE:
        raise CollabsheetError(f"unknown locale {locale!r}: use zh-CN or en")
    titles = tab_titles(locale)
    rows = examples(today or dt.date.today())
    wb = openpyxl.Workbook()
    first = wb.worksheets[0]
    first.title = README_TITLE[locale]
    _readme_tab(first, titles, locale)
    dropdowns = 0
    for tab in HUMAN_TABS:
        ws = wb.create_sheet(titles[tab.key])
        dropdowns += _human_tab(ws, tab, titles, rows[tab.key], locale)
    return wb, dropdowns


def write_starter(
    path: Path, locale: str = "zh-CN", force: bool = False, today: dt.date | None = None
) -> StarterSummary:
    """Write the starter workbook to ``path`` (.xlsx), atomically; an existing file is kept
    unless ``force``: it may be a department's filled-in workbook."""
    if path.suffix.lower() != ".xlsx":
        raise CollabsheetError(
            f"{path}: 请使用 .xlsx 文件名 / the starter workbook is an .xlsx file, "
            "e.g. data/team.xlsx"
        )
    if path.exists() and not force:
        raise CollabsheetError(
            f"{path} 已存在，未覆盖（确认要覆盖请加 --force） / "
            f"{path} exists; kept it (use --force to overwrite)"
        )
    wb, dropdowns = build_starter(locale, today)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.xlsx")  # the usual file mode
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return StarterSummary(path, tuple(wb.sheetnames), dropdowns)
