"""A Google spreadsheet's key, from the key itself or from the URL people copy from the browser;
which local workbooks are read only, and where a workbook's bot workbook goes."""

from __future__ import annotations

import re
from pathlib import Path

_KEY = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")


def spreadsheet_key(value: str) -> str | None:
    """The key of a spreadsheet given as a key or as its URL; None if it is neither."""
    value = value.strip()
    m = _KEY.search(value)
    if m:
        return m.group(1)
    return value if re.fullmatch(r"[A-Za-z0-9_-]{20,}", value) else None


# workbooks collabsheet reads (python-calamine) but never writes: openpyxl cannot
READ_ONLY_SUFFIXES = frozenset({".ods", ".xls", ".xlsb"})


def is_read_only(path: Path) -> bool:
    """Whether ``path`` is a workbook read but never written (.ods, .xls, .xlsb)."""
    return path.suffix.lower() in READ_ONLY_SUFFIXES


def default_bot_path(path: Path) -> Path:
    """The bot workbook beside ``path``: ``demo.xlsx`` -> ``demo.bot.xlsx``, always an .xlsx,
    the format it is written in: ``demo.ods`` and a macro workbook's too (``demo.xlsm`` ->
    ``demo.bot.xlsx``: Excel refuses an .xlsm whose content is a plain workbook; trial10)."""
    return path.with_name(f"{path.stem}.bot.xlsx")
