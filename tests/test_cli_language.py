"""The command line speaks the configured language: ``--help`` of every command and
argparse's own errors in Chinese by default, English with ``--locale en`` or ``[general]
locale = "en"`` (trial as a new user: a Chinese coordinator met English help only)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from jobs.run.cli import _parser, main
from jobs.run.command_parser import columns, example_of, locale_of, wrapped
from jobs.run.help_words import EXAMPLES, ZH


def help_texts(parser: argparse.ArgumentParser) -> list[str]:
    """Every help text and description of ``parser`` and of its commands, as given."""
    out = [parser.description] if parser.description else []
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            out.append(action.help)
        if isinstance(action, argparse._SubParsersAction):
            out += [a.help for a in action._choices_actions if a.help]
            for sub in action.choices.values():
                out += help_texts(sub)
    return out


def test_every_help_text_has_its_chinese_and_none_is_left_over() -> None:
    english = set(help_texts(_parser("en")))
    assert sorted(english - set(ZH)) == []  # a help text added without its Chinese
    assert sorted(set(ZH) - english) == []  # an entry whose English text changed or went
    chinese = set(help_texts(_parser("zh-CN")))
    assert chinese == {ZH[text] for text in english}


def examples(parser: argparse.ArgumentParser) -> list[str]:
    """The example of ``parser`` and of each of its commands, in order."""
    out = [example_of(parser.epilog)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                out += examples(sub)
    return out


def test_every_example_comment_is_in_the_help_language() -> None:
    """An example's comment is said in Chinese in the Chinese help (trial: `# Google Sheets:`
    and `# as JSON:` were English there); the command before the comment is the same."""
    english, chinese = examples(_parser("en")), examples(_parser("zh-CN"))
    assert sorted(set(EXAMPLES) - set(english)) == []  # an entry whose example changed or went
    assert chinese == [EXAMPLES.get(e, e) for e in english]
    assert all(e.split("#")[0] == EXAMPLES[e].split("#")[0] for e in EXAMPLES)
    worded = [e for e in chinese if "#" in e]
    assert worded and all(columns(e.split("#", 1)[1]) > len(e.split("#", 1)[1]) for e in worded)


@pytest.mark.parametrize(("argv", "zh", "en"), [
    (["validate", "--bogus"], "collabsheet validate: 错误：无法识别的参数：--bogus",
     "collabsheet validate: error: unrecognized arguments: --bogus"),  # its usage (trial18)
    ([], "collabsheet: 错误：缺少必需的参数：COMMAND",
     "collabsheet: error: the following arguments are required: COMMAND"),
    (["sla", "--at", "tomorrow"], "collabsheet sla: 错误：参数 --at：'tomorrow'：应为 "
     "'YYYY-MM-DD HH:MM'", "collabsheet sla: error: argument --at: 'tomorrow': expected "
     "'YYYY-MM-DD HH:MM'"),
    (["start-project", "--name", "x", "--start", "yesterday"],
     "collabsheet start-project: 错误：参数 --start：'yesterday'：应为 YYYY-MM-DD[ HH:MM]、"
     "today 或 tomorrow", "collabsheet start-project: error: argument --start: 'yesterday': "
     "expected YYYY-MM-DD[ HH:MM], today or tomorrow"),
    (["survey", "status", "2026Q9"], "collabsheet survey status: 错误：参数 QUARTER：「2026Q9」"
     "不是季度，请写成 2026Q4", "collabsheet survey status: error: argument QUARTER: "
     "'2026Q9' is not a quarter: write it as 2026Q4"),
    (["handbook", "--format", "pdf"], "collabsheet handbook: 错误：参数 --format：无效的取值 "
     "'pdf'（可选：'docx'、'html'、'md'）", "collabsheet handbook: error: argument --format: "
     "invalid choice: 'pdf' (choose from 'docx', 'html', 'md')"),
    (["demo", "--seed", "x"], "collabsheet demo: 错误：参数 --seed：无效的值 'x'（应为整数）",
     "collabsheet demo: error: argument --seed: invalid int value: 'x'"),
    (["demo", "--today", "2026-13-40"], "collabsheet demo: 错误：参数 --today：'2026-13-40'：应为 "
     "YYYY-MM-DD", "collabsheet demo: error: argument --today: '2026-13-40': expected YYYY-MM-DD"),
    (["validate", "--json=x"], "collabsheet validate: 错误：参数 --json：不接受值 'x'",
     "collabsheet validate: error: argument --json: ignored explicit argument 'x'"),
    (["start-project"], "collabsheet start-project: 错误：缺少必需的参数：--name、--start",
     "collabsheet start-project: error: the following arguments are required: --name, --start"),
    (["run", "weekly"], "collabsheet run: 错误：参数 daily|hourly：无效的取值 'weekly'"
     "（可选：'daily'、'hourly'）", "collabsheet run: error: argument daily|hourly: invalid "
     "choice: 'weekly' (choose from 'daily', 'hourly')"),
    (["dashboard", "--port"], "collabsheet dashboard: 错误：参数 --port：需要一个值",
     "collabsheet dashboard: error: argument --port: expected one argument"),
])  # fmt: skip
@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_argparse_errors_in_the_language(
    argv: list[str], zh: str, en: str, locale: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--locale", locale, *argv])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == {"zh-CN": zh, "en": en}[locale]
    assert err.startswith("用法：" if locale == "zh-CN" else "usage: ")


def every_command() -> list[list[str]]:
    """Each command's words, the survey's subcommands too, and the top level ([])."""
    out: list[list[str]] = [[]]
    for action in _parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out.append([name])
                subs = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
                out += [[name, s] for a in subs for s in a.choices]
    return out


@pytest.mark.parametrize("command", every_command(), ids=" ".join)
def test_chinese_help_wraps_by_display_width(
    command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Chinese character is two columns: every line of the help (usage, description,
    options, example) fits the terminal (80 columns; argparse keeps 2 free). Fails if argparse
    stops calling the formatter's line splitter or text filler."""
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main([*command, "--help", "--locale", "zh-CN"])
    out = capsys.readouterr().out
    assert "选项：" in out
    example = out.split("示例：", 1)[-1]  # an example is a command to copy: never cut
    wide = [line for line in out.split("示例：", 1)[0].splitlines() if columns(line) > 78]
    assert wide == [] and example


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("校验每个工作表；问题写入 _checks", 12, ["校验每个工作", "表；问题写入", "_checks"]),
    ("按时区运行，直到收到 SIGTERM 或按 Ctrl+C", 16,
     ["按时区运行，直到", "收到 SIGTERM 或", "按 Ctrl+C"]),
    ("check every tab; write the problems", 16, ["check every tab;", "write the", "problems"]),
])  # fmt: skip
def test_wrapped_breaks_chinese_anywhere_english_between_words(
    text: str, width: int, lines: list[str]
) -> None:
    assert wrapped(text, width) == lines


@pytest.mark.parametrize(("argv", "config", "expected"), [
    (["--locale", "en", "run"], None, "en"),
    (["run", "--locale=en"], None, "en"),
    (["run"], '[general]\nlocale = "en"\n', "en"),
    (["run", "--locale", "zh-CN"], '[general]\nlocale = "en"\n', "zh-CN"),
    (["run"], '[general]\nlocale = "zh-CN"\n', "zh-CN"),
    (["run"], "[general\n", "zh-CN"),  # a broken config: the command says so, in Chinese
    (["--loc", "en", "run"], None, "en"),  # an abbreviation, as argparse takes it
    (["--locale", "zh-CN", "run", "--locale", "en"], None, "en"),  # the last one, as argparse
    (["run", "--locale"], '[general]\nlocale = "en"\n', "zh-CN"),  # its error: the parser's
])  # fmt: skip
def test_the_language_of_the_command_line(
    tmp_path: Path, argv: list[str], config: str | None, expected: str
) -> None:
    if config is not None:
        (tmp_path / "c.toml").write_text(config, encoding="utf-8")
        argv = [*argv, "--config", str(tmp_path / "c.toml")]
    assert locale_of(argv) == expected


class _Refused:
    """A channel that refuses every message for good (a wrong webhook): each one is 失败."""

    def send(self, message: Any) -> Any:
        from jobs.notify import Outcome

        return Outcome(False, False, "code 19001: invalid webhook")


@pytest.mark.parametrize(("locale", "word"), [("zh-CN", "失败"), ("en", "failed")])
def test_the_failed_sends_are_listed_in_the_terminals_language(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], locale: str, word: str,
) -> None:  # fmt: skip
    """trial18: a Chinese setup listed its refused messages as `failed  feishu …`."""
    from jobs.notify import factory

    monkeypatch.setattr(factory, "notifiers", lambda channels: {"outbox": _Refused()})
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{demo_xlsx.as_posix()}"\n'
                      f'[channels]\njournal = "{(tmp_path / "j.jsonl").as_posix()}"\n',
                      encoding="utf-8")  # fmt: skip
    main(["--locale", locale, "run", "daily", "--config", str(config), "-q",
          "--at", "2026-11-27 10:00"])  # fmt: skip
    listed = [line.split() for line in capsys.readouterr().out.splitlines()
              if "code 19001" in line]  # fmt: skip
    assert listed and all(parts[0] == word for parts in listed)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["validate", "data/demo.xlsx"],
         "collabsheet validate: 错误：无法识别的参数：data/demo.xlsx"),
        (["--locale", "en", "validate", "--at", "2026-12-08 10:00"],
         "collabsheet validate: error: unrecognized arguments: --at 2026-12-08 10:00"),
    ],
)  # fmt: skip
def test_an_argument_a_command_does_not_take_shows_that_commands_usage(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """trial18: `collabsheet validate data/demo.xlsx` printed the top level's usage, which
    does not say what validate takes."""
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == said
    assert "collabsheet validate [-h]" in err
