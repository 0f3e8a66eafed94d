"""The Backend protocol: how the jobs reach a workbook, whatever stores it.

Three calls, each one batch: ``read`` every tab, ``write`` every bot tab, ``append`` rows to a
human tab. Human tabs are never rewritten: ``write`` refuses a title that does not start
with ``_``, and ``append`` re-reads the tab's header at the moment it appends, so a person
who moved columns since the read still gets each value in the right column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from config.errors import BackendError
from config.schema import is_bot_tab

Rows = Sequence[Sequence[Any]]
# header row as it is now -> the column key of each header cell (None: leave the cell empty)
HeaderKeys = Callable[[Sequence[Any]], Sequence[str | None]]
# rows to append to one human tab: its title, the records (column key -> value), its header keys
Append = tuple[str, Sequence[Mapping[str, Any]], HeaderKeys]


class Backend(Protocol):
    """A store of tabs: a local workbook, a Google spreadsheet or memory."""

    def read(self) -> Mapping[str, list[list[Any]]]:
        """Every tab, title -> rows (row 0 is the header), in one batch. A backend may hand the
        mapping over before every tab has arrived: reading a value waits for that tab."""
        ...

    def write(self, tabs: Mapping[str, Rows]) -> None:
        """Replace the content of these bot-owned tabs (created when missing), in one batch."""
        ...

    def append(self, title: str, records: Sequence[Mapping[str, Any]], keys: HeaderKeys) -> None:
        """Append records (column key -> value) to the human tab ``title``."""
        ...

    def append_together(self, appends: Sequence[Append]) -> None:
        """Append to several human tabs, all or none (a project row and its task rows)."""
        ...

    def link(self, title: str, cell: str) -> str:
        """Where a person finds a cell: a URL for Google, ``file › tab!A17`` for a file."""
        ...


def check_distinct(appends: Sequence[Append]) -> None:
    """Refuse one tab twice in one append (each would be placed at the same first row)."""
    titles = [title for title, _records, _keys in appends]
    if len(set(titles)) != len(titles):
        raise BackendError(
            f"同一工作表在一次追加中出现两次：{'、'.join(titles)}（未追加任何行）",
            f"one tab twice in one append: {', '.join(titles)} (nothing was appended)",
        )


def check_bot_titles(tabs: Mapping[str, Rows]) -> None:
    """Refuse to write a human tab: software writes only tabs whose title starts with '_'."""
    human = [t for t in tabs if not is_bot_tab(t)]
    if human:
        raise BackendError(
            f"refusing to overwrite human tab(s) {', '.join(human)}: software writes only "
            "bot-owned tabs (titles starting with '_'); append rows instead"
        )


def arrange(
    header: Sequence[Any], keys: HeaderKeys, records: Sequence[Mapping[str, Any]], title: str
) -> list[list[Any]]:
    """Lay records out in the order of the tab's current header."""
    order = list(keys(header))
    if not any(order):
        raise BackendError(
            f"工作表「{title}」没有可识别的表头行，无法追加行",
            f"tab {title!r} has no recognisable header row; cannot append to it",
        )
    lost = sorted(
        {k for rec in records for k, v in rec.items() if v not in (None, "")} - set(order)
    )
    if lost:
        raise BackendError(
            f"工作表「{title}」没有 {'、'.join(lost)} 列：请在表头行加上这些列后再运行"
            "（未追加任何行）",
            f"tab {title!r} has no column for {', '.join(lost)}; add the column(s) to its header "
            "row and run again (nothing was appended)",
        )
    return [[rec.get(k) if k else None for k in order] for rec in records]
