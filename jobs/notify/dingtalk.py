"""DingTalk custom robot: signed markdown; success is ``errcode == 0``.

Mentions are mobiles (``at.atMobiles``), and an @ only notifies when the text also contains
``@mobile``, so both are added; ``isAtAll`` is always false.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse
from collections.abc import Callable
from typing import Any

from jobs.notify import Message, Outcome, link_words, scrub
from jobs.notify.escaping import defuse, markdown
from jobs.notify.http import Webhook, coded, encoded, post_json
from jobs.notify.mentions import only_accepted
from jobs.notify.parts import Fit

RETRYABLE = (130101, -1)  # sent too fast (20/min), system busy
# the custom robot's message body is limited to 20,000 bytes (open.dingtalk.com/document/
# robots/custom-robot-access, "消息类型及数据格式"), measured on the body as sent
BODY_BYTES = 20_000
PER_PART, ITEM_BYTES = 20, 700


def sign(timestamp_ms: int, secret: str) -> str:
    """HMAC-SHA256 keyed with the secret over ``timestamp_ms + "\\n" + secret``, base64."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256)
    return base64.b64encode(digest.digest()).decode()


def signed_url(url: str, secret: str | None, timestamp_ms: int) -> str:
    """The webhook URL with ``&timestamp=…&sign=…`` (the sign URL-encoded exactly once)."""
    if not secret:
        return url
    sep = "&" if "?" in url else "?"
    signature = urllib.parse.quote_plus(sign(timestamp_ms, secret))
    return f"{url}{sep}timestamp={timestamp_ms}&sign={signature}"


def md_url(url: str) -> str:
    """A URL as a Markdown link target: the characters that would end it percent-encoded."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def render(message: Message, escape: Callable[[str], str] = markdown) -> str:
    """The markdown text: title, sections, items with links, then the @ mentions (``escape``:
    how a text is kept from being markup; WeCom's has no backslash escape)."""
    out = [f"#### {escape(message.subject)}", "", escape(message.intro), ""]
    for s in message.sections:
        out.append(f"**{escape(s.title)}**")
        out.append("")
        for it in s.items:
            ok = it.link.startswith(("http://", "https://"))
            link = f" [{link_words(it, message.locale)}]({md_url(it.link)})" if ok else ""
            extra = f" ({escape(it.link)})" if it.link and not link else ""
            out.append(f"- {escape(it.text)}{link}{extra}")
        out.append("")
    mobiles = only_accepted("dingtalk", message.mentions)
    if mobiles:
        out.append(" ".join(f"@{m}" for m in mobiles))
    return "\n".join(out)


def body(message: Message) -> dict[str, Any]:
    mobiles = list(only_accepted("dingtalk", message.mentions))
    return {
        "msgtype": "markdown",
        # the title is plain text ("首屏会话透出的展示内容", the chat list's preview): defused only
        "markdown": {"title": defuse(message.subject), "text": render(message)},
        "at": {"atMobiles": mobiles, "isAtAll": False},
    }


class DingTalkNotifier(Webhook):
    """Posts to one DingTalk group's custom robot."""

    @property
    def fit(self) -> Fit:
        return Fit(PER_PART, ITEM_BYTES, self.fits)

    def fits(self, message: Message) -> bool:
        return len(encoded(body(message))) <= BODY_BYTES

    def send(self, message: Message) -> Outcome:
        hidden = (self.url, self.secret)
        url = signed_url(self.url, self.secret, round(self.clock() * 1000))
        answer = post_json(url, body(scrub(message)), self.timeout, hidden, self.post)
        return (
            answer if isinstance(answer, Outcome) else coded(answer, "errcode", RETRYABLE, hidden)
        )
