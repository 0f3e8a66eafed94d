"""The ``[survey_import]`` config: how ``collabsheet survey import`` finds the columns of a form
tool's export (问卷星, 腾讯问卷, 飞书问卷, Google Forms).

Two kinds of column. The export's own columns (submission number, submission time, respondent)
are named by the tool and matched by their exact header (``[survey_import.columns]``). The
questions are written by whoever made the form, so each survey column is found by a keyword in
the question text (``[survey_import.questions]``); when a question holds keywords of several
columns, the column listed first in ``QUESTION_ORDER`` wins ("跨部门沟通耗时" is the hours
question, not the department one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from config.errors import ConfigError
from config.secrets import Unknown

Error = Callable[[str, Any, str], ConfigError]

# the export's own columns -> their headers in the four tools' exports
COLUMN_DEFAULTS: dict[str, tuple[str, ...]] = {
    # 问卷星: 序号; 腾讯问卷: 编号; 飞书问卷: 提交序号 / 答卷编号; Google Forms: none
    "submission": ("序号", "编号", "提交序号", "答卷编号", "答卷ID", "Response ID"),
    # 问卷星: 提交答卷时间; 腾讯问卷: 结束答题时间; 飞书问卷: 提交时间; Google Forms: Timestamp
    "submitted_at": ("提交答卷时间", "结束答题时间", "提交时间", "Timestamp", "时间戳记",
                     "提交日期", "填写时间", "填写日期", "答题时间"),
    # 问卷星: 来自IP; 腾讯问卷: 用户标识; 飞书问卷: 提交人; Google Forms: Email Address
    "respondent": ("来自IP", "用户标识", "用户ID", "提交人", "填写人", "Email Address",
                   "电子邮件地址"),
}  # fmt: skip

# survey column keys (config.schema's 满意度调研) -> keywords of their question, in the order
# a question is tried against them: the first column with a keyword in the question wins
QUESTION_DEFAULTS: dict[str, tuple[str, ...]] = {
    "weekly_comm_h": ("耗时", "小时", "hours"),
    "comment": ("建议", "意见", "comment", "suggestion"),
    "clarity": ("权责", "职责", "responsibilit"),
    "smoothness": ("流程", "process"),
    "communication": ("沟通", "communication"),
    "overall": ("总体", "整体", "overall"),
    "dept_id": ("部门", "department"),
}
QUESTION_ORDER = tuple(QUESTION_DEFAULTS)
REQUIRED_QUESTIONS = ("dept_id", "clarity", "smoothness", "communication")


@dataclass(frozen=True)
class SurveyImport:
    """Where the columns of an export are: exact headers of the tool's own columns, keywords of
    the questions (in ``QUESTION_ORDER``)."""

    columns: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(COLUMN_DEFAULTS))
    questions: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(QUESTION_DEFAULTS)
    )


def _words(data: Mapping[str, Any], where: str, key: str, default: tuple[str, ...],
           error: Error) -> tuple[str, ...]:  # fmt: skip
    value = data.get(key, list(default))
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise error(
            f"survey_import.{where}.{key}", value, 'a non-empty list of texts, e.g. ["权责"]'
        )
    return tuple(v.strip() for v in value)


def survey_import_from(data: Mapping[str, Any], error: Error) -> SurveyImport:
    """Check the ``[survey_import]`` table (``columns`` and ``questions``) and build it; a key
    left out keeps its default."""
    for key in data:
        if key not in ("columns", "questions"):
            raise error(f"survey_import.{key}", Unknown(), "[survey_import.columns] or "
                        "[survey_import.questions]")  # fmt: skip
    tables: dict[str, dict[str, tuple[str, ...]]] = {}
    for where, defaults in (("columns", COLUMN_DEFAULTS), ("questions", QUESTION_DEFAULTS)):
        table = data.get(where, {})
        if not isinstance(table, dict):
            raise error(f"survey_import.{where}", table, f"a table [survey_import.{where}]")
        for key in table:
            if key not in defaults:
                raise error(f"survey_import.{where}.{key}", Unknown(),
                            f"one of the keys {', '.join(defaults)}")  # fmt: skip
        tables[where] = {k: _words(table, where, k, d, error) for k, d in defaults.items()}
    return SurveyImport(tables["columns"], tables["questions"])
