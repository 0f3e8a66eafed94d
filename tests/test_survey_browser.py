"""A survey round through the real dashboard form (issue 18 item 1): ``survey open`` on the
workbook of tests/support/survey_book.py, on the xlsx backend and on the Sheets emulation (the
dashboard's server reaches the test's emulation through tests/support/sheets_relay.py), then
three people answer in headless Debian
Chromium (Playwright, no browser download), one of them twice; a forged and an expired link
get a message and no form, no sidebar and no name or department of the workbook; then
``survey status`` and the satisfaction KPI equal the hand values. Screenshots go to
``test-artifacts/survey/``. The rest of the round (reminders, close, anonymous answers):
tests/test_survey_rounds.py.

Chromium missing: the test fails under CI (``.ci/run`` installs it) and is skipped elsewhere.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dashboard.serve.launch import serve
from jobs.kpis.survey_scores import satisfaction
from jobs.run.options import now as local_now
from jobs.survey.tokens import Ticket, sign
from sheets_sync.workbook import parse_workbook
from tests.support.browser import DONE, NO_SKELETON, TIMEOUT_MS, opened, playwright_or_skip
from tests.support.sheets_relay import relayed_dashboard
from tests.support.survey_book import (
    ANSWERS,
    COUNTED,
    PEOPLE,
    QUARTER,
    RATES,
    SATISFIED,
    SECRET,
    Book,
)
from tests.support.workbooks import base_rows

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "survey"

playwright_or_skip()


@contextmanager
def serving(book: Book, cwd: Path) -> Iterator[str]:
    """The dashboard on 127.0.0.1 for ``book``: as ``collabsheet dashboard`` serves it for the
    xlsx file; for the emulation, Streamlit in a process whose backend is relayed to it."""
    if book.emulator is None:
        with serve(str(book.config), cwd=cwd) as url:
            yield url
    else:
        with relayed_dashboard(book.emulator, book.config, cwd) as url:
            yield url


def visit(browser: Any, url: str, name: str) -> Any:
    page = opened(browser, url, width=1000, height=1100)
    page.wait_for_selector('[data-testid="stMain"]', timeout=TIMEOUT_MS)
    page.wait_for_function(NO_SKELETON)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    return page


def workbook_words() -> set[str]:
    """Every person's and department's name: none may show on a refused link's page."""
    rows = base_rows()
    return {str(r[1]) for r in rows["people"][1:] + rows["departments"][1:]}


def answer(page: Any, values: dict[str, Any]) -> str:
    """Fill the form (the first radio group is the language switch) and submit; the alert."""
    radios = page.locator('[data-testid="stRadio"]')
    assert radios.count() == 5
    for i, key in enumerate(("clarity", "smoothness", "communication", "overall")):
        radios.nth(i + 1).get_by_text(str(values[key]), exact=True).click()
    page.locator("textarea").fill(values["comment"])
    page.get_by_role("button", name="提交").click()
    alert = page.locator('[data-testid="stAlertContentSuccess"]')
    alert.wait_for()
    page.wait_for_selector(DONE, timeout=TIMEOUT_MS)
    return str(alert.inner_text())


def test_three_people_answer_through_the_form_and_bad_links_show_nothing(
    survey_book: Book, browser: Any, tmp_path: Path
) -> None:
    book, kind = survey_book, survey_book.kind
    now = local_now(book.settings)  # the server's clock: the round is open around it
    close = now.date() + dt.timedelta(days=30)
    code, out, _ = book.cli("survey", "open", QUARTER, "--close", str(close), "--at",
                            f"{now:%Y-%m-%d %H:%M}")  # fmt: skip
    assert code == 0, out
    # outside working hours (the real clock: evenings, weekends) the invitations are held until
    # the next opening, when survey remind sends them
    from jobs.run.survey_round import _quiet, read_book

    opens, _ = _quiet(book.settings, read_book(book.settings, book.reopen()), now)
    if opens is not None:
        code, out, _ = book.cli("survey", "remind", "--at", f"{opens:%Y-%m-%d %H:%M}")
        assert code == 0, out
    links = {p.name.rsplit("-", 1)[0].rsplit("_", 1)[1]: p for p in book.outbox.glob("*.eml")}
    assert sorted(links) == sorted(PEOPLE)
    tokens = {p: sign(Ticket(p, d, QUARTER, close), SECRET) for p, d in PEOPLE.items()}
    for person, mail in links.items():  # the link in each invitation is the person's own
        letter = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default)
        body = letter.get_body(("plain",))
        assert body is not None and f"?survey={tokens[person]}" in body.get_content()
    with serving(book, tmp_path) as url:
        alerts = []
        for i, (person, values) in enumerate(ANSWERS):
            page = visit(browser, f"{url}/?survey={tokens[person]}", f"{kind}-form-{i}-{person}")
            try:
                assert page.locator('[data-testid="stSidebar"]').count() == 0
                alerts.append(answer(page, values))
                page.screenshot(path=str(ARTIFACTS / f"{kind}-answered-{i}-{person}.png"))
            finally:
                page.close()
        assert ["已更新" in a for a in alerts] == [False, False, False, True]
        forged = sign(Ticket("P02", "D01", QUARTER, close), "not-the-secret-but-as-long-as-it")
        expired = sign(Ticket("P02", "D01", QUARTER, now.date() - dt.timedelta(days=1)), SECRET)
        for name, token, says in (("forged", forged, "链接无效"), ("expired", expired, "已于")):
            page = visit(browser, f"{url}/?survey={token}", f"{kind}-{name}")
            try:
                error = page.locator('[data-testid="stAlertContentError"]')
                assert error.count() == 1 and says in error.inner_text()
                assert page.locator('textarea, [data-testid="stForm"]').count() == 0  # no form
                assert page.locator('[data-testid="stSidebar"]').count() == 0
                text = page.locator("body").inner_text()
                assert not [w for w in workbook_words() if w in text], text
            finally:
                page.close()
    rows = book.survey_rows()
    order = (("P01", 1), ("P05", 1), ("P06", 1), ("P01", 2))
    assert [r[0] for r in rows[3:]] == [f"{QUARTER}-{p}-r{n}" for p, n in order]
    assert rows[3][8] == "=1+1"  # typed as text, kept as text
    code, out, _ = book.cli("survey", "status", QUARTER, "--json")
    got = [(r["dept_id"], r["answered"], r["headcount"]) for r in json.loads(out)["rates"]]
    assert (code, got) == (0, RATES)
    wb = parse_workbook(book.reopen().read(), book.settings)
    tally = satisfaction(wb, now.date(), book.settings.kpi_section)
    assert (tally.numerator, tally.denominator) == (SATISFIED, COUNTED)
