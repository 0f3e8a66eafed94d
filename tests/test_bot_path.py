"""Where the results file goes beside a workbook: always an .xlsx, the format it is written in
(trial10: ``wb.xlsm`` got ``wb.bot.xlsm`` with a plain workbook's content type, which Excel
refuses to open)."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.spreadsheet import default_bot_path


@pytest.mark.parametrize(
    ("book", "bot"),
    [("demo.xlsx", "demo.bot.xlsx"), ("团队.xlsm", "团队.bot.xlsx"), ("demo.ods", "demo.bot.xlsx"),
     ("demo.xls", "demo.bot.xlsx"), ("Demo.XLSX", "Demo.bot.xlsx")],
)  # fmt: skip
def test_the_results_file_is_an_xlsx_beside_the_workbook(book: str, bot: str) -> None:
    assert default_bot_path(Path("/share") / book) == Path("/share") / bot
