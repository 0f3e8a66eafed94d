"""A handbook document as one self-contained HTML page (opens in any browser, prints well)."""

from __future__ import annotations

from html import escape

from jobs.handbook.document import Bullets, Document, Heading, Paragraph, Table, redacted

STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.6; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; width: 100%; }
th, td { border: 1px solid #999; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
h1 { border-bottom: 2px solid #345; } h3 { margin-bottom: 0.2rem; }
"""


def render_html(doc: Document) -> str:
    """``doc`` drawn (``redacted`` first: no token typed into a cell reaches the file)."""
    doc = redacted(doc)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(doc.lang)}"><head><meta charset="utf-8">',
        f"<title>{escape(doc.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(doc.title)}</h1>",
    ]
    for b in doc.blocks:
        if isinstance(b, Heading):
            level = min(max(b.level, 2), 6)
            parts.append(f"<h{level}>{escape(b.text)}</h{level}>")
        elif isinstance(b, Paragraph):
            parts.append(f"<p>{escape(b.text)}</p>")
        elif isinstance(b, Bullets):
            parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in b.items) + "</ul>")
        elif isinstance(b, Table):
            head = "".join(f"<th>{escape(h)}</th>" for h in b.header)
            body = "".join(
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                for row in b.texts()
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts)
