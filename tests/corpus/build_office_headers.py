"""Build ``office_headers.xlsx``: the demo workbook with the headers offices type (trial20),
saved by LibreOffice, for tests/test_office_headers.py:

* 任务进度: a header of two rows, 时间节点 merged over 交接时间 / 响应时间 / 到期日 / 完成时间
  in the row under it, the other headers merged down both rows; 负责人 for 执行人; a note
  under the data (``制表人：张阳``);
* 人员: 工号 / 员工姓名 / 部门 / 电子邮箱 for 人员编号 / 姓名 / 部门编号 / 邮箱.

Run by hand, never by the tests (CI has no LibreOffice)::

    .venv/bin/python tests/corpus/build_office_headers.py   # needs `soffice`
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build import demo, resave  # noqa: E402
from layouts import Book, Tabs, plain  # noqa: E402

FILE = "office_headers.xlsx"
GROUP = {"G": "交接时间", "H": "响应时间", "I": "到期日", "J": "完成时间"}
NOTE = "制表人：张阳"
PEOPLE = {"A1": "工号", "B1": "员工姓名", "C1": "部门", "D1": "电子邮箱"}


def office_book(tabs: Tabs) -> Book:
    """The demo laid out as above."""
    book = plain(tabs)
    ws = book.wb["任务进度"]
    assert [c.value for c in ws[1]][5:10] == [
        "执行人",
        "交接时间",
        "响应时间",
        "截止时间",
        "完成时间",
    ]
    ws.insert_rows(2)
    ws["F1"] = "负责人"
    for col, label in GROUP.items():
        ws[f"{col}1"] = "时间节点" if col == "G" else None
        ws[f"{col}2"] = label
    for col in "ABCDEFKLM":
        ws.merge_cells(f"{col}1:{col}2")
    ws.merge_cells("G1:J1")
    last = ws.max_row
    ws.cell(last + 2, 1).value = NOTE
    people = book.wb["人员"]
    assert [people[c].value for c in PEOPLE] == ["人员编号", "姓名", "部门编号", "邮箱"]
    for cell, label in PEOPLE.items():
        people[cell] = label
    return book


def check(path: Path) -> None:
    """LibreOffice kept the merges of the two header rows and the group name."""
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.startswith("xl/worksheets/sheet6"))
        xml = z.read(name)
    if b'ref="G1:J1"' not in xml or b'ref="A1:A2"' not in xml:
        sys.exit(f"{path}: the header merges are not there")


def main() -> None:
    resave(office_book(demo()), FILE, check)


if __name__ == "__main__":
    main()
