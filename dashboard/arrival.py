"""Start the workbook read when a browser asks for a page, not after its JavaScript has loaded.

A first visit spends most of a second fetching and starting Streamlit's JavaScript before the
app script runs and asks for the data; a read of 100,000 tasks takes longer than that. This
ASGI middleware sees the page request itself and, when the cached read is missing or past its
TTL, starts the read on a worker thread; the script's ``load_snapshot`` then takes that read
(waiting for it if needed) instead of starting another. Nothing is read before a visitor
arrives, nor while sign-in is configured (no read before a viewer has signed in); a read not
taken within ``READ_AHEAD_S`` is not used, and its age counts in the TTL.
"""

from __future__ import annotations

import sys
from collections.abc import MutableMapping
from typing import Any

from streamlit import config

from config.errors import CollabsheetError
from config.settings import Settings
from dashboard.backend_url import backend_script, page_segment
from dashboard.chunks import ELEMENTS, plain, preload_links, with_links
from dashboard.data import get_settings, read_ahead
from dashboard.registry import page_spec

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

    def settings(self) -> Settings | None:
        """The dashboard's settings, loaded as the script loads them (so an edited config is
        the same one for both); None if they do not load: the script shows that error."""
        if self._settings is not None:
            return self._settings
        try:
            return get_settings(sys.argv[1:])
        except (CollabsheetError, OSError):
            return None

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if is_page(scope):
            path = str(scope.get("path") or "/")
            in_page = page_segment(path, str(config.get_option("server.baseUrlPath") or ""))
            page = path.rstrip("/").rsplit("/", 1)[-1] if in_page else None  # None: the first
            settings = self.settings()
            if settings is not None:
                read_ahead(settings, page)
            # the page's HTML also says where the server is, and names the code of the
            # elements it will draw
            head = backend_script(in_page) + preload_links(page_spec(page).elements or ELEMENTS)
            scope, send = plain(scope), with_links(send, head)
        await self.app(scope, receive, send)
