"""Defaults: the plan's KPI targets and baselines, tab titles, locales and secret names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

BACKENDS = ("xlsx", "memory", "google")
LOCALES = ("zh-CN", "en")
DASHBOARD_AUTH = ("none", "password", "oidc")  # [dashboard] auth

# tab key -> title in the workbook (the demo workbook uses the Chinese titles; a tab is
# also found by its key or its Chinese label, whatever this says).
TAB_TITLES: dict[str, str] = {
    "departments": "部门",
    "people": "人员",
    "responsibilities": "权责清单",
    "templates": "流程模板",
    "projects": "协作项目",
    "tasks": "任务进度",
    "disputes": "权责争议",
    "retrospectives": "复盘",
    "survey": "满意度调研",
    "cases": "问题案例库",
    "calendar": "工作日历",
}

# secret name -> environment variable (secrets never live in the TOML file).
SECRET_ENV: dict[str, str] = {
    "google_credentials": "COLLABSHEET_GOOGLE_CREDENTIALS",
    "smtp_password": "COLLABSHEET_SMTP_PASSWORD",
    "feishu_secret": "COLLABSHEET_FEISHU_SECRET",
    "dingtalk_secret": "COLLABSHEET_DINGTALK_SECRET",
    "wecom_key": "COLLABSHEET_WECOM_KEY",
    "slack_webhook": "COLLABSHEET_SLACK_WEBHOOK",
}


@dataclass(frozen=True)
class Kpi:
    """A KPI of the plan: its target and which way is good. Relative targets ("change_*") are
    measured against a baseline taken from data ([baselines] in the config), never a default."""

    zh: str
    en: str
    target: float
    direction: Literal["min", "max", "change_max", "change_min"]
    unit: str


# The plan's numbers (seed document, PRODUCT.md). "change_*" targets are relative to the
# baseline: -0.40 means 40% below the baseline. 以下 and 以内 include the number itself (民法典
# 第1259条: 3%以下 is ≤ 3%, as 推诿扯皮率 5%以下; trial30: 重大争议率 was strictly under).
KPI_DEFAULTS: dict[str, Kpi] = {
    "measure_coverage": Kpi("措施覆盖率", "measure coverage", 0.98, "min", "%"),
    "delay_rate": Kpi("项目延期率", "project delay rate", 0.05, "max", "%"),
    "cycle_time": Kpi("协作项目周期", "project cycle time", -0.40, "change_max", "d"),
    "response_time": Kpi("业务响应速度", "response time", -0.15, "change_max", "wh"),
    "compliance": Kpi("流程合规率", "process compliance", 0.98, "min", "%"),
    "dispute_rate": Kpi("推诿扯皮率", "dispute rate", 0.05, "max", "%"),
    "major_dispute_rate": Kpi("重大争议率", "major dispute rate", 0.03, "max", "%"),
    "omission_rate": Kpi("问题遗漏率", "omission rate", 0.03, "max", "%"),
    "rectification_cycle": Kpi("整改周期", "rectification cycle", 24.0, "max", "wh"),
    "resolution_rate": Kpi("问题解决率", "resolution rate", 0.20, "change_min", "%"),
    "recurrence_rate": Kpi("同类问题重复发生率", "recurrence rate", 0.05, "max", "%"),
    "satisfaction": Kpi("协作满意度", "satisfaction", 0.90, "min", "%"),
    "startup_time": Kpi("新项目启动周期", "start-up time", 3.0, "max", "d"),
    "process_time": Kpi("流程耗时", "process time", -0.40, "change_max", "wh"),
    # per template step: median / that step's baseline ([baselines.process_time_by_step])
    "process_time_by_step": Kpi("流程耗时（按步骤）", "process time by step", 0.60, "max", "%"),
    "communication_efficiency": Kpi("沟通效率", "communication efficiency", 0.40, "change_min",
                                    "pt"),
    "communication_cost": Kpi("沟通成本", "communication cost", -0.35, "change_max", "h"),
    "info_omission_rate": Kpi("信息遗漏率", "information omission rate", 0.03, "max", "%"),
    "team_compliance": Kpi("执行团队达标率", "teams meeting compliance", 0.99, "min", "%"),
    "target_deviation": Kpi("方案目标偏差率", "target deviation", 0.05, "max", "%"),
}  # fmt: skip
