"""Columns of text aligned for a terminal: widths by display columns (CJK characters take two),
so a table of Chinese names and English words lines up in both locales."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence


def width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cols: int) -> str:
    return text + " " * max(0, cols - width(text))


def rpad(text: str, cols: int) -> str:
    return " " * max(0, cols - width(text)) + text


def table(rows: Sequence[Sequence[str]], right: Iterable[int] = (), gap: str = "  ") -> list[str]:
    """Rows as aligned lines: each column as wide as its widest cell in the terminal (CJK
    characters take two columns), the ``right`` ones aligned right; the last column is left
    as it is (a long explanation does not widen the others)."""
    if not rows:
        return []
    right = set(right)
    n = max(len(r) for r in rows)
    cols = [max((width(r[i]) for r in rows if i < len(r)), default=0) for i in range(n - 1)]
    out = []
    for r in rows:
        cells = [(rpad if i in right else pad)(c, cols[i]) if i < n - 1 else c
                 for i, c in enumerate(r)]  # fmt: skip
        out.append(gap.join(cells).rstrip())
    return out
