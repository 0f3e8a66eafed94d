"""The 权责说明书 for download on the RACI page: the documents ``collabsheet handbook`` writes
(``jobs.handbook``: the same facts, chapters and renderers), as Word, HTML and Markdown.

Every document is built as the command builds it, from the whole workbook read (the matrix
problems from ``validate`` on its tables), so a download is the command's file byte for byte.
An unscoped viewer gets the company's document and every department's; a viewer scoped to
departments gets only theirs, the document ``collabsheet handbook --dept`` gives the department
(the other departments' roles in its activities, their names, the escalation contacts) without
the precedents of disputes their departments were not party to: those are other departments'
rows (a scoped viewer sees only the disputes of the departments involved, dashboard/scope.py).
The bytes are made when a button is clicked (Streamlit runs the callable then), once per read.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st

from dashboard.context import Context
from dashboard.text import md_escape
from jobs.checks.validation import validate
from jobs.handbook.chapters import company_document, department_document
from jobs.handbook.document import Document
from jobs.handbook.docx_render import render_docx
from jobs.handbook.duties import Duties, only_precedents, read_duties
from jobs.handbook.html_render import render_html
from jobs.handbook.md_render import render_md

COMPANY = "company"
FORMATS = {  # format -> MIME type
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "md": "text/markdown",
}


def duties(ctx: Context) -> Duties:
    """The handbook's facts for this read, from the whole workbook as the command reads it
    (built once per read, whoever asks)."""
    snapshot = ctx.snapshot.whole or ctx.snapshot
    wb = snapshot.workbook

    def build() -> Duties:
        findings = validate(wb)
        today = snapshot.read_at.date()
        # the configured locale, as the command (the viewer's language does not change it)
        locale = ctx.settings.locale
        return read_duties(wb, findings, ctx.settings.sla_section, today, None, locale)

    whole = snapshot.derive("handbook:duties", build)
    if not ctx.snapshot.scoped:
        return whole
    party = [str(d) for d in ctx.snapshot.workbook["disputes"].column("dispute_id") if d]
    return ctx.snapshot.derive("handbook:duties:party", lambda: only_precedents(whole, party))


def choices(ctx: Context) -> dict[str, str]:
    """key -> label of the documents this viewer may download: the company's (unscoped only),
    then each department's (a scoped viewer's table holds only theirs)."""
    t = ctx.snapshot.workbook["departments"]
    out = {} if ctx.snapshot.scoped else {COMPANY: ctx.t("handbook.company")}
    for dept, name, active in zip(t.column("dept_id"), t.column("name"), t.column("active"),
                                  strict=True):  # fmt: skip
        if dept and active is not False:
            out[str(dept)] = f"{dept} {name or ''}".strip()
    return out


def document(ctx: Context, key: str) -> Document:
    """The company's document (``COMPANY``) or one department's."""
    if key == COMPANY:
        return company_document(duties(ctx))
    return department_document(duties(ctx), key)


def file_name(key: str, dept_name: str, fmt: str) -> str:
    """The name ``collabsheet handbook`` gives the file: 权责说明书_D01_研发部.docx."""
    base = "_".join(["权责说明书", "全公司" if key == COMPANY else f"{key}_{dept_name}"])
    return re.sub(r'[\\/:*?"<>|\s]+', "-", base) + f".{fmt}"


def file_bytes(ctx: Context, key: str, fmt: str) -> bytes:
    """One document of ``choices`` in one format, rendered once per read."""
    if key not in choices(ctx):
        raise KeyError(f"no handbook {key!r} for this viewer: {sorted(choices(ctx))}")

    def build() -> bytes:
        doc = document(ctx, key)
        if fmt == "docx":
            return render_docx(doc)
        return (render_html(doc) if fmt == "html" else render_md(doc)).encode("utf-8")

    # a scoped viewer's file on their own snapshot: it lacks other departments' precedents
    return ctx.snapshot.derive(f"handbook:{key}:{fmt}", build)


def _later(ctx: Context, key: str, fmt: str) -> Callable[[], bytes]:
    return lambda: file_bytes(ctx, key, fmt)


def buttons(ctx: Context, chosen: list[str]) -> None:
    """A document picker (the first department of the filter, else the first document) and one
    download button per format."""
    docs = choices(ctx)
    if not docs:
        return
    st.subheader(ctx.t("handbook.title"), anchor=False)
    keys = list(docs)
    first = next((k for k in chosen if k in docs), keys[0])
    key = st.selectbox(
        ctx.t("handbook.pick"), keys, index=keys.index(first), format_func=docs.__getitem__,
        key=f"handbook_pick_{first}",
    )  # fmt: skip
    key = key or first
    name = docs[key].split(" ", 1)[1] if " " in docs[key] else ""
    st.caption(md_escape(ctx.t("handbook.caption")))
    if ctx.snapshot.scoped:
        st.caption(md_escape(ctx.t("handbook.scoped")))
    cols = st.columns(len(FORMATS))
    for col, (fmt, mime) in zip(cols, FORMATS.items(), strict=True):
        col.download_button(
            ctx.t(f"handbook.download.{fmt}"), _later(ctx, key, fmt),
            file_name=file_name(key, name, fmt), mime=mime, key=f"handbook-{key}-{fmt}",
            icon=":material/download:", on_click="ignore",
        )  # fmt: skip
