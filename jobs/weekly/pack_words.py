"""The pack's words, each key's Chinese (the default locale) and English on one line, and the
column headers of its tables in each language."""

from __future__ import annotations

from config.phrases import Phrases, language

# fmt: off
PHRASES = Phrases("jobs/weekly/pack_words.py", {
    "title": ("周例会材料 {week} · {who}", "Weekly meeting pack {week} · {who}"),
    "management": ("管理层", "management"),
    "company": ("全公司", "the company"),
    "subject": ("周例会材料", "Weekly meeting pack"),
    "period": ("统计时间 {at}（{week}：{first} 至 {last}）；范围：{scope}",
               "As of {at} ({week}: {first} to {last}); scope: {scope}"),
    "summary": ("概要", "Summary"),
    "count.overdue": ("超时与升级事项 {n} 项，其中已升级（2 级及以上）{m} 项",
                      "{n} overdue or escalated item(s), {m} of them escalated (level 2 or more)"),
    "count.disputes": ("待裁决争议 {n} 项，其中重大 {m} 项",
                       "{n} dispute(s) awaiting a decision, {m} of them major"),
    "count.actions": ("到期或已超时的整改措施 {n} 项，其中已超时 {m} 项",
                      "{n} retrospective action(s) due or overdue, {m} of them overdue"),
    "count.cases": ("本季度复发的问题案例 {n} 个", "{n} case(s) recurred this quarter"),
    "count.survey": ("满意度调研 {q}：收到答卷 {n} 份", "Survey {q}: {n} answer(s)"),
    "count.survey_none": ("满意度调研：尚无答卷", "Survey: no answers yet"),
    "kpis": ("一、指标变化（全公司，对比目标与上周）",
             "1. KPIs (the company, against target and last week)"),
    "overdue": ("二、超时与升级事项", "2. Overdue and escalated items"),
    "disputes": ("三、待裁决争议", "3. Disputes awaiting a decision"),
    "actions": ("四、到期与超时的整改措施", "4. Retrospective actions due or overdue"),
    "cases": ("五、复发问题（{q}）", "5. Recurring cases ({q})"),
    "survey": ("六、满意度调研（{q}）", "6. Satisfaction survey ({q})"),
    "none": ("本周无。", "None this week."),
    # a tab not read (trial26: 待裁决争议 本周无 while three escalated disputes were unread)
    "unread": ("⚠ 未能读取的工作表：{tabs}。本材料不含其中的事项，相关数字可能偏少；请先修正（见 "
               "_checks 或 collabsheet validate）。",
               "⚠ Tabs not read: {tabs}. Their items are not in this pack and its counts may be "
               "low; correct them first (see _checks or collabsheet validate)."),
    "none_unread": ("本节的来源「{tabs}」未能读取：没有列出的事项不表示本周无。",
                    "Its source '{tabs}' could not be read: nothing listed does not mean none."),
    # rows left out for an error (trial26: a repeated id, an empty 提出人 vanished unsaid)
    "left": ("⚠ 以下行填写有误，未计入本材料：{rows}。请按 _checks 或 collabsheet validate 的提示"
             "修正。",
             "⚠ These rows have errors and are not in this pack: {rows}. Correct them as _checks "
             "or collabsheet validate says."),
    "left.tab": ("「{tab}」第 {rows} 行", "'{tab}' row(s) {rows}"),
    "left.more": ("{rows} 等 {n}", "{rows} and {more} more"),
    "none_left": ("没有列出的事项；但「{tabs}」有填写有误、未计入的行（见文首），"
                  "其中的事项不在此列。",
                  "Nothing listed; but '{tabs}' has rows with errors that are not counted (see "
                  "the top), and their items are not here."),
    "more": ("另有 {n} 项未列出，见同名 xlsx 文件的「{sheet}」表。",
             "{n} more not listed: see the sheet '{sheet}' of the xlsx file of the same name."),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "better": ("改善", "better"),
    "worse": ("变差", "worse"),
    "flat": ("持平", "flat"),
    "baseline": ("较基线 {v}", "{v} vs baseline"),
    "pp": ("{v:+.1f} 个百分点", "{v:+.1f} pp"),
    "change": ("{v}（{verdict}）", "{v} ({verdict})"),
    "kind.response": ("响应", "response"),
    "kind.completion": ("完成", "completion"),
    "kind.approval": ("审批", "approval"),
    "kind.dispute": ("争议", "dispute"),
    "kind.action": ("整改", "action"),
    "kind.retrospective": ("复盘", "retrospective"),
    "kind.sep": ("、", ", "),  # a task late to respond and to finish: 响应、完成
    "overdue_status": ("已超时", "overdue"),
    # AHEAD (jobs/weekly/agenda.py): the coming 7 days, not the calendar week (trial26)
    "open_status": ("7 天内到期", "due within 7 days"),
    # a 截止时间 typed and not read: the limit's due, said (trial26: shown as if typed)
    "due_unread": ("{due}（「{typed}」无法识别，按时限计算）",
                   "{due} ('{typed}' unreadable: by the limit)"),
    "not_over": ("未超时", "not yet"),  # escalated before its due: a major dispute
    "wall_hours": ("{h}（自然小时）", "{h} (wall-clock)"),  # a rule on the calendar clock
    "sheet.overdue": ("超时事项", "overdue"),
    "sheet.disputes": ("待裁决争议", "disputes"),
    "sheet.actions": ("整改措施", "actions"),
    "sheet.cases": ("复发问题", "recurring cases"),
    "sheet.survey": ("满意度调研", "survey"),
    "sheet.kpis": ("指标", "KPIs"),
    "notice.intro": (
        "本周的周例会材料已生成，请会前阅读（Word、网页和 Excel 清单）：",
        "This week's meeting pack is ready; please read it before the meeting (Word, web page "
        "and Excel lists):",
    ),
    "notice.files": ("文件：{f}", "File: {f}"),
    # the coordinators' message holds every pack (trial29: 全公司, a file that does not exist)
    "notice.all": ("全部材料（管理层与各部门）", "every pack (management and departments)"),
    "notice.week": ("{y}年第{n}周（{m1}月{d1}日–{m2}月{d2}日）", "{week} ({d1} {b1}–{d2} {b2})"),
    "notice.page": ("看板「周报」页", "the dashboard's 周报 page"),
    "notice.open": ("打开", "open"),
    "notice.no_link": (
        "看板地址未配置（[survey] base_url 是本机地址 {url}），无法附周报页链接；文件在服务器上：",
        "The dashboard's address is not configured ([survey] base_url is this machine's {url}), "
        "so there is no link to the 周报 page; the files are on the server:",
    ),
    "notice.ask": (
        "看板还没有同事能打开的地址，无法附周报页链接；以下文件请向协调员索取：",
        "The dashboard has no address colleagues can open yet, so there is no link to the "
        "weekly page; ask a coordinator for these files:",
    ),
    "notice.counts": ("要点", "Highlights"),
})
# fmt: on


HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "zh-CN": {
        "kpi": ("指标", "本周", "目标", "达标", "上周", "变化", "近 6 周趋势"),
        "overdue": ("级别", "类型", "编号", "项目", "部门", "责任人", "截止", "超时(工作小时)",
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
        "overdue": ("level", "kind", "ref", "project", "dept", "owner", "due", "working hours over",
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
    """Every phrase of the pack in ``locale``'s language, by key."""
    return PHRASES.words(locale)


def headers(locale: str) -> dict[str, tuple[str, ...]]:
    """The column headers of the pack's tables in ``locale``'s language, by table."""
    return HEADERS[language(locale)]
