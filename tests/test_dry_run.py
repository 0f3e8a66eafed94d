"""`metrics`, `sla` and `cases` take --at (the moment to compute for) and --dry-run (print,
write nothing) (issue 18, item 8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobs.run.cli import main
from sheets_sync.xlsx import write_xlsx
from tests.support.kpi_book import kpi_book


@pytest.fixture
def config(tmp_path: Path) -> Path:
    write_xlsx(tmp_path / "book.xlsx", kpi_book())
    path = tmp_path / "c.toml"
    path.write_text(f'[workbook]\npath = "{(tmp_path / "book.xlsx").as_posix()}"\n', "utf-8")
    return path


@pytest.mark.parametrize("command", ["metrics", "sla", "cases"])
def test_dry_run_writes_nothing(
    command: str, config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.xlsx"
    before = book.read_bytes()
    argv = [command, "--config", str(config), "--json", "--at", "2026-11-27 12:00", "--dry-run"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)
    assert book.read_bytes() == before
    assert not (tmp_path / "book.bot.xlsx").exists()  # no _metrics, _sla, _case_links, _runs


def test_metrics_at_two_moments(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The project delay rate of the hand-counted book: PJ4 (due 11-30) late only at 12-04."""
    got = []
    for at in ("2026-11-27 12:00", "2026-12-04 12:00"):
        assert main(["metrics", "--config", str(config), "--json", "--at", at, "--dry-run"]) == 0
        data = json.loads(capsys.readouterr().out)
        delay = next(m for m in data["metrics"] if m["kpi"] == "delay_rate")
        got.append((data["date"], delay["numerator"], delay["denominator"]))
    assert got == [("2026-11-27", 1, 5), ("2026-12-04", 2, 5)]
