"""The template library (流程模板库), classified as the plan asks: by 项目类型 and 协作规模.

Each template with its steps, each step's RACI (the 权责清单 rows of its scenario and activity),
its time limits (typed in 流程模板, else the SLA rule's goal) and whether it is an approval.
``choose`` picks the templates of a type and a scale for ``start-project --type --scale``; the
dashboard's template page shows the same ``Template`` values. Pure: a Workbook in.

A scale is one of the 协作规模 choices (小/中/大, small/medium/large) or a number of departments,
typed as 跨3部门 (also 跨3个部门, 3): the departments responsible or accountable for the steps.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from config.choices import SCALE
from config.phrases import language
from config.settings import SlaSettings
from sheets_sync.workbook import Workbook

ROLES = (("responsible", "R"), ("accountable", "A"), ("consulted", "C"), ("informed", "I"))
_DEPTS = re.compile(r"^(?:跨)?\s*(\d+)\s*(?:个)?\s*(?:部门|depts?|departments?)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Step:
    """One step of a template as a person reads it in the library."""

    step: int
    step_name: str
    activity: str
    kind: str  # handoff, work, approval, review ("" when not typed)
    response_h: float  # typed in 流程模板, else the SLA rule's goal
    done_h: float  # of completion, or of approval for an approval step
    clock: str  # business / calendar: of the done limit
    after: tuple[str, ...]  # the steps it waits for (前置步骤)
    roles: Mapping[str, str]  # dept_id -> "R" / "R、A" … from the matrix ({} when not there)
    cell: str  # 流程模板!F3: where the step is

    def with_role(self, letter: str) -> list[str]:
        return [d for d, r in self.roles.items() if letter in r.split("、")]


@dataclass(frozen=True)
class Template:
    """One template of the library: its classification and its steps in step order."""

    template_id: str
    name: str
    scenario: str
    project_type: str  # "" when not typed
    scale: str  # small, medium, large; "" when not typed
    steps: tuple[Step, ...]

    @property
    def departments(self) -> tuple[str, ...]:
        """The departments responsible or accountable for a step: what 跨N部门 counts."""
        found = {d for s in self.steps for d in (*s.with_role("R"), *s.with_role("A"))}
        return tuple(sorted(found))

    @property
    def approvals(self) -> int:
        return sum(s.kind == "approval" for s in self.steps)


def _fold(text: object) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(text or "")).casefold().split())


def _roles(wb: Workbook) -> dict[tuple[str, str], dict[str, list[str]]]:
    """(scenario, activity) -> dept_id -> its letters, over every matrix row of the pair."""
    out: dict[tuple[str, str], dict[str, list[str]]] = {}
    m = wb["responsibilities"]
    cols = [m.column(k) for k in ("scenario", "activity", *(key for key, _ in ROLES))]
    for scenario, activity, *depts in zip(*cols, strict=True):
        by_dept = out.setdefault((str(scenario), str(activity)), {})
        for (_, letter), ids in zip(ROLES, depts, strict=True):
            for d in ids or ():
                letters = by_dept.setdefault(str(d), [])
                if letter not in letters:
                    letters.append(letter)
    return out


def library(wb: Workbook, sla: SlaSettings) -> list[Template]:
    """Every template of 流程模板 in sheet order (a template's name, scenario, type and scale
    are those of its first row), its steps in step order."""
    t = wb["templates"]
    roles = _roles(wb)
    heads: dict[str, tuple[str, str, str, str]] = {}
    steps: dict[str, list[Step]] = {}
    for i, r in enumerate(t.records()):
        tid, kind = str(r["template_id"]), r["kind"] or ""
        heads.setdefault(tid, (str(r["name"]), str(r["scenario"]), r["project_type"] or "",
                               r["scale"] or ""))  # fmt: skip
        respond = sla.rule("response", tid, r["step"])
        done = sla.rule("approval" if kind == "approval" else "completion", tid, r["step"])
        pair = (str(r["scenario"]), str(r["activity"]))
        steps.setdefault(tid, []).append(
            Step(
                r["step"], str(r["step_name"]), str(r["activity"]), kind,
                r["response_sla_h"] or respond.goal_h, r["done_sla_h"] or done.goal_h,
                done.clock, tuple(str(d) for d in r["depends_on"] or ()),
                {d: "、".join(x) for d, x in roles.get(pair, {}).items()},
                f"{t.title}!{t.cell('step', i)}",
            )
        )  # fmt: skip
    return [
        Template(tid, *heads[tid], tuple(sorted(found, key=lambda s: s.step)))
        for tid, found in steps.items()
    ]


@dataclass(frozen=True)
class Scale:
    """A 协作规模 as typed on the command line: a choice of the column, or a department count."""

    key: str | None  # small, medium, large
    depts: int | None  # 跨N部门

    def fits(self, t: Template) -> bool:
        if self.key is not None:
            return t.scale == self.key
        return len(t.departments) == self.depts


def parse_scale(text: str) -> Scale | None:
    """小/中/大, small/medium/large, or 跨N部门 (跨N个部门, N); None when it is none of these."""
    folded = _fold(text)
    for key, label in SCALE:
        if folded in (key, _fold(label)):
            return Scale(key, None)
    m = _DEPTS.match(folded)
    return Scale(None, int(m.group(1))) if m and int(m.group(1)) > 0 else None


def fits_type(t: Template, wanted: str) -> bool:
    """A template is of type ``wanted`` when its 项目类型 or its 协作场景 is that text (the plan
    classifies by project type; people often name the scenario: 产品研发)."""
    folded = _fold(wanted)
    return folded in (_fold(t.project_type), _fold(t.scenario))


def choose(templates: Sequence[Template], type_: str | None, scale: Scale | None) -> list[Template]:
    """The templates of this type (None: any) and scale (None: any), in library order."""
    return [
        t
        for t in templates
        if (type_ is None or fits_type(t, type_)) and (scale is None or scale.fits(t))
    ]


def scale_label(t: Template, locale: str = "zh-CN") -> str:
    """中 · 跨3部门 / medium · 3 departments: the choice typed and the departments counted."""
    labels = dict(SCALE)
    n = len(t.departments)
    if language(locale) == "en":
        return " · ".join(x for x in (t.scale, f"{n} departments") if x)
    return " · ".join(x for x in (labels.get(t.scale, t.scale), f"跨{n}部门") if x)
