"""Where the browser finds the dashboard's server, written into each page's HTML.

Streamlit's frontend cannot tell which part of a page's address is the server's base path and
which is the page (``/progress``), so it first probes the page's own path
(``/progress/_stcore/health``) and, when that fails, waits its 100 ms retry period before it
probes the parent: a tenth of a second on every visit to a page other than the first. Told the
base (``window.__streamlit.BACKEND_BASE_URL``, which Streamlit reads for hosted setups), it
probes that only. The server knows whether the requested path ends in a page (after its own
``server.baseUrlPath``); the browser drops that segment from the address it shows, so a proxy
that serves the dashboard under a path prefix is followed too. An existing
``window.__streamlit`` (set by a page that embeds the dashboard) is left as it is. If
Streamlit stops reading the value, the frontend probes as before.
"""

from __future__ import annotations

from dashboard.registry import PAGES

KEYS = frozenset(spec.key for spec in PAGES)
# (pathname, 1 if it ends in a page's segment else 0) -> the base path, ending in "/"
BASE_JS = (
    '(path, page) => { let p = path.replace(/\\/+$/, ""); '
    'if (page) p = p.slice(0, p.lastIndexOf("/")); return p + "/"; }'
)


def page_segment(path: str, base: str = "") -> bool | None:
    """Whether the request path ``path`` (the server's, under its ``base`` path) ends in a
    page's own segment (``/progress``: True) or is the base itself (the first page: False);
    None for any other address (a mistyped page: the frontend then finds the server itself)."""
    rest = path.strip("/")
    base = base.strip("/")
    if base and (rest == base or rest.startswith(f"{base}/")):
        rest = rest[len(base) :].strip("/")
    if rest in KEYS:
        return True
    return False if not rest else None


def backend_script(page: bool | None) -> bytes:
    """The ``<script>`` that sets ``window.__streamlit.BACKEND_BASE_URL`` for a page whose
    address ends in a page segment (``page``) or is the base; nothing for another address."""
    if page is None:
        return b""
    base = f"location.origin + ({BASE_JS})(location.pathname, {int(page)})"
    return (
        f"<script>window.__streamlit = window.__streamlit || {{BACKEND_BASE_URL: {base}}};</script>"
    ).encode()
