"""Slack incoming webhook: blocks plus fallback text, &, <, > escaped; the answer is ``ok``."""

from __future__ import annotations

from typing import Any

import requests

from jobs.notify import Message, Outcome, scrub
from jobs.notify.escaping import slack
from jobs.notify.http import Post, post_json


def body(message: Message) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": slack(message.subject)[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": slack(message.intro)}},
    ]
    for s in message.sections:
        lines = [f"*{slack(s.title)}*"]
        for it in s.items:
            ok = it.link.startswith(("http://", "https://"))
            link = f" <{it.link.replace('|', '%7C').replace('>', '%3E')}|↗>" if ok else ""
            extra = f" ({slack(it.link)})" if it.link and not ok else ""
            lines.append(f"• {slack(it.text)}{link}{extra}")
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)[:3000]}}
        )
    return {"text": slack(message.subject), "blocks": blocks[:50]}


class SlackNotifier:
    """Posts to one Slack incoming webhook."""

    def __init__(self, url: str, timeout: float = 10.0, post: Post = requests.post) -> None:
        self.url, self.timeout, self.post = url, timeout, post

    def send(self, message: Message) -> Outcome:
        answer = post_json(self.url, body(scrub(message)), self.timeout, (self.url,), self.post)
        if isinstance(answer, Outcome):
            return answer
        if str(answer).strip() == "ok":
            return Outcome(True)
        return Outcome(False, False, f"unexpected answer: {str(answer)[:200]}")
