"""The coded values of the bot tabs in Chinese words, by tab and column key.

A bot tab is written in ``[general] locale``: a Chinese workbook's people read 状态 已超时 and
作业 每日运行 under the Chinese column names (config/bot_headers.py), not ``breached`` and
``daily``; an English one reads the codes. Either is read back as the code
(sheets_sync/bot_tab.py), as are the codes of files written before these words, so switching
the language never makes a results file unreadable. The words are the ones the dashboard and
the terminal use for the same values (tests/test_bot_values.py).
"""

from __future__ import annotations

from config.defaults import KPI_DEFAULTS

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
    "_metrics": {"kpi": {key: kpi.zh for key, kpi in KPI_DEFAULTS.items()}, "met": YES_NO},
    "_case_links": {"accepted": YES_NO},
    "_runs": {
        "job": {"daily": "每日运行", "hourly": "每小时运行", "remind": "提醒", "validate": "校验",
                "sla": "时限计算", "metrics": "指标计算", "cases": "案例匹配",
                "weekly": "周例会材料", "survey open": "开启调研", "survey remind": "调研提醒",
                "survey close": "关闭调研"},
        "outcome": {"ok": "正常", "errors": "有问题", "failed": "失败"},
    },
}
# fmt: on
