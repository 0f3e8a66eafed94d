"""The Checker: reads one value of the parsed TOML and raises one ConfigError that names the
file, the key, the value and the form expected (every section's parser reports through it)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from typing import Any

from config.errors import ConfigError
from config.secrets import Hidden, shown

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
    (r"the NAME of the environment variable holding this group's webhook URL",
     "存放这个群 webhook 地址的环境变量的名字"),
    (r"the NAME of an environment variable in capitals, e\.g\. (\S+) \(never the secret itself\)",
     r"环境变量的名字（大写），如 \1（不是密钥本身）"),
    (r"the NAME of an environment variable, e\.g\. (\S+) \(put the URL or secret itself in that "
     r"variable, never in the config file\)",
     r"环境变量的名字，如 \1（地址或密钥本身放在这个环境变量里，不要写进配置文件）"),
    (r"the day the plan started, YYYY-MM-DD, e\.g\. (.+)", r"方案开始的日期 YYYY-MM-DD，如 \1"),
    (r"a positive number of hours", "正的小时数"),
    (r"a number ≥ 0", "不小于 0 的数"),
    (r"a list of days such as (.+)", r"星期的列表，如 \1"),
    (r"a list of spans such as (.+)", r"时段的列表，如 \1"),
    (r"a table named one of (.+)", r"以下名称之一的表：\1"),
    (r"a table of \"TEMPLATE_ID:STEP\" = hours, e\.g\. (.+)",
     "「模板编号:步骤序号」= 小时数 的表，如 \\1"),
    (r"a step key \"TEMPLATE_ID:STEP\", e\.g\. (.+)", "步骤键「模板编号:步骤序号」，如 \\1"),
    (r"\[survey_import\.columns\] or \[survey_import\.questions\]",
     "[survey_import.columns] 或 [survey_import.questions]"),
    (r"the dashboard's address as people open it, e\.g\. (.+)", r"大家打开看板用的地址，如 \1"),
    (r"the address without a user name or password: .+",
     "不含用户名和密码的地址：它会出现在每封邀请和周会邮件里；登录请交给看板（[dashboard] auth）"),
    (r"a weekday and a local time, e\.g\. (\S+ \S+) \(MON…SUN\)",
     r"星期和当地时间，如 \1（MON…SUN）"),
    (r"the path of an \.xlsx workbook, e\.g\. (.+)", r".xlsx 工作簿的路径，如 \1"),
    (r"a file other than workbook\.path: .+",
     "workbook.path 以外的文件：机器人表不写进人填写的工作簿"),
    (r"the key or URL of the Google spreadsheet \(backend = 'google' needs it\)",
     "Google 表格的 KEY 或网址（backend = 'google' 时必填）"),
    (r"a spreadsheet URL \((\S+)\) or its KEY", r"表格网址（\1）或它的 KEY"),
    (r"a non-empty tab title not starting with '_'", "不以 _ 开头的非空工作表名称"),
    (r"a title of its own \(tabs\.(\S+) already uses it\)", r"不重复的名称（tabs.\1 已在使用）"),
    (r"a number or (\{.+\})", r"数，或 \1"),
    (r"hours > 0, or (\{.+\})", r"大于 0 的小时数，或 \1"),
    (r"a key \"TEMPLATE_ID:STEP\" with a table of rule keys",
     "键「模板编号:步骤序号」及其规则项的表"),
    (r"a non-empty list of texts, e\.g\. (.+)", r"非空的文字列表，如 \1"),
    (r"a table of \"header as typed\" = \"column key\"", "「表头原文」=「列名」的表"),
    (r"a (?:whole )?number from (\S+) to (\S+)", r"\1 到 \2 之间的数"),
    (r"'business' or 'calendar'", "'business'（工作时间）或 'calendar'（自然时间）"),
    (r"true or false", "true 或 false"),
    (r"('[^']+'(?:, '[^']+')*) or ('[^']+')", r"\1 或 \2"),  # 'starttls', 'ssl' or 'none'
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
        # an unknown key's value comes as ``Unknown``: never shown (a mistyped password key)
        value = value if isinstance(value, Hidden) else shown(key, value)
        said = value.ZH if isinstance(value, Hidden) else repr(value)  # trial15: English there
        return ConfigError(
            f"{self.source}：{key} = {said} 无效；应为：{(zh or in_chinese(expected)).strip()}",
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
