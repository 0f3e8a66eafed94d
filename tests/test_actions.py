"""``collabsheet actions``: the 整改清单 across projects: open actions with owner, due and
status, overdue first (issue 19, item 3)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from config.settings import SlaSettings
from jobs.rectification.action_list import action_list
from jobs.run.cli import main
from jobs.sla.status import sla_of
from sheets_sync.xlsx import write_xlsx
from tests.support.mutations import add_copy, apply
from tests.support.mutations import put as put_cell
from tests.support.workbooks import parse

NOW = dt.datetime(2026, 11, 27, 10, 0)


def workbook() -> dict[str, list[list[object]]]:
    """R1 done, R2 due 11-26 16:00 (overdue at NOW), R3 due 12-01, R4 without due, R5 without
    an action."""
    return apply(
        add_copy("retrospectives", 2, retro_id="R3", action="每周对账", action_owner="P03",
                 action_due="2026-12-01 18:00"),
        add_copy("retrospectives", 2, retro_id="R4", action="补充模板", action_due=""),
        add_copy("retrospectives", 2, retro_id="R5", action="", action_owner=""),
    )  # fmt: skip


def test_open_actions_overdue_first_then_by_due() -> None:
    items = action_list(parse(workbook()), NOW)
    # R4 has no 整改期限: due as the SLA times it, 24 working hours after its retrospective
    # (trial16: 未设期限 here, overdue in _sla and the reminders)
    assert [(a.retro_id, a.status) for a in items] == [
        ("R2", "overdue"), ("R4", "open"), ("R3", "open"), ("R5", "no_action")
    ]  # fmt: skip
    sla = sla_of(parse(workbook()), SlaSettings(), NOW).result.set_index("key")
    assert items[1].due == sla.loc["action:R4", "due_at"] == dt.datetime(2026, 11, 30, 16, 0)
    r2 = items[0]
    assert (r2.owner, r2.owner_name, r2.dept_id, r2.project, r2.cell) == (
        "P05", "孙七", "D03", "投诉处理", "复盘!H3"
    )  # fmt: skip
    # past due on the SLA clock, as `sla` and `remind` say it: 11-26 16:00-18:00 and 11-27
    # 09:00-10:00 are 3 working hours (18 on the wall clock)
    sla = sla_of(parse(workbook()), SlaSettings(), NOW).result.set_index("key")
    assert (r2.overdue_h, r2.clock) == (-sla.loc["action:R2", "remaining_h"], "business") == (
        3.0, "business"
    )  # fmt: skip


@pytest.mark.parametrize("typed", ["2026-11-27", "2026年11月27日", dt.date(2026, 11, 27)])
def test_a_due_date_alone_is_the_end_of_that_day_as_the_sla_counts_it(typed: object) -> None:
    """R3's action due typed as a date: open until 11-27 23:59, not overdue from its midnight
    nor from 18:00 (review: the list said 00:00 while `sla` said 23:59)."""
    raw = apply(add_copy("retrospectives", 2, retro_id="R3", action="每周对账",
                         action_owner="P03", action_due=typed))  # fmt: skip
    at_20 = NOW.replace(hour=20)
    r3 = next(a for a in action_list(parse(raw), at_20) if a.retro_id == "R3")
    assert (r3.due, r3.status) == (dt.datetime(2026, 11, 27, 23, 59), "open")
    sla = sla_of(parse(raw), SlaSettings(), at_20).result.set_index("key")
    assert sla.loc["action:R3", "due_at"] == r3.due


def test_the_longest_overdue_comes_first() -> None:
    raw = apply(put_cell("retrospectives", 1, "action_done_at", ""))  # R1 due 11-21: overdue
    assert [a.retro_id for a in action_list(parse(raw), NOW)] == ["R1", "R2"]


def test_done_actions_only_with_all() -> None:
    ids = [a.retro_id for a in action_list(parse(workbook()), NOW, include_done=True)]
    assert ids[-1] == "R1" and len(ids) == 5


@pytest.fixture
def config(tmp_path: Path) -> Path:
    write_xlsx(tmp_path / "book.xlsx", workbook())
    path = tmp_path / "c.toml"
    path.write_text(f'[workbook]\npath = "{tmp_path / "book.xlsx"}"\n', encoding="utf-8")
    return path


def test_cli_lists_them_in_chinese(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", "--config", str(config), "-q", "--at", "2026-11-27 10:00"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "整改清单（2026-11-27 10:00）：未完成 4 项，其中已超时 1 项"
    assert lines[1].split()[:5] == ["已超时", "3", "工作小时", "2026-11-26", "16:00"]
    assert "孙七（D03）" in lines[1] and lines[1].endswith("建群同步  [复盘!H3]")
    # 未到期, not 进行中, a word of the sheet's 整改状态 (R0030 待整改 was shown 进行中: trial18)
    assert [line.split()[0] for line in lines[2:]] == ["未到期", "未到期", "待定措施"]


def test_cli_filters_and_json(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["actions", "--config", str(config), "--json", "--at", "2026-11-27 10:00"]
    assert main([*args, "--owner", "P03"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(a["retro_id"], a["status"], a["due"]) for a in data["actions"]] == [
        ("R3", "open", "2026-12-01 18:00:00")
    ]
    assert main([*args, "--dept", "D01"]) == 0
    assert json.loads(capsys.readouterr().out)["actions"] == []


def test_cli_refuses_an_unknown_department_or_owner(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As `sla --dept D99`: exit 2, naming the valid ones."""
    args = ["actions", "--config", str(config), "-q", "--at", "2026-11-27 10:00"]
    assert main([*args, "--dept", "D99"]) == 2
    err = capsys.readouterr().err
    assert "未知的部门 D99（可选：D01 研发部、D02 销售部、D03 客服部、D04 财务部）" in err
    assert main([*args, "--owner", "P99", "--locale", "en"]) == 2
    assert "unknown person P99 (valid: P01 张三, P02 李四, " in capsys.readouterr().err


@pytest.mark.parametrize(("by_id", "by_name"), [
    (["--owner", "P03"], ["--owner", "王五"]),
    (["--dept", "D03"], ["--dept", "客服部"]),
    (["--dept", "D01"], ["--dept", "研发部"]),
])  # fmt: skip
def test_cli_takes_a_department_or_owner_by_name(
    config: Path, capsys: pytest.CaptureFixture[str], by_id: list[str], by_name: list[str]
) -> None:
    """As `sla --dept 研发部`: the name selects what the id does (review: ids only)."""
    args = ["actions", "--config", str(config), "--json", "--at", "2026-11-27 10:00"]
    assert main([*args, *by_id]) == 0
    expected = json.loads(capsys.readouterr().out)
    assert main([*args, *by_name]) == 0
    assert json.loads(capsys.readouterr().out) == expected


@pytest.mark.parametrize(("locale", "message"), [
    ("zh-CN", "collabsheet: 错误：有多个人员叫 王五：P03 王五、P08 王五；请改用编号\n"),
    ("en", "collabsheet: error: several people are named 王五: P03 王五, P08 王五; give the id\n"),
])  # fmt: skip
def test_a_name_two_people_share_names_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str, message: str
) -> None:
    """Two people named 王五: the error lists those two, not every person."""
    raw = workbook()
    add_copy("people", 3, person_id="P08")(raw)  # a second 王五
    write_xlsx(tmp_path / "b.xlsx", raw)
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{tmp_path / "b.xlsx"}"\n', encoding="utf-8")
    argv = ["actions", "--config", str(config), "-q", "--owner", "王五", "--locale", locale]
    assert main(argv) == 2
    assert capsys.readouterr().err == message


def test_cli_says_the_lateness_of_sla(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The hours `actions` prints for an overdue action are those `sla` prints, labelled."""
    at = ["--config", str(config), "-q", "--at", "2026-11-27 10:00"]
    assert main(["sla", *at, "--dry-run", "--kind", "action", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["obligations"]
    late = {r["ref"]: -r["remaining_h"] for r in rows if r["status"] == "breached"}
    assert main(["actions", *at, "--locale", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    shown = {ln.split()[-3]: ln.split()[1:4] for ln in lines if ln.split()[0] == "overdue"}
    assert shown == {r: [f"{h:g}", "business", "hours"] for r, h in late.items()} != {}


def test_cli_in_english(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["actions", "--config", str(config), "-q", "--at", "2026-11-27 10:00", "--locale", "en"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("rectification list at 2026-11-27 10:00: 4 open, 1 overdue\n")
    assert "  overdue 3 business hours  2026-11-26 16:00" in out  # aligned: columns 2 apart
