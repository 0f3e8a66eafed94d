"""Webhook-like URLs typed into human cells: reported (redacted), never called."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from typing import Any

from config.schema import is_bot_tab
from jobs.notify import redact
from sheets_sync.finding import Finding, a1, rule

rule(
    "remind.webhook_in_cell", "error",
    ("单元格里填写了疑似机器人 Webhook 地址，它不会被调用",
     "删除该地址：机器人地址只写在配置文件里（[channels]），从不写在表格中；"
     "部门的「通知群」只填 [channels.destinations] 里的名称"),
    ("a webhook-like URL was typed into a cell; it is never called",
     "delete it: a bot's address goes in the config ([channels]), never in a sheet; a "
     "department's 通知群 takes only a name from [channels.destinations]"),
)  # fmt: skip
WEBHOOK = re.compile(
    r"(?i)https?://\S*(open\.feishu\.cn|larksuite\.com|dingtalk\.com/robot|qyapi\.weixin\.qq"
    r"|hooks\.slack\.com|/webhook|/hook/|access_token=)"
)


BLOCK = 4096  # rows looked at together before looking at one row


def _has_url(cells: Iterable[Any]) -> bool:
    """Some text cell holds "://" (which any match of ``WEBHOOK`` holds). C-level iteration,
    and only the text cells are looked at (``str.__instancecheck__``: isinstance(v, str));
    the line breaks that join them cannot make a "://" of two cells."""
    return "://" in "\n".join(filter(str.__instancecheck__, cells))


def webhook_findings(raw: Mapping[str, Sequence[Sequence[Any]]]) -> list[Finding]:
    """Every human cell holding a webhook-like URL (reported, redacted, never called).

    Every cell of every human tab is looked at, known columns or not: a block of ``BLOCK``
    rows, then a row, is passed over at C speed when none of its text cells holds "://"; the
    pattern runs on the text cells that do."""
    out = []
    for tab, rows in raw.items():
        if is_bot_tab(tab):
            continue
        for start in range(0, len(rows), BLOCK):
            block = rows[start : start + BLOCK]
            if not _has_url(chain.from_iterable(block)):
                continue
            for r, row in enumerate(block, start):
                for c, v in enumerate(row) if _has_url(row) else ():
                    if isinstance(v, str) and "://" in v and WEBHOOK.search(v):
                        out.append(Finding(tab, a1(c, r + 1), redact(v), "remind.webhook_in_cell"))
    return out
