"""What collabsheet writes for the workbook's people is in ``[general] locale``: the bot tabs'
header rows and their texts, whatever language a command's ``--locale`` gives the terminal (a
one-off ``--locale en`` on a zh-CN workbook once rewrote the shared ``_sla`` and ``_runs``
headers in English)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from config.settings import load_settings
from jobs.run.cli import main
from sheets_sync.bot_tab import BotTab
from sheets_sync.xlsx import XlsxBackend

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
