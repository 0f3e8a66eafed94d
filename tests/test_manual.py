"""The manual for department staff (docs/操作手册.md) and the Chinese README stay true: the
manual names every tab, bot tab and message it explains, both READMEs link it, and
README.zh-CN.md's two commands are README.md's (issue 19, item 6)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from config.defaults import TAB_TITLES
from config.schema import BOT_TABS, TABS
from jobs.reminders.texts import TEXT

ROOT = Path(__file__).resolve().parents[1]
MANUAL = (ROOT / "docs" / "操作手册.md").read_text(encoding="utf-8")


def commands(name: str) -> list[str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return [
        m.group(1)
        for n in (1, 2)
        if (m := re.search(rf"<!-- command-{n} -->\n```sh\n(.+?)\n```", text))
    ]


def test_the_chinese_readme_has_the_same_two_commands() -> None:
    assert len(commands("README.md")) == 2
    assert commands("README.zh-CN.md") == commands("README.md")


@pytest.mark.parametrize("readme", ["README.md", "README.zh-CN.md"])
def test_both_readmes_link_the_manual(readme: str) -> None:
    head = (ROOT / readme).read_text(encoding="utf-8")[:600]
    assert "](docs/操作手册.md)" in head
    assert ("](README.zh-CN.md)" if readme == "README.md" else "](README.md)") in head


@pytest.mark.parametrize("key", list(TAB_TITLES))
def test_the_manual_explains_every_tab_and_its_required_columns(key: str) -> None:
    section = MANUAL[MANUAL.index(f"### {TAB_TITLES[key]}（") :]
    section = section[: section.index("\n### ", 1) if "\n### " in section[1:] else None]
    for column in TABS[key].columns:
        if column.required:
            assert f"{column.label}*" in section, column.label


@pytest.mark.parametrize("tab", list(BOT_TABS))
def test_the_manual_explains_every_bot_tab(tab: str) -> None:
    assert f"| `{tab}` |" in MANUAL


@pytest.mark.parametrize("kind", ["digest", "head", "mgmt", "meeting"])
def test_the_manual_names_every_message_as_it_arrives(kind: str) -> None:
    subject = TEXT["zh-CN"][kind].split("】")[0] + "】"
    assert f"| {subject}" in MANUAL


@pytest.mark.parametrize("kind", ["urgent", "urgent_at_once"])  # late; a major dispute
def test_the_manual_names_the_urgent_message(kind: str) -> None:
    assert TEXT["zh-CN"][kind].format(ref="编号") in MANUAL


def test_the_manual_covers_disputes_retrospectives_and_a_faq() -> None:
    for heading in ("## 8. 权责争议怎么走", "## 9. 复盘与整改怎么做", "## 11. 常见问题"):
        assert heading in MANUAL
    assert "collabsheet init" in MANUAL and "collabsheet actions" in MANUAL
