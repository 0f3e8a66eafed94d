"""Which quarter's round ``survey open`` opens (jobs/survey/rounds.refused_opening): this
quarter's or the last one's, and one round at a time (trial35: 2025Q3 was opened 15 months
late, without a word, and took 2026Q4's place in status, remind and doctor)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jobs.survey.rounds import Round, refused_opening
from tests.support.survey_book import SECRET, make_book

TODAY = dt.date(2026, 12, 8)
OPEN = Round("2026Q4", "2026-12-01 09:00:00", "2026-12-18")


@pytest.mark.parametrize(
    ("quarter", "open_now", "expected"),
    [
        ("2026Q4", None, None),
        ("2026Q3", None, None),  # the last quarter's, in the first weeks of the next
        ("2026Q4", OPEN, None),  # the open one again: its letters owed
        ("2027Q1", None, "2027Q1 尚未开始（今天 2026-12-08 属于 2026Q4）："
                         "调研在季度内或季度结束后开启"),
        ("2025Q3", None, "2025Q3 已过去：只能开启本季度（2026Q4）或上一季度（2026Q3）的调研"),
        ("2026Q3", OPEN, "调研轮次 2026Q4 进行中（截止 2026-12-18）：一次只开一轮，请先结束它"
                         "（collabsheet survey close 2026Q4）"),
    ],
)  # fmt: skip
def test_this_or_the_last_quarter_one_round_at_a_time(
    quarter: str, open_now: Round | None, expected: str | None
) -> None:
    refused = refused_opening(quarter, TODAY, open_now)
    assert (refused[0] if refused else None) == expected


def test_a_second_round_is_refused_and_the_first_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path)
    assert book.cli("survey", "open", "2026Q4", "--at", "2026-12-07 10:00")[0] == 0
    code, out, err = book.cli("survey", "open", "2026Q3", "--at", "2026-12-08 10:00")
    assert code == 2 and "调研轮次 2026Q4 进行中" in err
    code, out, _ = book.cli("survey", "status", "--at", "2026-12-08 10:00")
    assert "调研轮次 2026Q4：进行中" in out


def test_a_link_says_why_its_round_takes_no_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """trial35: a round not open yet, a quarter never opened and an old link after a reopen
    were each 本轮调研已结束."""
    from jobs.run.survey_answer import answer_survey
    from jobs.survey.tokens import Refusal, Ticket, sign

    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path)
    close = dt.date(2026, 12, 18)
    assert book.cli("survey", "open", "2026Q4", "--close", str(close), "--at",
                    "2026-12-08 10:00")[0] == 0  # fmt: skip
    answer = {"clarity": 4, "smoothness": 4, "communication": 4, "overall": 4}

    def said(quarter: str, at: str) -> Refusal | object:
        token = sign(Ticket("P01", "D01", quarter, close), SECRET)
        moment = dt.datetime.fromisoformat(at)
        return answer_survey(book.settings, book.reopen(), token, answer, moment)

    assert said("2026Q4", "2026-12-08 09:00") == Refusal("not_yet", close)
    assert said("2026Q3", "2026-12-08 11:00") == Refusal("no_round", close)
    assert book.cli("survey", "close", "2026Q4", "--at", "2026-12-09 10:00")[0] == 0
    assert said("2026Q4", "2026-12-09 11:00") == Refusal("closed", close)


def test_answers_imported_after_the_round_closed_are_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """trial35: an answer of 12-09 imported after the 12-08 close moved the rate the close had
    recorded, unsaid."""
    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path)
    assert book.cli("survey", "open", "2026Q4", "--at", "2026-12-07 10:00")[0] == 0
    assert book.cli("survey", "close", "2026Q4", "--at", "2026-12-08 17:00")[0] == 0
    export = tmp_path / "export.csv"
    export.write_text("提交时间,部门,权责清晰度,流程顺畅度,沟通效率,总体满意度\n"
                      "2026-12-08 09:01:07,研发部,4,4,4,4\n2026-12-09 10:12:13,研发部,5,5,5,5\n",
                      encoding="utf-8")  # fmt: skip
    code, out, _ = book.cli("survey", "import", str(export), "--quarter", "2026Q4")
    assert code == 0  # a warning: the answers are imported
    assert "[survey_import.after_close]" in out
    assert "2 份答卷中有 1 份在本轮结束（2026-12-08 17:00）之后提交" in out
