"""Helpers shared by pages: plain text of sheet values and read-only tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.context import Context
from dashboard.text import md_escape


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


def table(
    rows: Sequence[Mapping[str, Any]],
    columns: Mapping[str, str],
    column_config: Mapping[str, Any] | None = None,
) -> None:
    """Show rows as a read-only table: ``columns`` maps each key to its header text."""
    frame = pd.DataFrame(
        [{columns[k]: r.get(k) for k in columns} for r in rows], columns=list(columns.values())
    )
    st.dataframe(frame, hide_index=True, column_config=dict(column_config or {}))


def read_at_caption(ctx: Context) -> None:
    """The 'data read at …' line under a page title."""
    at = f"{ctx.snapshot.read_at:%Y-%m-%d %H:%M:%S}"
    st.caption(md_escape(ctx.t("read_at", at=at)))
