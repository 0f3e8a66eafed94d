"""The compute steps of a run write exactly the recorded bot tabs (issue 14, item 9): the
fixtures under tests/data/ were written before the SLA, KPI, case and check steps were
vectorised, so equality here proves the faster steps equivalent (every _checks, _sla,
_metrics and _case_links row, every finding, every count)."""

from __future__ import annotations

import json

import pytest

from tests.data.make_daily_tabs import CASES, dump, path, tabs


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_bot_tabs_of_the_demo_workbook_are_unchanged(name: str) -> None:
    expected = json.loads(path(name).read_text(encoding="utf-8"))
    got = json.loads(dump(tabs(name)))  # through JSON, like the fixture
    assert sorted(got) == sorted(expected)
    for key in expected:
        if key == "_metrics" or key.endswith("counts"):
            assert got[key] == expected[key], key
        else:
            assert len(got[key]) == len(expected[key]), key
            for i, (mine, theirs) in enumerate(zip(got[key], expected[key], strict=True)):
                assert mine == theirs, (key, i)
