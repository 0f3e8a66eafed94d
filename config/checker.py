"""The Checker: reads one value of the parsed TOML and raises one ConfigError that names the
file, the key, the value and the form expected (every section's parser reports through it)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from typing import Any

from config.errors import ConfigError
from config.secrets import shown

# the forms expected, as the sections' parsers say them in English, in Chinese (a form not here
# is shown in English: trial15 read "无效；应为：one of the keys webhook_env, …")
ZH_FORMS: tuple[tuple[str, str], ...] = (
    (r"one of the keys (.+)", r"以下配置项之一：\1"),
    (r"one of the column keys (.+)", r"以下列名之一：\1"),
    (r"no other key than (.+)", r"只能有 \1"),
    (r"one of (.+)", r"以下之一：\1"),
    (r"an? table (?:such as )?(\[.+\])", r"表 \1"),
    (r"tables (\[.+\])", r"表 \1"),
    (r"a quoted string", "带引号的文字"),
    (r"a file path in quotes", "带引号的文件路径"),
    (r"a quoted folder path, e\.g\. (.+)", r"带引号的文件夹路径，如 \1"),
    (r"a whole number of working days from (\S+) to (\S+)", r"\1 到 \2 之间的工作日天数（整数）"),
    (r"a whole number from (\S+) to (\S+)", r"\1 到 \2 之间的整数"),
    (r"a number from (\S+) to (\S+)", r"\1 到 \2 之间的数"),
    (r"a number, e\.g\. 0\.98 for 98%", "数，如 0.98 表示 98%"),
    (r"a configured channel: (.+)", r"已配置的渠道之一：\1"),
    (r"a name of letters, digits, _ or -, not a channel kind",
     "由字母、数字、_ 或 - 组成、不是渠道类型的名称"),
    (r"the SMTP server's host name, e\.g\. (.+)", r"SMTP 服务器的主机名，如 \1"),
    (r"the sender's address, (.+)", r"发件人地址，如 \1"),
    (r"three rising hours past due, e\.g\. (.+)", r"超时后逐级升高的三个小时数，如 \1"),
    (r"spans that do not overlap", "互不重叠的时段"),
    (r"an IANA time zone such as (.+)", r"IANA 时区名，如 \1"),
    (r"a local time HH:MM, e\.g\. (.+)", r"当地时间 HH:MM，如 \1"),
    (r"a local time (.+)", r"当地时间 \1"),
    (r"an address to listen on, e\.g\. (.+)", r"监听的地址，如 \1"),
    (r"'cn' \(China's official schedule\) or 'none'", "'cn'（中国官方节假日安排）或 'none'"),
    (r"(.+) or (.+)", r"\1 或 \2"),  # last: true or false, 'business' or 'calendar'
)  # fmt: skip


def in_chinese(expected: str) -> str:
    """The form ``expected`` (English) in Chinese, or as it is when not one of ``ZH_FORMS``."""
    for pattern, zh in ZH_FORMS:
        said, n = re.subn(rf"^{pattern}$", zh, expected.strip())
        if n:
            return said
    return expected


class Checker:
    """Small helpers that raise ConfigError with the file, key, value and expected form."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, key: str, value: Any, expected: str, zh: str = "") -> ConfigError:
        """The key, the value (never one that looks like a secret) and the form expected, in
        Chinese and English (``zh``: the form in Chinese; without it the English one)."""
        value = shown(key, value)
        return ConfigError(
            f"{self.source}：{key} = {value!r} 无效；应为：{(zh or in_chinese(expected)).strip()}",
            f"{self.source}: {key} = {value!r} is not valid; expected {expected}",
        )

    def known(self, data: Mapping[str, Any], where: str, allowed: tuple[str, ...]) -> None:
        for key in data:
            if key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1)
                hint = (
                    f"; did you mean {near[0]!r}?"
                    if near
                    else f"; known keys: {', '.join(allowed)}"
                )
                zh = f"；是不是 {near[0]!r}？" if near else f"；可用的配置项：{'、'.join(allowed)}"
                name = f"{where}.{key}" if where else key
                raise ConfigError(
                    f"{self.source}：未知的配置项 {name!r}{zh}",
                    f"{self.source}: unknown key {name!r}{hint}",
                )

    def table(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.error(key, value, f"a table [{key}]", f"表 [{key}]")
        return value

    def text(self, data: Mapping[str, Any], key: str, default: str) -> str:
        value = data.get(key.rsplit(".", 1)[-1], default)
        if not isinstance(value, str):
            raise self.error(key, value, "a quoted string", "带引号的文字")
        return value

    def choice(
        self, data: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str
    ) -> str:
        value = self.text(data, key, default)
        if value not in allowed:
            raise self.error(key, value, "one of " + ", ".join(repr(a) for a in allowed),
                             "以下之一：" + "、".join(repr(a) for a in allowed))  # fmt: skip
        return value

    def flag(self, data: Mapping[str, Any], key: str, default: bool) -> bool:
        value = data.get(key.rsplit(".", 1)[-1], default)
        if not isinstance(value, bool):
            raise self.error(key, value, "true or false", " true 或 false")
        return value

    def moment(self, data: Mapping[str, Any], key: str) -> dt.datetime | None:
        """A local moment "2026-11-30 09:00" (or a TOML local date-time); None when unset."""
        value = data.get(key.rsplit(".", 1)[-1])
        if value is None or (isinstance(value, dt.datetime) and value.tzinfo is None):
            return value
        try:
            return dt.datetime.fromisoformat(value.strip()).replace(tzinfo=None)
        except (AttributeError, ValueError):
            raise self.error(key, value, "a local time 'YYYY-MM-DD HH:MM'",
                             "本地时间 'YYYY-MM-DD HH:MM'") from None  # fmt: skip

    def integer(self, data: Mapping[str, Any], key: str, default: int, lo: int, hi: int) -> int:
        value = data.get(key.rsplit(".", 1)[-1], default)
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise self.error(key, value, f"a whole number from {lo} to {hi}",
                             f" {lo} 到 {hi} 的整数")  # fmt: skip
        return value

    def number(
        self, data: Mapping[str, Any], key: str, default: float, lo: float, hi: float,
        expected: str, zh: str = "",
    ) -> float:  # fmt: skip
        """A number (int or float, not a bool) from ``lo`` to ``hi``, as a float."""
        value = data.get(key.rsplit(".", 1)[-1], default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
            raise self.error(key, value, expected, zh or f" {lo:g} 到 {hi:g} 的数")
        return float(value)
