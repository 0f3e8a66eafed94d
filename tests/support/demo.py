"""The demo workbook most tests run on: ``generate(DEMO_DAY, seed=7)``, generated once per
session and handed out as a fresh copy (the ``demo_tabs`` and ``demo_xlsx`` fixtures)."""

from __future__ import annotations

import copy
import datetime as dt
import functools
from pathlib import Path
from typing import Any

from sheets_sync.demo import generate

DEMO_DAY = dt.date(2026, 11, 27)  # a Friday, a working day
Tabs = dict[str, list[list[Any]]]


@functools.cache
def _demo() -> Tabs:
    return generate(DEMO_DAY, seed=7)


def new_demo_tabs() -> Tabs:
    """A fresh copy of the demo workbook's tabs: a test may change it."""
    return copy.deepcopy(_demo())


def write_demo(path: Path) -> Path:
    """The demo workbook written as the xlsx file ``path``; returns ``path``."""
    from sheets_sync.xlsx import write_xlsx

    write_xlsx(path, new_demo_tabs())
    return path
