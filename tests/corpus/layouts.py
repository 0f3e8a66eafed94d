"""Sheets laid out as office staff lay them out, for the real-software corpus (tests/corpus/
build.py): title rows, merged cells, annotated or shuffled headers, formulas, hidden rows and
columns, comments and dropdowns, each tab's ``Layout`` kept so the expected cells can follow."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

Tabs = dict[str, list[list[Any]]]


@dataclass
class Layout:
    """Where the original cells went: rows above the header and the column order."""

    offset: int = 0
    columns: list[int] | None = None  # new position k holds original column columns[k]


@dataclass
class Book:
    """An openpyxl workbook being laid out, with the layout of each tab."""

    wb: Any = field(default_factory=openpyxl.Workbook)
    layouts: dict[str, Layout] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.wb.remove(self.wb.active)

    def tab(self, title: str, rows: list[list[Any]], banner: str | None = None,
            blank: bool = False, order: list[int] | None = None,
            rename: dict[str, str] | None = None) -> Worksheet:  # fmt: skip
        """Write one tab: an optional title row merged across (``banner``), an optional blank
        row under it, the columns in ``order``, header labels renamed by ``rename``."""
        ws = self.wb.create_sheet(title)
        width = len(rows[0])
        layout = Layout(columns=order)
        if banner:
            ws.append([banner])
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
            ws["A1"].font = openpyxl.styles.Font(bold=True, size=14)
            layout.offset = 1
            if blank:
                ws.append([None])
                layout.offset = 2
        cols = order or list(range(width))
        for i, row in enumerate(rows):
            values = [row[j] if j < len(row) else None for j in cols]
            if i == 0 and rename:
                values = [rename.get(v, v) for v in values]
            ws.append(values)
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # a typed "=", not a formula
        self.layouts[title] = layout
        return ws


def plain(tabs: Tabs, **banners: Any) -> Book:
    """Every tab as it is; ``banners``: title -> (title row text, blank row under it)."""
    book = Book()
    for title, rows in tabs.items():
        text, blank = banners.get(title, (None, False))
        book.tab(title, rows, text, blank)
    return book


def title_every_tab(tabs: Tabs) -> Book:
    return plain(tabs, **{t: (f"{t}（2026年第四季度）", i % 2 == 1) for i, t in enumerate(tabs)})


def merged(tabs: Tabs) -> Book:
    """A project id merged down its tasks, a department over its people, a template id over
    its steps: the covered cells are empty, as when people merge them in Calc or Excel."""
    book = plain(tabs)
    for title, col in (("任务进度", 2), ("人员", 3), ("流程模板", 1)):
        ws = book.wb[title]
        start = 2
        for r in range(3, ws.max_row + 2):
            if r > ws.max_row or ws.cell(r, col).value != ws.cell(start, col).value:
                if r - 1 > start:
                    ws.merge_cells(start_row=start, start_column=col, end_row=r - 1, end_column=col)
                    ws.cell(start, col).alignment = openpyxl.styles.Alignment(vertical="center")
                start = r
    return book


NOTES = {"截止时间": "截止时间（计划）", "负责部门": "负责部门(R)", "响应时限": "响应时限（小时）",
         "完成时限": "完成时限（小时）"}  # fmt: skip
LAYOUT = {"任务编号": "任务\n编号", "部门名称": "部门　名称", "项目名称": "项目 名称",
          "姓名": "姓　名"}  # fmt: skip


def header_notes(tabs: Tabs) -> Book:
    book = Book()
    for title, rows in tabs.items():
        book.tab(title, rows, rename=NOTES)
    return book


def header_layout(tabs: Tabs) -> Book:
    """Newlines and full-width spaces in headers; the columns of 人员 and 协作项目 shuffled."""
    book = Book()
    for title, rows in tabs.items():
        n = len(rows[0])
        order = list(reversed(range(n))) if title in ("人员", "协作项目") else None
        if title == "任务进度":
            order = [1, 0, *range(2, n)]
        book.tab(title, rows, order=order, rename=LAYOUT)
    return book


ERROR_CELLS = {"任务进度": {("I", 10): "=1/0", ("D", 11): '=VLOOKUP("不存在",$A$1:$A$2,1,0)'}}


def formulas(tabs: Tabs, errors: bool = True) -> Book:
    """Formulas that give the original values (people's active flags as TRUE()/FALSE(), done
    hours from response hours, action due = held on + 1 day) and, with ``errors``, two
    formulas that fail (#DIV/0! in a deadline, #N/A in a step name)."""
    book = plain(tabs)
    ws = book.wb["人员"]
    for r in range(2, ws.max_row + 1):
        if isinstance(ws.cell(r, 7).value, bool):
            ws.cell(r, 7).value = "=TRUE()" if ws.cell(r, 7).value else "=FALSE()"
    ws = book.wb["流程模板"]
    for r in range(2, ws.max_row + 1):
        resp, done = ws.cell(r, 10).value, ws.cell(r, 11).value
        if isinstance(resp, int | float) and isinstance(done, int | float):
            ws.cell(r, 11).value = f"=J{r}*2" if done == 2 * resp else f"=J{r}+{done - resp:g}"
    ws = book.wb["复盘"]
    for r in range(2, ws.max_row + 1):
        held, due = ws.cell(r, 3).value, ws.cell(r, 10).value
        if isinstance(held, dt.datetime) and due == held + dt.timedelta(days=1):
            ws.cell(r, 10).value = f"=C{r}+1"
            ws.cell(r, 10).number_format = "yyyy-mm-dd hh:mm"
    if errors:
        for (col, r), formula in ERROR_CELLS["任务进度"].items():
            book.wb["任务进度"][f"{col}{r}"] = formula
    return book


def sheet_features(tabs: Tabs) -> Book:
    """Hidden rows and columns, an autofilter, comments and data-validation dropdowns."""
    book = plain(tabs)
    ws = book.wb["任务进度"]
    for r in (5, 6, 7, 40):
        ws.row_dimensions[r].hidden = True
    ws.column_dimensions["L"].hidden = True
    ws.auto_filter.ref = f"A1:M{ws.max_row}"
    ws["A1"].comment = Comment("任务编号由项目负责人分配", "协调组")
    ws["K20"].comment = Comment("等待财务确认", "张三")
    status = DataValidation(type="list", formula1='"待办,进行中,受阻,已完成"', allow_blank=True)
    status.add(f"K2:K{ws.max_row}")
    dept = DataValidation(type="list", formula1="'部门'!$A$2:$A$9", allow_blank=True)
    dept.add(f"E2:E{ws.max_row}")
    ws.add_data_validation(status)
    ws.add_data_validation(dept)
    book.wb["人员"].row_dimensions[3].hidden = True
    book.wb["人员"].column_dimensions["D"].hidden = True
    return book
