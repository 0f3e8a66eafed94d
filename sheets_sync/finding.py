"""A Finding: one problem in a sheet, with its tab, cell, value, rule and fix.

Bad data is never an exception. Parsing and validation return findings; the text of a
finding is rendered in the configured locale from the rule catalogue below, so tests and
machines use the stable ``rule`` id while people read a sentence that says the fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from config.phrases import language
from config.secrets import redact

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Rule:
    """A rule id with its severity and its message and fix in each locale."""

    id: str
    severity: Severity
    zh: tuple[str, str]
    en: tuple[str, str]


RULES: dict[str, Rule] = {}


def rule(id: str, severity: Severity, zh: tuple[str, str], en: tuple[str, str]) -> Rule:
    """Register a rule in the catalogue (modules call this at import time)."""
    r = Rule(id, severity, zh, en)
    RULES[id] = r
    return r


@dataclass(frozen=True)
class Finding:
    """One problem: where it is (tab and A1 cell), what is there, which rule and how to fix."""

    tab: str
    cell: str
    value: Any
    rule: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> Severity:
        return RULES[self.rule].severity

    def _render(self, locale: str, which: int) -> str:
        r = RULES[self.rule]
        template = (r.en if language(locale) == "en" else r.zh)[which]
        # a webhook URL or a secret typed into a cell is never printed (trial9): the value and
        # the text parameters (what came from the sheet) redacted, not our templates (review11:
        # the whole text through the patterns made rendering 3.6 times slower)
        params = {k: redact(v) if isinstance(v, str) else v for k, v in self.params.items()}
        try:
            text = template.format(value=_show(self.value), tab=self.tab, cell=self.cell, **params)
            if which == 0 and self.params.get(LEFT_OUT):  # a required value: the row is out
                text += ROW_LEFT_OUT[language(locale) == "en"]
            return text
        except (KeyError, IndexError):  # a catalogue typo must not hide the finding itself
            return f"{template} {params}"

    def message(self, locale: str = "zh-CN") -> str:
        return self._render(locale, 0)

    def fix(self, locale: str = "zh-CN") -> str:
        return self._render(locale, 1)

    def as_row(self, locale: str = "zh-CN") -> dict[str, Any]:
        return {
            "tab": self.tab,
            "cell": self.cell,
            "value": _show(self.value),
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message(locale),
            "fix": self.fix(locale),
        }


# a parse finding whose cell a required column needs: its row is left out (sheets_sync.table)
LEFT_OUT = "row_left_out"
ROW_LEFT_OUT = ("（此列必填：本行未被处理）", " (a required column: the row is left out)")


def _show(value: Any, limit: int = 80) -> str:
    """The value as a person would see it, shortened so a 50,000-character cell stays readable;
    a whole number as typed (2, not 2.0: an xlsx file keeps every number as a float)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else redact(str(value))  # redacted first: cut, a token is not
    return text if len(text) <= limit else text[: limit - 1] + "…"


def column_letter(index: int) -> str:
    """0-based column index -> spreadsheet letters (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: bytes) -> int:
    """Spreadsheet letters as they are in a sheet's XML -> 0-based column index (AA -> 26)."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def a1(col: int, row: int) -> str:
    """0-based column and 1-based sheet row -> A1 notation."""
    return f"{column_letter(col)}{row}"


def count(findings: list[Finding]) -> tuple[int, int]:
    """(errors, warnings); info findings are neither."""
    errors = sum(1 for f in findings if f.severity == "error")
    return errors, sum(1 for f in findings if f.severity == "warning")
