"""Text measured in UTF-16 units, as Excel and JavaScript count characters: a character beyond
U+FFFF (an emoji, a rare CJK ideograph) is two. Excel's cell holds 32,767 of them; Slack's
limits count them (jobs/notify/slack.py)."""

from __future__ import annotations


def units(text: str) -> int:
    """``text``'s length in UTF-16 units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def cut(text: str, n: int) -> str:
    """``text`` cut to at most ``n`` UTF-16 units, never inside a character."""
    if units(text) <= n:
        return text
    count = 0
    for i, c in enumerate(text):
        count += 2 if ord(c) > 0xFFFF else 1
        if count > n:
            return text[:i]
    return text
