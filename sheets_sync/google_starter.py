"""``collabsheet init`` on Google Sheets: the starter tabs written into the configured
spreadsheet with ONE ``spreadsheets.batchUpdate`` (atomic: all tabs or none).

What is written is the starter workbook's (``sheets_sync.tab_layout`` for headers, hints,
widths, number formats and dropdowns; ``sheets_sync.starter_content`` for the words and the
example rows); only the encoding differs: addSheet (frozen header row), updateCells (values,
header notes and styles), repeatCell (number formats down to ``LAST_ROW``),
updateDimensionProperties (widths) and setDataValidation (``ONE_OF_LIST`` for enums and
yes/no, ``ONE_OF_RANGE`` fed from column A of 部门 / 人员 … for ids, ``NUMBER_*`` for numbers:
Google has no whole-number rule, so a whole-number column accepts any number in range).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from config.errors import CollabsheetError
from config.schema import HUMAN_TABS
from sheets_sync.a1 import bot_sheet_id, cell_data
from sheets_sync.starter import EXAMPLE_NOTE, README_TITLE, example_value
from sheets_sync.starter_content import examples, pick, readme
from sheets_sync.tab_layout import LAST_ROW, ColumnLayout, Rule, columns, tab_titles

if TYPE_CHECKING:
    from sheets_sync.google import GoogleBackend

_HEADER_BG = {"red": 0xDD / 255, "green": 0xEB / 255, "blue": 0xF7 / 255}
_EXAMPLE_BG = {"red": 1.0, "green": 0xF2 / 255, "blue": 0xCC / 255}
_RED = {"red": 0xC0 / 255, "green": 0.0, "blue": 0.0}
_NUMBER = {"greaterThan": "NUMBER_GREATER", "greaterThanOrEqual": "NUMBER_GREATER_THAN_EQ"}
PIXELS_PER_CHAR = 7  # an Excel width (characters) in Google's pixels, about


@dataclass(frozen=True)
class GoogleStarter:
    """What ``init_google`` wrote: for the CLI's one line and for tests."""

    spreadsheet: str
    tabs: tuple[str, ...]
    dropdowns: int


def condition(rule: Rule) -> dict[str, Any]:
    """The BooleanCondition of a starter rule (the same rule openpyxl writes for xlsx)."""
    if rule.kind == "list":
        return {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": v} for v in rule.values]}
    if rule.kind == "ids":
        source = f"='{rule.source}'!$A$2:$A${LAST_ROW}"
        return {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": source}]}
    bounds = [rule.low] if rule.high is None else [rule.low, rule.high]
    kind = "NUMBER_BETWEEN" if rule.operator == "between" else _NUMBER[str(rule.operator)]
    return {"type": kind, "values": [{"userEnteredValue": f"{b:g}"} for b in bounds]}


def validation(sid: int, j: int, rule: Rule) -> dict[str, Any]:
    """setDataValidation of column ``j`` from row 2 to ``LAST_ROW``."""
    grid = {"sheetId": sid, "startRowIndex": 1, "endRowIndex": LAST_ROW}
    grid |= {"startColumnIndex": j, "endColumnIndex": j + 1}
    body = {
        "condition": condition(rule),
        "inputMessage": rule.message,
        "strict": rule.strict,
        "showCustomUi": rule.dropdown,
    }
    return {"setDataValidation": {"range": grid, "rule": body}}


def _number_format(pattern: str) -> dict[str, str]:
    kind = "DATE_TIME" if "h" in pattern else "DATE" if "y" in pattern else "NUMBER"
    return {"type": kind, "pattern": pattern}


def _human_tab(
    sid: int, layout: tuple[ColumnLayout, ...], example: list[Any], locale: str
) -> list[dict[str, Any]]:
    """The requests of one human tab after its addSheet: header, example row, formats, widths
    and validations."""
    head, row = [], []
    for j, col in enumerate(layout):
        text = {"bold": True, "foregroundColor": _RED if col.required else {}}
        head.append(
            {
                "userEnteredValue": {"stringValue": col.header},
                "userEnteredFormat": {"textFormat": text, "backgroundColor": _HEADER_BG},
                "note": col.hint,
            }
        )
        cell = cell_data(example[j])
        fmt = cell.setdefault("userEnteredFormat", {})
        fmt["backgroundColor"] = _EXAMPLE_BG
        if col.number_format:
            fmt["numberFormat"] = _number_format(col.number_format)
        row.append(cell)
    row[0]["note"] = pick(EXAMPLE_NOTE, locale)
    fields = "userEnteredValue,userEnteredFormat,note"
    grid = {"sheetId": sid, "startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0}
    grid["endColumnIndex"] = len(layout)
    rows = [{"values": head}, {"values": row}]
    out: list[dict[str, Any]] = [{"updateCells": {"range": grid, "rows": rows, "fields": fields}}]
    for j, col in enumerate(layout):
        span = {"sheetId": sid, "startColumnIndex": j, "endColumnIndex": j + 1}
        if col.number_format:
            fmt = {"numberFormat": _number_format(col.number_format)}
            cells = {**span, "startRowIndex": 2, "endRowIndex": LAST_ROW}
            repeat = {"range": cells, "cell": {"userEnteredFormat": fmt}}
            out.append({"repeatCell": {**repeat, "fields": "userEnteredFormat.numberFormat"}})
        dim = {"sheetId": sid, "dimension": "COLUMNS", "startIndex": j, "endIndex": j + 1}
        size = {"pixelSize": col.width * PIXELS_PER_CHAR}
        out.append(
            {"updateDimensionProperties": {"range": dim, "properties": size, "fields": "pixelSize"}}
        )
        if col.rule is not None:
            out.append(validation(sid, j, col.rule))
    return out


def starter_requests(
    taken: set[int], locale: str, today: dt.date
) -> tuple[list[dict[str, Any]], tuple[str, ...], int]:
    """The one batchUpdate's requests, the tab titles and the number of dropdowns."""
    titles = tab_titles(locale)
    rows = examples(today)
    readme_title = README_TITLE[locale]
    order = [readme_title, *(titles[t.key] for t in HUMAN_TABS)]
    ids: dict[str, int] = {}
    for title in order:
        ids[title] = bot_sheet_id(title, taken | set(ids.values()))
    out: list[dict[str, Any]] = []
    for i, title in enumerate(order):
        cols = max(26, *(len(t.columns) for t in HUMAN_TABS))
        grid: dict[str, Any] = {"rowCount": LAST_ROW, "columnCount": cols}
        if title != readme_title:
            grid["frozenRowCount"] = 1
        props = {"sheetId": ids[title], "title": title, "index": i, "gridProperties": grid}
        out.append({"addSheet": {"properties": props}})
    lines = readme(titles, HUMAN_TABS, locale)
    text = [{"values": [cell_data(v) for v in line]} for line in lines]
    text[0]["values"][0]["userEnteredFormat"] = {"textFormat": {"bold": True, "fontSize": 14}}
    start = {"sheetId": ids[readme_title], "rowIndex": 0, "columnIndex": 0}
    fields = "userEnteredValue,userEnteredFormat"
    out.append({"updateCells": {"start": start, "rows": text, "fields": fields}})
    dropdowns = 0
    for tab in HUMAN_TABS:
        layout = columns(tab, titles, locale)
        example = [example_value(c, rows[tab.key].get(c.key), locale) for c in tab.columns]
        out += _human_tab(ids[titles[tab.key]], layout, example, locale)
        dropdowns += sum(1 for c in layout if c.rule is not None and c.rule.dropdown)
    return out, tuple(order), dropdowns


def init_google(backend: GoogleBackend, locale: str, today: dt.date) -> GoogleStarter:
    """Write the starter tabs into the backend's spreadsheet in one batchUpdate; refused (and
    nothing written) when a tab of the same title is already there: it may hold data."""
    if locale not in README_TITLE:
        raise CollabsheetError(f"unknown locale {locale!r}: use zh-CN or en")
    sheets = backend._metadata()
    requests, order, dropdowns = starter_requests(
        {i.sheet_id for i in sheets.values()}, locale, today
    )
    there = [t for t in order if t in sheets]
    if there:
        names = "、".join(there)
        raise CollabsheetError(
            f"电子表格 {backend.key} 已有工作表 {names}，未写入任何内容（init 只写入新的或空的电子"
            "表格）",
            f"spreadsheet {backend.key} already has tab(s) {', '.join(there)}; nothing "
            "was written (init writes into a new or empty spreadsheet: rename or delete them)",
        )
    body = {"requests": requests}
    backend._call("write the starter tabs", lambda: backend.http.batch_update(backend.key, body))
    backend.sheets = None  # the tabs changed: the next read asks again
    return GoogleStarter(backend.key, order, dropdowns)
