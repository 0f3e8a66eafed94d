"""Feishu / Lark custom bot: a signed "post" (rich text) message; success is ``code == 0``."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from config.phrases import language
from jobs.notify import Message, Outcome, link_words, scrub
from jobs.notify.escaping import defuse
from jobs.notify.http import Webhook, coded, encoded, post_json
from jobs.notify.mentions import only_accepted
from jobs.notify.parts import Fit

RETRYABLE = (11232, 2200)  # flow control, internal error
# "the request body of a custom bot must not exceed 20 KB" (open.feishu.cn/document/
# client-docs/bot-v3/add-custom-bot), measured on the body as sent (UTF-8 JSON)
BODY_BYTES = 20 * 1024
PER_PART, ITEM_BYTES = 20, 700  # 20 items of at most 700 B: ≈ 16 KB with titles and markup


def sign(timestamp: int, secret: str) -> str:
    """HMAC-SHA256 keyed with ``timestamp + "\\n" + secret`` over an empty message, base64."""
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def body(message: Message, secret: str | None, timestamp: int) -> dict[str, Any]:
    """The JSON body: a post with one paragraph per item (text tags are never parsed)."""
    lines: list[list[dict[str, str]]] = [[{"tag": "text", "text": defuse(message.intro)}]]
    for s in message.sections:
        lines.append([{"tag": "text", "text": f"【{defuse(s.title)}】"}])
        for it in s.items:
            line = [{"tag": "text", "text": "· " + defuse(it.text) + " "}]
            if it.link.startswith(("http://", "https://")):
                line.append({"tag": "a", "text": link_words(it, message.locale), "href": it.link})
            elif it.link:
                line[0]["text"] += f"({defuse(it.link)})"
            lines.append(line)
    mentions = only_accepted("feishu", message.mentions)  # open_id or user_id, never "all"
    if mentions:
        lines.append([{"tag": "at", "user_id": m} for m in mentions])
    lang = "en_us" if language(message.locale) == "en" else "zh_cn"
    out: dict[str, Any] = {
        "msg_type": "post",
        "content": {"post": {lang: {"title": defuse(message.subject), "content": lines}}},
    }
    if secret:
        out.update(timestamp=str(timestamp), sign=sign(timestamp, secret))
    return out


class FeishuNotifier(Webhook):
    """Posts to one Feishu/Lark group's custom bot."""

    @property
    def fit(self) -> Fit:
        return Fit(PER_PART, ITEM_BYTES, self.fits)

    def fits(self, message: Message) -> bool:
        """Within 20 KB as sent (signed with this bot's secret, so the same length)."""
        return len(encoded(body(message, self.secret, int(self.clock())))) <= BODY_BYTES

    def send(self, message: Message) -> Outcome:
        hidden = (self.url, self.secret)
        payload = body(scrub(message), self.secret, int(self.clock()))
        answer = post_json(self.url, payload, self.timeout, hidden, self.post)
        return answer if isinstance(answer, Outcome) else coded(answer, "code", RETRYABLE, hidden)
