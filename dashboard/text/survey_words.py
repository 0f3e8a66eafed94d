"""The survey's words in both languages: the survey page and the form a personal link opens."""

from __future__ import annotations

# fmt: off
STRINGS: dict[str, tuple[str, str]] = {
    # survey
    "survey.clarity": ("权责清晰度", "clarity"),
    "survey.smoothness": ("流程顺畅度", "smoothness"),
    "survey.communication": ("沟通效率", "communication"),
    "survey.overall": ("总体满意度", "Overall"),
    "survey.quarters": ("调研季度数", "Quarters surveyed"),
    "survey.responses": ("答卷数", "Responses"),
    "survey.quarter_help": (
        "热力图和意见建议按所选季度显示。",
        "The heatmap and the comments show the chosen quarter.",
    ),
    "survey.by_dept": (
        "{q} 各部门三项评分（1–5）",
        "{q}: the three dimensions by department (1–5)",
    ),
    "survey.rate": (
        "各季度满意率（三项评分均值达到满意线，虚线为目标）",
        "Satisfaction rate per quarter (three-dimension mean at the bar; dashed: target)",
    ),
    "survey.trend": ("各季度三项评分均值", "Mean of each dimension per quarter"),
    "survey.mean": ("平均分", "Mean"),
    "survey.comments": ("意见建议", "Comments"),
    "survey.comment_count": ("{q} 共 {n} 条意见", "{n} comment(s) in {q}"),
    "survey.no_overall": ("没有三项评分齐全的答卷。", "No answers with all three ratings."),
    "survey.none": ("还没有调研答卷。", "No survey responses yet."),
    "survey.response_rate": ("{q} 回收率（答卷数，每位在岗人员至多计 1 份 / 在岗人数）",
                             "Response rate {q} (answers, at most one per active person / "
                             "active people)"),
    "survey.excess": (
        "{dept}：答卷数 {n} 多于在岗人数 {h}，可能重复导入或人员表不全（回收率按 100% 计）",
        "{dept}: {n} answers for {h} active people: a file imported twice, or people missing "
        "from the people tab (the rate counts 100%)",
    ),
    "survey.round_open": ("本轮调研进行中，{close} 截止", "The round is open until {close}"),
    "survey.round_closed": ("本轮调研已于 {at} 结束", "The round closed at {at}"),
    "survey.answered": ("答卷数", "Answers"),
    "survey.headcount": ("在岗人数", "Active people"),
    "survey.rate_col": ("回收率", "Rate"),
    # the survey form a personal link opens (dashboard/views/survey_form.py)
    "survey_form.title": ("跨部门协作满意度调研", "Cross-department collaboration survey"),
    "survey_form.intro": (
        "{quarter} 季度调研，{close} 截止。请按 1（非常不满意）到 5（非常满意）评分；"
        "截止前可再次提交，以最后一次为准。",
        "The {quarter} survey, open until {close}. Rate from 1 (very dissatisfied) to 5 (very "
        "satisfied); until the close you may submit again, and the last answer counts.",
    ),
    "survey_form.anonymous": (
        "本次调研匿名：答卷只记录部门，不记录姓名。",
        "This survey is anonymous: answers keep the department, not the name.",
    ),
    "survey_form.scale": (
        "1 非常不满意 · 2 不满意 · 3 一般 · 4 满意 · 5 非常满意",
        "1 very dissatisfied · 2 dissatisfied · 3 neutral · 4 satisfied · 5 very satisfied",
    ),
    "survey_form.hours": ("每周跨部门沟通耗时（小时）", "Hours a week spent across departments"),
    "survey_form.hours_help": (
        "会议、催办、反复解释等跨部门沟通每周大约花几个小时（0–80，可不填）",
        "about how many hours a week go to meetings, chasing and explaining across departments "
        "(0-80, optional)",
    ),
    "survey_form.submit": ("提交", "Submit"),
    "survey_form.missing": (
        "请为权责清晰度、流程顺畅度、沟通效率三项都打分。",
        "Please rate all three: clarity, smoothness and communication.",
    ),
    "survey_form.thanks": (
        "已提交，谢谢！{close} 前可用同一链接修改。",
        "Submitted, thank you! Until {close} you may change it with the same link.",
    ),
    "survey_form.replaced": (
        "已更新：此答卷取代了您之前的答卷。",
        "Updated: this answer replaces your earlier one.",
    ),
    "survey_form.forged": (
        "链接无效：请使用邀请消息中的完整链接。",
        "This link is not valid: use the whole link from your invitation.",
    ),
    "survey_form.malformed": (
        "链接无效：请使用邀请消息中的完整链接。",
        "This link is not valid: use the whole link from your invitation.",
    ),
    "survey_form.expired": (
        "本次调研已于 {close} 截止，链接已失效。",
        "This survey closed on {close}; the link has expired.",
    ),
    "survey_form.closed": (
        "本轮调研已结束，链接已失效。",
        "This survey round has ended; the link no longer works.",
    ),
    "survey_form.earlier": (
        "您已于 {at} 提交过答卷：下面是您上次的回答，修改后再次提交即可（以最后一次为准）。",
        "You answered on {at}: your last answer is filled in below; change it and submit again "
        "(the last one counts).",
    ),
    "survey_form.earlier_anonymous": (
        "您已于 {at} 提交过答卷。本次调研匿名，不显示上次的回答：再次提交将整份替换上次的答卷。",
        "You answered on {at}. This survey is anonymous, so your last answer is not shown: "
        "submitting again replaces the whole of it.",
    ),
    "survey_form.no_round": (
        "目前没有进行中的本季度调研：请使用最新邀请中的链接；如有疑问请联系协调办。",
        "No survey round of this quarter is open: use the link of your latest invitation, or "
        "ask the coordinator.",
    ),
    "survey_form.reopened": (
        "本季度调研已重新开启，这个链接已失效：请使用新邀请中的链接。",
        "This quarter's survey was opened again and this link no longer works: use the link of "
        "the new invitation.",
    ),
    "survey_form.not_yet": (
        "本轮调研尚未开始，请稍后再打开这个链接。",
        "This survey round has not begun yet: open the link again later.",
    ),
    "survey_form.inactive": (
        "您已不在「人员」表的在岗人员中，本链接不能再提交答卷；如有误，请联系协调办。",
        "You are no longer an active person in the people tab: this link takes no answer; if "
        "that is a mistake, tell the coordinator.",
    ),
    "survey_form.unavailable": (
        "调研暂时无法打开：看板未配置签名密钥，请联系协调员。",
        "The survey cannot open: the dashboard has no signing secret configured; tell the "
        "coordinator.",
    ),
    "survey_form.waiting": (
        "已收到，谢谢！工作簿正被他人打开，您的答卷会在它关闭后自动写入。"
        "{close} 前可用同一链接修改。",
        "Received, thank you! The workbook is open elsewhere: your answer is written as soon as it "
        "is closed. Until {close} you may change it with the same link.",
    ),
    "survey_form.failed": (
        "提交失败，请稍后重试；仍不成功请告知协调办（原因已记入看板日志）。",
        "Not saved, please try again later; if it keeps failing, tell the coordinator (the "
        "reason is in the dashboard's log).",
    ),
}
# fmt: on
