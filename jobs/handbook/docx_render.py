"""A handbook document as a Word file (python-docx), which Word, WPS and LibreOffice open.

The only module that imports ``docx`` (an import-linter contract keeps it so). It returns the
file's bytes; writing them is the run package's job.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from jobs.handbook.document import Bullets, Document, Heading, Paragraph, Table, redacted

A4 = (Mm(210), Mm(297))
FONT = "Microsoft YaHei"  # Latin and East Asian text; other machines substitute a CJK font


def _fonts(styles: object) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet"):
        style = styles[name]  # type: ignore[index]
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def render_docx(doc: Document) -> bytes:
    """``doc`` drawn (``redacted`` first: no token typed into a cell reaches the file)."""
    doc = redacted(doc)
    out = new_docx()
    _fonts(out.styles)
    out.styles["Normal"].font.size = Pt(10.5)
    props = out.core_properties
    props.title, props.version, props.subject = doc.title, doc.version, doc.subject
    props.created = dt.datetime.fromisoformat(doc.date)
    page = out.sections[0]  # A4, as offices in China print (python-docx's default is Letter:
    page.page_width, page.page_height = A4  # trial13); the margins stay 2.54 cm
    if doc.landscape:
        page.orientation = WD_ORIENT.LANDSCAPE
        page.page_width, page.page_height = page.page_height, page.page_width
    out.add_heading(doc.title, 0)
    bullet, grid = out.styles["List Bullet"], out.styles["Table Grid"]  # looked up once
    for b in doc.blocks:
        if isinstance(b, Heading):
            out.add_heading(b.text, min(max(b.level - 1, 1), 9))
        elif isinstance(b, Paragraph):
            out.add_paragraph(b.text)
        elif isinstance(b, Bullets):
            for item in b.items:
                out.add_paragraph(item, style=bullet)
        elif isinstance(b, Table):
            table = out.add_table(rows=1 + len(b.rows), cols=len(b.header))
            table.style = grid
            # each row's cells once: ``rows[i].cells[j]`` rebuilds the row's cells per cell (a
            # 200-row table of 9 columns took a second)
            rows = table.rows
            for cell, text in zip(rows[0].cells, b.header, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
            for row, texts in zip(rows[1:], b.texts(), strict=True):
                for cell, text in zip(row.cells, texts, strict=True):
                    if text:  # a new cell holds one empty paragraph: its run, not a new one
                        cell.paragraphs[0].add_run(text)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
