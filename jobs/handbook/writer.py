"""The handbook's sentences that need the departments' names (roles, limits, done criteria,
escalation, disputes, summaries), in the document's language; ``jobs.handbook.chapters`` puts
them in order."""

from __future__ import annotations

from collections.abc import Iterable

from config.phrases import LANGUAGES, language
from jobs.handbook.document import Block, Bullets, Heading, Paragraph
from jobs.handbook.duties import ROLES, Dept, Duties, Duty
from jobs.handbook.terms import DONE, HEADER, KIND_NAMES, ROLE_MEANING, ROLE_NAMES


def _h(hours: float) -> str:
    return f"{hours:g}"


class Writer:
    """Texts that need the departments' names, in the document's language."""

    def __init__(self, duties: Duties, locale: str = "zh-CN") -> None:
        self.d = duties
        self.by_id = {d.dept_id: d for d in duties.depts}
        self.i = LANGUAGES.index(language(locale))  # the index of the language in each pair
        self.sep = ", " if self.i else "、"

    def t(self, zh: str, en: str) -> str:
        """The text in the document's language."""
        return (zh, en)[self.i]

    def unit(self, clock: str) -> str:
        if clock == "business":
            return self.t("工作小时", "working hours")
        return self.t("小时（自然时间）", "hours (calendar time)")

    def role(self, letter: str) -> str:
        return ROLE_NAMES[letter][self.i]

    def kind(self, kind: str) -> str:
        return KIND_NAMES[kind][self.i] if kind in KIND_NAMES else kind

    def header(self) -> tuple[str, ...]:
        return HEADER[self.i]

    def name(self, dept_id: str) -> str:
        dept = self.by_id.get(dept_id)
        return self.t(f"{dept.name}（{dept_id}）", f"{dept.name} ({dept_id})") if dept else dept_id

    def names(self, ids: Iterable[str]) -> str:
        return self.sep.join(self.name(i) for i in ids) or "—"

    def short(self, ids: Iterable[str]) -> str:
        return self.sep.join(self.by_id[i].name if i in self.by_id else i for i in ids)

    def counts(self, dept_id: str) -> dict[str, int]:
        return {
            letter: sum(1 for duty in self.d.duties if letter in duty.role_of(dept_id).split("、"))
            for _, letter in ROLES
        }

    def pending_of(self, dept_id: str | None) -> list[str]:
        return [
            self.t(f"{p.cell}：{p.text}", f"{p.cell}: {p.text}")
            for p in self.d.pending
            if dept_id is None or not p.depts or dept_id in p.depts
        ]

    def summary(self, dept: Dept) -> str:
        n = self.counts(dept.dept_id)
        scenarios = sorted({d.scenario for d in self.d.duties if d.role_of(dept.dept_id)})
        pending = len(self.pending_of(dept.dept_id))
        return self.t(
            f"{self.name(dept.dept_id)}：作为负责方的环节 {n['R']} 个，作为最终负责方的环节 "
            f"{n['A']} 个，协助 {n['C']} 个，知会 {n['I']} 个；涉及场景："
            f"{'、'.join(scenarios) or '无'}；待明确 {pending} 项",
            f"{self.name(dept.dept_id)}: responsible for {n['R']} activities, accountable for "
            f"{n['A']}, consulted on {n['C']}, informed of {n['I']}; scenarios: "
            f"{', '.join(scenarios) or 'none'}; {pending} item(s) to clarify",
        )

    def row(self, duty: Duty) -> tuple[str, ...]:
        return (duty.scenario, duty.activity,
                *(self.short(duty.with_role(letter)) for _, letter in ROLES))  # fmt: skip

    def limits(self, duty: Duty) -> list[str]:
        if not duty.steps:
            r, c = self.d.rules["response"], self.d.rules["completion"]
            return [
                self.t(
                    f"流程模板中没有使用本环节，按默认时限：响应 {_h(r.goal_h)} "
                    f"{self.unit(r.clock)}，完成 {_h(c.goal_h)} {self.unit(c.clock)}",
                    f"no process template uses this activity; the default limits apply: "
                    f"response {_h(r.goal_h)} {self.unit(r.clock)}, completion {_h(c.goal_h)} "
                    f"{self.unit(c.clock)}",
                )
            ]
        return [
            self.t(
                f"{s.template_id}「{s.template_name}」第 {s.step} 步「{s.step_name}」"
                f"（{self.kind(s.kind)}）："
                f"响应 {_h(s.response_h)} {self.unit(s.response_clock)}，"
                f"完成 {_h(s.done_h)} {self.unit(s.clock)}",
                f"{s.template_id} '{s.template_name}' step {s.step} '{s.step_name}' "
                f"({self.kind(s.kind)}): response {_h(s.response_h)} "
                f"{self.unit(s.response_clock)}, completion {_h(s.done_h)} {self.unit(s.clock)}",
            )
            for s in duty.steps
        ]

    def done(self, duty: Duty) -> list[str]:
        kinds = list(dict.fromkeys(s.kind or "work" for s in duty.steps)) or ["work"]
        out = [self.t(f"{self.kind(k)}：{DONE[k][0]}", f"{self.kind(k)}: {DONE[k][1]}")
               for k in kinds if k in DONE]  # fmt: skip
        if duty.notes:
            out.append(self.t(f"权责清单备注：{duty.notes}", f"note in the matrix: {duty.notes}"))
        return out

    def escalation(self, duty: Duty) -> str:
        kind = "approval" if any(s.kind == "approval" for s in duty.steps) else "completion"
        rule = self.d.rules[kind]
        unit = self.unit(rule.clock)
        responsible = duty.with_role("R")
        heads = self.sep.join(  # a vacant head (blank 负责人) said so (review22)
            self.t(f"{self.by_id[i].name}负责人 {self.by_id[i].head or '（未填写）'}",
                   f"{self.by_id[i].head or '(not filled in)'}, head of {self.by_id[i].name}")
            for i in responsible
            if i in self.by_id
        )  # fmt: skip
        bosses = sorted({self.by_id[i].escalate_to for i in responsible if i in self.by_id} - {""})
        ladder = [_h(h) for h in rule.ladder_h[:3]]
        if self.i:
            first = "when due" if rule.ladder_h[0] == 0 else f"{ladder[0]} {unit} late"
            top = f"{', '.join(bosses)} (management)" if bosses else "management"
            return (
                f"{first}: the assignee is reminded (level 1) → {ladder[1]} {unit} late: "
                f"escalated to {heads or 'the responsible department head'} (level 2) → "
                f"{ladder[2]} {unit} late: escalated to {top} (level 3)"
            )
        first = "到期即" if rule.ladder_h[0] == 0 else f"超时 {ladder[0]} {unit}"
        return (
            f"{first}提醒执行人（第 1 级）→ 超时 {ladder[1]} {unit}升级至"
            f"{heads or '负责部门负责人'}（第 2 级）→ 超时 {ladder[2]} {unit}升级至"
            f"{'、'.join(bosses) + '（管理层）' if bosses else '管理层'}（第 3 级）"
        )

    def dispute(self, duty: Duty) -> list[str]:
        rule = self.d.rules["dispute"]
        accountable = duty.with_role("A")
        bosses = sorted({self.by_id[i].escalate_to for i in accountable if i in self.by_id} - {""})
        limit = f"{_h(rule.goal_h)} {self.unit(rule.clock)}"
        out = [
            self.t(
                f"涉及部门在「权责争议」登记（协作场景「{duty.scenario}」、协作环节「{duty.activity}」），"
                f"先协商 {limit}；协商不成自动升级至管理层"
                f"{'（' + '、'.join(bosses) + '）' if bosses else ''}裁决；重大争议立即提交管理层",
                f"the departments involved record it in 权责争议 (disputes) (scenario "
                f"'{duty.scenario}', activity '{duty.activity}') and negotiate for {limit}; "
                f"without agreement it goes to management"
                f"{' (' + ', '.join(bosses) + ')' if bosses else ''} for a decision; a major "
                "dispute goes to management at once",
            ),
            self.t(
                "裁决以「裁决结果」「裁决人」「裁决时间」为准；裁决改变负责部门的，由权责流程组同步修改"
                "权责清单。本环节一个季度内争议两次及以上的，validate 会提示修改权责清单，直到该行"
                "「备注」写上争议编号",
                "the decision, who decided and when, as recorded, stand; a decision that changes "
                "the responsible department is carried into the matrix by the process team. Two "
                "or more disputes on this activity in a quarter: validate asks to amend the "
                "matrix until the row's notes name the dispute",
            ),
        ]
        out += [
            self.t(f"先例 {p.dispute_id}（{p.decided_at} {p.decided_by}裁决）：{p.decision}",
                   f"precedent {p.dispute_id} (decided {p.decided_at} by {p.decided_by}): "
                   f"{p.decision}")
            for p in duty.precedents
        ]  # fmt: skip
        return out

    def activity(self, duty: Duty, dept_id: str | None) -> list[Block]:
        blocks: list[Block] = [Heading(f"{duty.scenario} · {duty.activity}", 3)]
        colon = self.t("：", ": ")
        roles = [
            f"{self.role(letter)}({letter}){colon}{self.names(duty.with_role(letter))}"
            for _, letter in ROLES
        ]
        if dept_id is not None:
            mine = [x for x in duty.role_of(dept_id).split("、") if x in ROLE_MEANING]
            blocks.append(
                Paragraph(
                    self.t("本部门角色：", "This department's role: ")
                    + self.sep.join(f"{self.role(x)}({x})" for x in mine)
                    + self.t("。", ". ")
                    + self.t("；", "; ").join(ROLE_MEANING[x][self.i] for x in mine)
                    + self.t("。", ".")
                )
            )
        cell = self.t(f"（{duty.cell}）", f" ({duty.cell})")
        blocks += [
            Paragraph(self.t("各部门角色：", "Roles: ") + self.t("；", "; ").join(roles) + cell),
            Paragraph(self.t("时限：", "Time limits:")),
            Bullets(tuple(self.limits(duty))),
            Paragraph(self.t("完成标准：", "Done when:")),
            Bullets(tuple(self.done(duty))),
            Paragraph(self.t("超时升级：", "Escalation: ") + self.escalation(duty)),
            Paragraph(self.t("争议裁决：", "Disputes:")),
            Bullets(tuple(self.dispute(duty))),
        ]
        return blocks

    def rules(self) -> list[Block]:
        r = self.d.rules
        g = {k: _h(r[k].goal_h) for k in ("response", "completion", "approval", "dispute",
                                          "action")}  # fmt: skip
        if self.i:
            items: tuple[str, ...] = (
                "roles: R responsible (does the work), A accountable (decides; one per "
                "activity), C consulted, I informed",
                f"time limits count on the working calendar (working hours {self.d.hours}, "
                "public holidays and make-up workdays included; the company's exceptions are in "
                f"工作日历, the calendar). Defaults: response {g['response']} hours, completion "
                f"{g['completion']} hours, approval {g['approval']} hours, dispute negotiation "
                f"{g['dispute']} hours, retrospective actions {g['action']} hours (without a due "
                "date); a limit in the process template comes first",
                "escalation: a late step first reminds the assignee, then goes to the "
                "department head, last to the escalation contact of 部门 (management); one "
                "digest per person per day, urgent escalations every hour",
                "disputes: recorded in 权责争议, negotiated by the departments involved; late or "
                "major ones are decided by management, the decision written back in the sheet",
                "retrospectives: after a project, every finding gets an action, an owner and a "
                "due date; the completion date is filled in when done",
            )
        else:
            items = (
                "角色：R 负责（执行）、A 最终负责（拍板，每个环节只有一个）、C 协助、I 知会",
                f"时限按工作日历计算（工作时间 {self.d.hours}，法定节假日和调休已计入，"
                "公司的例外以「工作日历」为准）。"
                f"默认：响应 {g['response']} 小时，完成 {g['completion']} 小时，审批 "
                f"{g['approval']} 小时，争议协商 {g['dispute']} 小时，复盘整改 {g['action']} "
                "小时（未填整改期限时）；流程模板写了时限的以模板为准",
                "升级路径：超时先提醒执行人，再升级到部门负责人，最后升级到「部门」表的升级对象"
                "（管理层）；每人每天一条汇总提醒，紧急升级每小时发出",
                "争议：在「权责争议」登记，涉及部门协商，超时或重大争议由管理层裁决，裁决写回表中",
                "复盘：项目完成后复盘，每条问题发现都要有整改措施、整改负责人和整改期限，完成后填写"
                "整改完成时间",
            )
        return [Heading(self.t("通用规则", "General rules"), 2), Bullets(items)]

    def head(self) -> Paragraph:
        d = self.d
        return Paragraph(self.t(
            f"版本 {d.version}，生成日期 {d.date:%Y-%m-%d}。本说明书由 collabsheet 根据「权责清单」"
            "「流程模板」、SLA 时限规则和升级路径生成；表格有变化时重新生成即可。",
            f"Version {d.version}, generated {d.date:%Y-%m-%d}. collabsheet wrote this handbook "
            "from the responsibility matrix (权责清单), the process templates (流程模板), the "
            "time-limit rules and the escalation ladder; generate it again when the sheets "
            "change.",
        ))  # fmt: skip
