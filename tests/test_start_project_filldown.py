"""start-project on a LibreOffice workbook whose 任务进度 has a helper column filled down far
under the data (``=IF(A2="","",LEN(A2))`` to row 600, each empty result stored as ``<v></v>``):
the new tasks go right under the last record, each row keeping its helper formula, and every
row under them is as it was (trial10: they went to row 601, under 213 rows that look empty).

The workbook is tests/corpus/filldown.xlsx (built by tests/corpus/build_filldown.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

import jobs.run.options
from config.settings import Settings
from jobs.run.cli import main
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend

CORPUS = Path(__file__).parent / "corpus"
NOW = dt.datetime(2026, 11, 27, 10, 0)
START = ["--template", "T03", "--name", "华信物流定制开发（三期）", "--start", "2026-11-30"]
SHEET = "xl/worksheets/sheet6.xml"  # 任务进度, the sixth tab
ROW = re.compile(rb'<row r="(\d+)"[^>]*>(.*?)</row>', re.S)


def rows_of(path: Path) -> dict[int, bytes]:
    with zipfile.ZipFile(path) as z:
        return {int(n): body for n, body in ROW.findall(z.read(SHEET))}


def test_new_tasks_go_right_under_the_last_record_keeping_the_fill_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "book.xlsx"
    shutil.copyfile(CORPUS / "filldown.xlsx", path)
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{path.as_posix()}"\n', encoding="utf-8")
    monkeypatch.setattr(jobs.run.options, "now", lambda settings: NOW)
    before = parse_workbook(XlsxBackend(path).read(), Settings())["tasks"]
    old = rows_of(path)
    last = before.rows[-1]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(["start-project", "--config", str(config), "-q", *START]) == 0, err.getvalue()
    after = parse_workbook(XlsxBackend(path).read(), Settings())["tasks"]
    added = after.rows[len(before.rows) :]
    assert added and added == tuple(range(last + 1, last + 1 + len(added)))  # right under it
    new = rows_of(path)
    for n in added:  # each new row kept its helper formula, and holds the task
        assert f"IF(A{n}=&quot;&quot;,&quot;&quot;,LEN(A{n}))".encode() in new[n]
        assert b'<c r="A%d"' % n in new[n]
    assert max(new) == max(old) == 600  # no row beyond the fill-down
    for n in range(last + 1 + len(added), 601):  # the rows under the new ones as they were
        assert new[n] == old[n]
