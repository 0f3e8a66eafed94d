"""Small tables (status counts, the last runs, a milestone's KPIs) as ONE Markdown table.

Why: ``st.table`` renders every cell, header and row label as a Markdown element of its own; a
browser draws one Markdown table for the whole in a fraction of that time. This is the one
module of dashboard/ that calls ``st.markdown`` (tests/test_dashboard.py holds it to that),
and never lets HTML through: every cell goes through ``md_escape``, so what a person typed
shows as typed. A row of a Markdown table is one line ended by its pipes, so a cell's
line breaks become spaces (as a browser shows a line break inside a Markdown paragraph) and
its ``|`` is escaped like every other Markdown character (GFM tables: an escaped pipe is text).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from dashboard.text import md_escape

# every line break a Markdown parser or a browser honours (a row must stay on one line)
LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def cell(value: Any) -> str:
    """A value as the text of one cell: blank for None, line breaks as spaces, escaped."""
    return "" if value is None else md_escape(LINE_BREAK.sub(" ", str(value)))


def numeric(values: Sequence[Any]) -> bool:
    """Whether a column holds numbers only (aligned right, as ``st.table`` aligns them)."""
    found = [v for v in values if v is not None and v != ""]
    return bool(found) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in found
    )


def markdown(rows: Sequence[Mapping[str, Any]], columns: Mapping[str, str]) -> str:
    """The Markdown of a table of ``rows`` (``columns`` maps each key to its header text)."""
    keys = list(columns)
    align = ["---:" if numeric([r.get(k) for r in rows]) else "---" for k in keys]
    lines = [
        "| " + " | ".join(cell(columns[k]) for k in keys) + " |",
        "| " + " | ".join(align) + " |",
    ]
    lines += ["| " + " | ".join(cell(r.get(k)) for k in keys) + " |" for r in rows]
    return "\n".join(lines)


def show(rows: Sequence[Mapping[str, Any]], columns: Mapping[str, str]) -> None:
    """Draw the table (one Markdown element, every cell escaped)."""
    st.markdown(markdown(rows, columns))
