"""The spreadsheets.values endpoints: get, batchGet, update (PUT), batchUpdate, append, clear
and batchClear, on one spreadsheet. A write is staged and committed whole."""

from __future__ import annotations

from typing import Any

from tests.support.sheets_emulator.book import MAX_CELLS, Book, commit, stage
from tests.support.sheets_emulator.errors import ApiError
from tests.support.sheets_emulator.ranges import Range, col_name, quote_title, resolve, split_range
from tests.support.sheets_emulator.values import entered, find_table, value_range


def values_call(
    book: Book,
    key: str,
    method: str,
    rest: str,
    body: dict[str, Any],
    query: dict[str, list[str]],
    params: dict[str, str],
) -> dict[str, Any]:
    """The answer to ``/v4/spreadsheets/KEY/REST`` (``REST`` starts with ``values``)."""
    rng, verb = rest.removeprefix("values").lstrip("/"), ""
    if rest.startswith("values:"):
        rng, verb = "", rest[len("values:") :]
    for suffix in (":append", ":clear"):
        if rng.endswith(suffix):
            rng, verb = rng.removesuffix(suffix), suffix[1:]
    if verb == "batchGet":
        ranges = [resolve(book, r) for r in query.get("ranges", [])]
        major = params.get("majorDimension", "ROWS")
        return {
            "spreadsheetId": key,
            "valueRanges": [value_range(r, params, major) for r in ranges],
        }
    if verb == "batchUpdate":
        option = body.get("valueInputOption", "")
        check_option(option)
        work = stage(
            book, {resolve(book, d["range"], True).sheet.title for d in body.get("data", [])}
        )
        resps = [
            update(work, d["range"], d.get("values", []), option, key) for d in body.get("data", [])
        ]
        commit(book, work)
        return {
            "spreadsheetId": key,
            "totalUpdatedRows": sum(r.get("updatedRows", 0) for r in resps),
            "totalUpdatedColumns": max((r.get("updatedColumns", 0) for r in resps), default=0),
            "totalUpdatedCells": sum(r.get("updatedCells", 0) for r in resps),
            "totalUpdatedSheets": len({r["updatedRange"].rsplit("!", 1)[0] for r in resps}),
            "responses": resps,
        }
    if verb == "batchClear":
        cleared = [clear(book, r) for r in body.get("ranges", [])]
        return {"spreadsheetId": key, "clearedRanges": cleared}
    if verb == "clear":
        return {"spreadsheetId": key, "clearedRange": clear(book, rng)}
    if verb == "append":
        return append(book, rng, body, params)
    if method == "PUT":
        option = params.get("valueInputOption", "")
        check_option(option)
        work = stage(book, {resolve(book, rng, grow=True).sheet.title})
        out = update(work, rng, body.get("values", []), option, key)
        commit(book, work)
        return out
    major = params.get("majorDimension", "ROWS")
    return value_range(resolve(book, rng), params, major)


def check_option(option: str) -> None:
    """A write's ``valueInputOption`` must be RAW or USER_ENTERED, as Google requires."""
    if option not in ("RAW", "USER_ENTERED"):
        raise ApiError(
            400,
            "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED"
            if not option
            else f"Invalid value at 'value_input_option' ({option})",
        )


def update(book: Book, text: str, values: list[list[Any]], option: str, key: str) -> dict[str, Any]:
    """values.update of ``text`` (or one range of a values.batchUpdate) as ``option`` says."""
    rng = resolve(book, text, grow=True)
    height = len(values)
    width = max((len(r) for r in values), default=0)
    sheet = rng.sheet
    single = ":" not in split_range(text)[1]
    r1 = rng.r0 + height if single or not split_range(text)[1] else rng.r1
    c1 = rng.c0 + width if single or not split_range(text)[1] else rng.c1
    if height > r1 - rng.r0 or width > c1 - rng.c0:
        raise ApiError(
            400,
            f"Requested writing within range [{text}], but tried writing to "
            f"{'row' if height > r1 - rng.r0 else 'column'} "
            f"[{rng.r0 + height if height > r1 - rng.r0 else col_name(rng.c0 + width - 1)}]",
        )
    if rng.r0 + height > sheet.rows or rng.c0 + width > sheet.cols:
        raise ApiError(
            400,
            f"Range ({quote_title(sheet.title)}!{split_range(text)[1] or 'A1'}) exceeds grid "
            f"limits. Max rows: {sheet.rows}, max columns: {sheet.cols}",
        )
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            if v is not None:
                sheet.put(rng.r0 + i, rng.c0 + j, entered(v, option) if v != "" else None)
    done = Range(sheet, rng.r0, rng.c0, rng.r0 + max(height, 1), rng.c0 + max(width, 1))
    out: dict[str, Any] = {"spreadsheetId": key, "updatedRange": done.a1()}
    if height and width:
        out |= {
            "updatedRows": height,
            "updatedColumns": width,
            "updatedCells": sum(len(r) for r in values),
        }
    return out


def clear(book: Book, text: str) -> str:
    """values.clear of ``text``: the cells emptied; the cleared range."""
    rng = resolve(book, text)
    for r in range(rng.r0, min(rng.r1, len(rng.sheet.data))):
        row = rng.sheet.data[r]
        for c in range(rng.c0, min(rng.c1, len(row))):
            row[c] = None
    return rng.a1()


def append(book: Book, text: str, body: dict[str, Any], params: dict[str, str]) -> dict[str, Any]:
    """values.append as documented: "The input range is used to search for existing data
    and find a 'table' within that range. Values will be appended to the next row of the
    table, starting with the first column of the table." The table is the first run of
    consecutive non-empty rows in the range; a blank row ends it (rows land in the gap),
    and its first column is the leftmost filled one (column A empty: one column right)."""
    option = params.get("valueInputOption", "")
    check_option(option)
    rng = resolve(book, text)
    sheet = rng.sheet
    values = body.get("values", [])
    table = find_table(sheet, rng)
    start, left = (table.r1, table.c0) if table else (rng.r0, rng.c0)
    width = max((len(r) for r in values), default=0)
    insert = params.get("insertDataOption", "OVERWRITE") == "INSERT_ROWS"
    extra = max(0, start + len(values) - sheet.rows) if not insert else len(values)
    if book.cells() + extra * sheet.cols > MAX_CELLS:
        raise ApiError(
            400,
            "This action would increase the number of cells in the workbook above the limit "
            f"of {MAX_CELLS} cells.",
        )
    sheet.rows += extra
    if left + width > sheet.cols:
        sheet.cols = left + width
    if insert and start < len(sheet.data):
        sheet.data[start:start] = [[] for _ in values]
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            if v is not None:
                sheet.put(start + i, left + j, entered(v, option) if v != "" else None)
    done = Range(sheet, start, left, start + len(values), left + max(width, 1))
    out: dict[str, Any] = {"spreadsheetId": book.key}
    if table:
        out["tableRange"] = table.a1()
    out["updates"] = {
        "spreadsheetId": book.key,
        "updatedRange": done.a1(),
        "updatedRows": len(values),
        "updatedColumns": width,
        "updatedCells": sum(len(r) for r in values),
    }
    return out
