"""A KPI's raw count: value, numerator, denominator and the rows behind it.

The measures of ``jobs.kpis`` return a ``Tally``; ``jobs.kpis.measures.measure`` adds the target,
the verdict and, for an n/a value, the reason (``jobs.kpis.reasons``).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sheets_sync.table import Table


@dataclass(frozen=True)
class Tally:
    value: float | None
    numerator: float | None  # None for medians: ``denominator`` is then the number of values
    denominator: int
    keys: tuple[str, ...]


def ratio(hits: Sequence[bool], keys: Sequence[str]) -> Tally:
    """Hits / rows, over these rows."""
    n = len(hits)
    num = sum(hits)
    return Tally(num / n if n else None, num, n, tuple(keys))


def median(values: Sequence[float], keys: Sequence[str]) -> Tally:
    """The median of these values (no numerator)."""
    value = float(statistics.median(values)) if values else None
    return Tally(value, None, len(values), tuple(keys))


def mean(values: Sequence[float], keys: Sequence[str]) -> Tally:
    """The mean of these values: their sum / their number."""
    total = float(sum(values))
    return Tally(total / len(values) if values else None, total, len(values), tuple(keys))


def records(table: Table, *keys: str) -> Iterator[dict[str, Any]]:
    """The records of ``table`` with only these keys (a full record per row costs more than
    the measure that reads it)."""
    for values in zip(*(table.column(k) for k in keys), strict=True):
        yield dict(zip(keys, values, strict=True))
