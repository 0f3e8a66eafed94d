"""Cells of an .xlsx that hold a formula error (#DIV/0!, #REF!, #N/A, …) or a formula without
a stored result (files written by scripts, ERP exports or openpyxl: ``<f>…</f><v />``).

python-calamine reads such a cell as an empty string, which would hide the problem; this scans
the sheet XML (only when such a cell may exist at all: a few substring searches per piece, as
the XML is inflated) so the reader can put the error code (or ``NO_RESULT``) back and parsing
can report it with its cell. The same pass reads the sheet's merged ranges (after the cells,
in ``<mergeCells>``), kept from the last few MB of XML when nothing else needs the whole.
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections import deque

from sheets_sync.finding import column_index, rule

_SHEET = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(
    rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"|'
    rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"'
)
# an error cell holds t="e"; a sheet with a formula holds </f> (a shared formula's other cells,
# <f …/>, share its first cell's): no sheet without one of these needs the full scan. Two
# searches per piece: each further one costs as much as the first (~1 GB/s)
_MARKS = (b't="e"', b"</f>")
_LONGEST = max(map(len, _MARKS))
# how a formula cell without a stored result ends: no <v>, or an empty one (<v/>, <v />, <v></v>)
_NO_RESULT_MARKS = (b"</f></c>", b"/></c>", b"<v></v>")
NO_RESULT = "#NO_RESULT"  # put back in a formula cell without a stored result (sheets_sync/cell)

rule(
    "cell.formula_no_result",
    "error",
    (
        "公式没有保存计算结果：请用 Excel / WPS / LibreOffice 打开并保存一次",
        "打开并保存后重新运行；或把公式换成直接填写的值。此单元格暂按空值处理",
    ),
    (
        "formula without a stored result: open and save the file once in Excel / WPS / LibreOffice",
        "save it, then run again; or type the value instead of the formula. "
        "The cell is read as empty meanwhile",
    ),
)  # registered here, beside the scan that finds such cells
_PIECE = 1 << 18  # compressed bytes inflated at a time (a few MB of XML)
_TAIL = 1 << 23  # XML bytes kept from the end of a sheet: what follows the cells (merges, …)
_MERGE = re.compile(rb'<mergeCell\b[^>]*?\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_MERGE_MARK = b"<mergeCell"
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based)
_LOCAL = struct.Struct("<4s5H3L2H")  # a zip member's local header (PKWARE APPNOTE 4.3.7)
_ERROR = re.compile(
    rb'<c r="([A-Z]+)(\d+)"[^>]*?t="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>.*?</f>)?<v>([^<]*)</v>', re.S
)
# a formula cell whose <f> is followed by no <v>, or by an empty one, then </c>
_NO_RESULT = re.compile(rb"<c\b([^>]*)>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)(<v\s*/>|<v></v>)?</c>")
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_STR = re.compile(rb'\bt="(?:str|inlineStr)"')


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8")
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"),
                         ("&amp;", "&")):  # fmt: skip
        text = text.replace(entity, char)
    return text


def _members(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML member in the zip (from workbook.xml and its relationships)."""
    names = set(z.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    targets = {}
    for m in _REL.finditer(z.read("xl/_rels/workbook.xml.rels")):
        target, rid = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        targets[rid.decode()] = target.decode()
    out = {}
    for name, rid in _SHEET.findall(z.read("xl/workbook.xml")):
        target = targets.get(rid.decode(), "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        if member in names:
            out[_unescape(name)] = member
    return out


def _tail_without_errors(book: bytes, info: zipfile.ZipInfo) -> bytes | None:
    """The end of the sheet XML of ``info`` (from ``</sheetData>`` on: the merged ranges),
    or None when it may hold one of ``_MARKS`` and must be read whole. Inflated a piece at a
    time and searched piece by piece, so a 60 MB sheet is never held whole, nor its checksum
    computed (calamine checks it when it decodes the sheet). None when it cannot tell (not
    deflated, or more than ``_TAIL`` bytes after the cells)."""
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return None
    local = book[info.header_offset : info.header_offset + _LOCAL.size]
    if len(local) < _LOCAL.size or local[:4] != b"PK\x03\x04":
        return None
    name_len, extra_len = _LOCAL.unpack(local)[-2:]
    start = info.header_offset + _LOCAL.size + name_len + extra_len
    data = memoryview(book)[start : start + info.compress_size]
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    tail = b""  # the end of the last piece: a mark may straddle two
    last: deque[bytes] = deque()  # the last pieces, at least _TAIL bytes when there are
    held = 0
    for at in range(0, len(data) + 1, _PIECE):
        piece = inflate.decompress(data[at : at + _PIECE]) if at < len(data) else inflate.flush()
        seam = tail + piece[: _LONGEST - 1]
        if any(m in piece or m in seam for m in _MARKS):
            return None
        tail = (tail + piece)[-(_LONGEST - 1) :]
        last.append(piece)
        held += len(piece)
        while len(last) > 1 and held - len(last[0]) >= _TAIL:
            held -= len(last.popleft())
    end = b"".join(last)
    cut = end.rfind(b"</sheetData>")
    if cut < 0 and held >= _TAIL:
        return None
    return end[max(cut, 0) :]


def merge_ranges(xml: bytes) -> list[Merge]:
    """The merged ranges (``<mergeCell ref="A2:A9"/>``) of a sheet's XML, or of its end."""
    at = max(xml.rfind(b"</sheetData>"), 0)
    return [
        (int(r0) - 1, column_index(c0), int(r1) - 1, column_index(c1))
        for c0, r0, c1, r1 in _MERGE.findall(xml, at)
    ]


def _no_result(xml: bytes) -> list[tuple[int, int, str]]:
    """(0-based row, 0-based column, ``NO_RESULT``) of every formula cell without a stored
    result; an empty <v> of a text formula (t="str") is a stored result: the empty text."""
    out = []
    for m in _NO_RESULT.finditer(xml):
        attrs, empty = m.group(1), m.group(2)
        ref = _REF.search(attrs)
        if ref is None or (empty is not None and _STR.search(attrs)):
            continue
        out.append((int(ref.group(2)) - 1, column_index(ref.group(1)), NO_RESULT))
    return out


def sheet_sizes(book: bytes) -> dict[str, int]:
    """Sheet name -> the size of its XML, from the zip's directory (nothing inflated); empty
    for a file that is not a readable .xlsx zip (.ods, .xls, a damaged file)."""
    try:
        with zipfile.ZipFile(io.BytesIO(book)) as z:
            return {name: z.getinfo(member).file_size for name, member in _members(z).items()}
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return {}


def sheet_scan(book: bytes, sheet: str) -> tuple[list[tuple[int, int, str]], list[Merge]]:
    """One pass over ``sheet`` of the workbook whose file content is ``book``: (0-based row,
    0-based column, error code) of every formula error and (…, ``NO_RESULT``) of every formula
    cell without a stored result, in sheet order; and the sheet's merged ranges."""
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        member = _members(z).get(sheet)
        if member is None:
            return [], []
        end = None
        # a damaged member: let the reading below tell
        with contextlib.suppress(zlib.error, struct.error, ValueError):
            end = _tail_without_errors(book, z.getinfo(member))
        if end is not None:
            return [], merge_ranges(end) if _MERGE_MARK in end else []
        xml = z.read(member)
    formulas = _MARKS[1] in xml and any(m in xml for m in _NO_RESULT_MARKS)
    found = _no_result(xml) if formulas else []
    if _MARKS[0] in xml:
        found += [
            (int(r) - 1, column_index(c), code.decode()) for c, r, code in _ERROR.findall(xml)
        ]
        found.sort()
    return found, merge_ranges(xml) if _MERGE_MARK in xml else []


def error_cells(book: bytes, sheet: str) -> list[tuple[int, int, str]]:
    """The formula errors and formula cells without a stored result (``sheet_scan``)."""
    return sheet_scan(book, sheet)[0]
