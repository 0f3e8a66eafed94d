"""One answer cell of a form tool's export read as the survey tab's value: a rating (1–5 or
非常满意…非常不满意), a department (its id or its name), hours per week, a submission time.

Each reader returns the value, or None and the rule it broke (the caller makes the finding
with the cell). Pure: the departments come in as a lookup built once per import.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from sheets_sync.cell import datetime_cell, is_blank

# the five-point satisfaction scale as form tools label it (5 best); "比较…" and "很…" as
# some templates word it, and English for Google Forms
LABELS: dict[str, int] = {
    "非常满意": 5, "很满意": 5, "满意": 4, "比较满意": 4, "一般": 3, "不满意": 2,
    "比较不满意": 2, "非常不满意": 1, "很不满意": 1,
    "verysatisfied": 5, "satisfied": 4, "neutral": 3, "dissatisfied": 2,
    "verydissatisfied": 1,
}  # fmt: skip
_SCORE = re.compile(r"^([1-5])(?:\.0+)?(?:分|星|points?)?$")
_NOTE = re.compile(r"[(（][^()（）]*[)）]")
_HOURS = re.compile(r"^(\d+(?:\.\d+)?)(?:小时|个小时|h|hours?|hrs?)?$")
Read = tuple[Any, str | None]  # (value, None) or (None, the rule broken)


def _form(v: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(v))).casefold()


def rating(v: Any) -> Read:
    """A rating 1–5 from a number, "4分", or a label (非常满意 … 非常不满意, with or without a
    note such as "满意（4分）")."""
    if isinstance(v, bool):
        return None, "survey_import.rating"
    if isinstance(v, int | float):
        ok = float(v).is_integer() and 1 <= v <= 5
        return (int(v), None) if ok else (None, "survey_import.rating")
    text = _form(v)
    m = _SCORE.match(text)
    if m:
        return int(m.group(1)), None
    label = _NOTE.sub("", text).replace("-", "").replace("_", "")
    if label in LABELS:
        return LABELS[label], None
    return None, "survey_import.rating"


def departments(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Department id and name (as compared: NFKC, no spaces, case-folded) -> id."""
    out: dict[str, str] = {}
    for r in rows:
        if r.get("dept_id"):
            out[_form(r["dept_id"])] = str(r["dept_id"])
            if r.get("name"):
                out.setdefault(_form(r["name"]), str(r["dept_id"]))
    return out


def department(v: Any, known: Mapping[str, str]) -> Read:
    """The department id of a cell holding an id or a name."""
    found = known.get(_form(v))
    return (found, None) if found else (None, "survey_import.dept_unknown")


def hours(v: Any, maximum: float) -> Read:
    """Hours per week, 0 to ``maximum``: a number, or "6" / "6小时" / "6h" as typed."""
    if isinstance(v, bool):
        return None, "survey_import.hours"
    if isinstance(v, int | float):
        x: float | None = float(v)
    else:
        m = _HOURS.match(_form(v))
        x = float(m.group(1)) if m else None
    if x is None or x != x or not 0 <= x <= maximum:
        return None, "survey_import.hours"
    return x, None


def submitted(v: Any) -> Read:
    """A submission time from a date cell or typed text ("2026/12/10 9:41:13")."""
    problems: list[Any] = []
    x = datetime_cell(0, v, False, problems)
    if isinstance(x, dt.datetime):
        return x, None
    return None, "survey_import.time"


def ident(v: Any) -> str:
    """A submission number or respondent as text (7.0 -> "7"); "" when blank."""
    if is_blank(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return unicodedata.normalize("NFKC", str(v)).strip()
