"""Every word the dashboard shows (issue 20, item 5): on every page of the demo, fresh and after
``run daily``, in both locales, no literal None, nan, NaN, NaT or null (texts, labels, chart
titles and every table cell: Streamlit's grid draws a missing cell as "None", so a missing
value in a frame counts); no English in the Chinese interface nor Chinese in the English one,
except the short allow-lists below; dates on the time axes; the project summary with status and
target date, cancelled projects marked; the language that ``--locale`` / ``[general] locale``
asks for. The pages are read through AppTest (tests/support/page_words.py), which sees the
cells a browser's text cannot (the grid draws in a canvas)."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.data import get_settings
from dashboard.serve import launch
from dashboard.text import TEXT
from dashboard.views import widgets
from jobs.run.cli import main
from tests.support.configs import dashboard_config
from tests.support.dashboard import frame_with, open_page, start, tables
from tests.support.demo import write_demo
from tests.support.page_words import (
    CJK,
    EMPTY_WORDS,
    Seen,
    chart_titles,
    english_words,
    every_page,
    missing_cells,
    visit,
)

pytestmark = pytest.mark.usefixtures("fresh_dashboard_cache")  # tests/conftest.py

AT = "2026-11-27 10:00"
# English a Chinese page may show: the bilingual language switch, and what a person types or
# reads elsewhere exactly so: commands, config keys and tab names (stripped by ``CODE``)
ZH_ALLOWED = frozenset({"Language", "Word", "Excel", "Markdown", "Slack", "ID"})
CODE = re.compile(
    r"collabsheet(?: [a-z-]+)*(?: --?[a-z-]+(?: [\w.:-]+)?)*"  # a command line
    r"|\[[a-z_.]+\](?: [a-z_]+)?"  # a config section and key: [dashboard] at
    r"|[a-z_]+:[A-Z]+\d+"  # an obligation's key (its kind and row id): completion:T000003
    r"|\b[a-z_]+\.(?:toml|xlsx|docx|html|md)\b"  # a file name
)
EN_ALLOWED = ("语言",)  # the language switch "语言 / Language" reads the same in both
# Chinese an English page may show in its labels: names, as an id and its name (a department's
# column "D01 研发部", a template "T01 新功能研发流程"), and the plan's name of the handbook
NAMED = re.compile(r"^[A-Z]+\d+ .*|\(权责说明书\)$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_demo(tmp_path_factory.mktemp("words") / "demo.xlsx")


def configure(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str, daily: bool
) -> Path:
    """A copy of the demo, a config in ``locale`` at the fixed moment, the daily run when asked."""
    book = tmp_path / "demo.xlsx"
    book.write_bytes(demo.read_bytes())
    config = dashboard_config(
        tmp_path,
        book,
        f'at = "{AT}"\n\n[general]\nlocale = "{locale}"\n\n'
        f'[channels.outbox]\nfolder = "{(tmp_path / "outbox").as_posix()}"',
    )
    monkeypatch.setenv("COLLABSHEET_CONFIG", str(config))
    if daily:
        assert main(["run", "daily", "--config", str(config), "--at", AT, "-q"]) in (0, 1)
    return config


def empty_words(seen: Seen) -> list[str]:
    return sorted({f"{m.group(0)} in {t[:80]!r}" for t in seen.texts + seen.cells
                   for m in EMPTY_WORDS.finditer(t)})  # fmt: skip


def wrong_language(seen: Seen, locale: str) -> list[str]:
    if locale == "en":  # data (names) is Chinese in either language: only the labels
        return sorted({x for x in seen.labels if CJK.search(NAMED.sub("", x).strip())
                       and not x.startswith(EN_ALLOWED)})  # fmt: skip
    return sorted({w for x in seen.texts for w in english_words(CODE.sub(" ", x), ZH_ALLOWED)})


@pytest.mark.parametrize("daily", [False, True], ids=["fresh", "after-daily"])
@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_every_page_without_empty_words_in_its_language(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str, daily: bool
) -> None:
    configure(demo, tmp_path, monkeypatch, locale, daily)
    at = start()
    problems = {}
    for seen in every_page(at):
        assert seen.texts and seen.labels, seen.page  # the page was read
        found = {
            "empty words": empty_words(seen),
            "missing cells (drawn as None)": seen.missing,
            "other language": wrong_language(seen, locale),
        }
        if any(found.values()):
            problems[seen.page] = {k: v[:10] for k, v in found.items() if v}
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_the_scan_sees_a_missing_cell_and_an_english_word(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Planted: the tables without blanking (as before the fix) show "None" where an action
    has no done time; an English word in the Chinese interface is named."""
    configure(demo, tmp_path, monkeypatch, "zh-CN", daily=False)
    monkeypatch.setattr(widgets, "blanked", lambda frame: frame)
    seen = visit(start(), "views/retrospectives.py")
    assert any(m.startswith("完成时间: ") for m in seen.missing), seen.missing[:5]
    assert wrong_language(Seen("x", texts=["共 3 项 errors"]), "zh-CN") == ["errors"]
    assert wrong_language(Seen("x", labels=["Tasks 任务"]), "en") == ["Tasks 任务"]
    assert missing_cells(frame_with_none()) == ["a: 1"]


def frame_with_none() -> Any:
    import pandas as pd

    return pd.DataFrame({"a": ["x", None], "b": [1, 2]})


def chart_spec(at: AppTest) -> dict[str, Any]:
    from tests.support.page_words import _walk

    charts = [n for n in _walk(at._tree) if n.type == "vega_lite_chart"]
    assert charts, "no chart on the page"
    spec: dict[str, Any] = json.loads(charts[0].proto.spec)
    return spec


@pytest.mark.parametrize(
    ("locale", "title"), [("zh-CN", "日期（交接 → 截止）"), ("en", "Date (hand-off → due)")]
)
def test_the_timeline_axis_shows_dates(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str, title: str
) -> None:
    configure(demo, tmp_path, monkeypatch, locale, daily=False)
    at = open_page(start(), "views/progress.py")
    at.session_state["progress_view"] = TEXT[locale]["progress.timeline"]
    at.run()
    spec = chart_spec(at)
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    assert axis["title"] == title and axis["format"] == "%Y-%m-%d"
    ticks = [dt.date(v["year"], v["month"], v["date"]) for v in axis["values"]]
    assert 2 <= len(ticks) <= 8 and ticks == sorted(set(ticks))
    legend = spec["layer"][0]["encoding"]["color"]["title"]
    assert legend == TEXT[locale]["col.sla"]
    assert "SLA" not in json.dumps(list(chart_titles(spec)), ensure_ascii=False) or locale == "en"


@pytest.mark.parametrize(
    ("first", "last", "ticks"),
    [
        ("2026-11-27 10:00", "2026-11-29 18:00", ["2026-11-28", "2026-11-29"]),  # by day
        ("2026-11-01 09:00", "2026-12-31 09:00", None),  # a long span: at most 8
    ],
)
def test_date_axis_ticks_at_midnights_inside_the_span(
    first: str, last: str, ticks: list[str] | None
) -> None:
    axis = widgets.date_axis("d", first, last).to_dict()
    got = [f"{v['year']}-{v['month']:02d}-{v['date']:02d}" for v in axis["values"]]
    assert axis["format"] == "%Y-%m-%d"
    if ticks is not None:
        assert got == ticks
    else:
        assert 2 <= len(got) <= 8 and got[0] == "2026-11-02" and got[-1] <= "2026-12-31"


def test_date_axis_within_a_day_shows_the_date_and_hour() -> None:
    axis = widgets.date_axis("d", "2026-11-27 09:00", "2026-11-27 18:00").to_dict()
    assert axis["format"] == "%Y-%m-%d %H:%M" and "values" not in axis


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_the_kpi_trend_names_its_unit(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str
) -> None:
    configure(demo, tmp_path, monkeypatch, locale, daily=True)
    at = start()
    at.session_state["kpi_trend"] = True
    at.run()
    spec = chart_spec(at)
    titles = list(chart_titles(spec))
    assert TEXT[locale]["kpi.axis"] in titles and "内容" not in titles
    names = {str(r["name"]) for d in spec.get("datasets", {}).values() for r in d}
    hours = "小时" if locale == "zh-CN" else "(h)"
    assert not names or any(hours in n for n in names)


@pytest.mark.parametrize(
    ("locale", "done", "cancelled"),
    [("zh-CN", "已完成", "（已取消）"), ("en", "done", " (cancelled)")],
)
def test_the_project_summary_shows_status_and_target_date(
    demo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    locale: str,
    done: str,
    cancelled: str,
) -> None:
    configure(demo, tmp_path, monkeypatch, locale, daily=False)
    at = open_page(start(), "views/progress.py")
    frame = frame_with(at, TEXT[locale]["col.target_date"])
    status = frame[TEXT[locale]["col.status"]]
    assert set(status) <= _project_words(locale) and done in set(status)
    marked = frame[frame[TEXT[locale]["col.project"]].str.endswith(cancelled)]
    assert len(marked) and set(marked[TEXT[locale]["col.status"]]) == {
        "已取消" if locale == "zh-CN" else "cancelled"
    }
    dates = frame[TEXT[locale]["col.target_date"]]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates if d)


def _project_words(locale: str) -> set[str]:
    from config.choices import STATUS_PROJECT

    return {zh if locale == "zh-CN" else key for key, zh in STATUS_PROJECT} | {""}


def test_the_last_runs_say_job_and_outcome_in_chinese(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(demo, tmp_path, monkeypatch, "zh-CN", daily=True)
    at = start()
    table = next(t for t in tables(at) if "作业" in t.index.name)
    assert list(table.index) == ["每日运行"]
    assert set(table["结果"]) <= {"正常", "有问题", "失败"}


# ----------------------------------------------------------------------------- the language


def test_locale_option_reaches_the_dashboard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``collabsheet --locale en dashboard`` (and after the command) hands ``--locale en`` to the
    server; without it, [general] locale; the app takes it over the config."""
    config = tmp_path / "collabsheet.toml"
    config.write_text('[general]\nlocale = "zh-CN"\n', encoding="utf-8")
    calls: list[str | None] = []

    def run(config: Any, port: int, address: str = "127.0.0.1", locale: Any = None) -> int:
        calls.append(locale)
        return 0

    monkeypatch.setattr(launch, "run", run)
    assert main(["--locale", "en", "--config", str(config), "dashboard"]) == 0
    assert main(["--config", str(config), "dashboard", "--locale", "en"]) == 0
    assert main(["--config", str(config), "dashboard"]) == 0
    assert calls == ["en", "en", "zh-CN"]
    argv = launch.command(str(config), 8501, "127.0.0.1", plumbing=False, locale="en")
    assert argv[argv.index("--") :] == ["--", "--config", str(config), "--locale", "en"]
    assert get_settings(["--config", str(config), "--locale", "en"]).locale == "en"
    assert get_settings(["--config", str(config)]).locale == "zh-CN"


def test_the_app_speaks_the_locale_it_was_started_with(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(demo, tmp_path, monkeypatch, "zh-CN", daily=False)
    monkeypatch.setattr(sys, "argv", ["app.py", "--locale", "en"])
    at = start()
    assert at.title[0].value == TEXT["en"]["page.overview"]
    assert at.sidebar.radio[0].value == "en"
