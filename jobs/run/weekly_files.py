"""The weekly meeting pack's files: each pack as Word, HTML and xlsx in the week's folder,
written atomically, and the folder's ``index.json`` the dashboard's 周报 page reads."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from config.errors import BackendError
from jobs.notify import redact
from jobs.weekly.pack import Pack

FORMATS = ("docx", "html", "xlsx")
INDEX = "index.json"  # the week folder's list of packs (dashboard/views/weekly_page.py reads it)


def file_name(p: Pack, fmt: str) -> str:
    """周例会材料_2026-W50_管理层.docx, 周例会材料_2026-W50_D01_研发部.xlsx."""
    who = p.name if p.key == "management" else f"{p.key}_{p.name}"
    stem = re.sub(r'[\\/:*?"<>|\s]+', "-", f"周例会材料_{p.week}_{who}")
    return f"{stem}.{fmt}"


def _write(path: Path, data: bytes) -> None:
    """Atomically: a temp file beside it, then renamed over it; a folder that cannot be
    written is one error naming it and the fix."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        raise BackendError(
            f"无法写入周例会材料 {path}：{exc.strerror or exc}；请检查文件夹是否可写，"
            "并确认文件没有在 Word 或 WPS 中打开，或设置 [weekly] folder",
            f"cannot write the weekly pack {path}: {exc.strerror or exc}; check that the folder "
            "is writable (and the file not open in Word or WPS), or set [weekly] folder",
        ) from exc


def write_packs(folder: Path, packs: Sequence[Pack], now: dt.datetime) -> list[dict[str, Any]]:
    """Each pack as .docx, .html and .xlsx (its item lists) in ``folder``, then ``index.json``."""
    from jobs.handbook.docx_render import render_docx
    from jobs.handbook.html_render import render_html
    from sheets_sync.xlsx import write_bot_workbook

    out = []
    for p in packs:
        files = {f: file_name(p, f) for f in FORMATS}
        _write(folder / files["docx"], render_docx(p.document))
        _write(folder / files["html"], render_html(p.document).encode("utf-8"))
        sheets: dict[str, list[list[Any]]] = {
            name: [list(t.header), *([redact(v) if isinstance(v, str) else v for v in r]
                                     for r in t.rows)] for name, t in p.sheets}  # fmt: skip
        # xlsxwriter, constant memory (sheets_sync/xlsx_writer.py): every row of every list
        write_bot_workbook(folder / files["xlsx"], sheets)
        out.append({"key": p.key, "name": p.name, "title": p.document.title, "files": files,
                    "counts": dict(p.counts)})  # fmt: skip
    index = {"week": packs[0].week if packs else "", "at": f"{now:%Y-%m-%d %H:%M}", "packs": out}
    _write(folder / INDEX, json.dumps(index, ensure_ascii=False, indent=1).encode("utf-8"))
    return out
