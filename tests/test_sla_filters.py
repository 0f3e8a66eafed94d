"""Issue 20, item 3: ``sla`` filters apply to the header and the breakdown alike; an unknown
department, person or status is named with the valid ones."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import pytest

from config.settings import Settings
from jobs.run.cli import main
from sheets_sync.workbook import parse_workbook
from tests.support.demo import DEMO_DAY, new_demo_tabs

AT = f"{DEMO_DAY} 10:00"
OPEN = ("on_track", "at_risk", "breached")


@pytest.fixture
def config(demo_xlsx: Path, tmp_path: Path) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(f'[workbook]\npath = "{demo_xlsx.as_posix()}"\n', encoding="utf-8")
    return path


def sla(config: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["sla", "--config", str(config), "--at", AT, "--dry-run", "-q", *args])
    out, err = capsys.readouterr()
    return code, out, err


def sla_json(config: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    code, out, err = sla(config, capsys, "--json", *args)
    assert (code, err) == (0, ""), err
    data: dict[str, Any] = json.loads(out)
    return data


def demo_ids(tab: str, column: str) -> list[str]:
    """The demo's ids of ``tab``, each with its name ("D01 研发部"), as an error lists them."""
    table = parse_workbook(new_demo_tabs(), Settings())[tab]
    names = zip(table.column(column), table.column("name"), strict=True)
    return [f"{v} {n}" for v, n in names if v]


@pytest.mark.parametrize(
    "args",
    [
        ("--dept", "D01"),
        ("--dept", "D01", "--dept", "D03"),
        ("--person", "P005"),
        ("--status", "breached"),
        ("--kind", "action"),
        ("--dept", "D01", "--status", "at_risk", "--status", "breached"),
    ],
)
def test_counts_follow_the_filters(
    config: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    everything = sla_json(config, capsys)
    data = sla_json(config, capsys, *args)
    rows = data["obligations"]
    assert rows, "the filter selects something on the demo"
    by_status = {s: sum(r["status"] == s for r in rows) for s in OPEN}
    statuses = args[args.index("--status") + 1 :: 2] if "--status" in args else ()
    shown = [s for s in everything["counts"] if not statuses or s in statuses]
    assert list(data["counts"]) == shown  # a status filter: those statuses only
    assert {s: n for s, n in data["counts"].items() if s in OPEN} == {
        s: n for s, n in by_status.items() if s in shown
    }
    narrowing = set(args[::2]) - {"--status"}
    same = data["counts"] == {s: everything["counts"][s] for s in shown}
    assert same is not bool(narrowing)  # another filter narrows the counts, not only the list


def test_the_breakdown_partitions_by_kind(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every obligation has one kind: the kinds' counts add up to the unfiltered ones."""
    everything = sla_json(config, capsys)["counts"]
    total = dict.fromkeys(everything, 0)
    for kind in ("response", "completion", "approval", "dispute", "action", "retrospective"):
        for status, n in sla_json(config, capsys, "--kind", kind)["counts"].items():
            total[status] += n
    assert total == everything


def test_text_header_and_breakdown_agree(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = sla(config, capsys, "--dept", "D01")
    head = out.splitlines()[0]
    n = int(re.match(r"共 (\d+) 项未完成义务", head).group(1))  # type: ignore[union-attr]
    counts = dict(re.findall(r"(正常|有风险|已超时|按时完成|超时完成) (\d+)", head))
    assert code == 0
    assert n == int(counts["正常"]) + int(counts["有风险"]) + int(counts["已超时"])
    assert n == sum(line.startswith(("正常", "有风险", "已超时")) for line in out.splitlines()[1:])


def test_a_department_and_a_person_by_their_names(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """研发部 selects what D01 does, 丁飞 what P001 does (trial as a new user: a name was
    refused, and the error listed bare ids)."""
    by_id = sla_json(config, capsys, "--dept", "D01", "--person", "P001")
    assert by_id["obligations"]
    assert sla_json(config, capsys, "--dept", "研发部", "--person", "丁飞") == by_id


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_unknown_department_person_and_status_named_with_the_valid_ones(
    config: Path, capsys: pytest.CaptureFixture[str], locale: str
) -> None:
    depts = sorted(demo_ids("departments", "dept_id"))
    people = sorted(demo_ids("people", "person_id"))
    args = ("--dept", "D99", "--person", "PX", "--status", "late", "--locale", locale)
    code, out, err = sla(config, capsys, *args)
    assert (code, out) == (2, "")
    assert (
        err
        == {
            "zh-CN": f"collabsheet: 错误：未知的部门 D99（可选：{'、'.join(depts)}）；"
            f"未知的人员 PX（可选：{'、'.join(people)}）；"
            "未知的状态 late（可选：on_track、at_risk、breached、正常、有风险、已超时）\n",
            "en": f"collabsheet: error: unknown department D99 (valid: {', '.join(depts)}); "
            f"unknown person PX (valid: {', '.join(people)}); "
            "unknown status late (valid: on_track, at_risk, breached, on track, at risk)\n",
        }[locale]
    )


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (("--dept", "D99"), "未知的部门 D99", "unknown department D99"),
        (("--dept", "D01", "--dept", "d02"), "未知的部门 d02", "unknown department d02"),
        (("--status", "超时"), "未知的状态 超时", "unknown status 超时"),
    ],
)
def test_each_unknown_alone(
    config: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    zh: str,
    en: str,
    locale: str,
) -> None:
    code, _, err = sla(config, capsys, *args, "--locale", locale)
    assert code == 2
    if locale == "en":
        assert err.startswith(f"collabsheet: error: {en} (valid: ") and "可选" not in err
    else:
        assert err.startswith(f"collabsheet: 错误：{zh}（可选：") and "valid" not in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("words", "key"),
    [("已超时", "breached"), ("有风险", "at_risk"), ("正常", "on_track"), ("at risk", "at_risk")],
)
def test_a_status_in_words(
    config: Path, capsys: pytest.CaptureFixture[str], words: str, key: str
) -> None:
    """--status takes the words the output shows (Chinese or English) as well as the keys."""
    assert sla_json(config, capsys, "--status", words) == sla_json(config, capsys, "--status", key)


@pytest.mark.parametrize("day", [DEMO_DAY, DEMO_DAY.replace(day=28), DEMO_DAY.replace(month=10)])
def test_the_help_example_shows_obligations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], day: Any
) -> None:
    """`sla --help`'s example (--status breached --status at_risk --dept D02) lists some
    obligation on the demo, whatever its day (a working day, a Saturday, the National Day
    week): the department has a breach every day."""
    from jobs.run.cli import _parser
    from jobs.run.command_parser import example_of
    from sheets_sync.demo import generate
    from sheets_sync.xlsx import write_xlsx

    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    example = example_of(sub.choices["sla"].epilog).split()
    assert example[:2] == ["collabsheet", "sla"] and "D02" in example
    write_xlsx(tmp_path / "demo.xlsx", generate(day))
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{(tmp_path / "demo.xlsx").as_posix()}"\n')
    argv = [*example[2:], "--config", str(config), "--at", f"{day} 10:00", "--dry-run", "--json"]
    assert main(["sla", *argv, "-q"]) == 0
    rows = json.loads(capsys.readouterr().out)["obligations"]
    assert any(r["status"] == "breached" and r["dept_id"] == "D02" for r in rows), day


def test_an_unknown_status_writes_nothing(
    config: Path, demo_xlsx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A typo in ``--status`` is told, and the run it asked for neither writes the results
    file nor records itself in ``_runs`` (without the typo, the same command writes both)."""
    results = demo_xlsx.with_name("demo.bot.xlsx")
    args = ["sla", "--config", str(config), "--at", AT, "-q"]
    assert main([*args, "--status", "超时"]) == 2
    assert "未知的状态 超时" in capsys.readouterr().err
    assert not results.exists()
    assert main([*args, "--status", "已超时"]) == 0
    assert results.exists()


DEPTS = {"D01": "Engineering", "D02": "Sales", "D03": " 研发部 "}
PEOPLE = {"P1": "Wang Wu", "P2": "wang wu ", "P3": "丁飞"}


@pytest.mark.parametrize(("typed", "depts", "people"), [
    ((" D01", "engineering"), ("D01", "D01"), ()),  # an id with spaces, a name in any case
    (("研发部",), ("D03",), ()),  # the sheet's name with spaces around
    (("SALES ", "D02"), ("D02", "D02"), ()),
])  # fmt: skip
def test_names_and_ids_as_people_type_them(
    typed: tuple[str, ...], depts: tuple[str, ...], people: tuple[str, ...]
) -> None:
    from jobs.sla.selection import Selection

    pick = Selection(typed).named(DEPTS, PEOPLE)
    assert (pick.depts, pick.people) == (depts, people)
    assert pick.unknown(DEPTS, PEOPLE) is None


def test_a_shared_name_and_an_unknown_id_are_told_together() -> None:
    """One line for both: fixing the name does not reveal another error (review)."""
    from jobs.sla.selection import Selection

    pick = Selection(("D99",), ("wang wu", "P3")).named(DEPTS, PEOPLE)
    assert pick.unknown(DEPTS, PEOPLE) == (
        "未知的部门 D99（可选：D01 Engineering、D02 Sales、D03 研发部）；"
        "有多个人员叫 wang wu：P1 Wang Wu、P2 wang wu；请改用编号",
        "unknown department D99 (valid: D01 Engineering, D02 Sales, D03 研发部); "
        "several people are named wang wu: P1 Wang Wu, P2 wang wu; give the id",
    )
