"""The bot tabs' column names in Chinese, by tab and column key. A bot tab is written under
the header of ``[general] locale`` (these names for zh-CN, the column keys for en) and read by
either, as files written before these names carry the keys (sheets_sync/bot_tab.py), so
switching the language never makes a results file unreadable."""

from __future__ import annotations

# fmt: off
ZH: dict[str, dict[str, str]] = {
    "_checks": {"run_at": "校验时间", "tab": "工作表", "cell": "单元格", "value": "值",
                "rule": "规则", "severity": "严重程度", "message": "问题", "fix": "修正方法",
                "link": "链接"},
    "_sla": {"key": "编号", "kind": "类型", "ref": "对象", "tab": "工作表", "cell": "单元格",
             "project_id": "项目编号", "dept_id": "部门编号", "person_id": "人员编号",
             "start": "开始时间", "due_at": "截止时间", "clock": "计时方式",
             "goal_h": "时限（小时）",
             "elapsed_h": "已用（小时）", "remaining_h": "剩余（小时）", "status": "状态",
             "level": "升级级别", "paused_since": "暂停起始", "paused_h": "暂停（小时）",
             "explanation": "截止时间说明", "calendar": "日历", "link": "链接"},
    "_reminders": {"key": "编号", "status": "状态", "channel": "渠道", "recipient": "接收人",
                   "subject": "标题", "attempts": "尝试次数", "first_at": "首次时间",
                   "last_at": "最近时间", "sent_at": "发送时间", "next_at": "下次时间",
                   "error": "错误", "run_id": "运行编号", "items": "所含事项"},
    "_metrics": {"date": "日期", "kpi": "指标", "value": "值", "target": "目标", "baseline": "基线",
                 "met": "是否达标", "numerator": "分子", "denominator": "分母"},
    "_case_links": {"retro_id": "复盘编号", "finding_cell": "发现单元格", "case_id": "案例编号",
                    "title": "案例标题", "rank": "排名", "score": "相似度", "matched": "匹配词",
                    "accepted": "是否采纳", "run_at": "运行时间", "link": "链接"},
    "_runs": {"run_id": "运行编号", "job": "作业", "started_at": "开始时间", "ended_at": "结束时间",
              "outcome": "结果", "errors": "错误数", "warnings": "警告数", "rows": "行数",
              "duration_s": "耗时（秒）", "api_requests": "API 请求数", "message": "说明"},
    "_survey_rounds": {"quarter": "季度", "opened_at": "开启时间", "close_on": "截止日期",
                       "closed_at": "关闭时间", "anonymous": "是否匿名", "invited": "邀请人数",
                       "reminded": "提醒人数", "answered": "答卷数", "headcount": "在册人数"},
}
# fmt: on
