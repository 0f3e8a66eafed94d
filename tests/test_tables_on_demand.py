"""Tables are parsed when first asked for: a dashboard page waits for the tables it draws only;
jobs still get every table and every finding, in schema order, whichever way they are read."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest

from config.schema import HUMAN_TABS
from config.settings import Settings
from sheets_sync.demo import generate
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend, write_xlsx
from tests.support.files import cut_sheet
from tests.support.workbooks import base, mutated

TODAY = dt.date(2026, 11, 27)


class Watched(dict[str, Any]):
    """A raw workbook that records which tabs were read, and how often."""

    def __init__(self, tabs: dict[str, Any]) -> None:
        super().__init__(tabs)
        self.reads: list[str] = []
        self._lock = threading.Lock()

    def __getitem__(self, title: str) -> Any:
        with self._lock:
            self.reads.append(title)
        return super().__getitem__(title)


def messy() -> dict[str, Any]:
    """The base workbook with problems in two tabs (so findings have an order to keep)."""
    raw = mutated("tasks", 1, "step", "abc")
    raw.update({k: v for k, v in mutated("people", 1, "dept_id", "").items() if k == "人员"})
    return raw


def test_a_lazy_read_parses_a_table_when_first_asked_for() -> None:
    raw = Watched(messy())
    wb = parse_workbook(raw, Settings(), lazy=True)
    assert raw.reads == []
    tasks = wb["tasks"]
    assert raw.reads == ["任务进度"]
    assert wb["tasks"] is tasks  # parsed once
    assert list(wb.tables) == [s.key for s in HUMAN_TABS]


def test_lazy_and_eager_reads_find_the_same_in_the_same_order() -> None:
    eager = parse_workbook(messy(), Settings())
    lazy = parse_workbook(messy(), Settings(), lazy=True)
    assert [(f.tab, f.cell, f.rule) for f in lazy.findings] == [
        (f.tab, f.cell, f.rule) for f in eager.findings
    ]
    rules = [f.rule for f in eager.findings]
    assert "int.invalid" in rules and "value.required" in rules
    assert rules.index("value.required") < rules.index("int.invalid")  # people before tasks
    for key in eager.tables:
        assert lazy[key].columns == eager[key].columns


def test_many_threads_asking_for_a_table_parse_it_once() -> None:
    raw = Watched(base())
    wb = parse_workbook(raw, Settings(), lazy=True)
    got: list[Any] = []
    threads = [threading.Thread(target=lambda: got.append(wb["tasks"])) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert raw.reads.count("任务进度") == 1
    assert len(got) == 8 and all(t is got[0] for t in got)


def test_a_job_stops_at_a_broken_sheet(tmp_path: Path) -> None:
    from config.errors import BackendError

    book = tmp_path / "book.xlsx"
    write_xlsx(book, generate(TODAY, tasks=40))
    cut_sheet(book, "满意度调研")
    with pytest.raises(BackendError, match=r"cannot read .*book\.xlsx: .*Save it again"):
        parse_workbook(XlsxBackend(book).read(), Settings())  # a job needs every table


def test_a_lazy_read_lets_go_of_the_rows_it_parsed_and_jobs_keep_them(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    write_xlsx(book, generate(TODAY, tasks=40))
    raw = XlsxBackend(book).read()
    decoded = raw["任务进度"]
    wb = parse_workbook(raw, Settings(), lazy=True)
    assert len(wb["tasks"]) > 30
    again = raw["任务进度"]  # let go after parsing: decoded again, the same rows
    assert again == decoded and again is not decoded
    eager_raw = XlsxBackend(book).read()
    kept = eager_raw["任务进度"]
    parse_workbook(eager_raw, Settings())
    assert eager_raw["任务进度"] is kept  # kept for the job's later checks


def test_a_value_is_computed_once_and_an_error_is_kept_until_forgotten() -> None:
    from sheets_sync.on_demand import OnDemand

    calls: list[str] = []
    gate = threading.Event()

    def compute(key: str) -> str:
        calls.append(key)
        gate.wait(10)
        if key == "bad":
            raise ValueError("cannot read bad")
        return key.upper()

    values: OnDemand[str, str] = OnDemand(compute)
    values.start(["a", "a", "bad"])
    got: list[str] = []
    threads = [threading.Thread(target=lambda: got.append(values.get("a"))) for _ in range(4)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join()
    assert got == ["A"] * 4
    for _ in range(2):
        with pytest.raises(ValueError, match="cannot read bad"):
            values.get("bad")
    assert sorted(calls) == ["a", "bad"]
    values.forget("bad")
    with pytest.raises(ValueError):
        values.get("bad")
    assert sorted(calls) == ["a", "bad", "bad"]


def test_asking_whether_a_tab_exists_neither_decodes_nor_parses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sheets_sync import xlsx_reader

    path = tmp_path / "book.xlsx"
    write_xlsx(path, {**base(), "_runs": [["run_id"], ["r1"]]})
    decoded: list[str] = []
    real = xlsx_reader._decode
    monkeypatch.setattr(
        xlsx_reader, "_decode", lambda p, b, t, s: decoded.append(t) or real(p, b, t, s)
    )
    raw = XlsxBackend(path).read()
    wb = parse_workbook(raw, Settings(), lazy=True)
    before = list(decoded)
    assert "_runs" in raw and "_runs" in wb.bot and "tasks" in wb.tables
    assert "_none" not in raw and "_none" not in wb.bot and "none" not in wb.tables
    assert decoded == before  # answered from the titles: no sheet decoded, no table parsed
    assert wb.bot["_runs"] == [["run_id"], ["r1"]] and decoded == [*before, "_runs"]


def test_the_largest_sheet_is_started_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sheets_sync import tables
    from sheets_sync.error_cells import sheet_sizes

    book = tmp_path / "book.xlsx"
    tabs = generate(TODAY, tasks=400)
    write_xlsx(book, tabs)
    sizes = sheet_sizes(book.read_bytes())
    assert set(sizes) == set(tabs) and min(sizes.values()) > 0
    assert max(sizes, key=sizes.__getitem__) == "任务进度"  # the tasks' XML is the largest
    started: list[list[str]] = []
    real = tables.ParsedTables.prefetch
    monkeypatch.setattr(
        tables.ParsedTables,
        "prefetch",
        lambda self, keys: started.append(list(keys)) or real(self, keys),
    )
    settings = Settings(path=book)
    wb = parse_workbook(XlsxBackend(book).read(), settings, wait=False)
    assert started[0][0] == "tasks" and sorted(started[0]) == sorted(s.key for s in HUMAN_TABS)
    assert len(wb["tasks"]) + len(wb["tasks"].skipped) == 400  # every row read


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_sheet_sizes_of_what_is_not_an_xlsx_is_empty(data: bytes) -> None:
    from sheets_sync.error_cells import sheet_sizes

    assert sheet_sizes(data) == {}


def test_the_sla_reads_only_the_tables_it_needs() -> None:
    """A dashboard page computing the SLA before any daily run parses the tabs the SLA reads,
    not the survey or the case library (the unreadable 截止时间 it says asks for the tasks'
    own findings, not every table's)."""
    import datetime as dt

    from jobs.sla.status import sla_of

    raw = Watched(messy())
    wb = parse_workbook(raw, Settings(), lazy=True)
    sla_of(wb, Settings().sla_section, dt.datetime(2026, 11, 27, 10, 0))
    assert raw.reads and not {"满意度调研", "问题案例库"} & set(raw.reads)
