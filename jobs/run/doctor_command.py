"""``collabsheet doctor``: one line per check of the installation (jobs/run/health.py), in the
configured language, with what to do; exit 0 when all is fine, 1 otherwise. Writes and sends
nothing."""

from __future__ import annotations

import argparse
import dataclasses
import json

from config.settings import Settings
from jobs.run.options import EXIT_FINDINGS, EXIT_OK, Add


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.health import checks
    from jobs.run.options import now

    found = checks(settings, now(settings))
    if args.json:
        print(json.dumps([dataclasses.asdict(c) for c in found], ensure_ascii=False, indent=2))
    else:
        for c in found:
            print(c.line(settings.locale))
    return EXIT_OK if all(c.ok for c in found) else EXIT_FINDINGS


def register(add: Add) -> None:
    """Add the command to the parser."""
    add(
        "doctor",
        cmd_doctor,
        "check the workbook, the results file, the ledger database, the journal, the run lock, "
        "the channels and the survey's secret and link address (sends nothing): the record of "
        "sent messages (what the next run rebuilds, or would send again), the latest failed run "
        "of each kind, departments whose channel is not configured; exit 1 when something needs "
        "doing",
        "collabsheet doctor --config config/collabsheet.toml",
    )
