"""The zip package of a human .xlsx, for an append that changes one sheet (issue 15, item 6).

What the append needs from the other parts (the sheet's member, the date styles, the shared
strings of the header, the 1904 date system), read without changing them, and the copy of the
zip in which every member but that sheet keeps its compressed bytes, in the same order.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path

from config.errors import BackendError

# the fill of ``init``'s example row (sheets_sync/starter.py): new rows never copy it (trial8:
# tasks appended under that row came out yellow, like an example people delete)
EXAMPLE_RGB = "FFF2CC"

_STRICT = b"http://purl.oclc.org/ooxml/"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_LOCAL = struct.Struct("<4s5H3L2H")  # a zip member's local header (PKWARE APPNOTE 4.3.7)
_BUILTIN_DATES = {14: False, 15: False, 16: False, 17: False, 22: True, 27: False, 30: False,
                  36: False, 50: False, 57: False}  # fmt: skip  # built-in numFmtId -> has time


def refusal(path: Path, zh: str, en: str) -> BackendError:
    """The one-line refusal: what is unusual, that nothing was written, and the way out."""
    return BackendError(  # which rows: --dry-run lists them (trial10: "these rows" unnamed)
        f"{path}：{zh}，collabsheet 不能安全地添加行，未写入任何内容；请手工添加这些行（加 "
        "--dry-run 运行同一命令可列出它们），或处理后重新运行",
        f"{path}: {en}; collabsheet cannot append rows safely and wrote nothing: "
        "add the rows by hand (the same command with --dry-run lists them), or fix this and run "
        "again",
    )


class Package:
    """What the append reads from the workbook: the sheet's member and XML, the cell formats
    that show dates, the 1904 date system and (on demand) shared strings."""

    def __init__(self, path: Path, title: str) -> None:
        self.path = path
        try:
            with zipfile.ZipFile(path) as z:
                self._read(z, title)
        except (zipfile.BadZipFile, OSError) as exc:
            raise refusal(
                path, "不是 .xlsx 压缩包（可能设置了打开密码或已损坏），请取消密码后另存为 .xlsx",
                "not an .xlsx zip (password-protected or damaged): remove the password and "
                "save it as .xlsx",
            ) from exc  # fmt: skip
        except (ET.ParseError, KeyError, ValueError, NotImplementedError, zlib.error) as exc:
            raise refusal(
                path, f"结构不常见（{exc}），请用 Excel / WPS / LibreOffice 打开并保存一次",
                f"its structure is unusual ({exc}): open and save it once in Excel / WPS / "
                "LibreOffice",
            ) from exc  # fmt: skip

    def _read(self, z: zipfile.ZipFile, title: str) -> None:
        names = set(z.namelist())
        if any(i.flag_bits & 1 for i in z.infolist()):
            raise refusal(self.path, "压缩包已加密", "the zip is encrypted")
        book = z.read("xl/workbook.xml")
        if _STRICT in book:
            raise refusal(
                self.path, "文件是 Strict Open XML 格式，请另存为普通的 Excel 工作簿 (.xlsx)",
                "the file is Strict Open XML: save it as an ordinary Excel Workbook (.xlsx)",
            )  # fmt: skip
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): _member(r.get("Target", "")) for r in rels}
        kinds = {r.get("Type", "").rsplit("/", 1)[-1]: r.get("Id") for r in rels}
        root = ET.fromstring(book)
        pr = root.find(f"{MAIN}workbookPr")
        self.date1904 = pr is not None and pr.get("date1904", "") in ("1", "true")
        sheets = {s.get("name"): s.get(_RID) for s in root.iter(f"{MAIN}sheet")}
        self.member = targets.get(sheets.get(title), "")
        if title not in sheets or self.member not in names:
            raise refusal(
                self.path, f"没有名为 {title!r} 的工作表，请检查工作表名称",
                f"tab {title!r} not found: check the tab's title",
            )  # fmt: skip
        self.xml = z.read(self.member)
        strings, styles = targets.get(kinds.get("sharedStrings")), targets.get(kinds.get("styles"))
        self._strings = z.read(strings) if strings in names else b""
        self.date_styles: dict[int, bool] = {}  # cell format index -> its date format has a time
        self.example_styles: set[int] = set()  # cell formats filled as ``init``'s example row
        if styles in names:
            self._read_styles(ET.fromstring(z.read(styles)))

    def _read_styles(self, root: ET.Element) -> None:
        codes = {
            int(f.get("numFmtId", -1)): f.get("formatCode", "") for f in root.iter(f"{MAIN}numFmt")
        }
        fills = root.find(f"{MAIN}fills")
        marked = {
            j for j, fill in enumerate(fills if fills is not None else ())
            if any((c.get("rgb") or "").upper().endswith(EXAMPLE_RGB)
                   for c in fill.iter(f"{MAIN}fgColor"))
        }  # fmt: skip
        xfs = root.find(f"{MAIN}cellXfs")
        for i, xf in enumerate(xfs if xfs is not None else ()):
            fid = int(xf.get("numFmtId", 0))
            kind = _BUILTIN_DATES.get(fid) if fid not in codes else _date_format(codes[fid])
            if kind is not None:
                self.date_styles[i] = kind
            if int(xf.get("fillId", 0)) in marked:
                self.example_styles.add(i)

    def shared(self, wanted: set[int]) -> dict[int, str]:
        """The shared strings of these indices (parsed up to the largest)."""
        if not wanted or not self._strings:
            return {}
        out, last = {}, max(wanted)
        events = ET.iterparse(io.BytesIO(self._strings), events=("end",))
        for i, (_event, el) in enumerate(e for e in events if e[1].tag == f"{MAIN}si"):
            if i in wanted:
                parts = [el.find(f"{MAIN}t")] + [r.find(f"{MAIN}t") for r in el.iter(f"{MAIN}r")]
                out[i] = "".join(t.text or "" for t in parts if t is not None)
            if i >= last:
                break
        return out


def _member(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)


def _date_format(code: str) -> bool | None:
    """Whether a number format shows a date (None: not a date), and if so with a time."""
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code.split(";")[0]).lower()
    if "y" not in bare and "d" not in bare:
        return None
    return "h" in bare


_KEPT = ("compress_type", "CRC", "file_size", "compress_size", "external_attr", "create_system",
         "extract_version", "comment")  # fmt: skip


def write_with_sheet(source: Path, target: str, sheets: Mapping[str, bytes]) -> None:
    """Copy the zip at ``source`` to ``target``, member by member in the same order, the
    compressed bytes of every member but the ``sheets`` unchanged (sizes in the local header,
    no data descriptor), and each of those replaced by its XML; then check every member's CRC."""
    with (
        zipfile.ZipFile(source) as zin,
        open(source, "rb") as raw,
        zipfile.ZipFile(target, "w") as zout,
    ):
        zout.comment = zin.comment
        names = zin.namelist()
        for info in zin.infolist():
            if info.filename in sheets:
                new = zipfile.ZipInfo(info.filename, info.date_time)
                new.external_attr, new.create_system = info.external_attr, info.create_system
                zout.writestr(new, sheets[info.filename], compress_type=info.compress_type)
                continue
            raw.seek(info.header_offset)
            local = _LOCAL.unpack(raw.read(_LOCAL.size))
            if local[0] != b"PK\x03\x04":
                raise refusal(
                    source, f"{info.filename} 的压缩头已损坏", f"{info.filename} is damaged"
                )
            raw.seek(local[-2] + local[-1], 1)
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            for attr in _KEPT:
                setattr(copy, attr, getattr(info, attr))
            copy.flag_bits = info.flag_bits & ~0x08
            assert zout.fp is not None
            copy.header_offset = zout.fp.tell()
            zout.fp.write(copy.FileHeader())
            zout.fp.write(raw.read(info.compress_size))
            zout.start_dir = zout.fp.tell()  # as ZipFile.write does for a directory entry
            zout.filelist.append(copy)
            zout.NameToInfo[copy.filename] = copy
    with zipfile.ZipFile(target) as check:
        bad = check.testzip()
        if bad is not None or check.namelist() != names:
            raise BackendError(f"copying {source} failed at {bad}; nothing was written")
