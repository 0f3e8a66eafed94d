"""A sheet that reads as a copy of a tab (Excel's 任务进度 (2), WPS's 任务进度(2), LibreOffice's
任务进度_2, 副本, copy) is named once: people may be filling in the copy, which is never read
(trial10: ignored without a word)."""

from __future__ import annotations

from typing import Any

import pytest

from config.settings import Settings
from sheets_sync.memory import MemoryBackend
from sheets_sync.workbook import parse_workbook


@pytest.mark.parametrize(
    "copy", ["任务进度 (2)", "任务进度(2)", "任务进度_2", "任务进度 - 副本", "Copy of 任务进度"]
)
def test_a_copy_of_a_tab_is_a_warning_and_the_tab_is_read_as_before(
    demo_tabs: dict[str, Any], copy: str
) -> None:
    plain = parse_workbook(MemoryBackend(dict(demo_tabs)).read(), Settings())
    archives = {t: [["x"]] for t in ("旧任务进度", "任务进度_2025", "任务进度(2025)")}  # no copies
    with_copy = {**demo_tabs, copy: [list(r) for r in demo_tabs["任务进度"]], **archives}
    wb = parse_workbook(MemoryBackend(with_copy).read(), Settings())
    found = [f for f in wb.findings if f.rule == "tab.copy"]
    # at the copy's A1, where people typed (trial18: it pointed at 任务进度!A1)
    assert [(f.tab, f.cell, f.value) for f in found] == [(copy, "A1", copy)]
    assert found[0].message() == f"工作表「{copy}」像是「任务进度」的副本，未被读取"
    assert len(wb["tasks"]) == len(plain["tasks"])  # the tab itself, not its copy
