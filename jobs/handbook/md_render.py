"""A handbook document as Markdown (for a wiki, a repository or a chat message)."""

from __future__ import annotations

from jobs.handbook.document import Bullets, Document, Heading, Paragraph, Table, redacted


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or " "


def render_md(doc: Document) -> str:
    """``doc`` drawn (``redacted`` first: no token typed into a cell reaches the file)."""
    doc = redacted(doc)
    lines = [f"# {doc.title}", ""]
    for b in doc.blocks:
        if isinstance(b, Heading):
            lines += ["#" * max(b.level, 2) + " " + b.text, ""]
        elif isinstance(b, Paragraph):
            lines += [b.text, ""]
        elif isinstance(b, Bullets):
            lines += [*(f"- {item}" for item in b.items), ""]
        elif isinstance(b, Table):
            lines.append("| " + " | ".join(map(_cell, b.header)) + " |")
            lines.append("|" + " --- |" * len(b.header))
            lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in b.texts()]
            lines.append("")
    return "\n".join(lines)
