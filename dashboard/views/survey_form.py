"""The survey form a personal link opens (``?survey=TOKEN``): nothing else of the dashboard.

No sign-in, no sidebar, no page list and no number from the workbook: the token is checked
(signature, then its close date) before anything is read, and a forged, malformed, expired or
closed one gets a message and no form. A valid one gets the three dimensions (1-5), the
overall rating and a comment, in Chinese or English; each submit appends one answer through
``jobs.run.survey_answer`` (a second answer supersedes the first).
"""

from __future__ import annotations

import logging

import streamlit as st

from config.errors import CollabsheetError, said
from config.settings import Settings
from dashboard.data import moment_of
from dashboard.text import LOCALES, md_escape, t
from jobs.run.survey_answer import Answered, admit, answer_survey, round_of
from jobs.survey.tokens import Refusal
from sheets_sync.backend import Backend

DIMENSIONS = ("clarity", "smoothness", "communication", "overall")
SCALE = (1, 2, 3, 4, 5)
LOCALE_KEY = "survey_form_locale"
log = logging.getLogger("collabsheet.dashboard")


def _refused(locale: str, refusal: Refusal) -> None:
    close = f"{refusal.close}" if refusal.close else ""
    st.error(md_escape(t(locale, f"survey_form.{refusal.reason}", close=close)),
             icon=":material/block:")  # fmt: skip


def show(settings: Settings | None, error: str | None, token: str) -> None:
    """The whole page for a survey link."""
    default = settings.locale if settings else "zh-CN"
    options = list(LOCALES)
    locale: str = st.radio(
        "语言 / Language", options, index=options.index(default) if default in options else 0,
        format_func=LOCALES.__getitem__, key=LOCALE_KEY, horizontal=True,
    )  # fmt: skip
    st.title(t(locale, "survey_form.title"))
    if settings is None:
        st.error(md_escape(error), icon=":material/error:")
        return
    now = moment_of(settings)
    try:
        ticket = admit(settings, token, now)
    except CollabsheetError:  # the secret is not set where the dashboard runs
        st.error(md_escape(t(locale, "survey_form.unavailable")), icon=":material/error:")
        return
    if isinstance(ticket, Refusal):
        _refused(locale, ticket)
        return
    try:
        opened = round_of(settings, _backend(settings), ticket, now)
    except CollabsheetError as exc:  # the workbook cannot be read: the fix, in the log
        log.warning("a survey form could not be opened: %s", said(exc, "en"))
        st.error(md_escape(t(locale, "survey_form.failed")), icon=":material/error:")
        return
    if isinstance(opened, Refusal):
        _refused(locale, opened)
        return
    st.caption(md_escape(t(locale, "survey_form.intro", quarter=ticket.quarter,
                           close=ticket.close.isoformat())))  # fmt: skip
    if opened.round.anonymous:
        st.caption(md_escape(t(locale, "survey_form.anonymous")))
    earlier = opened.earlier or {}  # the last answer, to be changed (trial35: an empty form)
    if opened.earlier is not None:
        at = str(earlier.get("submitted_at") or "")[:16]
        key = "survey_form.earlier_anonymous" if opened.round.anonymous else "survey_form.earlier"
        st.info(md_escape(t(locale, key, at=at)), icon=":material/edit_note:")
    with st.form("survey_form", clear_on_submit=False):
        ratings = {
            key: st.radio(
                t(locale, f"survey.{key}") + (" *" if key != "overall" else ""), SCALE,
                index=SCALE.index(earlier[key]) if earlier.get(key) in SCALE else None,
                horizontal=True, key=f"survey_form_{key}", help=t(locale, "survey_form.scale"),
            )
            for key in DIMENSIONS
        }  # fmt: skip
        hours = None
        if opened.hours:  # 沟通成本: asked where 满意度调研 has the column for it
            before = earlier.get("weekly_comm_h")
            hours = st.number_input(t(locale, "survey_form.hours"), min_value=0.0,
                                    max_value=80.0, step=0.5,
                                    value=float(before) if isinstance(before, int | float)
                                    and 0 <= before <= 80 else None,
                                    key="survey_form_hours",
                                    help=t(locale, "survey_form.hours_help"))  # fmt: skip
        comment = st.text_area(t(locale, "survey.comments"), key="survey_form_comment",
                               value=str(earlier.get("comment") or "")[:2000],
                               max_chars=2000)  # fmt: skip
        sent = st.form_submit_button(t(locale, "survey_form.submit"), type="primary")
    if not sent:
        return
    if any(ratings[k] is None for k in DIMENSIONS[:3]):
        st.warning(md_escape(t(locale, "survey_form.missing")), icon=":material/warning:")
        return
    answer = {**ratings, "weekly_comm_h": hours, "comment": comment.strip() or None}
    try:
        result = answer_survey(settings, _backend(settings), token, answer, moment_of(settings))
    except CollabsheetError as exc:  # the workbook or the lock: the line names the fix, for
        # the administrator (a path, a lock file): the log, not the respondent (trial35)
        log.warning("a survey answer was not saved: %s", said(exc, "en"))
        st.error(md_escape(t(locale, "survey_form.failed")), icon=":material/error:")
        return
    if isinstance(result, Answered):
        key = "survey_form.replaced" if result.replaced else "survey_form.thanks"
        key = "survey_form.waiting" if result.waiting else key
        st.success(md_escape(t(locale, key, close=ticket.close.isoformat())),
                   icon=":material/check_circle:")  # fmt: skip
    else:
        _refused(locale, result)


def _backend(settings: Settings) -> Backend:
    from sheets_sync import open_backend

    return open_backend(settings)
