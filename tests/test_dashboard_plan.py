"""The dashboard at a moment set in the config (``[dashboard] at``) and the Overview's plan view
(issue 18, items 6, 7 and 10): a task due Friday 18:00 is breached at Monday 09:00 on the SLA
page and the Progress board, counted the same on both; the 里程碑 of the plan; each KPI card
shows its numerator and denominator and opens to its rows, a scoped viewer's rows only."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from config.defaults import KPI_DEFAULTS
from config.settings import load_settings
from dashboard.last_run import daily_kpis
from dashboard.views.overview import CARDS_PER_ROW
from jobs.sla.status import sla_of
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend, write_xlsx
from tests.support.dashboard import (
    frame_with,
    open_page,
    point_at,
    read_moment,
    signed_in,
    start,
    tables,
    texts,
    unescape,
)
from tests.support.kpi_book import kpi_book
from tests.support.mutations import put
from tests.support.reminders import raw

pytestmark = pytest.mark.usefixtures("fresh_dashboard_cache")

MONDAY_9 = "2026-11-30 09:00"  # the next working minute after Friday 2026-11-27 18:00
M1 = "2026-11-27 12:00"  # the hand-computed KPI workbook's first moment
BOOK_KPIS = """
[targets]
compliance = 0.65

[baselines]
cycle_time = 20.0
response_time = 10.0
process_time = 30.0
resolution_rate = 0.5
communication_efficiency = 3.0
communication_cost = 10.0

[baselines.process_time_by_step]
"T1:1" = 48.0
"T1:2" = 200.0
"T1:3" = 40.0
"T2:2" = 40.0

[sla.response]
clock = "calendar"
[sla.completion]
clock = "calendar"
[sla.approval]
clock = "calendar"
[sla.dispute]
clock = "calendar"
[sla.action]
clock = "calendar"
"""  # tests/support/kpi_book.py's KPIS and SETTINGS, as a config file


def _friday_book(tmp_path: Path) -> Path:
    """The reminder workbook with K2 (D03, 王五) due Friday 18:00, typed in 截止时间."""
    book = tmp_path / "friday.xlsx"
    write_xlsx(book, raw(put("tasks", 2, "due_at", "2026-11-27 18:00")))
    return book


def test_friday_18_is_breached_at_monday_9_on_both_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = point_at(_friday_book(tmp_path), tmp_path, monkeypatch, f'at = "{MONDAY_9}"\n')
    at = open_page(start(), "views/sla_page.py")
    assert str(read_moment(at)) == f"{MONDAY_9}:00"  # the configured moment, not the clock
    assert any("[dashboard] at" in unescape(c.value) for c in at.caption)
    listing = frame_with(at, "截止时间怎么算的")
    k2 = listing[listing["编号"] == "K2"]
    assert list(zip(k2["类型"], k2["时限状态"], k2["升级级别"], strict=True)) == [
        ("完成", "已超时", 1)
    ]
    assert str(k2["截止时间"].iloc[0]).startswith("2026-11-27 18:00")
    sla_line = next(unescape(c.value) for c in at.caption if "按任务计" in c.value)

    at = open_page(at, "views/progress.py")
    board = {m.label: int(m.value) for m in at.metric}
    # the jobs' own count at that moment: tasks with an obligation breached, each task once
    settings = load_settings()
    wb = parse_workbook(XlsxBackend(book).read(), settings)
    result = sla_of(wb, settings.sla_section, read_moment(at)).result
    tasks = result[result["kind"].isin(["response", "completion", "approval"])]
    breached = set(tasks.loc[tasks["status"] == "breached", "ref"])
    assert "K2" in breached
    assert board["已超时"] == len(breached)
    assert sla_line.startswith(f"按任务计：{len(breached)} 项已超时")


def _kpi_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str = "") -> AppTest:
    book = tmp_path / "book.xlsx"
    write_xlsx(book, kpi_book())
    point_at(book, tmp_path, monkeypatch, f'at = "{M1}"\n{extra}{BOOK_KPIS}')
    return start()


def test_the_milestones_of_the_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _kpi_app(tmp_path, monkeypatch, '\n[plan]\nstart = "2026-05-01"\n')
    assert not at.exception
    shown = [unescape(t) for t in texts(at)]
    assert any(t.startswith("方案启动于 2026-05-01") for t in shown)
    # 体系落地 was due 11-01 (coverage 80% < 98%); 效率提升 and 标准构建 still to come
    for line in ("2026-11-01 到期 · 已过 26 天", "2027-05-01 到期 · 还剩 155 天",
                 "2027-11-01 到期 · 还剩 339 天"):  # fmt: skip
        assert line in shown, line
    badges = [m.value for m in at.markdown if "-badge[" in m.value]
    assert badges == [
        ":red-badge[逾期未达成 · 0 / 1 项达标]",
        ":orange-badge[进行中 · 2 / 5 项达标]",  # 问题解决率 and 业务响应速度
        ":orange-badge[进行中 · 0 / 1 项达标]",
    ]
    phases = tables(at)[:3]
    assert [list(f.index) for f in phases] == [
        ["措施覆盖率"],
        ["协作项目周期", "沟通成本", "问题解决率", "协作满意度", "业务响应速度"],
        ["执行团队达标率"],
    ]
    assert list(phases[0].iloc[0]) == ["80\\.0%", "≥ 98\\.0%", "未达标"]
    assert list(phases[1].loc["问题解决率"]) == ["66\\.7%", "≥ 60\\.0%", "达标"]
    at.sidebar.radio(key="locale").set_value("en").run()
    shown = [unescape(t) for t in texts(at)]
    assert "due 2026-11-01 · 26 days ago" in shown
    assert ":red-badge[missed · 0 / 1 on target]" in [m.value for m in at.markdown]


def test_without_a_start_date_it_says_how_to_set_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _kpi_app(tmp_path, monkeypatch)
    assert any("[plan] start" in unescape(i.value) for i in at.info)
    assert "到期日未知（未设置 [plan] start）" in [unescape(c.value) for c in at.caption]


def test_each_card_shows_its_basis_and_opens_to_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _kpi_app(tmp_path, monkeypatch)
    labels = [unescape(e.proto.label) for e in at.expander]
    # under the cards, in KPI order (tests/test_kpi_hand.py's HAND at M1)
    assert "15 / 25 · 明细" in labels  # 流程合规率
    assert "4 个值的中位数 · 明细" in labels  # 流程耗时（按步骤）
    assert "3 个值的平均（合计 10） · 明细" in labels  # 沟通效率: ratings 4 + 2 + 4
    assert "2 个值的平均（合计 13.50） · 明细" in labels  # 沟通成本: weekly hours 6 + 7.5
    assert "9.81 / 19 · 明细" in labels  # 方案目标偏差率: the shortfalls' sum 9.8113 / 19 KPIs
    assert len([x for x in labels if x.endswith("· 明细")]) >= 4 * CARDS_PER_ROW
    at.session_state["kpi_rows_process_time_by_step"] = True
    at.run()
    rows = frame_with(at, "编号")
    assert list(rows["编号"]) == ["T1:1", "T1:2", "T1:3", "T2:1", "T2:2"]
    assert list(rows["内容"]) == ["提需求", "交付", "审核", "受理", "回访"]
    assert rows["说明"].iloc[1] == "中位 132.0 小时 / 基线 200.0 小时 = 66.0%（目标 ≤ 60.0%）"
    needs = '中位 24.0 小时 · 需要基线：在 [baselines.process_time_by_step] 填写 "T2:1"'
    assert rows["说明"].iloc[3] == needs


FOREIGN = {  # rows of the hand book a D1 viewer must not see (tests/support/kpi_book.py)
    "K3", "K4", "K6", "K7", "K8", "K9", "K10", "K12",  # tasks of D2 and D3
    "DS3",  # a dispute of D2 and D3
    "S2", "S4", "S5", "S6", "S7",  # survey answers of D2 and D3
    "PJ3", "PJ4", "PJ6",  # projects with neither a D1 task nor D1 as initiator
    "R2",  # the retrospective of PJ3
    "D2", "D3",
}  # fmt: skip


def test_a_scoped_viewer_sees_only_their_rows_behind_every_card(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _kpi_app(tmp_path, monkeypatch)
    config = tmp_path / "collabsheet.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "[dashboard]\n", '[dashboard]\nauth = "password"\nviewer_dept = true\n'
        ),
        encoding="utf-8",
    )
    at = signed_in({"alice": {"password": "a-pw", "depts": ["D1"]}}, "alice")
    assert not at.exception
    seen: set[str] = set()
    for kpi in KPI_DEFAULTS:
        at.session_state[f"kpi_rows_{kpi}"] = True
        at.run()
        assert not at.exception, kpi
        for frame in (d.value for d in at.dataframe):
            if "编号" in frame.columns:  # SLA rows as "completion:K1", template steps "T1:2"
                seen |= {_row_id(str(k)) for k in frame["编号"]}
        at.session_state[f"kpi_rows_{kpi}"] = False
    assert {"K1", "K2", "PJ1", "S3"} <= seen  # D1's rows are there
    assert not seen & FOREIGN, seen & FOREIGN


def _row_id(key: str) -> str:
    """The sheet id in a trace key: "completion:K1" -> "K1" (a step "T1:2" stays)."""
    kind, _, ref = key.partition(":")
    return ref if kind in ("response", "completion", "approval", "dispute", "action") else key


@pytest.mark.parametrize(
    ("numerator", "denominator", "basis"),
    [
        (27, 30, (27.0, 30)),
        (None, 12, (None, 12)),  # a median: the number of values
        (None, None, (None, 0)),  # a row written before the two columns were kept
        ("", "n/a", (None, 0)),
        (1.5, "inf", (1.5, 0)),  # typed over by a person: not a count
    ],
)
def test_the_daily_run_keeps_what_each_value_is_computed_over(
    numerator: object, denominator: object, basis: tuple[object, int]
) -> None:
    row = {
        "date": "2026-11-27", "kpi": "compliance", "value": 0.9, "target": 0.98,
        "baseline": None, "met": "no", "numerator": numerator, "denominator": denominator,
    }  # fmt: skip
    daily = daily_kpis([row])
    assert daily is not None
    (v,) = daily.values
    assert (v.numerator, v.denominator) == basis
