"""The CLI's tables line up in a terminal (trial finding E2): every column is as wide as its
widest cell by display width (CJK characters take two columns, unicodedata.east_asian_width),
in both locales: metrics (a long English KPI name, a value with its unit, a target relative to
a baseline), actions (Chinese names and projects) and survey status (English headers)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from jobs.kpis.measures import KpiValue
from jobs.run.cli import main
from jobs.run.report import print_metrics
from jobs.run.text_table import table, width


@pytest.mark.parametrize(
    ("rows", "right", "lines"),
    [
        ([("措施覆盖率", "97.2%", "✗"), ("information omission rate", "0.0%", "✓")], (1,),
         ["措施覆盖率                 97.2%  ✗", "information omission rate   0.0%  ✓"]),
        ([("范亮（D02）", "PJ1", "x  [复盘!H2]"), ("蔡玉娟（D02）", "PJ10", "y")], (),
         ["范亮（D02）    PJ1   x  [复盘!H2]", "蔡玉娟（D02）  PJ10  y"]),
        ([("department", "answers", ""), ("D01 研发部", "5", "")], (1,),
         ["department  answers", "D01 研发部        5"]),
        ([], (), []),
    ],
)  # fmt: skip
def test_a_table_pads_by_display_width(
    rows: list[tuple[str, ...]], right: tuple[int, ...], lines: list[str]
) -> None:
    assert table(rows, right) == lines


def cells(line: str) -> list[tuple[int, int]]:
    """Where each cell of a table line starts and ends, in display columns (cells are two or
    more spaces apart; one space is inside a cell: "4.31 pts", "≥ 98.0%")."""
    return [(width(line[: m.start()]), width(line[: m.end()]))
            for m in re.finditer(r"\S+(?: \S+)*", line)]  # fmt: skip


def value(kpi: str, v: float | None, baseline: float | None = None) -> KpiValue:
    return KpiValue(kpi, v, 0.98, baseline, None if v is None else v > 0.5, None, 0, ())


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_metrics_columns_line_up(locale: str) -> None:
    values = [
        value("measure_coverage", 0.972),
        value("info_omission_rate", 0.0),  # the longest English name
        value("communication_efficiency", 4.31),  # "4.31 pts": the widest value
        value("cycle_time", 43.5),  # a target relative to a baseline (none yet)
        value("satisfaction", None),
    ]
    out = io.StringIO()
    print_metrics(values, locale, "2026-12-07", out)
    lines = out.getvalue().splitlines()[1:]
    assert len(lines) == len(values)
    spans = [cells(ln) for ln in lines]
    assert len({c[1][1] for c in spans}) == 1, lines  # the values end in one column
    assert len({c[2][0] for c in spans}) == 1, lines  # the targets start in one column
    assert len({c[3][0] for c in spans}) == 1, lines  # so do the verdicts
    assert all(c[0][0] == 0 and c[0][1] < c[1][0] for c in spans)  # no name runs into its value


def test_actions_and_survey_status_line_up(
    demo_xlsx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[workbook]\npath = "{demo_xlsx}"\n', encoding="utf-8")
    for locale in ("zh-CN", "en"):
        assert main(["actions", "--at", "2026-12-07 09:00", "--config", str(cfg), "-q",
                     "--locale", locale]) == 0  # fmt: skip
        lines = capsys.readouterr().out.splitlines()[1:]
        assert len(lines) >= 3
        cols = {tuple(c[0] for c in cells(ln)[:4]) for ln in lines
                if ln.split()[0] in ("已超时", "overdue")}  # fmt: skip
        assert len(cols) == 1, lines  # status, due, owner, project: one start each
        assert main(["survey", "status", "2026Q4", "--config", str(cfg), "-q",
                     "--locale", locale]) == 0  # fmt: skip
        rows = [ln for ln in capsys.readouterr().out.splitlines()[1:] if "%" in ln or "rate" in ln
                or "回收率" in ln][:4]  # fmt: skip
        ends = {width(ln) for ln in rows}
        assert len(ends) == 1, rows  # the rate column ends in one column, header included


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_sla_columns_line_up(
    demo_xlsx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str
) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[workbook]\npath = "{demo_xlsx}"\n', encoding="utf-8")
    assert main(["sla", "--at", "2026-12-07 10:00", "--dry-run", "--config", str(cfg), "-q",
                 "--locale", locale]) == 0  # fmt: skip
    lines = [ln for ln in capsys.readouterr().out.splitlines()[1:] if not ln.startswith(" ")]
    spans = [cells(ln) for ln in lines]
    assert len(spans) > 5 and {len(c) for c in spans} == {6}
    assert len({c[2][1] for c in spans}) == 1, lines  # the hours end in one column
    assert len({(c[3][0], c[4][0], c[5][0]) for c in spans}) == 1, lines  # key, who, where
