"""Issue 19 item 6: the lines of demo, start-project's refusal and the scheduler's plan follow
``[general] locale`` / ``--locale`` (jobs/run/setup_text.py): exact lines in zh-CN and en."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from jobs.run.cli import main
from jobs.run.setup_text import LINES

WROTE = {
    "zh-CN": r"已写入 {out}：11 个表、[1-9]\d* 行、[1-9]\d* 个下拉列表",
    "en": r"wrote {out}: 11 tabs, [1-9]\d* rows, [1-9]\d* dropdowns",
}
KEPT = {
    "zh-CN": "{out} 已存在，保留原文件（要重新生成演示工作簿请加 --force）",
    "en": "{out} exists; keeping it (use --force to write a new demo workbook)",
}


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_demo_says_what_it_wrote_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str
) -> None:
    out = tmp_path / "d.xlsx"
    argv = ["demo", "--out", str(out), "--today", "2026-11-27", "--locale", locale]
    assert main(argv) == 0
    line = capsys.readouterr().out
    assert re.fullmatch(WROTE[locale].format(out=re.escape(str(out))) + "\n", line), line
    assert main(argv) == 0
    assert capsys.readouterr().out == KEPT[locale].format(out=out) + "\n"


NOT_STARTED = {
    "zh-CN": ["{book}（T99 未启动）: 共 1 个错误、0 个警告", "", "工作表        错误      警告",
              "流程模板         1         0", "",
              "错误 流程模板!A1  [ref.unknown] 「T99」在「流程模板」中不存在",
              "      修正: 可选：T01、T02、T03、T04、T05、T06"],
    "en": ["{book}: T99 not started: 1 error(s), 0 warning(s)", "",
           "tab         errors  warnings", "流程模板         1         0", "",
           "ERROR 流程模板!A1  [ref.unknown] 'T99' does not exist in '流程模板'",
           "      fix: known: T01, T02, T03, T04, T05, T06"],
}  # fmt: skip


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_a_project_not_started_is_said_in_the_locale(
    demo_xlsx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[workbook]\npath = "{demo_xlsx.as_posix()}"\n', encoding="utf-8")
    argv = ["start-project", "--config", str(config), "-q", "--template", "T99", "--name", "x",
            "--start", "2026-11-30", "--dry-run", "--locale", locale]  # fmt: skip
    assert main(argv) == 1
    expected = [line.format(book=demo_xlsx) for line in NOT_STARTED[locale]]
    assert capsys.readouterr().out.splitlines() == expected


def test_both_languages_fill_in_the_same_fields() -> None:
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    assert all(fields(zh) == fields(en) for zh, en in LINES.values())


@pytest.mark.parametrize(
    ("locale", "mark", "error"), [("zh-CN", "警告", "错误"), ("en", "warn ", "ERROR")]
)
def test_the_sla_list_labels_its_findings_in_the_locale(locale: str, mark: str, error: str) -> None:
    """Each under its severity (review20: a tab not read, an error, was labelled 警告)."""
    import io

    from jobs.run.report import print_sla

    out = io.StringIO()
    print_sla([], {}, locale, [("warning", "工作日历!A1 2027"), ("error", "缺少必填列")], out)
    assert out.getvalue().splitlines()[1:3] == [f"{mark} 工作日历!A1 2027", f"{error} 缺少必填列"]


@pytest.mark.parametrize(
    ("locale", "what"),
    [("zh-CN", ["争议 DS0006", "响应 T000317"]), ("en", ["dispute:DS0006", "response:T000317"])],
)
def test_sla_lists_each_obligation_by_its_kind_and_id(locale: str, what: list[str]) -> None:
    """In Chinese 争议 DS0006, as _sla's 类型 and 对象 say; it printed the English key
    (dispute:DS0006) to department staff. English keeps the key."""
    import io

    from jobs.run.report import print_sla

    rows = [
        {"status": "breached", "level": 3, "remaining_h": -1351.35, "kind": kind, "ref": ref,
         "dept_id": "D01", "person_id": "P005", "link": "权责争议!I7", "explanation": "…"}
        for kind, ref in (("dispute", "DS0006"), ("response", "T000317"))
    ]  # fmt: skip
    out = io.StringIO()
    print_sla(rows, {"breached": 2}, locale, [], out)
    lines = out.getvalue().splitlines()[1::2]  # each line, then its explanation
    assert len(lines) == 2 and all(w in line for w, line in zip(what, lines, strict=True))
    assert ("dispute:" in out.getvalue()) == (locale == "en")
