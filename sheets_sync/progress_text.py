"""The local workbook backend's progress lines (stderr, while a command reads and writes) in
Chinese (zh-CN, the default) and English, as ``[general] locale`` asks: each line's two texts on
one line so they cannot drift."""

from __future__ import annotations

from config.phrases import Phrases

# fmt: off
LINES = Phrases("sheets_sync/progress_text.py", {
    "reading": ("读取 {paths}", "reading {paths}"),
    "writing": ("写入 {tabs} 个工作表、{rows} 行到 {bot}",
                "writing {tabs} tab(s), {rows} row(s) to {bot}"),
    "damaged": ("{bot} 已损坏：原文件保留为 {kept}，重新写入",
                "{bot} is damaged: kept as {kept}, written anew"),
    "appending": ("向 {path} › {title} 追加 {n} 行", "appending {n} row(s) to {path} › {title}"),
    "and": (" 和 ", " and "),  # between the items ``joined`` names
})
# fmt: on


def progress_line(locale: str, name: str, /, **params: object) -> str:
    """The progress line ``name`` in ``locale`` (English for any 'en…', else Chinese)."""
    return LINES(locale, name, **params)


def joined(locale: str, items: list[str]) -> str:
    """``items`` joined with 'and' in ``locale``."""
    return LINES(locale, "and").join(items)
