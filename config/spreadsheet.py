"""A Google spreadsheet's key, from the key itself or from the URL people copy from the browser."""

from __future__ import annotations

import re

_KEY = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")


def spreadsheet_key(value: str) -> str | None:
    """The key of a spreadsheet given as a key or as its URL; None if it is neither."""
    value = value.strip()
    m = _KEY.search(value)
    if m:
        return m.group(1)
    return value if re.fullmatch(r"[A-Za-z0-9_-]{20,}", value) else None
