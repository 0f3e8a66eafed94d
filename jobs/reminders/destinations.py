"""Departments' 通知群: each names a configured destination (its own group), or is reported."""

from __future__ import annotations

from config.channels import Channels
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
        if isinstance(v, str) and v.strip() and v not in channels.destinations
    ]
