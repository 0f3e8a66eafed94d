"""Build the Notifier of each configured channel, with its secrets from the environment."""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Callable, Mapping

from config.channels import Channel, Channels
from config.secrets import remember
from jobs.notify import Message, Notifier, Outcome
from jobs.notify.dingtalk import DingTalkNotifier
from jobs.notify.email import EmailNotifier
from jobs.notify.feishu import FeishuNotifier
from jobs.notify.limits import RateLimiter, WaitBudget
from jobs.notify.outbox import OutboxNotifier
from jobs.notify.slack import SlackNotifier
from jobs.notify.wecom import WeComNotifier

WECOM_KEY = "COLLABSHEET_WECOM_KEY"
WECOM_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key="


class Unconfigured:
    """A channel whose webhook variable is empty: a permanent, explained failure."""

    def __init__(self, name: str) -> None:
        self.name = name

    def send(self, message: Message) -> Outcome:
        return Outcome(False, False, f"environment variable {self.name} is not set")


def notifier(ch: Channel) -> Notifier:
    """The Notifier for one channel (secrets read now, from the environment only)."""
    if ch.kind == "outbox":
        return OutboxNotifier(ch.folder)
    if ch.kind == "email":
        return EmailNotifier(
            ch.host, ch.port, ch.from_addr, ch.user, ch.env("password_env"), ch.security,
            ch.timeout_s,
        )  # fmt: skip
    url = ch.env("webhook_env")
    if not url and ch.kind == "wecom" and os.environ.get(WECOM_KEY):  # the key alone will do
        url = WECOM_URL + urllib.parse.quote(os.environ[WECOM_KEY])
    if not url:
        return Unconfigured(ch.webhook_env)
    if ch.kind == "feishu":
        return FeishuNotifier(url, ch.env("secret_env"), ch.timeout_s)
    if ch.kind == "dingtalk":
        return DingTalkNotifier(url, ch.env("secret_env"), ch.timeout_s)
    if ch.kind == "wecom":
        return WeComNotifier(url, ch.timeout_s)
    return SlackNotifier(url, ch.timeout_s)


def notifiers(channels: Channels) -> dict[str, Notifier]:
    secrets(channels)  # remembered for redaction before anything is sent
    return {name: notifier(ch) for name, ch in channels.channels.items()}


def limiters(
    channels: Channels,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    history: Mapping[str, tuple[list[float], float]] | None = None,
) -> dict[str, RateLimiter]:
    """One limiter per destination (each channel is one webhook or one mail server), all
    sharing one waiting budget: a run waits at most ``max_wait_s`` in total. ``history``:
    per destination, the ages (s) of earlier runs' sends and the wait still asked for."""
    budget = WaitBudget(channels.max_wait_s)
    # the second's window 10 % longer: Slack's 1/s has no count to take a margin from, and the
    # limiter times a send as it starts, not as it arrives (trial23: 0.99 s apart, a 429)
    out = {
        name: RateLimiter(((ch.per_second, 1.1), (ch.per_minute, 60.0)), clock, sleep, budget)
        for name, ch in channels.channels.items()
    }
    for name, (ages, blocked) in (history or {}).items():
        if name in out:
            out[name].seed(ages, blocked)
    return out


def secrets(channels: Channels) -> list[str]:
    """Every secret value in the environment for the configured channels (for redaction;
    also remembered, so every log record and notifier error hides them)."""
    out: list[str] = []
    for ch in channels.channels.values():
        for which in ("webhook_env", "secret_env", "password_env"):
            value = ch.env(which) if ch.kind != "outbox" else None
            if value:
                out.append(value)
        if ch.kind == "wecom" and os.environ.get(WECOM_KEY):
            out.append(os.environ[WECOM_KEY])
    remember(out)
    return out
