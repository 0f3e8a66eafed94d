"""WeCom (企业微信) group robot: markdown split by bytes to at most 4096; ``errcode == 0``."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import requests

from jobs.notify import Message, Outcome, scrub
from jobs.notify.dingtalk import render
from jobs.notify.http import Post, coded, post_json

RETRYABLE = (45009, 45033, -1)  # api freq out of limit, too many concurrent, busy
LIMIT = 4096


def split(text: str, limit: int = LIMIT) -> list[str]:
    """Chunks of at most ``limit`` UTF-8 bytes, cut at line ends where possible."""
    parts: list[str] = []
    cur = ""
    for line in text.splitlines(keepends=True):
        while len(line.encode()) > limit:  # one huge line: cut it at a character boundary
            cut = line.encode()[:limit].decode(errors="ignore")
            if cur:
                parts.append(cur)
                cur = ""
            parts.append(cut)
            line = line[len(cut) :]
        if len((cur + line).encode()) > limit:
            parts.append(cur)
            cur = ""
        cur += line
    if cur:
        parts.append(cur)
    return parts


def bodies(message: Message) -> list[dict[str, Any]]:
    text = render(replace(message, mentions=()))
    if message.mentions:  # WeCom mentions are <@userid> in the markdown text
        text += "\n" + " ".join(f"<@{m}>" for m in message.mentions)
    return [{"msgtype": "markdown", "markdown": {"content": p}} for p in split(text)]


class WeComNotifier:
    """Posts to one WeCom group robot (``.../webhook/send?key=…``)."""

    def __init__(self, url: str, timeout: float = 10.0, post: Post = requests.post) -> None:
        self.url, self.timeout, self.post = url, timeout, post

    def send(self, message: Message) -> Outcome:
        """Every part in order; a failure after a delivered part resends all parts next run."""
        for payload in bodies(scrub(message)):
            answer = post_json(self.url, payload, self.timeout, (self.url,), self.post)
            outcome = (
                answer if isinstance(answer, Outcome)
                else coded(answer, "errcode", RETRYABLE, (self.url,))
            )  # fmt: skip
            if not outcome.ok:
                return outcome
        return Outcome(True)
