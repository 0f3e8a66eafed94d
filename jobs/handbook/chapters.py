"""The handbook's documents, one per department and one for the company, as plain blocks.

Each activity says the department's role beside the others', the time limits, what counts as
done, who escalates to whom and how a dispute is decided; each document opens with a summary
per department, its version and date, and ends with the matrix's 待明确 items (to clarify).
The fixed texts (``jobs.handbook.terms``) and the sentences (``jobs.handbook.writer``) are in
Chinese (zh-CN, the default) or English (``locale`` 'en…'); the names from the sheets stay as
they are typed.
"""

from __future__ import annotations

from collections.abc import Iterable

from jobs.handbook.document import Block, Bullets, Document, Heading, Paragraph, Table
from jobs.handbook.duties import Dept, Duties
from jobs.handbook.writer import Writer


def _title(base: str, scenario: str | None) -> str:
    return f"{base} · {scenario}" if scenario else base


def company_document(d: Duties, scenario: str | None = None, locale: str = "zh-CN") -> Document:
    """The company's handbook: every department's summary, every activity, all 待明确 items."""
    w = Writer(d, locale)
    summary = tuple(
        (w.name(x.dept_id), *(str(n) for n in w.counts(x.dept_id).values()),
         str(len(w.pending_of(x.dept_id))))
        for x in d.depts
    )  # fmt: skip
    blocks: list[Block] = [
        w.head(),
        Heading(w.t("各部门职责概要", "Each department's duties"), 2),
        Bullets(tuple(w.summary(x) for x in d.depts)),
        Table((w.t("部门", "Department"), *w.header()[2:], w.t("待明确", "To clarify")), summary),
        Heading(w.t("权责总表", "The responsibility matrix"), 2),
        Table(w.header(), tuple(w.row(duty) for duty in d.duties)),
        *w.rules(),
        Heading(w.t("各环节说明", "Activity by activity"), 2),
    ]
    for duty in d.duties:
        blocks += w.activity(duty, None)
    none = (w.t("无", "none"),)
    blocks += [Heading(w.t("待明确", "To clarify"), 2), Bullets(tuple(w.pending_of(None)) or none)]
    title = w.t("权责说明书（全公司）", "Responsibility handbook (company)")
    return _document(w, "company", title, scenario, blocks)


def department_document(
    d: Duties, dept_id: str, scenario: str | None = None, locale: str = "zh-CN"
) -> Document:
    """One department's handbook: its summary, its activities with the others' roles beside."""
    w = Writer(d, locale)
    dept = d.dept(dept_id) or Dept(dept_id, dept_id, "", "")
    mine = [duty for duty in d.duties if duty.role_of(dept_id)]
    contacts = w.t(
        f"部门负责人：{dept.head or '未填写'}；升级对象：{dept.escalate_to or '管理层'}",
        f"Head: {dept.head or 'not filled in'}; escalation contact: "
        f"{dept.escalate_to or 'management'}",
    )
    blocks: list[Block] = [
        w.head(),
        Heading(w.t("职责概要", "Duties in brief"), 2),
        Paragraph(w.summary(dept)),
        Paragraph(contacts),
        Heading(w.t("职责总览", "Overview"), 2),
        Table((*w.header()[:2], w.t("本部门", "This department"), *w.header()[2:]),
              tuple((duty.scenario, duty.activity, duty.role_of(dept_id), *w.row(duty)[2:])
                    for duty in mine)),
        *w.rules(),
        Heading(w.t("各环节说明", "Activity by activity"), 2),
    ]  # fmt: skip
    for duty in mine:
        blocks += w.activity(duty, dept_id)
    none = (w.t("无", "none"),)
    blocks += [Heading(w.t("待明确", "To clarify"), 2),
               Bullets(tuple(w.pending_of(dept_id)) or none)]  # fmt: skip
    title = w.t(f"权责说明书 · {w.name(dept_id)}", f"Responsibility handbook · {w.name(dept_id)}")
    return _document(w, dept_id, title, scenario, blocks)


def _document(
    w: Writer, key: str, title: str, scenario: str | None, blocks: list[Block]
) -> Document:
    """A handbook document: its title (with the scenario), the matrix's version and date."""
    d = w.d
    return Document(
        key,
        _title(title, scenario),
        d.version,
        f"{d.date:%Y-%m-%d}",
        tuple(blocks),
        subject=w.t("权责说明书", "Responsibility handbook"),
        lang=w.t("zh-CN", "en"),
    )


def documents(
    d: Duties, dept_ids: Iterable[str] | None, scenario: str | None, locale: str = "zh-CN"
) -> list[Document]:
    """The company's document and every department's (``dept_ids`` None), or only those named."""
    if dept_ids is None:
        return [
            company_document(d, scenario, locale),
            *(department_document(d, x.dept_id, scenario, locale) for x in d.depts),
        ]
    return [department_document(d, x, scenario, locale) for x in dept_ids]
