"""A workbook read while it is being saved in place (a sync client, a network share truncates it
and writes it again) reads as a broken zip: the read looks again while the file changes, for a
few seconds (trial8: four of six runs failed with "请另存为 .xlsx"). A broken file that does not
change fails after one look; one still changing at the end says it is being saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.errors import BackendError
from sheets_sync import xlsx_reader
from sheets_sync.xlsx import XlsxBackend, write_xlsx
from sheets_sync.xlsx_reader import UnreadableWorkbook

ROWS = {"部门": [["部门编号", "部门名称"], ["D01", "研发部"]]}


class Clock:
    """``time.monotonic`` and ``time.sleep`` for the reader: each sleep runs ``during`` (what
    the saving program does meanwhile) and moves the clock on."""

    def __init__(self, during: object) -> None:
        self.t, self.during, self.sleeps = 0.0, during, 0

    def monotonic(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        self.t += seconds
        self.during(self.sleeps)  # type: ignore[operator]


@pytest.fixture
def book(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "team.xlsx"
    write_xlsx(path, ROWS)
    return path, path.read_bytes()


def _use(clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader.time, "monotonic", clock.monotonic)
    monkeypatch.setattr(xlsx_reader.time, "sleep", clock.sleep)


def test_a_save_that_ends_while_the_read_waits_is_read_whole(
    book: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, whole = book
    path.write_bytes(whole[: len(whole) // 2])  # truncated, half written
    clock = Clock(lambda n: path.write_bytes(whole) if n == 2 else path.write_bytes(
        whole[: len(whole) * 3 // 4]))  # fmt: skip
    _use(clock, monkeypatch)
    tabs = XlsxBackend(path).read()
    assert tabs["部门"][1][:2] == ["D01", "研发部"] and clock.sleeps == 2


def test_a_broken_file_that_does_not_change_fails_after_one_look(
    book: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, whole = book
    path.write_bytes(whole[:100])
    clock = Clock(lambda n: None)
    _use(clock, monkeypatch)
    with pytest.raises(UnreadableWorkbook) as caught:
        XlsxBackend(path).read()
    assert clock.sleeps == 1
    assert caught.value.said("zh-CN").endswith("它是 Excel 能打开的 .xlsx 工作簿吗？请另存为 .xlsx")


def test_a_file_still_changing_after_the_wait_is_said_to_be_saving(
    book: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, whole = book
    path.write_bytes(whole[:100])
    clock = Clock(lambda n: path.write_bytes(whole[: 100 + n]))  # a slow writer, never done
    _use(clock, monkeypatch)
    with pytest.raises(BackendError) as caught:
        XlsxBackend(path).read()
    assert not isinstance(caught.value, UnreadableWorkbook)
    zh, en = caught.value.parts
    assert zh.startswith(f"无法读取 {path}：") and zh.endswith(
        "；它在 5 秒内仍在被写入（同步盘或网络共享正在保存它）：请等保存完成后再运行"
    )
    assert en.endswith("it was still being written after 5 s (a sync client or network share "
                       "saving it): run again when the save has finished")  # fmt: skip
    assert clock.t >= xlsx_reader.SAVING_WAIT_S


def test_a_run_failed_on_an_unreadable_workbook_is_no_rebuilt_warning_next(
    tmp_path: Path,
) -> None:
    """The failed run records itself in the ledger database alone (the workbook could not be
    read, so neither could the results file be written): the next run puts that row into
    _runs and does not warn of a missing, damaged or old results file (trial8)."""
    from jobs.run.cli import main
    from jobs.run.runs_tab import RUNS
    from sheets_sync.xlsx_reader import read_xlsx
    from tests.support.configs import outbox_config
    from tests.support.reminders import raw

    path = tmp_path / "team.xlsx"
    write_xlsx(path, raw())
    good = path.read_bytes()
    config = str(outbox_config(tmp_path, path))
    assert main(["run", "daily", "--config", config, "-q", "--at", "2026-11-27 09:00"]) == 0
    path.write_bytes(good[:100])  # broken, settled
    assert main(["run", "hourly", "--config", config, "-q", "--at", "2026-11-27 10:00"]) == 2
    path.write_bytes(good)
    assert main(["run", "daily", "--config", config, "-q", "--at", "2026-11-27 11:00"]) == 0
    bot = read_xlsx([tmp_path / "team.bot.xlsx"])
    checks = [r for r in bot["_checks"][1:] if "results.rebuilt" in map(str, r)]
    assert checks == []
    runs = RUNS.decode(bot["_runs"])
    assert [r["outcome"] for r in runs] == ["ok", "failed", "ok"]
