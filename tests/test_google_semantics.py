"""Google Sheets as Google behaves (issue 16, item 9): where appends land, writes done once
after a lost answer, the body budget as sent, a retry budget over one quota window, 403s by
cause, non-finite numbers refused with their cell. The emulation first shows Google's own
behaviour (values.append's table detection, lost answers), then the backend is run on it."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from config.errors import BackendError, ConfigError
from config.settings import settings_from_dict
from sheets_sync.google import GoogleBackend
from sheets_sync.google_append import MARK
from sheets_sync.retry import QuotaExhaustedError, RetryPolicy
from tests.support.clocks import FakeClock
from tests.support.sheets_emulator import SheetsEmulator, emulated_backend, fake_service_account

KEY = "1GoogleSemanticsTestKey00000000000000000"
API = f"https://sheets.googleapis.com/v4/spreadsheets/{KEY}"
HEADER = ["task_id", "project_id", "step", "dept_id"]
KEYS = {"task_id", "project_id", "step", "dept_id", "note"}


def keys(header: list[Any]) -> list[str | None]:
    return [h if h in KEYS else None for h in header]


def values(emu: SheetsEmulator, title: str) -> list[list[Any]]:
    """A tab as people see it: values, trailing blanks dropped, hidden run-id column left out."""
    sheet = emu.books[KEY].by_title(title)
    assert sheet is not None
    out = []
    for row in sheet.data:
        cells = [None if c in sheet.hidden else v for c, v in enumerate(row)]
        while cells and cells[-1] in (None, ""):
            cells.pop()
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


def run_ids(emu: SheetsEmulator, title: str) -> list[Any]:
    sheet = emu.books[KEY].by_title(title)
    assert sheet is not None
    header = next(r for r in sheet.data if MARK in r)
    col = header.index(MARK)
    return [r[col] for r in sheet.data if len(r) > col and r[col] not in (None, "", MARK)]


def session(emu: SheetsEmulator) -> requests.Session:
    s = requests.Session()
    s.mount("https://", emu)
    return s


NEW = [{"task_id": "K9", "project_id": "PJ1", "step": 9, "dept_id": "D02"}]


def read_tasks() -> tuple[SheetsEmulator, Any]:
    """The emulation with a tasks tab (the header and K1), and a backend that has read it."""
    emu = SheetsEmulator()
    emu.create(KEY, {"tasks": [HEADER, ["K1", "PJ1", 1, "D01"]]})
    backend = emulated_backend(emu, KEY)
    backend.read()
    return emu, backend


# ------------------------------------------------------------ where rows land


@pytest.mark.parametrize(
    ("tab", "sent", "insert", "google_puts_it_at"),
    [
        (  # column A empty: the table starts at B, so a row laid out for A:E lands in B:F
            [[None, *HEADER], [None, "K1", "PJ1", 1, "D01"]],
            [None, "K9", "PJ1", 9, "D02"],
            "INSERT_ROWS",
            [[None, *HEADER], [None, "K1", "PJ1", 1, "D01"], [None, None, "K9", "PJ1", 9, "D02"]],
        ),
        (  # a blank row inside the data ends the first table: the row fills the gap
            [HEADER, ["K1", "PJ1", 1, "D01"], [], ["K2", "PJ1", 2, "D01"]],
            ["K9", "PJ1", 9, "D02"],
            "OVERWRITE",
            [HEADER, ["K1", "PJ1", 1, "D01"], ["K9", "PJ1", 9, "D02"], ["K2", "PJ1", 2, "D01"]],
        ),
        (  # ... or, inserting, goes in above the blank row
            [HEADER, ["K1", "PJ1", 1, "D01"], [], ["K2", "PJ1", 2, "D01"]],
            ["K9", "PJ1", 9, "D02"],
            "INSERT_ROWS",
            [HEADER, ["K1", "PJ1", 1, "D01"], ["K9", "PJ1", 9, "D02"], [], ["K2", "PJ1", 2, "D01"]],
        ),
    ],
    ids=["column A empty", "blank row inside, overwrite", "blank row inside, insert"],
)
def test_values_append_lands_where_google_documents_it(
    tab: list[list[Any]], sent: list[Any], insert: str, google_puts_it_at: list[list[Any]]
) -> None:
    emu = SheetsEmulator()
    emu.create(KEY, {"tasks": tab})
    params = {"valueInputOption": "RAW", "insertDataOption": insert}
    got = session(emu).post(f"{API}/values/tasks:append", params=params, json={"values": [sent]})
    assert got.status_code == 200
    assert values(emu, "tasks") == google_puts_it_at


@pytest.mark.parametrize(
    ("tab", "expected"),
    [
        (
            [[None, *HEADER], [None, "K1", "PJ1", 1, "D01"]],
            [[None, *HEADER], [None, "K1", "PJ1", 1, "D01"], [None, "K9", "PJ1", 9, "D02"]],
        ),
        (
            [HEADER, ["K1", "PJ1", 1, "D01"], [], ["K2", "PJ1", 2, "D01"]],
            [HEADER, ["K1", "PJ1", 1, "D01"], [], ["K2", "PJ1", 2, "D01"], ["K9", "PJ1", 9, "D02"]],
        ),
        (  # a title row above the header
            [["2026 任务"], HEADER, ["K1", "PJ1", 1, "D01"]],
            [["2026 任务"], HEADER, ["K1", "PJ1", 1, "D01"], ["K9", "PJ1", 9, "D02"]],
        ),
    ],
    ids=["column A empty", "blank row inside", "title row"],
)
def test_the_backend_appends_after_the_last_row_read_under_its_header(
    tab: list[list[Any]], expected: list[list[Any]]
) -> None:
    emu = SheetsEmulator()
    emu.create(KEY, {"tasks": tab})
    backend = emulated_backend(emu, KEY)
    backend.read()
    backend.append("tasks", NEW, keys)
    assert values(emu, "tasks") == expected
    assert emu.counts["values.append"] == 0 and emu.counts["values.update"] == 0
    (body,) = emu.batch_bodies  # one batchUpdate: the run-id column made, the rows as cells
    updates = [r["updateCells"] for r in body["requests"] if "updateCells" in r]
    assert [u["fields"] for u in updates] == ["userEnteredValue,note", "userEnteredValue"]
    (row,) = updates[1]["rows"]
    assert row["values"][0] == {"userEnteredValue": {"stringValue": "K9"}}
    assert row["values"][2] == {"userEnteredValue": {"numberValue": 9}}  # typed, not text


def test_rows_typed_after_the_read_move_the_append_down_once() -> None:
    emu, backend = read_tasks()
    sheet = emu.books[KEY].by_title("tasks")
    assert sheet is not None
    sheet.data.append(["K2", "PJ1", 2, "D01"])  # a person adds a row meanwhile
    backend.append("tasks", NEW, keys)
    assert values(emu, "tasks") == [
        HEADER,
        ["K1", "PJ1", 1, "D01"],
        ["K2", "PJ1", 2, "D01"],
        ["K9", "PJ1", 9, "D02"],
    ]
    assert emu.counts["values.get"] == 1  # the tab read again, once


def test_a_tab_that_keeps_changing_fails_clearly_and_nothing_is_written() -> None:
    emu, backend = read_tasks()
    sheet = emu.books[KEY].by_title("tasks")
    assert sheet is not None
    real = backend.http.values_batch_get

    def busy(*a: Any, **kw: Any) -> Any:  # someone types a row before every check
        book = emu.books[KEY].by_title("tasks")
        assert book is not None
        book.data.append([f"X{len(book.data)}"])
        return real(*a, **kw)

    backend.http.values_batch_get = busy  # type: ignore[method-assign]
    with pytest.raises(BackendError) as info:
        backend.append("tasks", NEW, keys)
    assert info.value.said("en") == (
        "a tab changed while appending (rows 4–4 are no longer empty), twice; nothing was "
        "appended. Run again when nobody is editing the end of the tab"
    )
    assert info.value.said("zh-CN") == (
        "追加时工作表被他人修改（rows 4–4 are no longer empty），两次均如此；未追加任何行。"
        "请在无人编辑表格末尾时重新运行"
    )
    assert emu.counts["batchUpdate"] == 0


# ------------------------------------------------------------ lost answers


def test_a_lost_answer_is_applied_by_the_emulation() -> None:
    emu = SheetsEmulator()
    emu.create(KEY, {"tasks": [HEADER]})
    emu.fail(kind="values.append", lost=True)
    params = {"valueInputOption": "RAW"}
    with pytest.raises(requests.ConnectionError, match="Connection reset by peer"):
        session(emu).post(f"{API}/values/tasks:append", params=params, json={"values": [["K9"]]})
    assert values(emu, "tasks") == [HEADER, ["K9"]]  # applied, though nobody heard back


def test_a_lost_answer_on_append_writes_the_rows_once() -> None:
    emu, backend = read_tasks()
    emu.fail(kind="batchUpdate", lost=True)
    two = [*NEW, {"task_id": "K10", "project_id": "PJ1", "step": 10, "dept_id": "D02"}]
    backend.append("tasks", two, keys)
    assert values(emu, "tasks") == [
        HEADER,
        ["K1", "PJ1", 1, "D01"],
        ["K9", "PJ1", 9, "D02"],
        ["K10", "PJ1", 10, "D02"],
    ]
    assert emu.counts["batchUpdate"] == 1  # the retry found the rows there: not sent again
    ids = run_ids(emu, "tasks")
    assert len(ids) == 2 and len(set(ids)) == 1


def test_a_lost_answer_on_tab_creation_counts_as_created() -> None:
    emu = SheetsEmulator()
    emu.create(KEY, {"tasks": [HEADER]})
    backend = emulated_backend(emu, KEY)
    backend.read()
    emu.fail(kind="batchUpdate", lost=True)
    backend.write({"_checks": [["tab", "cell"], ["tasks", "A2"]], "_runs": [["run_id"], ["r1"]]})
    titles = [s.title for s in emu.books[KEY].sheets]
    assert titles == ["tasks", "_checks", "_runs"]
    assert values(emu, "_checks") == [["tab", "cell"], ["tasks", "A2"]]
    assert values(emu, "_runs") == [["run_id"], ["r1"]]
    # applied, lost, retried: "already exists", the tabs read again, written once more
    assert emu.counts["batchUpdate"] == 3 and emu.counts["get"] == 2


# ------------------------------------------------------------ the body budget as sent


@pytest.mark.parametrize(
    "text", ["任务说明：需求对接与评审" * 20, "🚀✅📌" * 60], ids=["中文", "emoji"]
)
def test_the_body_budget_counts_bytes_as_sent(text: str) -> None:
    """At Google's ~2 MB (bot tabs) and at a small budget (appends): every body as sent, with
    each character escaped (6 bytes for 中, 12 for an emoji), stays within it."""
    emu = SheetsEmulator()
    emu.create(KEY, {"tasks": [[*HEADER, "note"], ["K1", "PJ1", 1, "D01"]]})
    backend = emulated_backend(emu, KEY)
    rows = [["n", "text"]] + [[i, text] for i in range(4000)]
    backend.write({"_checks": rows})
    sent = [size for k, _, size in emu.log if k == "batchUpdate"]
    assert len(sent) > 2 and max(sent) <= 2_000_000  # split as sent, never over
    utf8 = sum(len(json.dumps(r, ensure_ascii=False).encode()) for r in rows)
    assert sum(len(json.dumps(r)) for r in rows) > 1.9 * utf8  # what a UTF-8 count misses
    small = emulated_backend(emu, KEY, max_payload=40_000)
    small.read()
    records = [{"task_id": f"K{i}", "note": text} for i in range(100, 300)]
    before = len(emu.log)
    small.append("tasks", records, keys)
    puts = [size for k, _, size in emu.log[before:] if k == "batchUpdate"]
    assert len(puts) > 1 and max(puts) <= 40_000
    assert emulated_backend(emu, KEY).read()["_checks"] == rows
    assert values(emu, "tasks")[-1] == ["K299", None, None, None, text]


# ------------------------------------------------------------ the retry budget


def test_the_retry_budget_outlasts_a_per_minute_quota() -> None:
    clock = FakeClock()
    emu = SheetsEmulator()
    emu.clock = clock
    emu.create(KEY, {"tasks": [HEADER]})
    emu.fail(429, times=None, until=60.0)  # the quota refills one minute after the first 429
    policy = RetryPolicy(sleep=clock.sleep, clock=clock, jitter=lambda: 0.5)
    backend = emulated_backend(emu, KEY, policy=policy)
    assert backend.read()["tasks"] == [HEADER]
    assert 60 <= clock() <= 120
    assert emu.counts["get"] <= 5


def test_the_retry_budget_is_the_configured_one() -> None:
    clock = FakeClock()
    emu = SheetsEmulator()
    emu.create(KEY, {"tasks": [HEADER]})
    emu.fail(503, times=None)
    policy = RetryPolicy(seconds=30, sleep=clock.sleep, clock=clock, jitter=lambda: 0.5)
    with pytest.raises(QuotaExhaustedError, match=r"after 5 attempt\(s\) in 30 s"):
        emulated_backend(emu, KEY, policy=policy).read()
    default = RetryPolicy(sleep=clock.sleep, clock=clock, jitter=lambda: 0.5)
    clock.t = 0.0
    with pytest.raises(QuotaExhaustedError, match=r"after 5 attempt\(s\) in 70 s"):
        emulated_backend(emu, KEY, policy=default).read()


def test_the_settings_default_retry_budget_covers_a_quota_window() -> None:
    from sheets_sync.google import google_backend

    settings = settings_from_dict(
        {"workbook": {"backend": "google", "spreadsheet": KEY}},
    )
    assert settings.retry_seconds >= 70
    info = json.dumps(fake_service_account())
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COLLABSHEET_GOOGLE_CREDENTIALS", info)
        backend = google_backend(settings)
    assert isinstance(backend, GoogleBackend)
    assert min(backend.policy.window, backend.policy.seconds) >= 70


# ------------------------------------------------------------ 403 by cause


ENABLE = "https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=123456789012"


BOT = "collabsheet-bot@demo-project.iam.gserviceaccount.com"
ZH_403 = {  # the Chinese part, said first (zh-CN is the default locale)
    "not shared": f"无权访问表格 {KEY}（The caller does not have permission）：请把表格共享给 "
    f"{BOT} 并设为编辑者（Google 表格右上角的“共享”），然后再运行",
    "scope": f"所用的 Google 凭据（{BOT}）缺少表格权限范围（ACCESS_TOKEN_SCOPE_INSUFFICIENT）。",
    "disabled": "这些凭据所属的 Google Cloud 项目未启用 Google Sheets API（SERVICE_DISABLED）："
    f"请在 {ENABLE} 启用，等几分钟后再运行",
    "protected": f"表格 {KEY}：You are trying to edit a protected cell or object.",
}


@pytest.mark.parametrize(
    ("cause", "kind", "message"),
    [
        (
            "not shared",
            BackendError,
            f"no access to spreadsheet {KEY} (The caller does not have permission): share the "
            "sheet with collabsheet-bot@demo-project.iam.gserviceaccount.com as Editor (Share "
            "button in Google Sheets), then run again",
        ),
        (
            "scope",
            ConfigError,
            "the Google credentials in use (collabsheet-bot@demo-project.iam.gserviceaccount.com)"
            " lack the spreadsheets scope (ACCESS_TOKEN_SCOPE_INSUFFICIENT). With "
            "application-default credentials sign in again asking for it: `gcloud auth "
            "application-default login --scopes=https://www.googleapis.com/auth/spreadsheets,"
            "https://www.googleapis.com/auth/cloud-platform`; or set [google] credentials_file "
            "to a service-account JSON key",
        ),
        (
            "disabled",
            ConfigError,
            "the Google Sheets API is disabled in the Google Cloud project of these credentials "
            f"(SERVICE_DISABLED): enable it at {ENABLE} , wait a few minutes, then run again",
        ),
        (
            "protected",
            BackendError,
            f"spreadsheet {KEY}: You are trying to edit a protected cell or object. Please "
            "contact the spreadsheet owner to remove protection if you need to edit; ask the "
            "sheet's owner to let collabsheet-bot@demo-project.iam.gserviceaccount.com edit "
            "those cells (Data › Protect sheets and ranges), then run again",
        ),
    ],
)
def test_a_403_says_what_to_do_for_its_cause(cause: str, kind: type, message: str) -> None:
    emu = SheetsEmulator()
    emu.create(KEY, {"tasks": [HEADER]})
    if cause == "not shared":
        emu.forbidden.add(KEY)
    else:
        emu.denied[KEY] = cause
    with pytest.raises(kind) as info:
        emulated_backend(emu, KEY).read()
    assert info.value.said("en") == message
    assert info.value.said("zh-CN").startswith(ZH_403[cause])
    assert emu.counts["get"] == 1  # never retried


# ------------------------------------------------------------ non-finite numbers


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_a_non_finite_number_is_refused_with_its_cell_and_not_retried(bad: float) -> None:
    emu = SheetsEmulator()
    emu.create(KEY, {"tasks": [["title row"], HEADER, ["K1", "PJ1", 1, "D01"]]})
    backend = emulated_backend(emu, KEY)
    backend.read()
    emu.counts.clear()
    record = {"task_id": "K9", "project_id": "PJ1", "step": bad, "dept_id": "D02"}
    with pytest.raises(BackendError) as info:
        backend.append("tasks", [NEW[0], record], keys)
    assert str(info.value) == (
        f"cell tasks!C5 holds {bad!r}, not a number Google Sheets can store; fix the value "
        "that produced it (nothing was written)"
    )
    assert emu.sheets_requests() == 0  # refused before any request: nothing to retry
    assert values(emu, "tasks") == [["title row"], HEADER, ["K1", "PJ1", 1, "D01"]]


def test_an_append_past_the_grid_grows_it_and_the_run_id_column_is_made_once() -> None:
    emu = SheetsEmulator()
    emu.create(KEY, {"tasks": [HEADER, ["K1", "PJ1", 1, "D01"]]}, rows=2, cols=4)
    backend = emulated_backend(emu, KEY)
    backend.read()
    backend.append("tasks", NEW, keys)
    backend.append("tasks", [{**NEW[0], "task_id": "K10"}], keys)
    sheet = emu.books[KEY].by_title("tasks")
    assert sheet is not None and (sheet.rows, sheet.cols) == (4, 5)
    assert sheet.hidden == {4} and sheet.data[0][4] == MARK and (0, 4) in sheet.notes
    assert values(emu, "tasks") == [
        HEADER,
        ["K1", "PJ1", 1, "D01"],
        ["K9", "PJ1", 9, "D02"],
        ["K10", "PJ1", 9, "D02"],
    ]
    assert emu.counts["batchUpdate"] == 2  # the grid grown each time; the column made once
    (first, second) = emu.batch_bodies
    assert [next(iter(r)) for r in first["requests"]] == [
        "updateSheetProperties",
        "updateCells",
        "updateDimensionProperties",
        "updateCells",  # the rows, in the same batch
    ]
    assert [next(iter(r)) for r in second["requests"]] == ["updateSheetProperties", "updateCells"]
    assert len(set(run_ids(emu, "tasks"))) == 2  # one run id per append


def test_rows_typed_into_the_target_during_a_failed_try_are_never_overwritten() -> None:
    emu, backend = read_tasks()
    emu.fail(kind="batchUpdate", timeout=True)  # not applied; the retry will look first
    real = backend.http.values_get

    def typed_meanwhile(*a: Any, **kw: Any) -> Any:
        sheet = emu.books[KEY].by_title("tasks")
        assert sheet is not None
        sheet.put(2, 0, "K2 typed by a person")
        return real(*a, **kw)

    backend.http.values_get = typed_meanwhile  # type: ignore[method-assign]
    with pytest.raises(BackendError, match=r"'tasks'!A3:E3 was filled by someone else"):
        backend.append("tasks", NEW, keys)
    assert values(emu, "tasks") == [HEADER, ["K1", "PJ1", 1, "D01"], ["K2 typed by a person"]]
    assert emu.counts["batchUpdate"] == 1  # the timed-out try only


def test_an_append_leaves_a_cell_it_has_no_value_for_as_it_is() -> None:
    """review25: the cells of a known column a record leaves empty were written empty, which
    clears a formula filled down (=IF(A3="","",…)) and the column's number format; only the
    values are written, a date with its date format."""
    from tests.support.sheets_emulator.book import Cell

    emu = SheetsEmulator()
    header = [*HEADER, "note"]
    emu.create(KEY, {"tasks": [header, ["K1", "PJ1", 1, "D01", "x"]]})
    sheet = emu.books[KEY].by_title("tasks")
    assert sheet is not None
    fill = Cell("", '=IF(A3="","",1)', formula='=IF(A3="","",1)')
    sheet.data.append([None, None, None, None, fill])  # row 3: the formula filled down
    backend = emulated_backend(emu, KEY)
    backend.read()
    backend.append("tasks", NEW, keys)  # no note in the record
    after = emu.books[KEY].by_title("tasks")
    assert after is not None and after.data[2][:4] == ["K9", "PJ1", 9, "D02"]
    assert after.data[2][4] == fill  # kept, not cleared


def test_a_tab_deleted_between_the_check_and_the_write_is_named() -> None:
    """review25: the rows go by batchUpdate now; a tab deleted meanwhile (``No grid with id``)
    was a generic refusal, not the missing tab it is."""
    from config.errors import TabMissingError

    emu, backend = read_tasks()
    real = backend.http.values_batch_get

    def deleted_after_check(*a: Any, **kw: Any) -> Any:
        got = real(*a, **kw)
        book = emu.books[KEY]
        book.sheets = [s for s in book.sheets if s.title != "tasks"]
        return got

    backend.http.values_batch_get = deleted_after_check  # type: ignore[method-assign]
    with pytest.raises(TabMissingError, match="'tasks' not found"):
        backend.append("tasks", NEW, keys)
