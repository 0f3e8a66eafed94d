"""Breached means past the deadline (issue 18, item 7): an open obligation is breached as soon
as the wall-clock time is past its due time, whatever the business clock says; the CLI, the
digest and the dashboard's pages all show that status, and the Progress board and the SLA page
count the same tasks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from config.settings import Settings
from jobs.reminders.routing import plan
from jobs.run.cli import main
from jobs.sla.status import by_task, compute, sla_of
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend, write_xlsx
from tests.support.mutations import put
from tests.support.reminders import raw
from tests.support.sla_cases import calendar, frame, stamp

FRIDAY_18 = "2026-11-27 18:00"  # the end of Friday's working hours
MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0)  # the next working minute: no business time between


def _case(key: str, kind: str, clock: str, ladder: tuple[float, ...]) -> dict[str, object]:
    return {
        "key": key, "kind": kind, "clock": clock, "start": "2026-11-23 09:00", "due": FRIDAY_18,
        "goal_h": 40, "at_risk_h": 10, "ladder": ladder,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("now", "status", "remaining", "level"),
    [
        # due exactly now: not yet past it
        (dt.datetime(2026, 11, 27, 18, 0), "at_risk", 0.0, 0),
        # one minute later (Friday 18:01, outside working hours): past it by the wall clock
        (dt.datetime(2026, 11, 27, 18, 1), "breached", 0.0, 1),
        # Saturday, Sunday, Monday 09:00: no working time has passed, still breached at level 1
        (dt.datetime(2026, 11, 28, 12, 0), "breached", 0.0, 1),
        (MONDAY_9, "breached", 0.0, 1),
        # Monday 17:00: 7 business hours past, still level 1 (level 2 at 8 h)
        (dt.datetime(2026, 11, 30, 17, 0), "breached", -7.0, 1),
        (dt.datetime(2026, 11, 30, 18, 0), "breached", -8.0, 2),
    ],
)
def test_past_the_deadline_is_breached_on_the_business_clock(
    now: dt.datetime, status: str, remaining: float, level: int
) -> None:
    out = compute(frame([_case("c:K", "completion", "business", (0, 8, 24))]), calendar(), now)
    got = (stamp(out["due_at"].iloc[0]), out["status"].iloc[0])
    assert got == (FRIDAY_18, status)
    assert (out["remaining_h"].iloc[0], out["level"].iloc[0]) == (remaining, level)


def test_a_dispute_past_its_window_goes_to_management_at_once() -> None:
    """Ladder (0, 0, 0): level 3 as soon as the due time is past, even with 0 h past on the
    business clock."""
    out = compute(frame([_case("d:D", "dispute", "business", (0, 0, 0))]), calendar(), MONDAY_9)
    assert (out["status"].iloc[0], out["level"].iloc[0]) == ("breached", 3)


def test_closed_obligations_keep_met_and_met_late() -> None:
    cases = [
        {**_case("c:on-time", "completion", "business", (0, 8, 24)), "end": FRIDAY_18},
        {**_case("c:late", "completion", "business", (0, 8, 24)), "end": "2026-11-28 10:00"},
    ]
    out = compute(frame(cases), calendar(), MONDAY_9)
    # done on Saturday: late by the wall clock, 0 business hours after the due time
    assert out["status"].tolist() == ["met", "met_late"]
    assert out["level"].tolist() == [0, 0]


def _friday_book() -> dict[str, list[list[object]]]:
    """The reminder workbook with K2 (P03, 王五) due Friday 18:00 (typed in due_at)."""
    return raw(put("tasks", 2, "due_at", FRIDAY_18))


def test_sla_json_at_monday_9_says_breached_and_dry_run_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.xlsx"
    write_xlsx(book, _friday_book())
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{book.as_posix()}"\n', encoding="utf-8")
    before = book.read_bytes()
    argv = ["sla", "--config", str(config), "--json", "--at", "2026-11-30 09:00", "--dry-run"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    k2 = next(o for o in data["obligations"] if o["key"] == "completion:K2")
    assert (k2["status"], k2["level"], k2["remaining_h"]) == ("breached", 1, 0.0)
    assert str(k2["due_at"]).startswith(FRIDAY_18)
    assert book.read_bytes() == before  # --dry-run: nothing written
    assert not (tmp_path / "book.bot.xlsx").exists() or "_sla" not in XlsxBackend(book).read()


def test_the_digest_says_overdue_not_at_risk() -> None:
    s = Settings()
    wb = parse_workbook(_friday_book(), s)
    result = sla_of(wb, s.sla_section, MONDAY_9).result
    messages = {m.key: m for m in plan(wb, result, s.remind_section, MONDAY_9, "{}!{}".format)}
    digest = messages["digest:P03:2026-11-30"]
    items = [i.text for sec in digest.sections for i in sec.items]
    assert items == [
        "任务 K2「2 交付」 · 执行人 王五（销售部） · 截止 11月27日（周五）18:00，"
        "已超时（已过 2 个自然日） · 您是执行人；超时提醒（1 级）：已超时，提醒执行人 · "
        "完成后在 任务进度!J3 填写完成时间"
    ]
    assert not any("剩余" in i for i in items)


def test_by_task_takes_the_worst_obligation_of_each_task() -> None:
    result = pd.DataFrame(
        {
            "kind": ["response", "completion", "completion", "approval", "dispute"],
            "ref": ["K1", "K1", "K2", "K3", "K1"],
            "status": ["breached", "on_track", "at_risk", "met", "breached"],
            "level": [2, 0, 0, 0, 3],
            "due_at": pd.to_datetime(
                ["2026-11-26 18:00", "2026-11-30 18:00", "2026-11-27 12:00", "2026-11-20 18:00",
                 "2026-11-25 10:00"]
            ),
        }
    )  # fmt: skip
    got = by_task(result)
    assert got["status"].to_dict() == {"K1": "breached", "K2": "at_risk", "K3": "met"}
    assert got["level"].to_dict() == {"K1": 2, "K2": 0, "K3": 0}  # the dispute DS "K1" is not
    # the board's timeline keeps the completion's due time, not the response's
    assert stamp(got.loc["K1", "due_at"]) == "2026-11-30 18:00"


@pytest.mark.usefixtures("fresh_dashboard_cache")
def test_the_progress_board_and_the_sla_page_count_the_same_tasks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the demo of today (the dashboard reads at the real time)."""
    from sheets_sync.demo import generate
    from tests.support.dashboard import open_page, point_at, read_moment, start, unescape

    demo_xlsx = tmp_path / "demo.xlsx"
    write_xlsx(demo_xlsx, generate(dt.datetime.now(Settings().zone).date()))
    point_at(demo_xlsx, tmp_path, monkeypatch)
    at = open_page(start(), "views/progress.py")
    board = {m.label: int(m.value) for m in at.metric}
    at = open_page(at, "views/sla_page.py")
    line = next(unescape(c.value) for c in at.caption if "按任务计" in c.value)
    # what the jobs say at the page's moment, counted by hand from the SLA result
    s = Settings()
    wb = parse_workbook(XlsxBackend(demo_xlsx).read(), s)
    result = sla_of(wb, s.sla_section, read_moment(at)).result
    tasks = result[result["kind"].isin(["response", "completion", "approval"])]
    breached = tasks.loc[tasks["status"] == "breached", "ref"].nunique()
    at_risk = tasks.loc[tasks["status"] == "at_risk", "ref"].drop_duplicates()
    at_risk = int((~at_risk.isin(tasks.loc[tasks["status"] == "breached", "ref"])).sum())
    assert breached > 0
    assert (board["已超时"], board["有风险"]) == (breached, at_risk)
    assert line.startswith(f"按任务计：{breached} 项已超时，{at_risk} 项有风险")


def test_a_task_late_to_respond_and_to_complete_is_one_urgent_message_per_person(
    demo_xlsx: Path, tmp_path: Path
) -> None:
    """trial15: a task found late for both its response and its completion, both at level 3 in
    one run, sent each manager two 【紧急升级】 mails about it. One mail now says both (each
    obligation keeps its ledger key); a later run sends neither again."""
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{demo_xlsx}"\n\n[channels]\njournal = '
                      f'"{tmp_path / "j.jsonl"}"\n\n[channels.outbox]\nfolder = '
                      f'"{tmp_path / "outbox"}"\n', encoding="utf-8")  # fmt: skip
    for at in ("2027-01-20 10:00", "2027-01-20 11:00"):
        assert main(["run", "daily", "--at", at, "--config", str(config), "-q"]) in (0, 1)
    mails = sorted(p.name for p in (tmp_path / "outbox").glob("escalation_*"))
    # escalation_completion_T000317_3_P001_1-….eml: the first key, "+1" other
    about = [m.split("_")[2] + "_" + m.split("_")[4].split("-")[0] for m in mails]
    assert len(about) == len(set(about))  # one mail per item and person
    both = [m for m in mails if m.split("-")[0].endswith("_1")]
    assert both, mails  # the demo has tasks late for both at once
    rows = XlsxBackend(demo_xlsx, demo_xlsx.with_name("demo.bot.xlsx")).read()["_reminders"]
    status = {str(r[0]): str(r[1]) for r in rows[1:]}
    for m in both:
        _, kind, task, level, person = m.split("-")[0].removesuffix("_1").split("_")
        other = "response" if kind == "completion" else "completion"
        assert status[f"escalation:{kind}:{task}:{level}:{person}"] == "已发送"
        assert status[f"escalation:{other}:{task}:{level}:{person}"] == "已发送"


def test_an_escalation_sent_at_night_counts_the_days_to_when_it_goes(
    demo_xlsx: Path, tmp_path: Path
) -> None:
    """trial17: a level-3 escalation goes at once on a Saturday, while the day's other messages
    wait for Monday; its 已过 N 个自然日 was counted to Monday (10 for a task 8 days late)."""
    import email
    import email.policy
    import re

    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{demo_xlsx}"\n\n[channels]\njournal = '
                      f'"{tmp_path / "j.jsonl"}"\n\n[channels.outbox]\nfolder = '
                      f'"{tmp_path / "outbox"}"\n', encoding="utf-8")  # fmt: skip
    outbox = tmp_path / "outbox"
    assert main(["run", "daily", "--at", "2026-12-04 09:00", "--config", str(config), "-q"]) in (
        0, 1)  # fmt: skip
    before = set(outbox.iterdir())
    saturday = dt.datetime(2026, 12, 12, 10, 0)
    args = ["run", "hourly", "--at", f"{saturday:%Y-%m-%d %H:%M}", "--config", str(config), "-q"]
    assert main(args) in (0, 1)
    sent = [p for p in outbox.iterdir() if p not in before and p.name.startswith("escalation_")]
    assert sent, "the demo has tasks reaching level 3 by that Saturday"
    counted = []
    for path in sent:
        mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        for m, d, hm, n in re.findall(
            r"截止 (\d+)月(\d+)日（周.）(\d\d:\d\d)，已超时 [\d.]+ \S+（已过 (\d+) 个自然日）", body
        ):
            due = dt.datetime.strptime(f"2026-{m}-{d} {hm}", "%Y-%m-%d %H:%M")
            counted.append((int(n), (saturday - due).days))
    assert counted and all(n == days for n, days in counted), counted
