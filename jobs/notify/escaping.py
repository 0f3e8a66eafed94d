"""Escaping of cell text per format, so a cell cannot inject links, markup or @all."""

from __future__ import annotations

import html
import re

ZW = "\u200b"  # zero-width space: breaks a mention token without changing what people read
_MENTION = re.compile(r"(?i)([@＠])(all|everyone|here|channel|所有人)")
_MD = re.compile(r"([\\`*_{}\[\]()<>#+!|~>])")


def defuse(text: str) -> str:
    """No @all / @所有人 / @channel / @here from a cell; no leading '=' formula."""
    text = _MENTION.sub(lambda m: m.group(1) + ZW + m.group(2), str(text))
    return "'" + text if text.startswith(("=", "+", "@")) and len(text) > 1 else text


def markdown(text: str) -> str:
    """Cell text for Markdown (DingTalk, WeCom): markup characters backslash-escaped."""
    return _MD.sub(r"\\\1", defuse(text)).replace("\n", " ")


def html_text(text: str) -> str:
    """Cell text for HTML mail."""
    return html.escape(defuse(text), quote=True)


def slack(text: str) -> str:
    """Cell text for Slack mrkdwn: &, <, > escaped (so no <!channel> or <url|link>)."""
    t = defuse(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([*_~`])", ZW + r"\1", t)
