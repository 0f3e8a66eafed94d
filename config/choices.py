"""The choices of the schema's enum columns: each value's English key (code, config, docs) and
its Chinese label (what people pick or type in the sheet); a cell may hold either."""

from __future__ import annotations

from typing import Any

STATUS_PROJECT = (
    ("planned", "计划中"),
    ("active", "进行中"),
    ("done", "已完成"),
    ("cancelled", "已取消"),
)
STATUS_TASK = (("todo", "待办"), ("doing", "进行中"), ("blocked", "受阻"), ("done", "已完成"))
STATUS_DISPUTE = (
    ("open", "待处理"),
    ("negotiating", "协商中"),
    ("escalated", "已升级"),
    ("decided", "已裁决"),
)
ACTION_STATUS = (("todo", "待整改"), ("doing", "整改中"), ("done", "已完成"))
CATEGORY = (
    ("process", "流程卡点"),
    ("communication", "沟通障碍"),
    ("responsibility", "权责漏洞"),
    ("other", "其他"),
)
ROLE = (("member", "成员"), ("head", "负责人"), ("manager", "管理层"), ("coordinator", "协调员"))
KIND = (("handoff", "传递"), ("work", "执行"), ("approval", "审批"), ("review", "验收"))
SCALE = (("small", "小"), ("medium", "中"), ("large", "大"))
SEVERITY = (("normal", "一般"), ("major", "重大"))
PRIORITY = (("urgent", "紧急"), ("high", "高"), ("medium", "中"), ("low", "低"))
DAY_KIND = (("holiday", "休息日"), ("workday", "工作日"))
CHANNEL = (
    ("email", "邮件"),
    ("feishu", "飞书"),
    ("dingtalk", "钉钉"),
    ("wecom", "企业微信"),
    ("slack", "Slack"),
    ("outbox", "本地发件箱"),
)
RATING: dict[str, Any] = {"minimum": 1, "maximum": 5}
