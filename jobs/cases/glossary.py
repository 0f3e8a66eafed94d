"""The matcher's domain glossary: collaboration concepts with their English and Chinese terms.

A data table, not a model: each concept lists the words people use for it in either language
(the plan's vocabulary — 交接, 审批, 验收, 权责 … — and the everyday English for it). When a
finding or a case uses any of them, the text gets the concept as one more feature, so an
English finding can meet a Chinese case. English words are matched after a light stem and
with one typo allowed (``jobs.cases.features.Glossary``); Chinese terms as substrings.

Extend it when a department's wording is missed (docs/cases.md says how, and what it is worth:
the accuracy with and without it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    name: str
    en: tuple[str, ...]
    zh: tuple[str, ...]


def _c(name: str, en: str, zh: str) -> Concept:
    return Concept(name, tuple(t.strip() for t in en.split(",")), tuple(zh.split()))


# fmt: off
GLOSSARY: tuple[Concept, ...] = (
    # hand-offs, requirements, changes
    _c("handoff", "handoff, hand off, hand over, handover, handed over, pass on",
       "交接 传递 移交 转交"),
    _c("requirement", "requirement, requirements, spec, specification", "需求"),
    _c("change", "change, changed, change request", "变更 改动"),
    _c("incomplete", "incomplete, missing information, not complete", "不全 不完整 缺失"),
    _c("detail", "detail, details", "细节"),
    _c("template", "template, form", "模板"),
    _c("ask_again", "keep asking, follow-up questions", "追问 反复问"),
    # approvals, budget, time limits
    _c("approval", "approval, approve, approved, sign-off, sign off, signoff, signature",
       "审批 批准 签字"),
    _c("duplicate", "duplicate, duplicated, redundant, repeated", "重复 冗余"),
    _c("budget", "budget, budgets", "预算"),
    _c("finance", "finance, accounting", "财务"),
    _c("queue", "queue, queued, backlog, waiting", "排队 等待"),
    _c("time_limit", "deadline, time limit, sla", "时限 期限"),
    _c("escalate", "escalate, escalation", "升级"),
    _c("week", "week, weeks", "一周 周"),
    _c("day_count", "two days, 48 hours", "两天 48小时"),
    # delay, schedule, estimation
    _c("delay", "delay, delayed, slip, slipped, late, overdue, behind schedule",
       "延期 延误 拖期 推迟 逾期"),
    _c("schedule", "schedule, timeline, estimate, effort", "工期 排期 进度计划"),
    _c("assess", "assess, assessed, assessment, evaluate, impact analysis, estimate",
       "评估 评审"),
    # responsibility, ownership, acceptance
    _c("owner", "owner, ownership, responsible, accountable, lead, in charge",
       "负责 牵头 责任人 归属"),
    _c("buck_passing", "back and forth, buck passing, pass the buck, passed around",
       "推诿 来回转 反复转交 踢皮球 推来推去"),
    _c("first_contact", "first contact, first responder", "首问"),
    _c("acceptance", "acceptance, accept, accepts, accepted", "验收"),
    _c("deliverable", "deliverable, delivery, delivered, deliver", "交付 成果"),
    _c("close", "close, closed, closure", "关闭 结项"),
    _c("raci", "raci, responsibility matrix, responsibilities", "权责 权责清单"),
    _c("unclear", "unclear, not clear, unknown, ambiguous", "不清 不明确"),
    _c("nobody", "nobody, no one, no owner, none", "无人 没人 没有人"),
    # communication, meetings, progress
    _c("meeting", "meeting, meetings", "会议 会上 开会"),
    _c("minutes", "minutes, meeting notes, notes", "纪要"),
    _c("decision", "decision, decisions, conclusion, outcome, outcomes", "结论 决定"),
    _c("verbal", "verbal, verbally, orally", "口头"),
    _c("sync", "share, shared, sync, synced, inform, informed, distribute",
       "同步 分发 通知 知情"),
    _c("channel", "channel, channels", "渠道"),
    _c("email", "email, e-mail, mail", "邮件"),
    _c("im_chat", "wechat, chat, im, instant message", "微信 即时通讯"),
    _c("phone", "phone, call, calls", "电话"),
    _c("message", "message, messages, information, info", "消息 信息"),
    _c("missed", "missed, lost, overlooked, missing, left out", "遗漏 漏掉 丢失"),
    _c("scattered", "scattered, fragmented", "分散 混用"),
    _c("progress", "progress, status", "进度 进展"),
    _c("board", "board, dashboard, kanban, tracker", "看板"),
    _c("track", "track, trace, trackable, untrackable, visibility", "追踪 跟踪 掌握"),
    _c("management", "management, manager, managers, leadership, boss", "管理层 领导"),
    _c("online", "online, system, platform", "线上 平台"),
    # contracts, legal, testing
    _c("contract", "contract, contracts, agreement", "合同 协议"),
    _c("legal", "legal, lawyer, counsel", "法务 法律"),
    _c("review", "review, reviewed, check, checked", "审核 审查"),
    _c("signed", "signed, sign", "签署"),
    _c("test", "test, testing, qa, regression", "测试"),
    _c("environment", "environment, staging, test server, server", "环境 服务器"),
    _c("outage", "down, broken, outage, unavailable, crashed", "故障 宕机 不可用 停滞"),
    _c("maintain", "maintain, maintaining, maintenance", "维护"),
    _c("department", "department, departments, team, teams, cross-department", "部门"),
)

# English words too common to say anything about a problem.
_STOP = (
    "a an the and or but of to in on at for with by from as is are was were be been being it "
    "its this that these those we our they their he she his her i you your so not no nor too "
    "very can could would should will shall may might must do does did done has have had "
    "there here then than into over under up out about after before again only just also "
    "still same such each every all any some more most other which who whom what when where "
    "why how because while"
)
STOPWORDS = frozenset(_STOP.split())
# fmt: on
