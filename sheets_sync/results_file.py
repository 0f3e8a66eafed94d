"""The results file (``NAME.bot.xlsx``): whether a file is one collabsheet wrote, whether it is
whole, and the dated fallback files written beside it while it is locked.

collabsheet writes a results file only over a results file of its own: each carries the custom
document property ``collabsheet = results`` (sheets_sync/xlsx_writer.py); a file written by an
older version has no marker but only bot tabs (titles starting with ``_``) and counts as ours.
A file that is damaged (cut short by a failed copy, a part that does not inflate or decode) is
set aside under a new name, never overwritten, and rebuilt by the next write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import zipfile
from pathlib import Path

from config.errors import BackendError, WorkbookLockedError

MARKER = ("collabsheet", "results")  # custom document property: name, value
_SHEET_NAME = re.compile(rb'<sheet\b[^>]*\bname="([^"]*)"')


class ResultsLockedError(WorkbookLockedError):
    """The results file ``path`` stayed locked (open in an office program, not replaceable)."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class NotResultsFileError(BackendError):
    """``bot_path`` names a file collabsheet did not create: never written over."""


def intact(path: Path) -> bool:
    """Whether every part of the zip inflates with a good CRC and every sheet's XML is whole."""
    try:
        with zipfile.ZipFile(path) as book:
            for info in book.infolist():
                data = book.read(info)  # checks the CRC: BadZipFile when it does not match
                sheet = info.filename.startswith("xl/worksheets/") and info.filename[-4:] == ".xml"
                if sheet and not data.rstrip().endswith(b"</worksheet>"):
                    return False
    except Exception:  # OSError, BadZipFile, zlib.error, EOFError: not whole
        return False
    return True


def opens(path: Path) -> bool:
    """Whether the zip opens and names its sheets: the quick test on every read (a copy cut
    short has no central directory). A part damaged inside a whole zip is found when it is
    decoded (``XlsxBackend.write`` then sets the file aside); ``intact`` checks every byte."""
    try:
        with zipfile.ZipFile(path) as book:
            return bool(_SHEET_NAME.findall(book.read("xl/workbook.xml")))
    except Exception:  # OSError, BadZipFile, KeyError, zlib.error: not a whole workbook
        return False


def is_ours(path: Path) -> bool:
    """Whether ``path`` (a whole .xlsx) carries the marker, or holds only bot tabs (a results
    file written before the marker existed)."""
    try:
        with zipfile.ZipFile(path) as book:
            names = set(book.namelist())
            if "docProps/custom.xml" in names:
                custom = book.read("docProps/custom.xml")
                name, value = MARKER
                if f'name="{name}"'.encode() in custom and f">{value}<".encode() in custom:
                    return True
            titles = _SHEET_NAME.findall(book.read("xl/workbook.xml"))
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return bool(titles) and all(t.startswith(b"_") for t in titles)


def refuse_human(path: Path) -> NotResultsFileError:
    """The one line for a ``bot_path`` that is somebody's workbook."""
    return NotResultsFileError(
        f"[workbook] bot_path = {path}：这不是 collabsheet 生成的结果文件（没有标记，且含有"
        "非 _ 开头的表），collabsheet 不会覆盖它；请把 bot_path 改为一个新文件名（或删除该项"
        "以使用默认的 NAME.bot.xlsx）",
        f"{path} is not a results file collabsheet created "
        "(no marker, and it has tabs not starting with _); collabsheet never writes over it: "
        "set [workbook] bot_path to a new file name, or remove the key to use the default "
        "NAME.bot.xlsx",
    )


def fallbacks(path: Path) -> list[Path]:
    """The dated fallback files beside ``path``, oldest first (the name sorts by time)."""
    pattern = re.compile(
        re.escape(path.stem) + r"\.\d{4}-\d\d-\d\dT\d{4}(?:\d\d)?(?:-\d+)?" + re.escape(path.suffix)
    )
    if not path.parent.is_dir():
        return []
    return sorted(p for p in path.parent.iterdir() if pattern.fullmatch(p.name))


def fallback_path(path: Path, now: dt.datetime) -> Path:
    """A new dated file beside ``path``: ``demo.bot.2026-11-27T0900.xlsx`` (then …-2, …-3)."""
    stem = f"{path.stem}.{now:%Y-%m-%dT%H%M}"
    candidate = path.with_name(f"{stem}{path.suffix}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{stem}-{n}{path.suffix}")
    return candidate


def set_aside(path: Path) -> Path:
    """Rename a damaged results file out of the way (kept for a person to look at)."""
    n, target = 1, path.with_name(f"{path.stem}.damaged{path.suffix}")
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.damaged-{n}{path.suffix}")
    with contextlib.suppress(FileNotFoundError):
        path.rename(target)
    return target


def locked_line(path: Path, fallback: Path) -> str:
    """The one line when the results went to the fallback file: Chinese first, then English."""
    return (
        f"结果文件 {path} 被占用（可能在 Excel / WPS / LibreOffice 中打开），本次结果已写入 "
        f"{fallback}；关闭 {path.name} 后下次运行会自动合并并删除该文件 / results file {path} is "
        f"locked (open in an office program?); this run's results went to {fallback}, which the "
        f"next run merges back and removes once {path.name} is closed"
    )
