"""Hours and days in the messages are rounded as people round (四舍五入), from the value as
written (trial29: _sla's −10.25 was said 10.2, −26.25 was 26.2 beside the dashboard's 26.25)."""

from __future__ import annotations

import numpy as np
import pytest

from jobs.reminders.said import days, hours


@pytest.mark.parametrize(
    ("value", "said"),
    [(10.25, "10.3"), (26.25, "26.3"), (1406.35, "1406.4"), (0.95, "1"), (16.0, "16"),
     (15.5, "15.5"), (0.04, "0"), (-0.04, "0"), (-0.0, "0"), (7.75, "7.8"),
     (np.float64(10.25), "10.3"), (float("nan"), "nan")],
)  # fmt: skip
def test_hours_round_half_up(value: float, said: str) -> None:
    assert hours(value) == said


@pytest.mark.parametrize(("value", "said"), [(0.45, "0.5"), (9.95, "10"), (184.5, "185")])
def test_days_round_half_up(value: float, said: str) -> None:
    assert days(value) == said
