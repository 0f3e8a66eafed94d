"""The schema of every human tab and bot tab: keys, Chinese labels, types and choices (the
choices in config.choices, the shape of a tab in config.tab_schema).

One word per thing: the English ``key`` is used in code, config and docs; the Chinese
``label`` is what people may type as a header instead. README's tab reference is generated
from this module (``collabsheet schema --markdown``), so the two cannot drift.
"""

from __future__ import annotations

# Column, TabSchema and the choices are importable from here too, as this module uses them.
from config.choices import (
    ACTION_STATUS,
    CATEGORY,
    CHANNEL,
    DAY_KIND,
    KIND,
    PRIORITY,
    RATING,
    ROLE,
    SCALE,
    SEVERITY,
    STATUS_DISPUTE,
    STATUS_PROJECT,
    STATUS_TASK,
)
from config.tab_schema import Column, ColumnType, TabSchema


def _c(key: str, label: str, type: ColumnType = "text", req: bool = False, **kw: object) -> Column:
    return Column(key, label, type, req, **kw)  # type: ignore[arg-type]


HUMAN_TABS: tuple[TabSchema, ...] = (
    TabSchema(
        "departments",
        "部门",
        (
            _c("dept_id", "部门编号", req=True),
            _c("name", "部门名称", req=True),
            # a vacant head's row still loads (its 升级对象, name and channel: trial19)
            _c("head", "负责人", req=True, ref="people", missing_rule="dept.no_head"),
            _c("escalate_to", "升级对象", ref="people"),
            _c("channel", "通知渠道", "enum", choices=CHANNEL),
            _c("active", "启用", "bool"),
            _c("destination", "通知群", note="a key of [channels.destinations] (its own group)"),
        ),
        unique=("dept_id",),
    ),
    TabSchema(
        "people",
        "人员",
        (
            _c("person_id", "人员编号", req=True),
            _c("name", "姓名", req=True),
            _c("dept_id", "部门编号", req=True, ref="departments"),
            _c("email", "邮箱"),
            _c("mobile", "手机号", note="11-digit mainland mobile: DingTalk @ (atMobiles)"),
            _c("role", "角色", "enum", choices=ROLE),
            _c("active", "启用", "bool"),
            # one id per platform: each accepts only its own (jobs/notify/mentions.py);
            # the former IM账号 / im_id column is reported where its values should go
            _c("feishu_id", "飞书ID", note="Feishu open_id (ou_…) or user_id: Feishu @"),
            _c("wecom_id", "企业微信ID", note="WeCom userid: WeCom @ (<@userid>)"),
            _c("slack_id", "Slack ID", note="Slack member id (U… / W…): Slack @"),
        ),
        unique=("person_id",),
    ),
    TabSchema(
        "responsibilities",
        "权责清单",
        (
            _c("scenario", "协作场景", req=True),
            _c("activity", "协作环节", req=True),
            _c(
                "responsible",
                "负责部门",
                "ids",
                req=True,
                ref="departments",
                missing_rule="raci.no_responsible",
            ),
            _c(
                "accountable",
                "最终负责",
                "ids",
                req=True,
                ref="departments",
                missing_rule="raci.no_accountable",
            ),
            _c("consulted", "协助", "ids", ref="departments"),
            _c("informed", "知会", "ids", ref="departments"),
            _c("notes", "备注"),
        ),
        note="RACI matrix: one row per (scenario, activity).",
    ),
    TabSchema(
        "templates",
        "流程模板",
        (
            _c("template_id", "模板编号", req=True),
            _c("name", "模板名称", req=True),
            _c("scenario", "协作场景", req=True),
            _c("project_type", "项目类型"),
            _c("scale", "协作规模", "enum", choices=SCALE),
            _c("step", "步骤序号", "int", req=True, minimum=1),
            _c("step_name", "步骤名称", req=True),
            _c("activity", "协作环节", req=True),
            _c("kind", "步骤类型", "enum", choices=KIND),
            _c("response_sla_h", "响应时限", "float"),
            _c("done_sla_h", "完成时限", "float"),
            _c("depends_on", "前置步骤", "ids"),
        ),
        unique=("template_id", "step"),
        note="One row per step of a template.",
    ),
    TabSchema(
        "projects",
        "协作项目",
        (
            _c("project_id", "项目编号", req=True),
            _c("name", "项目名称", req=True),
            _c("template_id", "模板编号", req=True, ref="templates"),
            _c("initiator_dept", "发起部门", req=True, ref="departments"),
            _c("owner", "项目负责人", ref="people"),
            _c("created_at", "创建时间", "datetime"),
            _c("start_date", "开始日期", "date"),
            _c("target_date", "目标日期", "date"),
            _c("status", "状态", "enum", choices=STATUS_PROJECT),
            _c("priority", "优先级", "enum", choices=PRIORITY),
            _c("closed_at", "关闭时间", "datetime"),
        ),
        unique=("project_id",),
    ),
    TabSchema(
        "tasks",
        "任务进度",
        (
            _c("task_id", "任务编号", req=True),
            _c("project_id", "项目编号", req=True, ref="projects"),
            _c("step", "步骤序号", "int", req=True, minimum=1),
            _c("step_name", "步骤名称"),
            _c("dept_id", "部门编号", req=True, ref="departments"),
            _c("assignee", "执行人", ref="people"),
            _c("handed_off_at", "交接时间", "datetime"),
            _c("responded_at", "响应时间", "datetime"),
            _c("due_at", "截止时间", "datetime"),
            _c("done_at", "完成时间", "datetime"),
            _c("status", "状态", "enum", choices=STATUS_TASK),
            _c("blocker", "卡点"),
            _c("note", "备注"),
        ),
        unique=("task_id",),
        note="The progress board: one row per task.",
    ),
    TabSchema(
        "disputes",
        "权责争议",
        (
            _c("dispute_id", "争议编号", req=True),
            _c("raised_at", "提出时间", "datetime", req=True),
            _c("raised_by", "提出人", req=True, ref="people"),
            _c("departments", "涉及部门", "ids", req=True, ref="departments"),
            _c("scenario", "协作场景"),
            _c("activity", "协作环节"),
            _c("description", "争议描述", req=True),
            _c("severity", "严重程度", "enum", choices=SEVERITY),
            _c("status", "状态", "enum", choices=STATUS_DISPUTE),
            _c("decided_by", "裁决人", ref="people"),
            _c("decision", "裁决结果"),
            _c("decided_at", "裁决时间", "datetime"),
            _c(
                "decided_dept",
                "裁决负责部门",
                ref="departments",
                note="the department the decision makes responsible; checked against 权责清单",
            ),
            _c(
                "negotiation",
                "协商记录",
                note="the negotiation steps, free text; management escalations show it",
            ),
        ),
        required=False,
        unique=("dispute_id",),
    ),
    TabSchema(
        "retrospectives",
        "复盘",
        (
            _c("retro_id", "复盘编号", req=True),
            _c("project_id", "项目编号", req=True, ref="projects"),
            _c("held_on", "复盘时间", "datetime", req=True),
            _c("category", "问题类别", "enum", choices=CATEGORY),
            _c("finding", "问题发现", req=True),
            _c("root_cause", "根本原因"),
            _c("case_id", "案例编号", ref="cases"),
            _c("action", "整改措施"),
            _c("action_owner", "整改负责人", ref="people"),
            _c("action_due", "整改期限", "datetime"),
            _c("action_done_at", "整改完成时间", "datetime"),
            _c(
                "action_status",
                "整改状态",
                "enum",
                choices=ACTION_STATUS,
                note="已完成 needs 整改完成时间",
            ),
        ),
        required=False,
        unique=("retro_id",),
    ),
    TabSchema(
        "survey",
        "满意度调研",
        (
            _c("response_id", "答卷编号"),
            _c("quarter", "季度", req=True),
            _c("dept_id", "部门编号", req=True, ref="departments"),
            _c("submitted_at", "提交时间", "datetime"),
            _c("clarity", "权责清晰度", "int", req=True, **RATING),
            _c("smoothness", "流程顺畅度", "int", req=True, **RATING),
            _c("communication", "沟通效率", "int", req=True, **RATING),
            _c("overall", "总体满意度", "int", **RATING),
            _c("comment", "意见建议"),
            _c(
                "weekly_comm_h",
                "每周跨部门沟通耗时",
                "float",
                minimum=0,
                maximum=80,
                note="hours a week on cross-department communication (沟通成本); optional",
            ),
        ),
        required=False,
        unique=("response_id",),
    ),
    TabSchema(
        "cases",
        "问题案例库",
        (
            _c("case_id", "案例编号", req=True),
            _c("title", "案例标题", req=True),
            _c("category", "问题类别", "enum", req=True, choices=CATEGORY),
            _c("symptom", "问题表现"),
            _c("root_cause", "根本原因"),
            _c("solution", "解决方案", req=True),
            _c("tags", "标签", "ids"),
            _c("departments", "涉及部门", "ids", ref="departments"),
            _c("first_seen", "首次发生", "date"),
            _c("last_seen", "最近发生", "date"),
            _c("occurrences", "发生次数", "int", minimum=0),
        ),
        required=False,
        unique=("case_id",),
    ),
    TabSchema(
        "calendar",
        "工作日历",
        (
            _c("date", "日期", "date", req=True),
            _c("kind", "类型", "enum", req=True, choices=DAY_KIND),
            _c("name", "名称"),
            _c("hours", "工作时段", note="e.g. 09:00-12:00 for a half day; empty: the usual hours"),
        ),
        required=False,
        unique=("date",),
        note="Optional overrides of the working calendar.",
    ),
)

# fmt: off
BOT_TABS: dict[str, tuple[str, ...]] = {
    "_checks": ("run_at", "tab", "cell", "value", "rule", "severity", "message", "fix", "link"),
    "_sla": (
        "key", "kind", "ref", "tab", "cell", "project_id", "dept_id", "person_id", "start",
        "due_at", "clock", "goal_h", "elapsed_h", "remaining_h", "status", "level",
        "paused_since", "paused_h", "explanation", "calendar", "link",
    ),
    "_reminders": ("key", "status", "channel", "recipient", "subject", "attempts", "first_at",
                   "last_at", "sent_at", "next_at", "error", "run_id", "items"),
    "_metrics": ("date", "kpi", "value", "target", "baseline", "met", "numerator", "denominator"),
    "_case_links": ("retro_id", "finding_cell", "case_id", "title", "rank", "score", "matched",
                    "accepted", "run_at", "link"),
    "_runs": ("run_id", "job", "started_at", "ended_at", "outcome", "errors", "warnings", "rows",
              "duration_s", "api_requests", "message"),
    "_survey_rounds": ("quarter", "opened_at", "close_on", "closed_at", "anonymous", "invited",
                       "reminded", "answered", "headcount"),
}
# fmt: on

TABS: dict[str, TabSchema] = {t.key: t for t in HUMAN_TABS}


def is_bot_tab(title: str) -> bool:
    """Bot-owned tabs start with an underscore; software writes nothing else."""
    return title.startswith("_")
