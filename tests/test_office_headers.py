"""A workbook with the headers offices type, saved by LibreOffice (tests/corpus/
office_headers.xlsx, built by tests/corpus/build_office_headers.py; trial20): a 任务进度 header
of two rows (时间节点 merged over 交接时间 / 响应时间 / 到期日 / 完成时间), 负责人 for 执行人, a
note under the data, and 人员 headed 工号 / 员工姓名 / 部门 / 电子邮箱. Every tab reads to the
demo's tables, with the demo's errors and warnings, and each odd header said once (info)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from config.settings import Settings
from jobs.checks.validation import validate
from sheets_sync.demo import generate
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend

BOOK = Path(__file__).resolve().parent / "corpus" / "office_headers.xlsx"


def test_the_office_headers_read_as_the_demo() -> None:
    demo = parse_workbook(generate(dt.date(2026, 11, 27), seed=7), Settings())
    office = parse_workbook(XlsxBackend(BOOK).read(), Settings())
    for key, table in demo.tables.items():
        assert {k: list(v) for k, v in office[key].columns.items()} == {
            k: list(v) for k, v in table.columns.items()
        }, key
    assert office["tasks"].rows[0] == 3  # under the two header rows
    said, found = validate(demo), validate(office)

    def kinds(findings: list) -> Counter[tuple[str, str]]:
        return Counter((f.tab, f.rule) for f in findings if f.severity != "info")

    assert kinds(found) == kinds(said)
    infos = [(f.tab, f.cell, f.rule, f.value) for f in found if f.severity == "info"]
    assert infos == [
        ("人员", "A1", "header.read_as", "工号"),
        ("人员", "B1", "header.read_as", "员工姓名"),
        ("人员", "C1", "header.read_as", "部门"),
        ("人员", "D1", "header.read_as", "电子邮箱"),
        ("任务进度", "F1", "header.read_as", "负责人"),
        ("任务进度", "G2", "header.two_rows", "交接时间"),
        ("任务进度", "I2", "header.read_as", "到期日"),  # under 时间节点 (I1 was said before)
        ("任务进度", f"A{office['tasks'].rows[-1] + 2}", "rows.note", "制表人：张阳"),
    ]
