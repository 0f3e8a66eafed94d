"""Build ``negotiation.xlsx``: the demo workbook with 权责争议's 协商记录 typed as people type
it, saved by LibreOffice, for the test that the column is read and shown to management
(issue 19, item 4; tests/test_negotiation_corpus.py).

Run by hand, never by the tests (CI has no LibreOffice)::

    .venv/bin/python tests/corpus/build_negotiation.py   # needs `soffice` (apt: libreoffice-calc)

From the demo workbook (``generate(2026-11-27, seed=7)``, as tests/corpus/build.py): its
协商记录 column as the demo fills it, except the cells of ``TYPED``: one step per line
(Alt+Enter in the cell, wrapped), with leading and trailing blanks and a full-width space, as
people paste them from a chat. Opened and saved by LibreOffice headless, so the bytes are
LibreOffice's; the script checks that the typed cells survived the save.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build import demo, resave  # noqa: E402
from layouts import Book, Tabs, plain  # noqa: E402

FILE = "negotiation.xlsx"
TAB, COLUMN = "权责争议", "协商记录"
# dispute id -> the 协商记录 typed in its cell (DS0006: escalated, past its window)
TYPED = {
    "DS0006": "  03-11 产品部提出按项目轮流负责，研发部需请示负责人\n"
              "03-13　研发部负责人不同意轮流\n03-16 研发部提交管理层裁决  ",
    "DS0015": "",  # the newest open dispute: nobody wrote anything yet
}  # fmt: skip


def negotiation_book(tabs: Tabs) -> Book:
    """The demo's tabs, 协商记录 of ``TYPED`` as typed, those cells wrapped."""
    book = plain(tabs)
    ws = book.wb[TAB]
    header = [c.value for c in ws[1]]
    col = header.index(COLUMN) + 1
    for r in range(2, ws.max_row + 1):
        text = TYPED.get(ws.cell(r, 1).value)
        if text is not None:
            ws.cell(r, col).value = text or None
            ws.cell(r, col).alignment = Alignment(wrap_text=True, vertical="top")
    return book


def check(path: Path) -> None:
    """The typed cells survived LibreOffice's save with their line breaks (it stores them as
    rich text, one run per font: 　 and the CJK characters get Noto Sans CJK)."""
    ws = openpyxl.load_workbook(path, rich_text=False)[TAB]
    col = [c.value for c in ws[1]].index(COLUMN) + 1
    typed = {ws.cell(r, 1).value: ws.cell(r, col).value or "" for r in range(2, ws.max_row + 1)}
    for dispute, text in TYPED.items():
        if typed.get(dispute) != text:
            sys.exit(f"{path}: {dispute}'s 协商记录 reads {typed.get(dispute)!r} after the save")


def main() -> None:
    resave(negotiation_book(demo()), FILE, check)


if __name__ == "__main__":
    main()
