"""``collabsheet weekly`` (issue 19, item 2): the weekly meeting pack on the demo. The packs are
written (Word, HTML, xlsx and the index), the heads, management and coordinators get one message
each in the outbox, a second run in the same week sends nothing again, and the Word files say
what the demo's rows say (read here from the raw rows, not through the pack's code)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import json
import re
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.table import Table

from config.defaults import TAB_TITLES
from config.schema import TABS
from config.settings import Settings, settings_from_dict
from jobs.kpis.measures import KpiValue
from jobs.kpis.metrics_tab import METRICS
from jobs.notify import Outcome
from jobs.reminders.reminders_tab import REMINDERS
from jobs.run.cli import main
from jobs.run.envelope import run
from jobs.run.weekly_command import weekly_run
from jobs.weekly.trend import kpi_lines
from sheets_sync.xlsx import XlsxBackend, write_xlsx
from tests.support.demo import new_demo_tabs
from tests.support.notifiers import Recorder

AT = "2026-12-07 09:00"  # a Monday of ISO week 2026-W50
NOW = dt.datetime(2026, 12, 7, 9, 0)
WEEK = "2026-W50"
HEADINGS = (
    "一、指标变化（全公司，对比目标与上周）",
    "二、超时与升级事项",
    "三、待裁决争议",
    "四、到期与超时的整改措施",
    "五、复发问题（2026Q4）",
    "六、满意度调研（2026Q4）",
)


def records(key: str) -> list[dict[str, Any]]:
    """The demo's rows of a tab as dicts of column keys (raw cells, labels as typed)."""
    keys = [c.key for c in TABS[key].columns]
    return [dict(zip(keys, r, strict=True)) for r in new_demo_tabs()[TAB_TITLES[key]][1:]]


def recipients() -> set[str]:
    """weekly:WEEK:PACK:PERSON keys the demo's people tab and departments call for."""
    people = [p for p in records("people") if p["active"] is not False]
    managers = {p["person_id"] for p in people if p["role"] == "管理层"}
    depts = [d for d in records("departments") if d["active"] is not False]
    keys = {f"weekly:{WEEK}:management:{p}" for p in managers | {d["escalate_to"] for d in depts}}
    keys |= {f"weekly:{WEEK}:{d['dept_id']}:{d['head']}" for d in depts}
    keys |= {f"weekly:{WEEK}:all:{p['person_id']}" for p in people if p["role"] == "协调员"}
    return keys


@pytest.fixture
def config(demo_xlsx: Path, tmp_path: Path) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(
        f'[workbook]\npath = "{demo_xlsx}"\n\n[channels]\njournal = "{tmp_path / "j.jsonl"}"\n\n'
        f'[channels.outbox]\nfolder = "{tmp_path / "outbox"}"\n',
        encoding="utf-8",
    )
    return path


def weekly(config: Path, *extra: str) -> int:
    return main(["weekly", "--at", AT, "--config", str(config), "-q", *extra])


def ledger(book: Path) -> dict[str, dict[str, Any]]:
    rows = XlsxBackend(book, book.with_name("demo.bot.xlsx")).read()["_reminders"]
    # through the codec: the header is in the configured language (config/bot_headers.py)
    return {str(r["key"]): r for r in REMINDERS.decode(rows) if str(r["key"]).startswith("weekly")}


def word(folder: Path, name: str) -> docx.document.Document:
    return docx.Document(io.BytesIO((folder / f"周例会材料_{WEEK}_{name}.docx").read_bytes()))


def table_after(doc: Any, heading: str) -> list[dict[str, str]]:
    """The rows of the table that follows ``heading`` (none when a paragraph says 本周无)."""
    seen = False
    for block in doc.iter_inner_content():  # paragraphs and tables in document order
        if isinstance(block, Table):
            if seen:
                head = [c.text for c in block.rows[0].cells]
                return [dict(zip(head, (c.text for c in r.cells), strict=True))
                        for r in block.rows[1:]]  # fmt: skip
        elif block.text == heading:
            seen = True
        elif seen and block.text == "本周无。":
            return []
    raise AssertionError(f"no heading {heading!r}")


def test_the_packs_are_written_and_announced_once_a_week(
    config: Path, demo_xlsx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert weekly(config) == 0
    folder = demo_xlsx.parent / "weekly" / WEEK
    depts = [d for d in records("departments") if d["active"] is not False]
    names = ["管理层", *(f"{d['dept_id']}_{d['name']}" for d in depts)]
    expected = {f"周例会材料_{WEEK}_{n}.{f}" for n in names for f in ("docx", "html", "xlsx")}
    assert {p.name for p in folder.iterdir()} == expected | {"index.json"}
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert [p["key"] for p in index["packs"]] == ["management", *(d["dept_id"] for d in depts)]
    runs = XlsxBackend(demo_xlsx, demo_xlsx.with_name("demo.bot.xlsx")).read()["_runs"]
    assert str(runs[-1][-1]).startswith(f"周例会材料 {WEEK}")  # the workbook's language (trial8)
    sent = ledger(demo_xlsx)
    assert set(sent) == recipients() and {e["status"] for e in sent.values()} == {"sent"}
    outbox = sorted(p.name for p in (tmp_path / "outbox").iterdir())
    assert len(outbox) == len(recipients()) == 14
    head = next(d for d in depts if d["dept_id"] == "D01")["head"]
    mail = next((tmp_path / "outbox").glob(f"weekly_{WEEK}_D01_{head}-*.eml")).read_bytes()
    text = email.message_from_bytes(mail, policy=email.policy.default)
    body = text.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert f"文件：周例会材料_{WEEK}_D01_研发部.docx" in body and str(folder) not in body
    assert text["Subject"] == "【周例会材料】2026年第50周（12月7日–12月13日） · 研发部"  # trial29
    capsys.readouterr()
    assert weekly(config) == 0  # the same week again: files rewritten, nothing sent
    out = capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "outbox").iterdir()) == outbox
    lines = out.splitlines()
    assert lines[0].endswith("；本次发送 0 条，本周已发送过 14 条，未送达 0 条（均已送达）")
    assert [line.split()[0] for line in lines[10:-1]] == ["本周已发送过"] * 14
    assert lines[-1].startswith("看板地址未配置（[survey] base_url 是本机地址")  # no link: why
    assert "ok" not in lines[0] and "sent" not in out
    assert weekly(config, "--locale", "en") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(
        "; 0 message(s) sent now, 14 already sent this week, 0 not delivered (all delivered)"
    )
    assert [line.split()[:2] for line in lines[10:-1]] == [["already", "sent"]] * 14
    assert lines[-1].startswith("The dashboard's address is not configured")
    assert {k: e["attempts"] for k, e in ledger(demo_xlsx).items()} == dict.fromkeys(sent, 1)


def test_the_word_files_say_what_the_rows_say(config: Path, demo_xlsx: Path) -> None:
    assert main(["metrics", "--at", "2026-11-30 09:00", "--config", str(config), "-q"]) == 0
    assert weekly(config) == 0
    folder = demo_xlsx.parent / "weekly" / WEEK
    top = word(folder, "管理层")
    texts = [p.text for p in top.paragraphs]
    assert top.paragraphs[0].text == f"周例会材料 {WEEK} · 管理层"
    assert all(h in texts for h in HEADINGS)
    waiting = [d for d in records("disputes") if d["status"] != "已裁决"]
    rows = table_after(top, HEADINGS[2])
    assert [(r["编号"], r["争议描述"]) for r in rows] == [
        (d["dispute_id"], d["description"]) for d in sorted(waiting, key=lambda d: d["raised_at"])
    ]
    d01 = table_after(word(folder, "D01_研发部"), HEADINGS[2])
    assert [r["编号"] for r in d01] == [r["编号"] for r in rows if "研发部" in r["涉及部门"]]
    due = [
        r["retro_id"] for r in records("retrospectives")
        if r["action"] and r["action_done_at"] is None and r["action_due"] is not None
        and r["action_due"] <= NOW + dt.timedelta(days=7)
    ]  # fmt: skip
    assert sorted(r["复盘编号"] for r in table_after(top, HEADINGS[3])) == sorted(due)
    answers: dict[str, int] = {}
    for r in records("survey"):
        if r["quarter"] == "2026Q4":
            answers[r["dept_id"]] = answers.get(r["dept_id"], 0) + 1
    names = {d["dept_id"]: d["name"] for d in records("departments")}
    survey = {r["部门"]: int(r["答卷数"]) for r in table_after(top, HEADINGS[5])}
    assert survey == {names[d]: n for d, n in answers.items()}
    overdue = table_after(word(folder, "D01_研发部"), HEADINGS[1])
    assert overdue and {r["部门"] for r in overdue} == {"研发部"}
    # last week's value is the one `metrics` recorded on 11-30
    kept = XlsxBackend(demo_xlsx, demo_xlsx.with_name("demo.bot.xlsx")).read()["_metrics"]
    coverage = next(r for r in METRICS.decode(kept) if r["kpi"] == "measure_coverage")
    line = next(r for r in table_after(top, HEADINGS[0]) if r["指标"] == "措施覆盖率")
    assert line["上周"] == f"{float(coverage['value']) * 100:.1f}%"
    book = openpyxl.load_workbook(folder / f"周例会材料_{WEEK}_管理层.xlsx", read_only=True)
    sheet = list(book["待裁决争议"].iter_rows(values_only=True))
    assert [r[0] for r in sheet[1:]] == [r["编号"] for r in rows]


def test_a_dry_run_writes_and_sends_nothing(
    config: Path, demo_xlsx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert weekly(config, "--dry-run") == 0
    assert not (demo_xlsx.parent / "weekly").exists() and not (tmp_path / "outbox").exists()
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()[10:-1]] == ["将发送"] * 14
    assert "；将发送 14 条，本周已发送过 0 条" in out.splitlines()[0]


def test_the_folder_is_configurable(config: Path, tmp_path: Path) -> None:
    config.write_text(
        config.read_text(encoding="utf-8") + f'\n[weekly]\nfolder = "{tmp_path / "packs"}"\n',
        encoding="utf-8",
    )
    assert weekly(config) == 0
    assert (tmp_path / "packs" / WEEK / "index.json").is_file()


def value(kpi: str, v: float | None) -> KpiValue:
    return KpiValue(kpi, v, 0.98, None, None, None, 0, ())


@pytest.mark.parametrize(
    ("kpi", "history", "now", "last", "better"),
    [
        ("measure_coverage", [("2026-11-30", 0.90)], 0.95, 0.90, True),  # higher is better
        ("delay_rate", [("2026-11-30", 0.10)], 0.20, 0.10, False),  # lower is better
        ("delay_rate", [("2026-11-30", 0.20)], 0.20, 0.20, None),  # no change
        ("delay_rate", [("2026-11-20", 0.20)], 0.20, None, None),  # no value in last week
        ("delay_rate", [("2026-11-30", "n/a")], 0.20, None, None),  # an n/a day: no point
        # trial26: both shown as 85.1%: 持平, not 改善 from the digits the pack does not show
        ("measure_coverage", [("2026-11-30", 0.8508)], 0.8512, 0.8508, None),
        ("cycle_time", [("2026-11-30", 12.46)], 12.54, 12.46, None),  # both 12.5 天
        ("cycle_time", [("2026-11-30", 12.46)], 12.34, 12.46, True),  # 12.3 against 12.5
        # review31: 0.0065 and 0.007 are both shown 0.7%: 持平 (round() made them 0.6 and 0.7)
        ("delay_rate", [("2026-11-30", 0.007)], 0.0065, 0.007, None),
    ],
)
def test_the_change_against_last_week(
    kpi: str, history: list[tuple[str, Any]], now: float, last: float | None, better: bool | None
) -> None:
    rows = [{"date": d, "kpi": kpi, "value": v} for d, v in history]
    (line,) = kpi_lines([value(kpi, now)], rows, NOW.date())
    assert (line.last_week, line.better) == (last, better)
    assert line.points[-1] == now and line.points[-2] == last


def on_outbox(book: Path, tmp_path: Path) -> tuple[Settings, XlsxBackend]:
    """Settings for ``book`` with the outbox and the journal in ``tmp_path``, and its backend."""
    settings = settings_from_dict({
        "workbook": {"path": str(book)},
        "channels": {"outbox": {"folder": str(tmp_path / "outbox")},
                     "journal": str(tmp_path / "j.jsonl")},
    })  # fmt: skip
    return settings, XlsxBackend(settings.path, settings.bot_workbook)


class Flaky:
    """An outbox that fails (retryable) for one recipient until ``mend``; records the rest."""

    def __init__(self, failing: str, retry: bool = True) -> None:
        self.failing, self.retry = failing, retry
        self.sent: list[str] = []

    def send(self, message: Any) -> Outcome:
        if message.recipient == self.failing:
            return Outcome(False, self.retry, "451 try again later" if self.retry else "554 no")
        self.sent.append(message.key)
        return Outcome(True)


def test_an_undelivered_pack_is_retried_in_its_week_not_closed_by_the_daily_run(
    demo_xlsx: Path, tmp_path: Path
) -> None:
    settings, backend = on_outbox(demo_xlsx, tmp_path)
    flaky = Flaky("fei.ding@example.com")  # D01's head
    report = weekly_run(settings, backend, NOW, notifiers={"outbox": flaky})
    key = f"weekly:{WEEK}:D01:P001"
    assert report.outcome == "errors" and key not in flaky.sent and len(flaky.sent) == 13
    run("daily", settings, backend, NOW + dt.timedelta(hours=1), notifiers={"outbox": Recorder()})
    assert ledger(demo_xlsx)[key]["status"] == "pending"  # not superseded by the reminders
    flaky.failing = ""
    report = weekly_run(settings, backend, NOW + dt.timedelta(hours=2), notifiers={"outbox": flaky})
    assert report.outcome == "ok" and flaky.sent[13:] == [key]  # only the one owed
    assert ledger(demo_xlsx)[key]["status"] == "sent"


def test_a_folder_that_cannot_be_written_is_one_line(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "packs").write_text("a file where the folder should be", encoding="utf-8")
    config.write_text(
        config.read_text(encoding="utf-8") + f'\n[weekly]\nfolder = "{tmp_path / "packs"}"\n',
        encoding="utf-8",
    )
    assert weekly(config) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"collabsheet: 错误：无法写入周例会材料 {tmp_path / 'packs'}")
    assert err.endswith("或设置 [weekly] folder") and len(err.splitlines()) == 1
    # nothing announced that was not written; the coordinators told the run failed (as the
    # scheduler tells them), once
    told = {p.name.rsplit("-", 1)[0] for p in (tmp_path / "outbox").iterdir()}
    coordinators = [p["person_id"] for p in records("people") if p["role"] == "协调员"]
    assert told == {f"failure_weekly_2026-12-07_{p}" for p in coordinators}


def test_a_head_without_an_address_gets_a_finding_not_a_lost_mail(
    demo_tabs: Any, tmp_path: Path
) -> None:
    people = demo_tabs[TAB_TITLES["people"]]
    email = [c.key for c in TABS["people"].columns].index("email")
    row = next(i for i, r in enumerate(people) if r[0] == "P001")  # D01's head
    people[row][email] = None
    book = tmp_path / "demo.xlsx"
    write_xlsx(book, demo_tabs)
    settings = settings_from_dict({
        "workbook": {"path": str(book)},
        "channels": {"email": {"host": "127.0.0.1", "from_addr": "bot@example.com"},
                     "default": "email", "journal": str(tmp_path / "j.jsonl")},
    })  # fmt: skip
    mail = Recorder()
    report = weekly_run(settings, XlsxBackend(book, settings.bot_workbook), NOW,
                        notifiers={"email": mail, "outbox": mail})  # fmt: skip
    sent = {m.key for m in mail.sent}
    assert sent == recipients() - {f"weekly:{WEEK}:D01:P001"}
    assert [(f.tab, f.cell, f.rule) for f in report.findings] == [
        (TAB_TITLES["people"], f"D{row + 1}", "remind.no_address")
    ]


def test_a_pack_that_failed_earlier_this_week_is_still_not_delivered(
    demo_xlsx: Path, tmp_path: Path
) -> None:
    """A mail refused for good (554) is not sent again, and each later run of the week says it
    was not delivered, with errors (trial12: the second run said "14 already sent this week,
    0 not delivered (all delivered)", wrote 正常 to _runs and exited 0)."""
    settings, backend = on_outbox(demo_xlsx, tmp_path)
    refusing = Flaky("fei.ding@example.com", retry=False)  # D01 head
    first = run("weekly", settings, backend, NOW, notifiers={"outbox": refusing})  # as weekly_run
    assert first.outcome == "errors" and len(refusing.sent) == 13
    again = weekly_run(settings, backend, NOW + dt.timedelta(minutes=30),
                       notifiers={"outbox": refusing})  # fmt: skip
    assert len(refusing.sent) == 13  # nothing sent twice, the refused one not tried again
    assert again.outcome == "errors"
    assert again.summary("zh-CN").endswith(
        "本次发送 0 条，本周已发送过 13 条，未送达 1 条（有未送达）"
    )
    assert again.summary("en").endswith(
        "0 message(s) sent now, 13 already sent this week, 1 not delivered (some not delivered)"
    )


def test_a_locked_results_file_keeps_the_week_in_a_fallback_and_sends_nothing_twice(
    config: Path, demo_xlsx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The results file open in Excel / WPS (``~$demo.bot.xlsx``) while the weekly run writes:
    as a daily run's and a survey round's, its ledger and ``_runs`` row go to a dated fallback
    beside it, the line naming both on stderr, exit 1; the next run merges it back and sends
    nothing again (it used to stop with the lock error after sending, exit 2, its row kept
    only in the database)."""
    bot = demo_xlsx.with_name("demo.bot.xlsx")
    assert main(["run", "daily", "--at", "2026-12-04 10:00", "--config", str(config), "-q"]) == 0
    before = bot.read_bytes()
    lock = demo_xlsx.with_name("~$demo.bot.xlsx")
    lock.write_text("manager", encoding="utf-8")
    capsys.readouterr()
    assert weekly(config) == 1
    out, err = capsys.readouterr()
    fallback = demo_xlsx.with_name("demo.bot.2026-12-07T0900.xlsx")
    assert err.startswith(f"结果文件 {bot} 被占用") and str(fallback) in err
    assert out.splitlines()[0].endswith(
        "本次发送 14 条，本周已发送过 0 条，未送达 0 条（均已送达）"
    )
    assert bot.read_bytes() == before and fallback.exists()
    sent = sorted(p.name for p in (tmp_path / "outbox").glob("weekly_*"))
    assert len(sent) == len(recipients())
    lock.unlink()
    assert weekly(config, "--at", "2026-12-07 10:00") == 0
    assert sorted(p.name for p in (tmp_path / "outbox").glob("weekly_*")) == sent
    assert not fallback.exists()
    runs = XlsxBackend(demo_xlsx, bot).read()["_runs"]
    assert [str(r[-1]).split("：")[0] for r in runs[-2:]] == [f"周例会材料 {WEEK}"] * 2
    assert set(ledger(demo_xlsx)) == recipients()


def test_the_scheduler_runs_the_week_through_the_one_run(demo_xlsx: Path, tmp_path: Path) -> None:
    """``PipelineJobs.run("weekly")`` (what the scheduler calls) is ``run("weekly")``: the packs
    written and each announced once, as ``collabsheet weekly`` does."""
    from jobs.run.pipeline import PipelineJobs

    settings, backend = on_outbox(demo_xlsx, tmp_path)
    mail = Recorder()
    jobs = PipelineJobs(settings, backend, notifiers={"outbox": mail})
    report = jobs.run("weekly", NOW)
    assert report.outcome == "ok" and {m.key for m in mail.sent} == recipients()
    assert (demo_xlsx.parent / "weekly" / WEEK / "index.json").exists()
    again = jobs.run("weekly", NOW + dt.timedelta(hours=1), raw=jobs.read())
    assert again.outcome == "ok" and len(mail.sent) == len(recipients())


def test_a_weekly_run_that_fails_is_recorded_as_failed(
    config: Path, demo_xlsx: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """A weekly command whose write fails (a full disk) says so in one line, exit 2, and its
    ``_runs`` row says 失败, as ``run daily`` and the scheduler record theirs (review17: the
    row the run had saved said 正常)."""
    real = XlsxBackend.write

    def full(self: XlsxBackend, tabs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(XlsxBackend, "write", full)
    assert weekly(config) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["collabsheet: 错误：周例会材料失败：OSError: [Errno 28] No space left on device"]
    monkeypatch.setattr(XlsxBackend, "write", real)
    assert main(["run", "daily", "--at", "2026-12-07 10:00", "--config", str(config), "-q"]) == 0
    runs = XlsxBackend(demo_xlsx, demo_xlsx.with_name("demo.bot.xlsx")).read()["_runs"]
    weekly_rows = [r for r in runs[1:] if r[1] == "周例会材料"]
    assert [r[4] for r in weekly_rows] == ["失败"]


def test_run_json_names_the_fallback_of_a_locked_results_file(
    config: Path, demo_xlsx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``run daily --json`` says ``diverted`` as ``weekly --json`` and ``survey --json`` do."""
    assert main(["run", "daily", "--at", "2026-12-04 10:00", "--config", str(config), "-q"]) == 0
    demo_xlsx.with_name("~$demo.bot.xlsx").write_text("manager", encoding="utf-8")
    capsys.readouterr()
    args = ["run", "daily", "--json", "--at", "2026-12-07 10:00", "--config", str(config), "-q"]
    assert main(args) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["outcome"] == "errors" and "demo.bot.2026-12-07T1000.xlsx" in out["diverted"]


def test_a_tab_that_cannot_be_read_is_said_by_the_weekly_run(
    config: Path, demo_xlsx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """review20: with 权责争议's header broken, the packs said 待裁决争议 0 项, and the run wrote
    正常 and exited 0: now its finding is printed, _runs says 有问题, exit 1."""
    book = openpyxl.load_workbook(demo_xlsx)
    sheet = book[TAB_TITLES["disputes"]]
    sheet["A1"] = None  # 争议编号 deleted by mistake
    book.save(demo_xlsx)
    assert weekly(config) == 1
    out = capsys.readouterr().out
    assert "缺少必填列「争议编号」" in out
    runs = XlsxBackend(demo_xlsx, demo_xlsx.with_name("demo.bot.xlsx")).read()["_runs"]
    assert runs[-1][1] == "周例会材料" and runs[-1][4] == "有问题"
    # trial26: the packs themselves said 待裁决争议 本周无; they say the tab was not read
    top = [p.text for p in word(demo_xlsx.parent / "weekly" / WEEK, "管理层").paragraphs]
    assert any(t.startswith("⚠ 未能读取的工作表：权责争议。本材料不含其中的事项") for t in top)
    section = top[top.index(HEADINGS[2]) + 1]
    assert section == "本节的来源「权责争议」未能读取：没有列出的事项不表示本周无。"


def test_a_pack_nobody_gets_is_said_at_the_heads_cell(
    config: Path, demo_xlsx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """trial26: with 研发部's head marked inactive, its pack was not sent and nothing said so
    (13 messages for 14 packs, no finding)."""
    book = openpyxl.load_workbook(demo_xlsx)
    people, depts = book[TAB_TITLES["people"]], book[TAB_TITLES["departments"]]
    header = [c.value for c in people[1]]
    head = next(r for r in records("departments") if r["dept_id"] == "D01")["head"]
    row = next(r for r in range(2, people.max_row + 1) if people.cell(r, 1).value == head)
    people.cell(row, header.index("启用") + 1).value = "否"
    book.save(demo_xlsx)
    weekly(config, "--dry-run")
    out = capsys.readouterr().out
    dheader = [c.value for c in depts[1]]
    drow = next(r for r in range(2, depts.max_row + 1) if depts.cell(r, 1).value == "D01")
    cell = f"{chr(ord('A') + dheader.index('负责人'))}{drow}"
    assert (
        f"部门!{cell}" in out and f"研发部（D01） 的周例会材料没有收件人：负责人「{head}」" in out
    )


def test_rows_left_out_for_an_error_are_named_in_the_packs(config: Path, demo_xlsx: Path) -> None:
    """trial26: a repeated task id and a dispute without 提出人 are left out (validate says so)
    and vanished from the packs unsaid; each pack names the rows of its departments and those
    naming none, at the top."""
    book = openpyxl.load_workbook(demo_xlsx)
    tasks, disputes = book[TAB_TITLES["tasks"]], book[TAB_TITLES["disputes"]]
    theader = [c.value for c in tasks[1]]
    tasks.cell(3, 1).value = tasks.cell(2, 1).value  # row 3 repeats row 2's task id
    dept = tasks.cell(3, theader.index("部门编号") + 1).value
    dheader = [c.value for c in disputes[1]]
    disputes.cell(2, dheader.index("提出人") + 1).value = None
    where = str(disputes.cell(2, dheader.index("涉及部门") + 1).value)
    book.save(demo_xlsx)
    weekly(config, "--dry-run")  # the packs are built either way; a dry run writes none
    weekly(config)
    folder = demo_xlsx.parent / "weekly" / WEEK

    def top(name: str) -> str:
        return next(p.text for p in word(folder, name).paragraphs if p.text.startswith("⚠"))

    assert top("管理层") == (  # 任务进度!291: the demo's own repeated id
        "⚠ 以下行填写有误，未计入本材料：「任务进度」第 3、291 行、「权责争议」第 2 行。"
        "请按 _checks 或 collabsheet validate 的提示修正。"
    )
    names = {r["dept_id"]: f"{r['dept_id']}_{r['name']}" for r in records("departments")}
    other = next(d for d in names if d != dept and d not in where)
    assert re.search("「任务进度」第 3[、 ]", top(names[dept]))
    text = "\n".join(p.text for p in word(folder, names[other]).paragraphs)
    assert not re.search("「任务进度」第 3[、 ]|权责争议」第 2 行", text)


def test_the_xlsx_lists_hold_numbers(config: Path, demo_xlsx: Path) -> None:
    """trial26: every cell of the pack's xlsx was text (级别 "3", 已等待(天) "12")."""
    weekly(config)
    path = demo_xlsx.parent / "weekly" / WEEK / f"周例会材料_{WEEK}_管理层.xlsx"
    sheet = openpyxl.load_workbook(path, read_only=True)["超时事项"]
    rows = list(sheet.values)
    assert rows[0][0] == "级别" and rows[0][7] == "超时(工作小时)" and len(rows) > 2
    assert all(isinstance(r[0], int) for r in rows[1:])
    assert all(isinstance(r[7], int | float) or r[7] == "未超时" for r in rows[1:])
