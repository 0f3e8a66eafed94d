"""The links of a run's suggestions are computed once (jobs.cases.recurrence.links gives the
last result again for the same tables and the same suggestions list), and never for others:
another list, or another workbook, computes afresh."""

from __future__ import annotations

import dataclasses

from config.settings import Settings
from jobs.cases.recurrence import links
from jobs.cases.suggestions import suggestions
from sheets_sync.workbook import parse_workbook
from tests.support.demo import Tabs


def test_links_are_reused_only_for_the_same_tables_and_suggestions(demo_tabs: Tabs) -> None:
    wb = parse_workbook(demo_tabs, Settings())
    found = suggestions(wb)
    first = links(wb, found)
    assert first and links(wb, found) == first
    assert links(wb, found) is not links(wb, found)  # a caller's list to keep
    assert links(wb, list(found)) == first  # an equal list: computed again, the same links
    # other suggestions (none accepted): typed links only, not the last result
    fewer = [dataclasses.replace(s, accepted=False) for s in found]
    assert {x.source for x in first} == {"person", "match"}
    assert {x.source for x in links(wb, fewer)} == {"person"}
    other = parse_workbook(demo_tabs, Settings())
    assert links(other, found) == first and links(wb, None) == first
