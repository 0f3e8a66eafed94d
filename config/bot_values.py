"""The coded values of the bot tabs in Chinese words, by tab and column key.

A bot tab is written in ``[general] locale``: a Chinese workbook's people read 状态 已超时 and
作业 每日运行 under the Chinese column names (config/bot_headers.py), not ``breached`` and
``daily``; an English one reads the codes. Either is read back as the code
(sheets_sync/bot_tab.py), as are the codes of files written before these words, so switching
the language never makes a results file unreadable. The words are the ones the dashboard and
the terminal use for the same values (tests/test_bot_values.py).

The words are a stored format: the ledger knows a message was sent by its 状态 已发送. So a
word is never changed in place: the old one goes to ``FORMER`` (still read as its code,
rewritten in the new word) and tests/test_bot_values.py's copy of this table is updated.
"""

from __future__ import annotations

YES_NO = {"yes": "是", "no": "否"}

# fmt: off
ZH: dict[str, dict[str, dict[str, str]]] = {
    "_checks": {"severity": {"error": "错误", "warning": "警告", "info": "提示"}},
    "_sla": {
        "kind": {"response": "响应", "completion": "完成", "approval": "审批", "dispute": "争议",
                 "action": "整改", "retrospective": "复盘"},
        "clock": {"business": "工作时间", "calendar": "自然时间"},
        "status": {"on_track": "正常", "at_risk": "有风险", "breached": "已超时",
                   "met": "按时完成", "met_late": "超时完成"},
    },
    "_reminders": {
        "status": {"sent": "已发送", "held": "暂缓", "pending": "待重试", "failed": "失败",
                   "dead": "放弃", "carried": "顺延", "sending": "发送中", "superseded": "已取代"},
    },
    "_metrics": {
        "kpi": {"measure_coverage": "措施覆盖率", "delay_rate": "项目延期率",
                "cycle_time": "协作项目周期", "response_time": "业务响应速度",
                "compliance": "流程合规率", "dispute_rate": "推诿扯皮率",
                "major_dispute_rate": "重大争议率", "omission_rate": "问题遗漏率",
                "rectification_cycle": "整改周期", "resolution_rate": "问题解决率",
                "recurrence_rate": "同类问题重复发生率", "satisfaction": "协作满意度",
                "startup_time": "新项目启动周期", "process_time": "流程耗时",
                "process_time_by_step": "流程耗时（按步骤）",
                "communication_efficiency": "沟通效率", "communication_cost": "沟通成本",
                "info_omission_rate": "信息遗漏率", "team_compliance": "执行团队达标率",
                "target_deviation": "方案目标偏差率"},
        "met": YES_NO,
    },
    "_case_links": {"accepted": YES_NO},
    "_runs": {
        "job": {"daily": "每日运行", "hourly": "每小时运行", "remind": "提醒", "validate": "校验",
                "sla": "时限计算", "metrics": "指标计算", "cases": "案例匹配",
                "weekly": "周例会材料", "survey open": "开启调研", "survey remind": "调研提醒",
                "survey close": "关闭调研"},
        "outcome": {"ok": "正常", "errors": "有问题", "failed": "失败"},
    },
}

# words written by an earlier version, by tab and column: still read as their code
FORMER: dict[str, dict[str, dict[str, str]]] = {}
# fmt: on
