"""A 截止时间 typed that cannot be read (下周三, 2026/13/01) is an error at its cell and is read
as empty, so the task is due by its time limit: every text that gives that due time says so,
or people read a date they never typed as theirs (trial18: 毛嘉 was told 12月22日 for a task
typed 下周三, meaning 12-16)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config.settings import Settings
from jobs.run.envelope import run as run_job
from jobs.sla.sla_tab import sla_records
from jobs.sla.status import sla_of
from sheets_sync.memory import MemoryBackend
from tests.support.notifiers import Recorder
from tests.support.reminders import NOW, outbox_settings, raw
from tests.support.workbooks import Raw, parse, title

TYPED = "下周三"


def _book() -> Raw:
    book = raw()
    book[title("tasks")][2][8] = TYPED  # K2's 截止时间 (任务进度!I3)
    return book


def test_the_obligation_keeps_what_was_typed_and_only_where_it_was() -> None:
    result = sla_of(parse(_book()), Settings().sla_section, NOW).result
    typed = dict(zip(result["key"], result["due_typed"], strict=True))
    assert typed["completion:K2"] == f"任务进度!I3「{TYPED}」"  # the cell to correct (trial19)
    assert {k for k, v in typed.items() if v} == {"completion:K2"}
    # a date read as typed says nothing of the kind
    assert not sla_of(parse(raw()), Settings().sla_section, NOW).result["due_typed"].any()


@pytest.mark.parametrize(
    ("locale", "said", "item"),
    [
        ("zh-CN", "截止时间 任务进度!I3「下周三」无法识别，按时限计算（请改正），交接 ",
         "（任务进度!I3「下周三」无法识别，按时限计算，请改正）"),
        ("en", "the due time 任务进度!I3「下周三」 cannot be read: by the limit (correct it), ",
         " (任务进度!I3「下周三」 cannot be read: by the time limit; correct it)"),
    ],
)  # fmt: skip
def test_the_sla_explanation_and_the_reminder_say_the_due_is_the_limits(
    tmp_path: Path, locale: str, said: str, item: str
) -> None:
    backend, rec = MemoryBackend(_book()), Recorder()
    report = run_job("daily", outbox_settings(tmp_path, locale), backend, NOW,
                     notifiers={"outbox": rec})  # fmt: skip
    assert ("任务进度", "I3") in {(f.tab, f.cell) for f in report.findings}
    (k2,) = [r for r in sla_records(backend.tabs["_sla"]) if r["key"] == "completion:K2"]
    assert str(k2["explanation"]).startswith(said)
    lines = [i.text for m in rec.sent for s in m.sections for i in s.items if "K2" in i.text]
    assert lines and all(item in line for line in lines)
    others = [i.text for m in rec.sent for s in m.sections for i in s.items if "K4" in i.text]
    assert others and not any(item.strip() in line for line in others)


def test_a_new_task_is_told_its_due_is_the_limits(tmp_path: Path) -> None:
    """The 【新任务】 announcement of a task typed with 下周三 gives the limit's due, saying why."""
    book = _book()
    backend = MemoryBackend(book)
    s = outbox_settings(tmp_path)
    run_job("daily", s, backend, NOW, notifiers={"outbox": Recorder()})
    tasks = backend.tabs[title("tasks")]
    tasks.append(["K9", "PJ1", 2, "交付", "D02", "P03", "2026-11-27 09:30", "", TYPED, "",
                  "todo", "", ""])  # fmt: skip
    rec = Recorder()
    run_job("remind", s, backend, NOW + dt.timedelta(hours=1), notifiers={"outbox": rec})
    told = [i.text for m in rec.sent if m.key.startswith("assigned:K9")
            for x in m.sections for i in x.items]  # fmt: skip
    assert told and "（任务进度!I6「下周三」无法识别，按时限计算，请改正）" in told[0]
