"""A document as plain data: headings, paragraphs, bullet lists and tables, in order.

The handbook is built once as these blocks and rendered to Markdown, HTML or Word from them,
so the three formats cannot say different things.
"""

from __future__ import annotations

from dataclasses import dataclass


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


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


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
