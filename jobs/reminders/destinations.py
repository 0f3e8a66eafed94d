"""Departments' 通知群: each names a configured destination (its own group), or is reported."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from config.channels import Channels
from jobs.reminders.people import retired_findings
from jobs.reminders.webhooks import WEBHOOK, webhook_findings
from sheets_sync.finding import Finding, rule
from sheets_sync.workbook import Workbook

rule(
    "remind.destination_unknown", "error",
    ("通知群「{value}」没有在配置中设置，该部门的消息改走「通知渠道」",
     "在配置中添加 [channels.destinations.{value}]（kind、webhook_env），或改成已配置的：{known}"),
    ("notification group '{value}' is not configured; the department's messages go by its channel",
     "add [channels.destinations.{value}] (kind, webhook_env) to the config, or name one of: "
     "{known}"),
)  # fmt: skip


def destination_findings(wb: Workbook, channels: Channels) -> list[Finding]:
    """One finding per 部门 cell naming a destination that ``[channels.destinations]`` lacks."""
    table = wb["departments"]
    if "destination" not in table.positions:
        return []
    known = "、".join(channels.destinations) or "—"
    return [
        Finding(
            table.title,
            table.cell("destination", i),
            v,
            "remind.destination_unknown",
            {"known": known},
        )
        for i, v in enumerate(table.column("destination"))
        # a webhook typed for the group's name is its own finding (``webhook_findings``): not
        # also "add [channels.destinations.https://…]" (trial18)
        if isinstance(v, str) and v.strip() and v not in channels.destinations
        and not WEBHOOK.search(v)
    ]  # fmt: skip


def sheet_findings(
    raw: Mapping[str, Sequence[Sequence[Any]]], wb: Workbook, channels: Channels
) -> list[Finding]:
    """What the sheets hold wrong for delivery before any message is planned: a webhook typed
    into a cell, a 通知群 the config lacks, a person retired but still named. Every run that
    writes ``_checks`` lists them: ``validate`` dropped them from the tab (trial18)."""
    return webhook_findings(raw) + destination_findings(wb, channels) + retired_findings(raw, wb)
