"""Build ``chart_formulas.xlsx``: the demo workbook with formulas and charts, saved by LibreOffice,
for the start-project test that nothing but the appended rows changes (issue 15, item 6).

Run by hand, never by the tests (CI has no LibreOffice)::

    .venv/bin/python tests/corpus/build_chart.py      # needs `soffice` (apt: libreoffice-calc)

From the demo workbook (``generate(2026-11-27, seed=7)``, as tests/corpus/build.py), laid out
with openpyxl, then opened and saved by LibreOffice headless so the bytes are LibreOffice's:

* the formulas of ``formulas.xlsx`` without error values: 人员 启用 as ``=TRUE()`` /
  ``=FALSE()``, 流程模板 完成时限 from 响应时限, 复盘 整改期限 = 复盘时间 + 1;
* 任务进度 部门编号 of 14 tasks as ``=VLOOKUP(F2,人员!$A$2:$C$41,3,0)`` (the assignee's
  department, the value typed there before);
* a tab 统计 with COUNTIF formulas over 任务进度 状态 and a bar chart of them, and a line chart
  of the first 30 step numbers on 任务进度 itself (a drawing on a sheet the rows go to).

LibreOffice stores every formula's result, so a correct reader loads the same values as the
demo's. The script checks that the charts and the cached results survived LibreOffice's save.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from openpyxl.chart import BarChart, LineChart, Reference

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build import demo, resave  # noqa: E402
from layouts import Book, Tabs, formulas  # noqa: E402

FILE = "chart_formulas.xlsx"
VLOOKUPS = 14
STATUSES = ("待办", "进行中", "受阻", "已完成")


def chart_book(tabs: Tabs) -> Book:
    """The formulas of ``formulas.xlsx`` (no error values), VLOOKUPs in 任务进度 and two charts."""
    book = formulas(tabs, errors=False)
    wb = book.wb
    people = {r[0]: r[2] for r in tabs["人员"][1:]}
    last_person = len(tabs["人员"])
    ws = wb["任务进度"]
    done = 0
    for r in range(2, ws.max_row + 1):
        if done < VLOOKUPS and people.get(ws.cell(r, 6).value) == ws.cell(r, 5).value:
            ws.cell(r, 5).value = f"=VLOOKUP(F{r},人员!$A$2:$C${last_person},3,0)"
            done += 1
    line = LineChart()
    line.title = "步骤序号"
    line.add_data(Reference(ws, min_col=3, min_row=1, max_row=31), titles_from_data=True)
    ws.add_chart(line, "O2")
    stats = wb.create_sheet("统计")
    stats.append(["状态", "任务数"])
    for status in STATUSES:
        stats.append([status, f'=COUNTIF(任务进度!$K$2:$K${ws.max_row},"{status}")'])
    bar = BarChart()
    bar.title = "任务状态"
    bar.add_data(Reference(stats, min_col=2, min_row=1, max_row=5), titles_from_data=True)
    bar.set_categories(Reference(stats, min_col=1, min_row=2, max_row=5))
    stats.add_chart(bar, "D2")
    book.layouts["统计"] = book.layouts["部门"]
    return book


def check(path: Path) -> None:
    """The charts and the formulas' stored results survived LibreOffice's save."""
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        if len(charts) != 2:
            sys.exit(f"{path}: {len(charts)} charts after LibreOffice's save, expected 2")
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    for needle in (b"VLOOKUP(", b"FALSE()", b"COUNTIF("):
        if needle not in xml:
            sys.exit(f"{path}: no {needle.decode()} formula after LibreOffice's save")
    if b"</f></c>" in xml:
        sys.exit(f"{path}: a formula without a stored result")


def main() -> None:
    resave(chart_book(demo()), FILE, check)


if __name__ == "__main__":
    main()
