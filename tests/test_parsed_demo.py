"""Reading and parsing the demo workbook, odd cells planted, gives exactly the recorded tables
and findings (issue 14, item 9): the fixture under tests/data/ was written by the cell-by-cell
parser before the whole-column rewrite, so equality here proves the rewrite equivalent (every
finding with its tab, cell, value, rule and parameters, in order; every typed value with its
type; the sheet rows, column positions and the rows left out)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.data.make_parsed_demo import FIXTURE, dump, parsed

EXPECTED = json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def got() -> dict[str, Any]:
    """Both reads, parsed now, through JSON like the fixture."""
    return dict(json.loads(dump(parsed())))


@pytest.mark.parametrize("read", sorted(EXPECTED))
def test_the_findings_are_unchanged(got: dict[str, Any], read: str) -> None:
    assert got[read]["findings"] == EXPECTED[read]["findings"]


@pytest.mark.parametrize("read", sorted(EXPECTED))
def test_the_typed_tables_are_unchanged(got: dict[str, Any], read: str) -> None:
    tables, expected = got[read]["tables"], EXPECTED[read]["tables"]
    assert list(tables) == list(expected)
    for key in expected:
        for part in ("title", "rows", "positions", "skipped"):
            assert tables[key][part] == expected[key][part], (key, part)
        for column, values in expected[key]["columns"].items():
            assert tables[key]["columns"][column] == values, (key, column)
