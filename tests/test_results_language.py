"""What collabsheet writes for the workbook's people is in ``[general] locale``: the bot tabs'
header rows and their texts, the ``_runs`` messages (the cases run's counts, the survey
letters), whatever language a command's ``--locale`` gives the terminal (a one-off ``--locale
en`` on a zh-CN workbook once rewrote the shared ``_sla`` and ``_runs`` headers in English; the
messages were half English: "无待处理事项; 1 accepted of 29 findings without case…")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from config.settings import load_settings
from jobs.run.cli import main
from sheets_sync.bot_tab import BotTab, header_row
from sheets_sync.xlsx import XlsxBackend
from tests.support.survey_book import CLOSE, OPENED, PEOPLE, QUARTER, SECRET, make_book

AT = "2026-11-27 09:00"  # the demo's day
FIRST = {  # the sla command's first line, in the terminal's language
    "zh-CN": "共 27 项未完成义务（L = 升级级别，数字 = 剩余小时）（正常 21，有风险 2，已超时 4，"
    "按时完成 589，超时完成 13）",
    "en": "27 open obligation(s) (L = escalation level, number = hours left) (on track 21, "
    "at risk 2, breached 4, met 589, met late 13)",
}
WHY = {  # the explanation of dispute DS0009's due time (past 清明节)
    "zh-CN": "提出 2026-03-30 13:27 + 48 工作小时，跳过清明节 04-04…04-06 → 截止 04-08 13:27，"
    "已升级的争议：立即提交管理层（3 级）",
    "en": "raised 2026-03-30 13:27 + 48 business hours, skipping Tomb-sweeping Day 04-04…04-06 → "
    "due 04-08 13:27, an escalated dispute: to management at once (level 3)",
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
    tabs = XlsxBackend(settings.path, settings.bot_workbook).read()
    return {title: [list(row) for row in tabs[title]] for title in tabs}


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("where", ["before", "after", "none"])
def test_the_bot_headers_follow_the_config_not_the_locale_option(
    demo_xlsx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str, where: str
) -> None:
    config = _config(demo_xlsx, tmp_path, locale)
    flag = ["--locale", OTHER[locale]]
    command = ["sla", "--config", str(config), "--at", AT]
    argv = {"before": [*flag, *command], "after": [*command, *flag], "none": command}[where]
    assert main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    spoken = OTHER[locale] if where != "none" else locale  # the terminal: the option's
    assert out[0] == FIRST[spoken]
    tabs = _results(config)
    for tab in ("_sla", "_runs"):
        assert tabs[tab][0] == header_row(tab, locale), tab
    # the rows too: the explanations are written in [general] locale, printed in --locale's
    (why,) = [r["explanation"] for r in BotTab("_sla").decode(tabs["_sla"])
              if r["key"] == "dispute:DS0009"]  # fmt: skip
    assert why == WHY[locale]
    listed = {"zh-CN": "争议 DS0009", "en": "dispute:DS0009"}[spoken]  # the terminal's words
    (at,) = [i for i, line in enumerate(out) if listed in line]
    assert out[at + 1].strip() == WHY[spoken]


CASES = {  # the cases run's _runs message on the demo
    "zh-CN": "本次运行无错误；29 条未填案例编号的复盘发现中采纳建议 1 条；"
    "关联案例的复盘 2 条，重复发生的案例 1 个（共 25 个）",
    "en": "no errors in this run; 1 accepted of 29 findings without "
    "case; 2 linked retrospectives, 1 recurring cases of 25",
}


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("option", [False, True], ids=["config", "with --locale"])
def test_the_cases_runs_message_is_in_the_configured_language(
    demo_xlsx: Path, tmp_path: Path, locale: str, option: bool
) -> None:
    config = _config(demo_xlsx, tmp_path, locale)
    flag = ["--locale", OTHER[locale]] if option else []
    assert main([*flag, "cases", "--config", str(config), "--at", AT, "-q"]) == 0
    runs = BotTab("_runs").decode(_results(config)["_runs"])
    (cases,) = [r for r in runs if r["job"] == "cases"]
    assert cases["message"] == CASES[locale]


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
