"""Streamlit's element code announced up front: ``<link rel="modulepreload">`` in the page's
HTML for the JavaScript chunks of the elements our pages draw, and the modules they import.

Streamlit loads an element's code the first time a page draws one, after the script has sent
it: until then tables, filters and charts are grey placeholders, another round trip at the end
of every first visit. Announced in the HTML, the browser fetches and compiles them while it
starts the app and the server reads the workbook. Only what Streamlit ships is named; if its
files change names or layout, nothing is announced and elements load as before.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import streamlit

# the element kinds a page draws unless its PageSpec says otherwise (chunk names start so)
ELEMENTS = (
    "Radio",
    "Button",
    "DataFrame",
    "Metric",
    "Checkbox",
    "TextInput",
    "Multiselect",
    "ArrowVegaLiteChart",
)
_IMPORT = re.compile(rb'(?:from|import)\s*"\./([\w.\-]+\.js)"')
_LISTED = re.compile(r"static/js/([\w.\-]+\.js)")

Message = MutableMapping[str, Any]
Send = Callable[[Message], Awaitable[None]]


@functools.cache
def preload_links(elements: tuple[str, ...] = ELEMENTS, static: Path | None = None) -> bytes:
    """The ``<link>`` tags for the chunks of ``elements`` not already in Streamlit's
    index.html."""
    root = static or Path(streamlit.__file__).parent / "static"
    js, css = root / "static" / "js", root / "static" / "css"
    try:
        listed = set(_LISTED.findall((root / "index.html").read_text(encoding="utf-8")))
        todo = [p.name for e in elements for p in sorted(js.glob(f"{e}.*.js"))]
        found: list[str] = []
        while todo:
            name = todo.pop(0)
            if name in found or name in listed or not (js / name).is_file():
                continue
            found.append(name)
            todo += [m.decode() for m in _IMPORT.findall((js / name).read_bytes())]
        styles = [p.name for e in elements for p in sorted(css.glob(f"{e}.*.css"))]
    except OSError:
        return b""
    links = [f'<link rel="modulepreload" crossorigin href="./static/js/{n}">' for n in found]
    links += [f'<link rel="preload" as="style" href="./static/css/{n}">' for n in styles]
    return "".join(links).encode()


def plain(scope: Message) -> Message:
    """The request without Accept-Encoding: the page's HTML comes back uncompressed to be
    added to (it is a few kilobytes)."""
    headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]
    return {**scope, "headers": headers}


def with_links(send: Send, links: bytes) -> Send:
    """``send`` for one response: an uncompressed HTML body gets ``links`` before ``</head>``
    (Content-Length corrected); anything else passes through."""
    start: Message | None = None
    body: list[bytes] = []

    async def wrapped(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            named = {k.lower(): v for k, v in message.get("headers", [])}
            html = named.get(b"content-type", b"").startswith(b"text/html")
            if links and html and b"content-encoding" not in named:
                start = message  # held until the whole body is here
                return
            await send(message)
            return
        if message["type"] != "http.response.body" or start is None:
            await send(message)
            return
        body.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        page = b"".join(body).replace(b"</head>", links + b"</head>", 1)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(page)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": page, "more_body": False})

    return wrapped
