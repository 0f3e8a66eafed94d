"""What every page needs for one script run: settings, locale, the data and the cell links."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from config.settings import Settings
from dashboard.snapshot import Snapshot
from dashboard.text import t

_KEY = "_collabsheet_ctx"


@dataclass(frozen=True)
class Context:
    """The per-run context that app.py builds and the page files read."""

    settings: Settings
    locale: str
    snapshot: Snapshot
    link: Callable[[str, str], str]

    def t(self, key: str, **params: object) -> str:
        """A UI string in this run's locale."""
        return t(self.locale, key, **params)


def publish(ctx: Context) -> None:
    """Make the context available to the page that runs next."""
    st.session_state[_KEY] = ctx


def current() -> Context:
    """The context published by app.py in this script run."""
    ctx: Context = st.session_state[_KEY]
    return ctx
