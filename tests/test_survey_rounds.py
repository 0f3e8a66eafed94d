"""Survey rounds (issue 18 item 1): tokens, answer ids, the [survey] config, and a round on
the xlsx backend and the Sheets emulation through the CLI (open, answers, remind, status,
close) with the response rate and the satisfaction KPI equal to hand values
(tests/support/survey_book.py). The real dashboard form in a browser: test_survey_browser.py."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from config.errors import ConfigError
from config.settings import settings_from_dict
from config.survey_settings import SurveySettings, loopback
from jobs.kpis.survey_scores import satisfaction
from jobs.run.survey_answer import Answered, answer_survey
from jobs.survey.responses import (
    next_revision,
    respondent,
    response_rates,
    split_id,
    superseded,
    total,
)
from jobs.survey.tokens import Refusal, Ticket, sign, verify
from sheets_sync.workbook import parse_workbook
from tests.support.survey_book import (
    ANSWERS,
    CLOSE,
    COUNTED,
    OPENED,
    PEOPLE,
    QUARTER,
    RATES,
    SATISFIED,
    SECRET,
    Book,
    make_book,
)
from tests.support.workbooks import title

TICKET = Ticket("P01", "D01", "2026Q4", dt.date(2026, 12, 18))


@pytest.mark.parametrize(
    ("token", "today", "expected"),
    [
        (sign(TICKET, SECRET), dt.date(2026, 12, 18), TICKET),
        (sign(TICKET, SECRET), dt.date(2026, 12, 19), Refusal("expired", dt.date(2026, 12, 18))),
        (sign(TICKET, "another-secret-of-32-characters!"), dt.date(2026, 12, 1), Refusal("forged")),
        # the payload changed to another person, the signature kept: forged
        (
            sign(Ticket("P02", "D01", "2026Q4", dt.date(2026, 12, 18)), SECRET).split(".")[0]
            + "."
            + sign(TICKET, SECRET).split(".")[1],
            dt.date(2026, 12, 1),
            Refusal("forged"),
        ),
        ("no-dot-at-all", dt.date(2026, 12, 1), Refusal("malformed")),
        ("abc.%%%", dt.date(2026, 12, 1), Refusal("forged")),  # no signature that matches
        ("", dt.date(2026, 12, 1), Refusal("malformed")),
    ],
)
def test_a_token_grants_its_ticket_until_the_close_date_only_when_signed(
    token: str, today: dt.date, expected: Ticket | Refusal
) -> None:
    assert verify(token, SECRET, today) == expected


@pytest.mark.parametrize(
    ("ids", "gone"),
    [
        (["S1", "2026Q4-P01-r1", "2026Q4-P01-r2", "S2"], {1}),
        (["2026Q4-P01-r2", "2026Q4-P01-r1"], {1}),  # the highest N wins, wherever it is
        (["2026Q4-P01-r1", "2026Q3-P01-r1", "2026Q4-P02-r1"], set()),
        (["2026Q4-anon-0123456789ab-r1", "2026Q4-anon-0123456789ab-r3", None, 7], {0}),
    ],
)
def test_a_later_revision_supersedes_the_earlier_answers(ids: list[Any], gone: set[int]) -> None:
    assert superseded(ids) == gone


def test_answer_ids_name_the_person_or_a_keyed_pseudonym() -> None:
    named = respondent("P01", QUARTER, False, SECRET)
    hidden = respondent("P01", QUARTER, True, SECRET)
    assert named == "P01"
    assert hidden.startswith("anon-") and len(hidden) == 17 and "P01" not in hidden
    assert hidden != respondent("P01", QUARTER, True, "another-secret-of-32-characters!")
    assert next_revision(["2026Q4-P01-r1", "2026Q4-P01-r2", "S1"], QUARTER, "P01") == 3
    assert split_id("2026Q4-P01-r2") == ("2026Q4-P01", 2) and split_id("S1") is None


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"anonymous": "yes"}, "survey.anonymous = 'yes' is not valid; expected true or false"),
        (
            {"remind_after_workdays": 0},
            "survey.remind_after_workdays = 0 is not valid; expected "
            "a whole number of working days from 1 to 60",
        ),
        ({"secret_env": "my secret"}, "survey.secret_env = <value not shown"),
        (
            {"base_url": "collab.example.com"},
            "survey.base_url = 'collab.example.com' is not "
            "valid; expected the dashboard's address as people open it",
        ),
        (
            {"anonymus": True},
            "survey.anonymus = <not shown> is not valid; expected one of the keys",
        ),
        (  # a password in the address: in every invitation (trial9); never printed here either
            {"base_url": "https://admin:inlinePW-abcdef123456@dash.example.com/"},
            "survey.base_url = <value not shown: it looks like a secret; keep it in an "
            "environment variable> is not valid; expected the address without a user name or "
            "password",
        ),
    ],
)
def test_bad_survey_config_names_the_key_and_the_fix(table: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=None) as err:
        settings_from_dict({"survey": table}, "c.toml")
    assert f"c.toml: {message}" in str(err.value)


@pytest.mark.parametrize("value", [None, "short"])
def test_a_missing_or_short_secret_is_a_config_error_naming_the_variable(
    value: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if value is None:
        monkeypatch.delenv("COLLABSHEET_SURVEY_SECRET", raising=False)
    else:
        monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", value)
    with pytest.raises(ConfigError, match="environment variable COLLABSHEET_SURVEY_SECRET") as e:
        SurveySettings().secret()
    assert "at least 16 characters" in str(e.value) and "secrets.token_urlsafe" in str(e.value)


def at(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def test_a_round_end_to_end_on_both_backends(survey_book: Book) -> None:
    book = survey_book
    code, out, err = book.cli("survey", "open", QUARTER, "--close", str(CLOSE), "--at", at(OPENED))
    assert (code, err) == (0, ""), out
    letters = sorted(p.name for p in book.outbox.glob("*.eml"))
    assert [n.rsplit("-", 1)[0] for n in letters] == [
        f"survey_{QUARTER}_{CLOSE}_invite_{p}" for p in sorted(PEOPLE)]  # fmt: skip
    assert book.cli("survey", "open", QUARTER, "--at", at(OPENED))[0] == 0  # again: none sent
    assert len(list(book.outbox.glob("*.eml"))) == len(PEOPLE)
    tokens = {p: sign(Ticket(p, d, QUARTER, CLOSE), SECRET) for p, d in PEOPLE.items()}
    ids = []
    for i, (person, answer) in enumerate(ANSWERS):
        moment = OPENED + dt.timedelta(hours=1 + i)
        done = answer_survey(book.settings, book.reopen(), tokens[person], answer, moment)
        assert isinstance(done, Answered) and done.replaced == (i == 3)
        ids.append(done.response_id)
    assert ids == ["2026Q4-P01-r1", "2026Q4-P05-r1", "2026Q4-P06-r1", "2026Q4-P01-r2"]
    forged = tokens["P02"][:-2] + ("AA" if not tokens["P02"].endswith("AA") else "BB")
    late = dt.datetime(2026, 12, 19, 9, 0)
    assert answer_survey(book.settings, book.reopen(), forged, ANSWERS[0][1], OPENED) == (
        Refusal("forged"))  # fmt: skip
    assert answer_survey(book.settings, book.reopen(), tokens["P02"], ANSWERS[0][1], late) == (
        Refusal("expired", CLOSE))  # fmt: skip
    rows = book.survey_rows()
    assert len(rows) == 1 + 2 + len(ANSWERS)  # header, S1, S2, the four submits appended
    assert [r[8] for r in rows[3:]] == ["=1+1", None, "ok", "=1+1"] or [
        r[8] for r in rows[3:]] == ["=1+1", "", "ok", "=1+1"]  # fmt: skip
    if book.kind == "xlsx":  # the comment typed "=1+1" is text in the file, not a formula
        ws = openpyxl.load_workbook(book.settings.path)[title("survey")]
        assert ws["I4"].data_type == "s" and ws["I4"].value == "=1+1"

    # reminders: not before 3 working days (Thu 10 Dec), then once, to those who did not answer
    code, out, _ = book.cli("survey", "remind", "--at", "2026-12-09 10:00")
    assert code == 0 and "本轮于 2026-12-07 10:00 开启：开启 3 个工作日后才发提醒" in out
    assert book.cli("survey", "remind", "--at", "2026-12-10 10:00")[0] == 0
    assert book.cli("survey", "remind", "--at", "2026-12-11 10:00")[0] == 0
    reminded = sorted(p.name.rsplit("-", 1)[0] for p in book.outbox.glob("*remind*"))
    assert reminded == [f"survey_{QUARTER}_{CLOSE}_remind_{p}" for p in ("P02", "P03", "P07")]

    code, out, _ = book.cli("survey", "status", QUARTER, "--json", "--at", "2026-12-11 10:00")
    got = [(r["dept_id"], r["answered"], r["headcount"]) for r in json.loads(out)["rates"]]
    assert (code, got) == (0, RATES)
    code, out, _ = book.cli("survey", "status", QUARTER, "--at", "2026-12-11 10:00")
    assert "  合计             5         6   83.3%\n" in out, out  # columns as wide as the words

    wb = parse_workbook(book.reopen().read(), book.settings)
    tally = satisfaction(wb, dt.date(2026, 12, 11), book.settings.kpi_section)
    assert (tally.numerator, tally.denominator) == (SATISFIED, COUNTED)
    assert tally.value == pytest.approx(SATISFIED / COUNTED)

    code, out, _ = book.cli("survey", "close", QUARTER, "--at", "2026-12-11 17:00")
    assert code == 0 and "已于 2026-12-11 17:00:00 结束" in out
    assert answer_survey(book.settings, book.reopen(), tokens["P02"], ANSWERS[0][1],
                         dt.datetime(2026, 12, 14, 9)) == Refusal("closed", CLOSE)  # fmt: skip


def test_anonymous_answers_keep_the_department_not_the_person(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path, "anonymous = true")
    assert book.cli("survey", "open", QUARTER, "--close", str(CLOSE), "--at", at(OPENED))[0] == 0
    token = sign(Ticket("P05", "D03", QUARTER, CLOSE), SECRET)
    done = answer_survey(book.settings, book.reopen(), token, ANSWERS[1][1], OPENED)
    assert isinstance(done, Answered) and "P05" not in done.response_id
    row = book.survey_rows()[-1]
    assert row[:3] == [done.response_id, QUARTER, "D03"] and "P05" not in map(str, row)
    code, _out, _ = book.cli("survey", "remind", "--at", "2026-12-10 10:00")
    assert code == 0 and not list(book.outbox.glob("*remind_P05*"))  # matched without a name


def survey_examples() -> list[list[str]]:
    """The example of the ``survey`` group's and each subcommand's --help as arguments after
    ``collabsheet`` (``import``, another module's, reads a file of the repository: left to
    tests/test_survey_import.py)."""
    import argparse
    import shlex

    from jobs.run.cli import _parser
    from jobs.run.command_parser import example_of

    def subs(p: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        action = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
        return dict(action.choices)

    group = subs(_parser())["survey"]
    found = [shlex.split(example_of(group.epilog))[1:]]
    for name, p in subs(group).items():
        if name != "import":
            found.append(shlex.split(example_of(p.epilog))[1:])
    return found


@pytest.mark.parametrize("argv", survey_examples(), ids=" ".join)
def test_each_help_example_runs_without_the_secret_and_writes_nothing(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The --help examples, as the parser has them, on a workbook without the secret set."""
    assert argv[0] == "survey" and ("--dry-run" in argv or argv[1] in ("status", "survey"))
    monkeypatch.delenv("COLLABSHEET_SURVEY_SECRET", raising=False)
    book = make_book("xlsx", tmp_path)
    before = book.settings.path.read_bytes()
    code, out, err = book.cli(*argv)
    assert (code, err) == (0, "") and out.strip()
    assert book.settings.path.read_bytes() == before and not book.outbox.exists()
    assert not book.settings.bot_workbook.exists()


def test_a_real_open_without_the_secret_stops_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLLABSHEET_SURVEY_SECRET", raising=False)
    book = make_book("xlsx", tmp_path)
    code, _out, err = book.cli("survey", "open", QUARTER, "--at", at(OPENED))
    assert code == 2 and "未设置环境变量 COLLABSHEET_SURVEY_SECRET" in err
    assert "看板进程（collabsheet dashboard）使用同一个值" in err and "is not set" not in err
    code, _out, err = book.cli("--locale", "en", "survey", "open", QUARTER, "--at", at(OPENED))
    assert code == 2 and "environment variable COLLABSHEET_SURVEY_SECRET is not set" in err
    assert "未设置" not in err
    assert not book.outbox.exists()


@pytest.mark.usefixtures("fresh_dashboard_cache")
def test_the_survey_page_shows_the_response_rate_per_department(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.dashboard import frame_with, open_page, start, texts, unescape

    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path)
    assert book.cli("survey", "open", QUARTER, "--close", str(CLOSE), "--at", at(OPENED))[0] == 0
    for person, answer in ANSWERS:
        token = sign(Ticket(person, PEOPLE[person], QUARTER, CLOSE), SECRET)
        assert isinstance(answer_survey(book.settings, book.reopen(), token, answer, OPENED),
                          Answered)  # fmt: skip
    monkeypatch.setenv("COLLABSHEET_CONFIG", str(book.config))
    page = open_page(start(), "views/survey_page.py")
    table = frame_with(page, "回收率")
    assert table.to_dict("list") == {
        "部门": ["D01 研发部", "D02 销售部", "D03 客服部", "D04 财务部"],
        "答卷数": [2, 1, 1, 1],
        "在岗人数": [2, 1, 1, 2],
        "回收率": ["100.0%", "100.0%", "100.0%", "50.0%"],
    }
    assert "本轮调研进行中，2026-12-18 截止" in map(unescape, texts(page))
    assert "答卷数" in str(page.metric[0].proto.label) and page.metric[0].value == "5"


class FailsFor:
    """The outbox, but a retryable failure for these people's letters (a mail server's 451)."""

    def __init__(self, folder: Path, people: set[str]) -> None:
        from jobs.notify.outbox import OutboxNotifier

        self.outbox, self.people = OutboxNotifier(folder), people

    def send(self, message: Any) -> Any:
        from jobs.notify import Outcome

        if message.key.rsplit(":", 1)[1] in self.people:
            return Outcome(False, True, "451 try again later")
        return self.outbox.send(message)


def test_an_invitation_that_failed_is_owed_until_survey_remind_sends_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not closed as superseded by the daily run's reminders (the survey's keys are its own)."""
    from jobs.run.survey_round import open_survey, remind_survey

    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path)
    failing = {"outbox": FailsFor(book.outbox, {"P03"})}
    report = open_survey(book.settings, book.reopen(), QUARTER, CLOSE, OPENED, notifiers=failing)
    failed = [(d.key.rsplit(":", 1)[1], d.status) for d in report.deliveries if d.status != "sent"]
    assert failed == [("P03", "pending")]
    book.cli("run", "daily", "--at", "2026-12-08 09:00")  # the reminders' own plan and ledger
    report = remind_survey(book.settings, book.reopen(), dt.datetime(2026, 12, 8, 10, 0))
    assert [(d.key, d.status) for d in report.deliveries] == [
        (f"survey:{QUARTER}:{CLOSE}:invite:P03", "sent")]  # fmt: skip
    assert report.note == "本轮于 2026-12-07 10:00 开启：开启 3 个工作日后才发提醒"
    invites = sorted(p.name.rsplit("-", 1)[0] for p in book.outbox.glob("*invite*"))
    assert invites == [f"survey_{QUARTER}_{CLOSE}_invite_{p}" for p in sorted(PEOPLE)]


@pytest.mark.usefixtures("fresh_dashboard_cache")
@pytest.mark.parametrize(
    ("closed", "locale", "shows"),
    [
        (False, "zh-CN", "本次调研匿名：答卷只记录部门，不记录姓名。"),
        (False, "en", "This survey is anonymous: answers keep the department, not the name."),
        (True, "zh-CN", "本轮调研已结束，链接已失效。"),
        (True, "en", "This survey round has ended; the link no longer works."),
    ],
)
def test_the_form_of_a_closed_round_is_not_drawn(
    closed: bool, locale: str, shows: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked before the form is drawn; the form's words in either language."""
    from streamlit.testing.v1 import AppTest

    from tests.support.dashboard import APP, texts, unescape

    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path, "anonymous = true")
    now = dt.datetime.now(book.settings.zone).replace(tzinfo=None)  # the page reads the clock
    close = now.date() + dt.timedelta(days=10)
    assert book.cli("survey", "open", QUARTER, "--close", str(close), "--at", at(now))[0] == 0
    if closed:
        assert book.cli("survey", "close", QUARTER, "--at", at(now))[0] == 0
    monkeypatch.setenv("COLLABSHEET_CONFIG", str(book.config))
    page = AppTest.from_file(str(APP), default_timeout=60)
    page.query_params["survey"] = sign(Ticket("P05", "D03", QUARTER, close), SECRET)
    page.run()
    page.radio(key="survey_form_locale").set_value(locale).run()
    assert shows in map(unescape, texts(page))
    assert (len(page.text_area), len(page.sidebar)) == ((0, 0) if closed else (1, 0))
    assert not page.exception


@pytest.mark.parametrize(
    ("opened", "now", "due"),
    [
        ("2026-12-07 10:00", "2026-12-09 18:00", False),  # Mon: Tue, Wed are 2 working days
        ("2026-12-07 10:00", "2026-12-10 09:00", True),  # Thu: the 3rd
        ("2026-12-04 10:00", "2026-12-08 10:00", False),  # Fri: the weekend does not count
        ("2026-09-30 10:00", "2026-10-09 10:00", False),  # National Day: 10-08, 10-09 only
        ("2026-09-30 10:00", "2026-10-10 10:00", True),  # Saturday 10-10 is a make-up workday
    ],
)
def test_the_reminder_waits_for_working_days_on_the_calendar(
    opened: str, now: str, due: bool
) -> None:
    from config.sla_rules import CalendarSettings
    from jobs.survey.invitations import close_after, remind_due
    from jobs.survey.rounds import Round
    from jobs.workdays.calendar import compile_calendar

    cal = compile_calendar(CalendarSettings(), "Asia/Shanghai", dt.date(2026, 9, 1),
                           dt.date(2026, 12, 31))  # fmt: skip
    rnd = Round(QUARTER, f"{opened}:00", "2026-12-31")
    assert remind_due(rnd, cal, 3, dt.datetime.fromisoformat(now)) is due
    # the default close: the 10th working day after opening (10-10 a make-up workday)
    assert close_after(dt.date(2026, 9, 30), cal, 10) == dt.date(2026, 10, 20)


def test_a_quarter_opened_again_after_its_close_is_a_new_round_with_new_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path)
    assert book.cli("survey", "open", QUARTER, "--close", str(CLOSE), "--at", at(OPENED))[0] == 0
    code, _out, err = book.cli("survey", "open", QUARTER, "--close", "2026-12-31", "--at",
                               at(OPENED))  # fmt: skip
    assert code == 2 and f"{QUARTER} 调研进行中，截止 {CLOSE}：要改截止日期，请先结束本轮" in err
    assert book.cli("survey", "close", QUARTER, "--at", "2026-12-08 09:00")[0] == 0
    later = dt.date(2026, 12, 31)
    # a closed round stays closed: reopening it is asked for with --reopen, dry run or not
    for dry in ((), ("--dry-run",)):
        code, out, err = book.cli("survey", "open", QUARTER, "--close", str(later), *dry,
                                  "--at", "2026-12-08 10:00")  # fmt: skip
        assert (code, out) == (2, "") and err == (
            f"collabsheet: 错误：调研轮次 {QUARTER} 已于 2026-12-08 09:00:00 结束：如需重新开启"
            f"（发新链接），请运行 collabsheet survey open {QUARTER} --reopen "
            "[--close YYYY-MM-DD]；已收到的答卷保留\n"
        )
    assert not list(book.outbox.glob(f"*_{later}_invite_*"))
    code, _out, err = book.cli("--locale", "en", "survey", "open", QUARTER, "--at",
                               "2026-12-08 10:00")  # fmt: skip
    assert code == 2 and f"survey round {QUARTER} was closed at 2026-12-08 09:00:00" in err
    assert f"collabsheet survey open {QUARTER} --reopen" in err
    # reopened with the close date it had: the same links and ledger keys, so refused
    code, _out, err = book.cli("survey", "open", QUARTER, "--reopen", "--close", str(CLOSE),
                               "--at", "2026-12-08 10:00")  # fmt: skip
    assert code == 2 and f"重新开启的一轮须另定截止日期（上一轮截止 {CLOSE}）" in err
    assert book.cli("survey", "open", QUARTER, "--reopen", "--close", str(later), "--at",
                    "2026-12-08 10:00")[0] == 0  # fmt: skip
    assert len(list(book.outbox.glob(f"*_{later}_invite_*"))) == len(PEOPLE)
    # the closed round's record stays, with its final counts (trial35: erased by the reopen)
    kept = book.reopen().read()["_survey_rounds"]
    assert [(r[0], r[1][:16], (r[3] or "")[:16]) for r in kept[1:]] == [
        (QUARTER, at(OPENED), "2026-12-08 09:00"),
        (QUARTER, "2026-12-08 10:00", ""),
    ]
    old = sign(Ticket("P01", "D01", QUARTER, CLOSE), SECRET)
    new = sign(Ticket("P01", "D01", QUARTER, later), SECRET)
    moment = dt.datetime(2026, 12, 8, 11)
    answer = ANSWERS[2][1]
    assert answer_survey(book.settings, book.reopen(), old, answer, moment) == Refusal(
        "reopened", CLOSE
    )  # its own words: 本季度调研已重新开启… (trial35)
    assert isinstance(answer_survey(book.settings, book.reopen(), new, answer, moment), Answered)


@pytest.mark.usefixtures("fresh_dashboard_cache")
@pytest.mark.parametrize("hours", [True, False])
def test_the_form_appends_what_was_chosen_and_asks_the_hours_where_the_tab_has_them(
    hours: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the form (AppTest): the ratings, the comment and, where 满意度调研 has the
    column 每周跨部门沟通耗时, the hours (沟通成本)."""
    from streamlit.testing.v1 import AppTest

    from tests.support.dashboard import APP

    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path, hours=hours)
    now = dt.datetime.now(book.settings.zone).replace(tzinfo=None)  # the page reads the clock
    close = now.date() + dt.timedelta(days=10)
    assert book.cli("survey", "open", QUARTER, "--close", str(close), "--at", at(now))[0] == 0
    monkeypatch.setenv("COLLABSHEET_CONFIG", str(book.config))
    page = AppTest.from_file(str(APP), default_timeout=60)
    page.query_params["survey"] = sign(Ticket("P05", "D03", QUARTER, close), SECRET)
    page.run()
    assert len(page.number_input) == (1 if hours else 0)
    for key, value in (("clarity", 4), ("smoothness", 3), ("communication", 5), ("overall", 4)):
        page.radio(key=f"survey_form_{key}").set_value(value)
    if hours:
        page.number_input(key="survey_form_hours").set_value(6.5)
    page.text_area(key="survey_form_comment").set_value("=SUM(A1:A3)")
    page.button[0].click().run()
    assert [s.value for s in page.success] and not page.exception and not page.error
    header, row = book.survey_rows()[0], book.survey_rows()[-1]
    got = dict(zip(header, row, strict=False))
    keys = ("response_id", "dept_id", "clarity", "smoothness", "communication", "overall",
            "comment")  # fmt: skip
    assert [got[k] for k in keys] == [f"{QUARTER}-P05-r1", "D03", 4, 3, 5, 4, "=SUM(A1:A3)"]
    assert got.get("weekly_comm_h") == (6.5 if hours else None)


def test_a_locked_results_file_keeps_the_round_in_a_fallback_the_form_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The results file open in an office program: the round and the ledger go to a dated
    fallback beside it (as a run's do), read as the latest results, so the links work; exit 1
    with the line naming both; nothing is sent again by the next open."""
    from jobs.run.survey_answer import round_of
    from sheets_sync.results_file import ResultsLockedError
    from sheets_sync.xlsx import XlsxBackend

    def locked(self: XlsxBackend, tabs: Any) -> None:
        raise ResultsLockedError("locked by another program", self.bot_path)

    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path)
    monkeypatch.setattr(XlsxBackend, "write", locked)
    code, _, err = book.cli("survey", "open", QUARTER, "--close", str(CLOSE), "--at", at(OPENED))
    assert code == 1 and book.settings.bot_workbook.name in err and ".bot.2026-12-07T1000" in err
    ticket = Ticket("P01", "D01", QUARTER, CLOSE)
    opened = round_of(book.settings, book.reopen(), ticket, OPENED)
    assert not isinstance(opened, Refusal) and opened.round.close_on == str(CLOSE)
    assert book.cli("survey", "open", QUARTER, "--at", at(OPENED))[0] == 1  # still locked
    assert len(list(book.outbox.glob("*invite*"))) == len(PEOPLE)  # none sent twice


class Recorder:
    """A channel that keeps what it is given (the e-mail channel of a test)."""

    def __init__(self) -> None:
        self.sent: list[Any] = []

    def send(self, message: Any) -> Any:
        from jobs.notify import OK

        self.sent.append(message)
        return OK


def test_a_letter_by_mail_without_an_address_is_not_sent_but_named_at_its_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With e-mail configured, P02's 邮箱 empty: D01 sends by e-mail, so no invitation for P02
    (never an outbox file recorded as sent) and a finding at 人员!D3; the other departments'
    channels (outbox, or Feishu and DingTalk not configured: the default, the outbox) are
    theirs as for a digest."""
    from jobs.notify.outbox import OutboxNotifier
    from jobs.run.survey_round import open_survey, remind_survey

    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    email = '\n[channels.email]\nhost = "127.0.0.1"\nfrom_addr = "bot@example.com"\n'
    book = make_book("xlsx", tmp_path, email)
    wb_path = book.settings.path
    wb = openpyxl.load_workbook(wb_path)
    wb[title("people")]["D3"] = None  # P02's 邮箱
    wb.save(wb_path)
    mail = Recorder()
    senders = {"email": mail, "outbox": OutboxNotifier(book.outbox)}
    report = open_survey(book.settings, book.reopen(), QUARTER, CLOSE, OPENED, notifiers=senders)
    assert [m.recipient for m in mail.sent] == ["zhangsan@example.com"]
    outbox = sorted(p.name.rsplit("_", 1)[1].split("-")[0] for p in book.outbox.glob("*.eml"))
    assert outbox == ["P03", "P05", "P06", "P07"]
    assert [(f.tab, f.cell, f.rule, f.severity) for f in report.findings] == [
        (title("people"), "D3", "survey.no_address", "error")]  # fmt: skip
    assert report.findings[0].message("zh-CN").startswith("李四 的调研邀请通过邮件发送")
    later = remind_survey(book.settings, book.reopen(), dt.datetime(2026, 12, 10, 10),
                          notifiers=senders)  # fmt: skip
    assert [f.cell for f in later.findings] == ["D3"]  # still said, still not sent
    assert not [d for d in later.deliveries if d.key.endswith(":P02")]


def test_a_response_rate_is_never_above_one_hundred_percent() -> None:
    """Answers beyond a department's active people (imported twice, people missing from 人员)
    count up to its headcount; the company's line adds each department's capped count."""
    people = [{"person_id": p, "dept_id": d} for p, d in PEOPLE.items()]
    departments = [{"dept_id": d, "name": d} for d in ("D01", "D02", "D03", "D04")]
    answers = [("a", "D01"), ("b", "D02"), ("c", "D02"), ("d", "D02"), ("e", "D04")]
    rates = response_rates(answers, people, departments)
    got = [(r.dept_id, r.answered, r.headcount, r.counted, r.rate, r.excess) for r in rates]
    assert got == [
        ("D01", 1, 2, 1, 0.5, False),
        ("D02", 3, 1, 1, 1.0, True),  # three answers, one person: 100%, said as excess
        ("D03", 0, 1, 0, 0.0, False),
        ("D04", 1, 2, 1, 0.5, False),
    ]
    company = total(rates)
    assert (company.answered, company.headcount, company.counted) == (5, 6, 3)
    assert company.rate == 0.5 and company.excess is False  # not 5/6: D02's extra do not count


def test_survey_status_caps_the_rate_and_warns_when_answers_exceed_the_people(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path)
    export = tmp_path / "export.csv"
    export.write_text(
        "Timestamp,您所在的部门,权责清晰度,流程顺畅度,沟通效率,总体满意度,意见建议\n"
        "2026/12/8 9:01:07,销售部,4,4,4,4,\n2026/12/8 9:20:00,销售部,5,4,4,5,\n",
        encoding="utf-8",
    )
    assert book.cli("survey", "import", str(export), "--quarter", QUARTER)[0] == 0
    code, out, err = book.cli("survey", "status", QUARTER, "--at", "2026-12-08 10:00")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    # D02: the typed S2 and the two imported answers, for one active person (P03)
    assert lines[3].split() == ["D02", "销售部", "1", "(3)", "1", "100.0%"]
    # S1 of D01's two, D02's three answers counted as its one person, none yet in D03, D04:
    # the answers the rate counts, all four beside (trial35: 合计 4 6 33.3% did not add up)
    assert lines[-3].split() == ["合计", "2", "(4)", "6", "33.3%"]  # (1 + 1 + 0 + 0) / 6
    assert lines[-2:] == [
        "  回收率 = 答卷数（每位在岗人员至多计 1 份；括号内为收到的全部答卷）/ 在岗人数",
        "  D02 销售部：答卷数 3 多于在岗人数 1，可能重复导入或人员表不全（回收率按 100% 计）",
    ]
    code, out, _ = book.cli("--locale", "en", "survey", "status", QUARTER, "--json")
    d02 = next(r for r in json.loads(out)["rates"] if r["dept_id"] == "D02")
    assert (d02["answered"], d02["headcount"], d02["counted"], d02["rate"]) == (3, 1, 1, 1.0)
    assert d02["excess"] is True


def test_invitations_outside_working_hours_are_held_then_sent_once_by_survey_remind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened on Sunday evening: nothing goes, each letter is held in the ledger (the daily
    run's reminders leave them be), and survey remind on Monday sends each once."""
    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path)
    code, out, _ = book.cli("survey", "open", QUARTER, "--close", str(CLOSE), "--at",
                            "2026-12-06 19:23")  # fmt: skip
    assert code == 0 and not book.outbox.exists()
    lines = out.splitlines()
    assert lines[1:3] == [
        "  已发送 0 封",
        f"  暂缓 {len(PEOPLE)} 封：今天（2026-12-06，星期日）不是工作日，将在 2026-12-07 09:00 "
        "后由调度器的每日运行或 collabsheet survey remind 发出",
    ]
    assert [line.split()[0] for line in lines if "【满意度调研】" in line] == ["暂缓"] * len(PEOPLE)
    runs = read_tab(book, "_runs")
    n = len(PEOPLE)  # in [general] locale (zh-CN), as the workbook's people read _runs
    assert str(runs[-1]["message"]).startswith(
        f"{QUARTER}：邀请 {n} 封；{n} 封暂缓到工作时间再发；"
    )
    book.cli("run", "daily", "--at", "2026-12-06 20:00")  # its reminders' plan and ledger
    held = {str(r["key"]): r["status"] for r in read_tab(book, "_reminders")
            if str(r["key"]).startswith("survey:")}  # fmt: skip
    assert held == {f"survey:{QUARTER}:{CLOSE}:invite:{p}": "held" for p in PEOPLE}
    # still quiet on Monday 08:30: nothing goes yet
    code, out, _ = book.cli("survey", "remind", "--at", "2026-12-07 08:30")
    assert code == 0 and not list(book.outbox.glob("*invite*"))
    code, out, _ = book.cli("survey", "remind", "--at", "2026-12-07 09:30")
    assert code == 0 and "  已发送 6 封" in out.splitlines()
    # recorded as what they are (trial35: 提醒 6 封, no reminder among them)
    assert str(read_tab(book, "_runs")[-1]["message"]).startswith(f"{QUARTER}：邀请 6 封；")
    invites = sorted(p.name.rsplit("-", 1)[0] for p in book.outbox.glob("*invite*"))
    assert invites == [f"survey_{QUARTER}_{CLOSE}_invite_{p}" for p in sorted(PEOPLE)]
    assert book.cli("survey", "remind", "--at", "2026-12-07 10:30")[0] == 0
    assert len(list(book.outbox.glob("*invite*"))) == len(PEOPLE)  # never twice


def test_links_on_a_loopback_address_are_warned_of_in_the_output_and_the_run_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path)  # [survey] base_url = "http://127.0.0.1:8501/"
    code, out, _ = book.cli("survey", "open", QUARTER, "--close", str(CLOSE), "--at", at(OPENED))
    warning = (
        "注意：[survey] base_url 是 http://127.0.0.1:8501/，只在本机可用：其他电脑上的人打不开"
        "邀请里的链接；请在配置的 [survey] base_url 写上大家访问看板的地址，例如 "
        "https://collab.example.com/"
    )
    assert code == 0 and f"  {warning}" in out.splitlines()
    assert warning in str(read_tab(book, "_runs")[-1]["message"])


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://localhost:8501/", True),
        ("http://127.0.0.1:8501/", True),
        ("http://[::1]:8501/", True),
        ("http://0.0.0.0:8501/", True),
        ("http://app.localhost/", True),
        ("https://collab.example.com/", False),
        ("http://10.1.2.3:8501/", False),  # a LAN address others can reach
        ("http://localhost.example.com/", False),
    ],
)
def test_loopback_addresses(url: str, expected: bool) -> None:
    assert loopback(url) is expected


def read_tab(book: Book, tab: str) -> list[dict[str, Any]]:
    """A bot tab's records through its codec (headers in the configured language)."""
    from sheets_sync.bot_tab import BotTab

    return BotTab(tab).decode(book.reopen().read().get(tab))


def test_the_scheduler_s_daily_run_sends_the_held_invitations_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened on Sunday evening, held; the daily run the scheduler starts on Monday (its
    PipelineJobs) sends them as survey remind would, once."""
    from jobs.run.pipeline import PipelineJobs

    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path)
    assert book.cli("survey", "open", QUARTER, "--close", str(CLOSE), "--at",
                    "2026-12-06 19:23")[0] == 0  # fmt: skip
    jobs = PipelineJobs(book.settings, book.reopen())
    for moment in (dt.datetime(2026, 12, 7, 9, 0), dt.datetime(2026, 12, 8, 9, 0)):
        jobs.run("daily", moment, jobs.read())
        invites = sorted(p.name.rsplit("-", 1)[0] for p in book.outbox.glob("*invite*"))
        assert invites == [f"survey_{QUARTER}_{CLOSE}_invite_{p}" for p in sorted(PEOPLE)]
    entries = {str(r["key"]): r["status"] for r in read_tab(book, "_reminders")
               if str(r["key"]).startswith("survey:")}  # fmt: skip
    assert entries == {f"survey:{QUARTER}:{CLOSE}:invite:{p}": "sent" for p in PEOPLE}
    assert [r["job"] for r in read_tab(book, "_runs")][-4:] == [
        "daily", "survey remind", "daily", "survey remind"]  # fmt: skip


@pytest.mark.parametrize("sender", ["survey remind", "daily run"])
def test_held_invitations_count_as_invited_once_they_are_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sender: str
) -> None:
    """_survey_rounds' 邀请人数 is what was sent: 0 while the letters are held (opened on a
    Sunday), every person once survey remind or the daily run sends them, unchanged after."""
    from jobs.run.pipeline import PipelineJobs

    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book("xlsx", tmp_path)
    assert book.cli("survey", "open", QUARTER, "--close", str(CLOSE), "--at",
                    "2026-12-06 19:23")[0] == 0  # fmt: skip

    def counts() -> tuple[int, int]:
        (r,) = read_tab(book, "_survey_rounds")
        return int(r["invited"]), int(r["reminded"])

    assert counts() == (0, 0)
    for moment in (dt.datetime(2026, 12, 7, 9, 30), dt.datetime(2026, 12, 8, 9, 30)):
        if sender == "survey remind":
            assert book.cli("survey", "remind", "--at", f"{moment:%Y-%m-%d %H:%M}")[0] == 0
        else:
            jobs = PipelineJobs(book.settings, book.reopen())
            jobs.run("daily", moment, jobs.read())
        assert counts() == (len(PEOPLE), 0)  # not reminded: 3 working days have not passed
    assert len(list(book.outbox.glob("*invite*"))) == len(PEOPLE)
