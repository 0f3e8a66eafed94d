"""The Google backend against the in-process Sheets API emulation: cost, faults, errors, secrets."""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from pathlib import Path
from typing import Any

import pytest

from config.errors import BackendError, ConfigError, TabMissingError, WorkbookNotFoundError
from config.schema import TABS
from config.settings import Settings, settings_from_dict
from jobs.run.envelope import run as run_job
from sheets_sync import open_backend
from sheets_sync.a1 import spreadsheet_key
from sheets_sync.credentials import load_credentials
from sheets_sync.demo import generate
from sheets_sync.google import GoogleBackend
from sheets_sync.retry import QuotaExhaustedError, RetryPolicy, with_retries
from sheets_sync.table import header_keys
from tests.support.demo import Tabs
from tests.support.sheets_emulator import (
    Cell,
    SheetsEmulator,
    emulated_backend,
    fake_service_account,
)

KEY = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-Ab"
NOW = dt.datetime(2026, 11, 27, 10, 0)
TODAY = NOW.date()


class Clock:
    """Injected sleep and clock: retries wait on paper only."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def sleep(self, s: float) -> None:
        self.slept.append(s)
        self.now += s

    def time(self) -> float:
        return self.now


def policy(clock: Clock, attempts: int = 5, seconds: float = 120.0) -> RetryPolicy:
    return RetryPolicy(attempts, seconds, sleep=clock.sleep, clock=clock.time, jitter=lambda: 1.0)


def demo(emu: SheetsEmulator, tasks: int | None = None) -> None:
    emu.create(KEY, generate(TODAY, seed=7, tasks=tasks))


def bot_state(emu: SheetsEmulator) -> dict[str, Any]:
    return {s.title: [list(r) for r in s.data] for s in emu.books[KEY].sheets}


# ------------------------------------------------------------ constant API cost


@pytest.mark.parametrize("tasks", [10_000, 100_000])
def test_a_validation_run_costs_three_requests(tasks: int) -> None:
    emu = SheetsEmulator()
    demo(emu, tasks)
    backend = emulated_backend(emu, KEY)
    report = run_job("validate", Settings(), backend, NOW)
    assert report.rows["tasks"] >= tasks - 1  # the demo plants one blank row
    writes = emu.counts["batchUpdate"]
    # one metadata request, one batchGet, one batchUpdate (+ documented splits over ~2 MB)
    assert emu.counts["get"] == 1 and emu.counts["values.batchGet"] == 1
    assert emu.sheets_requests() == 2 + writes
    assert all(size <= 2_000_000 for kind, _, size in emu.log if kind == "batchUpdate")
    total = sum(size for kind, _, size in emu.log if kind == "batchUpdate")
    assert writes <= max(1, math.ceil(total / 1_000_000))  # splits only as size demands
    if tasks == 10_000:
        assert emu.sheets_requests() <= 3
    assert emu.counts["drive"] == 0
    tabs = backend.read()
    assert len(tabs["_checks"]) == len(report.findings) + 1
    assert tabs["_runs"][-1][tabs["_runs"][0].index("outcome")] == "errors"
    if tasks == 10_000:  # _runs tells what the run cost
        assert tabs["_runs"][-1][tabs["_runs"][0].index("api_requests")] == 3


def test_a_second_run_reuses_the_bot_tabs() -> None:
    emu = SheetsEmulator()
    demo(emu)
    run_job("validate", Settings(), emulated_backend(emu, KEY), NOW)
    before = {s.title: s.sheet_id for s in emu.books[KEY].sheets}
    emu.counts.clear()
    run_job("validate", Settings(), emulated_backend(emu, KEY), NOW)
    assert emu.sheets_requests() == 3
    assert {s.title: s.sheet_id for s in emu.books[KEY].sheets} == before
    assert len(emulated_backend(emu, KEY).read()["_runs"]) == 3  # header + two runs


def test_large_writes_split_under_the_payload_limit() -> None:
    emu = SheetsEmulator()
    emu.create(KEY, {"tasks": [["task_id"]]})
    backend = emulated_backend(emu, KEY, max_payload=50_000)
    rows = [["n", "text"]] + [[i, "x" * 100] for i in range(3000)]
    backend.write({"_checks": rows, "_runs": [["run_id"], ["r1"]]})
    assert emu.counts["batchUpdate"] > 1
    assert all(size <= 50_000 for kind, _, size in emu.log if kind == "batchUpdate")
    assert backend.read()["_checks"] == rows


# ------------------------------------------------------------ faults and retries


@pytest.mark.parametrize(
    "fault",
    [
        {"status": 429, "times": 3, "retry_after": 7},
        {"status": 500, "times": 2},
        {"status": 503, "times": 2},
        {"status": 408, "times": 1},
        {"timeout": True, "times": 2},
        {"delay": 120.0, "times": 1},  # slower than the 60 s timeout: a timeout
    ],
)
def test_transient_faults_are_retried_and_the_run_succeeds(fault: dict[str, Any]) -> None:
    emu, clock = SheetsEmulator(), Clock()
    demo(emu)
    emu.fail(**fault)
    backend = emulated_backend(emu, KEY, policy=policy(clock))
    report = run_job("validate", Settings(), backend, NOW)
    assert report.findings
    assert "_checks" in backend.read()
    assert clock.slept, "a retry waited (on the injected clock)"
    if fault.get("retry_after"):
        assert all(s >= 7 for s in clock.slept)


def test_a_slow_answer_within_the_timeout_is_just_slow() -> None:
    emu, clock = SheetsEmulator(sleep=lambda s: None), Clock()
    demo(emu)
    emu.fail(delay=5.0, times=3)
    run_job("validate", Settings(), emulated_backend(emu, KEY, policy=policy(clock)), NOW)
    assert clock.slept == []


def test_persistent_429_is_a_clear_error_within_the_bound_and_writes_nothing() -> None:
    emu, clock = SheetsEmulator(), Clock()
    demo(emu)
    before = bot_state(emu)
    emu.fail(status=429, times=None, kind="batchUpdate", retry_after=10)
    backend = emulated_backend(emu, KEY, policy=policy(clock, attempts=4, seconds=60))
    with pytest.raises(QuotaExhaustedError) as info:
        run_job("validate", Settings(), backend, NOW)
    assert isinstance(info.value, BackendError)
    assert "429" in str(info.value) and "retry_attempts" in str(info.value)
    zh = info.value.said("zh-CN")  # trial22: English in the 【运行失败】 mail and _runs
    assert zh.startswith("Google 表格在 ") and "重试 4 次仍拒绝" in zh and "retry_attempts" in zh
    assert emu.counts["batchUpdate"] <= 4
    assert sum(clock.slept) <= 60
    assert bot_state(emu) == before  # no partial write of the bot tabs


def test_retry_policy_backs_off_exponentially_with_jitter_and_honours_retry_after() -> None:
    p = RetryPolicy(base=1, cap=8, jitter=lambda: 0.0)
    assert [p.delay(n, None) for n in (1, 2, 3, 4, 5)] == [0.5, 1, 2, 4, 4]
    q = RetryPolicy(base=1, cap=8, jitter=lambda: 1.0)
    assert [q.delay(n, None) for n in (1, 2, 3)] == [1, 2, 4]
    assert p.delay(1, 30.0) == 30.0


def test_retries_stop_at_the_time_bound() -> None:
    from sheets_sync.retry import Transient

    clock = Clock()
    calls = []

    def always() -> None:
        calls.append(1)
        raise Transient("429 RESOURCE_EXHAUSTED", retry_after=50)

    with pytest.raises(QuotaExhaustedError, match="after 2 attempt"):
        with_retries(always, "read", policy(clock, attempts=10, seconds=60))
    assert len(calls) == 2 and sum(clock.slept) <= 60


# ------------------------------------------------------------ never lose a human edit


def test_a_persons_edit_between_read_and_write_survives() -> None:
    emu = SheetsEmulator()
    demo(emu)
    backend = emulated_backend(emu, KEY)
    tabs = backend.read()
    tasks = emu.books[KEY].by_title("任务进度")
    assert tasks is not None
    tasks.data[5][12] = "edited by a person during the run"
    tasks.data.append(["T999999", "PJ0001", 1])
    backend.write({"_checks": [["x"], ["y"]]})
    assert tasks.data[5][12] == "edited by a person during the run"
    assert backend.read()["任务进度"][-1] == ["T999999", "PJ0001", 1]
    assert len(tabs["任务进度"]) + 1 == len(backend.read()["任务进度"])


def test_append_follows_columns_a_person_moved_after_the_read() -> None:
    emu = SheetsEmulator()
    emu.create(KEY, {"tasks": [["task_id", "project_id", "step", "dept_id"], ["K1", "P", 1, "D"]]})
    backend = emulated_backend(emu, KEY)
    backend.read()
    sheet = emu.books[KEY].by_title("tasks")
    assert sheet is not None
    sheet.data = [[r[3], r[0], r[1], r[2]] for r in sheet.data]  # dept_id moved to column A
    keys = lambda h: header_keys(TABS["tasks"], h)  # noqa: E731
    backend.append(
        "tasks", [{"task_id": "K2", "project_id": "P", "step": 2, "dept_id": "D9"}], keys
    )
    header, *_, last = backend.read()["tasks"]
    assert last[:4] == ["D9", "K2", "P", 2]  # the header changed: read again, placed again
    assert header == ["dept_id", "task_id", "project_id", "step", "collabsheet_run"]
    tab = emu.books[KEY].by_title("tasks")
    assert tab is not None and tab.hidden == {4}  # the run id, in a hidden column
    assert isinstance(last[4], str) and last[4].startswith("r")
    assert emu.counts["batchUpdate"] == 1 and emu.counts["values.append"] == 0


def test_formula_like_text_is_written_as_text(demo_tabs: Tabs) -> None:
    emu = SheetsEmulator()
    tabs = demo_tabs
    rows = tabs["任务进度"]
    status = rows[0].index("状态")
    for i, text in enumerate(['=IMPORTXML("http://x","//a")', "+cmd", "@SUM(1)", "-2+3"]):
        rows[1 + i][status] = text
    emu.create(KEY, tabs)
    run_job("validate", Settings(), emulated_backend(emu, KEY), NOW)
    checks = emu.books[KEY].by_title("_checks")
    assert checks is not None
    cells = [v for row in checks.data for v in row]
    assert not [v for v in cells if isinstance(v, Cell) and v.formula]
    text = "\n".join(str(v) for v in cells)
    for value in ("=IMPORTXML", "+cmd", "@SUM(1)", "-2+3"):
        assert value in text


# ------------------------------------------------------------ clear errors


def test_no_access_names_the_service_account_to_share_with() -> None:
    emu = SheetsEmulator()
    demo(emu)
    emu.forbidden.add(KEY)
    with pytest.raises(BackendError) as info:
        emulated_backend(emu, KEY).read()
    msg = str(info.value)
    assert fake_service_account()["client_email"] in msg and "share" in msg
    assert emu.counts["get"] == 1  # 403 is not retried


def test_a_wrong_key_is_a_clear_error() -> None:
    emu = SheetsEmulator()
    with pytest.raises(WorkbookNotFoundError, match=r"not found.*workbook\] spreadsheet"):
        emulated_backend(emu, "1NoSuchSpreadsheet000000000000").read()


def test_appending_to_a_missing_tab_names_the_tab() -> None:
    emu = SheetsEmulator()
    demo(emu)
    with pytest.raises(TabMissingError, match="'项目X' not found"):
        emulated_backend(emu, KEY).append("项目X", [{"a": 1}], lambda h: ["a"])


def test_a_cell_over_50000_characters_is_refused_before_writing() -> None:
    emu = SheetsEmulator()
    demo(emu)
    backend = emulated_backend(emu, KEY)
    with pytest.raises(BackendError, match=r"_checks!B2 \(50001 characters\).*50,000"):
        backend.write({"_checks": [["a", "b"], ["ok", "x" * 50_001]]})
    assert emu.counts["batchUpdate"] == 0


def test_the_ten_million_cell_limit_is_a_clear_error() -> None:
    emu = SheetsEmulator()
    emu.create(KEY, {"tasks": [["task_id"]]}, rows=384_000, cols=26)
    backend = emulated_backend(emu, KEY)
    with pytest.raises(BackendError, match="10,000,000"):
        backend.write({"_checks": [["c"] * 20 for _ in range(1000)]})
    assert emu.counts["batchUpdate"] == 0


def test_the_emulation_enforces_google_limits_itself() -> None:
    emu = SheetsEmulator()
    emu.create(KEY, {"tasks": [["task_id"]]}, rows=384_000, cols=26)
    backend = emulated_backend(emu, KEY)
    # the raw client, not the backend (which refuses before sending): gspread's APIError
    with pytest.raises(Exception, match="above the limit of 10000000 cells"):
        backend.http.batch_update(KEY, {"requests": [_add("_big", 1000, 20)]})
    with pytest.raises(Exception, match="maximum of 50000 characters"):
        backend.http.values_update(
            KEY, "tasks!A2", {"valueInputOption": "RAW"}, {"values": [["x" * 50_001]]}
        )


def _add(title: str, rows: int, cols: int) -> dict[str, Any]:
    grid = {"rowCount": rows, "columnCount": cols}
    return {"addSheet": {"properties": {"title": title, "gridProperties": grid}}}


def test_links_point_at_the_cell_of_the_tab() -> None:
    emu = SheetsEmulator()
    demo(emu)
    backend = emulated_backend(emu, KEY)
    report = run_job("validate", Settings(), backend, NOW)
    sheets = {s.title: s.sheet_id for s in emu.books[KEY].sheets}
    link = backend.link("任务进度", "A17")
    assert link == (
        f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid={sheets['任务进度']}&range=A17"
    )
    assert backend.link("_checks", "B2").endswith(f"#gid={sheets['_checks']}&range=B2")
    checks = backend.read()["_checks"]
    col = checks[0].index("link")
    assert report.findings and all(
        str(r[col]).startswith(f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=")
        for r in checks[1:]
    )


# ------------------------------------------------------------ credentials and secrets


def key_file(tmp_path: Path, **changes: Any) -> Path:
    path = tmp_path / "sa.json"
    path.write_text(json.dumps({**fake_service_account(), **changes}), encoding="utf-8")
    return path


def google_settings(path: Path | str) -> Settings:
    return settings_from_dict(
        {
            "workbook": {
                "backend": "google",
                "spreadsheet": f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=0",
            },
            "google": {"credentials_file": str(path), "retry_attempts": 3, "retry_seconds": 10},
        }
    )


def test_a_service_account_file_works_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("COLLABSHEET_GOOGLE_CREDENTIALS", raising=False)
    caplog.set_level(logging.DEBUG)
    settings = google_settings(key_file(tmp_path))
    assert settings.spreadsheet == KEY
    creds, email = load_credentials(settings)
    assert email == fake_service_account()["client_email"]
    emu = SheetsEmulator()
    emu.require_auth = True
    emu.trust(fake_service_account())  # the JWT must be signed by this key
    demo(emu)
    backend = GoogleBackend(KEY, creds, client_email=email, adapter=emu)
    run_job("validate", settings, backend, NOW)
    assert emu.counts["token"] == 1
    claims = emu.token_claims[0]
    assert claims["scope"] == "https://www.googleapis.com/auth/spreadsheets"
    assert claims["iss"] == email
    token = next(iter(emu.tokens))
    assert not secret_in(caplog.text, token)


def test_credentials_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLLABSHEET_GOOGLE_CREDENTIALS", json.dumps(fake_service_account()))
    settings = settings_from_dict({"workbook": {"backend": "google", "spreadsheet": KEY}})
    _, email = load_credentials(settings)
    assert email == fake_service_account()["client_email"]
    assert isinstance(open_backend(settings), GoogleBackend)


def test_no_credentials_at_all_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import google.auth
    import google.auth.exceptions

    def nothing(**kw: Any) -> Any:
        raise google.auth.exceptions.DefaultCredentialsError("no ADC")

    monkeypatch.delenv("COLLABSHEET_GOOGLE_CREDENTIALS", raising=False)
    monkeypatch.setattr(google.auth, "default", nothing)
    settings = settings_from_dict({"workbook": {"backend": "google", "spreadsheet": KEY}})
    with pytest.raises(ConfigError, match=r"credentials_file.*COLLABSHEET_GOOGLE_CREDENTIALS"):
        load_credentials(settings)


def secret_in(text: str, *extra: str) -> bool:
    """Whether any part of the fake private key (or an extra secret) shows in the text."""
    pem = fake_service_account()["private_key"]
    body = [line for line in pem.splitlines() if line and "PRIVATE KEY" not in line]
    return (
        "PRIVATE KEY" in text
        or any(line in text for line in body)
        or any(e in text for e in extra if e)
    )


@pytest.mark.parametrize(
    "changes, match",
    [
        (
            {"private_key": "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n"},
            "could not be loaded",
        ),
        ({"private_key": fake_service_account()["private_key"][:400]}, "could not be loaded"),
        ({"client_email": ""}, "needs client_email"),
        ({"private_key": ""}, "needs private_key"),
    ],
)
def test_a_malformed_key_is_a_clear_error_without_the_key(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    changes: dict[str, Any],
    match: str,
) -> None:
    monkeypatch.delenv("COLLABSHEET_GOOGLE_CREDENTIALS", raising=False)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ConfigError, match=match) as info:
        load_credentials(google_settings(key_file(tmp_path, **changes)))
    out = capsys.readouterr()
    assert not secret_in(str(info.value) + repr(info.value) + caplog.text + out.out + out.err)
    assert "sa.json" in str(info.value)


def test_a_missing_or_broken_key_file_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLLABSHEET_GOOGLE_CREDENTIALS", raising=False)
    with pytest.raises(ConfigError, match=r"nope\.json.*file not found"):
        load_credentials(google_settings(tmp_path / "nope.json"))
    broken = tmp_path / "broken.json"
    broken.write_text(fake_service_account()["private_key"], encoding="utf-8")
    with pytest.raises(ConfigError, match="not a JSON key file") as info:
        load_credentials(google_settings(broken))
    assert not secret_in(str(info.value))
    monkeypatch.setenv("COLLABSHEET_GOOGLE_CREDENTIALS", "{not json " + "x" * 20)
    with pytest.raises(ConfigError, match="COLLABSHEET_GOOGLE_CREDENTIALS is not valid JSON"):
        load_credentials(google_settings(broken))


def test_errors_and_logs_of_a_failing_run_carry_no_secret(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    emu, clock = SheetsEmulator(), Clock()
    demo(emu)
    emu.fail(status=503, times=None)
    with pytest.raises(QuotaExhaustedError) as info:
        run_job("validate", Settings(), emulated_backend(emu, KEY, policy=policy(clock)), NOW)
    out = capsys.readouterr()
    text = str(info.value) + caplog.text + out.out + out.err
    assert not secret_in(text, *emu.tokens)


def test_the_spreadsheet_key_comes_out_of_a_url() -> None:
    url = f"https://docs.google.com/spreadsheets/d/{KEY}/edit?gid=0#gid=0"
    assert spreadsheet_key(url) == KEY
    assert spreadsheet_key(KEY) == KEY
    assert spreadsheet_key("not a key") is None


def test_a_key_the_emulation_does_not_trust_is_refused_clearly(tmp_path: Path) -> None:
    emu = SheetsEmulator()
    emu.require_auth = True
    other = dict(fake_service_account())
    emu.trusted[other["client_email"]] = _other_public_key()
    demo(emu)
    with pytest.raises(ConfigError, match="refused the credentials of collabsheet-bot@") as info:
        emulated_backend(emu, KEY).read()
    assert not secret_in(str(info.value))
    assert emu.counts["get"] == 0


def _other_public_key() -> Any:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()


def test_read_asks_for_unformatted_values_and_serial_dates_of_every_tab() -> None:
    emu = SheetsEmulator()
    demo(emu)
    tabs = emulated_backend(emu, KEY).read()
    (url,) = [what for kind, what, _ in emu.log if kind == "values.batchGet"]
    assert "valueRenderOption=UNFORMATTED_VALUE" in url
    assert "dateTimeRenderOption=SERIAL_NUMBER" in url
    assert set(tabs) == {s.title for s in emu.books[KEY].sheets}
    handed_off = tabs["任务进度"][1][tabs["任务进度"][0].index("交接时间")]
    assert isinstance(handed_off, float)  # a real date cell: its serial number


def test_large_appends_split_and_every_request_is_counted() -> None:
    emu = SheetsEmulator()
    emu.create(KEY, {"tasks": [["task_id", "note"], ["K0", "x"]]})
    backend = emulated_backend(emu, KEY, max_payload=20_000)
    records = [{"task_id": f"K{i}", "note": "n" * 100} for i in range(1, 1001)]
    backend.append("tasks", records, lambda h: ["task_id", "note"][: len(h)])
    assert emu.counts["values.get"] == 1  # not read before: read once
    assert emu.counts["batchUpdate"] > 1 and emu.counts["values.append"] == 0
    assert all(size <= 20_000 for kind, _, size in emu.log if kind == "batchUpdate")
    assert backend.requests == emu.sheets_requests()
    rows = backend.read()["tasks"]
    assert len(rows) == 1002 and rows[-1][:2] == ["K1000", "n" * 100]


def test_application_default_credentials_are_used_when_nothing_is_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import google.auth

    from sheets_sync.credentials import SCOPES, service_account_credentials

    creds, _ = service_account_credentials(dict(fake_service_account()), "adc")
    asked: list[Any] = []

    def adc(scopes: Any = None, **kw: Any) -> Any:
        asked.append(scopes)
        return creds, "demo-project"

    monkeypatch.delenv("COLLABSHEET_GOOGLE_CREDENTIALS", raising=False)
    monkeypatch.setattr(google.auth, "default", adc)
    settings = settings_from_dict({"workbook": {"backend": "google", "spreadsheet": KEY}})
    got, email = load_credentials(settings)
    assert got is creds and asked == [SCOPES]
    assert email == fake_service_account()["client_email"]


def test_dates_in_bot_tabs_are_date_cells() -> None:
    emu = SheetsEmulator()
    emu.create(KEY, {"tasks": [["task_id"]]})
    backend = emulated_backend(emu, KEY)
    backend.write({"_sla": [["due"], [dt.datetime(2026, 11, 27, 18, 0)]]})
    assert backend.read()["_sla"] == [["due"], [46353.75]]
    sheet = emu.books[KEY].by_title("_sla")
    assert sheet is not None and isinstance(sheet.data[1][0], Cell) and sheet.data[1][0].date
