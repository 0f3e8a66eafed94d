"""The local workbook never loses a human edit, writes atomically and refuses locked files."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from config.errors import (
    BackendError,
    WorkbookLockedError,
    WorkbookNotFoundError,
    WriteConflictError,
)
from config.schema import TABS
from sheets_sync import local_file, xlsx
from sheets_sync.table import header_keys
from sheets_sync.xlsx import XlsxBackend, write_xlsx

TASKS = [["task_id", "project_id", "step", "dept_id", "note"], ["K1", "PJ1", 1, "D01", "原始"]]


def keys(header: Any) -> Any:
    return header_keys(TABS["tasks"], header)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "book.xlsx"
    write_xlsx(path, {"tasks": TASKS, "people": [["person_id"], ["P01"]]})
    return path


def human_edit(path: Path, cell: str, value: str) -> None:
    """What a person does in Excel: open, change a cell, save."""
    wb = openpyxl.load_workbook(path)
    wb["tasks"][cell] = value
    wb.save(path)


def test_bot_tabs_go_to_the_bot_workbook_beside_it(book: Path) -> None:
    backend = XlsxBackend(book)
    backend.write({"_checks": [["tab"], ["tasks"]]})
    assert backend.bot_path == book.with_name("book.bot.xlsx")
    assert openpyxl.load_workbook(book).sheetnames == ["tasks", "people"]
    assert openpyxl.load_workbook(backend.bot_path).sheetnames == ["_checks"]


def test_a_human_edit_between_read_and_write_survives(book: Path) -> None:
    backend = XlsxBackend(book)
    backend.read()
    human_edit(book, "E2", "人工修改")
    backend.write({"_checks": [["tab"], ["tasks"]]})
    tabs = backend.read()
    assert tabs["tasks"][1][4] == "人工修改"
    assert tabs["_checks"][1][0] == "tasks"


def test_a_human_edit_between_read_and_append_survives(book: Path) -> None:
    backend = XlsxBackend(book)
    backend.read()
    human_edit(book, "E2", "人工修改")
    backend.append(
        "tasks", [{"task_id": "K2", "project_id": "PJ1", "step": 2, "dept_id": "D01"}], keys
    )
    rows = backend.read()["tasks"]
    assert rows[1][4] == "人工修改"
    assert rows[2][:4] == ["K2", "PJ1", 2.0, "D01"]


def test_append_retries_when_the_file_changes_while_writing(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = local_file.signature
    calls = {"n": 0}

    def changing(path: Path) -> tuple[int, int]:
        calls["n"] += 1
        mtime, size = real(path)
        return (mtime + calls["n"], size)  # a different signature every time: always "changed"

    monkeypatch.setattr(local_file, "signature", changing)
    before = book.read_bytes()
    with pytest.raises(WriteConflictError, match="changed on every attempt"):
        XlsxBackend(book).append("tasks", [{"task_id": "K2"}], keys)
    assert book.read_bytes() == before
    assert not [p for p in book.parent.iterdir() if p.suffix == ".tmp"]


@pytest.mark.parametrize("lock_name", ["~$book.xlsx", ".~lock.book.xlsx#"])
def test_a_workbook_open_in_excel_or_libreoffice_is_refused(book: Path, lock_name: str) -> None:
    (book.parent / lock_name).write_text("someone")
    before = book.read_bytes()
    with pytest.raises(WorkbookLockedError, match="open in Excel / WPS / LibreOffice"):
        XlsxBackend(book).append("tasks", [{"task_id": "K2"}], keys)
    assert book.read_bytes() == before


def test_a_bot_workbook_open_elsewhere_is_refused(book: Path) -> None:
    (book.parent / "~$book.bot.xlsx").write_text("someone")
    with pytest.raises(WorkbookLockedError, match=r"book\.bot\.xlsx is open"):
        XlsxBackend(book).write({"_checks": [["tab"]]})


def test_another_collabsheet_run_holding_the_lock_is_refused(book: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from sheets_sync.local_file import file_lock
        with file_lock(Path({str(book.with_name("book.bot.xlsx"))!r})):
            print("locked", flush=True)
            time.sleep(30)
    """),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[1],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(WorkbookLockedError, match="locked by another collabsheet run"):
            XlsxBackend(book, lock_wait_s=0.2).write({"_checks": [["tab"]]})
    finally:
        holder.kill()
        holder.wait()
    XlsxBackend(book).write({"_checks": [["tab"]]})  # the lock dies with its holder


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_failed_write_leaves_the_old_file_and_no_temp_file(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = XlsxBackend(book)
    backend.write({"_checks": [["tab"], ["old"]]})
    before = backend.bot_path.read_bytes()

    def broken_save(filename: str, tabs: Any) -> None:
        Path(filename).write_bytes(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(xlsx, "write_bot_xlsx", broken_save)  # the bot workbook's writer
    with pytest.raises(OSError, match="disk full"):
        backend.write({"_checks": [["tab"], ["new"]]})
    assert backend.bot_path.read_bytes() == before
    assert not [p for p in book.parent.iterdir() if p.name.endswith(".tmp")]
    gc.collect()  # the abandoned write-only sheet complains when collected: let it do so here


def test_a_missing_workbook_says_how_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(WorkbookNotFoundError) as caught:
        XlsxBackend(tmp_path / "none.xlsx").read()
    none = tmp_path / "none.xlsx"
    zh = caught.value.said("zh-CN")
    assert zh.startswith(f"找不到工作簿 {none}：运行 `collabsheet init {none}`")
    assert f"run `collabsheet init {none}` for an empty one" in caught.value.said("en")


def test_the_command_in_a_missing_workbooks_error_can_be_copied(tmp_path: Path) -> None:
    """A path with spaces is quoted as a shell needs it (review: the command failed)."""
    path = tmp_path / "my dir" / "工作 簿.xlsx"
    with pytest.raises(WorkbookNotFoundError) as caught:
        XlsxBackend(path).read()
    assert f"`collabsheet init '{path}'`" in caught.value.said("zh-CN")
    assert f"`collabsheet demo --out '{path}'`" in caught.value.said("en")


def test_a_file_that_is_not_a_workbook_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("not a zip")
    with pytest.raises(BackendError, match=r"cannot read .*notes\.xlsx.*Save it again as \.xlsx"):
        XlsxBackend(path).read()


def test_file_permissions_are_kept_on_replace(book: Path) -> None:
    os.chmod(book, 0o640)
    XlsxBackend(book).append("tasks", [{"task_id": "K2"}], keys)
    assert book.stat().st_mode & 0o777 == 0o640


def test_formula_like_text_is_written_as_text(book: Path) -> None:
    backend = XlsxBackend(book)
    backend.write({"_checks": [["value"], ['=HYPERLINK("http://x")']]})
    cell = openpyxl.load_workbook(backend.bot_path)["_checks"]["A2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x")'


def test_append_goes_after_the_last_row_with_a_value(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    for row in range(3, 40):  # people format empty rows ahead of time
        wb["tasks"].cell(row=row, column=1).number_format = "@"
    wb.save(book)
    XlsxBackend(book).append("tasks", [{"task_id": "K2", "project_id": "PJ1"}], keys)
    rows = openpyxl.load_workbook(book)["tasks"]
    assert rows["A3"].value == "K2"
    assert rows["B3"].value == "PJ1"


def test_append_refuses_values_whose_column_was_deleted(book: Path) -> None:
    before = book.read_bytes()
    with pytest.raises(BackendError, match="has no column for assignee; add the column"):
        XlsxBackend(book).append("tasks", [{"task_id": "K2", "assignee": "P01"}], keys)
    assert book.read_bytes() == before


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "file-not-folder"
    target.write_text("x")
    with pytest.raises(BackendError, match="cannot write in"):
        xlsx.write_xlsx(target / "out.xlsx", {"_checks": [["a"]]})
    gc.collect()  # the unsaved write-only sheet complains when collected: let it do so here


def error_book(folder: Path, *rows: list[Any]) -> Path:
    """A workbook whose 任务进度 holds ``rows``; openpyxl stores '#DIV/0!' & co as error cells,
    as Excel saves a formula that failed."""
    path = folder / "errors.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "任务进度"
    for row in rows:
        ws.append(row)
    wb.save(path)
    assert any(c.data_type == "e" for row in ws.iter_rows() for c in row)
    return path


def test_formula_errors_are_findings_with_their_cells(tmp_path: Path) -> None:
    from jobs.checks.validation import validate
    from tests.support.workbooks import base, parse

    path = error_book(
        tmp_path,
        ["task_id", "project_id", "step", "dept_id", "due_at", "note"],
        ["K1", "P1", 1, "D01", "#DIV/0!", "ok"],
        ["K2", "P1", "#REF!", "D01", None, "#N/A"],
        ["K3", "P1", 1, "D01", None, "fine"],
    )

    raw = XlsxBackend(path).read()
    assert raw["任务进度"][1][4] == "#DIV/0!"  # python-calamine alone reads it as ""
    parsed = parse({**base(), "任务进度": raw["任务进度"]})
    found = {(f.tab, f.cell, f.value) for f in validate(parsed) if f.rule == "cell.error"}
    assert found == {("任务进度", "E2", "#DIV/0!"), ("任务进度", "C3", "#REF!"),
                     ("任务进度", "F3", "#N/A")}  # fmt: skip
    assert list(parsed["tasks"].column("task_id")) == ["K1", "K3"]  # K2's required step failed
    assert parsed["tasks"].column("due_at")[0] is None


def test_error_scan_can_be_skipped_by_a_reader_of_checks(tmp_path: Path) -> None:
    path = error_book(tmp_path, ["task_id", "due_at"], ["K1", "#DIV/0!"])
    raw = XlsxBackend(path).read()
    raw.skip_error_scan()
    assert raw["任务进度"][1] == ["K1", ""]  # as python-calamine reads it: a blank due_at
    assert XlsxBackend(path).read()["任务进度"][1] == ["K1", "#DIV/0!"]


# ------------------------------------------------------------------ sheets read in parallel


def test_sheets_read_in_parallel_keep_the_workbook_order_and_values(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    small = [["person_id"], ["P01"]]
    large = [["task_id", "n"], *[[f"K{i}", i] for i in range(3000)]]
    write_xlsx(path, {"people": small, "tasks": large, "calendar": [["date"]]})
    raw = XlsxBackend(path).read()
    assert list(raw) == ["people", "tasks", "calendar"]  # not the order they were read in
    assert raw["tasks"][2999 + 1] == ["K2999", 2999.0]
    assert raw == {"people": small, "tasks": [[r[0], float(r[1])] if r[0] != "task_id" else r
                                              for r in large], "calendar": [["date"]]}  # fmt: skip
    assert raw["tasks"] is raw["tasks"]  # read once, then kept


def test_the_bot_workbook_is_read_with_the_human_one(book: Path) -> None:
    backend = XlsxBackend(book)
    backend.write({"_checks": [["tab"], ["tasks"]]})
    raw = backend.read()
    assert list(raw) == ["tasks", "people", "_checks"]
    assert raw["_checks"] == [["tab"], ["tasks"]]
    assert backend.requests == 2  # one write, one read of both files


def test_a_sheet_that_cannot_be_read_is_a_clear_error_when_its_rows_are_needed(
    tmp_path: Path,
) -> None:
    import zipfile

    good = tmp_path / "good.xlsx"
    write_xlsx(good, {"people": [["person_id"], ["P01"]], "tasks": TASKS})
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]  # a sheet cut short, as by a failed copy
            dst.writestr(item, data)
    raw = XlsxBackend(broken).read()
    assert raw["people"] == [["person_id"], ["P01"]]  # the other sheets still arrive
    with pytest.raises(BackendError, match=r"cannot read .*broken\.xlsx: .*Save it again as"):
        raw["tasks"]


def test_parsing_pauses_the_garbage_collector_and_always_restores_it(tmp_path: Path) -> None:
    from config.errors import TabMissingError
    from config.settings import Settings
    from sheets_sync.workbook import parse_workbook
    from tests.support.workbooks import base

    seen: list[bool] = []

    class Watching(dict[str, Any]):
        def __getitem__(self, title: str) -> Any:
            seen.append(gc.isenabled())
            if title == "人员":
                raise BackendError("cannot read 人员")
            return super().__getitem__(title)

    raw = Watching(base())
    assert gc.isenabled()
    with pytest.raises(BackendError, match="cannot read 人员"):
        parse_workbook(raw, Settings())
    assert seen and not any(seen)  # paused while the tabs were parsed
    assert gc.isenabled()  # and back on after the error
    with pytest.raises(TabMissingError):
        parse_workbook({"people": [["person_id"]]}, Settings())
    assert gc.isenabled()
    gc.disable()
    try:
        parse_workbook(base(), Settings())
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


def test_a_read_is_one_moment_even_when_the_file_is_saved_before_a_sheet_is_decoded(
    book: Path,
) -> None:
    raw = XlsxBackend(book).read()  # sheets are decoded when asked for, from this read
    write_xlsx(book, {"tasks": [["task_id"], ["SAVED-LATER"]], "people": [["person_id"]]})
    assert raw["tasks"] == [TASKS[0], ["K1", "PJ1", 1.0, "D01", "原始"]]
    assert raw["people"] == [["person_id"], ["P01"]]
