"""Issue 19 item 6: an error written in both languages (Chinese first, `` / ``, English) is
printed in the configured one; an error in one language is printed as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.errors import in_locale
from jobs.run.cli import main

BOTH = [
    (
        "未知的部门编号 D99（可选：D01、D02）；未知的人员编号 PX（可选：P001、P002、P003）",
        "unknown department D99 (valid: D01, D02); unknown person PX (valid: P001, P002, P003)",
    ),
    (  # a `` / `` inside each half
        "结果文件 data/a.bot.xlsx 被占用（可能在 Excel / WPS / LibreOffice 中打开）",
        "results file data/a.bot.xlsx is locked (open in Excel / WPS / LibreOffice?)",
    ),
    (  # neither half has brackets
        "请用 Excel / WPS / LibreOffice 打开并保存一次",
        "open and save it once in Excel / WPS / LibreOffice",
    ),
    (  # the Chinese half ends in ASCII, the English one names a Chinese tab
        "「2026Q9」不是季度，请写成 2026Q4",
        "'2026Q9' is not a quarter: write it as 2026Q4 in 满意度调研 (kind: open / closed)",
    ),
]


@pytest.mark.parametrize(("zh", "en"), BOTH)
def test_each_language_alone(zh: str, en: str) -> None:
    assert in_locale(f"{zh} / {en}", "zh-CN") == zh
    assert in_locale(f"{zh} / {en}", "en") == en


@pytest.mark.parametrize(
    "message",
    [
        "data/x.toml: not valid TOML (line 3); fix the syntax at that line",
        "set --config / COLLABSHEET_CONFIG, or neither",
        "tab 任务进度 is missing; add it",
        "公式没有保存计算结果：请用 Excel / WPS / LibreOffice 打开并保存一次",
        "data/a.xlsx (open / closed): 请关闭",
    ],
)
def test_one_language_as_it_is(message: str) -> None:
    assert in_locale(message, "zh-CN") == in_locale(message, "en") == message


@pytest.mark.parametrize(
    ("locale", "line"),
    [
        ("zh-CN", "collabsheet: error: 请给出要写入的 .xlsx 文件，如 collabsheet init "
         "data/team.xlsx（Google 表格：在配置中设置 [workbook] backend = google）"),
        ("en", "collabsheet: error: give the .xlsx file to write, e.g. collabsheet init "
         "data/team.xlsx (for Google Sheets set [workbook] backend = google)"),
    ],
)  # fmt: skip
def test_the_cli_prints_the_locale_half(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str, line: str
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[general]\nlocale = "{locale}"\n', encoding="utf-8")
    assert main(["init", "--config", str(config)]) == 2
    assert capsys.readouterr().err == line + "\n"
