"""Build the real-software test corpus (issue 15): workbooks as office staff make them.

Run by hand, never by the tests (CI has no LibreOffice)::

    .venv/bin/python tests/corpus/build.py          # needs `soffice` (apt: libreoffice-calc)

Each variant starts from the demo workbook (``generate(2026-11-27, seed=7)``), is laid out with
openpyxl the way people lay out sheets (title rows, merges, annotated headers, formulas, hidden
rows, ...: tests/corpus/layouts.py) and is then opened and saved again by LibreOffice headless,
so the committed bytes are LibreOffice's (``formulas_no_cache.xlsx`` alone is openpyxl's:
formulas without stored results are what scripts and exports write). ``manifest.json`` says, per
file, what a correct reader must load (rows per tab of the original data) and which findings it
must report (the original's, moved to the cells of the variant's layout).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from layouts import (  # noqa: E402
    ERROR_CELLS,
    Book,
    Layout,
    Tabs,
    formulas,
    header_layout,
    header_notes,
    merged,
    plain,
    sheet_features,
    title_every_tab,
)

from config.settings import Settings  # noqa: E402
from jobs.checks.validation import validate  # noqa: E402
from jobs.reminders.destinations import sheet_findings  # noqa: E402
from sheets_sync.demo import generate  # noqa: E402
from sheets_sync.finding import a1  # noqa: E402
from sheets_sync.workbook import parse_workbook  # noqa: E402

TITLES = {"任务进度": "2026年第四季度任务进度表", "权责争议": "权责争议登记表（2026年）"}
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1"  # comma, quote, UTF-8, first line


def demo() -> Tabs:
    """The demo workbook's tabs with lists of ids joined as people type them."""
    tabs = generate(dt.date(2026, 11, 27), seed=7)
    return {t: [[_plain(v) for v in row] for row in rows] for t, rows in tabs.items()}


def _plain(v: Any) -> Any:
    return "、".join(map(str, v)) if isinstance(v, tuple) else v


@dataclass(frozen=True)
class Variant:
    file: str
    what: str
    build: Callable[[Tabs], Book]
    lo: bool = True  # re-saved by LibreOffice (else the openpyxl bytes are committed)
    only: str | None = None  # a single tab (csv)
    extra: tuple[tuple[str, str, str], ...] = ()  # findings besides the original's


_ERR = tuple((t, f"{c}{r}", "cell.error") for t, cells in ERROR_CELLS.items() for c, r in cells)
VARIANTS = (
    Variant("plain.xlsx", "round trip of the demo workbook, saved by LibreOffice", plain),
    Variant("title_tasks.xlsx", "任务进度 (required tab): a merged title row above the header",
            lambda t: plain(t, 任务进度=(TITLES["任务进度"], False))),
    Variant("title_blank_tasks.xlsx", "任务进度: a title row and a blank row above the header",
            lambda t: plain(t, 任务进度=(TITLES["任务进度"], True))),
    Variant("title_disputes.xlsx", "权责争议 (optional tab): a merged title row above the header",
            lambda t: plain(t, 权责争议=(TITLES["权责争议"], False))),
    Variant("title_blank_disputes.xlsx", "权责争议: a title row and a blank row above the header",
            lambda t: plain(t, 权责争议=(TITLES["权责争议"], True))),
    Variant("title_every_tab.xlsx", "a title row on every tab (a blank row under it on every "
            "second tab)", title_every_tab),
    Variant("merged.xlsx", "merged cells: project id down its tasks, department over its "
            "people, template id over its steps", merged),
    Variant("header_notes.xlsx", "headers with bracketed notes: 截止时间（计划）, 负责部门(R), "
            "响应时限（小时）, 完成时限（小时）", header_notes),
    Variant("header_layout.xlsx", "headers with newlines and full-width spaces; shuffled columns "
            "in 人员, 协作项目 and 任务进度", header_layout),
    Variant("formulas.xlsx", "formulas with stored results (TRUE()/FALSE(), =J2*2, =C2+1) and two "
            "error values (#DIV/0! at 任务进度!I10, #N/A at 任务进度!D11)", formulas, extra=_ERR),
    Variant("formulas_no_cache.xlsx", "the same formulas, no error values, WITHOUT stored results "
            "(written by openpyxl, as scripts and ERP exports do)",
            lambda t: formulas(t, errors=False), lo=False),
    Variant("sheet_features.xlsx", "hidden rows and columns, an autofilter, comments and "
            "data-validation dropdowns", sheet_features),
    Variant("demo.ods", "the demo workbook saved as OpenDocument (.ods)", plain),
    Variant("demo.xls", "the demo workbook saved as Excel 97-2003 (.xls)", plain),
    Variant("tasks.csv", "one tab (任务进度) saved as CSV (UTF-8)", plain, only="任务进度"),
)  # fmt: skip


def expected(tabs: Tabs, data: Tabs, book: Book, variant: Variant) -> dict[str, Any]:
    """Rows per tab and findings (tab, cell, rule) a correct reader reports for the file
    (of the tabs in ``data``: the csv holds one)."""
    wb = parse_workbook(tabs, Settings())
    # what ``validate`` lists: the checks, and what delivery finds in the sheets (trial18)
    every = validate(wb) + sheet_findings(tabs, wb, Settings().channels)
    found = [f for f in every if f.severity != "info" and f.tab in data]
    moved = []
    for f in found:
        layout = book.layouts.get(f.tab, Layout())
        col = openpyxl.utils.column_index_from_string("".join(c for c in f.cell if c.isalpha()))
        row = int("".join(c for c in f.cell if c.isdigit()))
        col = layout.columns.index(col - 1) if layout.columns else col - 1
        moved.append([f.tab, a1(col, row + layout.offset), f.rule, f.severity])
    moved += [[t, c, r, "error"] for t, c, r in variant.extra]
    merges, formula_cells = [], []
    for ws in book.wb.worksheets:
        offset = book.layouts[ws.title].offset
        merges += [[ws.title, m.coord] for m in ws.merged_cells.ranges if m.min_row > offset]
        formula_cells += [[ws.title, c.coordinate] for row in ws.iter_rows() for c in row
                          if c.data_type == "f"]  # fmt: skip
    return {
        "data_rows": {t: len(rows) - 1 for t, rows in data.items()},
        "loaded": {t.title: len(t) for t in wb.tables.values() if t.title in data},
        "header_row": {t: lay.offset + 1 for t, lay in book.layouts.items()},
        "findings": sorted(moved),
        "merges": merges,  # merged ranges below the header: one info finding each
        "formula_cells": formula_cells,
        "exit": {"validate": 2, "daily": 2} if variant.only else {"validate": 1, "daily": 0},
    }


def soffice(src: Path, target: str, outdir: Path) -> Path:
    """Open ``src`` in LibreOffice headless and save it as ``target`` into ``outdir``."""
    profile = outdir / "lo-profile"
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
         "--convert-to", target, "--outdir", str(outdir), str(src)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return outdir / f"{src.stem}.{target.split(':')[0]}"


def resave(book: Book, file: str, check: Callable[[Path], None], into: Path = HERE) -> Path:
    """``book`` opened and saved by LibreOffice headless as the xlsx file ``into/file``, once
    ``check`` (which exits naming what went wrong) accepted LibreOffice's save; says its size."""
    if shutil.which("soffice") is None:
        sys.exit("soffice not found: apt-get install libreoffice-calc")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        src = work / "in" / file
        src.parent.mkdir()
        book.wb.save(src)
        out = soffice(src, "xlsx", work)
        check(out)
        shutil.copyfile(out, into / file)
    print(f"{file}: {(into / file).stat().st_size} bytes (LibreOffice {_lo_version()})")
    return into / file


def main() -> None:
    if shutil.which("soffice") is None:
        sys.exit("soffice not found: apt-get install libreoffice-calc")
    tabs = demo()
    manifest: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for v in VARIANTS:
            data = {v.only: tabs[v.only]} if v.only else tabs
            book = v.build(data)
            stem, fmt = v.file.rsplit(".", 1)
            src = work / "in" / f"{stem}.xlsx"
            src.parent.mkdir(exist_ok=True)
            book.wb.save(src)
            out = soffice(src, CSV_FILTER if fmt == "csv" else fmt, work) if v.lo else src
            shutil.copyfile(out, HERE / v.file)
            writer = "LibreOffice " + _lo_version() if v.lo else "openpyxl"
            found = expected(tabs, data, book, v)
            manifest[v.file] = {"what": v.what, "written_by": writer, **found}
            print(f"{v.file}: {(HERE / v.file).stat().st_size} bytes ({writer})")
    (HERE / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def _lo_version() -> str:
    out = subprocess.run(["soffice", "--version"], capture_output=True, text=True).stdout
    return out.split()[1] if out.split()[1:] else "?"


if __name__ == "__main__":
    main()
