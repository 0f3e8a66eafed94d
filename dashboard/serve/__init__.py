"""The dashboard's Streamlit plumbing: everything that makes the pages faster by leaning on
Streamlit's internals or undocumented behaviour, fenced here. The pages (dashboard/app.py,
dashboard/views/) use public API only and never import this package: with the plumbing
switched off (``COLLABSHEET_PLUMBING=off``) or removed they work the same, only slower.

Modules: ``launch`` (the server's command line and environment, ``collabsheet dashboard``),
``server`` (imports the pages before Streamlit listens), ``asgi`` (``st.App`` with the
``arrival`` middleware), ``arrival`` (a page request starts the read), ``ahead`` (the reads
started ahead, taken by ``dashboard.data``), ``backend_url`` and ``chunks`` (what the page's
HTML tells the browser).

Internal or undocumented Streamlit behaviour used, each checked against streamlit 1.67.0
(``CHECKED``; pyproject.toml allows ``>=1.67,<1.68``) and each with a test in
tests/test_dashboard_serve.py that fails naming it when it changes:

1. ``runner.postScriptGC``, a hidden config option (``visibility="hidden"`` in
   streamlit/config.py, absent from the documentation): set to false through the environment
   (``STREAMLIT_RUNNER_POST_SCRIPT_GC``, as Streamlit reads every option), not a flag
   (launch.py). If it goes, Streamlit collects garbage after every script run again.
2. ``window.__streamlit.BACKEND_BASE_URL``: the frontend reads it (for hosted setups) instead
   of probing the page's own path first and its parent 100 ms later (backend_url.py). If it is
   no longer read, the frontend probes as before.
3. The layout of Streamlit's frontend files: ``streamlit/static/index.html`` and one chunk per
   element, ``static/js/<Element>.<hash>.js`` (and ``static/css/``), importing the chunks it
   needs as ``"./<name>.js"`` (chunks.py). If they change, the HTML names nothing and elements
   load when first drawn, as before.
4. The server's routes and the page's HTML: every page address (``/``, ``/progress``) gets
   the same uncompressed ``index.html`` with a ``</head>`` when the request has no
   Accept-Encoding; Streamlit's own endpoints and files live under ``/_stcore/``,
   ``/static/``, ``/component/``, ``/media/`` (arrival.py, chunks.py).
5. The arguments after ``--`` stay in the server process's ``sys.argv`` (documented for the
   script, relied on by the middleware outside any script run: arrival.py).
6. Module names of Streamlit that a first page view imports (``server.STREAMLIT_MODULES``:
   ``streamlit.emojis``, ``streamlit.material_icon_names``,
   ``streamlit.dataframe.lazy_df_adapters``), imported before the server listens; a renamed
   one is skipped and imported on first use, as without the plumbing.

Public API used here, for the record: ``st.App`` with Starlette ``middleware``
(docs.streamlit.io/develop/api-reference/server/st.app), ``python -m streamlit`` (server.py
runs it in its own process, ``runpy``), ``st.get_option``, documented options set as flags
(launch.OPTIONS), ``STREAMLIT_*`` environment variables for options.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

CHECKED = "1.67.0"  # the streamlit release the behaviours above were checked against
SWITCH = "COLLABSHEET_PLUMBING"  # "off" (or 0, false, no): the pages without the plumbing


def plumbing_on(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the dashboard is served with its plumbing (``COLLABSHEET_PLUMBING``, default on)."""
    value = (os.environ if environ is None else environ).get(SWITCH, "on")
    return value.strip().lower() not in ("off", "0", "false", "no")
