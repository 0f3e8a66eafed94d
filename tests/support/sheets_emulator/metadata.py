"""spreadsheets.get: the spreadsheet's properties, each tab's properties and merges, grid
data for ranges, and the ``fields=`` mask."""

from __future__ import annotations

import copy
import re
from typing import Any

from tests.support.sheets_emulator.book import Book, Sheet
from tests.support.sheets_emulator.ranges import Range, resolve
from tests.support.sheets_emulator.values import cell_data

DEFAULT_PROPERTIES: dict[str, Any] = {
    "locale": "en_US",
    "autoRecalc": "ON_CHANGE",
    "timeZone": "Etc/GMT",
    "defaultFormat": {
        "backgroundColor": {"red": 1, "green": 1, "blue": 1},
        "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
        "verticalAlignment": "BOTTOM",
        "wrapStrategy": "OVERFLOW_CELL",
        "textFormat": {
            "foregroundColor": {},
            "fontFamily": "arial,sans,sans-serif",
            "fontSize": 10,
            "bold": False,
            "italic": False,
            "strikethrough": False,
            "underline": False,
            "foregroundColorStyle": {"rgbColor": {}},
        },
        "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
    },
    "spreadsheetTheme": {
        "primaryFontFamily": "Arial",
        "themeColors": [
            {"colorType": t, "color": {"rgbColor": c}}
            for t, c in (
                ("TEXT", {}),
                ("BACKGROUND", {"red": 1, "green": 1, "blue": 1}),
                ("ACCENT1", {"red": 0.25882354, "green": 0.52156866, "blue": 0.95686275}),
                ("ACCENT2", {"red": 0.91764706, "green": 0.2627451, "blue": 0.20784314}),
                ("ACCENT3", {"red": 0.9843137, "green": 0.7372549, "blue": 0.015686275}),
                ("ACCENT4", {"red": 0.20392157, "green": 0.65882355, "blue": 0.3254902}),
                ("ACCENT5", {"red": 1, "green": 0.42745098, "blue": 0.003921569}),
                ("ACCENT6", {"red": 0.27450982, "green": 0.7411765, "blue": 0.7764706}),
                ("LINK", {"red": 0.06666667, "green": 0.33333334, "blue": 0.8}),
            )
        ],
    },
}


def sheet_entry(sheet: Sheet, index: int) -> dict[str, Any]:
    """A Sheet of spreadsheets.get: properties, and ``merges`` when there are any (Google
    leaves the key out otherwise)."""
    out: dict[str, Any] = {"properties": sheet.props(index)}
    if sheet.merges:
        out["merges"] = [{"sheetId": sheet.sheet_id, **m} for m in sheet.merges]
    return out


def get(book: Book, query: dict[str, list[str]], params: dict[str, str]) -> Any:
    """spreadsheets.get: with ``ranges`` or grid data asked, only those tabs and their cells."""
    out: dict[str, Any] = {
        "spreadsheetId": book.key,
        "properties": {"title": book.title, **copy.deepcopy(DEFAULT_PROPERTIES)},
        "sheets": [sheet_entry(s, i) for i, s in enumerate(book.sheets)],
        "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{book.key}/edit",
    }
    fields = params.get("fields", "")
    ranges = query.get("ranges", [])
    with_data = params.get("includeGridData", "false").lower() == "true" or "data" in fields
    if ranges or with_data:
        wanted = [resolve(book, r) for r in ranges] or [
            Range(s, 0, 0, s.rows, s.cols) for s in book.sheets
        ]
        chosen = {id(r.sheet) for r in wanted}
        out["sheets"] = [
            sheet_entry(s, i) for i, s in enumerate(book.sheets) if id(s) in chosen or not ranges
        ]
        if with_data:
            for entry, sheet in zip(
                out["sheets"], [s for s in book.sheets if id(s) in chosen], strict=True
            ):
                entry["data"] = [grid(r) for r in wanted if r.sheet is sheet]
    return apply_mask(out, fields) if fields else out


def grid(rng: Range) -> dict[str, Any]:
    """The GridData of a range: its cells' CellData, row by row."""
    data: dict[str, Any] = {}
    if rng.r0:
        data["startRow"] = rng.r0
    if rng.c0:
        data["startColumn"] = rng.c0
    data["rowData"] = [
        {"values": [cell_data(rng.sheet.get(r, c)) for c in range(rng.c0, rng.c1)]}
        for r in range(rng.r0, rng.r1)
    ]
    return data


def apply_mask(obj: Any, mask: str) -> Any:
    """Keep only the fields a ``fields=`` mask names (dots and parentheses)."""
    tree: dict[str, Any] = {}

    def parse(s: str, i: int, node: dict[str, Any]) -> int:
        while i < len(s):
            m = re.match(r"\s*([A-Za-z_*]+)", s[i:])
            if not m:
                return i
            path = [m.group(1)]
            i += m.end()
            while i < len(s) and s[i] == ".":
                m = re.match(r"([A-Za-z_*]+)", s[i + 1 :])
                assert m, s
                path.append(m.group(1))
                i += 1 + m.end()
            leaf = node
            for p in path:
                leaf = leaf.setdefault(p, {})
            if i < len(s) and s[i] == "(":
                i = parse(s, i + 1, leaf) + 1
            if i < len(s) and s[i] == ",":
                i += 1
                continue
            return i
        return i

    parse(mask, 0, tree)

    def keep(o: Any, t: dict[str, Any]) -> Any:
        if not t or "*" in t:
            return o
        if isinstance(o, list):
            return [keep(x, t) for x in o]
        if isinstance(o, dict):
            return {k: keep(v, t[k]) for k, v in o.items() if k in t}
        return o

    return keep(obj, tree)
