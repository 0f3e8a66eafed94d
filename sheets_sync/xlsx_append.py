"""Appending rows to human .xlsx tabs by editing only their sheet XML (issue 15, item 6).

openpyxl rewrites a whole workbook and drops what it does not model: formulas' stored results,
LibreOffice's FALSE() booleans, charts. Here the zip is copied member by member, compressed
bytes as they are and in the same order; only the sheets' XML changes: ``<row>`` elements after
the last row with a value (inline strings, typed numbers and booleans, dates as serial numbers
in a date style the workbook has, each cell styled like the one above it) and a wider
``<dimension>``; several tabs in one file. A sheet it cannot extend safely is refused first."""

from __future__ import annotations

import datetime as dt
import html
import numbers
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from config.errors import BackendError
from sheets_sync.a1 import text_of
from sheets_sync.backend import Append, HeaderKeys, arrange
from sheets_sync.finding import column_index, column_letter
from sheets_sync.header_row import SCAN
from sheets_sync.xlsx_package import MAIN, Package, refusal, write_with_sheet
from sheets_sync.xlsx_sheet import MAX_ROWS, serial, text

_ATTR = re.compile(rb"([\w:]+)\s*=\s*[\"']([^\"']*)[\"']")
_DATA = re.compile(rb"<(\w+:)?sheetData\b[^>]*?(/?)>")
_ROW = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_VALUE = re.compile(rb"<is\b|<v>[^<]")
_UNSTORED = re.compile(rb"^(?!.*<v).*<f\b", re.S)  # a formula without a stored result
_V = re.compile(rb"<v>([^<]*)</v>")
_T = re.compile(rb"<t\b[^>]*>([^<]*)</t>")
_REF = re.compile(rb"([A-Z]{1,3})(\d+)")
_SPREAD = re.compile(rb"<f\b[^>]*\bref=\"[A-Z]*\d*:?[A-Z]*(\d+)\"")  # shared / array formulas
_FILTER = re.compile(rb"<autoFilter\b[^>]*\bref=\"[A-Z]*\d*:?[A-Z]*(\d+)\"")
_PROTECTED = re.compile(rb"<sheetProtection\b[^>]*\bsheet=\"(?:1|true)\"")  # Excel / LibreOffice
_MERGE = re.compile(rb"<mergeCell\b[^>]*\bref=\"[A-Z]*\d*:?[A-Z]*(\d+)\"")
_DIMENSION = re.compile(rb"(<dimension\b[^>]*\bref=\")([^\"]*)\"")
_WINDOW = 50  # rows with a value looked at above the new ones for each column's style


def _attrs(raw: bytes) -> dict[bytes, bytes]:
    return dict(_ATTR.findall(raw))


def _cells(inner: bytes | None) -> list[tuple[int, dict[bytes, bytes], bytes | None, bytes]]:
    """(0-based column, attributes, inner XML, whole element) of each cell of a row."""
    out, col = [], -1
    for m in _CELL.finditer(inner or b""):
        attrs = _attrs(m.group(1))
        ref = _REF.match(attrs.get(b"r", b""))
        col = column_index(ref.group(1)) if ref else col + 1
        out.append((col, attrs, m.group(2), m.group(0)))
    return out


def _has_value(inner: bytes | None) -> bool:
    """A cell that shows something (a value, or a formula without a stored result); a fill-down
    ``=IF(A9="","",…)`` does not: its row takes a new record, its formula kept (trial10)."""
    return inner is not None and bool(_VALUE.search(inner) or _UNSTORED.search(inner))


def _value(attrs: Mapping[bytes, bytes], inner: bytes | None, strings: Mapping[int, str]) -> Any:
    """A header cell's value as the reader would see it."""
    kind = attrs.get(b"t", b"n")
    if kind == b"inlineStr":
        return html.unescape(b"".join(_T.findall(inner or b"")).decode())
    v = _V.search(inner or b"")
    if v is None:
        return None
    raw = html.unescape(v.group(1).decode())
    if kind == b"s":
        return strings.get(int(raw))
    if kind == b"b":
        return raw == "1"
    if kind in (b"str", b"e"):
        return raw
    number = float(raw)
    return int(number) if number.is_integer() else number


def _header(book: Package, rows: list[re.Match[bytes]], keys: HeaderKeys) -> tuple[int, list[Any]]:
    """The header among the first ``SCAN`` rows: (row number, values from column A) of the
    row that names the most columns (the first on a tie), as ``find_header`` picks it."""
    parsed = [(int(_attrs(m.group(1))[b"r"]), _cells(m.group(2))) for m in rows]
    wanted = set()
    for _n, cells in parsed:
        for _c, attrs, inner, _e in cells:
            v = _V.search(inner or b"")
            if attrs.get(b"t") == b"s" and v is not None:
                wanted.add(int(v.group(1)))
    strings = book.shared(wanted)
    best: tuple[int, list[Any]] = (1, [])
    score = 0
    for n, cells in parsed:
        values: list[Any] = [None] * (max((c for c, *_ in cells), default=-1) + 1)
        for col, attrs, inner, _el in cells:
            values[col] = _value(attrs, inner, strings)
        named = sum(k is not None for k in keys(values))
        if named > score:
            best, score = (n, values), named
    return best


def _encode(v: Any, ref: str, styles: Sequence[bytes | None], text_above: bool,
            book: Package) -> str | None:  # fmt: skip
    """One new cell's XML, styled by the first of ``styles`` that suits the value; a date in
    a column whose cells above hold text is written as text, as they are."""
    if v is None or v == "" or v != v:  # NaN, NaT
        return None
    usable = [s for s in styles if s is not None]
    plain = [s for s in usable if int(s) not in book.date_styles]
    if isinstance(v, dt.date):
        dated = [s.decode() for s in usable if int(s) in book.date_styles]
        timed = isinstance(v, dt.datetime) and bool(v.hour or v.minute or v.second)
        other = sorted(book.date_styles, key=lambda i: book.date_styles[i] != timed)
        style = dated[0] if dated else None if text_above or not other else str(other[0])
        if style is None or v.toordinal() < dt.date(1900, 3, 1).toordinal():
            return f'<c r="{ref}"{_s(usable)}{text(text_of(v))}'
        days = serial(v) - (1462 if book.date1904 else 0)
        return f'<c r="{ref}" s="{style}"><v>{_number(days)}</v></c>'
    if isinstance(v, bool):
        return f'<c r="{ref}"{_s(plain)} t="b"><v>{int(v)}</v></c>'
    if isinstance(v, numbers.Real):
        number = float(v)
        if number in (float("inf"), float("-inf")):
            return None
        return f'<c r="{ref}"{_s(plain)}><v>{_number(number)}</v></c>'
    s = "、".join(map(str, v)) if isinstance(v, tuple) else str(v)
    return f'<c r="{ref}"{_s(usable)}{text(s)}' if s else None


def _number(x: float) -> str:
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)


def _s(styles: Sequence[bytes]) -> str:
    return f' s="{styles[0].decode()}"' if styles else ""


def appended_sheet(
    path: Path, title: str, records: Sequence[Mapping[str, Any]], keys: HeaderKeys
) -> tuple[str, bytes]:
    """The sheet member of ``title`` in the workbook at ``path`` and its XML with the records
    appended; refuses (``BackendError``) a sheet it cannot extend safely."""
    book = Package(path, title)
    return book.member, _Sheet(path, title, book.xml).append(book, records, keys)


class _Sheet:
    """One sheet's XML: where its cells are, and the checks before rows are added."""

    def __init__(self, path: Path, title: str, xml: bytes) -> None:
        self.path, self.title, self.xml = path, title, xml
        opened = _DATA.search(xml)
        if opened is None or opened.group(1):
            raise self.refuse(
                "的 XML 结构不常见，请用 Excel / WPS / LibreOffice 打开并保存一次",
                "has unusual XML: open and save it once in Excel / WPS / LibreOffice",
            )
        self.opened = opened
        self.start = self.end = opened.end()
        if not opened.group(2):
            self.end = xml.index(b"</sheetData>", self.start)

    def refuse(self, zh: str, en: str) -> BackendError:
        return refusal(self.path, f"工作表 {self.title} {zh}", f"tab {self.title} {en}")

    def rows_before(self, at: int) -> Iterator[tuple[int, re.Match[bytes]]]:
        """(row number, element) of the rows, from the one before ``at`` upwards."""
        xml, start = self.xml, self.start
        while (at := xml.rfind(b"<row", start, at)) >= 0:
            m = _ROW.match(xml, at)
            if m is not None and xml[at + 4 : at + 5] in (b" ", b">", b"\t", b"\n", b"\r"):
                yield self.number(m), m

    def number(self, m: re.Match[bytes]) -> int:
        r = _attrs(m.group(1)).get(b"r")
        if r is None or not r.isdigit():
            raise self.refuse("的行没有行号", "has rows without a row number")
        return int(r)

    def append(
        self, book: Package, records: Sequence[Mapping[str, Any]], keys: HeaderKeys
    ) -> bytes:
        xml, start, end = self.xml, self.start, self.end
        first: list[re.Match[bytes]] = []
        for m in _ROW.finditer(xml, start, end):
            if self.number(m) > SCAN:
                break
            first.append(m)
        head_row, header = _header(book, first, keys)
        rows = arrange(header, keys, records, self.title)
        # walk up from the end: the empty (formatted) rows after the last value, then the
        # styles of the rows above the new ones
        trailing: dict[int, re.Match[bytes]] = {}
        last, last_end, seen = head_row, None, 0
        styles: dict[int, tuple[bytes | None, bool]] = {}
        for n, m in self.rows_before(end):
            if n <= head_row or seen >= _WINDOW:
                break
            # an unchecked box (FALSE) is no value: a checkbox column fills the rows under the data
            # with it (trial22: appended under 600 of them); such a row takes a record, box kept
            cells = [(c, a, inner) for c, a, inner, _e in _cells(m.group(2)) if _has_value(inner)
                     and not (a.get(b"t") == b"b" and b"<v>0</v>" in (inner or b""))]  # fmt: skip
            if not cells:
                if not seen:
                    trailing[n] = m
                continue
            seen += 1
            if seen == 1:
                last, last_end = n, m.end()
            for col, attrs, _inner in cells:
                kind, style = attrs.get(b"t", b"n"), attrs.get(b"s")
                if style is not None and int(style) in book.example_styles:  # init's yellow
                    style = None
                styles.setdefault(col, (style, kind in (b"s", b"str", b"inlineStr")))
        if last_end is None:
            last_end = next((m.end() for n, m in self.rows_before(end) if n <= head_row), start)
        first_new, last_new = last + 1, last + len(rows)
        self.check(first_new, last, last_new)
        out = []
        for i, values in enumerate(rows):
            n = first_new + i
            old = trailing.get(n)
            kept = {c: (a, el) for c, a, _i, el in _cells(old.group(2) if old else None)}
            cells_xml = {c: el.decode() for c, (_a, el) in kept.items()}
            for col, v in enumerate(values):
                own = kept[col][0].get(b"s") if col in kept else None
                above, text_above = styles.get(col, (None, False))
                cell = _encode(v, f"{column_letter(col)}{n}", [own, above], text_above, book)
                if cell is not None:
                    cells_xml[col] = cell
            own_row = re.sub(rb'\s(r|spans|hidden)="[^"]*"', b"", old.group(1)) if old else b""
            joined = "".join(cells_xml[c] for c in sorted(cells_xml))
            out.append(f'<row r="{n}"{own_row.decode()}>{joined}</row>')
        new = "".join(out).encode()
        ET.fromstring(b'<sheetData xmlns="%s">%s</sheetData>' % (MAIN[1:-1].encode(), new))
        if self.opened.group(2):  # <sheetData/>: no rows at all
            o = self.opened
            body = xml[: o.start()] + b"<sheetData>" + new + b"</sheetData>" + xml[o.end() :]
        else:
            insert = trailing[min(trailing)].start() if trailing else last_end
            resume = max((m.end() for n, m in trailing.items() if n <= last_new), default=insert)
            body = xml[:insert] + new + xml[resume:]
        width = max((len(r) for r in rows), default=1)
        return _DIMENSION.sub(
            lambda m: m.group(1) + _widen(m.group(2), width, last_new) + b'"', body, 1
        )

    def check(self, first_new: int, last: int, last_new: int) -> None:
        """Refuse what the new rows would break, or what would have to grow with them."""
        xml, end = self.xml, self.end
        if last_new > MAX_ROWS:
            raise self.refuse(f"已到 {MAX_ROWS} 行的上限", f"is full ({MAX_ROWS} rows)")
        if any(int(r) >= first_new for r in _SPREAD.findall(xml, self.start)):
            raise self.refuse(
                "中有共享公式或数组公式的范围延伸到新行",
                "has a shared or array formula whose range reaches the new rows",
            )
        if any(int(r) >= first_new for r in _MERGE.findall(xml, end)):
            raise self.refuse(
                "中有合并单元格延伸到新行", "has a merged range reaching the new rows"
            )
        if any(int(r) >= last for r in _FILTER.findall(xml, end)):
            raise self.refuse(
                "的自动筛选覆盖到最后一行，请先取消筛选，运行后再重新筛选",
                "has an autofilter down to its last row: remove the filter, run again, then "
                "filter again",
            )
        if _PROTECTED.search(xml, end):  # as Google refuses a protected range (google_errors)
            raise self.refuse(
                "受工作表保护，请先撤消工作表保护，运行后再重新保护",
                "is protected: unprotect the sheet, run again, then protect it again",
            )
        if re.search(rb"<tablePart\b", xml[end:]):
            raise self.refuse(
                "含有表格对象，请把表格转换为普通区域",
                "holds a table object: convert the table to a normal range",
            )


def _widen(ref: bytes, width: int, last_row: int) -> bytes:
    parts = [_REF.match(p) for p in ref.split(b":")]
    if not all(parts):
        return ref
    cols = [column_index(p.group(1)) for p in parts if p] + [0, width - 1]
    rows = [int(p.group(2)) for p in parts if p] + [last_row]
    return f"{column_letter(min(cols))}{min(rows)}:{column_letter(max(cols))}{max(rows)}".encode()


def append_rows(source: Path, target: str, appends: Sequence[Append]) -> None:
    """Write to ``target`` the workbook at ``source`` with each tab's records appended: one
    file, so all tabs or none (a project row and its task rows)."""
    sheets = dict(appended_sheet(source, title, records, keys) for title, records, keys in appends)
    write_with_sheet(source, target, sheets)
