"""A local emulation of the Google Sheets API v4, served through a ``requests`` transport adapter.

No sockets: ``SheetsEmulator`` is mounted on a ``requests.Session`` (``session.mount("https://",
emu)``) and answers spreadsheets.get, values get/batchGet/update/batchUpdate/append/clear/
batchClear, spreadsheets batchUpdate (addSheet, deleteSheet, updateSheetProperties, updateCells,
repeatCell) and the OAuth token endpoint, with Google's error bodies and wording. It counts
requests by kind and injects faults (429 with Retry-After, 5xx, timeouts, slow answers, a quota
that refills at a given time, and lost answers: the request applied, then the connection reset).
``values.append`` finds the first "table" of its range as Google documents; spreadsheets.get
returns each sheet's ``merges``; the 403 bodies are Google's (``denial``).
Recorded real traffic in ``../shared/gspread-cassettes`` is the reference (tests/test_cassettes).
"""

from __future__ import annotations

import ast
import base64
import copy
import dataclasses
import datetime as dt
import functools
import json
import operator
import re
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
from requests.adapters import BaseAdapter

from sheets_sync.finding import column_letter

EPOCH = dt.datetime(1899, 12, 30)
MAX_CELLS = 10_000_000
MAX_CHARS = 50_000
API = "https://sheets.googleapis.com/v4/spreadsheets/"
TOKEN_URL = "https://oauth2.googleapis.com/token"
STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    408: "DEADLINE_EXCEEDED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}
QUOTA_MESSAGE = (
    "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per "
    "user' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'."
)
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


class ApiError(Exception):
    """An error answer: HTTP status and Google's message."""

    def __init__(self, code: int, message: str, body: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.body = code, message, body


@dataclass
class Cell:
    """A cell that is more than a plain value: a date (serial number) or a formula."""

    value: Any  # effective value: number, string or bool
    text: str = ""  # how it is displayed (dates) or typed (formulas)
    formula: str | None = None
    date: bool = False
    fmt: dict[str, Any] | None = None


@dataclass
class Sheet:
    """One tab: properties and a ragged list of rows."""

    sheet_id: int
    title: str
    rows: int = 1000
    cols: int = 26
    data: list[list[Any]] = field(default_factory=list)
    frozen: int = 0
    merges: list[dict[str, int]] = field(default_factory=list)  # GridRanges, end exclusive
    hidden: set[int] = field(default_factory=set)  # hidden column indexes
    validations: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    widths: dict[int, int] = field(default_factory=dict)  # column index -> pixels

    def props(self, index: int) -> dict[str, Any]:
        grid: dict[str, Any] = {"rowCount": self.rows, "columnCount": self.cols}
        if self.frozen:
            grid["frozenRowCount"] = self.frozen
        return {
            "sheetId": self.sheet_id,
            "title": self.title,
            "index": index,
            "sheetType": "GRID",
            "gridProperties": grid,
        }

    def put(self, r: int, c: int, value: Any) -> None:
        while len(self.data) <= r:
            self.data.append([])
        row = self.data[r]
        if value is None and c >= len(row):
            return
        while len(row) <= c:
            row.append(None)
        row[c] = value

    def get(self, r: int, c: int) -> Any:
        return self.data[r][c] if r < len(self.data) and c < len(self.data[r]) else None

    def clip(self) -> None:
        """Drop data outside the grid (after a shrink)."""
        del self.data[self.rows :]
        for row in self.data:
            del row[self.cols :]


@dataclass
class Book:
    """A spreadsheet: its id, title and tabs in order."""

    key: str
    title: str
    sheets: list[Sheet]

    def by_title(self, title: str) -> Sheet | None:
        return next((s for s in self.sheets if s.title == title), None)

    def by_id(self, sheet_id: int) -> Sheet:
        for s in self.sheets:
            if s.sheet_id == sheet_id:
                return s
        raise ApiError(400, f"Invalid requests[0]: No grid with id: {sheet_id}")

    def cells(self) -> int:
        return sum(s.rows * s.cols for s in self.sheets)


@dataclass
class Fault:
    """An injected answer for the next ``times`` matching requests (None: forever)."""

    status: int = 429
    times: int | None = 1
    kind: str | None = None
    retry_after: float | None = None
    timeout: bool = False
    delay: float = 0.0
    lost: bool = False  # apply the request, then drop the answer (connection reset)
    until: float | None = None  # answer so while the emulator's clock is before this (a quota)


# ---------------------------------------------------------------- A1 notation


col_name = column_letter  # 0 -> A, 26 -> AA: the project's one spelling


def col_index(name: str) -> int:
    n = 0
    for ch in name.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def quote_title(title: str) -> str:
    """How Google names a tab in a range: quotes only when needed."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title) and not re.fullmatch(
        r"[A-Za-z]{1,3}[0-9]+|R[0-9]*C[0-9]*", title, re.I
    ):
        return title
    return "'" + title.replace("'", "''") + "'"


_CELL = re.compile(r"^([A-Za-z]*)([0-9]*)$")


@dataclass
class Range:
    """A resolved range: sheet and half-open row/column bounds, clamped to the grid."""

    sheet: Sheet
    r0: int
    c0: int
    r1: int
    c1: int

    def a1(self) -> str:
        start = f"{col_name(self.c0)}{self.r0 + 1}"
        end = f"{col_name(self.c1 - 1)}{self.r1}"
        cells = start if start == end else f"{start}:{end}"
        return f"{quote_title(self.sheet.title)}!{cells}"


def split_range(text: str) -> tuple[str | None, str]:
    """'Sheet 1'!A1:B2 -> ("Sheet 1", "A1:B2"); a bare name is a whole sheet."""
    if text.startswith("'"):
        m = re.match(r"^'((?:[^']|'')*)'(?:!(.*))?$", text)
        if not m:
            raise ApiError(400, f"Unable to parse range: {text}")
        return m.group(1).replace("''", "'"), m.group(2) or ""
    if "!" in text:
        title, cells = text.rsplit("!", 1)
        return title, cells
    return None, text


def resolve(book: Book, text: str, grow: bool = False) -> Range:
    """Parse an A1 range the way Google does; open-ended parts are clamped to the grid."""
    title, cells = split_range(text)
    if title is None:
        sheet = book.by_title(cells)
        if sheet is not None:
            title, cells = cells, ""
        else:
            sheet = book.sheets[0]
    else:
        sheet = book.by_title(title)
    if sheet is None:
        raise ApiError(400, f"Unable to parse range: {text}")
    if not cells:
        return Range(sheet, 0, 0, sheet.rows, sheet.cols)
    parts = cells.split(":")
    if len(parts) > 2:
        raise ApiError(400, f"Unable to parse range: {text}")
    ends = []
    for p in parts:
        m = _CELL.match(p)
        if not m or not (m.group(1) or m.group(2)) or len(m.group(1)) > 3:
            raise ApiError(400, f"Unable to parse range: {text}")
        ends.append(m.groups())
    (ca, ra), (cb, rb) = ends[0], ends[-1]
    if len(parts) == 1 and not (ca and ra):
        raise ApiError(400, f"Unable to parse range: {text}")
    r0 = int(ra) - 1 if ra else 0
    c0 = col_index(ca) if ca else 0
    r1 = int(rb) if rb else sheet.rows
    c1 = col_index(cb) + 1 if cb else sheet.cols
    if min(r0 + 1, r1) < 1 or r0 >= r1 or c0 >= c1:
        raise ApiError(400, f"Unable to parse range: {text}")
    if not grow and (r1 > sheet.rows or c1 > sheet.cols):
        raise ApiError(
            400,
            f"Range ({quote_title(sheet.title)}!{cells}) exceeds grid limits. "
            f"Max rows: {sheet.rows}, max columns: {sheet.cols}",
        )
    return Range(sheet, r0, c0, r1, c1)


# ---------------------------------------------------------------- metadata


def sheet_entry(sheet: Sheet, index: int) -> dict[str, Any]:
    """A Sheet of spreadsheets.get: properties, and ``merges`` when there are any (Google
    leaves the key out otherwise)."""
    out: dict[str, Any] = {"properties": sheet.props(index)}
    if sheet.merges:
        out["merges"] = [{"sheetId": sheet.sheet_id, **m} for m in sheet.merges]
    return out


def merge(sheet: Sheet, text: str) -> None:
    """Merge an A1 range of ``sheet`` (e.g. "B3:B5") as Google does: the GridRange is kept
    (end indexes exclusive) and only the top-left cell keeps its value."""
    first, _, last = text.partition(":")
    (ca, ra), (cb, rb) = (_CELL.match(p).groups() for p in (first, last or first))  # type: ignore[union-attr]
    r0, c0, r1, c1 = int(ra) - 1, col_index(ca), int(rb), col_index(cb) + 1
    merge_grid(sheet, r0, c0, r1, c1)


def merge_grid(sheet: Sheet, r0: int, c0: int, r1: int, c1: int) -> None:
    for r in range(r0, r1):
        for c in range(c0, c1):
            if (r, c) != (r0, c0):
                sheet.put(r, c, None)
    sheet.merges.append(
        {"startRowIndex": r0, "endRowIndex": r1, "startColumnIndex": c0, "endColumnIndex": c1}
    )


PROJECT = "123456789012"
_ENABLE = f"https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project={PROJECT}"


def denial(reason: str) -> dict[str, Any]:
    """Google's 403 bodies (AIP-193 error with an ErrorInfo detail), as real traffic shows
    them: ``scope`` (a token without the spreadsheets scope, e.g. plain ``gcloud auth
    application-default login``), ``disabled`` (the Sheets API off in the project) and
    ``protected`` (a write into a protected range)."""
    if reason == "protected":  # a write into a protected range
        message = (
            "You are trying to edit a protected cell or object. Please contact the spreadsheet "
            "owner to remove protection if you need to edit."
        )
        return {"error": {"code": 403, "message": message, "status": "PERMISSION_DENIED"}}
    if reason == "scope":
        message = "Request had insufficient authentication scopes."
        details: list[dict[str, Any]] = [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                "domain": "googleapis.com",
                "metadata": {
                    "service": "sheets.googleapis.com",
                    "method": "google.apps.sheets.v4.SpreadsheetsService.GetSpreadsheet",
                },
            }
        ]
    else:
        message = (
            f"Google Sheets API has not been used in project {PROJECT} before or it is "
            f"disabled. Enable it by visiting {_ENABLE} then retry. If you enabled this API "
            "recently, wait a few minutes for the action to propagate to our systems and retry."
        )
        details = [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "SERVICE_DISABLED",
                "domain": "googleapis.com",
                "metadata": {
                    "service": "sheets.googleapis.com",
                    "consumer": f"projects/{PROJECT}",
                    "activationUrl": _ENABLE,
                },
            },
            {
                "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
                "locale": "en-US",
                "message": message,
            },
            {
                "@type": "type.googleapis.com/google.rpc.Help",
                "links": [
                    {"description": "Google developers console API activation", "url": _ENABLE}
                ],
            },
        ]
    return {
        "error": {
            "code": 403,
            "message": message,
            "status": "PERMISSION_DENIED",
            "details": details,
        }
    }


# ---------------------------------------------------------------- values


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


# ---------------------------------------------------------------- the adapter


class SheetsEmulator(BaseAdapter):
    """In-process Sheets API v4: mount on a requests.Session; counts requests by kind."""

    def __init__(self, sleep: Callable[[float], None] | None = None) -> None:
        super().__init__()
        self.books: dict[str, Book] = {}
        self.counts: Counter[str] = Counter()
        self.log: list[tuple[str, str, int]] = []  # (kind, method + url, request body bytes)
        self.faults: list[Fault] = []
        self.forbidden: set[str] = set()  # not shared with the caller
        self.denied: dict[str, str] = {}  # key -> "scope" or "disabled" (see ``denial``)
        self.batch_bodies: list[dict[str, Any]] = []  # every spreadsheets.batchUpdate body
        self.tokens: set[str] = set()
        self.token_claims: list[dict[str, Any]] = []
        self.trusted: dict[str, Any] = {}  # client_email -> public key that must sign its JWTs
        self.require_auth = False
        self.max_body = 10 * 1024 * 1024
        self.sleep = sleep or (lambda s: None)
        self.clock: Callable[[], float] = lambda: 0.0  # for faults that last a while (``until``)
        self.next_id = 1_000_000

    # -- set-up helpers for tests

    def create(self, key: str, tabs: dict[str, list[list[Any]]] | None = None, **kw: Any) -> Book:
        """A spreadsheet with these tabs (rows of Python values; datetimes become dates);
        ``merges={title: ["B3:B5"]}`` merges cells as Google does (the first cell keeps its
        value)."""
        sheets = []
        for i, (title, rows) in enumerate((tabs or {"Sheet1": []}).items()):
            sheet = Sheet(0 if i == 0 else self._new_id(), title)
            sheet.rows = max(kw.get("rows", 1000), len(rows))
            sheet.cols = max(kw.get("cols", 26), max((len(r) for r in rows), default=0))
            sheet.data = [[None if v == "" else entered(v, "RAW") for v in row] for row in rows]
            for text in kw.get("merges", {}).get(title, ()):
                merge(sheet, text)
            sheets.append(sheet)
        book = Book(key, kw.get("title", f"Spreadsheet {key}"), sheets)
        self.books[key] = book
        return book

    def fail(self, status: int = 429, times: int | None = 1, **kw: Any) -> None:
        """Answer the next ``times`` requests (of ``kind``, if given) with an error."""
        self.faults.append(Fault(status, times, **kw))

    def sheets_requests(self) -> int:
        """Requests to the Sheets API (the quota), not counting token refreshes."""
        return sum(n for k, n in self.counts.items() if k not in ("token",))

    def _new_id(self) -> int:
        self.next_id += 7919
        return self.next_id

    # -- transport

    def close(self) -> None:
        pass

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        url = request.url or ""
        method = (request.method or "GET").upper()
        body = request.body or b""
        raw = body.encode() if isinstance(body, str) else body
        kind = self._kind(method, url)
        self.counts[kind] += 1
        self.log.append((kind, f"{method} {url}", len(raw)))
        lost = False
        for fault in self.faults:
            if fault.kind not in (None, kind) or fault.times == 0 or kind == "token":
                continue
            if fault.until is not None and self.clock() >= fault.until:
                continue
            if fault.times is not None:
                fault.times -= 1
            if fault.delay:
                timeout = kwargs.get("timeout")
                limit = timeout[1] if isinstance(timeout, tuple) else timeout
                if limit is not None and fault.delay > limit:
                    raise requests.exceptions.ReadTimeout(f"read timed out ({url})")
                self.sleep(fault.delay)
                break
            if fault.timeout:
                raise requests.exceptions.ReadTimeout(f"read timed out ({url})")
            if fault.lost:
                lost = True
                break
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
            message = QUOTA_MESSAGE if fault.status == 429 else _WORDING.get(fault.status, "")
            return self._answer(request, fault.status, self._error(fault.status, message), headers)
        try:
            if len(raw) > self.max_body:
                raise ApiError(
                    400, f"Request payload size exceeds the limit: {self.max_body} bytes."
                )
            status, payload = self._dispatch(method, url, raw, request)
        except ApiError as exc:
            status, payload = exc.code, exc.body or self._error(exc.code, exc.message)
        if lost:  # Google applied the request; its answer never arrived
            raise requests.exceptions.ConnectionError(
                f"('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer')) "
                f"({url})"
            )
        return self._answer(request, status, payload)

    @staticmethod
    def _kind(method: str, url: str) -> str:
        if url.startswith(TOKEN_URL):
            return "token"
        if not url.startswith(API):
            return "drive"
        path = urllib.parse.urlsplit(url).path[len("/v4/spreadsheets/") :]
        if "/values" not in path:
            return "batchUpdate" if path.endswith(":batchUpdate") else "get"
        rest = path.split("/values", 1)[1]
        for suffix in (":batchGet", ":batchUpdate", ":batchClear", ":append", ":clear"):
            if rest.endswith(suffix):
                return "values" + suffix.replace(":", ".")
        return "values.update" if method == "PUT" else "values.get"

    @staticmethod
    def _error(code: int, message: str) -> dict[str, Any]:
        return {"error": {"code": code, "message": message, "status": STATUS.get(code, "UNKNOWN")}}

    @staticmethod
    def _answer(
        request: requests.PreparedRequest,
        status: int,
        payload: Any,
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        resp = requests.Response()
        resp.status_code = status
        resp._content = b"" if payload is None else json.dumps(payload).encode()
        resp.headers.update({"Content-Type": "application/json; charset=UTF-8", **(headers or {})})
        resp.url = request.url or ""
        resp.request = request
        resp.reason = {200: "OK", 204: "No Content"}.get(status, "Error")
        resp.encoding = "utf-8"
        return resp

    # -- dispatch

    def _dispatch(
        self, method: str, url: str, raw: bytes, request: requests.PreparedRequest
    ) -> tuple[int, Any]:
        parts = urllib.parse.urlsplit(url)
        query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        params = {k: v[-1] for k, v in query.items()}
        if url.startswith(TOKEN_URL):
            return self._token(raw)
        if not url.startswith(API):
            raise ApiError(403, "Drive API is not part of this emulation (spreadsheets scope only)")
        if self.require_auth:
            auth = request.headers.get("Authorization", "")
            if auth.removeprefix("Bearer ") not in self.tokens:
                raise ApiError(
                    401,
                    "Request is missing required authentication credential. Expected OAuth 2 "
                    "access token, login cookie or other valid authentication credential.",
                )
        path = urllib.parse.unquote(parts.path[len("/v4/spreadsheets/") :])
        key, _, rest = path.partition("/")
        key, colon, action = key.partition(":")
        book = self.books.get(key)
        if book is None:
            raise ApiError(404, "Requested entity was not found.")
        if key in self.forbidden:
            raise ApiError(403, "The caller does not have permission")
        if key in self.denied:
            body = denial(self.denied[key])
            raise ApiError(403, body["error"]["message"], body)
        body = json.loads(raw) if raw else {}
        if not rest:
            if colon and action == "batchUpdate" and method == "POST":
                return 200, self._batch_update(book, body)
            if method == "GET":
                return 200, self._get(book, query, params)
            raise ApiError(404, "Requested entity was not found.")
        rng, verb = rest.removeprefix("values").lstrip("/"), ""
        if rest.startswith("values:"):
            rng, verb = "", rest[len("values:") :]
        for suffix in (":append", ":clear"):
            if rng.endswith(suffix):
                rng, verb = rng.removesuffix(suffix), suffix[1:]
        if verb == "batchGet":
            ranges = [resolve(book, r) for r in query.get("ranges", [])]
            major = params.get("majorDimension", "ROWS")
            return 200, {
                "spreadsheetId": key,
                "valueRanges": [value_range(r, params, major) for r in ranges],
            }
        if verb == "batchUpdate":
            option = body.get("valueInputOption", "")
            self._check_option(option)
            work = self._stage(
                book, {resolve(book, d["range"], True).sheet.title for d in body.get("data", [])}
            )
            resps = [
                self._update(work, d["range"], d.get("values", []), option, key)
                for d in body.get("data", [])
            ]
            self._commit(book, work)
            return 200, {
                "spreadsheetId": key,
                "totalUpdatedRows": sum(r.get("updatedRows", 0) for r in resps),
                "totalUpdatedColumns": max((r.get("updatedColumns", 0) for r in resps), default=0),
                "totalUpdatedCells": sum(r.get("updatedCells", 0) for r in resps),
                "totalUpdatedSheets": len({r["updatedRange"].rsplit("!", 1)[0] for r in resps}),
                "responses": resps,
            }
        if verb == "batchClear":
            cleared = [self._clear(book, r) for r in body.get("ranges", [])]
            return 200, {"spreadsheetId": key, "clearedRanges": cleared}
        if verb == "clear":
            return 200, {"spreadsheetId": key, "clearedRange": self._clear(book, rng)}
        if verb == "append":
            return 200, self._append(book, rng, body, params)
        if method == "PUT":
            option = params.get("valueInputOption", "")
            self._check_option(option)
            work = self._stage(book, {resolve(book, rng, grow=True).sheet.title})
            out = self._update(work, rng, body.get("values", []), option, key)
            self._commit(book, work)
            return 200, out
        major = params.get("majorDimension", "ROWS")
        return 200, value_range(resolve(book, rng), params, major)

    @staticmethod
    def _check_option(option: str) -> None:
        if option not in ("RAW", "USER_ENTERED"):
            raise ApiError(
                400,
                "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED"
                if not option
                else f"Invalid value at 'value_input_option' ({option})",
            )

    def _token(self, raw: bytes) -> tuple[int, Any]:
        form = urllib.parse.parse_qs(raw.decode())
        assertion = form.get("assertion", [""])[0]
        try:
            payload = assertion.split(".")[1]
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        except (IndexError, ValueError):
            return 400, {"error": "invalid_grant", "error_description": "Invalid JWT."}
        signer = self.trusted.get(claims.get("iss", ""))
        if signer is not None and not self._signed(assertion, signer):
            return 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
        self.token_claims.append(claims)
        token = f"ya29.emulated-{len(self.tokens) + 1}"
        self.tokens.add(token)
        return 200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}

    def trust(self, info: dict[str, str]) -> None:
        """Check token requests of this service account against its key's public half."""
        from cryptography.hazmat.primitives import serialization

        key = serialization.load_pem_private_key(info["private_key"].encode(), password=None)
        self.trusted[info["client_email"]] = key.public_key()

    @staticmethod
    def _signed(assertion: str, public_key: Any) -> bool:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        head, payload, sig = assertion.split(".")
        raw = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
        try:
            message = f"{head}.{payload}".encode()
            public_key.verify(raw, message, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return False
        return True

    def _get(self, book: Book, query: dict[str, list[str]], params: dict[str, str]) -> Any:
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
                sheet_entry(s, i)
                for i, s in enumerate(book.sheets)
                if id(s) in chosen or not ranges
            ]
            if with_data:
                for entry, sheet in zip(
                    out["sheets"], [s for s in book.sheets if id(s) in chosen], strict=True
                ):
                    entry["data"] = [self._grid(r) for r in wanted if r.sheet is sheet]
        return apply_mask(out, fields) if fields else out

    @staticmethod
    def _grid(rng: Range) -> dict[str, Any]:
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

    def _update(
        self, book: Book, text: str, values: list[list[Any]], option: str, key: str
    ) -> dict[str, Any]:
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

    def _clear(self, book: Book, text: str) -> str:
        rng = resolve(book, text)
        for r in range(rng.r0, min(rng.r1, len(rng.sheet.data))):
            row = rng.sheet.data[r]
            for c in range(rng.c0, min(rng.c1, len(row))):
                row[c] = None
        return rng.a1()

    def _append(
        self, book: Book, text: str, body: dict[str, Any], params: dict[str, str]
    ) -> dict[str, Any]:
        """values.append as documented: "The input range is used to search for existing data
        and find a 'table' within that range. Values will be appended to the next row of the
        table, starting with the first column of the table." The table is the first run of
        consecutive non-empty rows in the range; a blank row ends it (rows land in the gap),
        and its first column is the leftmost filled one (column A empty: one column right)."""
        option = params.get("valueInputOption", "")
        self._check_option(option)
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

    # -- spreadsheets.batchUpdate (atomic: staged on a copy, committed at the end)

    @staticmethod
    def _stage(book: Book, only: set[str] | None = None) -> Book:
        """A copy to change; sheets outside ``only`` (if given) are shared, not copied."""
        sheets = [
            dataclasses.replace(
                s,
                data=[list(r) for r in s.data],
                merges=copy.deepcopy(s.merges),
                hidden=set(s.hidden),
                validations=dict(s.validations),
                notes=dict(s.notes),
                widths=dict(s.widths),
            )
            if only is None or s.title in only
            else s
            for s in book.sheets
        ]
        return Book(book.key, book.title, sheets)

    @staticmethod
    def _commit(book: Book, work: Book) -> None:
        book.sheets = work.sheets

    def _batch_update(self, book: Book, body: dict[str, Any]) -> dict[str, Any]:
        self.batch_bodies.append(body)
        work = self._stage(book)
        replies = []
        for i, req in enumerate(body.get("requests", [])):
            try:
                replies.append(self._one(work, req))
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
        self._commit(book, work)
        return {"spreadsheetId": book.key, "replies": replies}

    def _one(self, book: Book, req: dict[str, Any]) -> dict[str, Any]:
        (name, arg), *_ = req.items()
        if name == "addSheet":
            props = arg.get("properties", {})
            title = props.get("title") or f"Sheet{len(book.sheets) + 1}"
            if book.by_title(title):
                raise ApiError(
                    400,
                    f'A sheet with the name "{title}" already exists. Please enter another name.',
                )
            sid = props.get("sheetId", self._new_id())
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


_WORDING = {
    408: "The request timed out. Please try again.",
    500: "Internal error encountered.",
    503: "The service is currently unavailable.",
}


# ---------------------------------------------------------------- test credentials


@functools.cache
def fake_service_account(
    email: str = "collabsheet-bot@demo-project.iam.gserviceaccount.com",
) -> dict[str, str]:
    """A service-account key file's content with a freshly generated RSA key (offline)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return {
        "type": "service_account",
        "project_id": "demo-project",
        "private_key_id": "0123456789abcdef",
        "private_key": pem,
        "client_email": email,
        "client_id": "100000000000000000000",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": TOKEN_URL,
    }


def emulated_backend(emu: SheetsEmulator, key: str, **kw: Any) -> Any:
    """A GoogleBackend on the emulation, signed in with the fake service account."""
    from sheets_sync.credentials import service_account_credentials
    from sheets_sync.google import GoogleBackend
    from sheets_sync.retry import RetryPolicy

    creds, email = service_account_credentials(dict(fake_service_account()), "test key")
    policy = kw.pop("policy", None) or RetryPolicy(sleep=emu.sleep, jitter=lambda: 0.5)
    return GoogleBackend(key, creds, client_email=email, policy=policy, adapter=emu, **kw)
