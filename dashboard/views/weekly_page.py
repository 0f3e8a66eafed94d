"""The 周报 page: the weekly meeting packs that ``collabsheet weekly`` wrote (the latest week
first, earlier weeks on request), each with its highlights and download buttons for the Word,
HTML and Excel files; a message's link ``weekly?week=2026-W50&pack=D07`` opens that week with
that pack first. A viewer scoped to departments sees only those departments' packs (the
management pack names every department's rows); everyone else sees them all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard.auth import SCOPE_KEY
from dashboard.context import Context, current
from dashboard.text import md_escape
from dashboard.views.widgets import caption, number

INDEX = "index.json"  # written by jobs/run/weekly_files.py beside the files
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
COUNTS = ("overdue", "escalated", "disputes", "actions", "cases")


def weeks(folder: Path) -> list[Path]:
    """The week folders that hold an index, latest first (2026-W50 sorts after 2026-W49)."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if (p / INDEX).is_file()), reverse=True)


def visible(index: dict[str, Any], depts: frozenset[str] | None) -> list[dict[str, Any]]:
    """The packs this viewer may see: all (``depts`` None), else only their departments'."""
    packs = [p for p in index.get("packs", []) if isinstance(p, dict)]
    return packs if depts is None else [p for p in packs if p.get("key") in depts]


def first(packs: list[dict[str, Any]], key: str | None) -> list[dict[str, Any]]:
    """The packs with the one a link asks for (``?pack=D07``) first, the others in order."""
    return sorted(packs, key=lambda p: p.get("key") != key)


def _pack(ctx: Context, week: Path, p: dict[str, Any]) -> None:
    st.subheader(md_escape(str(p.get("title", p.get("key")))))
    counts = p.get("counts") or {}
    cols = st.columns(len(COUNTS))
    for col, key in zip(cols, COUNTS, strict=True):
        col.metric(ctx.t(f"weekly.{key}"), number(int(counts.get(key, 0)), 0))
    buttons = st.columns(len(MIME))
    for col, (fmt, mime) in zip(buttons, MIME.items(), strict=True):
        name = str((p.get("files") or {}).get(fmt, ""))
        path = week / name
        if name and Path(name).name == name and path.is_file():  # a bare name inside the week
            col.download_button(
                ctx.t(f"weekly.download.{fmt}"), path.read_bytes(), file_name=name, mime=mime,
                key=f"weekly-{week.name}-{p.get('key')}-{fmt}", icon=":material/download:",
            )  # fmt: skip


def render(ctx: Context) -> None:
    """Draw the 周报 page."""
    st.title(ctx.t("page.weekly"))
    folder = ctx.settings.weekly.folder_for(ctx.settings.path)
    found = weeks(folder)
    if not found:
        st.info(md_escape(ctx.t("weekly.none", folder=str(folder))))
        return
    names = [w.name for w in found]
    asked = st.query_params.get("week")  # a weekly message's link: its week and pack
    start = names.index(asked) if asked in names else 0
    chosen = st.selectbox(ctx.t("weekly.week"), names, index=start, key="weekly-week")
    week = found[names.index(chosen)] if chosen in names else found[0]
    try:
        index = json.loads((week / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        st.error(md_escape(ctx.t("weekly.unreadable", path=str(week / INDEX), error=str(exc))))
        return
    depts: frozenset[str] | None = st.session_state.get(SCOPE_KEY)
    packs = first(visible(index, depts), st.query_params.get("pack"))
    caption(ctx, "weekly.made", at=str(index.get("at", "")), folder=str(week))
    if not packs:
        st.info(ctx.t("weekly.none_visible"))
        return
    for p in packs:
        _pack(ctx, week, p)


if __name__ == "__main__":
    render(current())
