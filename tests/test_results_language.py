"""What collabsheet writes for the workbook's people is in ``[general] locale``: the bot tabs'
header rows and their texts, the ``_runs`` messages (the cases run's counts, the survey
letters), whatever language a command's ``--locale`` gives the terminal (a one-off ``--locale
en`` on a zh-CN workbook once rewrote the shared ``_sla`` and ``_runs`` headers in English; the
messages were half English: "无待处理事项; 1 accepted of 29 findings without case…")."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from config.settings import load_settings
from jobs.run.cli import main
from sheets_sync.bot_tab import BotTab
from sheets_sync.xlsx import XlsxBackend
from tests.support.survey_book import CLOSE, OPENED, PEOPLE, QUARTER, SECRET, make_book

AT = "2026-11-27 09:00"  # the demo's day
HEADS = {  # the first three header cells of the tab, by language
    "zh-CN": {"_sla": ["编号", "类型", "对象"], "_runs": ["运行编号", "作业", "开始时间"]},
    "en": {"_sla": ["key", "kind", "ref"], "_runs": ["run_id", "job", "started_at"]},
}
OTHER = {"zh-CN": "en", "en": "zh-CN"}


def _config(book: Path, tmp_path: Path, locale: str) -> Path:
    config = tmp_path / "c.toml"
    config.write_text(
        f'[general]\nlocale = "{locale}"\n[workbook]\npath = "{book.as_posix()}"\n', "utf-8"
    )
    return config


def _results(config: Path) -> dict[str, list[list[Any]]]:
    settings = load_settings(str(config))
    tabs: dict[str, list[list[Any]]] = XlsxBackend(settings.path, settings.bot_workbook).read()
    return tabs


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("where", ["before", "after", "none"])
def test_the_bot_headers_follow_the_config_not_the_locale_option(
    demo_xlsx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str, where: str
) -> None:
    config = _config(demo_xlsx, tmp_path, locale)
    flag = ["--locale", OTHER[locale]]
    command = ["sla", "--config", str(config), "--at", AT]
    argv = {"before": [*flag, *command], "after": [*command, *flag], "none": command}[where]
    assert main(argv) in (0, 1)
    out = capsys.readouterr().out
    spoken = OTHER[locale] if where != "none" else locale  # the terminal: the option's
    assert ("open obligation(s)" in out.splitlines()[0]) == (spoken == "en"), out[:300]
    tabs = _results(config)
    for tab in ("_sla", "_runs"):
        assert tabs[tab][0][:3] == HEADS[locale][tab], tab
    # the rows too: the explanations are written in [general] locale, printed in --locale's
    why = [str(r["explanation"]) for r in BotTab("_sla").decode(tabs["_sla"])]
    assert why and any("business hours" in w for w in why) == (locale == "en")
    assert ("business hours" in out) == (spoken == "en")


CASES = {
    "zh-CN": r"^(表格有 \d+ 个错误|无待处理事项)；\d+ 条未填案例编号的复盘发现中采纳建议 \d+ 条；"
    r"关联案例的复盘 \d+ 条，重复发生的案例 \d+ 个（共 \d+ 个）$",
    "en": r"^(\d+ error\(s\) in the sheets|nothing outstanding); \d+ accepted of \d+ findings "
    r"without case; \d+ linked retrospectives, \d+ recurring cases of \d+$",
}


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("option", [False, True], ids=["config", "with --locale"])
def test_the_cases_runs_message_is_in_the_configured_language(
    demo_xlsx: Path, tmp_path: Path, locale: str, option: bool
) -> None:
    config = _config(demo_xlsx, tmp_path, locale)
    flag = ["--locale", OTHER[locale]] if option else []
    assert main([*flag, "cases", "--config", str(config), "--at", AT, "-q"]) in (0, 1)
    runs = BotTab("_runs").decode(_results(config)["_runs"])
    (cases,) = [r for r in runs if r["job"] == "cases"]
    assert re.match(CASES[locale], str(cases["message"])), cases["message"]


def _survey_message(locale: str, n: int) -> str:
    url = "http://127.0.0.1:8501/"
    if locale == "en":
        return (
            f"{QUARTER}: {n} letter(s); warning: [survey] base_url is {url}, an address of this "
            "machine: people on other machines cannot open the links; set [survey] base_url to "
            "the dashboard's address as they reach it, e.g. https://collab.example.com/"
        )
    return (
        f"{QUARTER}：邀请 {n} 封；注意：[survey] base_url 是 {url}，只在本机可用：其他电脑上的人"
        "打不开邀请里的链接；请在配置的 [survey] base_url 写上大家访问看板的地址，例如 "
        "https://collab.example.com/"
    )


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("option", [False, True], ids=["config", "with --locale"])
def test_the_survey_runs_message_is_in_the_configured_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str, option: bool
) -> None:
    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path, f'[general]\nlocale = "{locale}"\n')
    flag = ("--locale", OTHER[locale]) if option else ()
    code, _, _ = book.cli(*flag, "survey", "open", QUARTER, "--close", str(CLOSE), "--at",
                          f"{OPENED:%Y-%m-%d %H:%M}")  # fmt: skip
    assert code == 0
    runs = BotTab("_runs").decode(book.reopen().read().get("_runs"))
    assert runs[-1]["message"] == _survey_message(locale, len(PEOPLE))
