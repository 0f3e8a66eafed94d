"""Webhook-like URLs typed into human cells: reported (redacted), never called."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from config.schema import is_bot_tab
from jobs.notify import redact
from sheets_sync.finding import Finding, a1, rule

rule(
    "remind.webhook_in_cell", "error",
    ("单元格里填写了疑似机器人 Webhook 地址，它不会被调用",
     "删除该地址；在配置 [channels] 中设置渠道，在单元格里只写渠道名（如 飞书）"),
    ("a webhook-like URL was typed into a cell; it is never called",
     "delete it; configure the channel under [channels] and name only the channel (e.g. feishu)"),
)  # fmt: skip
_WEBHOOK = re.compile(
    r"(?i)https?://\S*(open\.feishu\.cn|larksuite\.com|dingtalk\.com/robot|qyapi\.weixin\.qq"
    r"|hooks\.slack\.com|/webhook|/hook/|access_token=)"
)


def webhook_findings(raw: Mapping[str, Sequence[Sequence[Any]]]) -> list[Finding]:
    """Every human cell holding a webhook-like URL (reported, redacted, never called).

    Every cell of the workbook is looked at, so one comprehension keeps only the text cells
    holding "://" (which any match of ``_WEBHOOK`` holds) and the pattern runs on those."""
    out = []
    for tab, rows in raw.items():
        if is_bot_tab(tab):
            continue
        urls = [
            (r, c, v)
            for r, row in enumerate(rows)
            for c, v in enumerate(row)
            if isinstance(v, str) and "://" in v
        ]
        for r, c, v in urls:
            if _WEBHOOK.search(v):
                out.append(Finding(tab, a1(c, r + 1), redact(v), "remind.webhook_in_cell"))
    return out
