"""The plan's responsibility rules: the RACI matrix and the process templates built on it.

Every (scenario, activity) has exactly one accountable and at least one responsible
department; every template step's activity is in the matrix (no gap: 问题遗漏); a template
has at most 5 approval steps, no dependency cycle, and positive SLA hours.
"""

from __future__ import annotations

from collections import defaultdict

from sheets_sync.finding import Finding, rule
from sheets_sync.workbook import Workbook

MAX_APPROVALS = 5

rule(
    "raci.no_accountable",
    "error",
    ("「{label}」为空：这个协作环节没有最终负责部门", "填写唯一一个最终负责部门（部门编号）"),
    (
        "'{key}' is empty: nobody is accountable for this activity",
        "enter exactly one accountable dept_id",
    ),
)
rule(
    "raci.no_responsible",
    "error",
    ("「{label}」为空：这个协作环节没有负责部门", "至少填写一个负责部门（部门编号）"),
    (
        "'{key}' is empty: no department is responsible for this activity",
        "enter at least one responsible dept_id",
    ),
)
rule(
    "raci.accountable_many",
    "error",
    (
        "最终负责部门只能有一个，这里有 {n} 个：{value}",
        "只保留一个最终负责部门，其余的改为负责或协助",
    ),
    (
        "exactly one department can be accountable; this cell names {n}: {value}",
        "keep one accountable department; make the others responsible or consulted",
    ),
)
rule(
    "raci.duplicate_pair",
    "error",
    (
        "场景「{scenario}」环节「{activity}」已在 {first} 定义过，出现第二个最终负责部门",
        "合并这两行，一个协作环节只写一行",
    ),
    (
        "scenario '{scenario}' / activity '{activity}' is already defined at {first}: "
        "a second accountable row",
        "merge the two rows: one row per activity",
    ),
)
rule(
    "template.activity_gap",
    "error",
    (
        "步骤的协作环节「{value}」不在权责清单的场景「{scenario}」中（问题遗漏）",
        "在「权责清单」为场景「{scenario}」加上环节「{value}」及其负责部门，或改用清单中已有的环节",
    ),
    (
        "step activity '{value}' is not in the responsibility matrix for scenario '{scenario}' "
        "(a gap)",
        "add '{value}' under scenario '{scenario}' to the matrix, or use an activity that is there",
    ),
)
rule(
    "template.too_many_approvals",
    "error",
    ("模板「{template}」有 {n} 个审批步骤，超过上限 {limit} 个", "合并或取消多余的审批步骤"),
    (
        "template '{template}' has {n} approval steps, more than {limit}",
        "merge or drop approval steps",
    ),
)
rule(
    "template.unknown_step",
    "error",
    ("前置步骤「{value}」在模板「{template}」中不存在", "填写本模板已有的步骤序号，多个用顿号分隔"),
    (
        "prerequisite step '{value}' does not exist in template '{template}'",
        "use step numbers of this template, separated by commas",
    ),
)
rule(
    "template.cycle",
    "error",
    ("模板「{template}」的步骤依赖形成循环：{cycle}", "去掉其中一个前置步骤，打破循环"),
    (
        "the steps of template '{template}' depend on each other in a cycle: {cycle}",
        "remove one prerequisite to break the cycle",
    ),
)
rule(
    "template.sla_not_positive",
    "error",
    (
        "时限必须大于 0 小时，这里是 {value}",
        "填写正数小时，例如 24；留空则按配置的默认时限（[sla] 的规则）计算",
    ),
    (
        "an SLA must be more than 0 hours; this is {value}",
        "enter a positive number of hours such as 24; left empty, the configured default "
        "([sla] rules) applies",
    ),
)


def check_matrix(wb: Workbook) -> list[Finding]:
    t = wb["responsibilities"]
    findings: list[Finding] = []
    first: dict[tuple[str, str], int] = {}
    # without both columns every pair looks alike (the missing column is reported once)
    has_pairs = "scenario" in t.positions and "activity" in t.positions
    for i, rec in enumerate(t.records()):
        acc = rec["accountable"]
        if acc and len(acc) > 1:
            findings.append(
                Finding(
                    t.title,
                    t.cell("accountable", i),
                    "、".join(acc),
                    "raci.accountable_many",
                    {"n": len(acc)},
                )
            )
        if not has_pairs:
            continue
        pair = (rec["scenario"], rec["activity"])
        if pair in first:
            findings.append(
                Finding(
                    t.title,
                    t.cell("accountable", i),
                    "、".join(acc or ()),
                    "raci.duplicate_pair",
                    {
                        "scenario": pair[0],
                        "activity": pair[1],
                        "first": t.cell("activity", first[pair]),
                    },
                )
            )
        else:
            first[pair] = i
    return findings


def _find_cycle(graph: dict[int, list[int]]) -> list[int] | None:
    """A dependency cycle (as a list of steps, first repeated at the end) or None."""
    state: dict[int, int] = {}  # 1 = on the path, 2 = done
    path: list[int] = []

    def visit(n: int) -> list[int] | None:
        state[n] = 1
        path.append(n)
        for m in graph.get(n, []):
            if state.get(m) == 1:
                return [*path[path.index(m) :], m]
            if m not in state and (found := visit(m)):
                return found
        path.pop()
        state[n] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def check_templates(wb: Workbook) -> list[Finding]:
    t = wb["templates"]
    m = wb["responsibilities"]
    matrix = {(s, a) for s, a in zip(m.column("scenario"), m.column("activity"), strict=True)}
    # a missing column is reported once (header.missing), not as a gap on every step
    gaps = all(k in tab.positions for tab in (t, m) for k in ("scenario", "activity"))
    # steps of rows left out for another error still exist: not an unknown prerequisite
    skipped: dict[str, set[int]] = defaultdict(set)
    for r in t.skipped:
        if r["step"] is not None:
            skipped[r["template_id"]].add(r["step"])
    findings: list[Finding] = []
    by_template: dict[str, list[int]] = defaultdict(list)
    for i, rec in enumerate(t.records()):
        by_template[rec["template_id"]].append(i)
        if gaps and (rec["scenario"], rec["activity"]) not in matrix:
            findings.append(
                Finding(
                    t.title,
                    t.cell("activity", i),
                    rec["activity"],
                    "template.activity_gap",
                    {"scenario": rec["scenario"]},
                )
            )
        for key in ("response_sla_h", "done_sla_h"):
            if rec[key] is not None and rec[key] <= 0:
                findings.append(
                    Finding(t.title, t.cell(key, i), rec[key], "template.sla_not_positive")
                )

    if "template_id" not in t.positions:
        return findings
    for template, rows in by_template.items():
        approvals = [i for i in rows if t.column("kind")[i] == "approval"]
        if len(approvals) > MAX_APPROVALS:
            i = approvals[MAX_APPROVALS]
            findings.append(
                Finding(
                    t.title,
                    t.cell("kind", i),
                    "approval",
                    "template.too_many_approvals",
                    {"template": template, "n": len(approvals), "limit": MAX_APPROVALS},
                )
            )
        if "step" not in t.positions:
            continue
        steps = {t.column("step")[i]: i for i in rows}
        graph: dict[int, list[int]] = {}
        for step, i in steps.items():
            graph[step] = []
            for dep in t.column("depends_on")[i] or ():
                target = int(dep) if dep.isascii() and dep.isdigit() and len(dep) <= 6 else None
                if target is None or (target not in steps and target not in skipped[template]):
                    findings.append(
                        Finding(
                            t.title,
                            t.cell("depends_on", i),
                            dep,
                            "template.unknown_step",
                            {"template": template},
                        )
                    )
                elif target in steps:
                    graph[step].append(target)
        cycle = _find_cycle(graph)
        if cycle:
            i = steps[cycle[0]]
            findings.append(
                Finding(
                    t.title,
                    t.cell("depends_on", i),
                    "、".join(map(str, cycle)),
                    "template.cycle",
                    {"template": template, "cycle": " → ".join(map(str, cycle))},
                )
            )
    return findings
