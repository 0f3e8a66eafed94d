"""Destinations per department (issue 17, item 1): a department's 通知群 names a key of
``[channels.destinations.KEY]`` with its own kind and webhook; each group receives only its
own department's messages; an unknown one is reported at its cell; ``channel`` alone still
works."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from config.errors import ConfigError
from config.settings import Settings, settings_from_dict
from jobs.run.envelope import run as run_job
from sheets_sync.memory import MemoryBackend
from tests.support.clocks import FakeClock
from tests.support.mutations import put
from tests.support.reminders import NOW, raw
from tests.support.webhooks import Receiver, StandIn, serving
from tests.support.workbooks import Raw, title

DESTS = {
    "rd": {"kind": "feishu", "webhook_env": "COLLABSHEET_RD_WEBHOOK"},
    "sales": {"kind": "feishu", "webhook_env": "COLLABSHEET_SALES_WEBHOOK"},
}


def _settings(tmp_path: Path, **extra: Any) -> Settings:
    return settings_from_dict({"channels": {
        "outbox": {"folder": str(tmp_path / "outbox")}, "journal": str(tmp_path / "j.jsonl"),
        "destinations": DESTS, **extra,
    }})  # fmt: skip


def _with_destinations(book: Raw, by_dept: dict[str, str]) -> Raw:
    rows = book[title("departments")]
    rows[0].append("destination")
    for row in rows[1:]:
        row.append(by_dept.get(row[0], ""))
    return book


@pytest.fixture
def groups(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Receiver]]:
    with serving() as rd, serving() as sales, serving() as default:
        clock = FakeClock()
        for name, rec in (("rd", rd), ("sales", sales), ("feishu", default)):
            rec.behave = [StandIn("feishu", clock)]
            var = (
                "COLLABSHEET_FEISHU_WEBHOOK"
                if name == "feishu"
                else f"COLLABSHEET_{name.upper()}_WEBHOOK"
            )
            monkeypatch.setenv(var, f"{rec.url}/open-apis/bot/v2/hook/{name}-hook-1234")
        monkeypatch.delenv("COLLABSHEET_FEISHU_SECRET", raising=False)
        yield {"rd": rd, "sales": sales, "feishu": default}


def _texts(rec: Receiver) -> str:
    """The titles of the posts received (a digest's names its department; an item's text may
    name other departments: a dispute's 涉及, a person's department)."""
    return "\n".join(r.body["content"]["post"]["zh_cn"]["title"] for r in rec.seen)


def test_two_departments_on_feishu_each_reach_only_their_own_group(
    tmp_path: Path, groups: dict[str, Receiver]
) -> None:
    book = _with_destinations(raw(put("departments", 1, "channel", "飞书")),
                              {"D01": "rd", "D02": "sales"})  # fmt: skip
    s = _settings(tmp_path, feishu={})
    clock = FakeClock()
    report = run_job("remind", s, MemoryBackend(book), NOW, clock=clock, sleep=clock.sleep)
    by_channel = {d.key: d.channel for d in report.deliveries}
    assert by_channel["digest:D01:2026-11-27"] == "rd"
    assert by_channel["digest:D02:2026-11-27"] == "sales"
    rd, sales = _texts(groups["rd"]), _texts(groups["sales"])
    assert "研发部" in rd and "销售部" not in rd
    assert "销售部" in sales and "研发部" not in sales
    assert groups["feishu"].seen == []  # nothing through the shared default group
    assert not any(f.rule == "remind.destination_unknown" for f in report.findings)


def test_an_unknown_destination_is_reported_at_its_cell_and_the_channel_is_used(
    tmp_path: Path, groups: dict[str, Receiver]
) -> None:
    book = _with_destinations(raw(), {"D02": "marketing"})
    s = _settings(tmp_path, feishu={})
    clock = FakeClock()
    report = run_job("remind", s, MemoryBackend(book), NOW, clock=clock, sleep=clock.sleep)
    found = [(f.tab, f.cell, f.value) for f in report.findings
             if f.rule == "remind.destination_unknown"]  # fmt: skip
    assert found == [("部门", "G3", "marketing")]
    assert {d.channel for d in report.deliveries if d.key.startswith("digest:D02")} == {"feishu"}
    assert "销售部" in _texts(groups["feishu"])


@pytest.mark.parametrize(
    ("dest", "key", "expected"),
    [
        ({"webhook_env": "X_WEBHOOK"}, "channels.destinations.d1.kind", "one of feishu"),
        ({"kind": "email", "webhook_env": "X"}, "channels.destinations.d1.kind", "one of"),
        ({"kind": "feishu"}, "channels.destinations.d1.webhook_env", "the NAME of"),
        ({"kind": "feishu", "webhook_env": "https://open.feishu.cn/open-apis/bot/v2/hook/abc"},
         "channels.destinations.d1.webhook_env", "value not shown"),
        ({"kind": "dingtalk", "webhook_env": "X", "secret_env": "SECabc123"},
         "channels.destinations.d1.secret_env", "value not shown"),
    ],
)  # fmt: skip
def test_a_destination_config_error_names_its_key(
    dest: dict[str, Any], key: str, expected: str
) -> None:
    with pytest.raises(ConfigError) as err:
        settings_from_dict({"channels": {"destinations": {"d1": dest}}})
    assert key in str(err.value) and expected in str(err.value)
    assert "abc" not in str(err.value) and "SECabc123" not in str(err.value)


def test_a_destination_named_like_a_kind_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"channels\.destinations\.feishu"):
        settings_from_dict({"channels": {"destinations": {"feishu": DESTS["rd"]}}})


def test_validate_lists_what_delivery_finds_in_the_sheets_and_a_webhook_once(
    tmp_path: Path,
) -> None:
    """``validate`` writes ``_checks`` with the webhook typed into a cell and the unknown 通知群
    a daily run lists, so it no longer erases them (trial18); a webhook typed for the group is
    the webhook finding alone, not also "add [channels.destinations.https://…]"."""
    hook = "https://oapi.dingtalk.com/robot/send?access_token=abc123secret"
    book = _with_destinations(raw(), {"D02": "marketing", "D03": hook})
    backend = MemoryBackend(book)
    report = run_job("validate", _settings(tmp_path), backend, NOW)
    found = sorted((f.rule, f.cell) for f in report.findings if f.rule.startswith("remind."))
    assert found == [("remind.destination_unknown", "G3"), ("remind.webhook_in_cell", "G4")]
    # the fix does not send people to type 飞书 there (trial19: an unknown 通知群 next)
    (fix,) = [f.fix() for f in report.findings if f.rule == "remind.webhook_in_cell"]
    assert "[channels.destinations]" in fix and "如 飞书" not in fix
    checks = "\n".join(str(row) for row in backend.tabs["_checks"])
    assert "remind.webhook_in_cell" in checks and "remind.destination_unknown" in checks
    assert "abc123secret" not in checks
