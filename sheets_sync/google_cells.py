"""The ``batchUpdate`` requests of an append (sheets_sync/google_append.py): the rows as typed
cells, the grid grown to hold them and the hidden run-id column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sheets_sync.a1 import cell_data
from sheets_sync.google_errors import sent_size

MARK = "collabsheet_run"  # header of the hidden column holding each appended row's run id
MARK_NOTE = (
    "collabsheet 追加行的运行编号（隐藏列，请勿删除） / run id of rows appended by collabsheet "
    "(hidden column; keep it)"
)


def growth(info: Any, head: int, mark: int, made: bool, end: int) -> list[dict[str, Any]]:
    """The requests that grow the grid of the tab ``info`` (a ``SheetInfo``) to hold ``end``
    rows and, unless ``made``, create the hidden run-id column ``mark`` in the header row
    ``head`` (each sets a state: harmless when a batch is sent again)."""
    requests: list[dict[str, Any]] = []
    rows, cols = max(info.rows, end), max(info.cols, mark + 1)
    if (rows, cols) != (info.rows, info.cols):
        grid = {"rowCount": rows, "columnCount": cols}
        fields = "gridProperties.rowCount,gridProperties.columnCount"
        props = {"sheetId": info.sheet_id, "gridProperties": grid}
        requests.append({"updateSheetProperties": {"properties": props, "fields": fields}})
    if not made:
        cell = {"sheetId": info.sheet_id, "rowIndex": head, "columnIndex": mark}
        value = {"userEnteredValue": {"stringValue": MARK}, "note": MARK_NOTE}
        fields = "userEnteredValue,note"
        requests.append(
            {"updateCells": {"start": cell, "rows": [{"values": [value]}], "fields": fields}}
        )
        span = {"sheetId": info.sheet_id, "dimension": "COLUMNS"}
        span |= {"startIndex": mark, "endIndex": mark + 1}
        hide = {"range": span, "properties": {"hiddenByUser": True}, "fields": "hiddenByUser"}
        requests.append({"updateDimensionProperties": hide})
    return requests


def cells(
    sheet_id: int, first: int, columns: Sequence[int], row: int, rows: list[list[Any]]
) -> list[dict[str, Any]]:
    """``updateCells`` requests writing ``rows`` (their values from column ``first`` on) at
    sheet row ``row``: in each row, one per run of adjacent ``columns`` holding a value, a
    cell without one left as it is (a formula filled down, the column's format: review25).
    Typed: a date a serial number in a date format, as a person's typed date is stored
    (trial22: RAW input stored it as text; only a date's format is set), text never read as a
    formula."""
    out = []
    for i, r in enumerate(rows):
        runs: list[tuple[list[int], bool]] = []  # adjacent columns with a value, dates apart
        for j in columns:
            v = r[j - first]
            if v is None or v == "":
                continue
            dated = isinstance(v, dt.date)
            if runs and runs[-1][0][-1] == j - 1 and runs[-1][1] == dated:
                runs[-1][0].append(j)
            else:
                runs.append(([j], dated))
        for run, dated in runs:
            values = [{"values": [cell_data(r[j - first], minutes=True) for j in run]}]
            start = {"sheetId": sheet_id, "rowIndex": row + i, "columnIndex": run[0]}
            fields = "userEnteredValue" + (",userEnteredFormat.numberFormat" if dated else "")
            out.append({"updateCells": {"start": start, "rows": values, "fields": fields}})
    return out


def chunks(rows: list[list[Any]], budget: int) -> list[list[list[Any]]]:
    """Rows split so that each request body stays under ``budget`` bytes as sent."""
    out: list[list[list[Any]]] = [[]]
    size = 300  # the body's own keys and the range (a quoted title, escaped)
    for r in rows:
        k = 3 * sent_size([cell_data(v, minutes=True) for v in r]) + 2  # as CellData, typed
        if out[-1] and size + k > budget:
            out.append([])
            size = 300
        out[-1].append(r)
        size += k
    return out if out[-1] else []
