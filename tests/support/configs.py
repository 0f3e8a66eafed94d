"""Config files tests write: for the dashboard, a workbook and its cache kept an hour
(``[dashboard] ttl_s = 3600``: a test's pages read the workbook once); for a run, a workbook
and the outbox beside it."""

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


def outbox_config(folder: Path, book: Path, general: str = "") -> Path:
    """``folder/collabsheet.toml`` for the workbook ``book``, the outbox in ``folder/outbox``
    and ``general``: lines of ``[general]`` (``locale = "en"``). Returns the config file."""
    config = folder / "collabsheet.toml"
    config.write_text(
        f'[general]\n{general}\n\n[workbook]\npath = "{book.as_posix()}"\n\n'
        f'[channels.outbox]\nfolder = "{(folder / "outbox").as_posix()}"\n',
        encoding="utf-8",
    )
    return config
