"""Slack incoming webhook: blocks plus fallback text, &, <, > escaped; the answer is ``ok``.

Block Kit limits (api.slack.com/reference/block-kit/blocks): at most 50 blocks, a section's
text at most 3,000 characters, a header's 150; a message's text at most 40,000 characters
(``msg_too_long``). Characters are counted as UTF-16 units, as JavaScript counts them (an emoji
or a rare CJK ideograph is two; trial23: a section of 2,991 code points was 3,013 units): never
fewer than Slack's count. A section's items are spread over as many section blocks as they need,
each cut at an item boundary (never inside an item or a link); a message that would pass a
limit is cut into numbered parts before it gets here (``jobs.notify.parts``).
"""

from __future__ import annotations

from typing import Any

from jobs.notify import Message, Outcome, link_words, scrub, transport
from jobs.notify.escaping import slack
from jobs.notify.http import Post, post_json
from jobs.notify.mentions import only_accepted
from jobs.notify.parts import Fit
from sheets_sync.text_units import cut
from sheets_sync.text_units import units as chars

BLOCKS, SECTION_CHARS, TEXT_CHARS, HEADER_CHARS = 50, 3000, 40_000, 150
PER_PART, ITEM_BYTES = 20, 1000


def _line(text: str, link: str, words: str) -> str:
    """An item as an mrkdwn line, its link ``<url|words>`` (the url's | and > encoded)."""
    ok = link.startswith(("http://", "https://"))
    mark = f" <{link.replace('|', '%7C').replace('>', '%3E')}|{words}>" if ok else ""
    extra = f" ({slack(link)})" if link and not ok else ""
    return f"• {slack(text)}{mark}{extra}"


def _chunks(lines: list[str], sep: str = "\n") -> list[str]:
    """Lines joined into texts of at most SECTION_CHARS, cut only between lines."""
    out: list[str] = []
    for line in lines:
        if out and chars(out[-1]) + 1 + chars(line) <= SECTION_CHARS:
            out[-1] += sep + line
        else:
            out.append(line)
    return out


def body(message: Message) -> dict[str, Any]:
    header = slack(message.subject)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": cut(header, HEADER_CHARS)}},
        {"type": "section", "text": {"type": "mrkdwn", "text": slack(message.intro)}},
    ]
    for s in message.sections:
        lines = [
            f"*{slack(s.title)}*",
            *(_line(it.text, it.link, link_words(it, message.locale)) for it in s.items),
        ]
        for text in _chunks(lines):
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text}})
    users = only_accepted("slack", message.mentions)  # member ids, never <!channel>
    for text in _chunks([f"<@{m}>" for m in users], " "):
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text}})
    return {"text": header, "blocks": blocks}


def fits(message: Message) -> bool:
    """Within Slack's block, section and text limits."""
    b = body(message)
    texts = [x["text"]["text"] for x in b["blocks"] if x["type"] == "section"]
    return (
        len(b["blocks"]) <= BLOCKS
        and all(chars(t) <= SECTION_CHARS for t in texts)
        and chars(b["text"]) + sum(chars(t) for t in texts) <= TEXT_CHARS
    )


class SlackNotifier:
    """Posts to one Slack incoming webhook."""

    def __init__(self, url: str, timeout: float = 10.0, post: Post = transport.post) -> None:
        self.url, self.timeout, self.post = url, timeout, post

    @property
    def fit(self) -> Fit:
        return Fit(PER_PART, ITEM_BYTES, fits)

    def send(self, message: Message) -> Outcome:
        message = scrub(message)
        answer = post_json(self.url, body(message), self.timeout, (self.url,), self.post)
        if isinstance(answer, Outcome):
            return answer
        if str(answer).strip() == "ok":
            return Outcome(True)
        return Outcome(False, False, f"unexpected answer: {str(answer)[:200]}")
