"""``deliver`` on a repeat daily run of the demo workbook plans, announces and reports exactly
the recorded messages (issue 14, item 9): the fixtures under tests/data/ were written before
the planner was made faster, so equality proves it byte-identical (keys, channels, recipients,
subjects, sections, item texts, mentions, covers, their order, and the findings)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.data.make_repeat_plans import CASES, dump, path, repeated


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_repeat_run_plans_and_reports_what_was_recorded(name: str, tmp_path: Path) -> None:
    expected = json.loads(path(name).read_text(encoding="utf-8"))
    got = json.loads(dump(repeated(name, tmp_path)))  # through JSON, like the fixture
    assert list(got) == list(expected)
    for part, theirs in expected.items():
        mine = got[part]
        assert [m.get("key") for m in mine if isinstance(m, dict)] == [
            m.get("key") for m in theirs if isinstance(m, dict)
        ], part
        for a, b in zip(mine, theirs, strict=True):
            assert a == b, (part, a.get("key") if isinstance(a, dict) else a)
