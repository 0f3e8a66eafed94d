"""Answers given through the survey form while the workbook is open in Excel / WPS are kept and
written once it is free (jobs/run/survey_waiting.py): trial35 lost every answer given while the
coordinator had the workbook open, and showed the respondent the administrator's fix."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from jobs.run.survey_answer import Answered, answer_survey
from jobs.run.survey_waiting import parked, waiting_path
from jobs.survey.tokens import Ticket, sign
from tests.support.survey_book import (
    ANSWERS,
    CLOSE,
    OPENED,
    PEOPLE,
    QUARTER,
    SECRET,
    Book,
    make_book,
)

BEFORE = 3  # header and the two answers the book holds


def _at(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str = "") -> Book:
    """The survey book on xlsx with the quarter's round open since ``OPENED``."""
    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path, extra)
    assert book.cli("survey", "open", QUARTER, "--close", str(CLOSE), "--at", _at(OPENED))[0] == 0
    return book


def test_answers_given_while_the_workbook_is_open_are_written_once_it_is_free(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = opened(tmp_path, monkeypatch)
    tokens = {p: sign(Ticket(p, d, QUARTER, CLOSE), SECRET) for p, d in PEOPLE.items()}
    office = book.settings.path.with_name(f"~${book.settings.path.name}")
    office.write_text("coordinator")  # Excel's lock file: the workbook is open
    got = []
    for i, (person, answer) in enumerate(ANSWERS):  # P01 answers twice
        moment = OPENED + dt.timedelta(hours=1 + i)
        got.append(answer_survey(book.settings, book.reopen(), tokens[person], answer, moment))
    assert [(a.response_id, a.replaced, a.waiting) for a in got if isinstance(a, Answered)] == [
        ("2026Q4-P01-r1", False, True), ("2026Q4-P05-r1", False, True),
        ("2026Q4-P06-r1", False, True), ("2026Q4-P01-r2", True, True),
    ]  # fmt: skip
    assert len(book.survey_rows()) == BEFORE  # nothing written into the open workbook
    waiting = waiting_path(book.settings)
    assert [r["response_id"] for r in parked(waiting)] == [a.response_id for a in got]  # type: ignore[union-attr]

    err = book.cli("survey", "status", QUARTER, "--at", "2026-12-11 10:00")[2]
    assert "4 份表单答卷仍在等待写入" in err and str(book.settings.path) in err
    # not closed while they wait: its final counts would leave them out (review37)
    code, out, err = book.cli("survey", "close", QUARTER, "--at", "2026-12-11 10:00")
    assert code == 1 and "本轮在写入前不会结束" in err and "已于" not in out
    # not reminded: their answer waits (review37)
    assert book.cli("survey", "remind", "--at", "2026-12-11 10:00")[0] == 0
    reminded = {p.name.rsplit("_", 1)[-1].split("-")[0] for p in book.outbox.glob("*remind*")}
    assert reminded == {"P02", "P03", "P07"}
    assert len(book.survey_rows()) == BEFORE
    out = book.cli("doctor")[1]
    assert (
        "✗" in out and "4 份满意度调研表单答卷在工作簿被打开时收到，尚未写入「满意度调研」" in out
    )

    office.unlink()  # closed: the next answer writes the waiting ones first, then its own
    late = answer_survey(book.settings, book.reopen(), tokens["P02"], ANSWERS[0][1],
                         OPENED + dt.timedelta(days=1))  # fmt: skip
    assert isinstance(late, Answered) and not late.waiting
    ids = [r[0] for r in book.survey_rows()[BEFORE:]]
    assert ids == ["2026Q4-P01-r1", "2026Q4-P05-r1", "2026Q4-P06-r1", "2026Q4-P01-r2",
                   "2026Q4-P02-r1"]  # fmt: skip
    assert not waiting.exists()
    out = book.cli("survey", "status", QUARTER, "--at", "2026-12-11 10:00")[2]
    assert "等待写入" not in out and len(book.survey_rows()) == BEFORE + 5


def test_survey_status_writes_what_waits_and_never_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = opened(tmp_path, monkeypatch)
    office = book.settings.path.with_name(f"~${book.settings.path.name}")
    office.write_text("coordinator")
    token = sign(Ticket("P05", "D03", QUARTER, CLOSE), SECRET)
    done = answer_survey(book.settings, book.reopen(), token, ANSWERS[1][1], OPENED)
    assert isinstance(done, Answered) and done.waiting
    office.unlink()
    waiting = waiting_path(book.settings)
    kept = waiting.read_text("utf-8")
    code, out, err = book.cli("survey", "status", QUARTER, "--json", "--at", "2026-12-11 10:00")
    assert "已把 1 份在工作簿打开期间收到的表单答卷写入「满意度调研」" in err
    assert json.loads(out)["quarter"] == QUARTER  # the output stays JSON (review37)
    assert [r[0] for r in book.survey_rows()[BEFORE:]] == ["2026Q4-P05-r1"]
    waiting.write_text(kept + '{"response_id": "cut sho', "utf-8")  # a crash after the append
    code, out, err = book.cli("survey", "close", QUARTER, "--at", "2026-12-11 17:00")
    assert code == 0 and "已把" not in err  # already in the sheet: not appended again
    assert [r[0] for r in book.survey_rows()[BEFORE:]] == ["2026Q4-P05-r1"]
    assert not waiting.exists()


def test_only_active_people_answer_and_in_their_department_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """trial35: a signed link of someone disabled in 人员 (P04) was accepted and counted, and
    one of a person moved to another department counted in the department of the link."""
    from jobs.run.survey_answer import round_of
    from jobs.survey.tokens import Refusal

    book = opened(tmp_path, monkeypatch)
    gone = Ticket("P04", "D02", QUARTER, CLOSE)  # 启用 = 否 in the book
    moved = Ticket("P05", "D01", QUARTER, CLOSE)  # the link says D01; 人员 says D03
    assert round_of(book.settings, book.reopen(), gone, OPENED) == Refusal("inactive", CLOSE)
    got = answer_survey(book.settings, book.reopen(), sign(gone, SECRET), ANSWERS[1][1], OPENED)
    assert got == Refusal("inactive", CLOSE)
    done = answer_survey(book.settings, book.reopen(), sign(moved, SECRET), ANSWERS[1][1], OPENED)
    assert isinstance(done, Answered)
    header, *rows = book.survey_rows()
    assert len(rows) == BEFORE  # P04's answer not written, P05's is
    assert dict(zip(header, rows[-1], strict=False))["dept_id"] == "D03"


def test_the_form_opened_again_shows_the_last_answer_to_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """trial35: the invitation says 截止前可再次打开修改答卷, but the link opened an empty form,
    and a second answer without the hours erased the first's 6 hours and comment."""
    from streamlit.testing.v1 import AppTest

    from tests.support.dashboard import APP

    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path, hours=True)
    now = dt.datetime.now(book.settings.zone).replace(tzinfo=None)  # the page reads the clock
    close = now.date() + dt.timedelta(days=10)
    assert book.cli("survey", "open", QUARTER, "--close", str(close), "--at", _at(now))[0] == 0
    token = sign(Ticket("P05", "D03", QUARTER, close), SECRET)
    first = {"clarity": 4, "smoothness": 3, "communication": 5, "overall": 4,
             "weekly_comm_h": 6.0, "comment": "交接单常缺字段"}  # fmt: skip
    assert isinstance(answer_survey(book.settings, book.reopen(), token, first, now), Answered)
    monkeypatch.setenv("COLLABSHEET_CONFIG", str(book.config))
    page = AppTest.from_file(str(APP), default_timeout=60)
    page.query_params["survey"] = token
    page.run()
    assert [i.value for i in page.info if "您已于" in i.value]
    shown = {k: page.radio(key=f"survey_form_{k}").value
             for k in ("clarity", "smoothness", "communication", "overall")}  # fmt: skip
    assert shown == {"clarity": 4, "smoothness": 3, "communication": 5, "overall": 4}
    assert page.number_input(key="survey_form_hours").value == 6.0
    assert page.text_area(key="survey_form_comment").value == "交接单常缺字段"
    page.radio(key="survey_form_smoothness").set_value(2)
    page.button[0].click().run()
    assert not page.exception and not page.error
    header, row = book.survey_rows()[0], book.survey_rows()[-1]
    got = dict(zip(header, row, strict=False))
    keys = ("response_id", "smoothness", "weekly_comm_h", "comment")
    assert [got[k] for k in keys] == [f"{QUARTER}-P05-r2", 2, 6, "交接单常缺字段"]


def test_a_waiting_answer_survives_what_would_cut_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review37: a U+2028 in a comment split the waiting line, and a line a crash cut short
    swallowed the next answer: both lost, the file deleted, while the respondent was told
    已收到. The cut line is kept in a .bad file for a person to look at."""
    from jobs.run.survey_waiting import park

    book = opened(tmp_path, monkeypatch)
    waiting = waiting_path(book.settings)
    assert waiting is not None
    waiting.write_text('{"response_id": "2026Q4-P09-r1", "submitted_a', encoding="utf-8")
    office = book.settings.path.with_name(f"~${book.settings.path.name}")
    office.write_text("coordinator")
    token = sign(Ticket("P05", "D03", QUARTER, CLOSE), SECRET)
    answer = {**ANSWERS[1][1], "comment": "交接单\u2028常缺字段"}
    done = answer_survey(book.settings, book.reopen(), token, answer, OPENED)
    assert isinstance(done, Answered) and done.waiting
    assert [r["comment"] for r in parked(waiting)] == ["交接单\u2028常缺字段"]
    office.unlink()
    book.cli("survey", "status", QUARTER, "--at", "2026-12-11 10:00")
    header, *rows = book.survey_rows()
    got = dict(zip(header, rows[-1], strict=False))
    assert (got["response_id"], got["comment"]) == ("2026Q4-P05-r1", "交接单\u2028常缺字段")
    assert not waiting.exists()
    assert waiting.with_suffix(".bad").read_text("utf-8").startswith('{"response_id": "2026Q4-P09')
    park(waiting, {"response_id": "x", "submitted_at": OPENED})  # the file starts anew
    assert [r["response_id"] for r in parked(waiting)] == ["x"]


def test_an_anonymous_answer_is_not_shown_to_whoever_holds_the_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review37: the form filled in a person's anonymous answer for anyone holding the link
    (links sit in the outbox's letters); it says when only."""
    from jobs.run.survey_answer import Opened, round_of

    book = opened(tmp_path, monkeypatch, "anonymous = true")
    ticket = Ticket("P05", "D03", QUARTER, CLOSE)
    answer = {**ANSWERS[1][1], "comment": "主管总是拖延审批"}
    assert isinstance(answer_survey(book.settings, book.reopen(), sign(ticket, SECRET), answer,
                                    OPENED), Answered)  # fmt: skip
    form = round_of(book.settings, book.reopen(), ticket, OPENED + dt.timedelta(hours=1))
    assert isinstance(form, Opened) and form.earlier == {"submitted_at": OPENED}


def test_a_waiting_file_cut_inside_a_character_loses_only_that_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review39: a line an older version cut inside a character made the file unreadable: the
    form, survey status and remind, doctor and the daily run's letters all failed."""
    book = opened(tmp_path, monkeypatch)
    waiting = waiting_path(book.settings)
    assert waiting is not None
    waiting.write_bytes('{"response_id": "2026Q4-P09-r1", "comment": "交接'.encode()[:-1])
    assert parked(waiting) == []
    code, _out, err = book.cli("survey", "status", QUARTER, "--at", "2026-12-11 10:00")
    assert code == 0 and "内部错误" not in err
    assert not waiting.exists() and waiting.with_suffix(".bad").exists()


def test_a_waiting_answer_the_sheet_refuses_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review39: any error writing a waiting answer was said as 正被打开, and survey close was
    refused with no way through; the error is said with its own fix."""
    from config.errors import BackendError

    book = opened(tmp_path, monkeypatch)
    office = book.settings.path.with_name(f"~${book.settings.path.name}")
    office.write_text("coordinator")
    token = sign(Ticket("P05", "D03", QUARTER, CLOSE), SECRET)
    assert answer_survey(book.settings, book.reopen(), token, ANSWERS[1][1], OPENED).waiting  # type: ignore[union-attr]
    office.unlink()

    def protected(*args: object, **kwargs: object) -> None:
        raise BackendError(
            "工作表「满意度调研」受保护：请撤销保护后重试",
            "the survey tab is protected: unprotect it and try again",
        )

    monkeypatch.setattr("sheets_sync.xlsx.XlsxBackend.append", protected)
    err = book.cli("survey", "status", QUARTER, "--at", "2026-12-11 10:00")[2]
    assert "1 份表单答卷无法写入：工作表「满意度调研」受保护：请撤销保护后重试" in err
    assert "正被打开" not in err
