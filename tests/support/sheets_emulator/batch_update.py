"""spreadsheets.batchUpdate: addSheet, deleteSheet, updateSheetProperties, mergeCells,
updateDimensionProperties, setDataValidation, updateCells and repeatCell, applied to a staged
copy and committed only when every request succeeded (Google's batches are atomic)."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from tests.support.sheets_emulator.book import (
    MAX_CELLS,
    Book,
    Cell,
    Sheet,
    commit,
    merge_grid,
    stage,
)
from tests.support.sheets_emulator.errors import ApiError
from tests.support.sheets_emulator.ranges import col_name, quote_title
from tests.support.sheets_emulator.values import stored


def batch_update(book: Book, body: dict[str, Any], new_id: Callable[[], int]) -> dict[str, Any]:
    """The batch's replies, once every request applied to a staged copy; ``new_id`` gives an
    added sheet its id when the request names none."""
    work = stage(book)
    replies = []
    for i, req in enumerate(body.get("requests", [])):
        try:
            replies.append(one(work, req, new_id))
        except ApiError as exc:
            msg = re.sub(r"^Invalid requests\[\d+\]", f"Invalid requests[{i}]", exc.message)
            if not msg.startswith("Invalid requests"):
                msg = f"Invalid requests[{i}].{next(iter(req), '')}: {msg}"
            raise ApiError(exc.code, msg) from exc
    if work.cells() > MAX_CELLS:
        raise ApiError(
            400,
            "This action would increase the number of cells in the workbook above the limit "
            f"of {MAX_CELLS} cells.",
        )
    commit(book, work)
    return {"spreadsheetId": book.key, "replies": replies}


def one(book: Book, req: dict[str, Any], new_id: Callable[[], int]) -> dict[str, Any]:
    """One request of a batch, applied to ``book``; its reply."""
    (name, arg), *_ = req.items()
    if name == "addSheet":
        props = arg.get("properties", {})
        title = props.get("title") or f"Sheet{len(book.sheets) + 1}"
        if book.by_title(title):
            raise ApiError(
                400,
                f'A sheet with the name "{title}" already exists. Please enter another name.',
            )
        sid = props.get("sheetId", new_id())
        if any(s.sheet_id == sid for s in book.sheets):
            raise ApiError(400, f"Sheet with id {sid} already exists.")
        grid = props.get("gridProperties", {})
        sheet = Sheet(sid, title, grid.get("rowCount", 1000), grid.get("columnCount", 26))
        sheet.frozen = grid.get("frozenRowCount", 0)
        book.sheets.insert(props.get("index", len(book.sheets)), sheet)
        return {"addSheet": {"properties": sheet.props(book.sheets.index(sheet))}}
    if name == "deleteSheet":
        sheet = book.by_id(arg["sheetId"])
        if len(book.sheets) == 1:
            raise ApiError(400, "You can't remove all the sheets in a document.")
        book.sheets.remove(sheet)
        return {}
    if name == "updateSheetProperties":
        props, fields = arg.get("properties", {}), arg.get("fields", "")
        sheet = book.by_id(props["sheetId"])
        grid = props.get("gridProperties", {})
        if "title" in fields.split(",") or fields == "*":
            sheet.title = props.get("title", sheet.title)
        if "rowCount" in fields and "rowCount" in grid:
            if grid["rowCount"] < 1 or grid["rowCount"] <= sheet.frozen:
                raise ApiError(
                    400,
                    "You can't delete all the rows on the sheet."
                    if grid["rowCount"] < 1
                    else "You can't delete all the rows that are not frozen.",
                )
            sheet.rows = grid["rowCount"]
        if "columnCount" in fields and "columnCount" in grid:
            sheet.cols = max(1, grid["columnCount"])
        if "frozenRowCount" in fields:
            sheet.frozen = grid.get("frozenRowCount", 0)
        sheet.clip()
        return {}
    if name == "mergeCells":
        gr = arg["range"]
        sheet = book.by_id(gr.get("sheetId", 0))
        merge_grid(
            sheet,
            gr["startRowIndex"],
            gr["startColumnIndex"],
            gr["endRowIndex"],
            gr["endColumnIndex"],
        )
        return {}
    if name == "updateDimensionProperties":
        dr, props = arg["range"], arg.get("properties", {})
        sheet = book.by_id(dr.get("sheetId", 0))
        for i in range(dr.get("startIndex", 0), dr.get("endIndex", sheet.cols)):
            if dr.get("dimension") == "COLUMNS" and "hiddenByUser" in arg.get("fields", ""):
                (sheet.hidden.add if props.get("hiddenByUser") else sheet.hidden.discard)(i)
            if dr.get("dimension") == "COLUMNS" and "pixelSize" in arg.get("fields", ""):
                sheet.widths[i] = props["pixelSize"]
        return {}
    if name == "setDataValidation":
        gr = arg["range"]
        sheet = book.by_id(gr.get("sheetId", 0))
        for r in range(gr.get("startRowIndex", 0), gr.get("endRowIndex", sheet.rows)):
            for c in range(gr.get("startColumnIndex", 0), gr.get("endColumnIndex", sheet.cols)):
                if arg.get("rule"):
                    sheet.validations[r, c] = arg["rule"]
                else:
                    sheet.validations.pop((r, c), None)
        return {}
    if name in ("updateCells", "repeatCell"):
        gr = arg.get("range") or {}
        if "start" in arg:
            gr = {
                "sheetId": arg["start"].get("sheetId", 0),
                "startRowIndex": arg["start"].get("rowIndex", 0),
                "startColumnIndex": arg["start"].get("columnIndex", 0),
            }
        sheet = book.by_id(gr.get("sheetId", 0))
        r0, c0 = gr.get("startRowIndex", 0), gr.get("startColumnIndex", 0)
        r1 = gr.get("endRowIndex", sheet.rows)
        c1 = gr.get("endColumnIndex", sheet.cols)
        if r1 > sheet.rows or c1 > sheet.cols:
            raise ApiError(
                400,
                f"Range ({quote_title(sheet.title)}!{col_name(c0)}{r0 + 1}:"
                f"{col_name(c1 - 1)}{r1}) exceeds grid limits. "
                f"Max rows: {sheet.rows}, max columns: {sheet.cols}",
            )
        if name == "repeatCell":
            fmt = arg.get("cell", {}).get("userEnteredFormat")
            for r in range(r0, r1):
                for c in range(c0, c1):
                    v = sheet.get(r, c)
                    cell = v if isinstance(v, Cell) else Cell(v)
                    cell.fmt = copy.deepcopy(fmt)
                    sheet.put(r, c, cell)
            return {}
        rows = arg.get("rows", [])
        fields = arg.get("fields", "")
        for i, rd in enumerate(rows):
            for j, cd in enumerate(rd.get("values", [])):
                if "note" in fields.split(",") and cd.get("note"):
                    sheet.notes[r0 + i, c0 + j] = cd["note"]
        if "userEnteredValue" not in fields and fields != "*":
            return {}
        if "start" not in arg:
            for r in range(r0, min(r1, len(sheet.data))):
                row = sheet.data[r]
                for c in range(c0, min(c1, len(row))):
                    row[c] = None
        elif "userEnteredValue" not in fields and fields != "*":
            return {}
        for i, rd in enumerate(rows):
            r = r0 + i
            if r >= sheet.rows:
                raise ApiError(400, f"Range exceeds grid limits. Max rows: {sheet.rows}")
            for j, cd in enumerate(rd.get("values", [])):
                if c0 + j >= sheet.cols:
                    raise ApiError(400, f"Range exceeds grid limits. Max columns: {sheet.cols}")
                sheet.put(r, c0 + j, stored(cd))
        return {}
    raise ApiError(400, f'Invalid JSON payload received. Unknown name "{name}"')
