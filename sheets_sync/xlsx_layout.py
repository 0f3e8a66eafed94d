"""A tab's layout (``sheets_sync.tab_layout``) applied to an openpyxl worksheet: header style
and hints, widths, number formats, the frozen header row and the data validations.

Works on a normal worksheet (``collabsheet init``) and on a write-only one (``collabsheet
demo``, any size) alike: call ``lay_out`` before the rows are written, and make the cells
with ``header_cell`` / ``data_cell``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from sheets_sync.tab_layout import LAST_ROW, ColumnLayout, Rule

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def id_range(title: str, last_row: int = LAST_ROW) -> str:
    """The cells a list of ids is fed from: column A of the tab ``title`` below its header."""
    return f"'{title}'!$A$2:$A${last_row}"


def validation(rule: Rule, cells: str, reach: Mapping[str, int] | None = None) -> DataValidation:
    """The openpyxl data validation of ``rule`` on ``cells`` (``reach``: tab title -> the last
    row of a list of ids fed from it, when a tab has more than ``LAST_ROW`` rows)."""
    if rule.kind == "list":
        dv = DataValidation(type="list", formula1='"' + ",".join(rule.values) + '"')
    elif rule.kind == "ids":
        assert rule.source is not None
        last = (reach or {}).get(rule.source, LAST_ROW)
        dv = DataValidation(type="list", formula1=id_range(rule.source, last))
    else:
        high = None if rule.high is None else f"{rule.high:g}"
        dv = DataValidation(
            type=rule.kind, operator=rule.operator, formula1=f"{rule.low:g}", formula2=high
        )
    dv.allow_blank = True
    dv.showErrorMessage = rule.strict
    dv.errorTitle, dv.error = rule.title, rule.message
    dv.add(cells)
    return dv


def lay_out(ws: Any, layout: Sequence[ColumnLayout], reach: Mapping[str, int] | None = None) -> int:
    """Widths, column number formats, the frozen header and the validations of one sheet,
    before its rows (a write-only sheet writes these first). ``reach``: tab title -> the last
    row its validations cover (default ``LAST_ROW``). Returns the number of dropdowns."""
    last_row = (reach or {}).get(ws.title, LAST_ROW)
    dropdowns = 0
    for j, col in enumerate(layout, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = col.width
        if col.number_format:
            ws.column_dimensions[letter].number_format = col.number_format
        if col.rule is not None:
            cells = f"{letter}2:{letter}{last_row}"
            ws.data_validations.append(validation(col.rule, cells, reach))
            dropdowns += col.rule.dropdown
    ws.freeze_panes = "A2"
    return dropdowns


def style_header(cell: Any, col: ColumnLayout) -> Any:
    """A header cell as people see it: bold (red when required), shaded, the hint as a note."""
    cell.font = Font(bold=True, color="C00000" if col.required else "000000")
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(vertical="center")
    note = Comment(col.hint, "collabsheet")
    note.width, note.height = 260, 90
    cell.comment = note
    return cell


def header_cell(ws: Any, col: ColumnLayout) -> Any:
    """The header cell of ``col`` for a write-only sheet."""
    return style_header(WriteOnlyCell(ws, col.header), col)


def data_cell(ws: Any, col: ColumnLayout, value: Any) -> Any:
    """``value`` for a write-only sheet, with the column's number format when it has one."""
    if col.number_format is None or value is None or isinstance(value, str | bool):
        return value
    cell = WriteOnlyCell(ws, value)
    cell.number_format = col.number_format
    return cell
