"""Start a project: read once, plan it (``jobs.projects.project_plan``), then append its rows.

The only writes to human tabs: one row to 协作项目, then one row per task to 任务进度, checked
before the first append so that both or neither land. The template is named by its id, or
``Wanted`` by 项目类型 and 协作规模 from the library (``jobs.projects.library``): when not
exactly one fits, nothing is planned and the ``Choice`` says which fit, or what the library
offers.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from functools import partial
from typing import TextIO

from config.choices import SCALE
from config.errors import BackendError
from config.phrases import Phrases, language
from config.settings import Settings, SlaSettings
from jobs.projects.library import Template, choose, library, parse_scale, scale_label
from jobs.projects.project_plan import ProjectPlan, plan_project
from jobs.run.text_table import pad, width
from sheets_sync.backend import Backend
from sheets_sync.finding import Finding
from sheets_sync.row_kinds import under_totals
from sheets_sync.table import header_keys
from sheets_sync.workbook import Workbook, parse_workbook


@dataclass(frozen=True)
class Wanted:
    """``--type`` and ``--scale``: the template to pick from the library (None: any)."""

    type_: str | None
    scale: str | None


@dataclass(frozen=True)
class Choice:
    """``Wanted`` did not pick one template: the ones that fit (several, or none), and what the
    library offers (its types and scales) for a second try."""

    wanted: Wanted
    candidates: tuple[Template, ...]
    types: tuple[str, ...]
    scales: tuple[str, ...]


def pick(wb: Workbook, sla: SlaSettings, wanted: Wanted) -> str | Choice:
    """The one template that fits ``wanted``, or the ``Choice`` when not exactly one does."""
    templates = library(wb, sla)
    scale = parse_scale(wanted.scale) if wanted.scale is not None else None
    fit = (
        [] if wanted.scale is not None and scale is None else choose(templates, wanted.type_, scale)
    )
    if len(fit) == 1:
        return fit[0].template_id
    types = {x for t in templates for x in (t.project_type, t.scenario) if x}
    scales = {t.scale for t in templates if t.scale} | {
        f"跨{len(t.departments)}部门" for t in templates
    }
    order = {"small": 0, "medium": 1, "large": 2}
    return Choice(
        wanted, tuple(fit), tuple(sorted(types)),
        tuple(sorted(scales, key=lambda x: (order.get(x, 3), len(x), x))),
    )  # fmt: skip


def start_project(
    settings: Settings, backend: Backend, template_id: str | Wanted, name: str,
    start: dt.date | dt.datetime, owner: str | None, now: dt.datetime,
    initiator: str | None = None, dry_run: bool = False,
) -> ProjectPlan | list[Finding] | Choice:  # fmt: skip
    """Read once, plan, then append the project row and its task rows (nothing on refusal, or
    when ``Wanted`` picks not exactly one template: the ``Choice`` then)."""
    check = getattr(backend, "check_appendable", None)  # a read-only workbook (.ods, .xls)
    if check is not None:
        check()  # refuses before the read: no plan that could not be written
    wb = parse_workbook(backend.read(), settings)
    if isinstance(template_id, Wanted):
        picked = pick(wb, settings.sla_section, template_id)
        if isinstance(picked, Choice):
            return picked
        template_id = picked
    sla, locale = settings.sla_section, settings.written_locale
    plan = plan_project(wb, sla, template_id, name, start, owner, now, initiator, locale=locale)
    if isinstance(plan, list):
        return plan
    last = {wb[k].title: max(wb[k].rows, default=0) for k in ("projects", "tasks")}
    refused = under_totals(wb.findings, (wb["projects"].title, wb["tasks"].title), last)
    if refused is not None:  # new rows would go under a 合计 row, left out of its sums
        raise refused
    appends = (("projects", [plan.project]), ("tasks", list(plan.records)))
    for key, records in appends:  # checked before the first append: both or neither
        lost = {k for r in records for k, v in r.items() if v is not None} - set(wb[key].positions)
        if lost:
            raise BackendError(
                f"工作表「{wb[key].title}」没有 {'、'.join(sorted(lost))} 列：请在表头行加上这些列"
                "后再运行（未追加任何行）",
                f"tab {wb[key].title!r} has no column for {', '.join(sorted(lost))}; add the "
                "column(s) to its header row and run again (nothing was appended)",
            )
    keys = {
        k: partial(header_keys, wb[k].schema, aliases=settings.headers.get(k)) for k, _r in appends
    }
    check_append = getattr(backend, "check_append", None)  # a sheet it cannot extend safely
    if check_append is not None:
        for key, records in appends:
            check_append(wb[key].title, records, keys[key])
    if dry_run:  # refused as the real run would be (trial15: the dry run said all was well)
        return plan
    # the project row and its task rows together (trial22: a failure between two appends left
    # a project without tasks, and the next run refused it as started)
    backend.append_together([(wb[key].title, records, keys[key]) for key, records in appends])
    return plan


TEXT = Phrases.from_locales("jobs/run/start.py", {
    "zh-CN": {
        "several": "有 {n} 个模板符合{wanted}，请用 --template 指定其中一个：",
        "none": "没有模板符合{wanted}。",
        "type": "项目类型「{v}」", "scale": "协作规模「{v}」", "and": "、",
        "types": "可选的项目类型（或协作场景）：{v}",
        "scales": "可选的协作规模：{v}（跨N部门 = 负责或最终负责各步骤的部门数）",
        "head.id": "模板编号", "head.name": "模板名称", "head.type": "项目类型",
        "head.scale": "协作规模",
        "picked": "按{wanted}选中模板 {id}",
    },
    "en": {
        "several": "{n} templates fit {wanted}; name one with --template:",
        "none": "no template fits {wanted}.",
        "type": "project type '{v}'", "scale": "scale '{v}'", "and": " and ",
        "types": "project types (or scenarios): {v}",
        "scales": "scales: {v} (跨N部门: N departments responsible or accountable for steps)",
        "head.id": "template", "head.name": "name", "head.type": "project type",
        "head.scale": "scale",
        "picked": "{wanted} picked template {id}",
    },
})  # fmt: skip
HEAD = ("head.id", "head.name", "head.type", "head.scale")  # the candidates table's columns


def wanted_text(wanted: Wanted, locale: str) -> str:
    """项目类型「产品研发」、协作规模「跨3部门」: what was asked, in ``locale``."""
    x = TEXT.words(locale)
    parts = [x[k].format(v=v) for k, v in (("type", wanted.type_), ("scale", wanted.scale)) if v]
    return x["and"].join(parts)


def picked_line(wanted: Wanted, plan: ProjectPlan, locale: str) -> str:
    """The line that says which template ``wanted`` picked."""
    return TEXT(
        locale, "picked", wanted=wanted_text(wanted, locale), id=plan.project["template_id"]
    )


def print_choice(choice: Choice, locale: str, out: TextIO | None = None) -> None:
    """The candidates as a table (id, name, type, scale), or what the library offers."""
    out = out or sys.stdout
    x = TEXT.words(locale)
    wanted = wanted_text(choice.wanted, locale)
    if not choice.candidates:
        print(x["none"].format(wanted=wanted), file=out)
        print(x["types"].format(v="、".join(choice.types)), file=out)
        labels = {} if language(locale) == "en" else dict(SCALE)
        scales = (labels.get(v, v) for v in choice.scales)
        print(x["scales"].format(v="、".join(scales)), file=out)
        return
    print(x["several"].format(n=len(choice.candidates), wanted=wanted), file=out)
    rows = [tuple(x[k] for k in HEAD), *(_row(t, locale) for t in choice.candidates)]
    widths = [max(width(r[i]) for r in rows) + 2 for i in range(3)]
    for r in rows:
        print("  " + "".join(pad(v, w) for v, w in zip(r, widths, strict=False)) + r[3], file=out)


def _row(t: Template, locale: str) -> tuple[str, str, str, str]:
    kind = f"{t.project_type}（{t.scenario}）" if t.project_type else t.scenario
    if language(locale) == "en" and t.project_type:
        kind = f"{t.project_type} ({t.scenario})"
    return (t.template_id, t.name, kind, scale_label(t, locale))


def choice_json(choice: Choice) -> str:
    """The choice as JSON: nothing started, the candidates, the library's types and scales."""
    body = {
        "started": False,
        "wanted": {"type": choice.wanted.type_, "scale": choice.wanted.scale},
        "candidates": [
            {"template_id": t.template_id, "name": t.name, "scenario": t.scenario,
             "project_type": t.project_type, "scale": t.scale, "departments": t.departments}
            for t in choice.candidates
        ],
        "types": choice.types,
        "scales": choice.scales,
    }  # fmt: skip
    return json.dumps(body, ensure_ascii=False, indent=2)
