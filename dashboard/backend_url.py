"""Where the browser finds the dashboard's server, written into each page's HTML.

Streamlit's frontend cannot tell which part of a page's address is the server's base path and
which is the page (``/progress``), so it first probes the page's own path
(``/progress/_stcore/health``) and, when that fails, waits its 100 ms retry period before it
probes the parent: a tenth of a second on every visit to a page other than the first. Told the
base (``window.__streamlit.BACKEND_BASE_URL``, which Streamlit reads for hosted setups), it
probes that only. The base is the page's address without the page's own segment, so it holds
behind a proxy that serves the dashboard under a path prefix; a value a host page set is kept.
If Streamlit stops reading it, the frontend probes as before.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from dashboard.registry import PAGES

# (pathname, page keys) -> the base path, ending in "/": the pathname without a last segment
# that is a page key ("/collab/progress" -> "/collab/", "/" -> "/")
BASE_JS = (
    '(path, keys) => { let p = path.replace(/\\/+$/, ""); '
    'const last = p.slice(p.lastIndexOf("/") + 1); '
    "if (keys.includes(last)) p = p.slice(0, p.length - last.length); "
    'return p.replace(/\\/*$/, "/"); }'
)


KEYS = tuple(spec.key for spec in PAGES)


def backend_script(keys: Sequence[str] = KEYS) -> bytes:
    """The ``<script>`` that sets ``window.__streamlit.BACKEND_BASE_URL`` for this page."""
    base = f"location.origin + ({BASE_JS})(location.pathname, {json.dumps(list(keys))})"
    return (
        f"<script>window.__streamlit = window.__streamlit || {{BACKEND_BASE_URL: {base}}};</script>"
    ).encode()
