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
    # what the page draws first: read and parsed in parallel as soon as the workbook is read
    # (a page then parses anything else it asks for); empty = every table
    tables: tuple[str, ...] = ()
    bot: tuple[str, ...] = ()
    # the Streamlit elements it draws on arrival, whose code the page's HTML names up front
    # (dashboard/chunks.py); empty = the usual set
    elements: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        """The page file, absolute."""
        return HERE / self.file


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "overview",
        "views/overview.py",
        ":material/dashboard:",
        ("tasks", "projects", "disputes", "departments", "people"),
        ("_metrics", "_runs"),
        # charts and rows open on request; its small tables are Markdown (no Table chunk)
        ("Radio", "Button", "Metric", "Checkbox"),
    ),
    PageSpec(
        "progress",
        "views/progress.py",
        ":material/view_timeline:",
        ("tasks", "projects", "departments", "people"),
        ("_sla", "_runs"),
        # the summary tab; filters (a closed popover), timeline and task list on request
        ("Radio", "Button", "Metric", "Checkbox", "DataFrame"),
    ),
    PageSpec("sla", "views/sla_page.py", ":material/timer:"),
    PageSpec("responsibilities", "views/responsibilities.py", ":material/grid_on:"),
    PageSpec(
        "templates",
        "views/templates.py",
        ":material/account_tree:",
        ("templates", "responsibilities", "departments"),
    ),
    PageSpec("disputes", "views/disputes.py", ":material/gavel:"),
    PageSpec("retrospectives", "views/retrospectives.py", ":material/history:"),
    PageSpec("survey", "views/survey_page.py", ":material/sentiment_satisfied:"),
    PageSpec("cases", "views/cases_page.py", ":material/library_books:"),
    PageSpec("quality", "views/quality.py", ":material/rule:"),
    PageSpec("weekly", "views/weekly_page.py", ":material/event_note:", ("departments",)),
)


def page_url(base: str, key: str) -> str:
    """The address of page ``key`` under ``base``: Streamlit serves the first (default) page at
    the root; ``/overview`` would say "page not found" and show it anyway."""
    return f"{base}/" if key == PAGES[0].key else f"{base}/{key}"


def page_spec(key: str | None) -> PageSpec:
    """The page with URL path ``key``; the first page (the default) for none or an unknown one."""
    return next((p for p in PAGES if p.key == key), PAGES[0])
