"""The workbook as the config names it: ``[workbook]`` path and spreadsheet key, ``[tabs]``
titles and ``[headers]`` aliases, each checked with the key and the form expected."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from config.checker import Checker
from config.defaults import TAB_TITLES


def workbook_path(check: Checker, wb: Mapping[str, Any], default: str, bot_path: str) -> str:
    """``workbook.path``, and ``workbook.bot_path`` never the same file (bot tabs stay out)."""
    path = check.text(wb, "workbook.path", default)
    if not path.strip() or not Path(path).name:
        raise check.error(
            "workbook.path", path, "the path of an .xlsx workbook, e.g. 'data/demo.xlsx'"
        )
    if bot_path and Path(bot_path).resolve() == Path(path).resolve():
        raise check.error(
            "workbook.bot_path",
            bot_path,
            "a file other than workbook.path: bot tabs never go into the human workbook",
        )
    return path


def spreadsheet_from(check: Checker, value: str, backend: str) -> str:
    """The spreadsheet key, from a key or a docs.google.com URL."""
    from config.spreadsheet import spreadsheet_key

    if not value:
        if backend == "google":
            raise check.error(
                "workbook.spreadsheet",
                value,
                "the key or URL of the Google spreadsheet (backend = 'google' needs it)",
            )
        return ""
    key = spreadsheet_key(value)
    if key is None:
        raise check.error(
            "workbook.spreadsheet",
            value,
            "a spreadsheet URL (https://docs.google.com/spreadsheets/d/KEY/edit) or its KEY",
        )
    return key


def tabs_from(check: Checker, tab_data: Mapping[str, Any]) -> dict[str, str]:
    """``[tabs]``: each tab's title (defaults for the rest), non-empty, not ``_``-prefixed
    (those are the bot tabs) and each used by one tab only."""
    tabs = dict(TAB_TITLES)
    check.known(tab_data, "tabs", tuple(TAB_TITLES))
    for key in tab_data:
        tabs[key] = check.text(tab_data, f"tabs.{key}", TAB_TITLES[key])
        if not tabs[key] or tabs[key].startswith("_"):
            raise check.error(
                f"tabs.{key}", tabs[key], "a non-empty tab title not starting with '_'"
            )

    titles: dict[str, str] = {}
    for key, title in tabs.items():
        if title in titles:
            raise check.error(
                f"tabs.{key}", title, f"a title of its own (tabs.{titles[title]} already uses it)"
            )
        titles[title] = key
    return tabs


def headers_from(check: Checker, data: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """``[headers]``: per tab, a header as typed -> one of that tab's column keys."""
    from config.schema import TABS  # the schema is the one list of column keys

    check.known(data, "headers", tuple(TABS))
    out: dict[str, dict[str, str]] = {}
    for tab, aliases in data.items():
        if not isinstance(aliases, dict):
            raise check.error(
                f"headers.{tab}", aliases, 'a table of "header as typed" = "column key"'
            )
        keys = tuple(TABS[tab].by_key)
        for alias, key in aliases.items():
            if key not in keys:
                raise check.error(f"headers.{tab}.{alias}", key, f"one of the column keys {keys}")
        out[tab] = dict(aliases)
    return out
