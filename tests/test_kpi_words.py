"""One comparator and one unit word per KPI and locale (jobs.kpis.targets: ``comparator``,
``unit_word``), the same in ``collabsheet metrics``, the weekly pack and the dashboard: 重大争议率
is "3%以下" (≤ 3.0%: 以下 includes the number, 民法典 第1259条) everywhere; Chinese text says
天 / 小时 / 分, English d / h / pts."""

from __future__ import annotations

import io
import re

import pytest

from config.defaults import KPI_DEFAULTS
from dashboard.views.kpi_cards import amount, limit_text, target_text
from jobs.kpis.measures import KpiValue
from jobs.kpis.targets import comparator, is_met, unit_word
from jobs.run.report import print_metrics
from jobs.weekly.pack import _kpi_rows
from jobs.weekly.trend import KpiLine

WORDS = {"zh-CN": {"h": "小时", "wh": "工作小时", "d": "天", "pt": "分"},
         "en": {"h": "h", "wh": "working h", "d": "d", "pt": "pts"}}  # fmt: skip


def _value(kpi: str) -> KpiValue:
    spec = KPI_DEFAULTS[kpi]
    baseline = 10.0 if spec.direction.startswith("change") else None
    value = 12.5 if spec.unit != "%" else 0.025
    return KpiValue(kpi, value, spec.target, baseline, None, None, 3, ())


def test_yixia_includes_the_number() -> None:
    """trial30: 重大争议率 "3%以下" was strictly under while 推诿扯皮率 "5%以下" was ≤."""
    assert comparator("major_dispute_rate") == comparator("dispute_rate") == "≤"
    assert is_met("major_dispute_rate", 0.03, 0.03, None) is True  # 3% is 3%以下
    assert is_met("major_dispute_rate", 0.0301, 0.03, None) is False
    assert (comparator("measure_coverage"), comparator("delay_rate")) == ("≥", "≤")


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_cli_weekly_pack_and_dashboard_say_the_same(locale: str) -> None:
    values = [_value(k) for k in KPI_DEFAULTS]
    out = io.StringIO()
    print_metrics(values, locale, "2026-11-27", out)
    cli = out.getvalue().splitlines()[1:]
    lines = [KpiLine(v.kpi, v.value, v.target, None, None, None, (), None) for v in values]
    pack = _kpi_rows(lines, locale)
    for v, line, row in zip(values, cli, pack, strict=True):
        spec = KPI_DEFAULTS[v.kpi]
        sign = comparator(v.kpi)
        shown = target_text(v, locale)
        if spec.direction.startswith("change"):
            assert f"({sign} " in shown  # the threshold of a relative target
            continue
        target = row[2]
        assert target.startswith(f"{sign} ") and f"  {sign} " in line, (line, target)
        assert shown.startswith(f"{sign} ") and limit_text(v, locale).startswith(f"{sign} ")
        if spec.unit != "%":
            word = WORDS[locale][spec.unit]
            assert unit_word(spec.unit, locale) == word
            assert target.endswith(f" {word}") and amount(v.value, spec.unit, locale).endswith(
                f" {word}"
            )
            assert re.search(rf"\d {re.escape(word)}\b", line) if locale == "en" else word in line
    assert target_text(_value("major_dispute_rate"), locale) == "≤ 3.0%"


@pytest.mark.parametrize(
    ("locale", "text"), [("zh-CN", "≤ 24.0 工作小时"), ("en", "≤ 24.0 working h")]
)
def test_hours_on_the_sla_clock_say_working_hours(locale: str, text: str) -> None:
    """trial30: 整改周期 showed 14.1 小时 against ≤ 24.0 小时, read as clock hours (46.1 of them);
    it is counted on the SLA's clock, in working hours. 沟通成本's hours (a week's, as answered)
    stay 小时."""
    assert target_text(_value("rectification_cycle"), locale) == text
    assert unit_word(KPI_DEFAULTS["communication_cost"].unit, locale) == WORDS[locale]["h"]
