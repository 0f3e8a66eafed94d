"""The reminder plans of the demo workbook, as JSON: the characterization fixture of
``jobs.reminders.routing.plan`` (tests/test_reminder_plans.py compares against it).

    .venv/bin/python tests/data/make_reminder_plans.py

Regenerate only on purpose: the fixture is the proof that a rewrite of the planner sends the
same messages (keys, channels, recipients, sections, items, order). It was first written by
the per-person pandas planner, before the grouped rewrite.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from config.settings import settings_from_dict
from jobs.cases.notes import case_notes
from jobs.cases.suggestions import suggestions
from jobs.reminders.routing import plan
from jobs.sla.status import sla_of
from sheets_sync.demo import generate
from sheets_sync.workbook import parse_workbook

HERE = Path(__file__).resolve().parent
TODAY = dt.date(2026, 11, 27)  # a Friday; the demo is dated relative to it
GROUPS = {"feishu": {}, "dingtalk": {}, "wecom": {}}
MAIL = {"host": "127.0.0.1", "port": 25, "from_addr": "bot@example.com"}
FAILED = (("digest:P009:2026-11-26", "failed: HTTP 500"), ("head:P001:2026-11-26", "dead: x"))

# name -> (tasks, now, [general], [channels]): outbox only; group bots and mail; English; later
CASES: dict[str, tuple[int | None, str, dict[str, Any], dict[str, Any]]] = {
    "outbox_morning": (None, "2026-11-27 10:00", {}, {}),
    "groups_mail_afternoon": (None, "2026-11-27 16:30", {}, {**GROUPS, "email": MAIL}),
    "english_groups_next_week": (None, "2026-12-02 09:15", {"locale": "en"}, GROUPS),
    "larger_groups_mail": (2000, "2026-11-30 11:00", {}, {"feishu": {}, "email": MAIL}),
}


def path(name: str) -> Path:
    return HERE / f"reminder_plan_{name}.json"


def planned(name: str) -> list[dict[str, Any]]:
    """The plan of one case, every message as a plain dict (in the planner's order)."""
    tasks, at, general, channels = CASES[name]
    settings = settings_from_dict({"general": general, "channels": channels})
    now = dt.datetime.strptime(at, "%Y-%m-%d %H:%M")
    wb = parse_workbook(generate(TODAY, seed=7, tasks=tasks), settings)
    result = sla_of(wb, settings.sla_section, now).result
    link = "{}!{}".format
    notes = case_notes(wb, suggestions(wb), settings.locale, now.date(), link)
    return [asdict(m) for m in plan(wb, result, settings.remind_section, now, link, FAILED, notes)]


def dump(messages: list[dict[str, Any]]) -> str:
    return json.dumps(messages, ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    for name in CASES:
        messages = planned(name)
        path(name).write_text(dump(messages), encoding="utf-8")
        print(f"{path(name).name}: {len(messages)} messages")


if __name__ == "__main__":
    main()
