"""The reminder tests' moment and workbook: the base workbook with a coordinator and a task due
that day, shared by the planning tests and the remind job's end-to-end tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from config.settings import Settings, settings_from_dict
from tests.support.mutations import add_rows, apply
from tests.support.workbooks import Raw, open_id

NOW = dt.datetime(2026, 11, 27, 9, 0)  # a Friday morning


def raw(*extra: Any) -> Raw:
    """The base workbook plus a coordinator and a task due today (P02, D01)."""
    return apply(
        add_rows("people", ["P08", "郑十", "D04", "zheng@example.com", "13800000008",
                            "coordinator", 1, open_id(8), "zhengshi", "U00000008"]),
        add_rows("tasks", ["K4", "PJ1", 3, "审核", "D01", "P02", "2026-11-26 09:00",
                           "2026-11-26 10:00", "2026-11-27 17:00", "", "doing", "", ""]),
        *extra,
    )  # fmt: skip


def outbox_settings(tmp_path: Path, locale: str = "zh-CN") -> Settings:
    """Settings with every message to an outbox folder and a journal in ``tmp_path``, in
    ``locale`` (the terminal's and the workbook's language)."""
    return settings_from_dict(
        {
            "general": {"locale": locale},
            "channels": {
                "outbox": {"folder": str(tmp_path / "outbox")},
                "journal": str(tmp_path / "j.jsonl"),
            },
        }
    )
