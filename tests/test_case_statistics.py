"""Issue 20, item 4: one definition of each case statistic (recurring case, linked
retrospective), computed in one place (``jobs.cases.recurrence.summary``); the CLI, the sheet
(the ``_runs`` row of a case run) and the dashboard's case page agree on the demo."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from config.settings import Settings, load_settings
from jobs.cases.recurrence import case_stats, links, summary
from jobs.cases.suggestions import accepted, suggestions
from jobs.run.cli import main
from jobs.run.runs_tab import RUNS
from sheets_sync import open_backend
from sheets_sync.workbook import parse_workbook
from tests.support.dashboard import open_page, point_at, start
from tests.support.demo import DEMO_DAY, new_demo_tabs

pytestmark = pytest.mark.usefixtures("fresh_dashboard_cache")  # tests/conftest.py

AT = f"{DEMO_DAY} 10:00"


def test_the_definitions_on_the_demo() -> None:
    """A linked retrospective: a typed case_id of the library, or an accepted suggestion; a
    recurring case: one with at least one recurrence."""
    wb = parse_workbook(new_demo_tabs(), Settings())
    library = {str(c) for c in wb["cases"].column("case_id")}
    typed = [str(c) for c in wb["retrospectives"].column("case_id") if c]
    matched = accepted(suggestions(wb))
    stats = case_stats(wb, links(wb))
    totals = summary(stats)
    assert typed and matched  # the demo has both kinds of link
    assert totals.linked == sum(c in library for c in typed) + len(matched)
    assert totals.recurring == len([s for s in stats if s.recurrences]) > 0
    assert totals.recurrences == sum(x.recurrence for x in links(wb))
    assert totals.cases == len(library)


@pytest.fixture
def config(demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The config of the test's demo workbook, used by the CLI and the dashboard alike."""
    point_at(demo_xlsx, tmp_path, monkeypatch)
    return tmp_path / "collabsheet.toml"  # written by point_at


def test_cli_sheet_and_dashboard_agree(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = load_settings(str(config))
    wb = parse_workbook(new_demo_tabs(), settings)
    expected = summary(case_stats(wb, links(wb)))

    # the CLI (and what it writes: _case_links and the run's _runs row)
    assert main(["cases", "--config", str(config), "--at", AT, "--json", "-q"]) == 0
    cli = json.loads(capsys.readouterr().out)["summary"]
    assert cli == {
        "cases": expected.cases,
        "recurring_cases": expected.recurring,
        "linked_retros": expected.linked,
        "recurrences": expected.recurrences,
    }
    assert main(["cases", "--config", str(config), "--at", AT, "--dry-run", "-q"]) == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert line == (
        f"案例 {expected.cases} 个：重复发生的案例 {expected.recurring} 个，关联的复盘 "
        f"{expected.linked} 条（其中再次发生 {expected.recurrences} 条）"
    )
    assert main(["--locale", "en", "cases", "--config", str(config), "--at", AT, "--dry-run",
                 "-q"]) == 0  # fmt: skip
    assert capsys.readouterr().out.splitlines()[1] == (
        f"{expected.cases} cases: {expected.recurring} recurring, {expected.linked} linked "
        f"retrospectives ({expected.recurrences} recurrences)"
    )

    # the sheet: the case run's row in _runs
    message = str(RUNS.decode(open_backend(settings).read()["_runs"])[-1]["message"])
    # in [general] locale (zh-CN), though the run before had --locale en for the terminal
    found = re.search(r"关联案例的复盘 (\d+) 条，重复发生的案例 (\d+) 个（共 (\d+) 个）", message)
    assert found, message
    assert tuple(map(int, found.groups())) == (expected.linked, expected.recurring, expected.cases)

    # the dashboard's case page, reading _case_links as the run wrote it
    at = open_page(start(), "views/cases_page.py")
    shown = {m.label: m.value for m in at.metric}
    assert (shown["案例数"], shown["重复发生的案例"], shown["关联的复盘"]) == (
        str(expected.cases),
        str(expected.recurring),
        str(expected.linked),
    )
    per_case = next(d.value for d in at.dataframe if "关联复盘" in d.value.columns)
    assert int(per_case["关联复盘"].sum()) == expected.linked


def test_occurrences_agree(
    demo_xlsx: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """发生次数 (occurrences) and 最近发生 (last seen) of each case: one definition
    (``jobs.cases.recurrence.occurrences`` in ``case_stats``), the same in ``cases --stats``
    (text and --json) and in the dashboard's library table (not the library's typed column)."""
    point_at(demo_xlsx, tmp_path, monkeypatch)
    config = tmp_path / "collabsheet.toml"
    settings = load_settings(str(config))
    wb = parse_workbook(new_demo_tabs(), settings)
    expected = {s.case_id: s for s in case_stats(wb, links(wb))}
    typed = dict(zip(wb["cases"].column("case_id"), wb["cases"].column("occurrences"), strict=True))
    assert all(s.occurrences >= max(int(typed[c] or 0), s.linked) for c, s in expected.items())

    assert main(["cases", "--config", str(config), "--at", AT, "--stats", "--json", "-q"]) == 0
    cli = {c["case_id"]: c for c in json.loads(capsys.readouterr().out)["cases"]}
    assert {c: (v["occurrences"], v["linked"], v["last_seen"]) for c, v in cli.items()} == {
        c: (s.occurrences, s.linked, str(s.last_seen)) for c, s in expected.items()
    }
    assert main(["cases", "--config", str(config), "--at", AT, "--stats", "--dry-run", "-q"]) == 0
    lines = capsys.readouterr().out.splitlines()
    head = lines.index("  案例编号  发生次数  再次发生  最近发生    涉及部门")
    shown = {x.split()[0]: x.split()[1:4] for x in lines[head + 1 :]}  # a table: one case a line
    assert shown == {
        c: [str(s.occurrences), str(s.recurrences), str(s.last_seen)] for c, s in expected.items()
    }

    at = open_page(start(), "views/cases_page.py")
    table = next(d.value for d in at.dataframe if "发生次数" in d.value.columns)
    shown = {
        str(c): (int(n), int(r), str(d)[:10])
        for c, n, r, d in zip(
            table["案例编号"], table["发生次数"], table["关联复盘"], table["最近发生"], strict=True
        )
    }
    assert shown == {c: (s.occurrences, s.linked, str(s.last_seen)) for c, s in expected.items()}


def test_cases_stats_reads_the_workbook_once(
    config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``cases --stats`` prints the statistics the run computed: one read of the workbook."""
    from sheets_sync.xlsx import XlsxBackend

    reads: list[int] = []
    real = XlsxBackend.read
    monkeypatch.setattr(XlsxBackend, "read", lambda self: reads.append(1) or real(self))
    assert main(["cases", "--config", str(config), "--at", AT, "--stats", "--json", "-q"]) == 0
    cases = json.loads(capsys.readouterr().out)["cases"]
    assert len(reads) == 1 and len(cases) > 5 and sum(c["linked"] for c in cases) > 0
