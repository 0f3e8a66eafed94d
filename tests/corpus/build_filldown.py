"""Build ``filldown.xlsx``: the demo workbook whose 任务进度 has a helper column filled down far
below the data (``=IF(A2="","",LEN(A2))`` to row 600), saved by LibreOffice, for the
start-project test that new rows go right under the last record, not under 213 rows that only
show an empty formula result (trial10).

Run by hand, never by the tests (CI has no LibreOffice)::

    .venv/bin/python tests/corpus/build_filldown.py   # needs `soffice` (apt: libreoffice-calc)

LibreOffice stores each empty result as ``<v></v>`` (``t="str"``): the script checks it did.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build import demo, resave  # noqa: E402
from layouts import Book, Tabs, plain  # noqa: E402

FILE = "filldown.xlsx"
LAST = 600  # the helper formula's last row, far under the data


def filldown_book(tabs: Tabs) -> Book:
    """The demo, plus 任务进度 column N 辅助 = the id's length, filled down to row ``LAST``."""
    book = plain(tabs)
    ws = book.wb["任务进度"]
    ws.cell(1, 14).value = "辅助"
    for r in range(2, LAST + 1):
        ws.cell(r, 14).value = f'=IF(A{r}="","",LEN(A{r}))'
    return book


def check(path: Path) -> None:
    """The formulas are there with their stored results, the empty ones as empty strings."""
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.startswith("xl/worksheets/sheet6"))
        xml = z.read(name)
    if not re.search(rb'<c r="N%d"[^>]*><f[^>]*>[^<]*</f><v></v></c>' % LAST, xml):
        sys.exit(f"{path}: N{LAST} does not hold an empty stored result")


def main() -> None:
    resave(filldown_book(demo()), FILE, check)


if __name__ == "__main__":
    main()
