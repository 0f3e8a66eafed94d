"""Start the workbook read when a browser asks for a page, not after its JavaScript has loaded.

A first visit spends most of a second fetching and starting Streamlit's JavaScript before the
app script runs and asks for the data; a read of 100,000 tasks takes longer than that. This
ASGI middleware sees the page request itself and, when the cached read is missing or past its
TTL, starts the read on a worker thread; the script's ``load_snapshot`` then takes that read
(waiting for it if needed) instead of starting another (dashboard/serve/ahead.py). Nothing is
read before a visitor arrives, nor while sign-in is configured (no read before a viewer has
signed in). The page's HTML also gets where the server is (backend_url.py) and the code of
the elements it will draw (chunks.py).
"""

from __future__ import annotations

import sys
from collections.abc import MutableMapping
from typing import Any

import streamlit as st

from config.errors import CollabsheetError
from config.settings import Settings
from dashboard.data import get_settings
from dashboard.registry import page_spec
from dashboard.serve import ahead
from dashboard.serve.backend_url import backend_script, page_segment
from dashboard.serve.chunks import ELEMENTS, plain, preload_links, with_links

Scope = MutableMapping[str, Any]
# requests that are not a page: Streamlit's own endpoints and static files
NOT_PAGES = ("/_stcore/", "/static/", "/component/", "/media/", "/favicon")


def is_page(scope: Scope) -> bool:
    """A browser's GET of a page (``/``, ``/overview``…), not of an asset or endpoint."""
    if scope.get("type") != "http" or scope.get("method") != "GET":
        return False
    path = str(scope.get("path") or "/")
    endpoint = any(part in path for part in NOT_PAGES)  # also under a base URL path
    return not endpoint and "." not in path.rsplit("/", 1)[-1]


class ReadOnArrival:
    """ASGI middleware: a page request starts the read (see the module docstring)."""

    def __init__(self, app: Any, settings: Settings | None = None) -> None:
        self.app = app
        self._settings = settings
        ahead.install()  # the scripts take the reads this starts

    def settings(self) -> Settings | None:
        """The dashboard's settings, loaded as the script loads them (so an edited config is
        the same one for both: Streamlit leaves the arguments after ``--`` in the server
        process's ``sys.argv``); None if they do not load: the script shows that error."""
        if self._settings is not None:
            return self._settings
        try:
            return get_settings(sys.argv[1:])
        except (CollabsheetError, OSError):
            return None

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if is_page(scope):
            path = str(scope.get("path") or "/")
            in_page = page_segment(path, str(st.get_option("server.baseUrlPath") or ""))
            page = path.rstrip("/").rsplit("/", 1)[-1] if in_page else None  # None: the first
            settings = self.settings()
            if settings is not None:
                ahead.read_ahead(settings, page)
            # the page's HTML also says where the server is, and names the code of the
            # elements it will draw
            head = backend_script(in_page) + preload_links(page_spec(page).elements or ELEMENTS)
            scope, send = plain(scope), with_links(send, head)
        await self.app(scope, receive, send)
