"""The ``_survey_rounds`` tab: one row per survey round (a quarter), written by
``collabsheet survey`` and read by the dashboard's survey form and survey page.

A round is open from ``opened_at`` through the end of ``close_on`` unless ``closed_at`` is set
(``survey close``, which also records the final ``answered`` / ``headcount``). Opening a
quarter again after it was closed starts a new round with a new close date (new links); the
row keeps the latest round of each quarter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

from jobs.kpis.quarters import parse_quarter, quarter_of
from sheets_sync.bot_tab import BotTab, Rows

ROUNDS = BotTab("_survey_rounds")
STAMP = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class Round:
    quarter: str
    opened_at: str  # STAMP
    close_on: str  # YYYY-MM-DD: answers are taken through the end of this day
    closed_at: str = ""  # STAMP when closed by `survey close`
    anonymous: bool = False
    invited: int = 0
    reminded: int = 0
    answered: int = 0  # at close: the final count
    headcount: int = 0  # at close: the active people then

    @property
    def close_date(self) -> dt.date:
        return dt.date.fromisoformat(self.close_on)

    @property
    def opened(self) -> dt.datetime:
        return dt.datetime.strptime(self.opened_at, STAMP)

    def is_open(self, now: dt.datetime) -> bool:
        """Taking answers at ``now``: not closed, not past its close date, already opened."""
        return not self.closed_at and self.opened <= now and now.date() <= self.close_date

    def tag(self) -> str:
        """The round in ledger keys: its quarter and close date (a reopened quarter differs)."""
        return f"{self.quarter}:{self.close_on}"

    def closed(self, now: dt.datetime, answered: int, headcount: int) -> Round:
        return replace(self, closed_at=now.strftime(STAMP), answered=answered,
                       headcount=headcount)  # fmt: skip


def _text(v: Any) -> str:
    if isinstance(v, dt.datetime):
        return v.strftime(STAMP)
    if isinstance(v, dt.date):
        return v.isoformat()
    return "" if v is None else str(v).strip()


def _count(v: Any) -> int:
    try:
        return int(float(v or 0))
    except (TypeError, ValueError):
        return 0


def read_rounds(rows: Rows | None) -> dict[str, Round]:
    """The rounds by quarter (the latest of a quarter opened again; the earlier ones under
    "QUARTER OPENED_AT", kept as they were); a row without a readable quarter, opening or
    close date (edited by hand) is skipped: the tab is collabsheet's own, rewritten whole on
    every change."""
    out: dict[str, Round] = {}
    for r in ROUNDS.decode(rows):
        quarter, opened, close = _text(r.get("quarter")), _text(r.get("opened_at")), _text(
            r.get("close_on"))[:10]  # fmt: skip
        try:
            dt.datetime.strptime(opened, STAMP)
            dt.date.fromisoformat(close)
        except ValueError:
            continue
        anonymous = r.get("anonymous")
        if quarter in out:  # opened again: the earlier round's record kept under its opening
            out[f"{quarter} {out[quarter].opened_at}"] = out[quarter]
        out[quarter] = Round(
            quarter, opened, close, _text(r.get("closed_at")),
            anonymous is True or str(anonymous).strip().lower() in ("true", "1", "是"),
            _count(r.get("invited")), _count(r.get("reminded")), _count(r.get("answered")),
            _count(r.get("headcount")),
        )  # fmt: skip
    return out


def rounds_rows(rounds: Iterable[Round]) -> list[list[Any]]:
    """The whole tab, rounds in opening order."""
    return ROUNDS.encode(asdict(r) for r in sorted(rounds, key=lambda r: r.opened_at))


def open_round(rounds: dict[str, Round], now: dt.datetime) -> Round | None:
    """The round taking answers now (the latest opened, if several quarters are open)."""
    live = [r for r in rounds.values() if r.is_open(now)]
    return max(live, key=lambda r: r.opened_at, default=None)


def refused_opening(quarter: str, today: dt.date, open_now: Round | None) -> tuple[str, str] | None:
    """Why ``survey open QUARTER`` is refused today, or None (trial35: 2025Q3 was opened 15
    months late, and took 2026Q4's place in status, remind and doctor): a quarter to come, one
    before the last, or another quarter's round still open (one round at a time)."""
    asked, now = parse_quarter(quarter), quarter_of(today)
    last = quarter_of(now.first_day - dt.timedelta(days=1))
    if asked is not None and asked > now:
        return (f"{quarter} 尚未开始（今天 {today} 属于 {now}）：调研在季度内或季度结束后开启",
                f"{quarter} has not begun (today, {today}, is in {now}): a quarter's survey "
                "opens within it or after it")  # fmt: skip
    if asked is not None and asked < last:
        return (f"{quarter} 已过去：只能开启本季度（{now}）或上一季度（{last}）的调研",
                f"{quarter} is past: open the survey of this quarter ({now}) or the last "
                f"({last})")  # fmt: skip
    if open_now is not None and open_now.quarter != quarter:
        q, close = open_now.quarter, open_now.close_on
        return (f"调研轮次 {q} 进行中（截止 {close}）：一次只开一轮，请先结束它"
                f"（collabsheet survey close {q}）",
                f"survey round {q} is open until {close}: one round at a time, close it first "
                f"(collabsheet survey close {q})")  # fmt: skip
    return None
