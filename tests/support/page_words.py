"""Reading every word a dashboard page shows through Streamlit's AppTest: the texts, the
interface's own labels (titles, headers, column headers, chart titles) and every table cell,
with each page opened all the way (every keyed expander, every view tab, every toggle on).

Streamlit's grid (glide-data-grid) draws in a canvas, so a browser's text cannot see the cells;
AppTest holds the frames the grid receives, and the grid draws a missing cell as the word
"None": a missing value in a frame is a "None" on screen (``missing_cells``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard.registry import PAGES
from tests.support.dashboard import texts, unescape

# the words of a value nobody typed: Python's None, pandas' nan / NaT, JSON's null
EMPTY_WORDS = re.compile(r"(?<![A-Za-z_])(None|nan|NaN|NaT|null)(?![A-Za-z_])")
CJK = re.compile(r"[\u3400-\u9fff\uff08\uff09\u3001\u3002\uff1a\u300c\u300d]")
ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9_./@:-])[A-Za-z]{2,}(?![A-Za-z0-9_./@-])")
VIEW_TABS = ("progress_view",)  # keyed st.tabs whose views draw only when open


@dataclass
class Seen:
    """What a page showed in every state it was opened in."""

    page: str
    texts: list[str] = field(default_factory=list)  # rendered as text (markdown, labels…)
    labels: list[str] = field(default_factory=list)  # the interface's own words
    cells: list[str] = field(default_factory=list)  # every table cell, as text
    missing: list[str] = field(default_factory=list)  # "header: row" of each missing cell


def _walk(node: Any) -> Iterator[Any]:
    kids = getattr(node, "children", None)
    for child in kids.values() if isinstance(kids, dict) else kids or ():
        yield child
        yield from _walk(child)


def chart_titles(spec: Any) -> Iterator[str]:
    """The titles of a Vega-Lite spec (axes, legends, tooltips, facets), as text."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "title" and isinstance(value, str):
                yield value
            else:
                yield from chart_titles(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from chart_titles(value)


def missing_cells(frame: pd.DataFrame) -> list[str]:
    """Each missing cell of ``frame`` as "header: row" (the grid would draw "None" there)."""
    out = []
    for header in frame.columns:
        gone = frame[header].isna() | frame[header].astype(str).isin(("None", "nan", "NaT"))
        out.extend(f"{header}: {i}" for i in frame.index[gone.to_numpy()])
    return out


def collect(at: AppTest, seen: Seen) -> None:
    """Add what ``at`` shows now to ``seen``."""
    seen.texts.extend(unescape(t) for t in texts(at))
    labels = [str(e.value) for e in (*at.title, *at.header, *at.subheader)]
    labels += [str(m.proto.label) for m in at.metric]
    labels += [unescape(str(e.proto.label)) for e in at.expander]
    labels += [str(tab.label) for tab in at.tabs]
    for kind in ("toggle", "checkbox", "radio", "selectbox", "multiselect", "button"):
        labels += [str(w.label) for w in getattr(at, kind)]
    for d in at.dataframe:
        labels += [str(c) for c in d.value.columns]
        seen.missing.extend(missing_cells(d.value))
        seen.cells.extend(str(v) for v in d.value.to_numpy().ravel())
    for node in _walk(at._tree):
        if node.type == "vega_lite_chart":
            titles = list(chart_titles(json.loads(node.proto.spec)))
            labels += titles
            seen.texts.extend(titles)
    seen.labels.extend(labels)
    seen.texts.extend(labels)


def _expander_keys(at: AppTest) -> list[str]:
    keys = []
    for e in at.expander:
        key = str(e.proto.id).rsplit("-", 1)[-1] if "-" in str(e.proto.id) else ""
        if key and key in at.session_state and not e.proto.expanded:
            keys.append(key)
    return keys


def visit(at: AppTest, file: str) -> Seen:
    """Open the page ``file`` (as in dashboard/registry.py) in every state: as it arrives,
    each view tab, with every toggle on, and with every keyed expander open."""
    seen = Seen(file)
    at.switch_page(file).run()
    collect(at, seen)
    for key in VIEW_TABS:
        if key in at.session_state:
            for label in [t.label for t in at.tabs][:5]:
                at.session_state[key] = label
                at.run()
                collect(at, seen)
    for toggle in at.toggle:
        toggle.set_value(True)
    at.run()
    collect(at, seen)
    for _ in range(3):  # an open expander may hold others
        keys = _expander_keys(at)
        if not keys:
            break
        for key in keys:
            at.session_state[key] = True
        at.run()
        collect(at, seen)
    assert not at.exception, [e.value for e in at.exception]
    return seen


def every_page(at: AppTest) -> Iterator[Seen]:
    """``visit`` each page of the registry in menu order."""
    for spec in PAGES:
        yield visit(at, spec.file)


def english_words(text: str, allowed: frozenset[str]) -> list[str]:
    """The English words of ``text`` not in ``allowed`` (case-sensitive)."""
    return [w for w in ENGLISH_WORD.findall(text) if w not in allowed]
