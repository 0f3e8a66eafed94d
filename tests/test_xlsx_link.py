"""Where a person finds a cell of a local workbook (trial 6, item 6): a bot tab lives in the
results file, so its link names that file (``demo.bot.xlsx › _runs!A1``), not the workbook
people edit; a human tab's names the workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config.settings import settings_from_dict
from jobs.run.envelope import run as run_job
from sheets_sync import open_backend
from sheets_sync.xlsx import XlsxBackend, write_xlsx
from tests.support.clocks import FakeClock
from tests.support.faults_ledger_child import child_settings
from tests.support.notifiers import Recorder
from tests.support.reminders import raw


@pytest.mark.parametrize(
    ("book", "results", "title", "cell", "link"),
    [
        ("demo.xlsx", None, "_runs", "A1", "demo.bot.xlsx › _runs!A1"),
        ("demo.xlsx", None, "_checks", "C7", "demo.bot.xlsx › _checks!C7"),
        ("demo.xlsx", None, "任务进度", "D2", "demo.xlsx › 任务进度!D2"),
        ("demo.ods", None, "_sla", "B3", "demo.bot.xlsx › _sla!B3"),  # results in .xlsx
        ("demo.ods", None, "复盘", "K3", "demo.ods › 复盘!K3"),
        ("demo.xlsx", "out/结果.xlsx", "_reminders", "A2", "结果.xlsx › _reminders!A2"),
        ("demo.xlsx", "out/结果.xlsx", "部门", "A2", "demo.xlsx › 部门!A2"),
    ],
)
def test_a_link_names_the_file_its_tab_is_in(
    tmp_path: Path, book: str, results: str | None, title: str, cell: str, link: str
) -> None:
    bot = tmp_path / results if results else None
    assert XlsxBackend(tmp_path / book, bot).link(title, cell) == link
    workbook = {"path": str(tmp_path / book), **({"bot_path": str(bot)} if bot else {})}
    backend = open_backend(settings_from_dict({"workbook": workbook}))  # as runs open it
    assert backend.link(title, cell) == link


def test_a_rebuilt_results_files_finding_links_to_the_results_file(tmp_path: Path) -> None:
    """The trial's case: the results file deleted between two runs; the run rebuilds it from
    its database and says so on ``_runs``, which the link finds in team.bot.xlsx."""
    write_xlsx(tmp_path / "team.xlsx", raw())
    backend = XlsxBackend(tmp_path / "team.xlsx", results_wait_s=0.01)
    friday = dt.datetime(2026, 11, 27, 9, 0)
    for n, now in enumerate((friday, friday + dt.timedelta(days=3))):
        if n:
            (tmp_path / "team.bot.xlsx").unlink()
        clock = FakeClock()
        report = run_job("daily", child_settings(tmp_path), backend, now,
                         notifiers={"outbox": Recorder()}, clock=clock,
                         sleep=clock.sleep)  # fmt: skip
    rebuilt = [f for f in report.findings if f.rule == "results.rebuilt"]
    assert [backend.link(f.tab, f.cell) for f in rebuilt] == ["team.bot.xlsx › _runs!A1"]
