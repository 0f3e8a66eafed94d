"""Escaping of cell text per format, so a cell cannot inject links, markup or @all."""

from __future__ import annotations

import html
import re

ZW = "\u200b"  # zero-width space: breaks a mention token without changing what people read
_MENTION = re.compile(r"(?i)([@＠])(\s*)(all|everyone|here|channel|group|所有人|全体成员|全员)")
# a mention tag typed in a cell: Feishu <at user_id="all">, <at id=all>; Slack <!channel>,
# <!here>, <!everyone>, <@U…>; WeCom <@all>, <@userid>: the "<" is kept, the tag broken
_TAG = re.compile(r"(?i)([<＜])(\s*)(?=at\b|[!@＠])")
_MARK = re.compile(r"[@＠<＜]")  # a match of _MENTION or _TAG begins with one of these
_MD = re.compile(r"([\\`*_{}\[\]()<>#+!|~>])")


def defuse(text: str) -> str:
    """No @all / @所有人 / @channel / @here and no mention tag (<at …>, <!here>, <@…>) from a
    cell: each broken by a zero-width space; no leading '=' formula."""
    text = str(text)
    if _MARK.search(text) is None:  # most cells: neither pattern can match (each needs one)
        return "'" + text if text.startswith(("=", "+", "@")) and len(text) > 1 else text
    text = _MENTION.sub(lambda m: m.group(1) + ZW + m.group(2) + m.group(3), text)
    text = _TAG.sub(lambda m: m.group(1) + ZW + m.group(2), text)
    return "'" + text if text.startswith(("=", "+", "@")) and len(text) > 1 else text


def markdown(text: str) -> str:
    """Cell text for Markdown (DingTalk, WeCom): markup characters backslash-escaped."""
    return _MD.sub(r"\\\1", defuse(text)).replace("\n", " ")


# WeCom's markdown (developer.work.weixin.qq.com/document/path/91770: headings, bold, links,
# inline code, quotes, <font color>, <@userid>) documents no backslash escape, so a "\(" would
# show its backslash: each markup character is followed by a zero-width space instead, which
# breaks "**", "[…](…)", "`" and "<font" without a visible change
_WECOM = re.compile(r"([*`\[\]<>_~])")


def wecom(text: str) -> str:
    """Cell text for WeCom markdown: markup broken by zero-width spaces, no backslashes."""
    return _WECOM.sub(r"\1" + ZW, defuse(text)).replace("\n", " ")


def html_text(text: str) -> str:
    """Cell text for HTML mail."""
    return html.escape(defuse(text), quote=True)


def slack(text: str) -> str:
    """Cell text for Slack mrkdwn: &, <, > escaped (so no <!channel> or <url|link>)."""
    t = defuse(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([*_~`])", ZW + r"\1", t)
