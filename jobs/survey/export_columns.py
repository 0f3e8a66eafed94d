"""Which column of a form tool's export holds what: the header row read with ``[survey_import]``.

The tool's own columns (序号, 提交答卷时间, Timestamp, …) match by their exact header; a
question matches the first survey column (``QUESTION_ORDER``) with a keyword in its text, once
its number ("1、", "Q3.", "第2题") is set aside. A column found twice, or a required question
not found, is a finding on the header row: the file is not imported until the mapping is right.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from config.survey_import import QUESTION_ORDER, REQUIRED_QUESTIONS, SurveyImport
from sheets_sync.finding import Finding, a1, rule

# "1、", "1.", "1．", "Q1.", "Q1:", "第1题", "（1）": a question's number before its text
_NUMBER = re.compile(r"^\s*(?:第\s*\d+\s*题|[Qq]?\d+\s*[、.．:：)）]|[(（]\d+[)）])\s*")
WHAT = {
    "submission": ("提交序号", "submission number"),
    "submitted_at": ("提交时间", "submission time"),
    "respondent": ("填写人", "respondent"),
    "dept_id": ("部门", "department"),
    "clarity": ("权责清晰度", "clarity of responsibilities"),
    "smoothness": ("流程顺畅度", "process smoothness"),
    "communication": ("沟通效率", "communication efficiency"),
    "overall": ("总体满意度", "overall satisfaction"),
    "comment": ("意见建议", "comment"),
    "weekly_comm_h": ("每周跨部门沟通耗时", "weekly hours of cross-department communication"),
}

rule(
    "survey_import.header_missing",
    "error",
    ("导出文件中找不到「{what}」这一题（表头：{headers}）",
     "在配置 [survey_import.questions] {key} 中写上该题题目里的一个关键词，再导入"),
    ("the export has no column for '{what_en}' (headers: {headers})",
     "put a keyword of that question's text into [survey_import.questions] {key} in the "
     "config, then import again"),
)  # fmt: skip
rule(
    "survey_import.header_twice",
    "error",
    ("「{value}」和 {first} 都被当作「{what}」", "在配置 [survey_import.questions] {key}（或 "
     "columns）中换一个只出现在其中一题的关键词，或删去多余的列"),
    ("'{value}' and {first} both read as '{what_en}'", "use a keyword that only one of them "
     "holds in [survey_import.questions] {key} (or columns), or delete the extra column"),
)  # fmt: skip
rule(
    "survey_import.no_key",
    "error",
    ("导出文件既没有提交序号列也没有提交时间列，无法避免重复导入",
     "导出时保留「序号」或「提交答卷时间」等列，或在 [survey_import.columns] 中写上它们的表头"),
    ("the export has neither a submission number nor a submission time column: repeated "
     "imports could not be told apart",
     "keep the 序号 / 提交答卷时间 / Timestamp column in the export, or name its header in "
     "[survey_import.columns]"),
)  # fmt: skip
rule(
    "survey_import.header_unused",
    "info",
    ("题目「{value}」没有对应的列，未导入", "若需要导入，在 [survey_import.questions] 中加关键词"),
    ("question '{value}' matches no survey column and is not imported",
     "to import it, add a keyword to [survey_import.questions]"),
)  # fmt: skip


def _form(text: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))).casefold()


def question_text(header: Any) -> str:
    """The header without its question number, compared as NFKC, case-folded, without spaces."""
    return _form(_NUMBER.sub("", unicodedata.normalize("NFKC", str(header or ""))))


def _is_question(header: Any) -> bool:
    return bool(_NUMBER.match(unicodedata.normalize("NFKC", str(header or ""))))


@dataclass(frozen=True)
class ExportColumns:
    """Column key -> 0-based index in the export, and the problems of the header row."""

    index: dict[str, int]
    findings: tuple[Finding, ...]

    @property
    def usable(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


def map_columns(
    header: Sequence[Any], header_row: int, source: str, mapping: SurveyImport
) -> ExportColumns:
    """Map the export's header row (``header_row``: its 1-based row in the file)."""
    exact = {_form(name): key for key, names in mapping.columns.items() for name in names}
    index: dict[str, int] = {}
    findings: list[Finding] = []
    for col, header_cell in enumerate(header):
        if header_cell is None or not str(header_cell).strip():
            continue
        key = exact.get(_form(header_cell))
        if key is None:
            text = question_text(header_cell)
            key = next(
                (k for k in QUESTION_ORDER
                 if any(_form(w) in text for w in mapping.questions.get(k, ()))),
                None,
            )  # fmt: skip
        cell = a1(col, header_row)
        if key is None:
            if _is_question(header_cell):
                findings.append(Finding(source, cell, header_cell, "survey_import.header_unused"))
            continue
        if key in index:
            params = _about(key) | {"first": a1(index[key], header_row)}
            findings.append(
                Finding(source, cell, header_cell, "survey_import.header_twice", params)
            )
            continue
        index[key] = col
    shown = "、".join(str(h) for h in header if h is not None and str(h).strip())
    for key in REQUIRED_QUESTIONS:
        if key not in index:
            params = _about(key) | {"headers": shown[:200]}
            findings.append(Finding(source, a1(0, header_row), None, "survey_import.header_missing",
                                    params))  # fmt: skip
    if "submission" not in index and "submitted_at" not in index:
        findings.append(Finding(source, a1(0, header_row), None, "survey_import.no_key"))
    return ExportColumns(index, tuple(findings))


def _about(key: str) -> dict[str, str]:
    zh, en = WHAT[key]
    return {"what": zh, "what_en": en, "key": key}
