"""The CLI: help with an example everywhere, exit codes 0 / 1 / 2, one clear line on failure."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from jobs.run.cli import _parser, main
from sheets_sync.xlsx import XlsxBackend, write_xlsx
from tests.support.workbooks import VALID


def commands() -> list[str]:
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(f'[workbook]\npath = "{tmp_path / "book.xlsx"}"\n', encoding="utf-8")
    return path


HELP = {  # usage, example, the -h line: as each language says them
    "zh-CN": ("用法：collabsheet", "示例：", "显示本帮助并退出"),
    "en": ("usage: collabsheet", "Example:", "show this help message and exit"),
}


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("command", commands())
def test_every_command_has_help_with_an_example(
    command: str, locale: str, capsys: pytest.CaptureFixture[str]
) -> None:
    usage, example, help_line = HELP[locale]
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help", "--locale", locale])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{usage} {command}")
    assert f"{example}\n  collabsheet {command}" in out
    assert help_line in out


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_top_level_help_lists_the_commands(locale: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help", "--locale", locale])
    out = capsys.readouterr().out
    assert {"zh-CN": "示例：collabsheet demo", "en": "Example: collabsheet demo"}[locale] in out
    for command in commands():
        assert command in out


def test_validate_a_clean_workbook_exits_0(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_xlsx(tmp_path / "book.xlsx", VALID)
    assert main(["validate", "--config", str(config), "-q"]) == 0
    assert "0 个错误" in capsys.readouterr().out
    head = XlsxBackend(tmp_path / "book.xlsx").read()["_checks"][0][:3]
    assert head == ["校验时间", "工作表", "单元格"]  # run_at, tab, cell under zh-CN


def test_validate_with_errors_exits_1_and_names_the_cell(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {
        **VALID,
        "任务进度": [["task_id", "project_id", "step", "dept_id"], ["K1", "PJ1", 1, "D99"]],
    }
    write_xlsx(tmp_path / "book.xlsx", bad)
    assert main(["validate", "--config", str(config), "-q", "--locale", "en"]) == 1
    out = capsys.readouterr().out
    assert "ERROR 任务进度!D2  [ref.unknown] 'D99' does not exist in '部门'" in out


def test_validate_json_is_machine_readable(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {
        **VALID,
        "任务进度": [["task_id", "project_id", "step", "dept_id"], ["K1", "PJ1", 1, "D99"]],
    }
    write_xlsx(tmp_path / "book.xlsx", bad)
    assert main(["validate", "--config", str(config), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 1
    f = data["findings"][0]
    assert (f["tab"], f["cell"], f["rule"], f["severity"], f["value"]) == (
        "任务进度",
        "D2",
        "ref.unknown",
        "error",
        "D99",
    )
    assert f["link"] == "book.xlsx › 任务进度!D2"


CANNOT_RUN = {
    "missing_workbook": (
        "collabsheet: 错误：找不到工作簿 {dir}/book.xlsx：运行 `collabsheet init {dir}/book.xlsx` "
        "新建空白工作簿（或 `collabsheet demo --out {dir}/book.xlsx` 生成示例工作簿）",
        "collabsheet: error: workbook {dir}/book.xlsx not found: run "
        "`collabsheet init {dir}/book.xlsx` for an empty one (or `collabsheet demo --out "
        "{dir}/book.xlsx` for the demo workbook)",
    ),
    "missing_tab": (
        "collabsheet: 错误：{dir}/book.xlsx：找不到必需的工作表 任务进度 (tasks)（现有工作表：",
        "collabsheet: error: {dir}/book.xlsx: required tab(s) 任务进度 (tasks) not found",
    ),
    "bad_config": (
        "collabsheet: 错误：{dir}/c.toml：general.locale = 'fr' 无效；"
        "应为：以下之一：'zh-CN'、'en'",
        "collabsheet: error: {dir}/c.toml: general.locale = 'fr' is not valid",
    ),
    "missing_config": (
        "collabsheet: 错误：配置文件 {dir}/none.toml 不存在：请创建它",
        "collabsheet: error: config file {dir}/none.toml does not exist",
    ),
}


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("setup", list(CANNOT_RUN))
def test_validate_that_cannot_run_exits_2_with_one_line(
    setup: str, locale: str, config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    message = CANNOT_RUN[setup][locale == "en"]
    if setup == "missing_tab":
        write_xlsx(tmp_path / "book.xlsx", {k: v for k, v in VALID.items() if k != "任务进度"})
    if setup == "bad_config":
        config.write_text('[general]\nlocale = "fr"\n', encoding="utf-8")
    if setup == "missing_config":
        config = tmp_path / "none.toml"
    assert main(["validate", "--config", str(config), "-q", "--locale", locale]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(message.format(dir=tmp_path))


def test_validate_shows_progress_on_stderr(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_xlsx(tmp_path / "book.xlsx", VALID)
    main(["validate", "--config", str(config)])
    assert f"读取 {tmp_path / 'book.xlsx'} …" in capsys.readouterr().err  # reading (zh-CN)


def test_schema_prints_every_tab(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    for key in ("departments", "responsibilities", "tasks", "survey", "calendar", "_checks"):
        assert f"`{key}`" in out


BUG = {  # the one line of a bug of ours, in the locale's language
    "zh-CN": "collabsheet: 内部错误：ZeroDivisionError: division by zero（请连同所运行的命令报告此"
    "问题；用 PYTHONDEVMODE=1 运行可看到调用栈）",
    "en": "collabsheet: internal error: ZeroDivisionError: division by zero (please report it "
    "with the command you ran; run with PYTHONDEVMODE=1 for the traceback)",
}


INTERRUPTED = {  # Ctrl+C: one line, no traceback
    "zh-CN": "collabsheet: 已中断；已发出的消息都记在账本里，下次运行不会重发（中断时正在发送的"
    "那一条可能再发一次）",
    "en": "collabsheet: interrupted; the messages already sent are in the ledger and the next "
    "run does not send them again (the one being sent at that moment may go again)",
}


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize(
    ("raised", "code", "line"),
    [(ZeroDivisionError("division by zero"), 2, BUG), (KeyboardInterrupt(), 130, INTERRUPTED)],
    ids=["a bug of ours: exit 2", "Ctrl+C: exit 130"],
)
def test_an_unexpected_stop_is_one_line(
    config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    locale: str, raised: BaseException, code: int, line: dict[str, str],
) -> None:  # fmt: skip
    import jobs.run.envelope

    def stopped(*_args: object, **_kwargs: object) -> None:
        raise raised

    monkeypatch.setattr(jobs.run.envelope, "run", stopped)
    monkeypatch.delenv("PYTHONDEVMODE", raising=False)
    assert main(["validate", "--config", str(config), "-q", "--locale", locale]) == code
    assert capsys.readouterr().err.strip().splitlines() == [line[locale]]


def test_sla_writes_the_tab_and_filters_the_output(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    book = {
        **VALID,
        "任务进度": [
            ["task_id", "project_id", "step", "dept_id", "handed_off_at", "status"],
            ["K1", "PJ1", 1, "D01", dt.datetime(2020, 1, 6, 9, 0), "todo"],
        ],
    }
    write_xlsx(tmp_path / "book.xlsx", book)
    assert main(["sla", "--config", str(config), "--json", "--status", "breached"]) == 0
    data = json.loads(capsys.readouterr().out)
    keys = {o["key"] for o in data["obligations"]}
    assert keys == {"response:K1", "completion:K1"}
    assert all(o["status"] == "breached" and o["level"] == 3 for o in data["obligations"])
    sla = XlsxBackend(tmp_path / "book.xlsx").read()["_sla"]
    assert sla[0][:3] == ["编号", "类型", "对象"]  # key, kind, ref under zh-CN
    assert len(sla) == 3
    assert main(["sla", "--config", str(config), "--json", "--status", "on_track"]) == 0
    assert json.loads(capsys.readouterr().out)["obligations"] == []
    assert main(["sla", "--config", str(config), "--json", "--dept", "D02"]) == 2  # no such dept
    assert capsys.readouterr().err == "collabsheet: 错误：未知的部门 D02（可选：D01 研发部）\n"
    argv = ["sla", "--config", str(config), "--json", "--dept", "D02", "--locale", "en"]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        "collabsheet: error: unknown department D02 (valid: D01 研发部)\n"
    )
    assert main(["sla", "--config", str(config), "--json", "--dept", "研发部"]) == 0  # its name
    assert {o["key"] for o in json.loads(capsys.readouterr().out)["obligations"]} == keys
