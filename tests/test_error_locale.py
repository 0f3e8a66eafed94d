"""Issue 19 item 6 and issue 14: an error raised in both languages carries them as two parts
(``CollabsheetError(zh, en)``) and the CLI prints the configured one, with its error prefix in
that language, without parsing the message; an error in one language is printed as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.errors import BackendError, CollabsheetError, ConfigError, said
from jobs.run.cli import main

BOTH = [
    (
        "未知的部门编号 D99（可选：D01、D02）；未知的人员编号 PX（可选：P001、P002、P003）",
        "unknown department D99 (valid: D01, D02); unknown person PX (valid: P001, P002, P003)",
    ),
    (  # a `` / `` inside each part: no parsing, nothing to confuse
        "结果文件 data/a.bot.xlsx 被占用（可能在 Excel / WPS / LibreOffice 中打开）",
        "results file data/a.bot.xlsx is locked (open in Excel / WPS / LibreOffice?)",
    ),
    (  # the English part names a Chinese tab
        "「2026Q9」不是季度，请写成 2026Q4",
        "'2026Q9' is not a quarter: write it as 2026Q4 in 满意度调研 (kind: open / closed)",
    ),
]


@pytest.mark.parametrize("kind", [CollabsheetError, ConfigError, BackendError])
@pytest.mark.parametrize(("zh", "en"), BOTH)
def test_each_language_alone(kind: type[CollabsheetError], zh: str, en: str) -> None:
    error = kind(zh, en)
    assert (error.said("zh-CN"), error.said("en"), error.said("en-GB")) == (zh, en, en)
    assert error.parts == (zh, en) and error.texts == {"zh-CN": zh, "en": en}
    assert str(error) == f"{zh} / {en}"  # logs and _runs rows keep both, as before


@pytest.mark.parametrize(
    "message",
    [
        "data/x.toml: not valid TOML (line 3); fix the syntax at that line",
        "公式没有保存计算结果：请用 Excel / WPS / LibreOffice 打开并保存一次",
        "未知的部门编号 D99 / unknown department D99",  # one part: never split
    ],
)
def test_one_language_as_it_is(message: str) -> None:
    error = CollabsheetError(message)
    assert error.said("zh-CN") == error.said("en") == str(error) == message
    assert error.parts == (message,) and error.texts == {}


INIT = {
    "zh-CN": "collabsheet: 错误：请给出要写入的 .xlsx 文件，如 collabsheet init "
    "data/team.xlsx（Google 表格：在配置中设置 [workbook] backend = google）",
    "en": "collabsheet: error: give the .xlsx file to write, e.g. collabsheet init "
    "data/team.xlsx (for Google Sheets set [workbook] backend = google)",
}


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_cli_prints_the_locale_part_after_its_prefix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[general]\nlocale = "{locale}"\n', encoding="utf-8")
    assert main(["init", "--config", str(config)]) == 2
    assert capsys.readouterr().err == INIT[locale] + "\n"


UNKNOWN = {
    "zh-CN": "collabsheet: 错误：{path}：未知的配置项 'general.colour'；可用的配置项：timezone、"
    "locale、bot_headers",
    "en": "collabsheet: error: {path}: unknown key 'general.colour'; known keys: timezone, "
    "locale, bot_headers",
}
MISSING = {
    "zh-CN": "collabsheet: 错误：配置文件 {path} 不存在：请创建它（见 README 的“配置”一节），"
    "或去掉 --config / COLLABSHEET_CONFIG 以使用内置默认配置",
    "en": "collabsheet: error: config file {path} does not exist: create it (see README, "
    "Configuration) or leave out --config / COLLABSHEET_CONFIG to use the built-in defaults",
}


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize(
    ("text", "said"), [('[general]\ncolour = "red"\n', UNKNOWN), (None, MISSING)]
)
def test_a_config_error_is_told_in_the_locale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str, text: str | None,
    said: dict[str, str],
) -> None:  # fmt: skip
    """An unknown key, a missing config file: the line in ``--locale`` (the config that would
    say the language is the one in error)."""
    config = tmp_path / "c.toml"
    if text is not None:
        config.write_text(text, encoding="utf-8")
    assert main(["validate", "--config", str(config), "--locale", locale]) == 2
    assert capsys.readouterr().err == said[locale].format(path=config) + "\n"


@pytest.mark.parametrize(
    ("error", "locale", "expected"),
    [
        (BackendError(*BOTH[1]), "zh-CN", BOTH[1][0]),
        (BackendError(*BOTH[1]), "en", BOTH[1][1]),
        (ConfigError("general.locale = 'fr' is not valid"), "zh-CN",
         "general.locale = 'fr' is not valid"),
        (OSError(28, "No space left on device"), "zh-CN", "[Errno 28] No space left on device"),
    ],
)  # fmt: skip
def test_any_exception_said_for_a_locale(error: Exception, locale: str, expected: str) -> None:
    """What the dashboard and doctor show: ours in the locale's language, another as it is."""
    assert said(error, locale) == expected
