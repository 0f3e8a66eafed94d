"""The workbook ``survey import`` tests import into, and the committed form-tool exports.

The base workbook (``tests.support.workbooks``) with the demo company's eight departments (the
names the exports in ``tests/corpus/`` use) and two survey answers of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from config.defaults import TAB_TITLES
from config.schema import TABS
from sheets_sync.demo_company import DEPTS
from tests.support.workbooks import base

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EXPORTS = ("survey_wjx.xlsx", "survey_tencent.csv", "survey_feishu.xlsx", "survey_google.csv")
SURVEY = TAB_TITLES["survey"]


def import_book(hours_column: bool = True) -> dict[str, list[list[Any]]]:
    """Tab title -> rows: the base workbook, the demo's departments, a survey tab with (or
    without) the weekly hours column."""
    raw = base()
    head = raw[TAB_TITLES["departments"]][0]
    raw[TAB_TITLES["departments"]] = [head] + [
        [dept_id, name, "P01", "P07", "email", "是"] for dept_id, name, *_ in DEPTS
    ]
    keys = [c.key for c in TABS["survey"].columns]
    if not hours_column:
        keys.remove("weekly_comm_h")
    survey = [keys]
    for rid, dept, hours in (("S1", "D01", 9.5), ("S2", "D02", None)):
        row = {"response_id": rid, "quarter": "2026Q3", "dept_id": dept, "clarity": 4,
               "smoothness": 4, "communication": 4, "weekly_comm_h": hours}  # fmt: skip
        survey.append([row.get(k) for k in keys])
    raw[SURVEY] = survey
    return raw
