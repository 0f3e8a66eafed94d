"""KPIs on screen: value and target text, red / amber / green, the trend and the rows behind.

Colours: green when the KPI meets its target (``KpiValue.met``, the job's own verdict); amber
when it misses by at most 10% of the threshold (e.g. coverage ≥ 88.2% for a 98% target, delay
≤ 5.5% for 5%); red beyond; grey without data or baseline. Relative targets (−40% vs baseline)
become a threshold value first (``jobs.kpis.targets.threshold``).
"""

from __future__ import annotations

from typing import Any, Literal

import altair as alt
import pandas as pd
import streamlit as st

from config.defaults import KPI_DEFAULTS
from config.schema import TABS
from dashboard.data import Snapshot
from dashboard.text import lang, md_escape, t
from dashboard.views.widgets import date_axis, number, percent, plain
from jobs.kpis import targets
from jobs.kpis.handoffs import CLOSED_OR_LATE
from jobs.kpis.measures import KpiValue
from jobs.kpis.step_times import KEY as BY_STEP
from jobs.kpis.step_times import step_times
from jobs.kpis.targets import comparator, unit_word
from sheets_sync.finding import column_letter

AMBER_BAND = 0.10
Colour = Literal["green", "orange", "red", "gray"]

# where the keys of each KPI point (KpiValue.keys): a tab, or SLA obligations
SOURCES: dict[str, tuple[str, ...]] = {
    "measure_coverage": ("templates",),
    "omission_rate": ("templates",),
    "delay_rate": ("projects",),
    "cycle_time": ("projects",),
    "startup_time": ("projects",),
    "response_time": ("sla:response",),
    "rectification_cycle": ("sla:action",),
    "compliance": ("sla",),
    "dispute_rate": ("disputes", "projects"),
    "major_dispute_rate": ("disputes", "projects"),
    "resolution_rate": ("retrospectives", "disputes"),
    "recurrence_rate": ("retrospectives",),
    "satisfaction": ("survey",),
    "communication_efficiency": ("survey",),
    "process_time": ("sla:completion", "sla:approval"),
    BY_STEP: ("steps",),  # every timed template step, with its median and baseline
}
# tab -> (id column, label column, detail column: a status is shown in the locale)
TAB_ROWS: dict[str, tuple[str, str, str]] = {
    "templates": ("template_id", "step_name", "activity"),
    "projects": ("project_id", "name", "status"),
    "disputes": ("dispute_id", "description", "status"),
    "retrospectives": ("retro_id", "finding", "action_done_at"),
    "survey": ("response_id", "dept_id", "overall"),
}
TRACE_COLUMNS = ("key", "tab", "cell", "label", "detail", "hours")
SLA_STATUSES = ("on_track", "at_risk", "breached", "met", "met_late")
MISSES_FIRST = {"breached": 0, "met_late": 1, "at_risk": 2, "on_track": 3, "met": 4}


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
    if not KPI_DEFAULTS[v.kpi].direction.startswith("change"):  # min, max, below
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
    value says why under it (``KpiValue.reason``: the tab and what is wrong with it)."""
    c = colour(v)
    over = basis(v, locale) if basis_text is None else basis_text
    why = v.reason.text(locale) if v.reason is not None else None  # n/a, or needs a baseline
    if why:
        over = f"{over}; {why}"
    st.metric(
        name(v.kpi, locale),
        amount(v.value, KPI_DEFAULTS[v.kpi].unit, locale),
        delta=f"{verdict(v, locale)} · {t(locale, 'kpi.target')} {limit_text(v, locale)}",
        delta_color=c,
        delta_arrow="off",
        chart_data=trend if trend and len(trend) > 1 else None,
        border=True,
        help=md_escape(f"{t(locale, 'kpi.target')} {target_text(v, locale)}; {over}"),
    )
    if why:  # n/a: which tab to fix, under the number
        st.caption(md_escape(f"n/a: {why}"))


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


def _tab_rows(snapshot: Snapshot, tab: str) -> pd.DataFrame:
    table = snapshot.workbook[tab]
    key, label, detail = TAB_ROWS[tab]
    df = snapshot.frame(tab)
    if tab == "templates":
        ids = pd.Series(  # as jobs.kpis.measures writes them: "T1:2"
            [f"{t}:{plain(n)}" for t, n in zip(df["template_id"], df["step"], strict=True)],
            index=df.index,
            dtype=object,
        )
    elif tab == "survey":
        fallback = df["quarter"].astype(str) + ":" + df["dept_id"].astype(str)
        ids = df["response_id"].where(df["response_id"].notna(), fallback).astype(str)
    else:
        ids = df[key].astype(str)
    letter = column_letter(table.positions.get(key, 0))
    return pd.DataFrame(
        {
            "key": ids,
            "tab": table.title,
            "cell": letter + df["_row"].astype(str),
            "label": df[label].astype(object),
            "detail": df[detail].astype(object),
            "hours": None,
        }
    )


def _sla_rows(snapshot: Snapshot, kind: str | None) -> pd.DataFrame:
    res = snapshot.sla.result
    if res.empty:
        return pd.DataFrame(columns=TRACE_COLUMNS)
    if kind is not None:  # medians: closed or past-due obligations of a kind, by the row's id
        res = res[(res["kind"] == kind) & res["status"].isin(CLOSED_OR_LATE)]
    # misses first (breached, met late), then the longest: the rows that move the number
    rank = res["status"].map(MISSES_FIRST).fillna(len(MISSES_FIRST))
    res = res.assign(_rank=rank).sort_values(["_rank", "elapsed_h"], ascending=[True, False])
    owner = res["dept_id"].fillna("").astype(str) + " · " + res["person_id"].fillna("").astype(str)
    return pd.DataFrame(
        {
            "key": (res["ref"] if kind else res["key"]).astype(str),
            "tab": res["tab"],
            "cell": res["cell"],
            "label": owner,
            "detail": res["status"],
            "hours": res["elapsed_h"],
        }
    )


def _step_rows(snapshot: Snapshot, locale: str) -> pd.DataFrame:
    """流程耗时 per step: each timed template step (its row in 流程模板), its median hours on
    the SLA clock and its share of the baseline, or that it needs one."""
    steps = step_times(snapshot.sla.result, snapshot.settings.kpi_section)
    templates = _tab_rows(snapshot, "templates").drop_duplicates("key").set_index("key")
    rows = []
    for s in steps:
        found = templates.loc[s.step] if s.step in templates.index else None
        median_h = number(s.median_h)
        if s.share is None:
            detail = t(locale, "kpi.step_needs_baseline", median=median_h, step=s.step)
        else:
            detail = t(
                locale, "kpi.step_share", median=median_h, baseline=number(s.baseline_h),
                share=percent(s.share), target=percent(s.target),
            )  # fmt: skip
        rows.append({
            "key": s.step,
            "tab": snapshot.workbook["templates"].title,
            "cell": None if found is None else found["cell"],
            "label": None if found is None else found["label"],
            "detail": detail,
            "hours": s.median_h,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=list(TRACE_COLUMNS))


def source(snapshot: Snapshot, name_: str, locale: str = "zh-CN") -> pd.DataFrame:
    """Every row a KPI key can point to in one source, with its tab and cell (built once; the
    steps' texts once per language)."""

    def build() -> pd.DataFrame:
        if name_.startswith("sla"):
            return _sla_rows(snapshot, name_.partition(":")[2] or None)
        if name_ == "steps":
            return _step_rows(snapshot, locale)
        return _tab_rows(snapshot, name_)

    key = f"trace:{name_}:{lang(locale)}" if name_ == "steps" else f"trace:{name_}"
    return snapshot.derive(key, build)


def rows_behind(snapshot: Snapshot, v: KpiValue, locale: str = "zh-CN") -> pd.DataFrame:
    """The rows behind one KPI value: each key found in the KPI's sources, in key order (for
    流程耗时 per step, every timed step: those without a baseline say they need one)."""
    if v.kpi == BY_STEP:
        return source(snapshot, "steps", locale)
    wanted = set(v.keys)
    parts = [source(snapshot, s) for s in SOURCES.get(v.kpi, ())]
    found = [p[p["key"].isin(wanted)] for p in parts if not p.empty]
    if not found:
        return pd.DataFrame(columns=TRACE_COLUMNS)
    return pd.concat(found, ignore_index=True).drop_duplicates(["key", "tab", "cell"])


def status_text(value: Any, locale: str) -> Any:
    """A project, dispute or SLA status as people read it in the locale (else unchanged)."""
    if not isinstance(value, str):
        return value
    if value in SLA_STATUSES:
        return t(locale, f"sla.{value}")
    if lang(locale) == "en":
        return value
    for tab in ("projects", "disputes"):
        labels = dict(TABS[tab].column("status").choices)
        if value in labels:
            return labels[value]
    return value
