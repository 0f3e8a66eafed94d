"""Every KPI of the plan on a workbook counted by hand (tests/support/kpi_book.py), at two
moments: value, numerator and denominator written out here, with the rows behind them.

Wall-clock hours throughout (the book's settings), so each elapsed time below is a plain
difference of two cells. The SLA goals: responses as the template step says (T2:2 has none:
the config's 24 h), completions 48 / 120 / 48 h (T1) and 24 h (T2:1), 40 h (T2:2, config),
disputes 48 h, actions 24 h.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from config.defaults import KPI_DEFAULTS
from config.errors import ConfigError
from config.settings import load_settings
from jobs.checks.validation import validate
from jobs.kpis.baselines import baselines_of
from jobs.kpis.measures import KpiValue, metrics
from jobs.kpis.quarters import Quarter, parse_quarter
from jobs.kpis.step_times import baseline_lines, period_steps, step_times
from jobs.kpis.survey_scores import DimensionScore, dimension_scores
from jobs.kpis.targets import is_met
from jobs.run.cli import main
from jobs.sla.status import sla_of
from sheets_sync.workbook import Workbook, parse_workbook
from sheets_sync.xlsx import write_xlsx
from tests.support.kpi_book import KPIS, M1, M2, SETTINGS, kpi_book


def _values(now: dt.datetime) -> dict[str, KpiValue]:
    wb = parse_workbook(kpi_book(), SETTINGS)
    sla = sla_of(wb, SETTINGS.sla_section, now).result
    return {v.kpi: v for v in metrics(wb, sla, KPIS, now.date())}


@pytest.fixture(scope="module")
def at_m1() -> dict[str, KpiValue]:
    return _values(M1)


@pytest.fixture(scope="module")
def at_m2() -> dict[str, KpiValue]:
    return _values(M2)


def _shortfall(value: float, goal: float, higher: bool) -> float:
    """How far from the threshold, relative to it, at most 100% (docs/metrics.md)."""
    return min(max((goal - value) if higher else (value - goal), 0.0) / goal, 1.0)


# (value, numerator, denominator, met) by hand; keys where they are short enough to list.
# Responses (hours): K1 2, K2 28 (late), K3 1, K4 1, K5 12, K6 3, K7 6 (late, goal 4), K8 1,
# K9 1; K10 open since 11-17 09:00, due 11-18 09:00: 243 h at M1, 411 h at M2; K12 handed off
# 12-01 09:00: not yet due at M1, 75 h and past due at M2; K11 is in a cancelled project.
# Completions / approvals: K1 24, K2 72, K4 24, K5 192 (late), K6 24, K7 24, K8 24, K9 24;
# K3 open since 11-06 09:00, due 11-08: 507 h at M1, 675 h at M2; K10 due 11-28 18:00 (typed):
# not yet due at M1, 411 h at M2; K12 due 12-03 09:00: 75 h at M2.
# Disputes: DS1 96 h and DS2 52 h (both late), DS3 open past 11-22 14:00.
# Actions: R1 18 h (met), R3 48 h (late), R2 open since 10-21 10:00: 890 h at M1, 1058 h at M2.
SHORT_M1 = [  # every other KPI's shortfall at M1, in KPI order (None: no verdict)
    _shortfall(0.8, 0.98, True),  # measure_coverage
    _shortfall(0.2, 0.05, False),  # delay_rate
    _shortfall(27.0, 12.0, False),  # cycle_time: baseline 20 x 0.6
    0.0,  # response_time 2.5 <= 8.5
    _shortfall(0.6, 0.65, True),  # compliance
    _shortfall(0.5, 0.05, False),  # dispute_rate
    _shortfall(0.25, 0.03, False),  # major_dispute_rate
    _shortfall(0.2, 0.03, False),  # omission_rate
    _shortfall(48.0, 24.0, False),  # rectification_cycle
    0.0,  # resolution_rate 0.6667 >= 0.6
    _shortfall(0.5, 0.05, False),  # recurrence_rate
    _shortfall(0.6667, 0.9, True),  # satisfaction
    0.0,  # startup_time 2.3333 <= 3
    _shortfall(24.0, 18.0, False),  # process_time: baseline 30 x 0.6
    _shortfall(0.63, 0.6, False),  # process_time_by_step: median of the steps' shares
    _shortfall(3.3333, 4.2, True),  # communication_efficiency: baseline 3 x 1.4
    _shortfall(6.75, 6.5, False),  # communication_cost: baseline 10 x 0.65
    _shortfall(0.2, 0.03, False),  # info_omission_rate
    _shortfall(0.3333, 0.99, True),  # team_compliance
]
SHORT_M2 = list(SHORT_M1)
SHORT_M2[1] = _shortfall(0.4, 0.05, False)  # PJ4's target date 11-30 has passed
SHORT_M2[4] = _shortfall(0.5357, 0.65, True)
SHORT_M2[3] = 0.0  # response_time 3.0 <= 8.5
SHORT_M2[14] = _shortfall(3.0488, 0.6, False)  # capped at 1
SHORT_M2[17] = _shortfall(0.1818, 0.03, False)

HAND: dict[str, dict[str, tuple[Any, ...]]] = {
    "M1": {
        # steps T1:1..3 and T2:1 have a matrix row and hours; T2:2 neither
        "measure_coverage": (0.8, 4, 5, False),
        "omission_rate": (0.2, 1, 5, False),
        # PJ1, PJ2 (closed 10-10 > 09-30), PJ3, PJ4 (due 11-30), PJ6; PJ5 cancelled
        "delay_rate": (0.2, 1, 5, False),
        # PJ2 09-01 -> 10-10 = 39 d, PJ3 10-05 -> 10-20 = 15 d: median 27 > 20 x 0.6
        "cycle_time": (27.0, None, 2, False),
        # 1 1 1 1 2 | 3 6 12 28 243: median (2 + 3) / 2; 2.5 <= 10 x 0.85
        "response_time": (2.5, None, 10, True),
        # met: 7 responses (K1 K3 K4 K5 K6 K8 K9) + 7 completions (K1 K2 K4 K6 K7 K8 K9) + R1;
        # due: 10 responses + 9 completions (K3 breached) + 3 disputes + 3 actions
        "compliance": (0.6, 15, 25, False),
        # window 08-29 < day <= 11-27: DS2, DS3 (DS1 raised 08-29 is out: 90 days, not 91);
        # projects under way: PJ1, PJ4 active, PJ2 and PJ3 closed in the window
        "dispute_rate": (0.5, 2, 4, False),
        "major_dispute_rate": (0.25, 1, 4, False),
        # R1 18, R3 48, R2 open past due 890: median 48
        "rectification_cycle": (48.0, None, 3, False),
        # done: R1 R3 DS1 DS2 of R1 R2 R3 DS1 DS2 DS3; 0.6667 >= 0.5 x 1.2
        "resolution_rate": (0.6667, 4, 6, True),
        # R1 and R3 repeat C1 (first seen 09-15); R2 has no case; R4's C2 is first seen that day
        "recurrence_rate": (0.5, 2, 4, False),
        # 2026Q4 (S3 S4 S5; S7 "Q4 2026" unreadable, S8 2027Q1 to come): means 4, 4, 3.67
        "satisfaction": (0.6667, 2, 3, False),
        # PJ1 10-30 15:00 -> 11-02 09:00 = 2.75 d, PJ2 4 d, PJ3 10-03 11:00 -> 10-05 09:00 =
        # 1 d 22 h = 1.91666… d, PJ4 0 d: median (1.91666… + 2.75) / 2 = 2.33333…
        "startup_time": (2.3333, None, 4, True),
        # 24 24 24 24 24 | 24 72 192 507: median 24 > 30 x 0.6
        "process_time": (24.0, None, 9, False),
        # per step, median hours / the step's baseline (docs/metrics.md; T2:1 has none):
        # T1:1 K1 24, K4 24 -> 24 / 48 = 0.5; T1:2 K2 72, K5 192 -> 132 / 200 = 0.66;
        # T1:3 K6 24, K3 507 -> 265.5 / 40 = 6.6375; T2:2 K8 24 (K10 not yet due) -> 24 / 40 =
        # 0.6; median of 0.5 0.6 | 0.66 6.6375 = 0.63 > 0.6
        "process_time_by_step": (0.63, None, 4, False),
        # 2026Q4 沟通效率 ratings 4 + 2 + 4 = 10 over 3 < 3 x 1.4
        "communication_efficiency": (3.3333, 10.0, 3, False),
        # 2026Q4 weekly hours S3 6 + S4 7.5 = 13.5 over 2 (S5 gives none) > 10 x 0.65
        "communication_cost": (6.75, 13.5, 2, False),
        # handed off by 11-27 (K1..K10, not K11 cancelled, not K12 to come): K8 (no due_at and
        # T2:2 has no hours) and K9 (no assignee)
        "info_omission_rate": (0.2, 2, 10, False),
        # D1 5/8, D2 2/5, D3 8/12: only D3 (0.667) meets 0.65
        "team_compliance": (0.3333, 1, 3, False),
        "target_deviation": (
            round(round(sum(SHORT_M1), 4) / 19, 4),
            round(sum(SHORT_M1), 4),
            19,
            False,
        ),
    },
}
HAND["M2"] = {
    **HAND["M1"],
    "delay_rate": (0.4, 2, 5, False),
    # + K12 75 and K10 411: 1 1 1 1 2 3 | 6 12 28 75 411: median 3
    "response_time": (3.0, None, 11, True),
    # + K12 response, K10 and K12 completions due (breached)
    "compliance": (0.5357, 15, 28, False),
    # window 09-05 < day <= 12-04: DS2 DS3; projects PJ1 PJ4 PJ2 PJ3
    # R2 now 1058 h: median still 48
    # + K10 411, K12 75: 24 x6, 72, 75, 192, 411, 675: median 24
    "process_time": (24.0, None, 11, False),
    # T1:1 + K12 75 -> median 24 (0.5); T1:3 K3 675 -> 349.5 / 40 = 8.7375; T2:2 + K10 411
    # -> 217.5 / 40 = 5.4375: median of 0.5 0.66 | 5.4375 8.7375 = 3.04875
    "process_time_by_step": (3.0488, None, 4, False),
    # + K12 handed off 12-01 (T1:1 has done hours): 2 of 11
    "info_omission_rate": (0.1818, 2, 11, False),
    # D2 now 2/8; D3 still the only one
    "target_deviation": (
        round(round(sum(SHORT_M2), 4) / 19, 4),
        round(sum(SHORT_M2), 4),
        19,
        False,
    ),
}


@pytest.mark.parametrize("moment", ["M1", "M2"])
@pytest.mark.parametrize("kpi", list(KPI_DEFAULTS))
def test_every_kpi_by_hand(
    kpi: str, moment: str, at_m1: dict[str, KpiValue], at_m2: dict[str, KpiValue]
) -> None:
    v = (at_m1 if moment == "M1" else at_m2)[kpi]
    assert (v.value, v.numerator, v.denominator, v.met) == HAND[moment][kpi]


def test_the_rows_behind(at_m1: dict[str, KpiValue], at_m2: dict[str, KpiValue]) -> None:
    assert at_m1["dispute_rate"].keys == ("DS2", "DS3", "PJ1", "PJ2", "PJ3", "PJ4")
    assert at_m1["satisfaction"].keys == ("S3", "S4", "S5")
    assert at_m1["team_compliance"].keys == ("D1", "D2", "D3")
    assert sorted(at_m1["info_omission_rate"].keys) == sorted(f"K{i}" for i in range(1, 11))
    assert sorted(at_m1["rectification_cycle"].keys) == ["R1", "R2", "R3"]
    assert "K12" in at_m2["info_omission_rate"].keys


def test_communication_cost_counts_the_answers_giving_the_hours(
    at_m1: dict[str, KpiValue],
) -> None:
    """S5 leaves the hours empty; S7 (unreadable quarter) and S8 (a quarter to come) give some
    that count nowhere (tests/test_communication_cost.py: why it is n/a without any)."""
    assert at_m1["communication_cost"].keys == ("S3", "S4")


def test_a_relative_kpi_without_a_baseline_needs_one() -> None:
    wb = parse_workbook(kpi_book(), SETTINGS)
    sla = sla_of(wb, SETTINGS.sla_section, M1).result
    settings = SETTINGS.kpi_section  # no [baselines]: nothing is assumed
    got = {v.kpi: v for v in metrics(wb, sla, settings, M1.date())}
    v = got["cycle_time"]
    assert (v.value, v.baseline, v.met) == (27.0, None, None)  # measured, but no verdict
    assert v.reason is not None
    assert v.reason.text("zh-CN").startswith("需要基线")
    assert "collabsheet metrics --baseline" in v.reason.text("zh-CN")
    assert v.reason.text("en").startswith("needs a baseline")


@pytest.mark.parametrize(
    ("text", "quarter"),
    [
        ("2026Q4", Quarter(2026, 4)),
        ("2026q4", Quarter(2026, 4)),
        ("2026-Q4", Quarter(2026, 4)),
        ("2026 Q1", Quarter(2026, 1)),
        ("2026年第4季度", Quarter(2026, 4)),
        ("2026年第四季度", Quarter(2026, 4)),
        ("2026年四季度", Quarter(2026, 4)),
        ("2026年二季度", Quarter(2026, 2)),
        ("Q4 2026", None),
        ("2026Q5", None),
        ("2026年第5季度", None),
        ("四季度", None),
        ("", None),
    ],
)
def test_one_quarter_parser(text: str, quarter: Quarter | None) -> None:
    assert parse_quarter(text) == quarter


def test_validation_uses_the_same_parser() -> None:
    wb = parse_workbook(kpi_book(), SETTINGS)
    bad = [(f.cell, f.value) for f in validate(wb) if f.rule == "survey.quarter"]
    assert bad == [("B8", "Q4 2026")]  # S3 S5 S6's Chinese forms pass; S7 does not


def test_each_dimension_per_department_and_quarter() -> None:
    wb: Workbook = parse_workbook(kpi_book(), SETTINGS)
    assert dimension_scores(wb, M1.date()) == [
        DimensionScore("2026Q3", "D1", 1, 5.0, 4.0, 4.0),
        DimensionScore("2026Q3", "D2", 1, 3.0, 3.0, 3.0),
        DimensionScore("2026Q3", "D3", 1, 2.0, 3.0, 3.0),
        DimensionScore("2026Q4", "D1", 1, 4.0, 4.0, 4.0),
        DimensionScore("2026Q4", "D2", 1, 5.0, 5.0, 2.0),
        DimensionScore("2026Q4", "D3", 1, 3.0, 4.0, 4.0),
    ]


def test_satisfied_at_is_configurable() -> None:
    wb = parse_workbook(kpi_book(), SETTINGS)
    sla = sla_of(wb, SETTINGS.sla_section, M1).result
    kpis = type(KPIS)(KPIS.targets, KPIS.baselines, KPIS.baseline_sources, satisfied_at=3.5)
    got = {v.kpi: v for v in metrics(wb, sla, kpis, M1.date())}
    # S5's mean 3.67 now counts as satisfied too
    sat = got["satisfaction"]
    assert (sat.value, sat.numerator, sat.denominator) == (1.0, 3, 3)


@pytest.mark.parametrize(
    ("kpi", "value", "target", "baseline", "met"),
    [
        ("major_dispute_rate", 0.03, 0.03, None, True),  # 3%以下 includes 3% (民法典 第1259条)
        ("major_dispute_rate", 0.0301, 0.03, None, False),
        ("major_dispute_rate", 0.0299, 0.03, None, True),
        ("resolution_rate", 0.72, 0.20, 0.6, True),  # exactly +20% (0.7199999… in floats)
        ("resolution_rate", 0.7199, 0.20, 0.6, False),
        ("cycle_time", 18.0, -0.40, 30.0, True),  # exactly 60% of the baseline
        ("compliance", 0.98, 0.98, None, True),
        ("cycle_time", 18.0, -0.40, None, None),  # no baseline: no verdict
    ],
)
def test_targets_with_a_tolerance(
    kpi: str, value: float, target: float, baseline: float | None, met: bool | None
) -> None:
    assert is_met(kpi, value, target, baseline) is met


def test_baselines_from_a_period_of_the_sheets() -> None:
    """``metrics --baseline 2026Q4`` as of 2026-12-31 23:59 (nothing changes after M2)."""
    wb = parse_workbook(kpi_book(), SETTINGS)
    end = dt.datetime(2026, 12, 31, 23, 59)
    sla = sla_of(wb, SETTINGS.sla_section, end).result
    got = {b.kpi: b for b in baselines_of(wb, sla, Quarter(2026, 4))}
    # projects closed in Q4: PJ2 (39 d), PJ3 (15 d)
    assert (got["cycle_time"].value, got["cycle_time"].count) == (27.0, 2)
    # responses handed off in Q4: K1 2, K2 28, K3 1, K7 6, K8 1, K9 1, K10 (open since 11-17
    # 09:00: 1071 h at 12-31 23:59), K12 (735 h): 1 1 1 2 | 6 28 735 1071 -> (2 + 6) / 2 = 4
    assert (got["response_time"].value, got["response_time"].count) == (4.0, 8)
    # actions and disputes raised in Q4: R1 R2 R3 DS2 DS3: done R1 R3 DS2
    assert (got["resolution_rate"].value, got["resolution_rate"].count) == (0.6, 5)
    # Q4's 沟通效率 ratings 4 2 4
    assert got["communication_efficiency"].value == 3.3333
    # Q4's weekly hours 6 and 7.5 (S5 gives none)
    assert (got["communication_cost"].value, got["communication_cost"].count) == (6.75, 2)
    assert got["cycle_time"].toml() == (
        'cycle_time = { value = 27.0, period = "2026Q4", '
        'source = "collabsheet metrics --baseline 2026Q4, 2 rows" }'
    )


def test_cli_baseline_prints_the_lines_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.xlsx"
    write_xlsx(book, kpi_book())
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{book.as_posix()}"\n', encoding="utf-8")
    before = book.read_bytes()
    assert main(["metrics", "--config", str(config), "--baseline", "2026年第四季度"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "[baselines]"
    # business hours now (the default config): only the day-counted cycle time is as above
    assert out[2] == (
        'cycle_time = { value = 27.0, period = "2026Q4", '
        'source = "collabsheet metrics --baseline 2026Q4, 2 rows" }'
    )
    assert (
        'communication_cost = { value = 6.75, period = "2026Q4", '
        'source = "collabsheet metrics --baseline 2026Q4, 2 rows" }'
    ) in out
    # then 流程耗时 per template step, its own table (the wall-clock values: test below)
    steps = out[out.index("[baselines.process_time_by_step]") + 1 :]
    assert [line.split(" = ")[0] for line in steps] == ['"T1:1"', '"T1:2"', '"T1:3"', '"T2:1"',
                                                         '"T2:2"']  # fmt: skip
    assert book.read_bytes() == before and not (tmp_path / "book.bot.xlsx").exists()
    assert main(["metrics", "--config", str(config), "--baseline", "Q4 2026"]) == 2


def test_baselines_in_the_config_with_period_and_source(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(
        '[baselines]\ncycle_time = { value = 27.0, period = "2026Q4", source = "measured" }\n'
        "response_time = 4.0\n\n[kpis]\nsatisfied_at = 3.5\n",
        encoding="utf-8",
    )
    s = load_settings(config).kpi_section
    assert s.baselines == {"cycle_time": 27.0, "response_time": 4.0}
    assert s.baseline_sources == {"cycle_time": "2026Q4 · measured", "response_time": ""}
    assert s.satisfied_at == 3.5
    config.write_text("[kpis]\nsatisfied_at = 6\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"kpis\.satisfied_at = 6 is not valid"):
        load_settings(config)


@pytest.mark.usefixtures("fresh_dashboard_cache")
def test_the_survey_page_reads_quarters_as_the_kpi_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.dashboard import open_page, point_at, start

    book = tmp_path / "book.xlsx"
    write_xlsx(book, kpi_book())
    point_at(book, tmp_path, monkeypatch)
    at = open_page(start(), "views/survey_page.py")
    assert not at.exception
    # 2026年第4季度 and 2026年四季度 are 2026Q4; "Q4 2026" is left out (a validation error)
    assert list(at.selectbox(key="survey_quarter").options) == ["2027Q1", "2026Q4", "2026Q3"]


# 流程耗时 per template step by hand: (step, median hours, tasks, baseline, share, met); the
# steps' hours as listed above the HAND table, baselines from KPIS (T2:1 has none)
STEPS = {
    "M1": [
        ("T1:1", 24.0, ("K1", "K4"), 48.0, 0.5, True),
        ("T1:2", 132.0, ("K2", "K5"), 200.0, 0.66, False),
        ("T1:3", 265.5, ("K3", "K6"), 40.0, 6.6375, False),  # K3 open, 507 h so far
        ("T2:1", 24.0, ("K7", "K9"), None, None, None),  # needs a baseline
        ("T2:2", 24.0, ("K8",), 40.0, 0.6, True),  # exactly 60%: met; K10 not yet due
    ],
    "M2": [
        ("T1:1", 24.0, ("K1", "K4", "K12"), 48.0, 0.5, True),  # K12 75 h, past due
        ("T1:2", 132.0, ("K2", "K5"), 200.0, 0.66, False),
        ("T1:3", 349.5, ("K3", "K6"), 40.0, 8.7375, False),  # K3 675 h
        ("T2:1", 24.0, ("K7", "K9"), None, None, None),
        ("T2:2", 217.5, ("K8", "K10"), 40.0, 5.4375, False),  # K10 411 h
    ],
}


@pytest.mark.parametrize("moment", ["M1", "M2"])
def test_process_time_of_each_step_by_hand(moment: str) -> None:
    now = M1 if moment == "M1" else M2
    wb = parse_workbook(kpi_book(), SETTINGS)
    got = step_times(sla_of(wb, SETTINGS.sla_section, now).result, KPIS)
    assert [(s.step, s.median_h, s.tasks, s.baseline_h, s.share, s.met) for s in got] == (
        STEPS[moment]
    )


def test_steps_without_any_baseline_need_one() -> None:
    wb = parse_workbook(kpi_book(), SETTINGS)
    sla = sla_of(wb, SETTINGS.sla_section, M1).result
    got = {v.kpi: v for v in metrics(wb, sla, SETTINGS.kpi_section, M1.date())}
    v = got["process_time_by_step"]
    assert (v.value, v.met, v.denominator) == (None, None, 0)
    assert v.keys == ("T1:1", "T1:2", "T1:3", "T2:1", "T2:2")  # timed, waiting for baselines
    assert v.reason is not None
    assert v.reason.text("zh-CN") == (
        "需要基线：5 个流程步骤有耗时但没有基线；用 collabsheet metrics --baseline 2026Q1 算出"
        '各步骤的基线，核对后写入配置的 [baselines.process_time_by_step]，例如 "T1:1" = 40.0'
    )
    assert v.reason.text("en").startswith("needs a baseline: 5 template steps are timed")


def test_step_baselines_from_a_period_of_the_sheets() -> None:
    """Q4 as of 12-31 23:59 (wall clock): tasks handed off in Q4, open ones with hours so far:
    K12 from 12-01 09:00 = 734.98 h, K3 from 11-06 09:00 = 1334.98 h, K10 from 11-17 09:00 =
    1070.98 h; K4 K5 K6 were handed off in Q3."""
    wb = parse_workbook(kpi_book(), SETTINGS)
    sla = sla_of(wb, SETTINGS.sla_section, dt.datetime(2026, 12, 31, 23, 59)).result
    steps = period_steps(sla, dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert [(s.step, s.median_h, len(s.tasks)) for s in steps] == [
        ("T1:1", 379.49, 2), ("T1:2", 72.0, 1), ("T1:3", 1334.98, 1), ("T2:1", 24.0, 2),
        ("T2:2", 547.49, 2),
    ]  # fmt: skip
    lines = baseline_lines(steps, "2026Q4")
    assert lines[0] == "[baselines.process_time_by_step]"
    assert lines[1] == (
        '"T1:1" = { value = 379.49, period = "2026Q4", '
        'source = "collabsheet metrics --baseline 2026Q4, 2 rows" }'
    )
    assert baseline_lines((), "2026Q4") == [
        "# [baselines.process_time_by_step]: no template step timed in 2026Q4"
    ]


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ('"T01" = 3.0', r"process_time_by_step\.T01 = 3\.0 is not valid; expected a step key"),
        ('"T01:1" = 0', r"process_time_by_step\.T01:1 = 0 is not valid; expected hours > 0"),
        ('"T01:1" = "40"', r"T01:1 = '40' is not valid; expected hours > 0"),
        ('"T01:1" = { value = 4, when = 1 }', r"T01:1 = \{'value': 4, 'when': 1\} is not valid"),
    ],
)
def test_step_baselines_in_the_config(tmp_path: Path, body: str, error: str) -> None:
    config = tmp_path / "c.toml"
    good = '"T01:1" = 20.0\n"T01:2" = { value = 40.5, period = "2026Q1", source = "measured" }\n'
    config.write_text(f"[baselines.process_time_by_step]\n{good}", encoding="utf-8")
    steps = load_settings(config).kpi_section.step_baselines
    assert steps.hours == {"T01:1": 20.0, "T01:2": 40.5}
    assert steps.sources == {"T01:1": "", "T01:2": "2026Q1 · measured"}
    config.write_text(f"[baselines.process_time_by_step]\n{body}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=error):
        load_settings(config)
