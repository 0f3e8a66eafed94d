"""The template library page and the RACI page's department filter and 权责说明书 downloads
(issue 19, items 1 and 5), through Streamlit's AppTest on the demo: what each page shows, the
filters, the documents (the same bytes as ``collabsheet handbook`` writes), and what a viewer
scoped to a department may pick and download."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import jobs.run.handbook_command
from config.settings import load_settings
from dashboard import auth
from dashboard.context import Context
from dashboard.data import read_snapshot
from dashboard.scope import scope_snapshot
from dashboard.text import md_escape
from dashboard.views import handbook_downloads
from jobs.run.cli import main
from tests.support.dashboard import (
    frame_with,
    frames,
    open_page,
    point_at,
    signed_in,
    start,
    texts,
)

pytestmark = pytest.mark.usefixtures("fresh_dashboard_cache")  # tests/conftest.py

AT = dt.datetime(2026, 11, 27, 9, 0)  # the demo's day
FIXED = f'at = "{AT:%Y-%m-%d %H:%M}"\n'  # [dashboard] at: the pages compute for that moment


@pytest.fixture
def demo_app(demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    point_at(demo_xlsx, tmp_path, monkeypatch, FIXED)
    return start()


def test_the_template_library_shows_each_template_and_its_steps(demo_app: Any) -> None:
    at = open_page(demo_app, "views/templates.py")
    assert not at.exception
    assert "流程模板库" in [t.value for t in at.title]
    overview = frame_with(at, "模板编号")
    assert overview["模板编号"].tolist() == ["T01", "T02", "T03", "T04", "T05", "T06"]
    first = overview.iloc[0].to_dict()
    assert first == {
        "模板编号": "T01", "模板名称": "新功能研发流程", "协作场景": "产品研发",
        "项目类型": "新功能开发", "协作规模": "中 · 跨3部门",
        "涉及部门（负责或最终负责）": "D01 研发部、D02 产品部、D03 销售部",
        "步骤数": 6, "审批环节": 1,
    }  # fmt: skip
    steps = frame_with(at, "负责 (R)")  # the first template's steps
    assert steps["步骤名称"].tolist()[:3] == ["需求提交与对接", "需求评审", "技术方案审批"]
    step1 = steps.iloc[0].to_dict()
    assert (step1["负责 (R)"], step1["最终负责 (A)"], step1["协助 (C)"], step1["知会 (I)"]) == (
        "D02 产品部、D03 销售部", "D02 产品部", "D04 客服部", "D01 研发部",
    )  # fmt: skip
    assert (step1["响应时限（小时）"], step1["完成时限（小时）"], step1["计时方式"]) == (
        "24", "24", "工作时间",
    )  # fmt: skip
    assert steps.iloc[2]["类型"] == "审批" and steps.iloc[2]["前置步骤"] == "2"


def test_the_library_filters_by_type_and_scale_and_shows_the_picked_template(
    demo_app: Any,
) -> None:
    at = open_page(demo_app, "views/templates.py")
    at.multiselect(key="tpl_scenarios").set_value(["产品研发", "客户服务"]).run()
    at.multiselect(key="tpl_scales").set_value(["小 · 跨3部门"]).run()
    assert frame_with(at, "模板编号")["模板编号"].tolist() == ["T02", "T04"]
    at.selectbox(key="tpl_pick").set_value("T04").run()
    assert "T04 客户投诉处理流程" in [s.value.replace("\\", "") for s in at.subheader]
    steps = frame_with(at, "负责 (R)")
    # 客户服务 · 方案评审 has two accountable departments in the demo matrix: both shown
    review = steps[steps["协作环节"] == "方案评审"].iloc[0]
    assert review["最终负责 (A)"] == "D03 销售部、D04 客服部"
    at.multiselect(key="tpl_scales").set_value(["大 · 跨4部门"]).run()
    assert any("没有符合筛选条件的模板" in t for t in texts(at))
    at.multiselect(key="tpl_scenarios").set_value([]).run()
    at.multiselect(key="tpl_types").set_value(["品牌活动"]).run()
    assert frame_with(at, "模板编号")["模板编号"].tolist() == ["T06"]


def test_the_raci_page_filters_by_department_and_offers_the_handbook(demo_app: Any) -> None:
    at = open_page(demo_app, "views/responsibilities.py")
    assert not at.exception
    everything = frame_with(at, "协作环节")
    at.multiselect(key="raci_depts").set_value(["D07"]).run()
    grid = frame_with(at, "协作环节")
    # 法务部 is consulted on 市场活动 · 方案评审 only; the other departments' roles beside it
    assert grid[["协作场景", "协作环节"]].values.tolist() == [["市场活动", "方案评审"]]
    assert grid.iloc[0]["D07 法务部"] == "C" and grid.iloc[0]["D06 市场部"] == "A/R"
    assert len(grid) < len(everything)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["下载 Word", "下载网页", "下载 Markdown"]
    assert not [t for t in texts(at) if "不含本部门未参与的争议的先例" in t]  # the whole file
    assert at.selectbox(key="handbook_pick_D07").value == "D07"  # the filter's department
    assert at.selectbox(key="handbook_pick_D07").options[0] == "全公司"


def _context(book: Path, tmp_path: Path, scoped: frozenset[str] | None = None) -> Context:
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{book.as_posix()}"\n[dashboard]\n{FIXED}', "utf-8")
    settings = load_settings(str(config))
    snapshot = scope_snapshot(read_snapshot(settings), scoped)
    return Context(settings, "zh-CN", snapshot, lambda tab, cell: f"{tab}!{cell}")


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_the_downloads_are_what_collabsheet_handbook_writes(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    ctx = _context(demo_xlsx, tmp_path)
    monkeypatch.setattr(jobs.run.handbook_command, "now", lambda settings: AT)
    out = tmp_path / "cli"
    argv = ["handbook", "--config", str(tmp_path / "c.toml"), "-q", "--format", fmt]
    assert main([*argv, "--out", str(out)]) == 0
    written = {p.name: p.read_bytes() for p in out.iterdir()}
    docs = handbook_downloads.choices(ctx)
    assert list(docs) == ["company", "D01", "D02", "D03", "D04", "D05", "D06", "D07", "D08"]
    for key, label in docs.items():
        name = handbook_downloads.file_name(key, label.split(" ", 1)[-1], fmt)
        got = handbook_downloads.file_bytes(ctx, key, fmt)
        if fmt == "docx":  # a zip: the same document text (the file's own dates may differ)
            assert _docx_text(got) == _docx_text(written[name]), name
        else:
            assert got == written[name], name
    assert len(written) == len(docs)


def _docx_text(data: bytes) -> list[str]:
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return [p.text for p in document.paragraphs] + cells


# the precedents in ``collabsheet handbook --dept D07``: disputes on D07's activity (方案评审)
# between D06 and D02 only, and those D07 is party to (none decided on the demo)
OTHERS_PRECEDENTS = ("DS0002", "DS0007", "DS0013")


def _precedent_free(lines: list[str]) -> list[str]:
    """The lines of a document but those of another department's precedent."""
    return [x for x in lines if not any(f"先例 {d}" in x for d in OTHERS_PRECEDENTS)]


def _lines(data: bytes, fmt: str) -> list[str]:
    """The paragraphs of a document (HTML: one list item a line)."""
    if fmt == "docx":
        return _docx_text(data)
    return data.decode("utf-8").replace("</li>", "</li>\n").splitlines()


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
@pytest.mark.parametrize("scoped", [frozenset({"D07"}), None], ids=["D07 viewer", "unscoped"])
def test_a_departments_download_is_what_handbook_dept_writes(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str,
    scoped: frozenset[str] | None,
) -> None:  # fmt: skip
    """The D07 document an unscoped viewer downloads is the file of ``collabsheet handbook
    --dept D07`` byte for byte: built from the whole workbook, it names the other departments'
    roles in D07's activity, the escalation contact's name, its pending item and its
    precedents. A viewer scoped to D07 gets the same file without the precedents of disputes
    D07 is not party to (DS0002, DS0007, DS0013 are between D06 and D02: other departments'
    rows, which the file leaked)."""
    ctx = _context(demo_xlsx, tmp_path, scoped)
    monkeypatch.setattr(jobs.run.handbook_command, "now", lambda settings: AT)
    out = tmp_path / "cli"
    argv = ["handbook", "--config", str(tmp_path / "c.toml"), "-q", "--format", fmt]
    assert main([*argv, "--dept", "D07", "--out", str(out)]) == 0
    (written,) = out.iterdir()
    assert written.name == handbook_downloads.file_name("D07", "法务部", fmt)
    got = handbook_downloads.file_bytes(ctx, "D07", fmt)
    cli = written.read_bytes()
    if scoped is None and fmt != "docx":
        assert got == cli
    elif scoped is None:
        assert _docx_text(got) == _docx_text(cli)
    else:  # the command's file without the lines of other departments' precedents
        assert _lines(got, fmt) == _precedent_free(_lines(cli, fmt))
    text = "\n".join(_lines(got, fmt))
    for said in ("待明确 1 项", "升级对象：杜明涛", "负责(R)：市场部（D06）、产品部（D02）",
                 "管理层（薛婷慧）"):  # fmt: skip
        assert said in text, said
    cli_text = "\n".join(_lines(cli, fmt))
    for dispute in OTHERS_PRECEDENTS:
        assert f"先例 {dispute}" in cli_text, dispute
        assert (f"先例 {dispute}" in text) is (scoped is None), dispute


def test_a_scoped_viewer_downloads_only_their_departments(demo_xlsx: Path, tmp_path: Path) -> None:
    ctx = _context(demo_xlsx, tmp_path, frozenset({"D07"}))
    assert handbook_downloads.choices(ctx) == {"D07": "D07 法务部"}  # no company document
    with pytest.raises(KeyError, match="D06"):
        handbook_downloads.file_bytes(ctx, "D06", "md")
    with pytest.raises(KeyError, match="company"):
        handbook_downloads.file_bytes(ctx, "company", "md")


def test_a_scoped_viewer_filters_only_their_departments(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The RACI page for a viewer signed in with ``depts = ["D07"]``: the department filter
    offers D07 alone, the document picker D07's document alone; the template library is whole
    but shows the roles of D07's activities only."""
    monkeypatch.setattr(auth, "_FAIL_DELAY_S", 0.0)
    point_at(demo_xlsx, tmp_path, monkeypatch, FIXED + 'auth = "password"\nviewer_dept = true\n')
    at = signed_in({"lee": {"password": "l-pw", "depts": ["D07"]}}, "lee")
    at = open_page(at, "views/responsibilities.py")
    assert not at.exception
    assert at.multiselect(key="raci_depts").options == ["D07 法务部"]
    assert at.selectbox(key="handbook_pick_D07").options == ["D07 法务部"]
    scoped_note = (
        "本部门的文件即 collabsheet handbook --dept 生成的说明书，但不含本部门未参与的争议的先例。"
    )
    assert md_escape(scoped_note) in texts(at)
    at.sidebar.radio(key="locale").set_value("en").run()
    assert md_escape(
        "Your department's file is the handbook collabsheet handbook --dept writes, without the "
        "precedents of disputes your department was not party to."
    ) in texts(at)
    at.sidebar.radio(key="locale").set_value("zh-CN").run()
    assert frames(at)[0]["协作环节"].tolist() == ["方案评审"]
    at = open_page(at, "views/templates.py")
    assert not at.exception
    assert frame_with(at, "模板编号")["模板编号"].tolist() == [
        "T01",
        "T02",
        "T03",
        "T04",
        "T05",
        "T06",
    ]
    assert any("只显示本部门参与的协作环节的权责" in t for t in texts(at))
    # the sheet's scale, counted over the whole matrix (was 中 · 跨0部门 … 大 · 跨2部门)
    assert frame_with(at, "模板编号")["协作规模"].tolist() == [
        "中 · 跨3部门", "小 · 跨3部门", "大 · 跨3部门", "小 · 跨3部门", "中 · 跨3部门",
        "大 · 跨4部门",
    ]  # fmt: skip
    # the departments listed are those of D07's activity (方案评审), by id: no names of theirs
    assert frame_with(at, "模板编号")["涉及部门（负责或最终负责）"].tolist()[-1] == "D02、D06"
    at.selectbox(key="tpl_pick").set_value("T06").run()
    roles = frame_with(at, "协助 (C)")
    plan = roles[roles["协作环节"] == "方案评审"].iloc[0]
    assert plan["协助 (C)"] == "D03、D07 法务部"  # D03's name is not in a D07 viewer's tables
    assert set(roles[roles["协作环节"] != "方案评审"]["负责 (R)"]) == {"—"}


@pytest.mark.parametrize(
    ("page", "title", "header"),
    [
        ("views/templates.py", "Template library", "Responsible (R)"),
        ("views/responsibilities.py", "Responsibilities", "Activity"),
    ],
)
def test_the_pages_in_english(demo_app: Any, page: str, title: str, header: str) -> None:
    demo_app.sidebar.radio(key="locale").set_value("en").run()
    at = open_page(demo_app, page)
    assert not at.exception and not at.error
    assert at.title[0].value == title
    assert header in frames(at)[-1].columns
