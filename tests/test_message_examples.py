"""docs/messages (issue 17): every example rendered by docs/messages/render.py is there, each
chat payload is within its channel's documented limits as it would be sent, and every item's
link is clickable in its markup."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jobs.notify import dingtalk, feishu, slack, wecom
from jobs.notify.http import encoded

DOCS = Path(__file__).resolve().parents[1] / "docs" / "messages"
INDEX = json.loads((DOCS / "index.json").read_text(encoding="utf-8"))
FILES = sorted(f for by_channel in INDEX["files"].values() for fs in by_channel.values()
               for f in fs)  # fmt: skip


def within(channel: str, body: dict[str, Any]) -> bool:
    """The channel's documented limits (the notifiers' constants), on the body as sent."""
    if channel == "feishu":
        return len(encoded(body)) <= feishu.BODY_BYTES
    if channel == "dingtalk":
        return len(encoded(body)) <= dingtalk.BODY_BYTES
    if channel == "wecom":
        return len(body["markdown"]["content"].encode()) <= wecom.LIMIT
    texts = [b["text"]["text"] for b in body["blocks"] if b["type"] == "section"]
    return len(body["blocks"]) <= slack.BLOCKS and all(len(t) <= slack.SECTION_CHARS
                                                       for t in texts)  # fmt: skip


def test_every_kind_has_an_example_and_every_file_is_there() -> None:
    assert set(INDEX["files"]) == {"reminder", "digest", "escalation", "head", "coordinators",
                                   "assignment"}  # fmt: skip
    assert all(INDEX["files"][k] for k in INDEX["files"])
    assert [f for f in FILES if not (DOCS / f).is_file()] == []
    pngs = [f for f in FILES if f.endswith(".png")]
    assert len(pngs) == 5 and all((DOCS / f).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for f in pngs)


@pytest.mark.parametrize("name", [f for f in FILES if f.endswith(".json")])
def test_each_chat_payload_fits_its_channel_and_links_are_clickable(name: str) -> None:
    channel = name.split(".")[1]
    body = json.loads((DOCS / name).read_text(encoding="utf-8"))
    assert within(channel, body)
    text = json.dumps(body, ensure_ascii=False)
    link = {"feishu": '"tag": "a", "text": "打开表格"', "dingtalk": "[打开表格](https://",
            "wecom": "[打开表格](https://", "slack": "|打开表格>"}[channel]  # fmt: skip
    assert link in text
