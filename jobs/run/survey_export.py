"""``survey import``: read a form tool's export (CSV, xlsx, xls), plan it
(``jobs.survey.imports``), then append the new answers to 满意度调研 in one append.

The export is read as it is: a CSV as UTF-8 (with or without BOM) or, failing that, GB18030
(问卷星 and older Excel save Chinese CSV in GBK); a workbook's first sheet with content, through
``sheets_sync.xlsx_reader`` (calamine). The survey tab only gets rows appended (RAW values).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from config.errors import BackendError
from config.settings import Settings
from jobs.kpis.quarters import Quarter
from jobs.survey.answer_times import after_close
from jobs.survey.imports import ImportPlan, has_header, plan_import
from jobs.survey.rounds import STAMP, read_rounds
from sheets_sync.backend import Backend
from sheets_sync.cell import is_blank_row
from sheets_sync.row_kinds import under_totals
from sheets_sync.table import header_keys
from sheets_sync.workbook import parse_workbook

ENCODINGS = ("utf-8-sig", "gb18030")
WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods")


def read_export(
    path: Path, answers: Callable[[list[list[Any]]], bool] = bool
) -> tuple[str, list[list[Any]]]:
    """(the name findings use for the export, its rows): ``name.csv`` or ``name.xlsx › sheet``;
    of a workbook, the first sheet with rows ``answers`` takes (else the first with rows)."""
    if not path.is_file():
        raise BackendError(f"无法读取 {path}：文件不存在；请给出导出的 CSV 或 xlsx 文件的路径",
                           f"cannot read {path}: no such file; give the path of the exported "
                           "CSV or xlsx file")  # fmt: skip
    suffix = path.suffix.lower()
    if suffix in WORKBOOKS:
        from sheets_sync.xlsx_reader import read_xlsx

        tabs = read_xlsx([path])
        if suffix == ".xls":  # Excel 97-2003: not a zip, no XML to scan for error cells
            tabs.skip_error_scan()
        sheets = [(path.name if len(tabs) == 1 else f"{path.name} › {title}",
                   [list(r) for r in tabs[title]]) for title in tabs]  # fmt: skip
        sheets = [(name, rows) for name, rows in sheets if not all(map(is_blank_row, rows))]
        return next((s for s in sheets if answers(s[1])), sheets[0] if sheets else (path.name, []))
    if suffix not in (".csv", ".txt"):
        raise BackendError(f"无法读取 {path}：不是 CSV 或工作簿；请把答卷导出为 CSV 或 xlsx"
                           "（.csv、.xlsx、.xls）",
                           f"cannot read {path}: not a CSV or workbook; export the answers as "
                           "CSV or xlsx (.csv, .xlsx, .xls)")  # fmt: skip
    data = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return path.name, [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    raise BackendError(f"无法读取 {path}：既不是 UTF-8 也不是 GB18030 文本；请重新导出为 CSV"
                       "（UTF-8）或 xlsx",
                       f"cannot read {path}: neither UTF-8 nor GB18030 text; export it again "
                       "as CSV (UTF-8) or as xlsx")  # fmt: skip


def survey_import(
    settings: Settings, backend: Backend, path: Path, quarter: Quarter, dry_run: bool = False,
    now: dt.datetime | None = None,
) -> ImportPlan:  # fmt: skip
    """Read the export and the workbook once, plan, then append the new answers (unless
    ``dry_run``, or the plan holds nothing new)."""
    source, rows = read_export(path, partial(has_header, mapping=settings.survey_import))
    check = getattr(backend, "check_appendable", None)  # a read-only workbook (.ods, .xls)
    if check is not None and not dry_run:
        check()
    wb = parse_workbook(backend.read(), settings, bot_tabs=("_survey_rounds",))
    survey = wb["survey"]
    if survey.unusable or not survey.positions:
        zh, en = ("；".join(f"{f.tab}!{f.cell} {f.message(lang)}" for f in survey.problems)
                  for lang in ("zh-CN", "en"))  # fmt: skip
        raise BackendError(f"工作表「{survey.title}」不存在或没有可用的表头行"
                           f"（{zh or '没有表头'}）：请按 collabsheet init 写出的样子加上该表"
                           "及其表头行，再导入",
                           f"tab {survey.title!r} is missing or has no usable header row "
                           f"({en.replace('；', '; ') or 'no header'}): add the tab with its "
                           "header row (as collabsheet init writes it) and import "
                           "again")  # fmt: skip
    plan = plan_import(rows, source, quarter, wb, settings.survey_import,
                       settings.survey.anonymous, now)  # fmt: skip
    rnd = read_rounds(wb.bot.get("_survey_rounds")).get(str(quarter))
    closed = dt.datetime.strptime(rnd.closed_at, STAMP) if rnd and rnd.closed_at else None
    late = after_close(closed, plan.new, plan.source, plan.columns)
    plan = dataclasses.replace(plan, findings=(*plan.findings, *late))
    records = [a.record for a in plan.new]
    if dry_run or not records:
        return plan
    lost = {k for r in records for k, v in r.items() if v is not None} - set(survey.positions)
    if lost:
        raise BackendError(
            f"工作表「{survey.title}」没有 {'、'.join(sorted(lost))} 列：请在表头行加上这些列"
            "后再导入（未追加任何行）",
            f"tab {survey.title!r} has no column for {', '.join(sorted(lost))}; add the "
            "column(s) to its header row and import again (nothing was appended)",
        )
    keys = partial(header_keys, survey.schema, aliases=settings.headers.get("survey"))
    last = {survey.title: max(survey.rows, default=0)}  # a note under the data (trial22)
    refused = under_totals(wb.findings, (survey.title,), last)  # nor under 合计 (review11)
    if refused is not None:
        raise refused
    check_append = getattr(backend, "check_append", None)  # a sheet it cannot extend safely
    if check_append is not None:
        check_append(survey.title, records, keys)
    backend.append(survey.title, records, keys)
    return plan
