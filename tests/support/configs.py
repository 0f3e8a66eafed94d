"""Config files the dashboard's tests write: a workbook and the dashboard's cache kept an hour
(``[dashboard] ttl_s = 3600``: a test's pages read the workbook once)."""

from __future__ import annotations

from pathlib import Path


def dashboard_config(folder: Path, book: Path | str, extra: str = "") -> Path:
    """``folder/collabsheet.toml`` for the workbook ``book`` (a path relative to where the
    dashboard runs, or absolute), then ``extra``: TOML, more ``[dashboard]`` keys first, then
    other sections. Returns the config file."""
    config = folder / "collabsheet.toml"
    config.write_text(
        f'[workbook]\npath = "{Path(book).as_posix()}"\n\n[dashboard]\nttl_s = 3600\n{extra}\n',
        encoding="utf-8",
    )
    return config
