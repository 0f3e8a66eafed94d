"""Renders docs/messages/: one example of each message kind on the demo workbook, per channel,
as it is sent: chat payloads as the JSON body each bot receives (cut into numbered parts where
the channel's limits require, one file per part), e-mails as their HTML part and a PNG of it
made by headless Chromium (Debian's, through Playwright's ``executable_path``).

    .venv/bin/python docs/messages/render.py

The demo is planned at Friday 2026-11-27 10:00 with every department on the channel shown;
links are those of a Google spreadsheet (id ``DEMO``), so they are clickable in every channel.
Feishu and DingTalk bodies are shown unsigned (a signature changes every second).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from config.settings import settings_from_dict  # noqa: E402
from jobs.notify import Message, dingtalk, feishu, parts, slack, wecom  # noqa: E402
from jobs.notify.email import build  # noqa: E402
from jobs.notify.escaping import html_text  # noqa: E402
from jobs.reminders import assignments  # noqa: E402
from jobs.reminders.routing import announced, plan  # noqa: E402
from jobs.sla.status import sla_of  # noqa: E402
from sheets_sync.demo import generate  # noqa: E402
from sheets_sync.workbook import parse_workbook  # noqa: E402

NOW = dt.datetime(2026, 11, 27, 10, 0)
FAILED = (("digest:P009:2026-11-26", "failed: code 19024: key words not found"),)
# kind -> (file name, what it is, the key prefix of its messages)
KINDS = {
    "reminder": ("reminder", "个人每日提醒 / a person's daily reminder", "digest:P"),
    "digest": ("digest", "部门群每日提醒 / a department group's daily digest", "digest:D"),
    "escalation": ("escalation", "紧急升级（3 级）/ an urgent level-3 escalation", "escalation:"),
    "head": ("head", "部门负责人升级清单 / a department head's escalation list", "head:"),
    "coordinators": ("coordinators", "协调员会议清单 / the coordinators' list", "meeting:"),
    "assignment": ("assignment", "新任务通知 / a new assignment", "assigned:"),
}
CHATS: dict[str, Callable[[Message], dict[str, Any]]] = {
    "feishu": lambda m: feishu.body(m, None, 0),
    "dingtalk": dingtalk.body,
    "wecom": wecom.body,
    "slack": slack.body,
}
FITS = {
    "feishu": feishu.FeishuNotifier("https://open.feishu.cn/open-apis/bot/v2/hook/x", None).fit,
    "dingtalk": dingtalk.DingTalkNotifier("https://oapi.dingtalk.com/robot/send?x=1").fit,
    "wecom": wecom.WeComNotifier("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x").fit,
    "slack": slack.SlackNotifier("https://hooks.slack.com/services/x").fit,
}
FROM = "协作提醒 <bot@example.com>"
MAIL = {"host": "127.0.0.1", "port": 25, "from_addr": FROM}


def link(title: str, cell: str) -> str:
    """A Google spreadsheet's link to a cell (``GoogleBackend.link``), tab ids made stable."""
    gid = sum(map(ord, title)) * 7919 % 2_000_000_000
    return f"https://docs.google.com/spreadsheets/d/DEMO/edit#gid={gid}&range={cell}"


def planned(channel: str) -> list[Message]:
    """The demo's messages with every department on ``channel`` (and e-mail configured)."""
    channels: dict[str, Any] = {"default": channel, "email": MAIL}
    if channel != "email":
        channels[channel] = {}
    s = settings_from_dict({"channels": channels})
    wb = parse_workbook(generate(NOW.date(), seed=7), s)
    result = sla_of(wb, s.sla_section, NOW).result
    # as if the previous run was a day ago and its _sla did not list the tasks handed off since
    fresh = assignments.new(assignments.current(wb), {}, (), NOW - dt.timedelta(days=1), {})
    fresh = assignments.detailed(wb, result, fresh, NOW)
    return plan(wb, result, s, NOW, link, FAILED) + announced(wb, s, NOW, link, fresh)


def example(messages: list[Message], prefix: str) -> Message | None:
    """The first message of a kind with more than one item (else the first of it)."""
    mine = [m for m in messages if m.key.startswith(prefix)]
    fuller = [m for m in mine if sum(len(s.items) for s in m.sections) > 1]
    pick = fuller or mine
    return pick[0] if pick else None


def write_chat(channel: str, name: str, m: Message) -> list[str]:
    """Each part's JSON body as the bot receives it (UTF-8, no escapes)."""
    out = []
    pieces = parts.split(m, FITS[channel])
    for i, piece in enumerate(pieces, 1):
        suffix = f".part{i}" if len(pieces) > 1 else ""
        path = HERE / f"{name}.{channel}{suffix}.json"
        text = json.dumps(CHATS[channel](piece), ensure_ascii=False, indent=1)
        path.write_text(text + "\n", encoding="utf-8")
        out.append(path.name)
    return out


def write_mail(name: str, m: Message) -> Path:
    mail = build(m, FROM, dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC))
    html = mail.get_body(("html",))
    assert html is not None
    page = HERE / f"{name}.email.html"
    head = (f"<p><b>{html_text(m.subject)}</b><br>To: {html_text(m.name)} "
            f"&lt;{html_text(m.recipient)}&gt;</p><hr>")  # fmt: skip
    body = str(html.get_content()).replace("<body>", "<body>" + head, 1)
    page.write_text(body, encoding="utf-8")
    return page


def shoot(pages: list[Path]) -> None:
    """Each e-mail's HTML as a PNG beside it (headless Debian Chromium)."""
    from playwright.sync_api import sync_playwright

    from dashboard.serve.launch import CHROMIUM_ARGS, chromium

    exe = chromium()
    if exe is None:
        raise SystemExit("chromium is not installed: apt-get install chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=list(CHROMIUM_ARGS))
        try:
            tab = browser.new_page(viewport={"width": 900, "height": 600})
            for page in pages:
                tab.goto(page.as_uri())
                tab.screenshot(path=str(page.with_suffix(".png")), full_page=True)
        finally:
            browser.close()


def main() -> None:
    files: dict[str, dict[str, list[str]]] = {k: {} for k in KINDS}
    pages = []
    for channel in ("email", *CHATS):
        messages = planned(channel)
        for kind, (name, _, prefix) in KINDS.items():
            m = example(messages, prefix)
            if m is None:
                continue
            if channel == "email":
                m = dataclasses.replace(m, channel="email", group=False)
                pages.append(write_mail(name, m))
                files[kind]["email"] = [f"{name}.email.png", f"{name}.email.html"]
            elif m.group:  # a person's own list goes by e-mail, never to a group
                files[kind][channel] = write_chat(channel, name, m)
    shoot(pages)
    (HERE / "index.json").write_text(
        json.dumps({"planned_at": str(NOW), "files": files}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    for kind, by_channel in files.items():
        print(kind, {c: len(f) for c, f in by_channel.items()})


if __name__ == "__main__":
    main()
