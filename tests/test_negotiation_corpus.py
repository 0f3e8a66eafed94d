"""权责争议's 协商记录 read from a workbook LibreOffice saved (tests/corpus/negotiation.xlsx,
built by tests/corpus/build_negotiation.py): steps typed one per line in the cell, a cell left
empty; the column is found by its Chinese header, the lines kept in the table, and management's
escalation says them on one line (line breaks and the full-width space as one space), cut to 60
characters with the cell to read them whole (issue 19, item 4)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from config.settings import Settings
from jobs.reminders.routing import plan
from jobs.sla.status import sla_of
from sheets_sync.workbook import Workbook, parse_workbook
from sheets_sync.xlsx import XlsxBackend

CORPUS = Path(__file__).parent / "corpus" / "negotiation.xlsx"
NOW = dt.datetime(2026, 11, 27, 10, 0)
TYPED = (  # as typed in DS0006's cell, one step per line (the blanks around it read off)
    "03-11 产品部提出按项目轮流负责，研发部需请示负责人\n03-13　研发部负责人不同意轮流\n"
    "03-16 研发部提交管理层裁决"
)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = tmp_path_factory.mktemp("negotiation") / CORPUS.name
    shutil.copyfile(CORPUS, path)  # a copy: the committed file stays as LibreOffice wrote it
    return parse_workbook(XlsxBackend(path).read(), Settings())


def test_the_column_is_read_under_its_chinese_header(book: Workbook) -> None:
    disputes = book["disputes"]
    assert disputes.positions["negotiation"] == 13  # column N, after 裁决负责部门
    logs = dict(zip(disputes.column("dispute_id"), disputes.column("negotiation"), strict=True))
    assert logs["DS0006"] == TYPED
    assert logs["DS0015"] is None  # left empty
    assert logs["DS0001"].startswith("12-08 ") and "；" in logs["DS0001"]  # as the demo fills it


@pytest.mark.parametrize(
    ("dispute", "tail"),
    [
        ("DS0006", "协商记录（权责争议!N7）：03-11 产品部提出按项目轮流负责，研发部需请示负责人 "
                   "03-13 研发部负责人不同意轮流 03-16 研发部提交管…"),  # 60 characters
        ("DS0009", "协商记录（权责争议!N10）：03-31 客服部提出按项目轮流负责，研发部需请示负责人；"
                   "04-01 研发部提出先按原流程执行，客服部同意临时方案；0…"),
    ],
)  # fmt: skip
def test_management_reads_the_typed_lines_on_one_line_with_the_cell(
    book: Workbook, dispute: str, tail: str
) -> None:
    s = Settings()
    messages = plan(
        book, sla_of(book, s.sla_section, NOW).result, s.remind_section, NOW, "{}!{}".format
    )
    items = [i.text for m in messages if m.key.startswith("mgmt:")
             for sec in m.sections for i in sec.items if f"争议 {dispute}「" in i.text]  # fmt: skip
    assert items and all(t.endswith(" · " + tail) for t in items)
