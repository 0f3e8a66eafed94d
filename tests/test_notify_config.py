"""The [channels] config and the local outbox (issue 5, items 2, 7 and the outbox default)."""

from __future__ import annotations

import json
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from config.errors import ConfigError
from config.settings import Settings, settings_from_dict
from jobs.notify import Item, Message, Section, redact
from jobs.notify.factory import Unconfigured, notifier, secrets
from jobs.notify.outbox import OutboxNotifier


def test_defaults_are_the_offline_outbox() -> None:
    ch = Settings().channels
    assert list(ch.channels) == ["outbox"] and ch.default == "outbox" and ch.quiet_hours
    assert ch.route("feishu") == "outbox" and ch.route(None) == "outbox"


def test_a_full_config() -> None:
    s = settings_from_dict({"channels": {
        "default": "email", "max_attempts": 4,
        "email": {"host": "smtp.example.com", "security": "ssl", "user": "bot",
                  "from_addr": "bot@example.com"},
        "dingtalk": {"webhook_env": "DT_HOOK", "per_minute": 10},
    }})  # fmt: skip
    ch = s.channels
    assert ch.default == "email" and ch.max_attempts == 4
    assert ch.channels["email"].port == 465 and ch.channels["dingtalk"].per_minute == 10
    assert ch.channels["dingtalk"].secret_env == "COLLABSHEET_DINGTALK_SECRET"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"default": "feishu"}, ["channels.default", "'feishu'", "configured channel"]),
        ({"email": {"from_addr": "a@b.c"}}, ["channels.email.host", "SMTP server"]),
        ({"email": {"host": "h", "from_addr": "a@b.c", "security": "tls"}},
         ["channels.email.security", "'starttls', 'ssl' or 'none'"]),
        ({"slack": {"per_second": -1}}, ["channels.slack.per_second", "0 to 100"]),
        ({"teams": {}}, ["channels.teams", "one of"]),
        ({"quiet_hours": "yes"}, ["channels.quiet_hours", "true or false"]),
    ],
)  # fmt: skip
def test_config_errors_name_key_value_and_form(data: dict[str, object], words: list[str]) -> None:
    with pytest.raises(ConfigError) as err:
        settings_from_dict({"channels": data})
    for w in words:
        assert w in str(err.value)


def test_a_url_where_an_env_name_belongs_is_refused_without_echoing_it() -> None:
    url = "https://oapi.dingtalk.com/robot/send?access_token=tok-123456"
    with pytest.raises(ConfigError) as err:
        settings_from_dict({"channels": {"dingtalk": {"webhook_env": url}}})
    assert "tok-123456" not in str(err.value) and "environment variable" in str(err.value)
    with pytest.raises(ConfigError) as err:
        settings_from_dict({"channels": {"dingtalk": {"webhook": url}}})
    assert "tok-123456" not in str(err.value)


def test_a_channel_without_its_variable_fails_permanently_and_says_which(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("COLLABSHEET_SLACK_WEBHOOK", raising=False)
    ch = settings_from_dict({"channels": {"slack": {}}}).channels
    n = notifier(ch.channels["slack"])
    assert isinstance(n, Unconfigured)
    out = n.send(Message("k", "slack", "g", "s", "i"))
    assert not out.ok and not out.retryable and "COLLABSHEET_SLACK_WEBHOOK" in out.error
    monkeypatch.setenv("COLLABSHEET_SLACK_WEBHOOK", "https://hooks.slack.com/services/A/B/C")
    assert secrets(ch) == ["https://hooks.slack.com/services/A/B/C"]


def test_redact() -> None:
    text = "POST https://x/robot/send?access_token=abc&timestamp=1&sign=zz key=k1 secret-val"
    out = redact(text, ["secret-val"])
    assert "abc" not in out and "zz" not in out and "k1" not in out and "secret-val" not in out


def test_outbox_writes_one_file_per_message_and_a_resend_overwrites(tmp_path: Path) -> None:
    box = OutboxNotifier(tmp_path)
    mail = Message("digest:P01:2026-11-27", "outbox", "a@example.com", "【每日提醒】张三", "hi",
                   (Section("项目", (Item("K1", "book › tab!A1"),)),), name="张三")  # fmt: skip
    group = Message("escalation:response:K1:3", "outbox", "D01 研发部", "紧急", "hi", group=True)
    for m in (mail, group, mail):
        assert box.send(m).ok
    files = sorted(p.suffix for p in tmp_path.iterdir())
    assert files == [".eml", ".json"]
    eml = message_from_bytes(next(tmp_path.glob("*.eml")).read_bytes(), policy=policy.default)
    assert (
        eml["Subject"] == "【每日提醒】张三"
        and "book › tab!A1" in eml.get_body(("plain",)).get_content()
    )  # type: ignore[union-attr]
    assert json.loads(next(tmp_path.glob("*.json")).read_text())["key"] == group.key


def test_outbox_failure_is_retryable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = OutboxNotifier(blocker / "sub").send(Message("k", "outbox", "a@b.c", "s", "i"))
    assert not out.ok and out.retryable
