"""The case library's words in both languages."""

from __future__ import annotations

# fmt: off
STRINGS: dict[str, tuple[str, str]] = {
    # cases
    "cases.count": ("案例数", "Cases"),
    "cases.recurring": ("重复发生的案例", "Recurring cases"),
    "cases.linked": ("关联的复盘", "Linked retrospectives"),
    "cases.search": ("搜索（中文或英文）", "Search (Chinese or English)"),
    "cases.search_help": (
        "在编号、标题、问题表现、根本原因、解决方案和标签中查找，不区分大小写和全角半角。",
        "Looks in id, title, symptom, root cause, solution and tags; ignores case and "
        "full-/half-width.",
    ),
    "cases.found": ("找到 {n} 个案例（共 {total} 个）", "{n} of {total} cases"),
    "cases.occurrences": ("发生次数", "Occurrences"),
    "cases.retros": ("关联复盘", "Retrospectives"),
    "cases.first_seen": ("首次发生", "First seen"),
    "cases.last_seen": ("最近发生", "Last seen"),
    "cases.symptom": ("问题表现", "Symptom"),
    "cases.root_cause": ("根本原因", "Root cause"),
    "cases.solution": ("解决方案", "Solution"),
    "cases.tags": ("标签", "Tags"),
    "cases.retrospectives": ("关联的复盘记录", "Linked retrospectives"),
    "cases.no_retros": ("没有复盘记录关联到这些案例。", "No retrospective links to these cases."),
    "cases.suggestions": ("自动匹配建议（_case_links）", "Suggested matches (_case_links)"),
    "cases.suggestions_help": (
        "由案例匹配作业写入，仅供参考；确认后请在「复盘」表填写案例编号。",
        "Written by the case-matching job; confirm one by entering the case id in the "
        "retrospectives tab.",
    ),
    "cases.score": ("相似度", "Similarity"),
    "cases.accepted": ("计为同类", "Counted as a repeat"),
    "cases.matched": ("匹配词", "Matched terms"),
    "cases.suggestion_count": ("{n} 条建议", "{n} suggestion(s)"),
    "cases.no_suggestions": ("暂无匹配建议。", "No suggestions."),
    "cases.recurrence": ("复发情况", "Recurrences"),
    "cases.recurrence_help": (
        "复盘发现关联到案例（人工填写的案例编号，或达到采纳阈值的自动匹配），且该案例此前已发生过，"
        "即计为一次复发。",
        "A finding linked to a case (a case_id typed by a person, or a suggestion above the "
        "accept threshold) whose case occurred before counts as a recurrence.",
    ),
    "cases.quarter": ("季度", "Quarter"),
    "cases.recurrences": ("复发次数", "Recurrences"),
    "cases.this_quarter": ("本季度复发", "This quarter"),
    "cases.flag": ("提醒", "Flag"),
    "cases.flagged": (
        "{n} 个案例在 {quarter} 复发 2 次及以上（已列入协调员会议清单）",
        "{n} case(s) recurred twice or more in {quarter} (on the coordinators' meeting list)",
    ),
    "cases.no_recurrence": ("暂无关联到案例的复盘发现。", "No finding is linked to a case yet."),
    "cases.other": ("其他", "other"),  # the category "other" (其他), and a blank one
}
# fmt: on
