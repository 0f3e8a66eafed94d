"""The weekly meeting pack (周例会材料): ``[weekly]`` (where the packs are written) and the
scheduler's ``weekly_at`` ("MON 09:00": a weekday and a local time, moved to the next working
day when that day is not one)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from config.errors import ConfigError
from config.secrets import Unknown

Error = Callable[[str, Any, str], ConfigError]
DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
_AT = re.compile(r"^\s*([A-Za-z]{3})\s+([01]\d|2[0-3]):([0-5]\d)\s*$")


@dataclass(frozen=True)
class WeeklySettings:
    """``[weekly]``: the folder of the packs (None: ``weekly/`` beside the workbook), and
    ``[scheduler] weekly_at``: when the scheduler makes them."""

    folder: Path | None = None
    at: str = "MON 09:00"

    def folder_for(self, workbook: Path) -> Path:
        """Where the packs go for this workbook: the configured folder, else beside it."""
        return self.folder or workbook.parent / "weekly"


def weekly_from(
    data: Mapping[str, Any], scheduler: Mapping[str, Any], error: Error
) -> WeeklySettings:
    """``[weekly]`` checked (``folder`` is a path; empty: beside the workbook) with
    ``[scheduler] weekly_at``."""
    for key in data:
        if key != "folder":
            raise error(f"weekly.{key}", Unknown(), "no other key than weekly.folder")
    folder = data.get("folder", "")
    if not isinstance(folder, str):
        raise error("weekly.folder", folder, "a quoted folder path, e.g. 'data/weekly'")
    at = weekly_at(scheduler.get("weekly_at", WeeklySettings.at), error)
    return WeeklySettings(Path(folder) if folder.strip() else None, at)


def weekly_at(text: Any, error: Error) -> str:
    """``[scheduler] weekly_at`` checked and normalised ("mon 09:00" -> "MON 09:00")."""
    m = _AT.match(text) if isinstance(text, str) else None
    if m is None or m.group(1).upper() not in DAYS:
        raise error(
            "scheduler.weekly_at", text, "a weekday and a local time, e.g. 'MON 09:00' (MON…SUN)"
        )
    return f"{m.group(1).upper()} {m.group(2)}:{m.group(3)}"


def weekday_and_time(text: str) -> tuple[int, int, int]:
    """A checked ``weekly_at`` as (weekday 0 = Monday, hour, minute)."""
    day, hhmm = text.split()
    hour, minute = hhmm.split(":")
    return DAYS.index(day.upper()), int(hour), int(minute)
