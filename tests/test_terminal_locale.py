"""``--locale`` is the terminal's language only (README): on a zh-CN workbook, ``collabsheet
--locale en run daily`` and ``--locale en weekly`` send department staff the very messages a run
without it sends, write the same Chinese subjects into ``_reminders``, and print their summary
in English (they wrote English mails and subjects to Chinese staff)."""

from __future__ import annotations

import email
import email.policy
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from jobs.run.cli import main

AT = "2026-11-27 10:00"
# the summary lines, in English; the run id and the timing vary
SUMMARY = {
    "run daily": r"daily run [0-9a-f]{12} at 2026-11-27 10:00: errors; 703 rows; 5 errors, "
    r"2 warnings in the sheets; SLA 2 at risk, 4 breached; 3 at level 3 \(management\); 19 KPIs; "
    r"messages 21 sent; "
    r"0 pending, 0 failed, 0 dead, 0 held back; \d+ API requests, \d+\.\d+ s",
    "weekly": r"weekly run 2026-W48: 9 pack\(s\) in .*2026-W48; 14 message\(s\) sent now, 0 "
    r"already sent this week, 0 not delivered \(all delivered\)",
}
NO_LINK = (  # the weekly's line about the files, on the terminal
    "The dashboard's address is not configured ([survey] base_url is this machine's "
    "http://localhost:8501/), so there is no link to the 周报 page; the files are on the server:"
)


def _config(folder: Path, demo_xlsx: Path) -> Path:
    book = folder / "demo.xlsx"
    shutil.copyfile(demo_xlsx, book)
    path = folder / "collabsheet.toml"
    path.write_text(
        f'[general]\nlocale = "zh-CN"\n\n[workbook]\npath = "{book.as_posix()}"\n\n'
        f'[channels.outbox]\nfolder = "{(folder / "outbox").as_posix()}"\n',
        encoding="utf-8",
    )
    return path


def _outbox(folder: Path) -> dict[str, tuple[str, str]]:
    """key -> (subject, plain text) of every message in the outbox (the folder's path said
    as ``FOLDER``: the weekly's name the files)."""
    out = {}
    for path in sorted((folder / "outbox").glob("*.eml")):
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = msg.get_body(("plain",))
        assert body is not None, path
        text = str(body.get_content()).replace(folder.as_posix(), "FOLDER")
        out[str(msg["X-Collabsheet-Key"])] = (str(msg["Subject"]), text)
    return out


def _reminders(folder: Path) -> list[tuple[str, str]]:
    """(key, subject) of the ``_reminders`` rows in the results file."""
    wb = openpyxl.load_workbook(folder / "demo.bot.xlsx", read_only=True)
    try:
        rows = list(wb["_reminders"].iter_rows(values_only=True))
    finally:
        wb.close()
    head = list(rows[0])
    key, subject = head.index("编号"), head.index("标题")
    return [(str(r[key]), str(r[subject])) for r in rows[1:]]


def _run(folder: Path, locale: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    path = folder / "collabsheet.toml"
    capsys.readouterr()
    for command in (["run", "daily"], ["weekly"]):
        assert main([*locale, *command, "--config", str(path), "--at", AT, "-q"]) == 0, command
    return capsys.readouterr().out.splitlines()


def test_locale_en_changes_only_what_the_terminal_prints(
    tmp_path: Path, demo_xlsx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zh, en = tmp_path / "zh", tmp_path / "en"
    for folder in (zh, en):
        folder.mkdir()
        _config(folder, demo_xlsx)
    _run(zh, [], capsys)
    printed = _run(en, ["--locale", "en"], capsys)
    sent = _outbox(en)
    assert len(sent) == 21 + 14  # the daily's (3 of them a dispute's other heads) and the weekly's
    assert sent == _outbox(zh)  # the same words to department staff, in Chinese
    assert all(subject.startswith("【") for subject, _ in sent.values()), sent
    assert not [s for s, _ in sent.values() if re.search(r"[A-Za-z]{4,}", s.split("】")[0])]
    subjects = _reminders(en)
    assert subjects == _reminders(zh)
    digest = "【每日提醒】2026-11-27 范亮：1 项：项目复盘 PJ0017（已超时 19.8 工作小时）"
    assert ("digest:P008:2026-11-27", digest) in subjects
    assert re.fullmatch(SUMMARY["run daily"], printed[0]), printed[0]
    weekly = next(line for line in printed if line.startswith("weekly run"))
    assert re.fullmatch(SUMMARY["weekly"], weekly), weekly
    assert NO_LINK in printed
    assert not [line for line in printed if line.startswith("看板地址未配置")], printed
