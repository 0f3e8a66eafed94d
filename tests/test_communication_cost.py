"""沟通成本 (issue 18, item 4): the mean weekly hours of cross-department communication per
respondent, from 满意度调研's 每周跨部门沟通耗时, against the baseline quarter; target −35%.
Every value below is counted by hand from ``SURVEY``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from config.defaults import TAB_TITLES
from config.schema import TABS
from config.settings import KpiSettings, Settings
from jobs.kpis.baselines import baselines_of
from jobs.kpis.measures import KpiValue, measure
from jobs.kpis.quarters import Quarter
from jobs.kpis.targets import threshold
from sheets_sync.demo import generate
from sheets_sync.workbook import parse_workbook
from tests.support.workbooks import base, parse

TODAY = dt.date(2026, 11, 27)
KEYS = ["response_id", "quarter", "dept_id", "clarity", "smoothness", "communication",
        "weekly_comm_h"]  # fmt: skip
SURVEY = [
    KEYS,
    # 2026Q3, the baseline quarter: 10 and 8 (S3 leaves the hours empty) -> 18 / 2 = 9
    ["S1", "2026Q3", "D01", 4, 4, 4, 10],
    ["S2", "2026-Q3", "D02", 3, 4, 3, 8],
    ["S3", "2026Q3", "D03", 4, 4, 4, None],
    # 2026Q4, the latest quarter: 6 + 5.5 + 7 + 4.5 (a row without 答卷编号) = 23 / 4 = 5.75
    ["S4", "2026年第4季度", "D01", 5, 4, 4, 6],
    ["S5", "2026Q4", "D02", 4, 4, 5, 5.5],
    ["S6", "2026年四季度", "D03", 4, 5, 4, "7"],
    [None, "2026Q4", "D04", 4, 4, 4, 4.5],
    # never counted: a rating missing, hours out of range (a finding), a quarter that cannot be
    # read, a quarter after today's
    ["S7", "2026Q4", "D01", 4, None, 4, 3],
    ["S8", "2026Q4", "D02", 4, 4, 4, 81],
    ["S9", "2026年秋", "D03", 4, 4, 4, 2],
    ["S10", "2027Q1", "D04", 4, 4, 4, 1],
]


def _book(survey: list[list[Any]]) -> Any:
    raw = base()
    raw[TAB_TITLES["survey"]] = survey
    return parse(raw)


def _cost(baseline: float | None = None, survey: list[list[Any]] = SURVEY) -> KpiValue:
    kpis = KpiSettings(baselines={"communication_cost": baseline} if baseline else {})
    return measure(_book(survey), pd.DataFrame(), kpis, TODAY, "communication_cost")


def test_the_latest_quarter_by_hand() -> None:
    v = _cost()
    assert (v.value, v.numerator, v.denominator) == (5.75, 23.0, 4)
    assert v.keys == ("S4", "S5", "S6", "2026Q4:D04:8")
    assert v.target == -0.35


@pytest.mark.parametrize(
    ("baseline", "met"),
    [
        (9.0, True),  # 9 x 0.65 = 5.85 >= 5.75
        (8.0, False),  # 8 x 0.65 = 5.2 < 5.75
        (5.75 / 0.65, True),  # exactly on the target: met (targets.TOLERANCE)
    ],
)
def test_against_the_baseline(baseline: float, met: bool) -> None:
    v = _cost(baseline)
    assert (v.value, v.baseline, v.met, v.reason) == (5.75, baseline, met, None)
    assert threshold("communication_cost", v.target, baseline) == pytest.approx(baseline * 0.65)


def test_without_a_baseline_it_needs_one() -> None:
    v = _cost()
    assert v.met is None and v.reason is not None
    assert v.reason.text() == (
        "需要基线：用 collabsheet metrics --baseline 2026Q1 从表格中算出基线，核对后写入配置的 "
        "[baselines] communication_cost"
    )


def test_the_baseline_quarter_from_the_sheets() -> None:
    got = {b.kpi: b for b in baselines_of(_book(SURVEY), pd.DataFrame(), Quarter(2026, 3))}
    b = got["communication_cost"]
    assert (b.value, b.count) == (9.0, 2)
    assert b.toml() == (
        'communication_cost = { value = 9.0, period = "2026Q3", '
        'source = "collabsheet metrics --baseline 2026Q3, 2 rows" }'
    )


def test_hours_out_of_range_are_a_finding_at_their_cell() -> None:
    found = [(f.cell, f.rule, f.value) for f in _book(SURVEY).findings if f.tab == "满意度调研"]
    assert ("G10", "number.range", 81) in found


@pytest.mark.parametrize(
    ("survey", "reason"),
    [
        # the survey tab as it was before the question: no column
        ([[k for k in KEYS if k != "weekly_comm_h"],
          *[[c for j, c in enumerate(r) if KEYS[j] != "weekly_comm_h"] for r in SURVEY[1:]]],
         "「满意度调研」中没有最近一季填写了每周跨部门沟通耗时的答卷"),
        # nobody answered the question this quarter (only an earlier quarter did)
        ([KEYS, ["S1", "2026Q3", "D01", 4, 4, 4, 10], ["S4", "2026Q4", "D01", 4, 4, 4, None]],
         "「满意度调研」中没有最近一季填写了每周跨部门沟通耗时的答卷"),
    ],
)  # fmt: skip
def test_na_says_why(survey: list[list[Any]], reason: str) -> None:
    v = _cost(9.0, survey)
    assert (v.value, v.numerator, v.denominator, v.met) == (None, None, 0, None)
    assert v.reason is not None and v.reason.text() == reason


def test_the_demo_asks_the_hours_and_they_fall_quarter_by_quarter() -> None:
    """The demo: 4-12 h, about 10 in its first quarter and about 6 now (the values are the
    demo's own, seeded): the KPI meets −35% against 2026Q1."""
    wb = parse_workbook(generate(TODAY, seed=7), Settings())
    assert "weekly_comm_h" in [c.key for c in TABS["survey"].columns]
    means = [measure(wb, pd.DataFrame(), KpiSettings(), dt.date(2026, 3 * q, 28),
                     "communication_cost").value for q in (1, 2, 3)]  # fmt: skip
    now = measure(wb, pd.DataFrame(), KpiSettings(), TODAY, "communication_cost")
    hours = [h for h in wb["survey"].column("weekly_comm_h") if h is not None]
    assert min(hours) >= 4 and max(hours) <= 12
    assert means == sorted(means, reverse=True) and means[-1] > now.value  # type: ignore[operator]
    first = baselines_of(wb, pd.DataFrame(), Quarter(2026, 1))
    base_q1 = next(b for b in first if b.kpi == "communication_cost").value
    kpis = KpiSettings(baselines={"communication_cost": base_q1})  # type: ignore[dict-item]
    assert measure(wb, pd.DataFrame(), kpis, TODAY, "communication_cost").met is True


def test_hours_given_through_the_survey_form_count_once_per_respondent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form's hours go into 满意度调研; a respondent who answers again counts once, with
    the later hours (P01: 12, then 4). By hand: P01 4 + P05 6.5 = 10.5 / 2 = 5.25 (P06 leaves
    the hours empty; the two typed answers of the book give none)."""
    from jobs.run.cli import main
    from jobs.run.survey_answer import answer_survey
    from jobs.survey.tokens import Ticket, sign
    from tests.support.survey_book import CLOSE, OPENED, PEOPLE, QUARTER, SECRET, make_book

    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path)
    wb = openpyxl.load_workbook(book.settings.path)
    ws = wb[TAB_TITLES["survey"]]
    ws.cell(1, ws.max_column + 1, "每周跨部门沟通耗时")  # the column, as the starter writes it
    wb.save(book.settings.path)
    opened = ["survey", "open", QUARTER, "--close", str(CLOSE), "--at",
              f"{OPENED:%Y-%m-%d %H:%M}", "--config", str(book.config), "-q"]  # fmt: skip
    assert main(opened) == 0
    given = [("P01", 12.0), ("P05", 6.5), ("P06", None), ("P01", 4.0)]
    for i, (person, hours) in enumerate(given):
        answer = {"clarity": 4, "smoothness": 4, "communication": 4, "weekly_comm_h": hours}
        token = sign(Ticket(person, PEOPLE[person], QUARTER, CLOSE), SECRET)
        answer_survey(book.settings, book.reopen(), token, answer, OPENED + dt.timedelta(hours=i))
    rows = book.survey_rows()
    col = rows[0].index("每周跨部门沟通耗时")
    assert [r[col] for r in rows[-4:]] == [12, 6.5, "", 4]  # "": the cell left empty
    wb2 = parse_workbook(book.reopen().read(), book.settings)
    v = measure(wb2, pd.DataFrame(), KpiSettings(), CLOSE, "communication_cost")
    assert (v.value, v.numerator, v.denominator) == (5.25, 10.5, 2)
    assert v.keys == ("2026Q4-P05-r1", "2026Q4-P01-r2")
