"""Workbooks written by real office software (tests/corpus, built by tests/corpus/build.py with
LibreOffice; CI needs no LibreOffice): what today's code guarantees, and what issue 15 asks.

Guaranteed now, for every file: ``validate`` and ``run daily`` never end in an internal error
or a traceback, and the human file is byte-identical afterwards. What issue 15 adds (header
row detection, merged cells, annotated headers, formulas without results, .ods / .xls) is
asserted too, as strict xfails: they flip to failures ("XPASS(strict)") the day the feature
lands, and the marker is then removed. ``manifest.json`` holds what a correct reader loads.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from config.defaults import TAB_TITLES
from jobs.run.cli import main
from tests.support.error_lines import ERROR

CORPUS = Path(__file__).parent / "corpus"
MANIFEST: dict[str, Any] = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
FILES = sorted(MANIFEST)
AT = "2026-11-27 09:00"  # the demo's day

# What today's code does not do yet (measured; see tests/corpus/README.md).
NOT_YET: dict[str, dict[str, str]] = {
    "rows": {},
    "findings": {},
    "exit": {},
    "columns": {},
}  # fmt: skip


def cases(kind: str) -> list[Any]:
    """The corpus files, the ones today's code fails marked as strict xfails."""
    return [
        pytest.param(f, marks=pytest.mark.xfail(strict=True, reason=NOT_YET[kind][f]))
        if f in NOT_YET[kind] else f
        for f in FILES
    ]  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    """What ``validate --json`` and then ``run daily`` did with a copy of one corpus file."""

    validate_exit: int
    validate_out: dict[str, Any] | None
    daily_exit: int
    stderr: str
    sha_before: str
    sha_after_validate: str
    sha_after_daily: str
    folder: Path


_OUTCOMES: dict[str, Outcome] = {}


def _cli(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


def outcome(name: str, factory: pytest.TempPathFactory) -> Outcome:
    """Run validate and run daily once per file (each test reads the same outcome)."""
    if name in _OUTCOMES:
        return _OUTCOMES[name]
    folder = factory.mktemp(name.replace(".", "_"))
    book = folder / name
    shutil.copyfile(CORPUS / name, book)
    config = folder / "c.toml"
    config.write_text(
        f'[workbook]\npath = "{book.as_posix()}"\n'
        f'[channels.outbox]\nfolder = "{(folder / "outbox").as_posix()}"\n',
        encoding="utf-8",
    )
    sha = hashlib.sha256(book.read_bytes()).hexdigest()
    code, out, err = _cli(["validate", "--config", str(config), "--json", "-q"])
    parsed = json.loads(out) if out.strip() else None
    after_validate = hashlib.sha256(book.read_bytes()).hexdigest()
    daily, _, err2 = _cli(["run", "daily", "--config", str(config), "-q", "--at", AT])
    after = hashlib.sha256(book.read_bytes()).hexdigest()
    result = Outcome(code, parsed, daily, err + err2, sha, after_validate, after, folder)
    _OUTCOMES[name] = result
    return result


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _loaded(o: Outcome) -> dict[str, int]:
    assert o.validate_out is not None, o.stderr
    return {TAB_TITLES[k]: n for k, n in o.validate_out["rows"].items()}


def _findings(o: Outcome, skip: frozenset[tuple[str, str]] = frozenset()) -> Counter[tuple]:
    assert o.validate_out is not None, o.stderr
    return Counter(
        (f["tab"], f["cell"], f["rule"], f["severity"])
        for f in o.validate_out["findings"]
        if f["severity"] != "info" and (f["tab"], f["cell"]) not in skip
    )


# ------------------------------------------------------------------ guaranteed by today's code


@pytest.mark.parametrize("name", FILES)
def test_no_internal_error_and_the_human_file_is_untouched(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    o = outcome(name, tmp_path_factory)
    assert o.validate_exit in (0, 1, 2) and o.daily_exit in (0, 1, 2)
    assert "internal error" not in o.stderr and "内部错误" not in o.stderr
    assert "Traceback" not in o.stderr
    assert o.sha_after_validate == o.sha_before, "validate changed the human workbook"
    assert o.sha_after_daily == o.sha_before, "run daily changed the human workbook"


def test_a_file_that_cannot_be_read_is_one_clear_line(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    o = outcome("tasks.csv", tmp_path_factory)
    assert o.validate_exit == 2 and o.validate_out is None
    assert o.stderr.startswith("collabsheet: 错误：无法读取 ")  # zh-CN, the default locale
    assert "它是 Excel 能打开的 .xlsx 工作簿吗？请另存为 .xlsx" in o.stderr


def test_error_values_stay_findings_at_their_cells(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    found = _findings(outcome("formulas.xlsx", tmp_path_factory))
    assert found[("任务进度", "I10", "cell.error", "error")] == 1  # #DIV/0!
    assert found[("任务进度", "D11", "cell.error", "error")] == 1  # #N/A


# ------------------------------------------------- exact expectations (strict xfail: issue 15)


@pytest.mark.parametrize("name", cases("exit"))
def test_exit_codes(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    o = outcome(name, tmp_path_factory)
    want = MANIFEST[name]["exit"]
    assert (o.validate_exit, o.daily_exit) == (want["validate"], want["daily"]), o.stderr


@pytest.mark.parametrize("name", [f for f in cases("rows") if f != "tasks.csv"])
def test_rows_loaded_per_tab_equal_the_original(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert _loaded(outcome(name, tmp_path_factory)) == MANIFEST[name]["loaded"]


@pytest.mark.parametrize("name", [f for f in cases("findings") if f != "tasks.csv"])
def test_findings_by_rule_and_cell(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The original's findings at the cells of this layout; nothing else above info (the
    formula cells of formulas_no_cache.xlsx are the next test's)."""
    cells = MANIFEST[name]["formula_cells"] if "no_cache" in name else []
    formula = frozenset((t, c) for t, c in cells)
    want = Counter(tuple(f) for f in MANIFEST[name]["findings"])
    assert _findings(outcome(name, tmp_path_factory), formula) == want


def test_a_formula_without_a_stored_result_is_named_at_its_cell(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    o = outcome("formulas_no_cache.xlsx", tmp_path_factory)
    assert o.validate_out is not None
    at = {(f["tab"], f["cell"]): f["message"] for f in o.validate_out["findings"]}
    cells = MANIFEST["formulas_no_cache.xlsx"]["formula_cells"]
    assert cells and all("公式" in at.get((t, c), "") for t, c in cells)


def test_each_merged_range_is_one_info_finding(tmp_path_factory: pytest.TempPathFactory) -> None:
    o = outcome("merged.xlsx", tmp_path_factory)
    assert o.validate_out is not None
    info = Counter((f["tab"], f["cell"]) for f in o.validate_out["findings"]
                   if f["severity"] == "info")  # fmt: skip
    for tab, coord in MANIFEST["merged.xlsx"]["merges"]:
        assert info[(tab, coord.split(":")[0])] == 1, (tab, coord)


@pytest.mark.parametrize("name", [n for n in FILES if n.startswith("title_")])
def test_title_rows_are_named_once_per_tab(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    o = outcome(name, tmp_path_factory)
    assert o.validate_out is not None
    info = Counter(f["tab"] for f in o.validate_out["findings"] if f["severity"] == "info")
    titled = [t for t, row in MANIFEST[name]["header_row"].items() if row > 1]
    assert titled and all(info[t] == 1 for t in titled)


def test_ods_results_go_to_a_bot_xlsx(tmp_path_factory: pytest.TempPathFactory) -> None:
    o = outcome("demo.ods", tmp_path_factory)
    assert (o.folder / "demo.bot.xlsx").is_file()
    assert not (o.folder / "demo.bot.ods").exists()
    assert zipfile.is_zipfile(o.folder / "demo.bot.xlsx")
    assert o.sha_after_daily == o.sha_before == _sha(CORPUS / "demo.ods")


@pytest.mark.parametrize("name", ["demo.ods", "demo.xls"])
def test_a_read_only_workbook_says_once_that_formula_checks_need_xlsx(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    o = outcome(name, tmp_path_factory)
    assert o.validate_out is not None, o.stderr
    said = [f for f in o.validate_out["findings"] if f["rule"] == "workbook.checks_need_xlsx"]
    assert [(f["tab"], f["severity"]) for f in said] == [(name, "info")]


def test_xls_validates_with_the_manifests_rows(tmp_path_factory: pytest.TempPathFactory) -> None:
    o = outcome("demo.xls", tmp_path_factory)
    assert o.validate_exit == 1, o.stderr
    assert _loaded(o) == MANIFEST["demo.xls"]["loaded"]
    assert (o.folder / "demo.bot.xlsx").is_file() and not (o.folder / "demo.bot.xls").exists()


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("name", ["demo.ods", "demo.xls"])
def test_start_project_on_a_read_only_workbook_refuses_and_writes_nothing(
    name: str, locale: str, tmp_path: Path
) -> None:
    book = tmp_path / name
    shutil.copyfile(CORPUS / name, book)
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{book.as_posix()}"\n', encoding="utf-8")
    args = ["start-project", "--config", str(config), "--template", "T03", "--name", "二期"]
    code, out, err = _cli([*args, "--start", "2026-11-30", "-q", "--locale", locale])
    kind = book.suffix
    assert code == 2 and out == ""
    lines = {  # the half for the locale, each naming the file
        "zh-CN": f"{book}：{kind} 工作簿只读，collabsheet 不能向其中添加行；要用 collabsheet "
        "启动项目，请将其另存为 .xlsx（并把 [workbook] path 指向它），或手工添加这些行",
        "en": f"{book}: {kind} workbooks are read only: save it as .xlsx (and point [workbook] "
        "path at it) to start projects from collabsheet, or add the rows by hand",
    }
    assert err == f"{ERROR[locale]}{lines[locale]}\n"
    assert _sha(book) == _sha(CORPUS / name)
    written = {p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")}
    assert written == {name, "c.toml"}  # no bot workbook, no temp file (the run lock aside)


@pytest.mark.parametrize("name", [f for f in cases("columns") if f != "tasks.csv"])
def test_every_column_of_the_file_is_recognised(name: str) -> None:
    """Each tab's header row (at ``header_row``) maps every column of the original."""
    from config.settings import Settings
    from jobs.reminders.people import RETIRED
    from sheets_sync.cell import header_form
    from sheets_sync.workbook import parse_workbook
    from sheets_sync.xlsx import XlsxBackend

    retired = {header_form(x) for x in RETIRED}
    raw = XlsxBackend(CORPUS / name).read()
    header_rows = MANIFEST[name]["header_row"]
    wb = parse_workbook(raw, Settings())
    for table in wb.tables.values():
        # every non-blank cell of the file's header row maps to a column of the schema;
        # columns added to the schema after the corpus was written are simply absent from the
        # file; the retired IM账号 column is reported by remind, not read (jobs.reminders.people)
        header = raw[table.title][header_rows[table.title] - 1]
        labelled = sum(
            1 for v in header
            if v is not None and str(v).strip() and header_form(str(v)) not in retired
        )  # fmt: skip
        assert len(set(table.positions)) == labelled, table.title
        assert set(table.positions) <= {c.key for c in table.schema.columns}, table.title


@pytest.mark.parametrize("name", ["demo.ods", "demo.xls"])
def test_doctor_reads_a_read_only_workbook_as_a_run_does(name: str, tmp_path: Path) -> None:
    """doctor read an .xls as a zip (``✗ 工作簿无法读取：… File is not a zip file``) while
    validate and run read it fine (trial10): its workbook line is a run's read now."""
    book = tmp_path / name
    shutil.copyfile(CORPUS / name, book)
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{book.as_posix()}"\n', encoding="utf-8")
    _code, out, _err = _cli(["doctor", "--config", str(config)])
    line = next(x for x in out.splitlines() if "工作簿" in x and book.name in x)
    assert line.startswith(f"✓ 工作簿 {book} 可读取（"), line


def test_doctor_says_when_a_required_tab_is_not_read(demo_xlsx: Path, tmp_path: Path) -> None:
    """A required column's header renamed: the run reads the other tabs and says which it did
    not; doctor said ✓ (trial10). Now ✗, naming the tab and why, and exit 1."""
    import openpyxl

    wb = openpyxl.load_workbook(demo_xlsx)
    wb["任务进度"]["A1"] = "任务号码"
    wb.save(demo_xlsx)
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{demo_xlsx.as_posix()}"\n', encoding="utf-8")
    code, out, _err = _cli(["doctor", "--config", str(config)])
    assert code == 1
    assert out.splitlines()[0] == (
        f"✗ 工作簿 {demo_xlsx} 中有工作表未被读取，其中的行不参与时限、提醒和指标——任务进度："
        "缺少必填列「任务编号」(task_id)，此表未被读取；修正后运行 collabsheet validate 核对"
    )


@pytest.mark.parametrize("hours", [1, 30, 100])
def test_doctor_names_an_office_lock_file_and_a_stale_one_as_a_problem(
    demo_xlsx: Path, tmp_path: Path, hours: int
) -> None:
    """start-project refuses while LibreOffice's lock file is beside the workbook; one left by
    a crash an hour ago or a day ago: doctor said all ✓ (trial10)."""
    import os
    import time

    lock = demo_xlsx.with_name(f".~lock.{demo_xlsx.name}#")
    lock.write_text(",someone,host,07.12.2026 09:00,file:///home/someone/.config/libreoffice/4;")
    then = time.time() - hours * 3600
    os.utime(lock, (then, then))
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{demo_xlsx.as_posix()}"\n', encoding="utf-8")
    code, out, _err = _cli(["doctor", "--config", str(config)])
    first = out.splitlines()[0]
    if hours < 96:  # a colleague has it open, maybe overnight or over a weekend: runs read it
        assert first == (
            f"✓ 工作簿 {demo_xlsx} 可读取，正在 Excel / WPS / LibreOffice 中打开（锁文件 "
            f"{lock.name}，someone@host）：运行照常读取它，start-project 会拒绝追加行，关闭后再运行"
        ), first
    else:
        assert code == 1 and first.startswith(
            f"✗ 工作簿 {demo_xlsx} 旁有 100 小时前的锁文件 {lock.name}（多半是"
        ), first
