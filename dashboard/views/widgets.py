"""Helpers shared by pages: plain text of sheet values, locale numbers, names, filters, tables.

Sheet text reaches the screen only through st.dataframe / st.text or ``md_escape`` (small
tables: dashboard/views/markdown_table.py): nothing a person typed in a cell is ever rendered
as HTML or Markdown.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import altair as alt
import pandas as pd
import streamlit as st

from config.schema import TABS
from dashboard.context import Context
from dashboard.text import choice_label, md_escape
from dashboard.views import markdown_table

T = TypeVar("T")
ROWS_SHOWN = 500  # big tables show their first rows (after filters) and say how many there are


def plain(value: Any) -> str:
    """A cell value as text: blanks empty, whole floats without '.0', dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, tuple):
        return "、".join(map(str, value))
    return str(value)


def fold(text: str) -> str:
    """Text for searching: full-width → half-width (NFKC), case-insensitive, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def number(value: float | None, digits: int = 1) -> str:
    """A number with thousands separators, 'n/a' when missing (the same in zh-CN and en)."""
    if value is None or pd.isna(value):
        return "n/a"
    return f"{value:,.{digits}f}" if digits else f"{round(value):,}"


def percent(value: float | None, digits: int = 1) -> str:
    """A fraction as a percentage: 0.9722 -> '97.2%'."""
    return "n/a" if value is None or pd.isna(value) else f"{value * 100:,.{digits}f}%"


def lookup(by_key: pd.Series, keys: pd.Series) -> pd.Series:
    """``by_key[k]`` for each of ``keys`` (missing where absent); ``by_key`` has a unique index."""
    return pd.Series(by_key.reindex(keys.to_numpy()).to_numpy(), index=keys.index)


def lookup_columns(by_key: pd.DataFrame, keys: pd.Series) -> pd.DataFrame:
    """``lookup`` of several columns at once: one pass over ``keys``."""
    return by_key.reindex(keys.to_numpy()).set_axis(keys.index)


def table(
    rows: Sequence[Mapping[str, Any]],
    columns: Mapping[str, str],
    column_config: Mapping[str, Any] | None = None,
) -> None:
    """Show rows as a read-only table: ``columns`` maps each key to its header text."""
    frame = pd.DataFrame(
        [{columns[k]: r.get(k) for k in columns} for r in rows], columns=list(columns.values())
    )
    st.dataframe(blanked(frame), hide_index=True, column_config=dict(column_config or {}))


def small_table(rows: Sequence[Mapping[str, Any]], columns: Mapping[str, str]) -> None:
    """A few rows (status counts, the last runs) as a static table: one Markdown table, which
    a browser draws sooner than an interactive grid or ``st.table`` (a Markdown element per
    cell). Every cell is escaped and shows as typed (dashboard/views/markdown_table.py)."""
    markdown_table.show(rows, columns)


def frame_table(
    ctx: Context,
    df: pd.DataFrame,
    columns: Mapping[str, str],
    limit: int | None = ROWS_SHOWN,
    link: str | None = None,
    wide: Sequence[str] = (),
) -> None:
    """Show a frame's ``columns`` (key -> text key) under localized headers, the first ``limit``
    rows with a count; the column named ``link`` holds cell links (clickable when URLs); the
    ``wide`` columns get more room; times show to the minute."""
    total = len(df)
    shown = df.head(limit) if limit is not None else df
    if limit is not None and total > limit:
        st.caption(md_escape(ctx.t("rows.limited", shown=number(limit, 0), total=number(total, 0))))
    out = pd.DataFrame({ctx.t(t): shown[k] for k, t in columns.items()}, index=shown.index)
    for header in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[header]):
            out[header] = out[header].dt.strftime("%Y-%m-%d %H:%M").astype(object)
    out = blanked(out)
    config: dict[str, Any] = {
        ctx.t(columns[k]): st.column_config.TextColumn(width="large") for k in wide
    }
    if link is not None and total:
        header = ctx.t(columns[link])
        if out[header].astype(str).str.startswith(("http://", "https://")).any():
            config[header] = st.column_config.LinkColumn()
    st.dataframe(out, hide_index=True, column_config=config)


def blanked(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its missing cells as empty text: Streamlit's grid draws a missing value
    as the word "None" (issue streamlit#7360: no placeholder option), which no reader should
    see. Numbers keep their column type unless a cell is missing (then shown as ``plain``)."""
    out = frame.copy()
    for header in out.columns:
        missing = out[header].isna()
        if missing.any():
            out[header] = [
                "" if gone else plain(v) for v, gone in zip(out[header], missing, strict=True)
            ]
    return out


def date_axis(title: str | None, first: Any, last: Any, most: int = 8) -> alt.Axis:
    """A time axis from ``first`` to ``last`` ticked at midnights, labelled with dates. Left to
    itself, Vega-Lite labels a short span by the hour ("12 PM" on every tick); its
    ``tickMinStep`` is ignored on time scales (vega-lite#9034), so the ticks are given: every
    day, or every n days so that at most ``most`` show."""
    start, end = pd.Timestamp(first), pd.Timestamp(last)
    if pd.isna(start) or pd.isna(end):
        return alt.Axis(title=title, format="%Y-%m-%d")
    first_day = start.ceil("D")  # ticks inside the span: a tick before it is drawn outside
    if first_day > end:  # within one day: its date with the hour
        return alt.Axis(title=title, format="%Y-%m-%d %H:%M", tickCount=3)
    days = max(0, (end.floor("D") - first_day).days)
    step = max(1, -(-(days + 1) // most))
    ticks = [first_day + pd.Timedelta(days=d) for d in range(0, days + 1, step)]
    values = [alt.DateTime(year=d.year, month=d.month, date=d.day) for d in ticks]
    return alt.Axis(title=title, format="%Y-%m-%d", values=values, labelAngle=-30)


def links(ctx: Context, tabs: pd.Series, cells: pd.Series) -> list[str]:
    """Cell links (a URL for Google Sheets, 'file › tab!A17' for a local workbook)."""
    return [
        ctx.link(str(t), str(c)) if isinstance(c, str) and c else ""
        for t, c in zip(tabs, cells, strict=True)
    ]


def names(ctx: Context, tab: str) -> dict[Any, str]:
    """id -> name for departments, people and projects (the id itself when it has no name)."""
    key = {"departments": "dept_id", "people": "person_id", "projects": "project_id"}[tab]

    def build() -> dict[Any, str]:
        t = ctx.snapshot.workbook[tab]
        return {i: str(n) for i, n in zip(t.column(key), t.column("name"), strict=True) if i}

    return ctx.snapshot.derive(f"names:{tab}", build)


def labelled(mapping: Mapping[Any, str], ids: pd.Series) -> pd.Series:
    """'ID name' for each id (the id alone when it has no name; blank for no id or NaN)."""
    return pd.Series(
        [f"{i} {mapping[i]}" if i in mapping else ("" if pd.isna(i) else str(i)) for i in ids],
        index=ids.index,
        dtype=object,
    )


def pick(
    ctx: Context,
    column: Any,
    label_key: str,
    options: Sequence[Any],
    key: str,
    named: Mapping[Any, str] | None = None,
) -> list[Any]:
    """A multiselect filter in ``column`` (empty choice = all); options show 'ID name'."""

    def show(v: Any) -> str:
        if v is None or v == "":
            return ctx.t("blank")
        return f"{v} {named[v]}" if named and v in named else str(v)

    chosen: list[Any] = column.multiselect(
        ctx.t(label_key), list(options), placeholder=ctx.t("filter.all"), key=key, format_func=show
    )
    return chosen


def pick_choices(
    ctx: Context, column: Any, label_key: str, tab: str, field: str, key: str
) -> list[Any]:
    """A multiselect filter over the choices of ``tab``'s ``field`` (a status, a category),
    shown in the viewer's language; empty choice = all."""
    chosen: list[Any] = column.multiselect(
        ctx.t(label_key),
        [k for k, _ in TABS[tab].column(field).choices],
        format_func=lambda v: choice_label(tab, field, v, ctx.locale),
        placeholder=ctx.t("filter.all"),
        key=key,
    )
    return chosen


def options(values: pd.Series) -> list[Any]:
    """The distinct non-blank values of a column, sorted as text."""
    return sorted({v for v in values.dropna().tolist() if v != ""}, key=str)


def read_at_caption(ctx: Context) -> None:
    """The 'data read at …' line under a page title; with ``[dashboard] at``, that the pages
    compute for that fixed moment, not now."""
    at = f"{ctx.snapshot.read_at:%Y-%m-%d %H:%M:%S}"
    key = "read_at" if ctx.settings.dashboard_at is None else "read_at.fixed"
    st.caption(md_escape(ctx.t(key, at=at)))


def caption(ctx: Context, key: str, **params: object) -> None:
    """A localized caption; parameters (which may be sheet text) are escaped with the rest."""
    st.caption(md_escape(ctx.t(key, **params)))


def kept(ctx: Context, name: str | None, build: Callable[[], T]) -> T:
    """``build()``, kept for the read under ``name`` (None: the board is filtered, build it
    now): what most visits of the progress board show is computed once, not on every view of
    100,000 tasks."""
    return build() if name is None else ctx.snapshot.derive(f"progress:{name}", build)


def computed_here(
    ctx: Context, have_run: bool, key: str, label_key: str, absent_key: str, computed_key: str
) -> bool:
    """Whether a page computes its results from the tables rather than showing the last run's:
    when there is no run's result (caption ``absent_key``), or when the viewer turns on the
    recompute toggle ``key`` (caption ``computed_key``)."""
    if not have_run:
        caption(ctx, absent_key)
        return True
    if st.toggle(ctx.t(label_key), key=key):
        caption(ctx, computed_key)
        return True
    return False
