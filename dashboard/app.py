"""The manager dashboard: ``streamlit run dashboard/app.py -- --config PATH``. Read-only."""

from __future__ import annotations

import dataclasses
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:  # `streamlit run` puts only dashboard/ on the path
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

from config.errors import BackendError, CollabsheetError, said  # noqa: E402
from config.secrets import redact  # noqa: E402
from config.settings import Settings  # noqa: E402
from dashboard.auth import SCOPE_KEY, gate  # noqa: E402
from dashboard.context import Context, publish  # noqa: E402
from dashboard.data import clear_cache, get_settings, link_for, load_snapshot  # noqa: E402
from dashboard.registry import PAGES  # noqa: E402
from dashboard.scope import allowed_depts, cached_scope  # noqa: E402
from dashboard.snapshot import Snapshot  # noqa: E402
from dashboard.text import LOCALES, md_escape, t  # noqa: E402
from sheets_sync import results_file  # noqa: E402

LOCALE_KEY = "locale"
LOG = logging.getLogger("collabsheet.dashboard")


def locale_switch(default: str) -> str:
    """The sidebar language switch; its choice lasts for the session."""
    options = list(LOCALES)
    choice: str = st.sidebar.radio(
        t(default, "language"),
        options,
        index=options.index(default) if default in options else 0,
        format_func=LOCALES.__getitem__,
        key=LOCALE_KEY,
        horizontal=True,
    )
    return choice


def navigation(locale: str, hidden: bool = False) -> st.Page:
    """Register every page of the registry with a title in ``locale``; ``hidden``: without
    the page list (signed out: the sidebar must not keep the last run's list)."""
    pages = [
        st.Page(
            spec.path,
            title=t(locale, f"page.{spec.key}"),
            icon=spec.icon,
            url_path=spec.key,
            default=i == 0,
        )
        for i, spec in enumerate(PAGES)
    ]
    return st.navigation(pages, position="hidden" if hidden else "sidebar")


def failed(exc: BaseException, locale: str, hidden: bool) -> None:
    """An error reading the data, said on the page; to a viewer who may be any department's
    (``hidden``) a line to ask the administrator, the error itself in the server's log: an
    error names paths, a Google sheet's key, the service account (trial27, review32)."""
    if hidden:
        LOG.error("cannot read the data: %s", redact(str(exc)))
    st.error(md_escape(t(locale, "error.hidden") if hidden else said(exc, locale)),
             icon=":material/error:")  # fmt: skip


def _load(settings: Settings, page: str) -> tuple[Snapshot, bool]:
    """The snapshot, and whether the results file could not be read: then the tables alone
    (its sheets damaged inside a whole zip failed every page until the next run set it aside:
    review33; one that does not open is skipped by the read)."""
    bot = settings.bot_workbook if settings.backend == "xlsx" else None
    if bot is None or not bot.is_file():
        return load_snapshot(settings, page), False
    if not results_file.opens(bot):
        return load_snapshot(settings, page), True
    try:
        return load_snapshot(settings, page), False
    except BackendError as exc:
        if bot.name not in str(exc):  # the workbook's own: said as ever
            raise
        LOG.error("the results file cannot be read: %s", redact(str(exc)))
        skip = bot.with_name(f"{bot.stem}.unread{bot.suffix}")  # no such file: no results
        return load_snapshot(dataclasses.replace(settings, bot_path=skip), page), True


def main(argv: Sequence[str]) -> None:
    """Load settings, let the viewer sign in, load data, draw the sidebar, run the page.

    The sign-in gate comes before the navigation and the first read: an anonymous browser gets
    the sign-in form only (no page list, no read, no number). A bad config shows its error and
    no data either way.
    """
    st.set_page_config(page_title=t("zh-CN", "app.title"), layout="wide")
    settings: Settings | None = None
    error: str | None = None
    try:
        settings = get_settings(argv)
    except (CollabsheetError, OSError) as exc:
        error = str(exc)
    token = st.query_params.get("survey")
    if token is not None:  # a personal survey link: its form only, no sidebar, pages or data
        from dashboard.views import survey_form

        survey_form.show(settings, error, token)
        return
    locale = locale_switch(settings.locale if settings else "zh-CN")
    # the browser tab's title in the viewer's language (trial13: it stayed Chinese); calls to
    st.set_page_config(page_title=t(locale, "app.title"))  # set_page_config add up
    if settings is None:
        st.error(md_escape(error), icon=":material/error:")
        return
    viewer = gate(settings, locale, lambda: navigation(locale, hidden=True))  # until signed in
    refresh = st.sidebar.button(
        t(locale, "refresh"), help=t(locale, "refresh.help"), icon=":material/refresh:"
    )
    page = navigation(locale)
    if refresh:
        clear_cache(settings)
    try:
        snapshot, damaged = _load(settings, page.url_path)
        if settings.dashboard_viewer_dept:  # scoping parses every table: a broken sheet too
            depts = allowed_depts(viewer, snapshot.workbook)
            st.session_state[SCOPE_KEY] = depts  # documented for pages: None = every department
            if depts == frozenset():  # said, not a board of empty pages (trial21)
                who = viewer.email or viewer.name or ""
                st.warning(md_escape(t(locale, "scope.unset", who=who)), icon=":material/lock:")
            key, snapshot = cached_scope(st.session_state, snapshot, depts)
            st.session_state["collabsheet_scoped"] = (key, snapshot)
    except (CollabsheetError, OSError) as exc:
        failed(exc, locale, settings.dashboard_viewer_dept and viewer.depts != ("*",))
        return
    st.sidebar.caption(md_escape(t(locale, "read_at", at=f"{snapshot.read_at:%Y-%m-%d %H:%M:%S}")))
    if damaged:
        st.warning(md_escape(t(locale, "results.damaged")), icon=":material/warning:")
    if not settings.dashboard_viewer_dept or snapshot.depts is None:  # not the file's place
        st.sidebar.caption(md_escape(t(locale, "workbook", where=settings.where)))  # (trial27)
    publish(Context(settings, locale, snapshot, link_for(settings)))
    try:
        page.run()
    except (CollabsheetError, OSError) as exc:  # a sheet first parsed for this page
        failed(exc, locale, snapshot.depts is not None)


if __name__ == "__main__":
    main(sys.argv[1:])
