"""The global options (``--config``, ``--json``, ``--quiet``, ``--locale``) work before the
command and after it, with the same effect (issue 20, item 8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobs.run.cli import main

COMMANDS = (["actions"], ["sla", "--dry-run"], ["run", "daily"])
ENGLISH = {"actions": "rectification list at ", "sla": " open obligation(s) ", "run": "daily run "}
CHINESE = {"actions": "整改清单（", "sla": "项未完成义务", "run": "每日运行"}
GLOBAL = ("--config", "--json", "--quiet", "--locale")


def _ids(command: list[str]) -> str:
    return " ".join(command)


@pytest.fixture
def configs(demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Two configs of the demo: ``zh`` (the default locale) and ``en`` (``[general] locale``);
    the working folder has no config of its own, so only ``--config`` finds the workbook."""
    monkeypatch.delenv("COLLABSHEET_CONFIG", raising=False)
    work = tmp_path / "elsewhere"
    work.mkdir()
    monkeypatch.chdir(work)
    book = f'[workbook]\npath = "{demo_xlsx.as_posix()}"\n'
    zh, en = tmp_path / "zh.toml", tmp_path / "en.toml"
    zh.write_text(book, encoding="utf-8")
    en.write_text(f'[general]\nlocale = "en"\n\n{book}', encoding="utf-8")
    return {"zh": zh, "en": en}


def _run(
    capsys: pytest.CaptureFixture[str], command: list[str], before: list[str], after: list[str]
) -> tuple[int, str, str]:
    code = main([*before, *command, *after])
    out, err = capsys.readouterr()
    assert code in (0, 1), f"{[*before, *command, *after]} exited {code}: {err}"
    return code, out, err


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("option", GLOBAL)
@pytest.mark.parametrize("command", COMMANDS, ids=_ids)
def test_a_global_option_has_its_effect_before_or_after_the_command(
    command: list[str],
    option: str,
    where: str,
    configs: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = ["--config", str(configs["en" if option == "--config" else "zh"])]
    given = {
        "--config": config,
        "--json": ["--json"],
        "--quiet": ["--quiet"],
        "--locale": ["--locale", "en"],
    }[option]
    rest = [] if option == "--config" else config  # the config itself always after
    before, after = (given, rest) if where == "before" else ([], [*rest, *given])
    _, out, err = _run(capsys, command, before, after)
    name = command[0]
    if option in ("--config", "--locale"):  # English: from the chosen config, or the option
        assert ENGLISH[name] in out
        assert CHINESE[name] not in out
    elif option == "--json":
        assert isinstance(json.loads(out), dict)
    else:
        assert err == "", err  # no progress lines
    if option != "--json":
        assert not out.lstrip().startswith("{")


@pytest.mark.parametrize("command", COMMANDS, ids=_ids)
def test_without_the_options_the_output_is_chinese_text_with_progress_lines(
    command: list[str], configs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The contrast for the test above: each option changes what it says it changes."""
    _, out, err = _run(capsys, command, [], ["--config", str(configs["zh"])])
    assert CHINESE[command[0]] in out
    assert ENGLISH[command[0]] not in out
    assert "…" in err
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_without_config_the_workbook_is_not_found(
    configs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["actions", "-q"]) == 2
    assert "collabsheet: 错误：" in capsys.readouterr().err


def test_the_value_after_the_command_wins(
    configs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _run(
        capsys, ["actions"], ["--locale", "en", "--config", str(configs["en"])],
        ["--locale", "zh-CN", "--config", str(configs["zh"]), "-q"],
    )  # fmt: skip
    assert out.startswith(CHINESE["actions"])


@pytest.mark.parametrize("command", [[], ["run"], ["actions"], ["demo"]], ids=_ids)
def test_help_shows_the_global_options(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in (*GLOBAL, "-q"):
        assert f"{option} " in out or f"{option}," in out, option
