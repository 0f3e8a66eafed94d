"""Every finding and every typed value of the parsed demo workbook, with odd cells planted, as
JSON: the characterization fixture of reading and parsing (tests/test_parsed_demo.py).

    .venv/bin/python tests/data/make_parsed_demo.py

Regenerate only on purpose: the fixture is the proof that a faster parser reads the same
workbook to the same tables and findings. It was first written by the cell-by-cell parser,
before the whole-column rewrite. Two reads of one workbook are recorded:

* ``xlsx``: the demo, with odd values planted in one cell in eight, written by openpyxl and
  read back through ``XlsxBackend`` (python-calamine types; error cells put back by the scan);
* ``plain``: the same rows as a plain mapping, the way Google or memory hand them over (rows
  cut after their last value, blank cells None, blank rows), plus values a file cannot hold
  (NaN, infinity, a time zone).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from config.settings import settings_from_dict
from sheets_sync.demo import generate
from sheets_sync.workbook import Workbook, parse_workbook
from sheets_sync.xlsx import XlsxBackend, write_xlsx

FIXTURE = Path(__file__).resolve().parent / "parsed_demo.json"
TODAY = dt.date(2026, 11, 27)
# what people (and files) put into cells: blanks, spaces, full-width forms, failed formulas,
# formula text, numbers as text and text as numbers, dates typed every way, lists of ids
ODD: tuple[Any, ...] = (
    "", "  ", " x ", "ＡＢ１２", " D01", "D01 ", "#N/A", "#REF!", " #DIV/0! ", "=SUM(A1)",
    "1001", 1001.0, 3.5, -2.0, 0.0, 1e20, True, False, "是", "no", "1,234.5", "１２", "1 2",
    "abc", "2026/1/2", "2026年1月2日 8:30", "2026-13-40", 45000.0, 45000.25, 0.5, 100.0,
    dt.datetime(2026, 3, 4, 5, 6, 7), dt.date(2026, 3, 4), dt.time(8, 30), "x" * 50_001,
    "P001、P002；P003", "Ｄ０１, D02", "done", "完成", "TODO ", "\tP002\n",
)  # fmt: skip
ODD_PLAIN: tuple[Any, ...] = (
    None, float("nan"), float("inf"), dt.datetime(2026, 3, 4, 5, 6, tzinfo=dt.UTC), 7, -1,
)  # fmt: skip


def planted(seed: int = 11) -> dict[str, list[list[Any]]]:
    """The demo workbook with an odd value in about one data cell in eight."""
    rng = random.Random(seed)
    tabs = generate(TODAY, seed=7)
    depts = tabs["部门"]  # the 通知群 column came after the fixture: left out, so it still holds
    where = depts[0].index("通知群")
    tabs["部门"] = [row[:where] + row[where + 1 :] for row in depts]
    people = tabs["人员"]  # so did the chat ids (飞书ID, 企业微信ID, Slack ID) after 启用
    where = people[0].index("飞书ID")
    tabs["人员"] = [row[:where] for row in people]
    disputes = tabs["权责争议"]  # and 协商记录, the last column of 权责争议
    where = disputes[0].index("协商记录")
    tabs["权责争议"] = [row[:where] for row in disputes]
    for rows in tabs.values():
        for row in rows[1:]:
            for j in range(len(row)):
                if rng.random() < 0.125:
                    row[j] = rng.choice(ODD)
    return tabs


def plain(tabs: dict[str, list[list[Any]]], seed: int = 12) -> dict[str, list[list[Any]]]:
    """``tabs`` as a Google read looks: blank cells None, rows cut after their last value, a
    few blank rows; plus values only a plain mapping holds."""
    rng = random.Random(seed)
    out: dict[str, list[list[Any]]] = {}
    for title, rows in tabs.items():
        new = []
        for row in rows:
            cells = [None if v == "" else v for v in row]
            if len(new) > 1 and rng.random() < 0.05:
                cells[rng.randrange(len(cells))] = rng.choice(ODD_PLAIN)
            while cells and cells[-1] is None:
                cells.pop()
            new.append(cells)
            if len(new) > 1 and rng.random() < 0.02:
                new.append(rng.choice(([], [None, ""], ["  "])))
        out[title] = new
    return out


def shown(value: Any) -> str:
    """``repr(value)`` (its type shows); a long one by its start, length and digest."""
    text = repr(value)
    if len(text) <= 200:
        return text
    return f"{text[:40]}… {len(text)} chars, sha256 {hashlib.sha256(text.encode()).hexdigest()}"


def described(wb: Workbook) -> dict[str, Any]:
    """Findings and tables as JSON-able values, every value ``shown``."""
    return {
        "findings": [[f.tab, f.cell, shown(f.value), f.rule, f.params] for f in wb.findings],
        "tables": {
            key: {
                "title": t.title,
                "rows": list(t.rows),
                "positions": dict(t.positions),
                "columns": {k: [shown(v) for v in vs] for k, vs in t.columns.items()},
                "skipped": [{k: shown(v) for k, v in s.items()} for s in t.skipped],
            }
            for key, t in wb.tables.items()
        },
    }


def parsed() -> dict[str, Any]:
    """Both reads of the planted demo workbook, described."""
    settings = settings_from_dict({})
    tabs = planted()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.xlsx"
        write_xlsx(path, tabs)
        from_file = described(parse_workbook(XlsxBackend(path).read(), settings))
    return {"xlsx": from_file, "plain": described(parse_workbook(plain(tabs), settings))}


def dump(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def main() -> None:
    value = parsed()
    FIXTURE.write_text(dump(value), encoding="utf-8")
    for name, read in value.items():
        print(f"{name}: {len(read['findings'])} findings")


if __name__ == "__main__":
    main()
