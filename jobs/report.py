"""Plain-text report of a validation run: a summary per tab, then every finding with its cell."""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from jobs.validation import ValidationReport

HEAD = {
    "zh-CN": ("工作表", "错误", "警告", "共 {e} 个错误、{w} 个警告", "没有发现问题", "修正"),
    "en": ("tab", "errors", "warnings", "{e} error(s), {w} warning(s)", "no problems found", "fix"),
}


def width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cols: int) -> str:
    return text + " " * max(0, cols - width(text))


def rpad(text: str, cols: int) -> str:
    return " " * max(0, cols - width(text)) + text


def print_findings(
    report: ValidationReport, locale: str, where: str, out: TextIO | None = None
) -> None:
    import sys

    out = out or sys.stdout
    tab_h, err_h, warn_h, total, clean, fix_h = HEAD["en" if locale.startswith("en") else "zh-CN"]
    errors = Counter(f.tab for f in report.findings if f.severity == "error")
    warnings = Counter(f.tab for f in report.findings if f.severity == "warning")
    tabs = list(dict.fromkeys(f.tab for f in report.findings))
    print(f"{where}: {total.format(e=report.errors, w=report.warnings)}", file=out)
    if not tabs:
        print(clean, file=out)
        return
    w = max(width(tab_h), *(width(t) for t in tabs)) + 2
    print(f"\n{pad(tab_h, w)}{rpad(err_h, 8)}{rpad(warn_h, 10)}", file=out)
    for t in tabs:
        print(f"{pad(t, w)}{rpad(str(errors[t]), 8)}{rpad(str(warnings[t]), 10)}", file=out)
    print(file=out)
    for f in report.findings:
        mark = "ERROR" if f.severity == "error" else "warn "
        print(f"{mark} {f.tab}!{f.cell}  [{f.rule}] {f.message(locale)}", file=out)
        print(f"      {fix_h}: {f.fix(locale)}", file=out)
