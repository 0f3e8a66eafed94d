"""The reminder texts of each locale: subjects, intros, item words."""

from __future__ import annotations

# fmt: off
TEXT: dict[str, dict[str, str]] = {
    "zh-CN": {
        "digest": "【每日提醒】{date} {name}",
        "digest_intro": "以下事项需要关注（按项目分组）：",
        "head": "【部门升级】{date} {name}", "head_intro": "本部门超时事项（升级级别 ≥ 2）：",
        "mgmt": "【管理层升级】{date} {name}", "mgmt_intro": "需要您决策的严重超时事项与争议：",
        "meeting": "【会议清单】{date}", "meeting_intro": "本次协调会议的重要事项：",
        "urgent": "【紧急升级】{ref} 已严重超时",
        "urgent_intro": "以下事项已达最高升级级别，请立即处理：",
        "group": "【每日提醒】{date} {name}", "failed": "发送失败的提醒", "none": "无项目",
        "due": "截止", "response": "响应", "completion": "完成", "approval": "审批",
        "dispute": "争议", "action": "整改", "at_risk": "即将超时", "breached": "已超时",
        "on_track": "今日到期", "level": "升级",
        "cases": "可能是已知案例（若是，请在复盘表填写案例编号）",
        "recurring": "本季度反复出现的问题（≥ 2 次）",
    },
    "en": {
        "digest": "Daily reminder {date}: {name}",
        "digest_intro": "Items that need you, by project:",
        "head": "Department escalation {date}: {name}",
        "head_intro": "Your department's overdue items (level 2 or more):",
        "mgmt": "Management escalation {date}: {name}",
        "mgmt_intro": "Seriously overdue items and disputes waiting for your decision:",
        "meeting": "Meeting list {date}",
        "meeting_intro": "Important items for the coordination meeting:",
        "urgent": "URGENT: {ref} is seriously overdue",
        "urgent_intro": "This item reached the top escalation level; act now:",
        "group": "Daily reminder {date}: {name}", "failed": "Reminders that could not be sent",
        "none": "no project", "due": "due", "response": "response", "completion": "completion",
        "approval": "approval", "dispute": "dispute", "action": "action",
        "at_risk": "at risk", "breached": "overdue", "on_track": "due today", "level": "level",
        "cases": "Looks like a known case (if so, enter its case_id in the retrospective)",
        "recurring": "Problems recurring this quarter (2 or more times)",
    },
}
# fmt: on
