"""The template library (issue 19, item 5): templates by 项目类型 and 协作规模 with each step's
RACI, time limits and approvals, on the demo; ``start-project --type --scale`` picks the one
template that fits, lists the candidates when several fit, or says none fits with the valid
types and scales (exact output); ``--template`` still works."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import jobs.run.cli
import jobs.run.options
from config.settings import Settings, SlaSettings
from jobs.projects.library import Scale, choose, library, parse_scale
from sheets_sync.workbook import parse_workbook
from sheets_sync.xlsx import XlsxBackend
from tests.support.demo import Tabs

NOW = dt.datetime(2026, 11, 27, 10, 0)  # the demo's day, a Friday


def test_the_library_gives_each_step_its_raci_limits_and_kind(demo_tabs: Tabs) -> None:
    templates = library(parse_workbook(demo_tabs, Settings()), SlaSettings())
    assert [t.template_id for t in templates] == ["T01", "T02", "T03", "T04", "T05", "T06"]
    t01 = templates[0]
    assert (t01.name, t01.scenario, t01.project_type, t01.scale) == (
        "新功能研发流程", "产品研发", "新功能开发", "medium",
    )  # fmt: skip
    assert [s.step for s in t01.steps] == [1, 2, 3, 4, 5, 6]
    first, approval = t01.steps[0], t01.steps[2]
    # 权责清单: 产品研发 · 需求对接 is R D02、D03, A D02, C D04, I D01
    assert dict(first.roles) == {"D02": "R、A", "D03": "R", "D04": "C", "D01": "I"}
    assert (first.response_h, first.done_h, first.kind, first.after) == (24, 24, "handoff", ())
    assert first.cell == "流程模板!F2"
    assert (approval.step_name, approval.kind, approval.done_h, approval.after) == (
        "技术方案审批", "approval", 48, ("2",),
    )  # fmt: skip
    assert t01.approvals == 1 and t01.departments == ("D01", "D02", "D03")
    # T06's 合同审核 has no matrix row (the demo's planted gap): no roles, still listed
    gap = next(s for s in templates[5].steps if s.activity == "合同审核")
    assert dict(gap.roles) == {}


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ("跨3部门", Scale(None, 3)),
        ("跨３个部门", Scale(None, 3)),  # full-width digit
        ("3", Scale(None, 3)),
        ("4 departments", Scale(None, 4)),
        ("中", Scale("medium", None)),
        ("LARGE", Scale("large", None)),
        ("跨0部门", None),
        ("巨大", None),
        ("", None),
    ],
)
def test_scales_people_type(text: str, scale: Scale | None) -> None:
    assert parse_scale(text) == scale


@pytest.mark.parametrize(
    ("type_", "scale", "ids"),
    [
        ("产品研发", "跨3部门", ["T01", "T02", "T03"]),  # the scenario counts as the type
        ("产品研发", "大", ["T03"]),
        ("缺陷修复", None, ["T02"]),  # 项目类型
        (None, "小", ["T02", "T04"]),
        ("客户服务", "跨3部门", ["T04", "T05"]),
        ("服务升级", "3", ["T05"]),
        ("市场活动", "跨4部门", ["T06"]),
        ("市场活动", "跨3部门", []),
        ("装修", None, []),
    ],
)
def test_choose_by_type_and_scale(
    demo_tabs: Tabs, type_: str | None, scale: str | None, ids: list[str]
) -> None:
    templates = library(parse_workbook(demo_tabs, Settings()), SlaSettings())
    found = choose(templates, type_, parse_scale(scale) if scale else None)
    assert [t.template_id for t in found] == ids


@pytest.fixture
def cli(demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """``start-project`` on a copy of the demo, the CLI's clock at NOW."""
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{demo_xlsx.as_posix()}"\n', encoding="utf-8")
    monkeypatch.setattr(jobs.run.options, "now", lambda settings: NOW)
    return ["start-project", "--config", str(config), "-q", "--start", "2026-11-30"]


SEVERAL_ZH = """\
有 3 个模板符合项目类型「产品研发」、协作规模「跨3部门」，请用 --template 指定其中一个：
  模板编号  模板名称            项目类型                协作规模
  T01       新功能研发流程      新功能开发（产品研发）  中 · 跨3部门
  T02       紧急缺陷修复流程    缺陷修复（产品研发）    小 · 跨3部门
  T03       大客户定制开发流程  定制开发（产品研发）    大 · 跨3部门
"""
SEVERAL_EN = """\
3 templates fit project type '产品研发' and scale '跨3部门'; name one with --template:
  template  name                project type           scale
  T01       新功能研发流程      新功能开发 (产品研发)  medium · 3 departments
  T02       紧急缺陷修复流程    缺陷修复 (产品研发)    small · 3 departments
  T03       大客户定制开发流程  定制开发 (产品研发)    large · 3 departments
"""
NONE_ZH = """\
没有模板符合项目类型「装修」、协作规模「跨9部门」。
可选的项目类型（或协作场景）：产品研发、品牌活动、定制开发、客户服务、市场活动、投诉处理、\
新功能开发、服务升级、缺陷修复
可选的协作规模：小、中、大、跨3部门、跨4部门（跨N部门 = 负责或最终负责各步骤的部门数）
"""
NONE_EN = """\
no template fits scale 'huge'.
project types (or scenarios): 产品研发、品牌活动、定制开发、客户服务、市场活动、投诉处理、\
新功能开发、服务升级、缺陷修复
scales: small、medium、large、跨3部门、跨4部门 (跨N部门: N departments responsible or \
accountable for steps)
"""


@pytest.mark.parametrize(
    ("argv", "code", "expected"),
    [
        (["--type", "产品研发", "--scale", "跨3部门"], 1, SEVERAL_ZH),
        (["--type", "产品研发", "--scale", "跨3部门", "--locale", "en"], 1, SEVERAL_EN),
        (["--type", "装修", "--scale", "跨9部门"], 2, NONE_ZH),
        (["--scale", "huge", "--locale", "en"], 2, NONE_EN),
    ],
)
def test_start_project_lists_the_candidates_or_what_fits(
    cli: list[str], demo_xlsx: Path, capsys: pytest.CaptureFixture[str],
    argv: list[str], code: int, expected: str,
) -> None:  # fmt: skip
    before = XlsxBackend(demo_xlsx).read()["协作项目"]
    assert jobs.run.cli.main([*cli, "--name", "新项目", *argv]) == code
    assert capsys.readouterr().out == expected
    assert XlsxBackend(demo_xlsx).read()["协作项目"] == before  # nothing appended


def test_start_project_starts_the_one_template_that_fits(
    cli: list[str], demo_xlsx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [*cli, "--type", "产品研发", "--scale", "大", "--name", "华信物流定制开发（试点）"]
    assert jobs.run.cli.main(argv) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "按项目类型「产品研发」、协作规模「大」选中模板 T03"
    project = XlsxBackend(demo_xlsx).read()["协作项目"][-1]
    assert project[:3] == ["PJ0031", "华信物流定制开发（试点）", "T03"]


def test_the_choice_as_json(cli: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    argv = [*cli, "--type", "客户服务", "--name", "x", "--json"]
    assert jobs.run.cli.main(argv) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["started"] is False and data["wanted"] == {"type": "客户服务", "scale": None}
    assert [(c["template_id"], c["scale"], c["departments"]) for c in data["candidates"]] == [
        ("T04", "small", ["D01", "D03", "D04"]),
        ("T05", "medium", ["D01", "D03", "D04"]),
    ]


ONE_WAY = {
    "zh-CN": "collabsheet: 错误：start-project：用 --template 编号指定模板，或用 --type 和/或 "
    "--scale 从模板库中挑选（只用其中一种），例如 --type 产品研发 --scale 跨3部门\n",
    "en": "collabsheet: error: start-project: name the template with --template ID, or pick it "
    "from the library with --type and/or --scale (not both ways), e.g. --type 产品研发 "
    "--scale 跨3部门\n",
}


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize(
    "argv", [[], ["--template", "T01", "--type", "产品研发"]], ids=["neither", "both"]
)
def test_the_template_is_named_one_way(
    cli: list[str], capsys: pytest.CaptureFixture[str], argv: list[str], locale: str
) -> None:
    assert jobs.run.cli.main([*cli, "--name", "x", *argv, "--locale", locale]) == 2
    assert capsys.readouterr().err == ONE_WAY[locale]
