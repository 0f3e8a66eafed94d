"""WeCom (企业微信) group robot: one markdown message per request; success is ``errcode == 0``.

The markdown content is at most 4096 bytes (UTF-8) and a robot sends at most 20 messages a
minute (developer.work.weixin.qq.com/document/path/91770; over it 45009, over the length
40058). A longer message is cut into numbered parts before it gets here
(``jobs.notify.parts``), each its own ledger entry: a 45009 on one part retries that part
alone, never the parts already delivered.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from jobs.notify import Message, Outcome, scrub, transport
from jobs.notify.dingtalk import render
from jobs.notify.escaping import wecom
from jobs.notify.http import Post, coded, post_json
from jobs.notify.mentions import only_accepted
from jobs.notify.parts import Fit

RETRYABLE = (45009, 45033, -1)  # api freq out of limit, too many concurrent, busy
LIMIT = 4096
# 5 items of at most 620 B (a reminder's item says what, who, when, why and what to do, with
# a link): ≈ 3.1 KB, with titles, markup and link words under 4096 B
PER_PART, ITEM_BYTES = 5, 620


def content(message: Message) -> str:
    """The markdown text; WeCom mentions are ``<@userid>`` in the text (markdown has no
    mentioned_list; ``<@all>`` is never written: the ids are checked)."""
    text = render(replace(message, mentions=()), wecom)
    users = only_accepted("wecom", message.mentions)
    if users:
        text += "\n" + " ".join(f"<@{m}>" for m in users)
    return text


def body(message: Message) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"content": content(message)}}


class WeComNotifier:
    """Posts to one WeCom group robot (``.../webhook/send?key=…``)."""

    def __init__(self, url: str, timeout: float = 10.0, post: Post = transport.post) -> None:
        self.url, self.timeout, self.post = url, timeout, post

    @property
    def fit(self) -> Fit:
        return Fit(PER_PART, ITEM_BYTES, self.fits)

    def fits(self, message: Message) -> bool:
        return len(content(message).encode()) <= LIMIT

    def send(self, message: Message) -> Outcome:
        """One request; a message over 4096 bytes is refused here, never cut or dropped."""
        message = scrub(message)
        if not self.fits(message):
            size = len(content(message).encode())
            return Outcome(False, False, f"markdown of {size} bytes is over WeCom's {LIMIT}")
        answer = post_json(self.url, body(message), self.timeout, (self.url,), self.post)
        if isinstance(answer, Outcome):
            return answer
        return coded(answer, "errcode", RETRYABLE, (self.url,))
