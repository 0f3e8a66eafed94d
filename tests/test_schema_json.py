"""Issue 20, item 6: ``collabsheet schema --json`` prints JSON, every tab with its columns,
types, enums and references, from config/schema.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from config.schema import BOT_TABS, HUMAN_TABS, TABS
from jobs.run.cli import main
from sheets_sync.reference import markdown


def schema_json(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    assert main(["schema", "--json", *extra]) == 0
    parsed: dict[str, Any] = json.loads(capsys.readouterr().out)
    return parsed


def test_every_tab_and_column_as_the_schema_says(capsys: pytest.CaptureFixture[str]) -> None:
    tabs = schema_json(capsys)["tabs"]
    assert [t["key"] for t in tabs] == [t.key for t in HUMAN_TABS] + list(BOT_TABS)
    for tab, schema in zip(tabs, HUMAN_TABS, strict=False):
        assert (tab["title"], tab["label"], tab["bot"]) == (schema.label, schema.label, False)
        assert (tab["required"], tab["unique"]) == (schema.required, list(schema.unique))
        assert [c["key"] for c in tab["columns"]] == [c.key for c in schema.columns]
        for col, c in zip(tab["columns"], schema.columns, strict=True):
            assert (col["label"], col["type"], col["required"]) == (c.label, c.type, c.required)
            assert col["references"] == c.ref
            assert (col["minimum"], col["maximum"]) == (c.minimum, c.maximum)
            expected = [{"key": k, "label": v} for k, v in c.choices] if c.choices else None
            assert col["enum"] == expected
    for tab in tabs[len(HUMAN_TABS) :]:
        assert tab["bot"] is True
        assert [c["key"] for c in tab["columns"]] == list(BOT_TABS[tab["key"]])


def test_enums_and_references_read_as_a_user_would(capsys: pytest.CaptureFixture[str]) -> None:
    tabs = {t["key"]: t for t in schema_json(capsys)["tabs"]}
    status = {c["key"]: c for c in tabs["tasks"]["columns"]}["status"]
    assert status["type"] == "enum"
    assert {"key": "blocked", "label": "受阻"} in status["enum"]
    people = {c["key"]: c for c in tabs["people"]["columns"]}
    assert people["dept_id"]["references"] == "departments"
    every_reference = {
        c["references"] for t in tabs.values() for c in t["columns"] if c.get("references")
    }
    assert every_reference and every_reference <= set(TABS)


def test_renamed_tab_titles_are_the_ones_in_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[tabs]\npeople = "Staff"\n', encoding="utf-8")
    tabs = {t["key"]: t for t in schema_json(capsys, "--config", str(config))["tabs"]}
    assert (tabs["people"]["title"], tabs["people"]["label"]) == ("Staff", "人员")
    assert tabs["departments"]["title"] == "部门"


@pytest.mark.parametrize(
    ("argv", "locale"),
    [([], "zh-CN"), (["--locale", "zh-CN"], "zh-CN"), (["--locale", "en"], "en")],
)
def test_without_json_the_markdown(
    capsys: pytest.CaptureFixture[str], argv: list[str], locale: str
) -> None:
    assert main(["schema", *argv]) == 0
    assert capsys.readouterr().out == markdown(locale) + "\n"


WORDS = {
    "zh-CN": ("#### 部门（`departments`），必填工作表", "唯一：`dept_id`。",
              "| 键 | 中文表头 | 必填 | 类型 | 引用 |", "| `dept_id` | 部门编号 | 是 | 文本 |  |",
              "| `active` | 启用 |  | 是/否 |  |", "#### 机器人工作表（只由 collabsheet 写入）"),
    "en": ("#### 部门 (`departments`), required tab", "Unique: `dept_id`.",
           "| key | 中文表头 | required | type | refers to |",
           "| `dept_id` | 部门编号 | yes | text |  |", "| `active` | 启用 |  | bool |  |",
           "#### Bot-owned tabs (written only by collabsheet)"),
}  # fmt: skip


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_markdown_words_in_each_locale(locale: str) -> None:
    lines = markdown(locale).splitlines()
    assert all(w in lines for w in WORDS[locale])
    other = WORDS["en" if locale == "zh-CN" else "zh-CN"]
    assert not any(w in lines for w in other)
    assert any(line.startswith("| `channel` | 通知渠道 |  | " + ("enum: " if locale == "en" else
               "枚举：") + "`email` 邮件, ") for line in lines)  # fmt: skip
