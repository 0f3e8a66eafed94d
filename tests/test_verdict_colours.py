"""One colour rule (``dashboard.views.kpi_cards.colour``): the 各季度满意率 chart colours each
quarter as the 协作满意度 card colours a value — green met, amber (orange) within 10% of the target,
red beyond — so 85.3% against ≥ 90% is amber in both, not red in the chart."""

from __future__ import annotations

import pandas as pd

from dashboard.views import kpi_cards
from dashboard.views.survey_page import DIMENSIONS, quarter_rates


def _answers(quarter: str, happy: int, total: int) -> list[dict[str, object]]:
    return [
        {"quarter": quarter, **dict.fromkeys(DIMENSIONS, 5 if i < happy else 2)}
        for i in range(total)
    ]


def test_the_chart_colours_quarters_as_the_card() -> None:
    rated = pd.DataFrame(
        [*_answers("2026Q2", 19, 20), *_answers("2026Q3", 10, 20), *_answers("2026Q4", 64, 75)]
    )
    rates = quarter_rates(rated, 4.0, 0.90).set_index("quarter")
    assert list(rates["rate"]) == [95.0, 50.0, 85.3]
    for quarter, share in (("2026Q2", 19 / 20), ("2026Q3", 10 / 20), ("2026Q4", 64 / 75)):
        card = kpi_cards.colour(kpi_cards.judged("satisfaction", share, 0.90))
        assert rates.loc[quarter, "verdict"] == card
    assert list(rates["verdict"]) == ["green", "red", "orange"]  # 85.3%: near the target
    assert kpi_cards.HEX["orange"] != kpi_cards.HEX["red"]
