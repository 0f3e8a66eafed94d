"""The printed lines of ``run``, ``remind``, ``cases`` and ``metrics`` in the configured language
(issue 19, item 6): Chinese by default and with ``[general] locale = "zh-CN"``, English with
``--locale en`` (before or after the command) or ``[general] locale = "en"``; exact lines."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from jobs.run.cli import main
from jobs.run.command_text import LINES, say, status_word
from tests.support.configs import outbox_config

AT = "2026-11-27 10:00"


@pytest.fixture
def config(demo_xlsx: Path, tmp_path: Path) -> Path:
    return outbox_config(tmp_path, demo_xlsx)


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("name", sorted(LINES))
def test_both_languages_fill_in_the_same_fields(name: str) -> None:
    zh, en = LINES[name]
    assert fields(zh) == fields(en) and zh != "" and en != ""
    names = r"\{[^}]*\}|_case_links|case_id|collabsheet|PYTHONDEVMODE|Ctrl|http"  # not words
    assert not re.search(r"[A-Za-z]{3,}", re.sub(names, "", zh)), zh


@pytest.mark.parametrize(
    ("locale", "status", "word"),
    [("zh-CN", "held", "暂缓"), ("en", "held", "held"), ("zh-CN", "would_send", "将发送"),
     ("zh-CN", "sent", "已发送"), ("zh-CN", "something_new", "something_new")],
)  # fmt: skip
def test_a_delivery_status_in_words(locale: str, status: str, word: str) -> None:
    assert status_word(locale, status) == word


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(args) in (0, 1)
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(
    ("where", "line"),
    [
        ([], "提醒（试运行）2026-11-27 10:00：将发送 {n} 条消息"),
        (["--locale", "en"], "remind would send at 2026-11-27 10:00: {n} message(s)"),
    ],
)
def test_remind_head_line(
    config: Path, capsys: pytest.CaptureFixture[str], where: list[str], line: str
) -> None:
    base = ["remind", "--config", str(config), "--at", AT, "--dry-run", "-q"]
    sent = json.loads("\n".join(run([*base, "--json"], capsys)))
    n = len(sent["deliveries"])
    out = run([*where, *base], capsys)
    assert out[0] == line.format(n=n)
    statuses = {"would_send": "将发送", "would_hold": "将暂缓"}
    if not where:  # each delivery's status in Chinese
        assert n and all(o.split()[0] in statuses.values() for o in out[1 : 1 + n]), out


@pytest.mark.parametrize(
    ("locale", "head", "totals", "mark"),
    [
        ("zh-CN",
         "{without} 条复盘发现未填案例编号；匹配建议 {n} 条，其中采纳 {accepted} 条"
         "（试运行：未写入）",
         "案例 {cases} 个：重复发生的案例 {recurring_cases} 个，关联的复盘 {linked_retros} 条（其中"
         "再次发生 {recurrences} 条）", ("采纳", "建议")),
        ("en",
         "{without} finding(s) without case_id; {n} suggestion(s), {accepted} accepted (dry run: "
         "nothing written)",
         "{cases} cases: {recurring_cases} recurring, {linked_retros} linked retrospectives "
         "({recurrences} recurrences)", ("accepted", "suggested")),
    ],
)  # fmt: skip
def test_cases_lines(
    config: Path,
    capsys: pytest.CaptureFixture[str],
    locale: str,
    head: str,
    totals: str,
    mark: tuple[str, str],
) -> None:
    base = ["cases", "--config", str(config), "--at", AT, "--dry-run", "-q"]
    data = json.loads("\n".join(run([*base, "--json"], capsys)))
    out = run(["--locale", locale, *base], capsys)
    assert out[0] == head.format(without=data["findings_without_case"],
                                 n=len(data["suggestions"]), accepted=data["accepted"])  # fmt: skip
    assert out[1] == totals.format(**data["summary"])
    assert out[2].split() == HEADS[locale], out  # the table's header, then one line each
    marks = [o.split()[5] for o in out[3 : 3 + len(data["suggestions"])]]
    assert marks and set(marks) <= set(mark), out


HEADS = {
    "zh-CN": ["复盘编号", "单元格", "排名", "案例编号", "相似度", "结论", "匹配词"],
    "en": ["retro", "cell", "rank", "case", "score", "verdict", "words"],
}


@pytest.mark.parametrize(
    ("locale", "head", "hours", "no_base"),
    [
        ("zh-CN", "2026-11-27 指标", r"^业务响应速度\s+[\d.]+ 工作小时  ",
         "较基线 -15%（需要基线）"),
        ("en", "KPIs 2026-11-27", r"^response time\s+[\d.]+ working h  ",
         "-15% vs a baseline (needs one)"),
    ],
)  # fmt: skip
def test_metrics_lines(
    config: Path,
    capsys: pytest.CaptureFixture[str],
    locale: str,
    head: str,
    hours: str,
    no_base: str,
) -> None:
    out = run(["metrics", "--config", str(config), "--at", AT, "-q", "--locale", locale], capsys)
    assert out[0] == head
    line = next(o for o in out if re.match(hours, o))
    assert no_base in line, line


@pytest.mark.parametrize(
    ("locale", "part"),
    [("zh-CN", "; 时限：有风险 "), ("en", "; SLA ")],
)
def test_run_summary_says_sla_in_the_language(
    config: Path, capsys: pytest.CaptureFixture[str], locale: str, part: str
) -> None:
    book = Path(re.findall(r'path = "([^"]+)"', config.read_text(encoding="utf-8"))[0])
    config = outbox_config(config.parent, book, f'locale = "{locale}"')
    out = run(["run", "daily", "--config", str(config), "--at", AT, "-q"], capsys)
    assert part in out[0] and ("SLA" not in out[0]) == (locale == "zh-CN"), out[0]


def test_say_fills_in() -> None:
    assert say("en", "remind.not_delivered", key="k", error="e") == "not delivered: k: e"
    assert say("zh-CN", "remind.not_delivered", key="k", error="e") == "未送达：k：e"


@pytest.mark.parametrize(
    ("locale", "reading", "writing"),
    [("zh-CN", "读取 {book}", r"写入 2 个工作表、\d+ 行到 {bot}"),
     ("en", "reading {book}", r"writing 2 tab\(s\), \d+ row\(s\) to {bot}")],
)  # fmt: skip
def test_progress_lines_in_the_language(
    config: Path, capsys: pytest.CaptureFixture[str], locale: str, reading: str, writing: str
) -> None:
    assert main(["metrics", "--config", str(config), "--at", AT, "--locale", locale]) in (0, 1)
    err = [re.sub(r"^\[\s*[\d.]+s\] ", "", x) for x in capsys.readouterr().err.splitlines()]
    book = re.search(r'path = "([^"]+)"', config.read_text(encoding="utf-8"))
    assert book
    bot = Path(book.group(1)).with_suffix(".bot.xlsx")
    assert err[0] == reading.format(book=Path(book.group(1))) + " …", err
    assert re.fullmatch(writing.format(bot=re.escape(str(bot))) + " …", err[1]), err
