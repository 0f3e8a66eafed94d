"""KpiSettings: what the KPIs read (``jobs.kpis``), and the checks of the sections it comes
from: ``[targets]``, ``[baselines]`` and ``[kpis]``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from config.checker import Checker
from config.defaults import KPI_DEFAULTS
from config.step_baselines import KEY as STEP_BASELINES
from config.step_baselines import StepBaselines, step_baselines_from


@dataclass(frozen=True)
class KpiSettings:
    """What the KPIs read: ``[targets]``, ``[baselines]`` and ``[kpis]``.

    No baseline is assumed: a relative KPI without one in ``[baselines]`` is n/a ("需要基线").
    ``baseline_sources``: each baseline's period and where it came from, as the config says.
    ``satisfied_at``: a survey answer is satisfied when its three dimensions average this."""

    targets: Mapping[str, float] = field(
        default_factory=lambda: {k: v.target for k, v in KPI_DEFAULTS.items()}
    )
    baselines: Mapping[str, float] = field(default_factory=dict)
    baseline_sources: Mapping[str, str] = field(default_factory=dict)
    satisfied_at: float = 4.0
    # [baselines.process_time_by_step]: each template step's hours (config/step_baselines.py)
    step_baselines: StepBaselines = field(default_factory=StepBaselines)


def kpis_from(check: Checker, data: Mapping[str, Any]) -> KpiSettings:
    """``[targets]``, ``[baselines]`` (with its per-step table) and ``[kpis]``, checked in
    that order; defaults for what is missing."""
    defaults = KpiSettings()
    targets = _numbers(check, check.table(data, "targets"), "targets", defaults.targets)
    baselines, sources = _baselines(check, check.table(data, "baselines"))
    step_baselines = step_baselines_from(
        check.table(data, "baselines").get(STEP_BASELINES, {}), check.error
    )
    kpis = check.table(data, "kpis")
    check.known(kpis, "kpis", ("satisfied_at",))
    satisfied_at = check.number(
        kpis, "kpis.satisfied_at", defaults.satisfied_at, 1, 5, "a rating from 1 to 5, e.g. 4"
    )
    return KpiSettings(targets, baselines, sources, satisfied_at, step_baselines)


def _numbers(
    check: Checker, data: Mapping[str, Any], where: str, defaults: Mapping[str, float]
) -> dict[str, float]:
    check.known(data, where, tuple(KPI_DEFAULTS))
    out = dict(defaults)
    for key, value in data.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise check.error(f"{where}.{key}", value, "a number, e.g. 0.98 for 98%")
        out[key] = float(value)
    return out


def _baselines(check: Checker, data: Mapping[str, Any]) -> tuple[dict[str, float], dict[str, str]]:
    """``[baselines]``: ``kpi = 30.0`` or ``kpi = { value = 30.0, period = "2026Q1",
    source = "..." }``; the values, and each one's period and source as one line."""
    check.known(data, "baselines", tuple(KPI_DEFAULTS))
    values: dict[str, float] = {}
    sources: dict[str, str] = {}
    for key, item in data.items():
        if key == STEP_BASELINES:  # one baseline per template step: config/step_baselines.py
            continue
        entry = item if isinstance(item, Mapping) else {"value": item}
        check.known(entry, f"baselines.{key}", ("value", "period", "source"))
        value = entry.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise check.error(
                f"baselines.{key}", item, 'a number or { value = 30.0, period = "2026Q1" }'
            )
        values[key] = float(value)
        told = [str(entry[k]) for k in ("period", "source") if entry.get(k)]
        sources[key] = " · ".join(told)
    return values, sources
