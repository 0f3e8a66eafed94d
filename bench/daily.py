"""The daily run against a bare read of the same workbook, scaled to 100,000 tasks.

    .venv/bin/python bench/daily.py [--tasks 100000] [--repeat 3] [--profile] [--writers]

On a copy of the cached demo workbook (bench/common.py) in a temporary folder, with the outbox
notifier writing into that folder:

1. the **first run**: the daily run once, as on the first night (every reminder is due):
   its time and the number of messages sent;
2. the **repeat run** (nothing left to send: the ledger holds today's reminders) against a
   **bare read** (python-calamine, every sheet of the human workbook to Python rows, no
   parsing), run in turns in this one process, median of ``--repeat``: the ratio, target ≤ 2.0
   (before each, untimed, the last run's workbook is freed, as the scheduler does after a run);
3. the peak RSS of this process (``resource.getrusage``), target ≤ 1 GB, and apart that of
   the largest child a run forked (jobs/run/forked.py: it maps the run's pages, shared until
   either writes them, so most of its RSS is not memory of its own).

``--profile`` prints a cProfile top 20 of one more repeat run (by own time and by cumulative
time). ``--writers`` also times the bot-workbook writers on the bot tabs of this run
(bench/writers.py). The bot workbook of the first run is kept as
``bench/.cache/demo-N.daily.bot.xlsx`` for bench/writers.py.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import inspect
import io
import os
import pstats
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from python_calamine import CalamineWorkbook

from bench.common import CACHE, TODAY, copy_with_config, side_by_side, workbook
from config.settings import load_settings
from jobs.run.envelope import run as run_job
from sheets_sync import open_backend

TARGET_RATIO = 2.0
TARGET_RSS_MB = 1024.0


def bare_read(path: Path) -> int:
    """Every sheet of ``path`` to Python rows with python-calamine: no parsing, no checks."""
    book = CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)


def setup(book: Path, folder: Path) -> Path:
    """A copy of ``book`` in ``folder`` and a config for it (outbox and journal in ``folder``)."""
    return copy_with_config(book, folder / book.name)


def phases(daily: Callable[[], Any]) -> None:
    """Wall-clock seconds of each step of one repeat run, without a profiler's overhead: every
    jobs/ or sheets_sync function the run's module calls, and the backend's read and write."""
    from sheets_sync.xlsx import XlsxBackend

    module = sys.modules[run_job.__module__]
    spent: dict[str, float] = {}

    def timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t

        return wrapper

    patched = {
        name: value
        for name, value in vars(module).items()
        if inspect.isfunction(value) and value.__module__.startswith(("jobs.", "sheets_sync."))
    }
    methods: dict[str, Callable[..., Any]] = {"read": XlsxBackend.read, "write": XlsxBackend.write}
    try:
        for name, func in patched.items():
            setattr(module, name, timed(f"{func.__module__}.{name}", func))
        for name, method in methods.items():
            setattr(XlsxBackend, name, timed(f"XlsxBackend.{name}", method))
        t = time.perf_counter()
        daily()
        total = time.perf_counter() - t
    finally:
        for name, func in patched.items():
            setattr(module, name, func)
        for name, method in methods.items():
            setattr(XlsxBackend, name, method)
    print(f"\nsteps of one repeat run ({total:.2f} s, wall clock, no profiler):")
    for name, secs in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:52} {secs:6.2f} s {secs / total:6.1%}")
    rest = total - sum(spent.values())
    print(f"  {'(the rest)':52} {rest:6.2f} s {rest / total:6.1%}")


def load() -> str:
    """The 1, 5 and 15 minute load averages: a ratio measured on a busy machine says so."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def cpu_s() -> float:
    """CPU seconds of this process (every thread) and of its ended children (the steps a run
    computes in a forked child: jobs/run/forked.py)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="cProfile top 20 of a repeat run")
    ap.add_argument("--writers", action="store_true", help="also time the bot-workbook writers")
    args = ap.parse_args()
    book = workbook(args.tasks)
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(setup(book, Path(tmp)))
        human = settings.path
        start = dt.datetime.combine(TODAY, dt.time(8, 0))
        runs = iter(range(1, 1000))

        def daily() -> Any:
            # a new minute each run: a new run id, the same day (today's reminders are sent)
            now = start + dt.timedelta(minutes=next(runs))
            return run_job("daily", settings, open_backend(settings), now)

        print(f"{book.name}: {args.tasks:,} tasks, {book.stat().st_size / 1e6:.1f} MB")
        print(f"load average {load()} (the machine's other work slows the run's threads more)")
        t = time.perf_counter()
        first = daily()
        first_s = time.perf_counter() - t
        print(f"first run: {first_s:.1f} s, {first.counts.get('sent', 0):,} messages sent")
        print(f"  {first.summary()}")
        del first  # the report holds the run's tables: not to be counted in the repeat runs
        gc.collect()  # as the scheduler does after each run (a CLI run is one per process)
        bot = settings.bot_workbook
        shutil.copyfile(bot, CACHE / f"{book.stem}.daily.bot.xlsx")
        sent: list[int] = []

        def repeat() -> None:
            sent.append(daily().counts.get("sent", 0))

        cpu: dict[str, list[float]] = {"bare read": [], "repeat daily run": []}

        def on_cpu(name: str, func: Callable[[], Any]) -> Callable[[], None]:
            def timed() -> None:
                t = cpu_s()
                func()
                cpu[name].append(cpu_s() - t)

            return timed

        medians = side_by_side(
            {
                "bare read": on_cpu("bare read", lambda: bare_read(human)),
                "repeat daily run": on_cpu("repeat daily run", repeat),
            },
            args.repeat,
            between=gc.collect,  # the last run's workbook freed, untimed, as the scheduler does
        )
        ratio = medians["repeat daily run"] / medians["bare read"]
        print(f"median of {args.repeat}, in turns, in this process:")
        print(f"  bare read (python-calamine, all sheets) {medians['bare read']:7.2f} s")
        print(
            f"  repeat daily run (sent {max(sent)} messages) {medians['repeat daily run']:7.2f} s"
        )
        flag = "ok" if ratio <= TARGET_RATIO else "MISSED"
        print(f"  ratio {ratio:.2f} (target <= {TARGET_RATIO}) {flag}; load average {load()}")
        # CPU seconds of this process (every thread) and its children: far steadier than wall
        # time on a busy machine, and an upper bound of the wall time on an idle one
        cpu_ratio = statistics.median(cpu["repeat daily run"]) / statistics.median(cpu["bare read"])
        print(
            f"  CPU time: bare read {statistics.median(cpu['bare read']):.2f} s, repeat daily run "
            f"{statistics.median(cpu['repeat daily run']):.2f} s, ratio {cpu_ratio:.2f}"
        )
        rss = peak_rss_mb()
        flag = "ok" if rss <= TARGET_RSS_MB else "MISSED"
        print(f"peak RSS {rss:,.0f} MB (target <= {TARGET_RSS_MB:,.0f} MB) {flag}")
        # a forked child shares the run's pages until it writes them: its own peak, apart
        child = peak_rss_mb(resource.RUSAGE_CHILDREN)
        print(f"  largest forked child: peak RSS {child:,.0f} MB (mostly the run's pages, shared)")
        if args.profile:
            phases(daily)
            profiler = cProfile.Profile()
            t = time.perf_counter()
            profiler.runcall(daily)
            print(f"\nprofile of one repeat run ({time.perf_counter() - t:.2f} s under cProfile)")
            for key in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(20)
                text = out.getvalue()
                print(f"top 20 by {key}:\n{text[text.find('   ncalls') :]}")
        if args.writers:
            from bench.writers import compare

            compare(bot, args.repeat)


if __name__ == "__main__":
    main()
