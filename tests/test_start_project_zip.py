"""start-project on a LibreOffice-written workbook with formulas and charts (issue 15, item 6):
only the two target sheets' XML changes, by the planned rows and nothing else; every other zip
member is byte-identical, formulas keep their stored results, ``validate`` finds what it found
before, and the new rows read back with their values. An unusual sheet is refused, in one line,
with the file untouched.

The workbook is tests/corpus/chart_formulas.xlsx (built by tests/corpus/build_chart.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import struct
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pytest

import jobs.run.options
from config.settings import Settings
from jobs.projects.project_plan import ProjectPlan
from jobs.run.cli import main
from jobs.run.start import start_project
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend
from tests.support.error_lines import ERROR
from tests.support.libreoffice import convert, csv_of, needs_soffice

CORPUS = Path(__file__).parent / "corpus"
NOW = dt.datetime(2026, 11, 27, 10, 0)  # the demo's day
START = ["--template", "T03", "--name", "华信物流定制开发（三期）", "--start", "2026-11-30"]
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
FORMULA = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*><f[^>]*>[^<]*</f><v>[^<]*</v></c>')


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A copy of the workbook, its config, and the CLI's clock at NOW."""
    path = tmp_path / "book.xlsx"
    shutil.copyfile(CORPUS / "chart_formulas.xlsx", path)
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{path.as_posix()}"\n', encoding="utf-8")
    monkeypatch.setattr(jobs.run.options, "now", lambda settings: NOW)
    return path, config


def members(path: Path) -> dict[str, bytes]:
    """Every zip member's uncompressed bytes, in the zip's order."""
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def compressed(path: Path) -> dict[str, bytes]:
    """Every zip member's compressed bytes as stored (after its local header)."""
    raw = path.read_bytes()
    with zipfile.ZipFile(path) as z:
        out = {}
        for i in z.infolist():
            name_len, extra_len = struct.unpack(
                "<2H", raw[i.header_offset + 26 : i.header_offset + 30]
            )
            at = i.header_offset + 30 + name_len + extra_len
            out[i.filename] = raw[at : at + i.compress_size]
        return out


def sheet_member(files: dict[str, bytes], title: str) -> str:
    """The XML member of a sheet, from workbook.xml and its relationships."""
    rels = ET.fromstring(files["xl/_rels/workbook.xml.rels"])
    target = {r.get("Id"): r.get("Target", "") for r in rels}
    sheets = ET.fromstring(files["xl/workbook.xml"]).iter(f"{MAIN}sheet")
    rid = next(s.get(REL) for s in sheets if s.get("name") == title)
    return target[rid].lstrip("/") if target[rid].startswith("/") else f"xl/{target[rid]}"


def findings(config: Path) -> tuple[list[tuple[str, str, str, str]], dict[str, int]]:
    code, out, err = cli("validate", "--config", str(config), "--json", "-q")
    assert code in (0, 1), err
    data = json.loads(out)
    found = [(f["tab"], f["cell"], f["rule"], f["severity"]) for f in data["findings"]]
    return found, data["rows"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def planned(path: Path) -> ProjectPlan:
    """What start-project plans on this file (a dry run: nothing written)."""
    plan = start_project(Settings(), XlsxBackend(path), "T03", START[3], dt.date(2026, 11, 30),
                         None, NOW, dry_run=True)  # fmt: skip
    assert isinstance(plan, ProjectPlan)
    return plan


def test_only_the_planned_rows_are_added_and_every_other_member_is_byte_identical(
    book: tuple[Path, Path],
) -> None:
    path, config = book
    before, (old_findings, old_rows) = members(path), findings(config)
    compressed_before = compressed(path)
    plan = planned(path)
    code, out, err = cli("start-project", "--config", str(config), "-q", "--json", *START)
    assert code == 0, err
    assert json.loads(out)["project"]["project_id"] == plan.project["project_id"]
    after = members(path)
    assert list(after) == list(before)  # the same members in the same order
    targets = {
        sheet_member(before, "协作项目"): 1,
        sheet_member(before, "任务进度"): len(plan.tasks),
    }
    changed = [name for name in before if after[name] != before[name]]
    assert sorted(changed) == sorted(targets)
    stored = compressed(path)  # the other members were copied, not compressed again
    assert sorted(n for n, data in compressed_before.items() if stored[n] != data) == sorted(
        targets
    )
    for name, added in targets.items():
        old, new = before[name], after[name]
        # the old XML is the new one less the new rows (and with its old <dimension>)
        rows = re.findall(rb'<row r="\d+">.*?</row>', new)  # LibreOffice's rows have more
        assert len(rows) == added
        dim = re.compile(rb'<dimension ref="[^"]*"/>')
        assert dim.sub(b"", new.replace(b"".join(rows), b"", 1)) == dim.sub(b"", old)
    # every formula (the VLOOKUPs, FALSE(), COUNTIF, =J2*2, =C2+1) keeps its stored result
    cached = {n: FORMULA.findall(x) for n, x in before.items() if n.startswith("xl/worksheets/")}
    assert sum(map(len, cached.values())) > 100
    assert cached == {n: FORMULA.findall(x) for n, x in after.items() if n in cached}
    # validate: the same findings, and the new rows load
    new_findings, new_rows = findings(config)
    assert new_findings == old_findings
    assert new_rows == old_rows | {"projects": old_rows["projects"] + 1,
                                   "tasks": old_rows["tasks"] + len(plan.tasks)}  # fmt: skip


def test_the_new_rows_read_back_with_their_values(book: tuple[Path, Path]) -> None:
    path, config = book
    plan = planned(path)
    backend = XlsxBackend(path)
    before = backend.read().wait()
    assert cli("start-project", "--config", str(config), "-q", *START)[0] == 0
    after = backend.read().wait()
    for tab, rows in before.items():
        assert after[tab][: len(rows)] == rows, tab
    wb = parse_workbook(after, Settings())
    fields = ("task_id", "project_id", "step", "step_name", "dept_id", "assignee",
              "handed_off_at", "due_at", "note")  # fmt: skip
    got = list(wb["tasks"].records())[-len(plan.tasks) :]
    assert [tuple(r[k] for k in fields) for r in got] == [
        tuple(r[k] for k in fields) for r in plan.records
    ]
    assert isinstance(got[0]["handed_off_at"], dt.datetime) and isinstance(got[0]["step"], int)
    project = list(wb["projects"].records())[-1]
    for key in ("project_id", "name", "created_at", "start_date", "target_date", "owner"):
        assert project[key] == plan.project[key], key
    # the person made inactive by =FALSE() stays inactive (openpyxl's rewrite made it active)
    inactive = [p["person_id"] for p in wb["people"].records() if p["active"] is False]
    assert inactive == [r[0] for r in before["人员"][1:] if r[6] is False] != []


def rewrite(path: Path, member: str, change: Any) -> None:
    """Rewrite one member of the zip at ``path`` through ``change(xml) -> xml``."""
    files = members(path)
    files[member] = change(files[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)


def _tail(extra: bytes) -> Any:
    return lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + extra, 1)


TASKS_NOTE = "工作表 任务进度 "
UNUSUAL = {
    "autofilter": (_tail(b'<autoFilter ref="A1:M407"/>'),
                   "的自动筛选覆盖到最后一行，请先取消筛选，运行后再重新筛选",
                   "has an autofilter down to its last row: remove the filter, run again, then "
                   "filter again"),
    "table": (lambda xml: xml.replace(b"</worksheet>", b'<tableParts count="1"><tablePart '
                                      b'r:id="rId9"/></tableParts></worksheet>'),
              "含有表格对象，请把表格转换为普通区域",
              "holds a table object: convert the table to a normal range"),
    "shared formula": (lambda xml: xml.replace(b'<f aca="false">VLOOKUP', b'<f aca="false" '
                                               b't="shared" ref="E2:E420" si="0">VLOOKUP', 1),
                       "中有共享公式或数组公式的范围延伸到新行",
                       "has a shared or array formula whose range reaches the new rows"),
    # as Excel writes a password-protected sheet, and as LibreOffice 7.4 does
    "protected": (_tail(b'<sheetProtection algorithmName="SHA-512" hashValue="aGFzaA==" '
                        b'saltValue="c2FsdA==" spinCount="100000" sheet="1" objects="1" '
                        b'scenarios="1"/>'),
                  "受工作表保护，请先撤消工作表保护，运行后再重新保护",
                  "is protected: unprotect the sheet, run again, then protect it again"),
    "protected by LibreOffice": (_tail(b'<sheetProtection sheet="true" password="cc1a"/>'),
                                 "受工作表保护，请先撤消工作表保护，运行后再重新保护",
                                 "is protected: unprotect the sheet, run again, then protect it "
                                 "again"),
    "merge": (_tail(b'<mergeCells count="1"><mergeCell ref="L400:L410"/></mergeCells>'),
              "中有合并单元格延伸到新行", "has a merged range reaching the new rows"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("case", sorted(UNUSUAL))
def test_an_unusual_sheet_is_refused_in_one_line_and_nothing_is_written(
    book: tuple[Path, Path], case: str, locale: str
) -> None:
    path, config = book
    change, zh, en = UNUSUAL[case]
    rewrite(path, sheet_member(members(path), "任务进度"), change)
    digest = sha(path)
    code, _out, err = cli(
        "start-project", "--config", str(config), "-q", "--locale", locale, *START
    )
    assert code == 2
    lines = {  # the half for the locale: the file, the tab, what is wrong and the fix
        "zh-CN": f"{path}：{TASKS_NOTE}{zh}，collabsheet 不能安全地添加行，未写入任何内容；"
        "请手工添加这些行（加 --dry-run 运行同一命令可列出它们），或处理后重新运行",
        "en": f"{path}: tab 任务进度 {en}; collabsheet cannot append rows safely and wrote "
        "nothing: add the rows by hand (the same command with --dry-run lists them), or fix "
        "this and run again",
    }
    assert err == f"{ERROR[locale]}{lines[locale]}\n"
    assert sha(path) == digest  # not even the project row of 协作项目, appended first
    assert [p.name for p in path.parent.iterdir() if p.suffix == ".tmp"] == []  # no temp left


def test_a_strict_open_xml_file_is_refused(book: tuple[Path, Path]) -> None:
    path, config = book
    strict = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
    rewrite(path, "xl/workbook.xml", lambda x: x.replace(MAIN[1:-1].encode(), strict))
    digest = sha(path)
    code, _out, err = cli("start-project", "--config", str(config), "-q", *START)
    assert code == 2 and "Strict Open XML" in err and err.count("\n") == 1
    assert sha(path) == digest


def test_the_file_mode_is_kept(book: tuple[Path, Path]) -> None:
    path, config = book
    path.chmod(0o640)
    assert cli("start-project", "--config", str(config), "-q", *START)[0] == 0
    assert path.stat().st_mode & 0o777 == 0o640


@needs_soffice
def test_libreoffice_opens_the_result(book: tuple[Path, Path], tmp_path: Path) -> None:
    path, config = book
    plan = planned(path)
    assert cli("start-project", "--config", str(config), "-q", *START)[0] == 0
    out = tmp_path / "csv"
    titles = [s.get("name") for s in ET.fromstring(members(path)["xl/workbook.xml"]).iter(
        f"{MAIN}sheet")]  # fmt: skip
    done = convert([path], csv_of(titles.index("任务进度") + 1), out)  # the sheet, 1-based
    assert done.returncode == 0, done.stderr
    (written,) = out.glob("*.csv")
    lines = written.read_text(encoding="utf-8").splitlines()
    last = plan.records[-1]
    assert lines[-1].split(",")[:3] == [last["task_id"], last["project_id"], str(last["step"])]
    assert f"{last['due_at']:%Y-%m-%d %H:%M}" in lines[-1]


def test_formatted_empty_rows_below_the_data_take_the_new_rows(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows people formatted ahead (styled empty cells) are filled in place, keeping their
    styles; the formatted rows beyond the new ones stay as they were."""
    from openpyxl import load_workbook
    from openpyxl.styles import PatternFill

    wb = load_workbook(demo_xlsx)
    ws = wb["任务进度"]
    last = ws.max_row
    yellow = PatternFill("solid", fgColor="FFFF00")
    for r in range(last + 1, last + 21):
        ws.cell(r, 1).fill = yellow  # 任务编号
    wb.save(demo_xlsx)
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{demo_xlsx.as_posix()}"\n', encoding="utf-8")
    monkeypatch.setattr(jobs.run.options, "now", lambda settings: NOW)
    plan = planned(demo_xlsx)
    member = sheet_member(members(demo_xlsx), "任务进度")
    old = members(demo_xlsx)[member]
    styled = re.search(rb'<c r="A%d" s="(\d+)"' % (last + 1), old)
    assert styled is not None
    assert cli("start-project", "--config", str(config), "-q", *START)[0] == 0
    new = members(demo_xlsx)[member]
    numbers = [int(n) for n in re.findall(rb'<row r="(\d+)"', new)]
    assert numbers == sorted(set(numbers)) and numbers[-1] == last + 20  # each row once, in order
    first = plan.records[0]["task_id"].encode()
    at = b'<c r="A%d" s="%s" t="inlineStr"><is><t>%s</t>' % (last + 1, styled.group(1), first)
    assert at in new  # the formatted cell, filled
    beyond = re.search(rb'<row r="%d".*?</row>' % (last + 20), old)
    assert beyond is not None and beyond.group(0) in new  # the formatted row beyond: as it was
    got = list(parse_workbook(XlsxBackend(demo_xlsx).read(), Settings())["tasks"].records())
    assert [r["task_id"] for r in got[-len(plan.tasks) :]] == [t.task_id for t in plan.tasks]
    assert [r["due_at"] for r in got[-len(plan.tasks) :]] == [t.due for t in plan.tasks]


def tiny(path: Path, rows: list[list[Any]], date1904: bool = False) -> Path:
    """A one-tab workbook T (columns id, when, n, flag, note) written by openpyxl."""
    from openpyxl import Workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    wb = Workbook()
    ws = wb.active
    ws.title = "T"
    if date1904:
        wb.epoch = CALENDAR_MAC_1904
    for row in [["id", "when", "n", "flag", "note"], *rows]:
        ws.append(row)
    wb.save(path)
    return path


def keys(header: Any) -> list[str | None]:
    return [h if h in ("id", "when", "n", "flag", "note") else None for h in header]


RECORD = {"id": "=1+1", "when": dt.datetime(2026, 1, 2, 9, 30), "n": 2.5, "flag": False,
          "note": " 前有空格"}  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "date1904", "when"),
    [
        ([["a", dt.datetime(2026, 1, 1, 8, 0), 1, True, "x"]], False, RECORD["when"]),
        ([["a", dt.datetime(2026, 1, 1, 8, 0), 1, True, "x"]], True, RECORD["when"]),
        ([["a", "2026-01-01 08:00", 1, True, "x"]], False, "2026-01-02 09:30"),  # text dates
        ([], False, RECORD["when"]),  # no row above: a date style of the workbook
    ],
    ids=["date column", "1904 dates", "text dates", "header only"],
)
def test_each_value_is_written_as_its_type_and_read_back(
    tmp_path: Path, rows: list[list[Any]], date1904: bool, when: Any
) -> None:
    from sheets_sync.xlsx_append import append_rows
    from sheets_sync.xlsx_reader import read_xlsx

    path = tiny(tmp_path / "t.xlsx", rows, date1904)
    if not rows:  # openpyxl writes no date style for a workbook without dates: give it one
        from openpyxl import load_workbook

        wb = load_workbook(path)
        wb["T"]["H1"].number_format = "yyyy-mm-dd hh:mm"
        wb.save(path)
    before = read_xlsx([path])["T"]
    out = tmp_path / "out.xlsx"
    append_rows(path, str(out), [("T", [RECORD], keys)])
    got = read_xlsx([out])["T"]
    assert got[: len(before)] == before
    assert got[-1][:5] == ["=1+1", when, 2.5, False, " 前有空格"]
    xml = members(out)["xl/worksheets/sheet1.xml"]
    assert b"<f>" not in xml  # "=1+1" is text, never a formula


@pytest.mark.parametrize("lock", ["~$book.xlsx", ".~lock.book.xlsx#"])
def test_a_workbook_open_in_office_is_left_alone(book: tuple[Path, Path], lock: str) -> None:
    path, config = book
    (path.parent / lock).write_text("someone", encoding="utf-8")
    digest = sha(path)
    code, _out, err = cli("start-project", "--config", str(config), "-q", *START)
    assert code == 2
    assert err == (
        f"collabsheet: 错误：{path} 正在 Excel / WPS / LibreOffice 中打开（锁文件 {lock}）："
        f"关闭后再运行（若确实没有人打开它，删除 {path.parent / lock}）\n"
    )
    code, _out, err = cli("start-project", "--config", str(config), "-q", "--locale", "en", *START)
    assert code == 2
    assert err == (
        f"collabsheet: error: {path} is open in Excel / WPS / LibreOffice (lock file {lock}); "
        f"close it and run again (if nobody has it open, delete {path.parent / lock})\n"
    )
    assert sha(path) == digest
