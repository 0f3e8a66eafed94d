"""Redaction that holds (issue 16, item 6): every configured secret and every webhook URL's
path, query and token, raw, URL-encoded and JSON-escaped, stays out of every output, even
when a service echoes it back in its error body; a secret typed into the config is refused
by naming its key, never by printing its value."""

from __future__ import annotations

import base64
import email
import html
import json
import logging
import urllib.parse
import zipfile
from collections.abc import Iterator
from email.message import Message as Mail
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from config.errors import ConfigError
from config.secrets import redact
from config.settings import load_settings, settings_from_dict
from dashboard.auth import SCOPE_KEY
from dashboard.registry import PAGES
from dashboard.text import TEXT
from jobs.run.cli import main
from sheets_sync.xlsx import write_xlsx
from tests.support.dashboard import (
    APP,
    forget_reads,
    frames,
    open_page,
    point_at,
    start,
    texts,
    unescape,
)
from tests.support.mutations import add_rows, put
from tests.support.reminders import raw
from tests.support.webhooks import echo_forms, echoing

HOOK = "https://open.feishu.cn/open-apis/bot/v2/hook/5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"
DING = "https://oapi.dingtalk.com/robot/send?access_token=9d8c7b6a5f4e3d2c1b0a"
USERINFO = "https://bot:S3cretPassw0rd@hooks.example.com/robot/send?access_token=9d8c7b6a5f4e"


def forms(secret: str) -> set[str]:
    """The forms a secret must never take in an output: raw, URL-encoded (upper and lower
    hex, ``+``), encoded twice, JSON-escaped with ``\\/``."""
    once = urllib.parse.quote(secret, safe="")
    return {
        secret, once, once.lower(), urllib.parse.quote_plus(secret),
        urllib.parse.quote(once, safe=""), json.dumps(secret)[1:-1].replace("/", "\\/"),
    }  # fmt: skip


def parts(url: str) -> set[str]:
    """A webhook URL's secret parts: itself, its path (when it holds the token), its query and
    its token."""
    split = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(split.query))
    token = query.get("access_token") or query.get("key") or split.path.rsplit("/", 1)[-1]
    out = {url, token, split.query} if split.query else {url, token, split.path}
    return {p for p in out if p}


@pytest.mark.parametrize("url", [HOOK, DING])
def test_every_form_of_a_webhook_url_and_its_token_is_redacted(url: str) -> None:
    text = "answer: " + " | ".join(sorted(f for p in parts(url) for f in forms(p)))
    out = redact(text, [url])
    for p in parts(url):
        for f in forms(p):
            assert f not in out, f
    assert out.startswith("answer: ***")


def test_an_echo_is_redacted_in_every_form_the_service_wrote() -> None:
    path = "/robot/send?access_token=9d8c7b6a5f4e3d2c1b0a&timestamp=1&sign=abc%2Bdef%3D"
    out = redact(json.dumps({"errmsg": echo_forms(path)}), ["https://x" + path])
    assert "9d8c7b6a5f4e3d2c1b0a" not in out and "abc%2Bdef" not in out
    assert "invalid token ***" in out


PASSWORD = "smtpPASSw0rd-9f8e7d6c"
AUTH_PLAIN = base64.b64encode(b"\0bot@example.com\0" + PASSWORD.encode())  # SMTP AUTH PLAIN


@pytest.mark.parametrize(
    ("echo", "secret"),
    [  # what a relay, a proxy or a debugging SMTP server quoted back (trial9)
        (f"550 5.7.1 session auth {AUTH_PLAIN!r}", PASSWORD),
        (f"b64={base64.b64encode(HOOK.encode()).decode()}", HOOK),
        (f"b64url {base64.urlsafe_b64encode(b'9d8c7b6a5f4e3d2c1b0a').decode()}", DING),
        (f"b64 at an offset {base64.b64encode(b'xy9d8c7b6a5f4e3d2c1b0a').decode()}", DING),
        (f"token invalid: {'5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b'[:12]}…", HOOK),
        (f"(password starts {PASSWORD[:12]})", PASSWORD),
    ],
)
def test_a_secret_echoed_in_base64_or_by_its_start_is_redacted(echo: str, secret: str) -> None:
    out = redact(echo, [secret])
    assert out != echo and "***" in out, out
    for value in {secret, *parts(secret)}:
        blob = value.encode()
        for k in range(3):  # any base64 holding it keeps at most a few of its characters
            core = base64.b64encode(b"\0" * k + blob + b"\0\0").decode()[3:-6]
            assert len(core) < 8 or core not in out, (core, out)
    assert PASSWORD[:12] not in out and "5f0c1a2b-3c4" not in out


UTF8_PASSWORD = "Pässwort-密码-2026xyz"  # supported since trial12


@pytest.mark.parametrize(
    ("echo", "secret", "kept"),
    [  # trial21: how a service quoted what it was sent, and what a form of it looked like
        ("invalid token 5F0C1A2B-3C4D-4E5F-8A9B-0C1D2E3F4A5B", HOOK, "5F0C1A2B-3C4D"),
        (f"sender rejected for login with password {UTF8_PASSWORD.encode()!r}", UTF8_PASSWORD,
         "\\xc3\\xa4sswort"),
        ("token wec0mKeySe... is invalid",
         "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wec0mKeySecret-7a1b9c2d3e4f",
         "wec0mKeySe"),
        ("token ending in ...8d7c6b5a41",
         "https://open.feishu.cn/open-apis/bot/v2/hook/fsTOKEN-77aa66bb55cc-8d7c6b5a41",
         "8d7c6b5a41"),
        (f"token hex {b'9d8c7b6a5f4e3d2c1b0a'.hex()}", DING, "39643863"),
        (f"TOKEN HEX {b'9d8c7b6a5f4e3d2c1b0a'.hex().upper()}", DING, "39643863"),
    ],
)  # fmt: skip
def test_a_secret_in_another_case_as_bytes_hex_or_by_its_end_is_redacted(
    echo: str, secret: str, kept: str
) -> None:
    out = redact(echo, [secret])
    assert "***" in out and kept.lower() not in out.lower(), out


@pytest.mark.parametrize(
    "link",
    [  # review11: masked as tokens before
        "https://wiki.corp.com/pages/viewpage.action?spaceKey=OPS&title=Runbook",
        "https://intranet.corp.com/services/it/helpdesk",
        "https://x.example.com/a?design=v2&monkey=1",
    ],
)
def test_ordinary_links_are_not_masked(link: str) -> None:
    assert redact(link) == link


def test_a_passphrase_password_masks_no_word_of_it() -> None:
    """review23: every 8+ start and end of a 20+ password was masked, in any case: with the
    password collabsheet-production-2026, "collabsheet production report" lost its first word.
    A password is hidden whole (and by its first 12 characters); a webhook token by its ends."""
    password = "collabsheet-production-2026"
    assert redact("collabsheet production report, Production 2026", [password]) == (
        "collabsheet production report, Production 2026"
    )
    assert redact(f"login {password.upper()} refused", [password]) == "login *** refused"
    url = "https://oapi.dingtalk.com/robot/send?msgtype=markdown&access_token=9d8c7b6a5f4e3d2c1b0a"
    assert redact("按 Markdown 格式发送 markdown", [url]) == "按 Markdown 格式发送 markdown"


def test_a_text_whose_lower_case_is_longer_is_still_redacted_in_any_case() -> None:
    """The long forms are matched in the lower-cased text; İ lower-cases to two characters,
    so the places differ: matched with the case-insensitive flag instead."""
    out = redact("İstanbul: invalid token 5F0C1A2B-3C4D-4E5F-8A9B-0C1D2E3F4A5B", [HOOK])
    assert out == "İstanbul: invalid token ***"


def test_a_teams_webhook_path_is_masked() -> None:
    """trial21: a Microsoft Teams incoming-webhook URL typed into a cell went to _checks whole
    up to the cell's cut (its key was past it that time)."""
    url = ("https://contoso.webhook.office.com/webhookb2/8f2c1a90-1111-2222-3333-444455556666@"
           "aaaa/IncomingWebhook/0123456789abcdef/7777")  # fmt: skip
    out = redact(f"webhook {url} typed in 备注")
    assert out == "webhook https://contoso.webhook.office.com/webhookb2/*** typed in 备注"


@pytest.mark.parametrize(
    ("text", "secrets", "expected"),
    [
        (
            "see https://alice:hunter2pw@intranet.corp.com/wiki",
            [],
            "see https://alice:***@intranet.corp.com/wiki",
        ),
        (
            "POST http://bot:S3cretPassw0rd@hooks.example.com/robot/send refused",
            [],
            "POST http://bot:***@hooks.example.com/robot/send refused",
        ),
        # a configured URL's password quoted without the URL round it, in any case
        ("proxy auth failed for bot:S3cretPassw0rd", [USERINFO], "proxy auth failed for ***"),
        ("password S3CRETPASSW0RD refused", [USERINFO], "password *** refused"),
        # an address and a path holding @ are no password, nor a time or a query (review25)
        (
            "mailto:a@b.com https://x.com/a@b user@corp.com",
            [],
            "mailto:a@b.com https://x.com/a@b user@corp.com",
        ),
        ("见https://a.cn，会议12:30@301室", [], "见https://a.cn，会议12:30@301室"),
        # a share link's extraction code and a signed URL's signature (trial26)
        (
            "资料 https://pan.baidu.com/s/1abcDEF?pwd=k9x2 提取",
            [],
            "资料 https://pan.baidu.com/s/1abcDEF?pwd=*** 提取",
        ),
        (
            "https://f.example.com/a?sig=abc123&signature=Zz9",
            [],
            "https://f.example.com/a?sig=***&signature=***",
        ),
        ("https://x.com/a?swpwd=1&design=v2", [], "https://x.com/a?swpwd=1&design=v2"),
        ("http://h.cn:8080?to=a@b.com", [], "http://h.cn:8080?to=a@b.com"),
    ],
)
def test_a_password_in_a_link_is_masked(text: str, secrets: list[str], expected: str) -> None:
    """A link's ``user:password@`` part (a proxy, a file share, a webhook behind basic
    authentication) was shown whole, and a configured URL's password when quoted alone."""
    assert redact(text, secrets) == expected


def test_ordinary_text_is_not_masked_by_the_new_forms() -> None:
    text = (
        "任务 T000123 已超时 12.5 工作小时；见 https://open.feishu.cn/open-apis/bot/v2/hook/ 说明"
    )
    assert redact(text, [HOOK, DING, PASSWORD]) == text


# ----------------------------------------------------------------------------- the config file


@pytest.mark.parametrize(
    ("table", "key", "value"),
    [
        ("channels.feishu", "secret_env", "SECfs-sign-3e7b"),  # a secret under 40 characters
        ("channels.feishu", "webhook_env", HOOK),
        ("channels.dingtalk", "webhook_env", "9d8c7b6a5f4e3d2c1b0a"),
        ("channels.email", "password_env", "hunter2-pw"),
        ("channels.wecom", "key", "wc-key-2a6f"),  # an unknown key holding the secret itself
        ("channels", "feishu_webhook", HOOK),
        # a mistyped password key (trial21: pasword's value was printed); any unknown key's
        # value is never shown, whatever it looks like
        ("channels.email", "pasword", "Hunter2Hunter2"),
        ("channels.email", "pwd", "hunter2"),
        ("channels.feishu", "webhok", "not-like-a-url"),
        ("plan", "pasword", "Geheim-Pass-2026!"),  # review23: other tables' unknown keys too
        ("weekly", "smtp_pwd", "Geheim-Pass-2026!"),
        ("survey", "pasword", "Geheim-Pass-2026!"),
        ("sla", "pasword", "Geheim-Pass-2026!"),
        ("survey_import", "pasword", "Geheim-Pass-2026!"),
    ],
)
def test_a_secret_in_the_config_is_refused_by_its_key_never_printed(
    tmp_path: Path, table: str, key: str, value: str
) -> None:
    extra = 'host = "smtp.example.com"\nfrom_addr = "bot@example.com"\n' if "email" in table else ""
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[{table}]\n{extra}{key} = "{value}"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(cfg)
    text = str(err.value)
    assert f"{table}.{key}" in text and ("value not shown" in text or "<not shown>" in text)
    assert value not in text and value[:8] not in text


def test_an_ordinary_bad_value_is_still_shown() -> None:
    with pytest.raises(ConfigError, match=r"channels\.max_wait_s = 'soon' is not valid"):
        settings_from_dict({"channels": {"max_wait_s": "soon"}})


# ----------------------------------------------------------------------------- every output


@pytest.fixture
def hostile() -> Iterator[str]:
    with echoing() as url:
        yield url


def _texts(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` as text: workbooks unzipped (XML entities decoded), mails
    decoded part by part, anything else (journal, database) as its bytes."""
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
            out[str(path)] = html.unescape(xml)
        elif path.suffix == ".eml":
            mail: Mail = email.message_from_bytes(path.read_bytes())
            bodies = [
                p.get_payload(decode=True).decode("utf-8", "replace")  # type: ignore[union-attr]
                for p in mail.walk() if not p.is_multipart()
            ]  # fmt: skip
            out[str(path)] = str(mail["Subject"]) + "\n" + "\n".join(bodies)
        else:
            out[str(path)] = path.read_bytes().decode("utf-8", "replace")
    return out


def test_tokens_echoed_by_services_reach_no_output(
    tmp_path: Path, hostile: str, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)
    secrets = _echoed_runs(tmp_path, hostile, monkeypatch)
    out = capsys.readouterr()
    seen = {"stdout": out.out, "stderr": out.err, "log": caplog.text, **_texts(tmp_path)}
    mails = [name for name in seen if name.endswith(".eml")]
    assert any("310000" in seen[m] or "19021" in seen[m] for m in mails)  # reasons are there
    assert "invalid token ***" in "".join(seen.values())  # the echo arrived, redacted
    for name, value in secrets.items():
        for piece in parts(value) if "://" in value else {value}:
            for form in forms(piece):
                leaks = [where for where, text in seen.items() if form in text]
                assert leaks == [], f"{name} ({form}) in {leaks}"


def _echoed_runs(tmp_path: Path, hostile: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Two ``remind`` runs of ``tmp_path/book.xlsx`` against the echoing service ``hostile``,
    with a secret for every channel in the environment; returns those secrets."""
    secrets = {
        "COLLABSHEET_FEISHU_WEBHOOK": f"{hostile}/open-apis/bot/v2/hook/fs-hook-7f3a9c0d",
        "COLLABSHEET_FEISHU_SECRET": "fs-sign-secret-51b2",
        "COLLABSHEET_DINGTALK_WEBHOOK": f"{hostile}/robot/send?access_token=dt-token-8e1d5a",
        "COLLABSHEET_DINGTALK_SECRET": "SECdt-sign-secret-94c0",
        "COLLABSHEET_WECOM_WEBHOOK": f"{hostile}/cgi-bin/webhook/send?key=wc-key-2a6f7b",
        "COLLABSHEET_SLACK_WEBHOOK": f"{hostile}/services/T0/B0/slack-path-c4d8e9",
    }
    for k, v in secrets.items():
        monkeypatch.setenv(k, v)
    book = tmp_path / "book.xlsx"
    write_xlsx(book, raw(
        put("departments", 1, "channel", "slack"),
        put("departments", 4, "channel", "wecom"),
        add_rows("tasks", ["K5", "PJ1", 2, "交付", "D04", "P06", "2026-11-20 09:00",
                           "2026-11-20 10:00", "2026-11-25 17:00", "", "doing", "", ""]),
    ))  # fmt: skip
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'[workbook]\npath = "{book.as_posix()}"\n'
        f'[channels]\njournal = "{(tmp_path / "j.jsonl").as_posix()}"\n'
        f'[channels.outbox]\nfolder = "{(tmp_path / "outbox").as_posix()}"\n'
        "[channels.feishu]\n[channels.dingtalk]\n[channels.wecom]\n[channels.slack]\n",
        encoding="utf-8",
    )
    args = ["remind", "--config", str(cfg), "-q"]
    assert main([*args, "--at", "2026-11-27 09:00"]) == 1  # every group bot refused
    assert main([*args, "--at", "2026-11-30 09:00"]) in (0, 1)  # Monday: the meeting lists
    return secrets


# ----------------------------------------------------------------------------- the dashboard


def _shown(at: AppTest) -> list[str]:
    """Everything a page shows: the rendered texts (also with markdown escapes undone), every
    dataframe cell, header and index, and every element's message as Streamlit sends it."""
    out = texts(at)
    out += [unescape(t) for t in out]
    for frame in frames(at):
        cells = (*frame.astype(str).to_numpy().ravel(), *frame.columns, *frame.index)
        out.extend(str(c) for c in cells)
    nodes: list[Any] = [at._tree]
    while nodes:
        node = nodes.pop()
        nodes.extend(getattr(node, "children", {}).values())
        if getattr(node, "proto", None) is not None:
            out.append(str(node.proto))
    return out


def _every_page(at: AppTest) -> dict[str, list[str]]:
    """What each page shows, its on-request views (the progress tabs, every toggle) opened."""
    seen: dict[str, list[str]] = {}
    for spec in PAGES:
        open_page(at, spec.file)
        views = ["按项目", "时间线", "任务清单"] if spec.key == "progress" else [None]
        for view in views:
            if view is not None:
                at.session_state["progress_view"] = view
                at.run()
            assert not at.exception, (spec.key, view, [e.value for e in at.exception])
            assert not at.error and at.title[0].value == TEXT["zh-CN"][f"page.{spec.key}"]
            seen[f"{spec.key}/{view}"] = _shown(at)
            for toggle in [*at.toggle, *at.checkbox]:
                toggle.set_value(True)
            at.run()
            assert not at.exception, (spec.key, view, [e.value for e in at.exception])
            seen[f"{spec.key}/{view}/opened"] = _shown(at)
    return seen


def test_tokens_echoed_by_services_reach_no_dashboard_page(
    tmp_path: Path, hostile: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets = _echoed_runs(tmp_path, hostile, monkeypatch)
    book = tmp_path / "book.xlsx"
    users = {"alice": {"password": "a-pw", "depts": ["D01"]}}
    viewers: dict[str, dict[str, list[str]]] = {}
    for who, extra in (("unscoped", ""), ("D01", 'auth = "password"\nviewer_dept = true\n')):
        forget_reads()
        point_at(book, tmp_path, monkeypatch, extra)
        if who == "unscoped":
            at = start()
        else:
            at = AppTest.from_file(str(APP), default_timeout=60)
            at.secrets["collabsheet"] = {"users": users}
            at.run()
            at.text_input[0].input("alice")
            at.text_input[-1].input("a-pw")
            next(b for b in at.button if b.label in ("登录", "Sign in")).click().run()
            assert at.session_state[SCOPE_KEY] == frozenset({"D01"})
        assert not at.exception
        viewers[who] = _every_page(at)
    forget_reads()
    for name, value in secrets.items():
        for piece in parts(value) if "://" in value else {value}:
            for form in forms(piece):
                leaks = [
                    f"{who}:{page}"
                    for who, pages in viewers.items()
                    for page, shown in pages.items()
                    if any(form in text for text in shown)
                ]
                assert leaks == [], f"{name} ({form}) on {leaks}"
    overview = "\n".join(viewers["unscoped"]["overview/None"])
    assert "invalid token ***" in unescape(overview)  # the last run's message, redacted
