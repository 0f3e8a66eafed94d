"""The Checker: reads one value of the parsed TOML and raises one ConfigError that names the
file, the key, the value and the form expected (every section's parser reports through it)."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from typing import Any

from config.errors import ConfigError
from config.secrets import shown


class Checker:
    """Small helpers that raise ConfigError with the file, key, value and expected form."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, key: str, value: Any, expected: str, zh: str = "") -> ConfigError:
        """The key, the value (never one that looks like a secret) and the form expected, in
        Chinese and English (``zh``: the form in Chinese; without it the English one)."""
        value = shown(key, value)
        return ConfigError(
            f"{self.source}：{key} = {value!r} 无效；应为：{(zh or expected).strip()}",
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
