"""Dashboard render time on the demo workbook scaled to 100,000 tasks, in headless Chromium.

    .venv/bin/python bench/dashboard.py [--tasks 100000] [--repeat 3] [--profile]
                                        [--state daily|computed]

Two states of the workbook are measured:

- **daily**: after a daily run (bot tabs present): a copy of the workbook on which
  ``run("daily")`` ran (outbox notifier into a temporary folder) just before, as in
  production, where ``collabsheet run daily`` writes ``_checks _sla _metrics _case_links
  _reminders _runs`` every night;
- **computed**: no bot tabs yet (first start): the dashboard computes validation, SLA and KPIs.

For each state, page (Overview, Progress board) and repetition a fresh dashboard server is
started on 127.0.0.1 exactly as ``collabsheet dashboard`` starts it (``dashboard.serve.launch``:
the server imports the pages before it listens; nothing is read before a visitor comes) and a
new Chromium context (empty browser cache) opens the page:

- **cold**: the first load of the page on the fresh server, empty cache: the page request
  starts the read (dashboard/serve/arrival.py) while the browser loads Streamlit, the tables the
  page draws are parsed, the page derives what it shows and draws it;
- **warm**: ``page.reload()`` of the same page afterwards (a new browser session, the read
  cached by the server); the median of three reloads.

**Full render** is measured in the browser: from navigation start (``performance.timeOrigin``,
when the browser starts the request) to the first animation frame at which all hold: the
page's own title (its ``h1``, e.g. 概览) is in the DOM, and Streamlit's app root reports the
script run finished (``[data-testid=stApp][data-test-script-state=notRunning]``). The title is
drawn during the run, so both together mean this page's run has ended and all it sent is
drawn — and every element is drawn, not a placeholder: no ``stSkeleton`` left (Streamlit
shows one while an element's code is still loading), every table has its canvas and every
chart its marks. (What a closed tab or expander holds is built when it is opened, and a
closed popover's widgets are drawn when it opens.)
Before the first daily run the Overview draws the KPIs that take seconds (SLA, case matching,
survey) as "computing…" and fills them in when the thread the read started has them
(dashboard/computed.py); the Progress board draws its task counts and its SLA figures as
"computing…" until the SLA of every obligation is in (dashboard/views/board_pending.py):
**complete** is the cold load's time until nothing is still computing (the ``kpi_waiting`` or
``sla_waiting`` container gone, the page's run ended and drawn as above); it equals cold when
nothing was left to compute.
Targets: ≤ 3 s cold, ≤ 0.5 s warm (complete: printed, no target). ``--profile`` times the
parts of the cached read (read, parse, validate, SLA, KPIs) outside the browser. ``--floor``
also measures, in the same way, a trivial page (a title, a caption, four metrics, the sidebar's
language switch) served with the dashboard's options: the floor of this machine and browser,
under which no page can go. The load average is printed with every table. The measuring in
the browser (full render, complete, the floor) is bench/dashboard_render.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import copy_with_config, workbook
from bench.dashboard_render import floor, measure
from dashboard.registry import PAGES
from dashboard.serve.launch import CHROMIUM_ARGS, chromium

TARGET = {"cold": 3.0, "warm": 0.5}
PAGE_KEYS = ("overview", "progress")


def daily_book(book: Path, folder: Path) -> Path:
    """A copy of ``book`` after one daily run now (``run_once``, outbox under ``folder``)."""
    import datetime as dt

    from config.settings import load_settings
    from jobs.run.envelope import run as run_job
    from sheets_sync import open_backend

    out = folder / f"{book.stem}-daily.xlsx"
    settings = load_settings(copy_with_config(book, out))
    t = time.perf_counter()
    now = dt.datetime.now(settings.zone).replace(tzinfo=None, microsecond=0)
    report = run_job("daily", settings, open_backend(settings), now)
    print(f"daily run on {out.name} in {time.perf_counter() - t:.1f} s: {report.summary()}")
    return out


def dashboard_config(folder: Path, book: Path, name: str) -> Path:
    """A dashboard config for ``book`` (a TTL long enough never to expire during the bench)."""
    config = folder / f"{name}.toml"
    config.write_text(
        f'[workbook]\npath = "{book.as_posix()}"\n\n[dashboard]\nttl_s = 86400\n',
        encoding="utf-8",
    )
    return config


def profile(config: Path) -> None:
    """Seconds (wall and this process's CPU, steadier on a shared machine) of each part of the
    cached read and of what the pages derive, on a fresh snapshot."""
    from config.settings import load_settings
    from dashboard.data import read_snapshot
    from dashboard.registry import page_spec
    from dashboard.snapshot import Snapshot
    from jobs.checks.validation import validate
    from sheets_sync import open_backend, parse_workbook

    settings = load_settings(config)
    parts: dict[str, tuple[float, float]] = {}

    def timed(name: str, step: Any) -> Any:
        t, c = time.perf_counter(), time.process_time()
        out = step()
        parts[name] = (time.perf_counter() - t, time.process_time() - c)
        return out

    wb = timed("read + parse everything (jobs)", lambda: parse_workbook(
        open_backend(settings).read(), settings))  # fmt: skip
    print(f"\n{config.stem}: bot tabs {sorted(wb.bot)}")
    if "_checks" not in wb.bot:
        timed("validate (no _checks tab)", lambda: validate(wb))
    snap = timed("read_snapshot (script may start)", lambda: read_snapshot(settings, "overview"))
    tables = page_spec("overview").tables
    timed("then the Overview's tables", lambda: [snap.workbook[k] for k in tables])
    timed("then its KPI thread's rest", lambda: snap.kpis)  # the read's thread ends first
    fresh = Snapshot(snap.workbook, snap.read_at, settings)
    timed("quick KPIs (Overview at once)", lambda: fresh.quick_kpis)
    timed("SLA computed (Snapshot.sla)", lambda: fresh.sla)
    timed("slow KPIs (Snapshot.kpis)", lambda: fresh.kpis)
    timed("_metrics + _sla as shown", lambda: (fresh.daily, fresh.sla_tab))
    load = os.getloadavg()[0]
    print(f"profile of the cached read and what pages derive (seconds; load {load:.1f}):")
    print(f"  {'':34} {'wall':>7} {'cpu':>7}")
    for name, (wall, cpu) in parts.items():
        print(f"  {name:34} {wall:7.2f} {cpu:7.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="also time the cached read's parts")
    ap.add_argument("--state", choices=("daily", "computed"), help="measure only this state")
    ap.add_argument("--floor", action="store_true", help="also measure a trivial page")
    args = ap.parse_args()
    exe = chromium()
    if exe is None:
        raise SystemExit("Debian's chromium is needed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    book = workbook(args.tasks)
    keys = [k for k in PAGE_KEYS if any(p.key == k for p in PAGES)]
    for k in PAGE_KEYS:
        if k not in keys:
            print(f"page {k!r} is not in dashboard.registry.PAGES yet: not measured")
    states = {
        "daily": "after a daily run (bot tabs present)",
        "computed": "no bot tabs yet (computed)",
    }
    chosen = [args.state] if args.state else list(states)
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        books = {"computed": book}
        if "daily" in chosen:
            books["daily"] = daily_book(book, cwd)
        configs = {s: dashboard_config(cwd, books[s], s) for s in chosen}
        print(f"{book.name}: {args.tasks:,} tasks; {args.repeat} fresh servers per page and state")
        results: dict[tuple[str, str], dict[str, list[float]]] = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=exe, args=list(CHROMIUM_ARGS))
            if args.floor:
                print("a trivial page served as the dashboard is (the floor)")
                results["floor", "trivial"] = floor(browser, cwd, args.repeat)
            for state in chosen:
                print(states[state])
                for key in keys:
                    results[state, key] = measure(browser, configs[state], cwd, key, args.repeat)
            browser.close()
        print(f"\nload average (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
        head = ("state", "page", "load", "median s", "min s", "target s", "ratio")
        print("\n{:9} {:10} {:8} {:>9} {:>7} {:>9} {:>6}".format(*head))
        for (state, key), res in results.items():
            for load, times in res.items():
                med = statistics.median(times)
                if load not in TARGET:
                    print(f"{state:9} {key:10} {load:8} {med:9.2f} {min(times):7.2f}")
                    continue
                ratio = med / TARGET[load]
                flag = "ok" if ratio <= 1 else "MISSED"
                print(
                    f"{state:9} {key:10} {load:8} {med:9.2f} {min(times):7.2f} "
                    f"{TARGET[load]:9.2f} {ratio:6.2f} {flag}"
                )
        if args.profile:
            for config in configs.values():
                profile(config)


if __name__ == "__main__":
    main()
