"""Shared bench helpers: a cached large demo workbook and side-by-side timing."""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sheets_sync.demo import generate
from sheets_sync.xlsx import write_xlsx

CACHE = Path(__file__).resolve().parent / ".cache"
TODAY = dt.date(2026, 11, 27)  # fixed, so every run measures the same workbook


def workbook(tasks: int) -> Path:
    """A demo workbook with this many tasks (generated once, then reused)."""
    path = CACHE / f"demo-{tasks}.xlsx"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        t = time.perf_counter()
        write_xlsx(path, generate(TODAY, seed=7, tasks=tasks))
        print(f"generated {path.name} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return path


def side_by_side(
    funcs: dict[str, Callable[[], object]], repeat: int,
    between: Callable[[], object] | None = None,
) -> dict[str, float]:  # fmt: skip
    """Median seconds of each function, run in turns (a, b, a, b, …) so drift hits all alike;
    ``between`` runs before each, untimed."""
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeat):
        for name, func in funcs.items():
            if between is not None:
                between()
            t = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - t)
    return {name: statistics.median(ts) for name, ts in times.items()}


def copy_with_config(book: Path, copy: Path) -> Path:
    """``book`` copied to ``copy`` and a config for the copy beside it (the outbox and the
    reminder journal in the same folder), so a bench run never touches the cached workbook."""
    shutil.copyfile(book, copy)
    folder = copy.parent
    config = folder / "daily.toml"
    config.write_text(
        f'[workbook]\npath = "{copy.as_posix()}"\n\n[channels]\n'
        f'journal = "{(folder / "journal.jsonl").as_posix()}"\n\n'
        f'[channels.outbox]\nfolder = "{(folder / "outbox").as_posix()}"\n',
        encoding="utf-8",
    )
    return config
