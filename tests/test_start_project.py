"""start-project: departments, hand-off and due times computed by hand across National Day 2026,
new ids, refusals with their findings, and the rows as every backend reads them back."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import jobs.run.cli
import jobs.run.options
from config.settings import Settings, SlaSettings
from jobs.checks.raci import check_templates
from jobs.checks.validation import validate
from jobs.kpis.measures import startup_time
from jobs.projects.ids import next_ids
from jobs.projects.project_plan import ProjectPlan, plan_project, same_name
from jobs.run.start import start_project
from sheets_sync.demo import generate
from sheets_sync.finding import Finding
from sheets_sync.memory import MemoryBackend
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend, write_xlsx
from tests.support.mutations import add_rows, apply, put, replace_tab
from tests.support.workbooks import Raw, parse, title

NOW = dt.datetime(2026, 9, 28, 10, 0)  # Monday
START = dt.date(2026, 9, 29)  # Tuesday, two days before National Day (10-01 .. 10-07)

# T9: step 1, then steps 2 and 3 in parallel, then step 4 after both (its done_sla_h is empty:
# the approval rule's 48 h). Activities from the base matrix: 需求对接 is D01、D02 (D01 leads,
# D01 accountable), 成果交付 is D01, 质量审核 is D03.
T9 = [
    ["T9", "并行模板", "产品研发", "", "medium", 1, "提需求", "需求对接", "handoff", 4, 16, ""],
    ["T9", "并行模板", "产品研发", "", "medium", 2, "开发", "成果交付", "work", 8, 24, "1"],
    ["T9", "并行模板", "产品研发", "", "medium", 3, "评审", "质量审核", "review", 8, 8, "1"],
    ["T9", "并行模板", "产品研发", "", "medium", 4, "验收", "质量审核", "approval", 8, "", "2、3"],
]  # fmt: skip
# working hours 09:00-12:00 and 13:00-18:00; 09-30 is a half day (09:00-12:00) in the calendar
# tab; 10-10 (Saturday) is the official make-up workday after the holiday
CALENDAR = [
    ["date", "kind", "name", "hours"],
    ["2026-09-30", "workday", "节前半天", "09:00-12:00"],
    ["2026-10-10", "workday", "调休", ""],
]


def book(*more: Any) -> Raw:
    return apply(add_rows("templates", *T9), replace_tab("calendar", CALENDAR), *more)


def plan(raw: Raw, **kw: Any) -> ProjectPlan | list[Finding]:
    args: dict[str, Any] = {"template_id": "T9", "name": "积分体系", "start": START}
    args |= {"owner": None, "now": NOW} | kw
    return plan_project(parse(raw), SlaSettings(), locale="zh-CN", **args)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"2026-{text}")


def test_parallel_and_dependent_steps_across_national_day() -> None:
    p = plan(book())
    assert isinstance(p, ProjectPlan)
    # step 1, 16 h from 09-29 09:00: 09-29 gives 8 h, the half day 09-30 gives 3 h (11 h),
    #   10-01..10-07 are holidays, 10-08 09:00-12:00 and 13:00-15:00 give the last 5 h
    # step 2, 24 h from 10-08 15:00: 10-08 3 h, 10-09 8 h (11), make-up Saturday 10-10 8 h (19),
    #   Sunday 10-11 off, 10-12 09:00-12:00 and 13:00-15:00 (24)
    # step 3, 8 h from 10-08 15:00 (parallel with 2): 10-08 3 h, 10-09 09:00-12:00 and
    #   13:00-15:00 (8)
    # step 4, after the later of 2 and 3 (10-12 15:00), 48 h: 10-12 3 h, 10-13..10-16 32 h (35),
    #   weekend, 10-19 8 h (43), 10-20 09:00-12:00 and 13:00-15:00 (48)
    expected = [
        ("K4", 1, "D01", "P01", (), at("09-29 09:00"), at("10-08 15:00")),
        ("K5", 2, "D01", "P01", ("K4",), at("10-08 15:00"), at("10-12 15:00")),
        ("K6", 3, "D03", "P05", ("K4",), at("10-08 15:00"), at("10-09 15:00")),
        ("K7", 4, "D03", "P05", ("K5", "K6"), at("10-12 15:00"), at("10-20 15:00")),
    ]
    got = [(t.task_id, t.step, t.dept_id, t.assignee, t.after, t.handoff, t.due) for t in p.tasks]
    assert got == expected
    assert [t.goal_h for t in p.tasks] == [16, 24, 8, 48.0]  # step 4: the approval rule
    assert p.project == {
        "project_id": "PJ3", "name": "积分体系", "template_id": "T9", "initiator_dept": "D01",
        "owner": "P01", "created_at": NOW, "start_date": START,
        "target_date": dt.date(2026, 10, 20), "status": "计划中",
    }  # fmt: skip
    # only the first step is handed off at the start; later ones wait and say when in the note
    rows = {r["task_id"]: r for r in p.records}
    assert [r["handed_off_at"] for r in p.records] == [at("09-29 09:00"), None, None, None]
    assert [r["due_at"] for r in p.records] == [t.due for t in p.tasks]
    assert {r["status"] for r in p.records} == {"待办"}
    assert rows["K4"]["note"] == "共同负责：D02"
    assert rows["K7"]["note"] == "等待完成：K5、K6；计划交接 2026-10-12 15:00"


def test_start_today_begins_now_or_at_the_next_working_moment() -> None:
    p = plan(book(), start=NOW.date())
    assert isinstance(p, ProjectPlan)
    assert (p.tasks[0].handoff, p.project["status"]) == (NOW, "进行中")
    evening = plan(book(), start=NOW.date(), now=NOW.replace(hour=19, minute=30))
    assert isinstance(evening, ProjectPlan)
    assert evening.tasks[0].handoff == at("09-29 09:00")
    sunday = plan(book(), start=dt.date(2026, 10, 4))  # a holiday: the first workday after it
    assert isinstance(sunday, ProjectPlan)
    assert sunday.tasks[0].handoff == at("10-08 09:00")
    exact = plan(book(), start=dt.datetime(2026, 9, 29, 14, 30))
    assert isinstance(exact, ProjectPlan)
    assert exact.tasks[0].handoff == at("09-29 14:30")


def test_calendar_clock_rule_and_english_locale() -> None:
    settings = Settings(locale="en")
    rules = dict(settings.sla)
    rules["approval"] = settings.sla["approval"].__class__(clock="calendar", goal_h=48)
    settings = Settings(locale="en", sla=rules)
    sla, locale = settings.sla_section, settings.locale
    p = plan_project(parse(book()), sla, "T9", "x", START, None, NOW, locale=locale)
    assert isinstance(p, ProjectPlan)
    assert p.tasks[3].due == at("10-14 15:00")  # 48 wall-clock hours after 10-12 15:00
    assert p.records[3]["status"] == "todo" and p.project["status"] == "planned"
    assert p.records[3]["note"] == "after K5, K6; planned hand-off 2026-10-12 15:00"


def test_next_ids_follow_the_commonest_pattern_and_never_collide() -> None:
    assert next_ids(["PJ0001", "PJ0002"], 1, "P0") == ["PJ0003"]
    assert next_ids(["T-0404", "x1", None, "", "T-0406", "T-0405"], 2, "T0") == [
        "T-0407",
        "T-0408",
    ]
    assert next_ids([], 2, "PJ0000") == ["PJ0001", "PJ0002"]
    assert next_ids(["K1", "K2", "k3", "K03"], 1, "T0") == ["K4"]  # k3 and K03 taken already
    assert next_ids(["K1", "K2", "K4"], 1, "T0") == ["K5"]


def test_ids_skip_the_ids_of_rows_left_out_for_an_error() -> None:
    # K9 has no project (a required value): the row is left out, but its id is in the sheet
    bad = ["K9", "", 1, "提需求", "D01", "", "", "", "", "", "todo", "", ""]
    p = plan(book(add_rows("tasks", bad), add_rows("projects", ["PJ7", "", "T1"])))
    assert isinstance(p, ProjectPlan)
    assert [t.task_id for t in p.tasks] == ["K10", "K11", "K12", "K13"]
    assert p.project["project_id"] == "PJ8"


def triples(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.tab, f.cell, f.rule) for f in findings]


def test_invalid_template_is_refused_with_its_findings_and_nothing_appended() -> None:
    tpl = title("templates")
    raw = book(put("templates", 5, "depends_on", "4"))  # T9 step 1 after step 4: a cycle
    backend = MemoryBackend(raw)
    before = copy.deepcopy(backend.tabs)
    refused = start_project(Settings(), backend, "T9", "积分体系", START, None, NOW)
    assert isinstance(refused, list)
    assert triples(refused) == [(tpl, "L6", "template.cycle")]
    assert refused == [f for f in check_templates(parse(raw)) if f.tab == tpl]
    assert backend.tabs == before and backend.requests == 1  # the read, no append


def test_more_than_five_approvals_and_a_gap_are_refused() -> None:
    approvals = [
        ["T9", "并行模板", "产品研发", "", "", n, f"审批{n}", "质量审核", "approval", 8, 8, "4"]
        for n in range(5, 10)
    ]
    refused = plan(book(add_rows("templates", *approvals)))
    assert isinstance(refused, list)
    # step 4 (row 9) and steps 5-9 (rows 10-14): the sixth approval is reported
    assert triples(refused) == [(title("templates"), "I14", "template.too_many_approvals")]
    gap = plan(book(put("templates", 6, "activity", "合同审核")))
    assert isinstance(gap, list)
    assert triples(gap) == [(title("templates"), "H7", "template.activity_gap")]


def test_a_step_without_a_responsible_department_names_the_template_cell() -> None:
    refused = plan(book(put("responsibilities", 3, "responsible", "")))  # 质量审核
    assert isinstance(refused, list)
    assert triples(refused) == [
        (title("responsibilities"), "C4", "raci.no_responsible"),
        (title("templates"), "H8", "start.no_responsible"),
        (title("templates"), "H9", "start.no_responsible"),
    ]
    assert "C4" in refused[1].message("en")


def test_a_matrix_problem_of_another_scenario_does_not_block() -> None:
    other = put("responsibilities", 4, "accountable", "D03、D04")  # 客户服务, not used by T9
    assert isinstance(plan(book(other)), ProjectPlan)
    assert isinstance(plan(book(other), template_id="T2"), list)


def test_unknown_template_owner_and_department() -> None:
    unknown = plan(book(), template_id="T99")
    assert isinstance(unknown, list)
    assert triples(unknown) == [(title("templates"), "A1", "ref.unknown")]
    assert unknown[0].fix("en") == "did you mean 'T9'? known: T1, T2, T9"
    owner = plan(book(), owner="P99")
    assert isinstance(owner, list)
    assert triples(owner) == [(title("people"), "A1", "ref.unknown")]
    inactive = plan(book(), owner="P04")
    assert isinstance(inactive, list)
    assert triples(inactive) == [(title("people"), "G5", "start.inactive")]
    dept = plan(book(), initiator="D9")
    assert isinstance(dept, list) and triples(dept) == [(title("departments"), "A1", "ref.unknown")]
    chosen = plan(book(), owner="P02", initiator="D02")
    assert isinstance(chosen, ProjectPlan)
    assert (chosen.project["owner"], chosen.project["initiator_dept"]) == ("P02", "D02")


def test_past_start_and_a_second_project_of_the_same_name_are_refused() -> None:
    past = plan(book(), start=dt.date(2026, 9, 27))
    assert isinstance(past, list) and triples(past) == [(title("projects"), "G1", "start.past")]
    twice = plan(book(), name="新品上市")  # PJ1, active
    assert isinstance(twice, list)
    assert triples(twice) == [(title("projects"), "B2", "start.duplicate_name")]
    assert "PJ1" in twice[0].message("en")


@pytest.mark.parametrize("name", ["新品 上市", "新品　上市", " 新品上市 ", "新品上市"])
def test_a_name_that_reads_as_an_existing_project_s_is_refused(name: str) -> None:
    """Full-width forms, the ideographic space and spaces do not make a second project
    (trial7: 「华信物流　定制开发（试点）」 and 「华信物流 定制开发(试点)」 were both started)."""
    twice = plan(book(), name=name)
    assert isinstance(twice, list)
    assert triples(twice) == [(title("projects"), "B2", "start.duplicate_name")]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("华信物流　定制开发（试点）", "华信物流 定制开发(试点)", True), ("ERP 升级", "erp升级", True),
     ("新品上市", "新品上市二期", False)],
)  # fmt: skip
def test_same_name(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same


def test_memory_backend_reads_the_rows_back_and_keeps_every_human_row() -> None:
    backend = MemoryBackend(book())
    before = copy.deepcopy(backend.tabs)
    p = start_project(Settings(), backend, "T9", "积分体系", START, None, NOW)
    assert isinstance(p, ProjectPlan)
    assert backend.requests == 2  # one read, one append of the project and its tasks
    for key in before:
        assert backend.tabs[key][: len(before[key])] == before[key]
    wb = parse_workbook(copy.deepcopy(backend.tabs), Settings())
    last = {**p.project, "status": "planned", "priority": None, "closed_at": None}
    assert list(wb["projects"].records())[-1] == last
    tasks = list(wb["tasks"].records())[-4:]
    assert [r["task_id"] for r in tasks] == ["K4", "K5", "K6", "K7"]
    assert [r["due_at"] for r in tasks] == [t.due for t in p.tasks]
    assert [r["status"] for r in tasks] == ["todo"] * 4
    # start-up time (created -> first hand-off): not before the planned hand-off happens...
    assert "PJ3" not in startup_time(wb, pd.DataFrame(), NOW.date()).keys
    # ...then computable for the new project once it has started: 23 hours
    raw = startup_time(wb, pd.DataFrame(), dt.date(2026, 11, 27))
    assert "PJ3" in raw.keys and raw.denominator == 2
    assert raw.value == pytest.approx((1.0 + 23 / 24) / 2, abs=1e-4)  # PJ1 took 1 day


def demo_book(tmp_path: Path) -> Path:
    path = tmp_path / "book.xlsx"
    write_xlsx(path, generate(NOW.date(), seed=7))
    return path


def test_xlsx_backend_appends_and_validate_finds_nothing_new(tmp_path: Path) -> None:
    backend = XlsxBackend(demo_book(tmp_path))
    before = backend.read()
    old = {(f.tab, f.cell, f.rule) for f in validate(parse_workbook(before, Settings()))}
    p = start_project(Settings(), backend, "T03", "华信物流定制开发（二期）", START, None, NOW)
    assert isinstance(p, ProjectPlan)
    after = backend.read()
    for tab, rows in before.items():
        assert after[tab][: len(rows)] == rows, tab
    wb = parse_workbook(after, Settings())
    new = {(f.tab, f.cell, f.rule) for f in validate(wb)}
    assert new == old
    ids = [t.task_id for t in p.tasks]
    assert ids == [f"T{n:06d}" for n in range(387, 395)]  # the demo's pattern, after T000386
    assert p.project["project_id"] == "PJ0031"
    got = list(wb["tasks"].records())[-8:]
    assert [(r["task_id"], r["dept_id"], r["due_at"]) for r in got] == [
        (t.task_id, t.dept_id, t.due) for t in p.tasks
    ]
    assert list(wb["projects"].records())[-1]["created_at"] == NOW
    assert len(set(wb["tasks"].column("task_id"))) == len(wb["tasks"])


def test_dry_run_appends_nothing() -> None:
    backend = MemoryBackend(book())
    before = copy.deepcopy(backend.tabs)
    p = start_project(Settings(), backend, "T9", "积分体系", START, None, NOW, dry_run=True)
    assert isinstance(p, ProjectPlan) and backend.tabs == before


def cli_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The demo workbook and a config for it; the CLI's clock at NOW."""
    path = demo_book(tmp_path)
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{path}"\n', encoding="utf-8")
    monkeypatch.setattr(jobs.run.options, "now", lambda settings: NOW)
    return path, config


def test_cli_end_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, config = cli_book(tmp_path, monkeypatch)
    args = ["start-project", "--config", str(config), "-q", "--start", "2026-09-29"]
    english = ["--template", "T02", "--name", "登录超时修复", "--locale", "en"]
    assert jobs.run.cli.main([*args, *english]) == 0
    out = capsys.readouterr().out
    assert "project PJ0031" in out and "T000387" in out and "2026-09-29 09:00" in out
    rows = XlsxBackend(path).read()["任务进度"]
    assert rows[-1][0] == "T000390" and rows[-1][1] == "PJ0031"
    assert jobs.run.cli.main([*args, "--template", "T06", "--name", "年中大促"]) == 1
    out = capsys.readouterr().out
    assert "template.activity_gap" in out and "修正" in out
    argv = [*args, "--template", "T02", "--name", "y", "--dry-run", "--json"]
    assert jobs.run.cli.main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dry_run"] is True and data["project"]["project_id"] == "PJ0032"
    assert len(XlsxBackend(path).read()["任务进度"]) == len(rows)


def test_cli_waits_for_a_running_job_and_appends_nothing_when_it_cannot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from config.settings import load_settings
    from jobs.run.lock import RunLock, lock_path

    path, config = cli_book(tmp_path, monkeypatch)
    before = XlsxBackend(path).read()["协作项目"]
    args = ["start-project", "--config", str(config), "-q", "--start", "2026-09-29",
            "--template", "T02", "--name", "登录超时修复", "--wait", "0"]  # fmt: skip
    with RunLock(lock_path(load_settings(str(config)))).acquire("daily"):
        assert jobs.run.cli.main(args) == 2  # a daily run holds the lock
    assert "另一个 collabsheet 运行正持有运行锁" in capsys.readouterr().err
    assert XlsxBackend(path).read()["协作项目"] == before
    assert jobs.run.cli.main(args) == 0  # free again


def test_a_plans_findings_are_labelled_by_their_own_severity(demo_tabs: dict[str, Any]) -> None:
    """trial15: start-project printed `警告 权责清单!A1 [header.rows_skipped]`, a 提示 (info) in
    validate and _checks; each is labelled as its severity is."""
    from jobs.run.report import print_plan

    demo_tabs["权责清单"].insert(0, ["2026 年权责清单"])  # a title row above the header
    plan = start_project(Settings(), MemoryBackend(demo_tabs), "T01", "二期",
                         dt.date(2026, 11, 30), None, NOW, dry_run=True)  # fmt: skip
    assert not isinstance(plan, list) and not isinstance(plan, tuple)
    out = io.StringIO()
    print_plan(plan, "zh-CN", True, out)  # type: ignore[arg-type]
    assert "提示 权责清单!A1  [header.rows_skipped]" in out.getvalue()
    assert "警告 权责清单!A1" not in out.getvalue()


@pytest.mark.parametrize("failure", ["503 after two writes", "protected 任务进度"])
def test_on_google_the_project_and_its_tasks_land_together_or_not_at_all(failure: str) -> None:
    """trial22: a 503 or a protected 任务进度 after the project row was written left 协作项目
    with a project and no tasks, and the next run refused the name as started. Now both go in
    one batchUpdate: both land or neither, and then a run again appends both, once."""
    from config.errors import BackendError
    from tests.support.sheets_emulator import SheetsEmulator, emulated_backend
    from tests.support.sheets_emulator.errors import ApiError

    key = "1StartProjectTogetherKey0000000000000000"
    emu = SheetsEmulator()
    emu.create(key, book())
    settings = Settings(backend="google")
    real, writes = emu._dispatch, []

    def dispatch(method: str, url: str, raw: bytes, request: Any) -> Any:
        if method != "GET" and "sheets.googleapis" in url and not url.endswith(":batchGet"):
            writes.append(url)
            if len(writes) > 2:  # (before: the project's run-id column and row, then 503)
                raise ApiError(503, "The service is currently unavailable.")
        return real(method, url, raw, request)

    if failure.startswith("503"):
        emu._dispatch = dispatch  # type: ignore[method-assign]
    else:
        emu.protected[key] = {title("tasks")}  # writes to it refused, reads go

    def landed() -> tuple[int, int]:
        wb = parse_workbook(emulated_backend(emu, key).read(), settings)
        ids = [p for p, n in zip(wb["projects"].column("project_id"), wb["projects"].column("name"),
                                 strict=True) if n == "积分体系"]  # fmt: skip
        return len(ids), sum(p in ids for p in wb["tasks"].column("project_id"))

    try:
        p = start_project(settings, emulated_backend(emu, key), "T9", "积分体系", START, None, NOW)
    except BackendError:
        assert landed() == (0, 0)
        emu._dispatch, emu.protected = real, {}  # type: ignore[method-assign]
        p = start_project(settings, emulated_backend(emu, key), "T9", "积分体系", START, None, NOW)
    assert isinstance(p, ProjectPlan)
    assert landed() == (1, len(p.records)) and len(p.records) > 1


def test_a_department_without_an_active_head_gets_unassigned_tasks_said() -> None:
    """trial38: with 丁飞 (the head) set 启用 = 否, start-project planned tasks with no
    assignee, exit 0, no word; nobody was ever reminded of them."""
    p = plan(book(put("departments", 3, "head", "")))  # D03 (客服部) with no head: steps 3, 4
    assert isinstance(p, ProjectPlan)
    assert [t.assignee for t in p.tasks] == ["P01", "P01", None, None]
    said = [(f.cell, f.value, f.rule, f.severity, f.message()) for f in p.warnings
            if f.rule == "start.no_assignee"]  # fmt: skip
    ids = [t.task_id for t in p.tasks]
    assert said == [
        (
            "C4",
            "D03",
            "start.no_assignee",
            "warning",
            f"「D03」没有在岗负责人：任务 {ids[2]}、{ids[3]} 不指派执行人，不会提醒任何人",
        )
    ]
