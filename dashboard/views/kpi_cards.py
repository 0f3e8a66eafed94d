"""KPIs on screen: value and target text, red / amber / green, the trend (the rows behind a
value: dashboard/views/kpi_rows.py).

Colours: green when the KPI meets its target (``KpiValue.met``, the job's own verdict); amber
when it misses by at most 10% of the threshold (e.g. coverage ≥ 88.2% for a 98% target, delay
≤ 5.5% for 5%); red beyond; grey without data or baseline. Relative targets (−40% vs baseline)
become a threshold value first (``jobs.kpis.targets.threshold``).
"""

from __future__ import annotations

from typing import Literal

import altair as alt
import pandas as pd
import streamlit as st

from config.defaults import KPI_DEFAULTS
from dashboard.text import lang, md_escape, t
from dashboard.views.widgets import date_axis, number, percent
from jobs.kpis import targets
from jobs.kpis.measures import KpiValue
from jobs.kpis.targets import comparator, unit_word

AMBER_BAND = 0.10
Colour = Literal["green", "orange", "red", "gray"]


def name(kpi: str, locale: str) -> str:
    """The KPI's name in the locale (from the plan's defaults)."""
    spec = KPI_DEFAULTS[kpi]
    return spec.en if lang(locale) == "en" else spec.zh


def amount(value: float | None, unit: str, locale: str) -> str:
    """A KPI value as shown: '97.2%', '16.0 天' / '16.0 d', 'n/a'."""
    if value is None:
        return "n/a"
    if unit == "%":
        return percent(value)
    return f"{number(value)} {unit_word(unit, locale)}"


def threshold(v: KpiValue) -> float | None:
    """The value the KPI must reach (relative targets turned into a value); None if unknown."""
    return targets.threshold(v.kpi, v.target, v.baseline)


def higher_is_better(kpi: str) -> bool:
    """Whether a larger value is better (coverage, compliance…) rather than worse (delays…)."""
    return KPI_DEFAULTS[kpi].direction in ("min", "change_min")


def target_text(v: KpiValue, locale: str) -> str:
    """'≥ 98.0%', '≤ 24.0 h', '−40% vs 30.0 d (≤ 18.0 d)'."""
    unit = KPI_DEFAULTS[v.kpi].unit
    sign = comparator(v.kpi)  # '<' for 3%以下, as the CLI and the weekly pack
    limit = threshold(v)
    if not KPI_DEFAULTS[v.kpi].direction.startswith("change"):  # min, max
        return f"{sign} {amount(v.target, unit, locale)}"
    change = f"{v.target * 100:+.0f}%"
    if v.baseline:
        out = t(locale, "kpi.versus", change=change, base=amount(v.baseline, unit, locale))
    else:
        out = t(locale, "kpi.versus_none", change=change)
    return f"{out} ({sign} {amount(limit, unit, locale)})" if limit is not None else out


def limit_text(v: KpiValue, locale: str) -> str:
    """The threshold alone: '≥ 98.0%', '≤ 18.0 d' (relative targets as their value)."""
    limit = threshold(v)
    if limit is None:
        return target_text(v, locale)
    return f"{comparator(v.kpi)} {amount(limit, KPI_DEFAULTS[v.kpi].unit, locale)}"


# each verdict's colour where a chart draws it (a card's badge: Streamlit's of the same name)
HEX: dict[str, str] = {"green": "#2ca02c", "orange": "#ff7f0e", "red": "#d62728", "gray": "#7f7f7f"}


def judged(kpi: str, value: float | None, target: float, baseline: float | None = None) -> KpiValue:
    """A value of ``kpi`` with its verdict, for ``colour``: a chart's point coloured as a card."""
    met = targets.is_met(kpi, value, target, baseline)
    return KpiValue(kpi, value, target, baseline, met, None, 0, ())


def colour(v: KpiValue) -> Colour:
    """green met, orange within 10% of the threshold, red beyond, gray without a verdict."""
    if v.met is None or v.value is None:
        return "gray"
    if v.met:
        return "green"
    limit = threshold(v)
    if limit is None:
        return "gray"
    if higher_is_better(v.kpi):
        near = v.value >= limit * (1 - AMBER_BAND)
    else:
        near = v.value <= limit * (1 + AMBER_BAND)
    return "orange" if near else "red"


def metric(
    v: KpiValue, locale: str, trend: list[float] | None = None, basis_text: str | None = None
) -> None:
    """The KPI as an st.metric: value, verdict and target in its colour, optional sparkline;
    the help says what the value is computed over (``basis_text``, else ``basis``). An n/a
    value says why under it (``KpiValue.reason``: the tab and what is wrong with it).

    ``basis_text`` given means the caller shows it beside the card (the Overview's expander
    label): the help is then left out unless the target needs more words than the badge has
    (a relative target: '−40% vs 30.0 d (≤ 18.0 d)'). Each tooltip costs the browser a few
    milliseconds on every visit, and it would only repeat what the card shows."""
    c = colour(v)
    over = basis(v, locale) if basis_text is None else basis_text
    why = v.reason.text(locale) if v.reason is not None else None  # n/a, or needs a baseline
    if why:
        over = f"{over}; {why}"
    full, badge = target_text(v, locale), limit_text(v, locale)
    relative = KPI_DEFAULTS[v.kpi].direction.startswith("change")  # the badge cuts it short
    shown = basis_text is not None and not relative
    said = verdict(v, locale)
    if threshold(v) is not None:  # a relative target without its baseline has no limit to
        said += f" · {t(locale, 'kpi.target')} {badge}"  # show: the tooltip says it (trial13:
    st.metric(  # "需要基线 · 目标 较基线 -4…" cut off at 1366 px, 需要基线 said twice)
        name(v.kpi, locale),
        amount(v.value, KPI_DEFAULTS[v.kpi].unit, locale),
        delta=said,
        delta_color=c,
        delta_arrow="off",
        chart_data=trend if trend and len(trend) > 1 else None,
        border=True,
        help=None if shown else md_escape(f"{t(locale, 'kpi.target')} {full}; {over}"),
    )
    if why:  # which tab to fix, or the baseline it needs, under the number (无数据：… when n/a)
        st.caption(md_escape(t(locale, "kpi.na_why", why=why) if v.value is None else why))


def verdict(v: KpiValue, locale: str) -> str:
    """The badge's word by ``colour``; without a verdict 需要基线 when a baseline is what is
    missing (a value without one, or ``reason.baseline``), else 无数据."""
    c = colour(v)
    if c == "gray" and (
        (v.value is not None and threshold(v) is None)
        or (v.reason is not None and v.reason.baseline)
    ):
        return t(locale, "kpi.no_baseline")
    return t(locale, f"kpi.{c}")


def basis(v: KpiValue, locale: str) -> str:
    """What the value is computed over: '142 / 718', 'median of 27 values', or for a mean (a
    survey score, hours) 'mean of 27 values (sum 116)'."""
    if v.numerator is None:
        return t(locale, "kpi.median_of", n=number(v.denominator, 0))
    num = number(v.numerator, 0 if float(v.numerator).is_integer() else 2)
    if KPI_DEFAULTS[v.kpi].unit != "%":  # a mean: the numerator is the sum of the values
        return t(locale, "kpi.mean_of", n=number(v.denominator, 0), total=num)
    return t(locale, "kpi.ratio_of", num=num, den=number(v.denominator, 0))


def history_of(history: pd.DataFrame, kpi: str) -> pd.DataFrame:
    """The ``_metrics`` rows of one KPI, by date."""
    return history[history["kpi"] == kpi]


def titled(kpi: str, locale: str) -> str:
    """A KPI's name with its unit, as a trend's title: '平均响应时长（小时）' / '… (h)'."""
    if kpi not in KPI_DEFAULTS:
        return kpi
    unit = KPI_DEFAULTS[kpi].unit
    word = unit_word(unit, locale)
    return t(locale, "kpi.titled", name=name(kpi, locale), unit=word)


def trend_chart(history: pd.DataFrame, locale: str) -> alt.FacetChart:
    """One small line chart per KPI from ``_metrics``, each with its target as a dashed rule."""
    df = history.dropna(subset=["value"]).copy()
    df["name"] = [titled(k, locale) for k in df["kpi"]]
    scale = [
        100.0 if KPI_DEFAULTS.get(k) and KPI_DEFAULTS[k].unit == "%" else 1.0 for k in df["kpi"]
    ]
    df["shown"] = df["value"] * scale
    df["goal"] = [
        targets.threshold(k, g, None if pd.isna(b) else b) if k in KPI_DEFAULTS else g
        for k, g, b in zip(df["kpi"], df["target"], df["baseline"], strict=True)
    ]
    df["goal"] = pd.to_numeric(df["goal"], errors="coerce") * scale
    date, value, goal = t(locale, "col.date"), t(locale, "kpi.axis"), t(locale, "kpi.target")
    order = [titled(k, locale) for k in KPI_DEFAULTS]
    first, last = df["date"].min() if len(df) else None, df["date"].max() if len(df) else None
    base = alt.Chart(df).encode(x=alt.X("date:T", axis=date_axis(date, first, last, most=4)))
    line = base.mark_line(point=True).encode(
        y=alt.Y("shown:Q", title=value),
        tooltip=[alt.Tooltip("date:T", title=date), alt.Tooltip("shown:Q", title=value)],
    )
    rule = base.mark_line(strokeDash=[4, 4], color="gray").encode(
        y="goal:Q", tooltip=[alt.Tooltip("goal:Q", title=goal)]
    )
    return (
        alt.layer(line, rule)
        .properties(width=170, height=110)
        .facet(facet=alt.Facet("name:N", title=None, sort=order), columns=4)
        .resolve_scale(y="independent")
    )
