"""An obligation said in words (``Said``) and the text pieces its words are made of: cell
text defused and clipped, cut to a byte budget, hours and days as people read them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jobs.notify.escaping import defuse

# the smallest item limit of the channels, text and link (WeCom's, jobs/notify/wecom.py; its
# markdown body is at most 4096 bytes): a dispute's 协商记录 is cut to it here, so no channel
# shortens the item and the cell that holds the whole record is always named
ITEM_BYTES = 620
# the least of a 协商记录 an item keeps: the head's variable parts (description, department and
# person names) are cut first, so long names never leave the record empty
RECORD_BYTES = 48


def clip(text: Any, n: int) -> str:
    """Cell text defused and cut to ``n`` characters (with "…")."""
    t = defuse(" ".join(str(text or "").split()))
    return t if len(t) <= n else t[: n - 1] + "…"


def cut(text: str, room: int) -> str:
    """``text`` in at most ``room`` UTF-8 bytes, ending in "…" when cut."""
    if len(text.encode()) <= room:
        return text
    while text and len((text + "…").encode()) > room:
        text = text[:-1]
    return text + "…" if room >= len("…".encode()) else ""


def hours(h: float) -> str:
    """16, 15.5 (at most one decimal), rounded half up as people round (四舍五入: 10.25 is
    10.3; Python's rounding of the float gave 10.2, trial29)."""
    h = float(h)  # a numpy scalar's repr is np.float64(…) (review31)
    if not math.isfinite(h):
        return str(h)
    tenths = Decimal(repr(h + 0.0)).quantize(Decimal("0.1"), ROUND_HALF_UP)  # + 0.0: no "-0"
    return f"{tenths + 0:f}".rstrip("0").rstrip(".") if tenths else "0"


def days(d: float) -> str:
    """0.4, 7.7, 184: one decimal under ten days, whole days from ten on (half up)."""
    if d < 10 or not math.isfinite(d):
        return hours(d)
    return str(Decimal(repr(float(d))).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class Said:
    """An obligation in words, without the reader's reason."""

    what: str  # 审批 T000354「3 需求评审」
    project: str  # 会员积分体系开发（PJ0031）, or "" (a dispute)
    owner: str  # 执行人 张三（研发部）
    due: str  # 截止 12月8日（周二）18:00，已超时 16 工作小时（已过 2 个自然日）
    todo: str  # 完成后在 任务进度!J355 填写完成时间
    link: str
    state: str  # 已超时 16 工作小时 (for a subject's worst item)
    severity: tuple[int, float]  # sorts breached before at-risk, the most late first
    level: int
    role: str  # the owner's role word (执行人)
    ladder: tuple[float, float, float]  # hours late at which levels 1, 2, 3 begin
    unit: str  # 工作小时 / 小时
    kind: str = ""
    # a dispute for management: who raised it when; how long negotiated against the window and
    # the status; its 协商记录's words naming the cell, and its text (cut to the item's limit)
    negotiation: tuple[str, str, str, str] | None = None
    at_once: str = ""  # "major" / "escalated": a dispute at management (level 3) at once
    key: str = ""  # the obligation's key (completion:T000354): its items' ``ref``


@dataclass(frozen=True, slots=True)
class Dispute:
    """The cells of one dispute that its items say."""

    text: Any
    departments: Any
    raised_at: Any
    raised_by: Any
    status: Any
    negotiation: Any
    cell: str  # 权责争议!N5: where its 协商记录 is (the tab alone when it has no such column)


def day_hours(spans: tuple[tuple[int, int], ...]) -> float:
    """Working hours of a working day ([calendar] hours, in minutes): 8 for 09-12 and 13-18."""
    return sum(b - a for a, b in spans) / 60 or 8.0
