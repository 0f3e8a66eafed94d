"""The page's HTML names the code of the elements it will draw, so the browser loads it early."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from dashboard.serve.chunks import plain, preload_links, with_links


def static_dir(tmp_path: Path) -> Path:
    """A Streamlit-like static folder: index.html lists one module, DataFrame imports two."""
    js = tmp_path / "static" / "js"
    css = tmp_path / "static" / "css"
    js.mkdir(parents=True)
    css.mkdir(parents=True)
    (tmp_path / "index.html").write_text(
        '<head><link rel="modulepreload" href="./static/js/runtime.A1.js"></head>'
    )
    (js / "runtime.A1.js").write_text("export const r = 1;")
    (js / "DataFrame.X9.js").write_text(
        'import{a}from"./runtime.A1.js";import{b}from"./grid.B2.js";import"./side.C3.js";'
        'const lazy=()=>import("./editor.D4.js");'
    )
    (js / "grid.B2.js").write_text('import{c}from"./util.E5.js";')
    (js / "side.C3.js").write_text("")
    (js / "util.E5.js").write_text("")
    (js / "editor.D4.js").write_text("")
    (js / "Metric.M1.js").write_text("")
    (css / "DataFrame.Z7.css").write_text("")
    return tmp_path


def test_links_name_element_chunks_and_what_they_import(tmp_path: Path) -> None:
    links = preload_links(("DataFrame", "Metric"), static_dir(tmp_path)).decode()
    named = [part.split('href="./static/')[1].split('"')[0] for part in links.split("<link")[1:]]
    assert named == [
        "js/DataFrame.X9.js",
        "js/Metric.M1.js",
        "js/grid.B2.js",
        "js/side.C3.js",
        "js/util.E5.js",
        "css/DataFrame.Z7.css",
    ]  # not runtime (already in index.html), not editor (loaded only when editing)


def test_a_missing_static_folder_names_nothing(tmp_path: Path) -> None:
    assert preload_links(("DataFrame",), tmp_path / "nowhere") == b""


def respond(messages: list[dict[str, Any]], links: bytes) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def send(message: Any) -> None:
        sent.append(dict(message))

    async def run() -> None:
        wrapped = with_links(send, links)
        for m in messages:
            await wrapped(m)

    asyncio.run(run())
    return sent


def start(content_type: bytes, *extra: tuple[bytes, bytes]) -> dict[str, Any]:
    headers = [(b"content-type", content_type), (b"content-length", b"27"), *extra]
    return {"type": "http.response.start", "status": 200, "headers": headers}


def test_the_page_html_gets_the_links_and_a_right_length() -> None:
    page = [start(b"text/html; charset=utf-8"),
            {"type": "http.response.body", "body": b"<html><head>", "more_body": True},
            {"type": "http.response.body", "body": b"</head><body/></html>"}]  # fmt: skip
    sent = respond(page, b"<link x>")
    body = b"<html><head><link x></head><body/></html>"
    assert sent[1]["body"] == body
    assert dict(sent[0]["headers"])[b"content-length"] == str(len(body)).encode()
    assert len(sent) == 2


def test_other_responses_pass_unchanged() -> None:
    for head in (
        start(b"application/javascript"),
        start(b"text/html", (b"content-encoding", b"gzip")),
    ):
        body = {"type": "http.response.body", "body": b"</head>"}
        assert respond([head, body], b"<link x>") == [head, body]


def test_the_page_is_asked_for_uncompressed() -> None:
    scope = {"type": "http", "headers": [(b"accept-encoding", b"gzip"), (b"host", b"x")]}
    assert plain(scope)["headers"] == [(b"host", b"x")]
    assert scope["headers"][0] == (b"accept-encoding", b"gzip")  # the original is left alone


def test_each_page_names_the_code_of_what_it_draws() -> None:
    from dashboard.registry import page_spec
    from dashboard.serve.chunks import ELEMENTS

    overview = preload_links(page_spec("overview").elements)
    progress = preload_links(page_spec("progress").elements)
    usual = preload_links(ELEMENTS)
    # Streamlit's own chunk names: a failure here means its files changed and the pages' HTML
    # names nothing any more (elements then load as they did before)
    assert b"/Metric." in overview and b"/Table." not in overview  # small tables: Markdown
    assert b"/DataFrame." in progress and b"/Metric." in progress
    assert b"/DataFrame." in usual and b"/ArrowVegaLiteChart." in usual
    # what opens on request is not fetched on arrival: the charts, the grids of the rows behind
    # a KPI, the progress filters (a closed popover), its timeline and task list (closed tabs)
    assert b"/ArrowVegaLiteChart." not in overview and b"/DataFrame." not in overview
    assert b"/ArrowVegaLiteChart." not in progress and b"/Multiselect." not in progress
