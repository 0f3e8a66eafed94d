"""The pack's words, Chinese first (the default locale) and English."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "zh-CN": {
        "title": "周例会材料 {week} · {who}", "management": "管理层", "company": "全公司",
        "subject": "周例会材料",
        "period": "统计时间 {at}（{week}：{first} 至 {last}）；范围：{scope}",
        "summary": "概要",
        "count.overdue": "超时事项 {n} 项，其中已升级（2 级及以上）{m} 项",
        "count.disputes": "待裁决争议 {n} 项，其中重大 {m} 项",
        "count.actions": "到期或逾期的整改措施 {n} 项，其中已逾期 {m} 项",
        "count.cases": "本季度复发的问题案例 {n} 个",
        "count.survey": "满意度调研 {q}：收到答卷 {n} 份",
        "count.survey_none": "满意度调研：尚无答卷",
        "kpis": "一、指标变化（全公司，对比目标与上周）",
        "overdue": "二、超时与升级事项", "disputes": "三、待裁决争议",
        "actions": "四、到期与逾期的整改措施", "cases": "五、复发问题（{q}）",
        "survey": "六、满意度调研（{q}）", "none": "本周无。",
        "more": "另有 {n} 项未列出，见同名 xlsx 文件的「{sheet}」表。",
        "yes": "是", "no": "否", "better": "改善", "worse": "变差", "flat": "持平",
        "baseline": "较基线 {v}", "pp": "{v:+.1f} 个百分点", "change": "{v}（{verdict}）",
        "kind.response": "响应", "kind.completion": "完成", "kind.approval": "审批",
        "kind.dispute": "争议", "kind.action": "整改", "kind.retrospective": "复盘",
        "overdue_status": "已逾期", "open_status": "本周到期",
        "sheet.overdue": "超时事项", "sheet.disputes": "待裁决争议", "sheet.actions": "整改措施",
        "sheet.cases": "复发问题", "sheet.survey": "满意度调研", "sheet.kpis": "指标",
        "notice.intro": "本周的周例会材料已生成，请会前阅读（Word、网页和 Excel 清单）：",
        "notice.files": "文件", "notice.counts": "要点",
    },
    "en": {
        "title": "Weekly meeting pack {week} · {who}", "management": "management",
        "company": "the company", "subject": "Weekly meeting pack",
        "period": "As of {at} ({week}: {first} to {last}); scope: {scope}",
        "summary": "Summary",
        "count.overdue": "{n} overdue item(s), {m} of them escalated (level 2 or more)",
        "count.disputes": "{n} dispute(s) awaiting a decision, {m} of them major",
        "count.actions": "{n} retrospective action(s) due or overdue, {m} of them overdue",
        "count.cases": "{n} case(s) recurred this quarter",
        "count.survey": "Survey {q}: {n} answer(s)",
        "count.survey_none": "Survey: no answers yet",
        "kpis": "1. KPIs (the company, against target and last week)",
        "overdue": "2. Overdue and escalated items", "disputes": "3. Disputes awaiting a decision",
        "actions": "4. Retrospective actions due or overdue", "cases": "5. Recurring cases ({q})",
        "survey": "6. Satisfaction survey ({q})", "none": "None this week.",
        "more": "{n} more not listed: see the sheet '{sheet}' of the xlsx file of the same name.",
        "yes": "yes", "no": "no", "better": "better", "worse": "worse", "flat": "flat",
        "baseline": "{v} vs baseline", "pp": "{v:+.1f} pp", "change": "{v} ({verdict})",
        "kind.response": "response", "kind.completion": "completion", "kind.approval": "approval",
        "kind.dispute": "dispute", "kind.action": "action", "kind.retrospective": "retrospective",
        "overdue_status": "overdue", "open_status": "due this week",
        "sheet.overdue": "overdue", "sheet.disputes": "disputes", "sheet.actions": "actions",
        "sheet.cases": "recurring cases", "sheet.survey": "survey", "sheet.kpis": "KPIs",
        "notice.intro": "This week's meeting pack is ready; please read it before the meeting "
        "(Word, web page and Excel lists):",
        "notice.files": "Files", "notice.counts": "Highlights",
    },
}  # fmt: skip


HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "zh-CN": {
        "kpi": ("指标", "本周", "目标", "达标", "上周", "变化", "近 6 周趋势"),
        "overdue": ("级别", "类型", "编号", "项目", "部门", "责任人", "截止", "超时(小时)",
                    "单元格"),
        "disputes": ("编号", "提出时间", "已等待(天)", "涉及部门", "协作场景", "协作环节",
                     "争议描述", "严重程度", "状态", "提出人", "单元格"),
        "actions": ("状态", "截止", "责任人", "部门", "项目", "复盘编号", "问题", "整改措施",
                    "单元格"),
        "cases": ("案例编号", "标题", "类别", "本季度复发", "累计复发", "最近发生", "涉及部门"),
        "survey": ("部门", "答卷数", "在岗人数", "平均总体满意度(1-5)"),
    },
    "en": {
        "kpi": ("KPI", "this week", "target", "met", "last week", "change", "6-week trend"),
        "overdue": ("level", "kind", "ref", "project", "dept", "owner", "due", "hours over",
                    "cell"),
        "disputes": ("id", "raised", "days waiting", "departments", "scenario", "activity",
                     "description", "severity", "status", "raised by", "cell"),
        "actions": ("status", "due", "owner", "dept", "project", "retrospective", "finding",
                    "action", "cell"),
        "cases": ("case", "title", "category", "this quarter", "recurrences", "last seen",
                  "departments"),
        "survey": ("department", "answers", "active people", "mean overall (1-5)"),
    },
}  # fmt: skip


def words(locale: str) -> dict[str, str]:
    return TEXT["en" if locale == "en" else "zh-CN"]


def headers(locale: str) -> dict[str, tuple[str, ...]]:
    return HEADERS["en" if locale == "en" else "zh-CN"]
