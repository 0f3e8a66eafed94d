"""A document as plain data: headings, paragraphs, bullet lists and tables, in order.

The handbook is built once as these blocks and rendered to Markdown, HTML or Word from them,
so the three formats cannot say different things. Each renderer draws ``redacted(doc)``: a
webhook URL or a secret typed into a cell (a dispute's description in the weekly pack) is never
written into a file people forward (trial9).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from config.secrets import redact


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1 is the document's title


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


Cell = str | int | float  # a number stays a number in a spreadsheet (the pack's xlsx)


def cell_text(value: Cell) -> str:
    """A cell as the Word, HTML and Markdown files show it (12.5, 3, 4.25)."""
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def texts(self) -> tuple[tuple[str, ...], ...]:
        """The rows as the Word, HTML and Markdown files show them (``cell_text``)."""
        return tuple(tuple(map(cell_text, row)) for row in self.rows)


Block = Heading | Paragraph | Bullets | Table


@dataclass(frozen=True)
class Document:
    """One document: its title, version and date (shown under the title), then its blocks."""

    key: str  # "company" or a dept_id: names the file
    title: str
    version: str
    date: str
    blocks: tuple[Block, ...]
    subject: str = "权责说明书"  # the Word file's subject (the weekly pack reuses these blocks)
    landscape: bool = False  # wide tables (the weekly pack's item lists): a landscape page
    lang: str = "zh-CN"  # the language of its fixed texts (HTML's lang)

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


def redacted(doc: Document) -> Document:
    """``doc`` with every text through ``config.secrets.redact`` (tokens, webhook URLs)."""
    return replace(doc, title=redact(doc.title), blocks=tuple(map(_redacted, doc.blocks)))


def _redacted(block: Block) -> Block:
    if isinstance(block, Heading | Paragraph):
        return replace(block, text=redact(block.text))
    if isinstance(block, Bullets):
        return Bullets(tuple(map(redact, block.items)))
    return Table(tuple(map(redact, block.header)),
                 tuple(tuple(redact(c) if isinstance(c, str) else c for c in row)
                       for row in block.rows))  # fmt: skip
