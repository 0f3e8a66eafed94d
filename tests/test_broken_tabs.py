"""Issue 15, item 2: one unusable tab never stops the daily run or a dashboard page."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from config.defaults import KPI_DEFAULTS
from config.settings import Settings
from dashboard.registry import PAGES
from jobs.kpis.measures import metrics
from jobs.kpis.reasons import COUNTS, NEEDS, NOT_IN_SHEETS
from jobs.run.cli import main
from jobs.sla.status import sla_of
from sheets_sync.demo import generate
from sheets_sync.memory import MemoryBackend
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import write_xlsx
from tests.support.dashboard import open_page, point_at, start, unescape
from tests.support.results import records

CORPUS = Path(__file__).resolve().parent / "corpus"
# no value without [baselines.process_time_by_step], which the demo's config does not set
STEP_BASELINED = {"process_time_by_step"}
NOW = dt.datetime(2026, 11, 27, 10, 0)
KEYS = {"权责争议": "disputes", "复盘": "retrospectives", "满意度调研": "survey",
        "问题案例库": "cases", "协作项目": "projects", "任务进度": "tasks"}  # fmt: skip
REQUIRED = {"权责争议": "争议编号", "复盘": "复盘编号", "满意度调研": "季度",
            "问题案例库": "案例编号", "协作项目": "项目编号", "任务进度": "任务编号"}  # fmt: skip


def broken_tabs(tab: str) -> dict[str, list[list[object]]]:
    """The demo's tabs with the header of one of ``tab``'s required columns blanked."""
    wb = generate(NOW.date(), seed=7)
    rows = [list(r) for r in wb[tab]]
    rows[0][rows[0].index(REQUIRED[tab])] = None
    return {**wb, tab: rows}


def broken_book(tmp_path: Path, tab: str) -> Path:
    """``broken_tabs`` as an .xlsx file."""
    book = tmp_path / "book.xlsx"
    write_xlsx(book, broken_tabs(tab))
    return book


# what an n/a KPI says when the tab it needs lost its id column (Chinese, English)
WHY = {
    "任务进度": ("「任务进度」无法读取：任务进度!A1 缺少必填列「任务编号」(task_id)，"
             "此表未被读取",
             "tab 任务进度 could not be read: 任务进度!A1 required column 'task_id' (任务编号) is "
             "missing; the tab is not read"),
    "协作项目": ("「协作项目」无法读取：协作项目!A1 缺少必填列「项目编号」(project_id)，"
             "此表未被读取",
             "tab 协作项目 could not be read: 协作项目!A1 required column 'project_id' (项目编号) "
             "is missing; the tab is not read"),
    "权责争议": ("「权责争议」无法读取：权责争议!A1 缺少必填列「争议编号」(dispute_id)，"
             "此表未被读取",
             "tab 权责争议 could not be read: 权责争议!A1 required column 'dispute_id' (争议编号) "
             "is missing; the tab is not read"),
    "满意度调研": ("「满意度调研」无法读取：满意度调研!A1 缺少必填列「季度」(quarter)，"
              "此表未被读取",
              "tab 满意度调研 could not be read: 满意度调研!A1 required column 'quarter' (季度) is "
              "missing; the tab is not read"),
}  # fmt: skip


@pytest.mark.parametrize("tab", list(WHY))
def test_each_kpi_that_needs_the_tab_is_na_with_the_reason(tab: str) -> None:
    wb = parse_workbook(MemoryBackend(broken_tabs(tab)).read(), Settings())
    sla = sla_of(wb, Settings().sla_section, NOW).result
    values = {v.kpi: v for v in metrics(wb, sla, Settings().kpi_section, NOW.date())}
    needing = {kpi for kpi, tabs in NEEDS.items() if KEYS[tab] in tabs}
    assert needing
    for kpi in needing:
        v = values[kpi]
        assert v.value is None and v.met is None, kpi
        assert v.reason is not None, kpi
        assert (v.reason.text("zh-CN"), v.reason.text("en")) == WHY[tab], kpi
    # the others go on (but those the sheets cannot measure at all: n/a anyway)
    others = [
        v
        for k, v in values.items()
        if k not in needing and k not in NOT_IN_SHEETS and k not in STEP_BASELINED
    ]
    assert others and all(v.value is not None for v in others)


def test_every_na_kpi_says_why_even_with_nothing_to_count() -> None:
    tabs = generate(NOW.date(), seed=7)
    tabs["满意度调研"] = tabs["满意度调研"][:1]  # the header alone: no answers yet
    wb = parse_workbook(MemoryBackend(tabs).read(), Settings())
    sla = sla_of(wb, Settings().sla_section, NOW).result
    values = metrics(wb, sla, Settings().kpi_section, NOW.date())
    na = {v.kpi: v for v in values if v.value is None}
    assert list(na) == [
        "satisfaction", "process_time_by_step", "communication_efficiency", "communication_cost"
    ]  # fmt: skip
    reason = na["satisfaction"].reason
    assert reason is not None
    assert reason.text("zh-CN") == "「满意度调研」中没有最近一季三项评分齐全的答卷"
    assert reason.text("en") == (
        "nothing to measure: no latest quarter's answers with 3 ratings in 满意度调研"
    )
    # every KPI names the tabs it reads and what it counts, so its n/a can say why
    assert set(NEEDS) == set(COUNTS) == set(KPI_DEFAULTS), "add the KPI to jobs/kpis/reasons.py"


@pytest.mark.parametrize("tab", list(KEYS))
def test_run_daily_goes_on_without_the_tab(
    tab: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = broken_book(tmp_path, tab)
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{book.as_posix()}"\n', encoding="utf-8")
    code = main(["run", "daily", "--config", str(config), "-q"])
    out = capsys.readouterr()
    assert code != 2
    assert "Traceback" not in out.out + out.err
    bot = tmp_path / "book.bot.xlsx"
    # the run says which tab it did not read, in _runs and on the terminal (zh-CN)
    assert records(bot, "_runs")[-1]["message"].startswith(
        f"未读取的工作表：{tab}（原因见 _checks 或 collabsheet validate）；"
    )
    assert f"未读取的工作表：{tab}（原因见 _checks 或 collabsheet validate）" in out.out
    errors = [r for r in records(bot, "_checks") if r["tab"] == tab and r["severity"] == "error"]
    assert [r["rule"] for r in errors] == ["header.missing"]
    assert len(records(bot, "_sla")) > 0
    metrics = {r["kpi"]: r["value"] for r in records(bot, "_metrics")}
    assert len(metrics) == len(KPI_DEFAULTS)
    needing = [kpi for kpi, tabs in NEEDS.items() if KEYS[tab] in tabs]
    for kpi in needing:
        assert metrics[kpi] in ("", None), kpi
    assert needing
    going_on = [
        kpi
        for kpi in metrics
        if kpi not in needing and kpi not in NOT_IN_SHEETS and kpi not in STEP_BASELINED
    ]
    assert going_on and all(metrics[kpi] not in ("", None) for kpi in going_on)


@pytest.mark.usefixtures("fresh_dashboard_cache")
@pytest.mark.parametrize("which", ["title_every_tab", "权责争议", "任务进度", "协作项目"])
def test_every_page_renders_without_a_traceback(
    which: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if which in KEYS:
        book = broken_book(tmp_path, which)
    else:
        book = tmp_path / "book.xlsx"
        shutil.copyfile(CORPUS / f"{which}.xlsx", book)
    point_at(book, tmp_path, monkeypatch)
    at = start()
    assert not at.exception
    for spec in PAGES:
        open_page(at, spec.file)
        assert not at.exception, spec.key


@pytest.mark.usefixtures("fresh_dashboard_cache")
@pytest.mark.parametrize("daily", [False, True], ids=["from the tables", "after run daily"])
@pytest.mark.parametrize("tab", ["任务进度", "协作项目", "满意度调研"])
def test_the_overview_says_why_a_kpi_is_na(
    tab: str, daily: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = point_at(broken_book(tmp_path, tab), tmp_path, monkeypatch)
    if daily:  # the cards then show _metrics, whose n/a cells carry no reason
        assert main(["run", "daily", "-q"]) != 2
        assert (book.parent / "book.bot.xlsx").is_file()
    at = start()
    assert not at.exception
    captions = [unescape(c.value) for c in at.caption]
    assert f"无数据：{WHY[tab][0]}" in captions  # the zh-CN word for n/a (kpi.gray)
    assert not any(c.startswith("n/a") for c in captions)
    cards = {m.label: m.value for m in at.metric}
    needing = [KPI_DEFAULTS[k].zh for k, tabs in NEEDS.items() if KEYS[tab] in tabs]
    assert needing and all(cards[name] == "n/a" for name in needing)
    never = {KPI_DEFAULTS[k].zh for k in (*NOT_IN_SHEETS, *STEP_BASELINED)} - set(needing)
    assert sum(1 for v in cards.values() if v == "n/a") == len(needing) + len(never)


@pytest.mark.parametrize("kind", ["hourly", "sla"])
def test_a_run_that_writes_no_checks_still_says_the_tab_was_not_read(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """trial17: with 任务进度's header broken, `run hourly` and `sla` wrote 正常 to _runs (their
    _sla without a task) and `sla` printed nothing of it: an error of the run now, the finding
    printed by `sla`; the exit code stays 0, as for any problem in the sheets (README)."""
    tab = next(t for t in KEYS if KEYS[t] == "tasks")
    book = broken_book(tmp_path, tab)
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{book.as_posix()}"\n', encoding="utf-8")
    args = ["run", "hourly"] if kind == "hourly" else ["sla"]
    assert main([*args, "--config", str(config), "-q"]) == 0
    out = capsys.readouterr().out
    said = f"未读取的工作表：{tab}" if kind == "hourly" else "错误 缺少必填列「任务编号」"
    assert said in out
    run = records(tmp_path / "book.bot.xlsx", "_runs")[-1]
    assert run["outcome"] == "errors" and int(run["errors"]) == 1


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_coordinators_list_says_a_tab_was_not_read(tmp_path: Path, locale: str) -> None:
    """With 任务进度's header broken the reminders go without its items; the coordinators'
    meeting list says so, naming the cell and the fix (trial18: it left out an overdue task
    unsaid, only the terminal and _runs said the tab was not read)."""
    from jobs.run.envelope import run as run_job
    from tests.support.notifiers import Recorder
    from tests.support.reminders import outbox_settings, raw
    from tests.support.workbooks import title

    book = raw()
    book[title("tasks")][0][0] = None
    s = outbox_settings(tmp_path, locale)
    rec = Recorder()
    run_job("remind", s, MemoryBackend(book), NOW, notifiers={"outbox": rec})
    meeting = next(m for m in rec.sent if m.key.startswith("meeting:"))
    title_ = {
        "zh-CN": "未读取的工作表：本次提醒不含其中的事项，请先修正",
        "en": "Tabs not read: this run's reminders leave out their items; fix them first",
    }
    (section,) = [x for x in meeting.sections if x.title == title_[locale]]
    (item,) = section.items
    start = {"zh-CN": "任务进度 缺少必填列「任务编号」", "en": "任务进度 required column 'task_id'"}
    assert item.text.startswith(start[locale]) and item.link.endswith("任务进度!A1")
    assert not any("K1" in i.text for m in rec.sent for x in m.sections for i in x.items)
    # the heads' and management's lists too, which would look complete (trial19: 丁飞's
    # 【部门升级】 left out an overdue task unsaid)
    lists = [m for m in rec.sent if m.key.startswith(("head:", "mgmt:"))]
    assert lists and all(title_[locale] in [x.title for x in m.sections] for m in lists)
    # every head gets it, also one with nothing else listed (review22: silence read as "none
    # overdue" when their items were all tasks)
    heads = {str(r[2]) for r in book[title("departments")][1:] if r[2]}
    assert heads <= {m.key.split(":")[1] for m in lists if m.key.startswith("head:")}
