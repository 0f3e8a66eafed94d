"""The command line's parser in the configured language (``--locale``, else ``[general]
locale``; Chinese by default): each help text from ``jobs.run.help_words``, argparse's own
headings, its ``-h`` line and its error messages said again in Chinese.

Mostly argparse's public API: a subclass that translates the ``help`` and ``description`` it is
given, ``format_usage`` / ``format_help`` whose headings it renames (``usage:``, ``options:``,
``positional arguments:``, as Python 3.11 to 3.13 print them; 3.14's colours are turned off so
they stay plain) and ``error``, which the documentation invites a subclass to override. An
argparse message it does not know is kept in English after the Chinese prefix. The internals
it relies on, checked against Python 3.11.7 (``tests/test_cli_language.py`` fails if argparse
stops calling them): ``HelpFormatter._split_lines`` and ``_fill_text`` (argparse's own
RawTextHelpFormatter overrides them the same way), so Chinese wraps by display width (a Chinese
character is two columns), and ``ArgumentParser._actions``, which ``options.locale_option``
reads to restate ``--locale``'s help for a command.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from config.errors import CollabsheetError
from config.phrases import language
from jobs.run.help_words import EXAMPLES, ZH

EXAMPLE = {"zh-CN": "示例：", "en": "Example: "}  # before an example, in a parser's epilog
_HEADINGS = {"options:": "选项：", "positional arguments:": "位置参数："}
# argparse's messages (Python 3.11) and our argument types' (jobs/run/options.py, survey):
# English as argparse formats it -> Chinese, by its groups
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(en + r"\Z", re.S), zh)
    for en, zh in (
        (r"argument (.+?): (.*)", r"参数 \1：{}"),
        (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
        (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
        (r"invalid choice: (.*?) \(choose from (.*)\)", r"无效的取值 \1（可选：\2）"),
        (r"invalid int value: (.*)", r"无效的值 \1（应为整数）"),
        (r"invalid float value: (.*)", r"无效的值 \1（应为数字）"),
        (r"invalid (\w+) value: (.*)", r"无效的值 \2"),
        (r"expected one argument", r"需要一个值"),
        (r"expected at most one argument", r"最多需要一个值"),
        (r"expected at least one argument", r"至少需要一个值"),
        (r"ambiguous option: (.*?) could match (.*)", r"选项 \1 有歧义，可能是：\2"),
        (r"not allowed with argument (.*)", r"不能与参数 \1 同时使用"),
        (r"ignored explicit argument (.*)", r"不接受值 \1"),
        (r"(.*): expected 'YYYY-MM-DD HH:MM'", r"\1：应为 'YYYY-MM-DD HH:MM'"),
        (
            r"(.*): expected YYYY-MM-DD\[ HH:MM\], today or tomorrow",
            r"\1：应为 YYYY-MM-DD[ HH:MM]、today 或 tomorrow",
        ),
        (r"(.*): expected YYYY-MM-DD", r"\1：应为 YYYY-MM-DD"),
        (
            r"(.*): expected a quarter such as 2026Q4, 2026-Q4 or 2026年第4季度",
            r"\1：应为季度，例如 2026Q4、2026-Q4 或 2026年第4季度",
        ),
        (r"'(.*)' is not a quarter: write it as (.*)", r"「\1」不是季度，请写成 \2"),
        (r"the project name is empty: give one", r"项目名称为空：请给出项目名称"),
    )
)
_LISTED = re.compile(r"(?<=\S), (?=\S)")  # argparse's list separator, 、 in Chinese


def _zh(locale: str) -> bool:
    return language(locale) == "zh-CN"


def said(locale: str, text: str) -> str:
    """A help text in ``locale``: its Chinese for zh-CN (as it is when it has none)."""
    return ZH.get(text, text) if _zh(locale) else text


def error_text(locale: str, message: str) -> str:
    """An argparse error message in ``locale``; an unknown one stays as argparse said it."""
    if not _zh(locale):
        return message
    for pattern, zh in _ERRORS:
        if m := pattern.match(message):
            if "{}" in zh:  # argument X: <an inner message, said again>
                return m.expand(zh.replace("{}", "")) + error_text(locale, m.group(2))
            return _LISTED.sub("、", m.expand(zh))
    return message


def columns(text: str) -> int:
    """The width of ``text`` on a terminal: a wide (Chinese) character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_TOKEN = re.compile(r"[^\s\u2e80-\u9fff\uff00-\uffef]+\s*|\S[，；、。：）」]*\s*")


def wrapped(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns: English broken between words, Chinese
    between any two characters, never before a closing punctuation mark (，；、。：）」)."""
    lines: list[str] = []
    for token in _TOKEN.findall(" ".join(text.split())):
        if lines and columns(lines[-1] + token.rstrip()) <= width:
            lines[-1] += token
        else:
            lines.append(token)
    return [line.rstrip() for line in lines]


class Layout(argparse.RawDescriptionHelpFormatter):
    """Help wrapped by display width (see the module docstring)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrapped(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """A description in lines; an epilog with its example on a line of its own, as is."""
        if "\n" in text:
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return "\n".join(indent + line for line in wrapped(text, width - len(indent)))


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that speaks ``locale`` (see the module docstring); its commands'
    parsers (``add_subparsers``) are of this class too and get the locale from ``command``."""

    def __init__(self, *args: Any, locale: str = "zh-CN", **kwargs: Any) -> None:
        self.locale = locale
        if isinstance(kwargs.get("description"), str):
            kwargs["description"] = said(locale, kwargs["description"])
        if sys.version_info >= (3, 14):  # plain headings, as _headings reads them
            kwargs.setdefault("color", False)
        super().__init__(*args, **{**kwargs, "add_help": False})
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS,
            help="show this help message and exit",
        )  # fmt: skip

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if isinstance(kwargs.get("help"), str) and kwargs["help"] != argparse.SUPPRESS:
            kwargs["help"] = said(self.locale, kwargs["help"])
        return super().add_argument(*args, **kwargs)

    def format_usage(self) -> str:
        return self._headings(super().format_usage())

    def format_help(self) -> str:
        return self._headings(super().format_help())

    def _headings(self, text: str) -> str:
        if not _zh(self.locale):
            return text
        text = "用法：" + text.removeprefix("usage: ") if text.startswith("usage: ") else text
        return "\n".join(_HEADINGS.get(line, line) for line in text.split("\n"))

    def error(self, message: str) -> NoReturn:
        """The usage and one line, ``collabsheet: 错误：…`` as the CLI's own errors (exit 2)."""
        self.print_usage(sys.stderr)
        if not _zh(self.locale):
            self.exit(2, f"{self.prog}: error: {message}\n")
        self.exit(2, f"{self.prog}: 错误：{error_text(self.locale, message)}\n")


def command(
    sub: Any, locale: str, name: str, func: Callable[..., int], help: str, example: str,
    options: Callable[[argparse.ArgumentParser], None],
) -> Parser:  # fmt: skip
    """One command's parser under ``sub`` (an ``add_subparsers`` action): its help in the
    commands' list and as its description, its example (a comment in ``locale``), ``options``
    added, ``func`` to call."""
    text, word = said(locale, help), EXAMPLE[language(locale)].strip()
    example = EXAMPLES.get(example, example) if _zh(locale) else example  # its comment's words
    p: Parser = sub.add_parser(
        name, help=text, description=help, epilog=f"{word}\n  {example}",
        formatter_class=Layout, locale=locale,
    )  # fmt: skip
    options(p)
    p.set_defaults(func=func, command_parser=p)  # its usage for an argument it does not take
    return p


def example_of(epilog: str | None) -> str:
    """The example in a command's epilog (either language)."""
    text = str(epilog or "")
    for word in EXAMPLE.values():
        if word.strip() in text:
            return text.split(word.strip(), 1)[1].strip()
    return ""


class _Ahead(argparse.ArgumentParser):
    """``--locale`` and ``--config`` read ahead of the command line's own parsing, as argparse
    reads them (abbreviations, the last one given); any error is left to the real parser."""

    def error(self, message: str) -> NoReturn:
        raise ValueError(message)


def locale_of(argv: Sequence[str]) -> str:
    """The language the command line speaks: ``--locale`` in ``argv``, else the config's
    ``[general] locale`` (``--config``, $COLLABSHEET_CONFIG or the default file), else zh-CN;
    a config that cannot be read is told by the command itself, later."""
    from config.settings import load_settings

    ahead = _Ahead(add_help=False)
    ahead.add_argument("--locale")
    ahead.add_argument("--config")
    try:
        given, _ = ahead.parse_known_args(list(argv))
        if given.locale:
            return _known(given.locale)
        return _known(load_settings(given.config).locale)  # None: $COLLABSHEET_CONFIG or default
    except (CollabsheetError, OSError, ValueError):
        return "zh-CN"


def _known(locale: str) -> str:
    return locale if locale in EXAMPLE else "zh-CN"
