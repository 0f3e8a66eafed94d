"""The dashboard as an ASGI app (``st.App``): Streamlit plus ``ReadOnArrival``.

``streamlit run dashboard/asgi.py -- --config PATH`` serves ``app.py`` as ``streamlit run
dashboard/app.py`` would (same flags, pages, sign-in and secrets), and a page request starts
the workbook read while the browser loads Streamlit (dashboard/arrival.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:  # `streamlit run` puts only dashboard/ on the path
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from dashboard.arrival import ReadOnArrival  # noqa: E402

app = st.App(
    str(Path(__file__).resolve().parent / "app.py"), middleware=[Middleware(ReadOnArrival)]
)
