"""A cancelled project's tasks are not work to do: the progress board leaves them out of its
未完成 (open) counts — the headline, per project, department and person, the timeline — as the
SLA leaves them out of the obligations (jobs.sla.obligations), on the demo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config.settings import Settings
from jobs.sla.status import sla_of
from sheets_sync.workbook import parse_workbook
from tests.support.dashboard import frame_with, open_page, point_at, start
from tests.support.demo import DEMO_DAY, new_demo_tabs

pytestmark = pytest.mark.usefixtures("fresh_dashboard_cache")  # tests/conftest.py


def test_the_board_and_the_sla_leave_cancelled_projects_out(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_at(demo_xlsx, tmp_path, monkeypatch)
    wb = parse_workbook(new_demo_tabs(), Settings())
    projects, tasks = wb["projects"], wb["tasks"]
    cancelled = {
        str(p)
        for p, s in zip(projects.column("project_id"), projects.column("status"), strict=True)
        if s == "cancelled"
    }
    rows = list(zip(tasks.column("task_id"), tasks.column("project_id"), tasks.column("status"),
                    strict=True))  # fmt: skip
    not_done = [(str(t), str(p)) for t, p, s in rows if s != "done"]
    idle = {t for t, p in not_done if p in cancelled}
    assert cancelled and idle  # the demo has a cancelled project with tasks not done
    open_ = len(not_done) - len(idle)

    sla = sla_of(wb, Settings().sla_section, dt.datetime.combine(DEMO_DAY, dt.time(10)))
    assert not idle & set(sla.result["ref"].astype(str))  # they owe nothing

    at = open_page(start(), "views/progress.py")
    shown = {m.label: m.value for m in at.metric}
    assert shown["未完成"] == str(open_)
    by_project = frame_with(at, "完成率")
    mine = by_project[by_project["项目"].str.contains("（已取消）")]
    assert len(mine) == len(cancelled) and set(mine["未完成"]) == {0}
    assert int(by_project["未完成"].sum()) == open_
