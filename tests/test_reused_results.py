"""What a daily run asks for twice is computed once, and never given for other inputs: the
links of a run's suggestions (jobs.cases.recurrence.links: the same tables and the same list)
and the survey's answers (jobs.kpis.survey_scores.answers: the same table and quarter)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from config.settings import Settings
from jobs.cases.recurrence import links
from jobs.cases.suggestions import suggestions
from jobs.kpis.survey_scores import answers
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


def test_answers_are_reused_only_for_the_same_table_and_quarter(demo_tabs: Tabs) -> None:
    wb = parse_workbook(demo_tabs, Settings())
    day = dt.date(2026, 11, 27)
    first = answers(wb, day)
    assert first and answers(wb, day) == first and answers(wb, day) is not answers(wb, day)
    earlier = answers(wb, dt.date(2026, 3, 31))  # 2026Q1: the later quarters left out
    assert earlier and max(a.quarter for a in earlier) < max(a.quarter for a in first)
    assert answers(wb, day) == first
    survey = demo_tabs["满意度调研"]
    other = parse_workbook({**demo_tabs, "满意度调研": survey[:1] + survey[2:]}, Settings())
    assert len(answers(other, day)) == len(first) - 1  # another table: read afresh


def test_what_is_kept_goes_with_its_tables(demo_tabs: Tabs) -> None:
    """Nothing of a run outlives its workbook: the kept answers and links are let go with it."""
    import gc

    from jobs.cases import recurrence
    from jobs.kpis import survey_scores

    wb = parse_workbook(demo_tabs, Settings())
    found = suggestions(wb)
    assert links(wb, found) and answers(wb, dt.date(2026, 11, 27))
    assert recurrence._last is not None and survey_scores._last is not None
    del wb, found
    gc.collect()
    assert recurrence._last is None and survey_scores._last is None
