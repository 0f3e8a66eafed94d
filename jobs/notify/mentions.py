"""Who a chat channel can @: each platform's id format, checked before an id reaches a payload.

One person column per platform (people tab), because each accepts only its own kind of id:

- DingTalk custom robot: ``at.atMobiles`` with the mobile numbers, and ``@mobile`` in the text,
  or the @ does not notify (open.dingtalk.com/document/robots/custom-robot-access). A mainland
  China mobile: 11 digits, 1[3-9]….
- Feishu / Lark custom bot: the post ``{"tag": "at", "user_id": …}`` takes an open_id
  (``ou_`` + 32 hex) or a user_id; a custom bot cannot @ by union_id (``on_…``), e-mail or
  mobile (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot; ``user_id="all"`` is
  everyone, never accepted here).
- WeCom group robot, markdown: ``<@userid>`` in the content (developer.work.weixin.qq.com/
  document/path/91770); a userid is 1–64 bytes of letters, digits and ``_-@.``, starting
  with a letter or a digit (/document/path/90195, 创建成员).
- Slack: ``<@U…>`` in mrkdwn text; a member id is ``U`` or ``W`` and upper-case letters and
  digits (api.slack.com/reference/surfaces/formatting#mentioning-users).

Nothing that means "everyone" (all, here, channel, 所有人 …) is ever an accepted id.
"""

from __future__ import annotations

import re
from typing import Any

EVERYONE = frozenset({"all", "everyone", "here", "channel", "group", "所有人", "全体成员", "全员"})

FORMATS: dict[str, re.Pattern[str]] = {
    "dingtalk": re.compile(r"^1[3-9]\d{9}$"),
    # an open_id, or a user_id that is neither another kind of Feishu id nor a mobile
    "feishu": re.compile(
        r"^(ou_[0-9a-f]{32}|(?!o[unc]_|1[3-9]\d{9}$)[A-Za-z0-9][A-Za-z0-9_.-]{0,63})$"
    ),
    "wecom": re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$"),
    "slack": re.compile(r"^[UW][A-Z0-9]{2,20}$"),
}
_SEPARATORS = re.compile(r"[\s\-()（）]")


def _mobile(text: str) -> str:
    """A mobile as typed ("138 0000 0002", "+86-138…", 13800000002.0) as its 11 digits."""
    digits = _SEPARATORS.sub("", text)
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == 11 + len(prefix):
            return digits[len(prefix) :]
    return digits


def accepted(kind: str, value: Any) -> str:
    """The id in the form ``kind`` accepts (a mobile's 11 digits), or "" when it is not one."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if kind == "dingtalk":
        text = _mobile(text)
    pattern = FORMATS.get(kind)
    if pattern is None or not pattern.match(text) or text.lower() in EVERYONE:
        return ""
    return text


def only_accepted(kind: str, ids: tuple[str, ...]) -> tuple[str, ...]:
    """The ids a channel of ``kind`` accepts, each once (the last guard before a payload)."""
    return tuple(dict.fromkeys(x for x in (accepted(kind, i) for i in ids) if x))
