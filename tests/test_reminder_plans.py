"""The reminder planner on the demo workbook sends exactly the recorded messages (issue 14,
item 9): the fixtures under tests/data/ were written by the per-person planner before its
grouped rewrite, so equality here proves the rewrite equivalent (keys, channels, recipients,
subjects, sections, items, mentions, covers, and their order)."""

from __future__ import annotations

import json

import pytest

from tests.data.make_reminder_plans import CASES, dump, path, planned


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_plan_of_the_demo_workbook_is_unchanged(name: str) -> None:
    expected = json.loads(path(name).read_text(encoding="utf-8"))
    got = json.loads(dump(planned(name)))  # through JSON: tuples as lists, like the fixture
    assert [m["key"] for m in got] == [m["key"] for m in expected]
    for mine, theirs in zip(got, expected, strict=True):
        assert mine == theirs, mine["key"]
