"""One answer through the survey form at 100,000 tasks, against the workbook read it needs.

    .venv/bin/python bench/survey_answer.py [--tasks 100000] [--repeat 3]

The demo workbook scaled to ``--tasks`` (bench/common.py) is copied to a temporary folder and
a round of its quarter is opened there (``survey open``, the invitations to the outbox). Then,
in turns in this one process, median of ``--repeat``:

- ``read``: the xlsx backend's read of the human and bot workbooks, and the lazy parse of the
  two tables the answer uses (满意度调研 and the ``_survey_rounds`` tab): the baseline;
- ``form``: what drawing the form costs after the token check (``round_of``: that read and
  the round);
- ``answer``: one ``answer_survey`` (the token, the run lock, the read, the next revision,
  the append of one row to 满意度调研).

Printed: the medians and the ratios ``form / read`` and ``answer / read``. Each ``answer``
appends a row (a new revision of the same person): the workbook grows by ``--repeat`` rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import TODAY, copy_with_config, side_by_side, workbook
from config.settings import settings_from_dict
from jobs.run.survey_answer import answer_survey, round_of
from jobs.run.survey_book import read_book
from jobs.run.survey_round import open_survey
from jobs.survey.invitations import invitees
from jobs.survey.tokens import Ticket, sign
from sheets_sync.xlsx import XlsxBackend


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    secret = os.environ.setdefault("COLLABSHEET_SURVEY_SECRET", "bench-secret-0123456789abcdef")
    with tempfile.TemporaryDirectory() as tmp:
        config = copy_with_config(workbook(args.tasks), Path(tmp) / "book.xlsx")
        text = config.read_text("utf-8") + f'\n[scheduler]\nlock = "{tmp}/run.lock"\n'
        settings = settings_from_dict(tomllib.loads(text), str(config))
        now = dt.datetime.combine(TODAY, dt.time(10, 0))
        quarter = f"{TODAY.year}Q{(TODAY.month - 1) // 3 + 1}"
        close = TODAY + dt.timedelta(days=20)
        report = open_survey(settings, XlsxBackend(settings.path), quarter, close, now)
        wb = read_book(settings, XlsxBackend(settings.path))
        who = invitees(wb["people"].records())[0]
        ticket = Ticket(who.person_id, who.dept_id, quarter, close)
        token = sign(ticket, secret)
        answer = {"clarity": 4, "smoothness": 4, "communication": 5, "overall": 4}

        def read() -> object:
            book = read_book(settings, XlsxBackend(settings.path))
            return len(book["survey"]), book.bot.get("_survey_rounds")

        medians = side_by_side(
            {
                "read": read,
                "form": lambda: round_of(settings, XlsxBackend(settings.path), ticket, now),
                "answer": lambda: answer_survey(
                    settings, XlsxBackend(settings.path), token, answer, now
                ),
            },
            args.repeat,
        )
    print(f"{args.tasks} tasks, {len(report.deliveries)} invitations, "
          f"{len(wb['survey'])} answers before; median of {args.repeat}:")  # fmt: skip
    for name, s in medians.items():
        print(f"  {name:<7} {s:8.3f} s")
    base = medians["read"]
    print(f"  form / read   {medians['form'] / base:5.2f}")
    print(f"  answer / read {medians['answer'] / base:5.2f}")


if __name__ == "__main__":
    main()
