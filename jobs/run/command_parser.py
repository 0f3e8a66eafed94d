"""The command line's parser in the configured language (``--locale``, else ``[general]
locale``; Chinese by default): each help text from ``jobs.run.help_words``, argparse's own
headings, its ``-h`` line and its error messages said again in Chinese.

Only argparse's public API: a subclass that translates the ``help`` and ``description`` it is
given, ``format_usage`` / ``format_help`` whose headings it renames (``usage:``, ``options:``,
``positional arguments:``, as Python 3.11 to 3.13 print them) and ``error``, which the
documentation invites a subclass to override. An argparse message it does not know is kept in
English after the Chinese prefix. One internal: ``HelpFormatter._split_lines`` (checked
against Python 3.11.7; argparse's own RawTextHelpFormatter overrides it the same way), so
Chinese help wraps by display width (a Chinese character is two columns) instead of by
characters; ``tests/test_cli.py`` fails if argparse stops calling it.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from config.errors import CollabsheetError
from jobs.run.help_words import ZH

EXAMPLE = {"zh-CN": "示例：", "en": "Example:"}  # before a command's example, in its epilog
_HEADINGS = {"options:": "选项：", "positional arguments:": "参数："}
# argparse's messages (Python 3.11) and our argument types' (jobs/run/options.py, survey):
# English as argparse formats it -> Chinese, by its groups
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(en + r"\Z", re.S), zh)
    for en, zh in (
        (r"argument (.+?): (.*)", r"参数 \1：{}"),
        (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
        (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
        (r"invalid choice: (.*?) \(choose from (.*)\)", r"无效的选项 \1（可选：\2）"),
        (r"invalid int value: (.*)", r"无效的值 \1（应为整数）"),
        (r"invalid float value: (.*)", r"无效的值 \1（应为数字）"),
        (r"invalid (\w+) value: (.*)", r"无效的值 \2"),
        (r"expected one argument", r"需要一个值"),
        (r"expected at most one argument", r"最多需要一个值"),
        (r"expected at least one argument", r"至少需要一个值"),
        (r"ambiguous option: (.*?) could match (.*)", r"选项 \1 有歧义，可能是：\2"),
        (r"not allowed with argument (.*)", r"不能与参数 \1 同时使用"),
        (r"(.*): expected 'YYYY-MM-DD HH:MM'", r"\1：应为 'YYYY-MM-DD HH:MM'"),
        (
            r"(.*): expected YYYY-MM-DD\[ HH:MM\], today or tomorrow",
            r"\1：应为 YYYY-MM-DD[ HH:MM]、today 或 tomorrow",
        ),
        (r"(.*): expected YYYY-MM-DD", r"\1：应为 YYYY-MM-DD"),
        (r"(.*): expected a quarter such as (.*)", r"\1：应为季度，例如 \2"),
        (r"'(.*)' is not a quarter: write it as (.*)", r"「\1」不是季度，请写成 \2"),
    )
)


def said(locale: str, text: str) -> str:
    """A help text in ``locale``: its Chinese for zh-CN (as it is when it has none)."""
    return ZH.get(text, text) if locale == "zh-CN" else text


def error_text(locale: str, message: str) -> str:
    """An argparse error message in ``locale``; an unknown one stays as argparse said it."""
    if locale != "zh-CN":
        return message
    for pattern, zh in _ERRORS:
        if m := pattern.match(message):
            if "{}" in zh:  # argument X: <an inner message, said again>
                return m.expand(zh.replace("{}", "")) + error_text(locale, m.group(2))
            return m.expand(zh)
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


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that speaks ``locale`` (see the module docstring); its commands'
    parsers (``add_subparsers``) are of this class too and get the locale from ``command``."""

    def __init__(self, *args: Any, locale: str = "zh-CN", **kwargs: Any) -> None:
        self.locale = locale
        if isinstance(kwargs.get("description"), str):
            kwargs["description"] = said(locale, kwargs["description"])
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
        if self.locale != "zh-CN":
            return text
        text = "用法：" + text.removeprefix("usage: ") if text.startswith("usage: ") else text
        return "\n".join(_HEADINGS.get(line, line) for line in text.split("\n"))

    def error(self, message: str) -> NoReturn:
        """The usage and one line, ``collabsheet: 错误：…`` as the CLI's own errors (exit 2)."""
        self.print_usage(sys.stderr)
        if self.locale != "zh-CN":
            self.exit(2, f"{self.prog}: error: {message}\n")
        self.exit(2, f"{self.prog}: 错误：{error_text(self.locale, message)}\n")


def command(
    sub: Any, locale: str, name: str, func: Callable[..., int], help: str, example: str,
    options: Callable[[argparse.ArgumentParser], None],
) -> Parser:  # fmt: skip
    """One command's parser under ``sub`` (an ``add_subparsers`` action): its help in the
    commands' list and as its description, its example, ``options`` added, ``func`` to call."""
    text = said(locale, help)
    p: Parser = sub.add_parser(
        name, help=text, description=help, epilog=f"{EXAMPLE[locale]}\n  {example}",
        formatter_class=Layout, locale=locale,
    )  # fmt: skip
    options(p)
    p.set_defaults(func=func)
    return p


def example_of(epilog: str | None) -> str:
    """The example in a command's epilog (either language)."""
    text = str(epilog or "")
    for word in EXAMPLE.values():
        if word in text:
            return text.split(word, 1)[1].strip()
    return ""


def locale_of(argv: Sequence[str]) -> str:
    """The language the command line speaks: ``--locale`` in ``argv``, else the config's
    ``[general] locale`` (``--config``, $COLLABSHEET_CONFIG or the default file), else zh-CN;
    a config that cannot be read is told by the command itself, later."""
    from config.settings import load_settings

    args = list(argv)
    for i, arg in enumerate(args):
        if arg.startswith("--locale="):
            return _known(arg.split("=", 1)[1])
        if arg == "--locale" and i + 1 < len(args):
            return _known(args[i + 1])
    config = next((a.split("=", 1)[1] for a in args if a.startswith("--config=")), None)
    if config is None and "--config" in args and args.index("--config") + 1 < len(args):
        config = args[args.index("--config") + 1]
    try:
        return _known(load_settings(config).locale)  # None: $COLLABSHEET_CONFIG or the default
    except (CollabsheetError, OSError, ValueError):
        return "zh-CN"


def _known(locale: str) -> str:
    return locale if locale in EXAMPLE else "zh-CN"
