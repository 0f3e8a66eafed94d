"""Webhook URLs typed anywhere in the human tabs: every cell is looked at, not only the
columns the schema knows, and tabs the schema lacks too; never in the bot tabs."""

from __future__ import annotations

import datetime as dt

from jobs.reminders import webhooks
from jobs.reminders.webhooks import webhook_findings
from tests.support.reminders import raw

HOOK = "https://hooks.slack.com/services/T000/B000/secret123"


def test_a_url_in_an_unknown_column_and_an_unknown_tab() -> None:
    r = raw()
    tasks = r["任务进度"]
    tasks[0].append("备注")  # a column the schema does not know
    tasks[2].append(f"see {HOOK}")
    r["我的草稿"] = [["x", "y"], [dt.datetime(2026, 11, 27), 3.5], [None, HOOK]]
    r["_checks"] = [["a"], [HOOK]]  # a bot tab: not a human cell
    found = {(f.tab, f.cell, f.rule) for f in webhook_findings(r)}
    col = chr(ord("A") + len(tasks[0]) - 1)
    assert found == {
        ("任务进度", f"{col}3", "remind.webhook_in_cell"),
        ("我的草稿", "B3", "remind.webhook_in_cell"),
    }
    assert all("secret123" not in str(f.value) for f in webhook_findings(r))


def test_rows_beyond_the_first_block_and_urls_that_are_no_webhook() -> None:
    rows: list[list[object]] = [["a", "b"]]
    rows += [[f"r{i}", i] for i in range(2 * webhooks.BLOCK + 10)]
    rows[webhooks.BLOCK + 5][1] = HOOK
    rows[7][0] = "https://example.com/page"  # a URL, but no webhook
    rows[8][0] = "https:"  # "://" split over two cells is no URL
    rows[8][1] = "//hooks.slack.com/x"
    (f,) = webhook_findings({"草稿": rows})
    assert f.cell == f"B{webhooks.BLOCK + 6}"
