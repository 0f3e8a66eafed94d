"""Issue 15, item 2: one unusable tab never stops the daily run or a dashboard page."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from dashboard.registry import PAGES
from jobs.kpis.measures import NEEDS
from jobs.run.cli import main
from sheets_sync.demo import generate
from sheets_sync.xlsx import XlsxBackend, write_xlsx
from tests.support.dashboard import open_page, point_at, start

CORPUS = Path(__file__).resolve().parent / "corpus"
KEYS = {"权责争议": "disputes", "复盘": "retrospectives", "满意度调研": "survey",
        "问题案例库": "cases", "协作项目": "projects", "任务进度": "tasks"}  # fmt: skip
REQUIRED = {"权责争议": "争议编号", "复盘": "复盘编号", "满意度调研": "季度",
            "问题案例库": "案例编号", "协作项目": "项目编号", "任务进度": "任务编号"}  # fmt: skip


def broken_book(tmp_path: Path, tab: str) -> Path:
    """The demo with the header of one of ``tab``'s required columns blanked."""
    wb = generate(dt.date(2026, 11, 27), seed=7)
    rows = [list(r) for r in wb[tab]]
    rows[0][rows[0].index(REQUIRED[tab])] = None
    book = tmp_path / "book.xlsx"
    write_xlsx(book, {**wb, tab: rows})
    return book


@pytest.mark.parametrize("tab", list(KEYS))
def test_run_daily_goes_on_without_the_tab(
    tab: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = broken_book(tmp_path, tab)
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{book.as_posix()}"\n', encoding="utf-8")
    code = main(["run", "daily", "--config", str(config), "-q"])
    out = capsys.readouterr()
    assert code != 2
    assert "Traceback" not in out.out + out.err
    bot = XlsxBackend(tmp_path / "book.bot.xlsx").read()
    errors = [r for r in bot["_checks"][1:] if r[1] == tab and r[5] == "error"]
    assert [r[4] for r in errors] == ["header.missing"]
    assert len(bot["_sla"]) > 1
    metrics = {r[1]: r[2] for r in bot["_metrics"][1:]}
    assert len(metrics) == 13
    needing = [kpi for kpi, tabs in NEEDS.items() if KEYS[tab] in tabs]
    for kpi in needing:
        assert metrics[kpi] in ("", None), kpi
    if KEYS[tab] in ("disputes", "retrospectives", "survey", "cases"):
        assert needing
        assert metrics["delay_rate"] not in ("", None)  # the rest goes on


@pytest.mark.usefixtures("fresh_dashboard_cache")
@pytest.mark.parametrize("which", ["title_every_tab", "broken_disputes"])
def test_every_page_renders_without_a_traceback(
    which: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if which == "broken_disputes":
        book = broken_book(tmp_path, "权责争议")
    else:
        book = tmp_path / "book.xlsx"
        shutil.copyfile(CORPUS / f"{which}.xlsx", book)
    point_at(book, tmp_path, monkeypatch)
    at = start()
    assert not at.exception
    for spec in PAGES:
        open_page(at, spec.file)
        assert not at.exception, spec.key
