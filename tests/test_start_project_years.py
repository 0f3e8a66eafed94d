"""Issue 20, item 2: ``start-project`` warns when its plan reaches a year without an official
holiday schedule, with the same finding ``sla`` gives (calendar.provisional), and only then."""

from __future__ import annotations

import dataclasses
import datetime as dt
from importlib.metadata import version
from pathlib import Path

import pytest

from config.settings import Settings
from jobs.projects.project_plan import ProjectPlan, plan_project
from jobs.run.cli import main
from jobs.workdays.calendar import official_years
from sheets_sync.workbook import parse_workbook
from tests.support.demo import new_demo_tabs

OFFICIAL = official_years()
FIRST_WITHOUT = OFFICIAL.stop  # the first year chinese_calendar has no schedule for


def covered(locale: str = "en") -> str:
    lib, last = f"chinese_calendar {version('chinesecalendar')}", FIRST_WITHOUT - 1
    if locale == "en":
        return f"{lib} covers {OFFICIAL.start}–{last}"
    return f"{lib} 只含 {OFFICIAL.start}–{last} 年"


def demo_plan(start: dt.date, settings: Settings | None = None) -> ProjectPlan:
    settings = settings or Settings()
    wb = parse_workbook(new_demo_tabs(), settings)
    now = dt.datetime.combine(start - dt.timedelta(days=1), dt.time(10))
    plan = plan_project(wb, settings.sla_section, "T01", "跨年项目", start, None, now, locale="en")
    assert isinstance(plan, ProjectPlan), plan
    return plan


def years_of(plan: ProjectPlan) -> set[int]:
    return {d.year for t in plan.tasks for d in (t.handoff, t.due)}


def provisional(plan: ProjectPlan) -> list[str]:
    return [f.message("en") for f in plan.warnings if f.rule == "calendar.provisional"]


def test_a_plan_reaching_a_year_without_a_schedule_warns() -> None:
    plan = demo_plan(dt.date(FIRST_WITHOUT - 1, 12, 14))
    assert FIRST_WITHOUT in years_of(plan)  # the plan crosses into that year
    assert provisional(plan) == [
        f"no official holiday schedule for {FIRST_WITHOUT} yet ({covered()}); using weekends "
        "and statutory holidays, without make-up workdays"
    ]


def test_a_plan_within_official_years_does_not_warn() -> None:
    """The calendar it is planned on runs months past the last due date, into the year without
    a schedule; only the years the plan reaches count, as `sla` counts only open deadlines."""
    plan = demo_plan(dt.date(FIRST_WITHOUT - 1, 10, 12))
    assert years_of(plan) == {FIRST_WITHOUT - 1}
    assert provisional(plan) == []


def test_no_warning_without_official_holidays() -> None:
    settings = Settings()
    none = dataclasses.replace(settings.calendar, holidays="none")
    plan = demo_plan(dt.date(FIRST_WITHOUT, 3, 2), dataclasses.replace(settings, calendar=none))
    assert provisional(plan) == []


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_cli_prints_the_warning(
    demo_xlsx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{demo_xlsx.as_posix()}"\n', encoding="utf-8")
    start = max(dt.date.today() + dt.timedelta(days=1), dt.date(FIRST_WITHOUT, 1, 5))
    argv = ["start-project", "--config", str(config), "--template", "T01", "--name", "跨年项目"]
    code = main([*argv, "--start", start.isoformat(), "--dry-run", "-q", "--locale", locale])
    out = capsys.readouterr().out
    year = start.year
    message = {
        "zh-CN": f"{year} 年还没有官方放假安排（{covered('zh-CN')}），暂按周末和法定节日计算，"
        "未含调休",
        "en": f"no official holiday schedule for {year} yet ({covered()}); using weekends and "
        "statutory holidays, without make-up workdays",
    }[locale]
    assert code == 0
    mark = {"zh-CN": "警告", "en": "warn "}[locale]
    assert f"{mark} 工作日历!A1  [calendar.provisional] {message}\n" in out


@pytest.mark.parametrize(
    ("name", "locale", "said"),
    [
        ("", "zh-CN", "collabsheet start-project: 错误：参数 --name："
                      "项目名称为空：请给出项目名称\n"),
        ("   ", "en", "collabsheet start-project: error: argument --name: the project name is "
                      "empty: give one\n"),
    ],
)  # fmt: skip
def test_a_blank_project_name_is_refused(
    demo_xlsx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
    locale: str, said: str,
) -> None:  # fmt: skip
    """trial38: --name '' and '   ' planned 项目 PJ0032「」 and exited 0."""
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{demo_xlsx.as_posix()}"\n', encoding="utf-8")
    argv = ["start-project", "--config", str(config), "--template", "T01", "--name", name,
            "--start", "tomorrow", "--dry-run", "-q", "--locale", locale]  # fmt: skip
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] + "\n" == said
