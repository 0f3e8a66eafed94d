"""New ids that continue a tab's own pattern (prefix + zero-padded number), never colliding."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sheets_sync.table import Table

_ID = re.compile(r"^(.*?)(\d+)$")


def next_ids(existing: Sequence[Any], n: int, default: str) -> list[str]:
    """``n`` new ids after the highest of the commonest pattern (prefix + zero-padded number)."""
    ids = [str(i).strip() for i in existing if i not in (None, "")]
    found = [m.groups() for i in ids if (m := _ID.match(i))]
    prefix, digits = _ID.match(default).groups()  # type: ignore[union-attr]
    last = 0
    if found:
        seen = Counter(p for p, _ in found)
        latest = {p: k for k, (p, _) in enumerate(found)}
        prefix = max(seen, key=lambda p: (seen[p], latest[p]))
        widths = Counter(len(d) for p, d in found if p == prefix)
        digits = "0" * max(widths, key=lambda w: (widths[w], w))
        last = max(int(d) for p, d in found if p == prefix)
    taken = {i.casefold() for i in ids}
    out: list[str] = []
    while len(out) < n:
        last += 1
        new = f"{prefix}{last:0{len(digits)}d}"
        if new.casefold() not in taken:
            out.append(new)
    return out


def all_ids(table: Table, key: str) -> list[Any]:
    """Every id of a tab, also those of rows left out for an error (they are in the sheet)."""
    return [*table.column(key), *(r.get(key) for r in table.skipped)]
