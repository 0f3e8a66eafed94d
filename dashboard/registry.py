"""The dashboard's pages in menu order: add a page by adding a view file and one line here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class PageSpec:
    """One page: its URL path (also its title key ``page.<key>``), file and icon."""

    key: str
    file: str
    icon: str

    @property
    def path(self) -> Path:
        """The page file, absolute."""
        return HERE / self.file


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "views/overview.py", ":material/dashboard:"),
    PageSpec("progress", "views/progress.py", ":material/view_timeline:"),
    PageSpec("sla", "views/sla.py", ":material/timer:"),
    PageSpec("responsibilities", "views/responsibilities.py", ":material/grid_on:"),
    PageSpec("disputes", "views/disputes.py", ":material/gavel:"),
    PageSpec("retrospectives", "views/retrospectives.py", ":material/history:"),
    PageSpec("survey", "views/survey.py", ":material/sentiment_satisfied:"),
    PageSpec("cases", "views/cases.py", ":material/library_books:"),
    PageSpec("quality", "views/quality.py", ":material/rule:"),
)
