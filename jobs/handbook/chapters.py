"""The handbook's documents, one per department and one for the company, as plain blocks.

Each activity says the department's role beside the others', the time limits, what counts as
done, who escalates to whom and how a dispute is decided; each document opens with a summary
per department, its version and date, and ends with the matrix's 待明确 items.
"""

from __future__ import annotations

from collections.abc import Iterable

from jobs.handbook.document import Block, Bullets, Document, Heading, Paragraph, Table
from jobs.handbook.duties import ROLES, Dept, Duties, Duty

ROLE_NAMES = {"R": "负责", "A": "最终负责", "C": "协助", "I": "知会"}
ROLE_MEANING = {
    "R": "负责执行：在时限内完成本环节的工作，并在「任务进度」填写响应时间、完成时间和状态",
    "A": "最终负责：对结果负责并拍板，确认是否达到完成标准；超时或有分歧时先找本部门负责人",
    "C": "协助：被请求时在时限内提供意见、资料或资源，不承担交付",
    "I": "知会：接收结果通知，了解进展，无需行动",
}
KIND_NAMES = {"handoff": "传递", "work": "执行", "approval": "审批", "review": "验收", "": "执行"}
DONE = {
    "handoff": "接收部门在响应时限内填写「响应时间」确认收到；交付物移交完毕后填写「完成时间」，"
    "状态改为「已完成」",
    "work": "工作成果交出：「任务进度」状态为「已完成」并填写「完成时间」",
    "approval": "审批部门作出决定（通过或退回）：填写「完成时间」、状态为「已完成」；退回的在"
    "「备注」写明原因",
    "review": "验收部门确认结果符合要求：填写「完成时间」、状态为「已完成」；不通过的在"
    "「卡点」写明问题并退回执行部门",
}
HEADER = ("协作场景", "协作环节", "负责(R)", "最终负责(A)", "协助(C)", "知会(I)")


def _h(hours: float) -> str:
    return f"{hours:g}"


def _unit(clock: str) -> str:
    return "工作小时" if clock == "business" else "小时（自然时间）"


class _Writer:
    """Texts that need the departments' names."""

    def __init__(self, duties: Duties) -> None:
        self.d = duties
        self.by_id = {d.dept_id: d for d in duties.depts}

    def name(self, dept_id: str) -> str:
        dept = self.by_id.get(dept_id)
        return f"{dept.name}（{dept_id}）" if dept else dept_id

    def names(self, ids: Iterable[str]) -> str:
        return "、".join(self.name(i) for i in ids) or "—"

    def short(self, ids: Iterable[str]) -> str:
        return "、".join(self.by_id[i].name if i in self.by_id else i for i in ids)

    def counts(self, dept_id: str) -> dict[str, int]:
        return {
            letter: sum(1 for duty in self.d.duties if letter in duty.role_of(dept_id).split("、"))
            for _, letter in ROLES
        }

    def pending_of(self, dept_id: str | None) -> list[str]:
        return [
            f"{p.cell}：{p.text}"
            for p in self.d.pending
            if dept_id is None or not p.depts or dept_id in p.depts
        ]

    def summary(self, dept: Dept) -> str:
        n = self.counts(dept.dept_id)
        scenarios = sorted({d.scenario for d in self.d.duties if d.role_of(dept.dept_id)})
        return (
            f"{self.name(dept.dept_id)}：作为负责方的环节 {n['R']} 个，作为最终负责方的环节 "
            f"{n['A']} 个，协助 {n['C']} 个，知会 {n['I']} 个；涉及场景："
            f"{'、'.join(scenarios) or '无'}；待明确 {len(self.pending_of(dept.dept_id))} 项"
        )

    def row(self, duty: Duty) -> tuple[str, ...]:
        return (duty.scenario, duty.activity,
                *(self.short(duty.with_role(letter)) for _, letter in ROLES))  # fmt: skip

    def limits(self, duty: Duty) -> list[str]:
        if not duty.steps:
            r, c = self.d.rules["response"], self.d.rules["completion"]
            return [
                f"流程模板中没有使用本环节，按默认时限：响应 {_h(r.goal_h)} {_unit(r.clock)}，"
                f"完成 {_h(c.goal_h)} {_unit(c.clock)}"
            ]
        return [
            f"{s.template_id}「{s.template_name}」第 {s.step} 步「{s.step_name}」"
            f"（{KIND_NAMES.get(s.kind, s.kind)}）："
            f"响应 {_h(s.response_h)} {_unit(s.response_clock)}，"
            f"完成 {_h(s.done_h)} {_unit(s.clock)}"
            for s in duty.steps
        ]

    def done(self, duty: Duty) -> list[str]:
        kinds = list(dict.fromkeys(s.kind or "work" for s in duty.steps)) or ["work"]
        out = [f"{KIND_NAMES[k]}：{DONE[k]}" for k in kinds if k in DONE]
        if duty.notes:
            out.append(f"权责清单备注：{duty.notes}")
        return out

    def escalation(self, duty: Duty) -> str:
        kind = "approval" if any(s.kind == "approval" for s in duty.steps) else "completion"
        rule = self.d.rules[kind]
        unit = _unit(rule.clock)
        responsible = duty.with_role("R")
        heads = "、".join(
            f"{self.by_id[i].name}负责人 {self.by_id[i].head}"
            for i in responsible
            if i in self.by_id
        )
        bosses = sorted({self.by_id[i].escalate_to for i in responsible if i in self.by_id} - {""})
        first = "到期即" if rule.ladder_h[0] == 0 else f"超时 {_h(rule.ladder_h[0])} {unit}"
        return (
            f"{first}提醒执行人（第 1 级）→ 超时 {_h(rule.ladder_h[1])} {unit}升级至"
            f"{heads or '负责部门负责人'}（第 2 级）→ 超时 {_h(rule.ladder_h[2])} {unit}升级至"
            f"{'、'.join(bosses) + '（管理层）' if bosses else '管理层'}（第 3 级）"
        )

    def dispute(self, duty: Duty) -> list[str]:
        rule = self.d.rules["dispute"]
        accountable = duty.with_role("A")
        bosses = sorted({self.by_id[i].escalate_to for i in accountable if i in self.by_id} - {""})
        out = [
            f"涉及部门在「权责争议」登记（协作场景「{duty.scenario}」、协作环节「{duty.activity}」），"
            f"先协商 {_h(rule.goal_h)} {_unit(rule.clock)}；协商不成自动升级至管理层"
            f"{'（' + '、'.join(bosses) + '）' if bosses else ''}裁决；重大争议立即提交管理层",
            "裁决以「裁决结果」「裁决人」「裁决时间」为准；裁决改变负责部门的，由权责流程组同步修改"
            "权责清单。本环节一个季度内争议两次及以上的，validate 会提示修改权责清单，直到该行"
            "「备注」写上争议编号",
        ]
        out += [
            f"先例 {p.dispute_id}（{p.decided_at} {p.decided_by}裁决）：{p.decision}"
            for p in duty.precedents
        ]
        return out

    def activity(self, duty: Duty, dept_id: str | None) -> list[Block]:
        blocks: list[Block] = [Heading(f"{duty.scenario} · {duty.activity}", 3)]
        roles = [
            f"{ROLE_NAMES[letter]}({letter})：{self.names(duty.with_role(letter))}"
            for _, letter in ROLES
        ]
        if dept_id is not None:
            mine = duty.role_of(dept_id).split("、")
            blocks.append(
                Paragraph(
                    f"本部门角色：{'、'.join(f'{ROLE_NAMES[x]}({x})' for x in mine)}。"
                    + "；".join(ROLE_MEANING[x] for x in mine)
                    + "。"
                )
            )
        blocks += [
            Paragraph("各部门角色：" + "；".join(roles) + f"（{duty.cell}）"),
            Paragraph("时限："),
            Bullets(tuple(self.limits(duty))),
            Paragraph("完成标准："),
            Bullets(tuple(self.done(duty))),
            Paragraph("超时升级：" + self.escalation(duty)),
            Paragraph("争议裁决："),
            Bullets(tuple(self.dispute(duty))),
        ]
        return blocks

    def rules(self) -> list[Block]:
        r = self.d.rules
        return [
            Heading("通用规则", 2),
            Bullets(
                (
                    "角色：R 负责（执行）、A 最终负责（拍板，每个环节只有一个）、C 协助、I 知会",
                    f"时限按工作日历计算（工作时间 {self.d.hours}，法定节假日和调休已计入，"
                    "公司的例外以「工作日历」为准）。"
                    f"默认：响应 {_h(r['response'].goal_h)} 小时，完成 "
                    f"{_h(r['completion'].goal_h)} 小时，审批 {_h(r['approval'].goal_h)} 小时，"
                    f"争议协商 {_h(r['dispute'].goal_h)} 小时，复盘整改 {_h(r['action'].goal_h)} "
                    "小时（未填整改期限时）；流程模板写了时限的以模板为准",
                    "升级路径：超时先提醒执行人，再升级到部门负责人，最后升级到「部门」表的升级对象"
                    "（管理层）；每人每天一条汇总提醒，紧急升级每小时发出",
                    "争议：在「权责争议」登记，涉及部门协商，超时或重大争议由管理层裁决，裁决写回表中",
                    "复盘：项目完成后复盘，每条问题发现都要有整改措施、整改负责人和整改期限，完成后填写"
                    "整改完成时间",
                )
            ),
        ]


def _title(base: str, scenario: str | None) -> str:
    return f"{base} · {scenario}" if scenario else base


def _head(d: Duties) -> Paragraph:
    return Paragraph(
        f"版本 {d.version}，生成日期 {d.date:%Y-%m-%d}。本说明书由 collabsheet 根据「权责清单」"
        "「流程模板」、SLA 时限规则和升级路径生成；表格有变化时重新生成即可。"
    )


def company_document(d: Duties, scenario: str | None = None) -> Document:
    """The company's handbook: every department's summary, every activity, all 待明确 items."""
    w = _Writer(d)
    summary = tuple(
        (w.name(x.dept_id), *(str(n) for n in w.counts(x.dept_id).values()),
         str(len(w.pending_of(x.dept_id))))
        for x in d.depts
    )  # fmt: skip
    blocks: list[Block] = [
        _head(d),
        Heading("各部门职责概要", 2),
        Bullets(tuple(w.summary(x) for x in d.depts)),
        Table(("部门", "负责(R)", "最终负责(A)", "协助(C)", "知会(I)", "待明确"), summary),
        Heading("权责总表", 2),
        Table(HEADER, tuple(w.row(duty) for duty in d.duties)),
        *w.rules(),
        Heading("各环节说明", 2),
    ]
    for duty in d.duties:
        blocks += w.activity(duty, None)
    blocks += [Heading("待明确", 2), Bullets(tuple(w.pending_of(None)) or ("无",))]
    return Document("company", _title("权责说明书（全公司）", scenario), d.version,
                    f"{d.date:%Y-%m-%d}", tuple(blocks))  # fmt: skip


def department_document(d: Duties, dept_id: str, scenario: str | None = None) -> Document:
    """One department's handbook: its summary, its activities with the others' roles beside."""
    w = _Writer(d)
    dept = d.dept(dept_id) or Dept(dept_id, dept_id, "", "")
    mine = [duty for duty in d.duties if duty.role_of(dept_id)]
    blocks: list[Block] = [
        _head(d),
        Heading("职责概要", 2),
        Paragraph(w.summary(dept)),
        Paragraph(f"部门负责人：{dept.head or '未填写'}；升级对象：{dept.escalate_to or '管理层'}"),
        Heading("职责总览", 2),
        Table(("协作场景", "协作环节", "本部门", *HEADER[2:]),
              tuple((duty.scenario, duty.activity, duty.role_of(dept_id), *w.row(duty)[2:])
                    for duty in mine)),
        *w.rules(),
        Heading("各环节说明", 2),
    ]  # fmt: skip
    for duty in mine:
        blocks += w.activity(duty, dept_id)
    blocks += [Heading("待明确", 2), Bullets(tuple(w.pending_of(dept_id)) or ("无",))]
    return Document(dept_id, _title(f"权责说明书 · {w.name(dept_id)}", scenario), d.version,
                    f"{d.date:%Y-%m-%d}", tuple(blocks))  # fmt: skip


def documents(d: Duties, dept_ids: Iterable[str] | None, scenario: str | None) -> list[Document]:
    """The company's document and every department's (``dept_ids`` None), or only those named."""
    if dept_ids is None:
        return [company_document(d, scenario),
                *(department_document(d, x.dept_id, scenario) for x in d.depts)]  # fmt: skip
    return [department_document(d, x, scenario) for x in dept_ids]
