"""The dashboard as an ASGI app (``st.App``): Streamlit plus ``ReadOnArrival``.

``streamlit run dashboard/serve/asgi.py -- --config PATH`` serves ``dashboard/app.py`` as
``streamlit run dashboard/app.py`` would (same flags, pages, sign-in and secrets), and a page
request starts the workbook read while the browser loads Streamlit (arrival.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:  # `streamlit run` puts only dashboard/serve/ on the path
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from dashboard.serve.arrival import ReadOnArrival  # noqa: E402

SCRIPT = Path(__file__).resolve().parents[1] / "app.py"

app = st.App(str(SCRIPT), middleware=[Middleware(ReadOnArrival)])
