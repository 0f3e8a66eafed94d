"""Cells of an .xlsx that hold a formula error (#DIV/0!, #REF!, #N/A, …).

python-calamine reads such a cell as an empty string, which would hide the problem; this scans
the sheet XML (only when an error cell exists at all: one substring search per sheet, as the
XML is inflated) so the reader can put the error code back and parsing can report it with its
cell.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib

_SHEET = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(
    rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"|'
    rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"'
)
_MARK = b't="e"'
_PIECE = 1 << 18  # compressed bytes inflated at a time (a few MB of XML)
_LOCAL = struct.Struct("<4s5H3L2H")  # a zip member's local header (PKWARE APPNOTE 4.3.7)
_ERROR = re.compile(
    rb'<c r="([A-Z]+)(\d+)"[^>]*?t="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>.*?</f>)?<v>([^<]*)</v>', re.S
)


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8")
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"),
                         ("&amp;", "&")):  # fmt: skip
        text = text.replace(entity, char)
    return text


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


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


def _may_hold_errors(book: bytes, info: zipfile.ZipInfo) -> bool:
    """Whether the sheet XML of ``info`` holds ``t="e"``: inflated a piece at a time and
    searched piece by piece, so a 60 MB sheet is never held whole, nor its checksum computed
    (calamine checks it when it decodes the sheet). True when it cannot tell (not deflated)."""
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return True
    local = book[info.header_offset : info.header_offset + _LOCAL.size]
    if len(local) < _LOCAL.size or local[:4] != b"PK\x03\x04":
        return True
    name_len, extra_len = _LOCAL.unpack(local)[-2:]
    start = info.header_offset + _LOCAL.size + name_len + extra_len
    data = memoryview(book)[start : start + info.compress_size]
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    tail = b""  # the end of the last piece: the mark may straddle two
    for at in range(0, len(data) + 1, _PIECE):
        piece = inflate.decompress(data[at : at + _PIECE]) if at < len(data) else inflate.flush()
        if _MARK in piece or _MARK in tail + piece[: len(_MARK) - 1]:
            return True
        tail = (tail + piece)[-(len(_MARK) - 1) :]
    return False


def error_cells(book: bytes, sheet: str) -> list[tuple[int, int, str]]:
    """(0-based row, 0-based column, error code) of every formula error in ``sheet`` of the
    workbook whose file content is ``book``."""
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        member = _members(z).get(sheet)
        if member is None:
            return []
        try:
            if not _may_hold_errors(book, z.getinfo(member)):
                return []
        except (zlib.error, struct.error, ValueError):
            pass  # a damaged member: let the reading below tell
        xml = z.read(member)
    if _MARK not in xml:
        return []
    return [(int(row) - 1, _column(col), code.decode()) for col, row, code in _ERROR.findall(xml)]
