"""Answers of a form tool's export as 满意度调研 rows: what ``collabsheet survey import`` appends.

Pure: the export's rows, the workbook and the mapping in, an ``ImportPlan`` out. Every rejected
row is a finding with its cell in the export (file, A1 cell, value, rule, fix); the other rows
still go. Nothing is appended twice: each answer gets a stable 答卷编号, ``IMP-`` and 12 hex
digits of the SHA-1 of its submission number and submission time (to the second), as the export
gives them. The respondent (来自IP, e-mail, 提交人) is added only when the export has no
submission number and the survey is not anonymous (``[survey] anonymous``): the hash of a
guessable e-mail and the time kept in the row could otherwise name the person. Rows alike in
these but with other answers (two people in the same second) are told apart by their order in
the file (``#2``); the same answers twice are a duplicate finding, but where the key is a time
alone to the minute or the day (two people of one department answering alike that day), a
warning and two answers. The same export, read again,
or exported again as CSV, xlsx or xls, gives the same numbers, and a number already in 满意度调研
is skipped. The quarter is not part of it: an answer imported under a wrong quarter is not
imported again under the right one (correct its row in 满意度调研 instead).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from config.survey_import import SurveyImport
from jobs.kpis.quarters import Quarter
from jobs.survey import answer_values as values
from jobs.survey.answer_times import future, outside
from jobs.survey.export_columns import WHAT, ExportColumns, map_columns
from jobs.survey.export_rows import coarse, summary_row
from sheets_sync.cell import MAX_CELL_CHARS, is_blank, is_blank_row
from sheets_sync.finding import Finding, a1, rule
from sheets_sync.row_kinds import note_row
from sheets_sync.workbook import Workbook

RATINGS = ("clarity", "smoothness", "communication", "overall")
REQUIRED = ("dept_id", "clarity", "smoothness", "communication")
HEADER_ROWS = 5  # rows tried as the header (a title or a note above it)
UNANSWERED = frozenset(
    {"(空)", "（空）", "(跳过)", "（跳过）"}
)  # 问卷星 marks an unanswered question
_EN = {"zh": 0, "en": 1}

rule(
    "survey_import.rating",
    "error",
    ("「{value}」不是 1–5 的评分，此行未导入",
     "评分写 1–5，或 非常满意/满意/一般/不满意/非常不满意；改正导出文件后重新导入"),
    ("'{value}' is not a rating from 1 to 5; the row was not imported",
     "a rating is 1-5 or 非常满意/满意/一般/不满意/非常不满意; correct the export and import "
     "it again"),
)  # fmt: skip
rule(
    "survey_import.dept_unknown",
    "error",
    ("「{value}」不是「部门」表中的部门名称或编号，此行未导入",
     "改为「部门」表中的名称或编号（如「{example}」），或在「部门」表中补上该部门，再导入"),
    ("'{value}' is neither a department name nor an id of the departments tab; the row was "
     "not imported",
     "use a name or id from the departments tab (e.g. '{example}'), or add the department, "
     "then import again"),
)  # fmt: skip
rule(
    "survey_import.hours",
    "error",
    ("「{value}」不是 0–{maximum} 之间的每周小时数，此行未导入", "写每周小时数，例如 6 或 6.5"),
    ("'{value}' is not a number of hours per week from 0 to {maximum}; the row was not "
     "imported", "write the hours per week, e.g. 6 or 6.5"),
)  # fmt: skip
rule(
    "survey_import.time",
    "error",
    ("提交时间「{value}」无法识别，此行未导入", "写成 2026-12-10 09:41:13 这样的日期时间"),
    ("submission time '{value}' is not a date and time; the row was not imported",
     "write it as 2026-12-10 09:41:13"),
)  # fmt: skip
rule(
    "survey_import.required",
    "error",
    ("「{what}」没有作答，此行未导入", "这一题必答：请答卷人补答后重新导出，或不导入此行"),
    ("'{what_en}' has no answer; the row was not imported",
     "the question is required: have the respondent answer it and export again, or leave the "
     "row out"),
)  # fmt: skip
rule(
    "survey_import.duplicate",
    "error",
    ("与第 {first} 行是同一份答卷（{key}），此行未导入", "删去重复的行"),
    ("the same answer as row {first} ({key}); the row was not imported",
     "delete the repeated row"),
)  # fmt: skip
rule(
    "survey_import.alike",
    "warning",
    ("与第 {first} 行的提交时间和各项答案都相同：按两份答卷导入（时间只到分钟或日期，无法区分）",
     "若这是重复粘贴的同一份答卷，删去此行；导出时带上序号或精确到秒的提交时间可避免混淆"),
    ("the same submission time and answers as row {first}: imported as two answers (a time "
     "to the minute or day cannot tell them apart)",
     "if it is one answer pasted twice, delete this row; an export with its submission number "
     "or a time to the second avoids this"),
)  # fmt: skip
rule(
    "survey_import.too_long",
    "error",
    ("内容超过 {limit} 个字符，此行未导入", "缩短后重新导入"),
    ("longer than {limit} characters; the row was not imported", "shorten it and import again"),
)  # fmt: skip


@dataclass(frozen=True)
class Imported:
    """One answer of the export: its 1-based row in the file and its 满意度调研 record."""

    row: int
    record: dict[str, Any]
    parts: tuple[str, dt.datetime | None, str] = ("", None, "")  # what the 答卷编号 hashes

    @property
    def key(self) -> str:
        return str(self.record["response_id"])


@dataclass(frozen=True)
class ImportPlan:
    """What an import appends (``new``), what was imported before (``already``), and why
    every other row was rejected (``findings``; header problems reject the whole file)."""

    source: str
    quarter: Quarter
    new: tuple[Imported, ...] = ()
    already: tuple[Imported, ...] = ()
    findings: tuple[Finding, ...] = ()
    rows: int = 0  # answer rows read (not blank)
    rejected: int = 0  # rows not imported because of a finding
    columns: dict[str, int] = field(default_factory=dict)


def answer_key(submission: str, at: dt.datetime | None, respondent: str, n: int = 1) -> str:
    """The stable 答卷编号 of an answer (see the module docstring); ``n``: the n-th answer
    alike in these in the file."""
    when = f"{at:%Y-%m-%d %H:%M:%S}" if at else ""
    text = f"{submission}|{when}|{respondent}" + (f"#{n}" if n > 1 else "")
    return f"IMP-{hashlib.sha1(text.encode()).hexdigest()[:12]}"


def plan_import(
    rows: Sequence[Sequence[Any]], source: str, quarter: Quarter, wb: Workbook,
    mapping: SurveyImport, anonymous: bool = False, now: dt.datetime | None = None,
) -> ImportPlan:  # fmt: skip
    """The rows of one export (its header: ``_header``) as a plan; ``anonymous``: the
    respondent never goes into the 答卷编号; ``now``: the import's moment (answers submitted
    after it are said, ``answer_times.future``)."""
    found = _header(rows, source, mapping)
    if found is None:
        return ImportPlan(source, quarter)
    at, cols = found
    if not cols.usable:
        return ImportPlan(source, quarter, findings=cols.findings, columns=cols.index)
    known = values.departments(wb["departments"].records())
    example = next(iter(r["name"] for r in wb["departments"].records() if r["name"]), "研发部")
    maximum = wb["survey"].schema.column("weekly_comm_h").maximum or 80
    done = {str(k) for k in wb["survey"].column("response_id") if k}
    new: list[Imported] = []
    old: list[Imported] = []
    findings = list(cols.findings)
    # the answers under each key as the file gives it: (row, answers); the n-th different one
    # gets the key with #n (see the module docstring)
    seen: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    count = rejected = 0
    for i in range(at + 1, len(rows)):
        row = rows[i]
        if is_blank_row(row):
            continue
        mark = summary_row(row) or note_row(row)  # 合计 / 平均 under the answers, 制表人：…
        if mark is not None:  # said once, no answer (trial35: four errors and counted)
            rule_id = "rows.totals" if summary_row(row) else "rows.note"
            findings.append(Finding(source, a1(mark[0], i + 1), mark[1], rule_id))
            continue
        count += 1
        got = _answer(row, i + 1, cols, source, known, example, maximum, anonymous)
        if isinstance(got, list):
            findings.extend(got)
            rejected += 1
            continue
        answers = {k: v for k, v in got.record.items() if k != "response_id"}
        alike = seen.setdefault(got.key, [])
        first = next((n for n, (_r, a) in enumerate(alike, 1) if a == answers), None)
        typed = _cell(row, cols.index["submitted_at"]) if "submitted_at" in cols.index else None
        if first is not None and coarse(got.parts, typed):  # two people alike on a typed day or
            # minute (trial35: two 4,4,4,4 of 客服部 on 2026-12-08): both, the second said
            col = cols.index.get("submitted_at", 0)
            shown = values.ident(_cell(row, col))
            findings.append(Finding(source, a1(col, i + 1), shown, "survey_import.alike",
                                    {"first": alike[first - 1][0]}))  # fmt: skip
            first = None
        if first is not None:  # the same answer again
            col = cols.index.get("submission", cols.index.get("submitted_at", 0))
            key = answer_key(*got.parts, first)
            params = {"first": alike[first - 1][0], "key": key}
            shown = values.ident(_cell(row, col))
            findings.append(
                Finding(source, a1(col, i + 1), shown, "survey_import.duplicate", params)
            )
            rejected += 1
            continue
        alike.append((i + 1, answers))
        got.record["response_id"] = answer_key(*got.parts, len(alike))
        got.record["quarter"] = str(quarter)
        (old if got.key in done else new).append(got)
    findings.extend(outside(quarter, [*new, *old], source, cols))
    findings.extend(future(now, [*new, *old], source, cols) if now is not None else [])
    return ImportPlan(
        source, quarter, tuple(new), tuple(old), tuple(findings), count, rejected, cols.index
    )


def has_header(rows: Sequence[Sequence[Any]], mapping: SurveyImport) -> bool:
    """Whether ``rows`` hold a header whose columns map (the sheet of a workbook that holds
    the answers, not its 说明 sheet: trial35)."""
    found = _header(rows, "", mapping)
    return found is not None and found[1].usable


def _header(
    rows: Sequence[Sequence[Any]], source: str, mapping: SurveyImport
) -> tuple[int, ExportColumns] | None:
    """The header row: the first of the first ``HEADER_ROWS`` non-blank rows whose columns map
    (an export may carry a title row above it), else the first non-blank row, with its
    findings; None for an empty file."""
    filled = [i for i, r in enumerate(rows) if not is_blank_row(r)][:HEADER_ROWS]
    tried = [(i, map_columns(rows[i], i + 1, source, mapping)) for i in filled]
    return next(((i, c) for i, c in tried if c.usable), tried[0] if tried else None)


def _cell(row: Sequence[Any], col: int) -> Any:
    return row[col] if col < len(row) else None


def _answer(
    row: Sequence[Any], line: int, cols: ExportColumns, source: str, known: dict[str, str],
    example: str, maximum: float, anonymous: bool,
) -> Imported | list[Finding]:  # fmt: skip
    """One export row as an answer, or the findings that reject it (all of them at once)."""
    record: dict[str, Any] = {}
    problems: list[Finding] = []

    def bad(key: str, rule_id: str, **params: Any) -> None:
        col = cols.index[key]
        zh, en = WHAT[key]
        problems.append(Finding(source, a1(col, line), _cell(row, col), rule_id,
                                {"what": zh, "what_en": en, **params}))  # fmt: skip

    for key, col in cols.index.items():
        v = _cell(row, col)
        if is_blank(v) or str(v).strip() in UNANSWERED:
            if key in REQUIRED:
                bad(key, "survey_import.required")
            continue
        if key in RATINGS:
            record[key], broken = values.rating(v)
        elif key == "dept_id":
            record[key], broken = values.department(v, known)
        elif key == "weekly_comm_h":
            record[key], broken = values.hours(v, maximum)
        elif key == "submitted_at":
            record[key], broken = values.submitted(v)
        elif key == "comment":
            record[key] = str(v).strip()
            broken = "survey_import.too_long" if len(record[key]) > MAX_CELL_CHARS else None
        else:  # submission, respondent: only for the key
            record[key], broken = values.ident(v), None
        if broken:
            bad(key, broken, example=example, maximum=f"{maximum:g}", limit=MAX_CELL_CHARS)
    if problems:
        return problems
    submission = record.pop("submission", "")
    respondent = record.pop("respondent", "")
    if submission or anonymous:  # see the module docstring
        respondent = ""
    parts = (submission, record.get("submitted_at"), respondent)
    record["response_id"] = answer_key(*parts)
    return Imported(line, record, parts)
