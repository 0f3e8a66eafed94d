"""UI strings by locale, plus helpers to show sheet text safely in markdown-rendering widgets.

The strings live by page family in this package's modules, each key's Chinese and English text
on one line so the two cannot drift; ``STRINGS`` (a ``config.phrases.Phrases``) joins them and
refuses a key defined twice or without both languages.
"""

from __future__ import annotations

import re

from config.phrases import Phrases, language
from config.schema import TABS
from dashboard.text import (
    board_words,
    case_words,
    frame_words,
    overview_words,
    survey_words,
    table_words,
)

LOCALES: dict[str, str] = {"zh-CN": "中文", "en": "English"}

STRINGS = Phrases(
    "dashboard/text",
    frame_words.STRINGS,
    overview_words.STRINGS,
    board_words.STRINGS,
    survey_words.STRINGS,
    case_words.STRINGS,
    table_words.STRINGS,
)
TEXT: dict[str, dict[str, str]] = {locale: STRINGS.words(locale) for locale in LOCALES}


def lang(locale: str) -> str:
    """The TEXT key for a locale: English for any 'en…', else Chinese."""
    return language(locale)


def t(locale: str, key: str, **params: object) -> str:
    """The UI string ``key`` in ``locale``, formatted with ``params``."""
    return STRINGS(locale, key, **params)


def value_word(locale: str, group: str, value: object) -> str:
    """A stored key (a job, an outcome) in words: ``group.value``'s text, else the value."""
    key = f"{group}.{value}"
    return t(locale, key) if key in STRINGS else "" if value is None else str(value)


def choice_label(tab: str, column: str, value: str | None, locale: str) -> str:
    """An enum value as people read it: the Chinese label for zh-CN, the key for en."""
    if value is None:
        return t(locale, "blank")
    if lang(locale) == "en":
        return value
    return dict(TABS[tab].column(column).choices).get(value, value)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=&])")


def md_escape(text: object) -> str:
    """Text safe for widgets that render markdown: every markdown character backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))
