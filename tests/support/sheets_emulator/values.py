"""Cell values as Google stores and renders them: date serial numbers, arithmetic formulas,
RAW and USER_ENTERED input, values.get's render options, ValueRanges, the "table" values.append
finds, and the CellData of spreadsheets.get and updateCells."""

from __future__ import annotations

import ast
import copy
import datetime as dt
import operator
import re
from collections.abc import Callable
from typing import Any

from tests.support.sheets_emulator.book import Cell, Sheet
from tests.support.sheets_emulator.errors import ApiError
from tests.support.sheets_emulator.ranges import Range

EPOCH = dt.datetime(1899, 12, 30)
MAX_CHARS = 50_000


def serial(x: dt.datetime | dt.date) -> float:
    """Days since 1899-12-30, as Google counts them."""
    if not isinstance(x, dt.datetime):
        x = dt.datetime(x.year, x.month, x.day)
    days = (x.replace(tzinfo=None) - EPOCH).total_seconds() / 86400
    return int(days) if days.is_integer() else days


def number_text(v: float) -> str:
    """A number as Google's default format shows it."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v) if isinstance(v, int) else repr(v)


_OPS: dict[type, Callable[..., Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}


def evaluate(formula: str) -> Any:
    """Arithmetic formulas like =4/2; anything else evaluates to Google's #NAME? error."""
    try:
        node = ast.parse(formula[1:], mode="eval").body

        def ev(n: ast.AST) -> Any:
            if isinstance(n, ast.Constant) and isinstance(n.value, int | float):
                return n.value
            if isinstance(n, ast.BinOp) and type(n.op) in _OPS:
                return _OPS[type(n.op)](ev(n.left), ev(n.right))
            if isinstance(n, ast.UnaryOp) and type(n.op) in _OPS:
                return _OPS[type(n.op)](ev(n.operand))
            raise ValueError(formula)

        v = ev(node)
        return int(v) if isinstance(v, float) and v.is_integer() else v
    except (SyntaxError, ValueError, ZeroDivisionError):
        return "#NAME?"


def entered(v: Any, option: str) -> Any:
    """A value as stored after RAW or USER_ENTERED input (None: leave the cell unchanged)."""
    if isinstance(v, str) and len(v) > MAX_CHARS:
        raise ApiError(
            400, "Your input contains more than the maximum of 50000 characters in a single cell."
        )
    if v is None or v == "":
        return v
    if isinstance(v, dt.datetime):
        return Cell(serial(v), v.isoformat(sep=" "), date=True)
    if isinstance(v, dt.date):
        return Cell(serial(v), v.isoformat(), date=True)
    if isinstance(v, dt.time):
        secs = v.hour * 3600 + v.minute * 60 + v.second
        return Cell(secs / 86400, v.isoformat(), date=True)
    if option == "RAW" or not isinstance(v, str):
        return v
    if v.startswith("'"):
        return v[1:]
    if v.startswith("=") and len(v) > 1:
        return Cell(evaluate(v), v, formula=v)
    if v.upper() in ("TRUE", "FALSE"):
        return v.upper() == "TRUE"
    if re.fullmatch(r"[+-]?\d+", v):
        return int(v)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?", v):
        return float(v)
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d"):
        try:
            return Cell(serial(dt.datetime.strptime(v, fmt)), v, date=True)
        except ValueError:
            pass
    return v


def rendered(v: Any, value_opt: str, date_opt: str) -> Any:
    """A stored value as values.get answers it."""
    if v is None:
        return ""
    if isinstance(v, Cell):
        if value_opt == "FORMULA" and v.formula:
            return v.formula
        if v.date:
            if value_opt == "FORMATTED_VALUE" or date_opt == "FORMATTED_STRING":
                return v.text
            return v.value
        v = v.value
    if isinstance(v, bool):
        return ("TRUE" if v else "FALSE") if value_opt == "FORMATTED_VALUE" else v
    if isinstance(v, int | float):
        return number_text(v) if value_opt == "FORMATTED_VALUE" else v
    return v


def value_range(rng: Range, params: dict[str, str], major: str = "ROWS") -> dict[str, Any]:
    """The ValueRange of a resolved range: trailing empties trimmed, inner empty rows []."""
    vo = params.get("valueRenderOption", "FORMATTED_VALUE")
    do = params.get("dateTimeRenderOption", "SERIAL_NUMBER")
    sheet = rng.sheet
    rows: list[list[Any]] = []
    for r in range(rng.r0, min(rng.r1, len(sheet.data))):
        src = sheet.data[r][rng.c0 : rng.c1]
        while src and src[-1] in (None, ""):
            src = src[:-1]
        rows.append([rendered(v, vo, do) for v in src])
    while rows and not rows[-1]:
        rows.pop()
    if major == "COLUMNS":
        width = max((len(r) for r in rows), default=0)
        cols = [[r[c] if c < len(r) else "" for r in rows] for c in range(width)]
        for col in cols:
            while col and col[-1] == "":
                col.pop()
        rows = cols
    out: dict[str, Any] = {"range": rng.a1(), "majorDimension": major}
    if rows:
        out["values"] = rows
    return out


def find_table(sheet: Sheet, rng: Range) -> Range | None:
    """The first "table" in a range, as values.append finds it: from the first row holding a
    value, down to the row before the next blank one; columns from the leftmost to the
    rightmost value of those rows."""

    def filled(r: int) -> list[int]:
        row = sheet.data[r] if r < len(sheet.data) else []
        return [c for c in range(rng.c0, min(rng.c1, len(row))) if row[c] not in (None, "")]

    end = min(rng.r1, len(sheet.data))
    top = next((r for r in range(rng.r0, end) if filled(r)), None)
    if top is None:
        return None
    bottom = top
    while bottom + 1 < end and filled(bottom + 1):
        bottom += 1
    cols = [c for r in range(top, bottom + 1) for c in filled(r)]
    return Range(sheet, top, min(cols), bottom + 1, max(cols) + 1)


def cell_data(v: Any) -> dict[str, Any]:
    """CellData of a stored value (for spreadsheets.get with grid data)."""
    out: dict[str, Any] = {}
    fmt = v.fmt if isinstance(v, Cell) else None
    if v is not None and v != "":
        eff = v.value if isinstance(v, Cell) else v
        kind = (
            "boolValue"
            if isinstance(eff, bool)
            else "numberValue"
            if isinstance(eff, int | float)
            else "stringValue"
        )
        if isinstance(v, Cell) and v.formula:
            out["userEnteredValue"] = {"formulaValue": v.formula}
        else:
            out["userEnteredValue"] = {kind: eff}
        out["effectiveValue"] = {kind: eff}
        out["formattedValue"] = rendered(v, "FORMATTED_VALUE", "FORMATTED_STRING")
    if fmt:
        styled = copy.deepcopy(fmt)
        if "backgroundColor" in styled:
            styled["backgroundColorStyle"] = {"rgbColor": styled["backgroundColor"]}
        tf = styled.get("textFormat", {})
        if "foregroundColor" in tf:
            tf["foregroundColorStyle"] = {"rgbColor": tf["foregroundColor"]}
        out["userEnteredFormat"] = styled
    return out


def stored(cd: dict[str, Any]) -> Any:
    """The stored value of a CellData (updateCells: always as typed, never parsed)."""
    uev = cd.get("userEnteredValue") or {}
    fmt = cd.get("userEnteredFormat") or {}
    is_date = (fmt.get("numberFormat") or {}).get("type") in ("DATE", "DATE_TIME", "TIME")
    if "stringValue" in uev:
        s = uev["stringValue"]
        if len(s) > MAX_CHARS:
            raise ApiError(
                400,
                "Your input contains more than the maximum of 50000 characters in a single cell.",
            )
        return s
    if "numberValue" in uev:
        n = uev["numberValue"]
        if is_date:
            text = (EPOCH + dt.timedelta(days=n)).isoformat(sep=" ")
            return Cell(n, text, date=True)
        return n
    if "boolValue" in uev:
        return uev["boolValue"]
    if "formulaValue" in uev:
        return Cell(evaluate(uev["formulaValue"]), uev["formulaValue"], formula=uev["formulaValue"])
    return None
