"""The ``[channels]`` config: which message channels exist and how to reach them.

The sheet only names a channel (departments.channel); addresses live here. Webhook URLs,
signing secrets and the SMTP password never appear in the file: a key ending in ``_env``
names the environment variable that holds them, read only when a message is sent.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from config.errors import ConfigError
from config.secrets import Hidden, Unknown, shown

KINDS = ("outbox", "email", "feishu", "dingtalk", "wecom", "slack")
GROUP_KINDS = ("feishu", "dingtalk", "wecom", "slack")  # group bots: one message per group
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
_DEST_NAME = re.compile(r"^[\w-]{1,40}$")

# channel kind -> (webhook env var, signing secret env var, per second, per minute): the
# vendors' documented limits with a 10 % margin (Feishu 5/s and 100/min, DingTalk and WeCom
# 20/min, Slack about 1/s: see jobs/notify/http.py for the pages)
_BOT_DEFAULTS: dict[str, tuple[str, str, int, int]] = {
    "feishu": ("COLLABSHEET_FEISHU_WEBHOOK", "COLLABSHEET_FEISHU_SECRET", 4, 90),
    "dingtalk": ("COLLABSHEET_DINGTALK_WEBHOOK", "COLLABSHEET_DINGTALK_SECRET", 0, 18),
    "wecom": ("COLLABSHEET_WECOM_WEBHOOK", "", 0, 18),
    "slack": ("COLLABSHEET_SLACK_WEBHOOK", "", 1, 0),
}
Error = Callable[[str, Any, str], ConfigError]


@dataclass(frozen=True)
class Channel:
    """One configured channel: its kind, where its secrets are, its limits and timeout."""

    kind: str
    webhook_env: str = ""
    secret_env: str = ""
    per_second: int = 0  # 0: no limit of that window
    per_minute: int = 0
    timeout_s: float = 10.0
    host: str = ""
    port: int = 0
    security: str = "starttls"  # starttls, ssl or none
    user: str = ""
    from_addr: str = ""
    password_env: str = "COLLABSHEET_SMTP_PASSWORD"
    folder: Path = Path("data/outbox")

    def env(self, which: str) -> str | None:
        """The secret in the environment variable named by ``which`` (never logged)."""
        name: str = getattr(self, which)
        return (os.environ.get(name) or None) if name else None


@dataclass(frozen=True)
class Channels:
    """All channels, the default one, quiet hours and the retry policy of the ledger."""

    channels: Mapping[str, Channel] = field(default_factory=lambda: {"outbox": Channel("outbox")})
    default: str = "outbox"
    quiet_hours: bool = True  # outside working hours only level-3 escalations go out
    max_attempts: int = 5
    backoff_minutes: float = 30.0
    max_wait_s: float = 60.0  # longest a run waits for a rate-limit slot, then carries over
    journal: Path | None = None  # the write-ahead journal; default beside the workbook

    destinations: tuple[str, ...] = ()  # [channels.destinations.KEY]: one group each

    def route(self, name: str | None) -> str:
        """The channel to use for a name from the sheet: itself if configured, else default."""
        return name if name is not None and name in self.channels else self.default

    def route_of(self, channel: Any, destination: Any = None) -> str:
        """A department's channel: its own 通知群 when that is a configured destination, else
        its 通知渠道 as ``route`` gives it (the reminders and doctor alike)."""
        if isinstance(destination, str) and destination in self.destinations:
            return destination
        return self.route(channel if isinstance(channel, str) else None)

    def kind_of(self, name: str) -> str:
        """A channel's kind (a destination ``sales`` is a ``feishu`` group, say)."""
        ch = self.channels.get(name)
        return ch.kind if ch is not None else name


def channels_from(data: Mapping[str, Any], error: Error) -> Channels:
    """Check the ``[channels]`` table and build Channels."""
    scalars = ("default", "quiet_hours", "max_attempts", "backoff_minutes", "max_wait_s", "journal",
               "destinations")  # fmt: skip
    for key in data:
        if key not in (*scalars, *KINDS):
            raise error(
                f"channels.{key}",
                _unknown(data[key], key),
                f"one of {', '.join((*scalars, *KINDS))}",
            )
    found = {"outbox": Channel("outbox")}
    for kind in KINDS:
        table = data.get(kind)
        if table is None:
            continue
        if not isinstance(table, dict):
            raise error(f"channels.{kind}", table, f"a table [channels.{kind}]")
        found[kind] = _channel(kind, table, error)
    dests = _destinations(data.get("destinations", {}), error)
    found.update(dests)
    default = data.get("default", "outbox")
    if default not in found:
        raise error("channels.default", default, f"a configured channel: {', '.join(found)}")
    quiet = data.get("quiet_hours", True)
    if not isinstance(quiet, bool):
        raise error("channels.quiet_hours", quiet, "true or false")
    journal = data.get("journal", "")
    if not isinstance(journal, str):
        raise error("channels.journal", journal, "a file path in quotes")
    return Channels(
        channels=found,
        default=default,
        quiet_hours=quiet,
        max_attempts=int(_number(data, "channels.max_attempts", 5, 1, 100, error, whole=True)),
        backoff_minutes=_number(data, "channels.backoff_minutes", 30.0, 0, 1440, error),
        max_wait_s=_number(data, "channels.max_wait_s", 60.0, 0, 3600, error),
        journal=Path(journal) if journal else None,
        destinations=tuple(dests),
    )


def _destinations(data: Any, error: Error) -> dict[str, Channel]:
    """``[channels.destinations.KEY]``: one group each (a department's 通知群 names KEY), with
    its kind and the environment variables of its own webhook and secret."""
    if not isinstance(data, dict):
        raise error("channels.destinations", _hide(data), "tables [channels.destinations.KEY]")
    out: dict[str, Channel] = {}
    for key, t in data.items():
        where = f"channels.destinations.{key}"
        if key in (*KINDS, "default") or not _DEST_NAME.match(str(key)):
            raise error(where, Hidden(), "a name of letters, digits, _ or -, not a channel kind")
        if not isinstance(t, dict):
            raise error(where, _hide(t, key), f"a table [{where}]")
        kind = t.get("kind")
        if kind not in GROUP_KINDS:
            raise error(f"{where}.kind", _hide(kind, "kind"), f"one of {', '.join(GROUP_KINDS)}")
        if "webhook_env" not in t:
            need = "the NAME of the environment variable holding this group's webhook URL"
            raise error(f"{where}.webhook_env", None, need)
        out[key] = _channel(kind, {k: v for k, v in t.items() if k != "kind"}, error, where)
    return out


def _channel(kind: str, t: Mapping[str, Any], error: Error, where: str = "") -> Channel:
    where = where or f"channels.{kind}"
    allowed = {
        "outbox": ("folder",),
        "email": ("host", "port", "security", "user", "from_addr", "password_env", "timeout_s"),
    }.get(kind, ("webhook_env", "secret_env", "per_second", "per_minute", "timeout_s"))
    for key in t:
        if key not in allowed:
            keys = ", ".join(allowed)
            raise error(f"{where}.{key}", _unknown(t[key], key), f"one of the keys {keys}")
    timeout = _number(t, f"{where}.timeout_s", 10.0, 0.1, 600, error)
    if kind == "outbox":
        return Channel(kind, folder=Path(_text(t, f"{where}.folder", "data/outbox", error)))
    if kind == "email":
        host = _text(t, f"{where}.host", "", error)
        if not host:
            raise error(f"{where}.host", host, "the SMTP server's host name, e.g. 'smtp.qq.com'")
        security = _text(t, f"{where}.security", "starttls", error)
        if security not in ("starttls", "ssl", "none"):
            raise error(f"{where}.security", security, "'starttls', 'ssl' or 'none'")
        port = _number(t, f"{where}.port", 465 if security == "ssl" else 587, 1, 65535, error, True)
        from_addr = _text(t, f"{where}.from_addr", "", error)
        if "@" not in from_addr:
            raise error(f"{where}.from_addr", from_addr, "the sender's address, a@example.com")
        return Channel(
            kind, timeout_s=timeout, host=host, port=int(port), security=security,
            user=_text(t, f"{where}.user", "", error), from_addr=from_addr,
            password_env=_env(t, f"{where}.password_env", "COLLABSHEET_SMTP_PASSWORD", error),
        )  # fmt: skip
    hook, secret, per_s, per_min = _BOT_DEFAULTS[kind]
    if where.startswith("channels.destinations."):  # its own variables, or none for a secret
        secret = secret and t.get("secret_env", "")
    return Channel(
        kind,
        webhook_env=_env(t, f"{where}.webhook_env", hook, error),
        secret_env=_env(t, f"{where}.secret_env", secret, error) if secret else "",
        per_second=int(_number(t, f"{where}.per_second", per_s, 0, 100, error, whole=True)),
        per_minute=int(_number(t, f"{where}.per_minute", per_min, 0, 10000, error, whole=True)),
        timeout_s=timeout,
    )


def _hide(value: Any, key: str = "") -> Any:
    """A value that looks like a URL or secret is never echoed into an error message: the
    error names its key (``config.secrets.shown``)."""
    return shown(key, value, strict=True)


def _unknown(value: Any, key: str) -> Hidden:
    """The value of a key the table does not know, for its error: ``Hidden`` (keep it in an
    environment variable) when it looks secret, else ``Unknown``: never printed either way
    (trial21: ``pasword = …`` printed the password)."""
    shown_as = _hide(value, key)
    return shown_as if isinstance(shown_as, Hidden) else Unknown()


def _env(t: Mapping[str, Any], key: str, default: str, error: Error) -> str:
    value = t.get(key.rsplit(".", 1)[-1], default)
    if not isinstance(value, str) or not _ENV_NAME.match(value):
        raise error(
            key,
            _hide(value, key),
            "the NAME of an environment variable, e.g. 'COLLABSHEET_FEISHU_WEBHOOK' "
            "(put the URL or secret itself in that variable, never in the config file)",
        )
    return value


def _text(t: Mapping[str, Any], key: str, default: str, error: Error) -> str:
    value = t.get(key.rsplit(".", 1)[-1], default)
    if not isinstance(value, str):
        raise error(key, value, "a quoted string")
    return value


def _number(
    t: Mapping[str, Any], key: str, default: float, lo: float, hi: float, error: Error,
    whole: bool = False,
) -> float:  # fmt: skip
    value = t.get(key.rsplit(".", 1)[-1], default)
    kinds = int if whole else int | float
    if isinstance(value, bool) or not isinstance(value, kinds) or not lo <= value <= hi:
        raise error(key, value, f"a {'whole ' if whole else ''}number from {lo:g} to {hi:g}")
    return float(value)
