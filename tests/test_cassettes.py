"""The emulation answers like Google: replay every recorded request, compare the JSON answers.

The recordings (``../shared/gspread-cassettes``, real traffic of gspread's own tests) are
replayed in order against ``SheetsEmulator``; each answer must equal the recorded one apart from
ids, sheetIds and titles. Drive calls made by gspread's test set-up are not replayed: a Drive
"create" only creates the same empty spreadsheet (one ``Sheet1``, 1000 x 26) in the emulation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support.sheets_emulator import SheetsEmulator

# a copy of shared/gspread-cassettes (MIT, see LICENSE.txt and SOURCE.md there), kept in the
# repository so the contract test runs in any clone
CASSETTES = Path(__file__).resolve().parent / "cassettes"
FILES = sorted(CASSETTES.glob("*.json"))
IGNORED = {"spreadsheetId", "sheetId", "title", "spreadsheetUrl", "id", "name"}
DRIVE = "https://www.googleapis.com/drive/"


def normal(obj: Any) -> Any:
    """JSON with ids and titles left out."""
    if isinstance(obj, dict):
        return {k: normal(v) for k, v in obj.items() if k not in IGNORED}
    if isinstance(obj, list):
        return [normal(v) for v in obj]
    return obj


def learn(recorded: Any, got: Any, ids: dict[int, int]) -> None:
    """Note which emulated sheetId stands for each recorded one (walking both answers)."""
    if isinstance(recorded, dict) and isinstance(got, dict):
        if isinstance(recorded.get("sheetId"), int) and isinstance(got.get("sheetId"), int):
            ids[recorded["sheetId"]] = got["sheetId"]
        for k in recorded.keys() & got.keys():
            learn(recorded[k], got[k], ids)
    elif isinstance(recorded, list) and isinstance(got, list):
        for a, b in zip(recorded, got, strict=False):
            learn(a, b, ids)


def mapped(obj: Any, ids: dict[int, int]) -> Any:
    """A recorded request body with recorded sheetIds swapped for the emulated ones."""
    if isinstance(obj, dict):
        return {k: ids.get(v, v) if k == "sheetId" else mapped(v, ids) for k, v in obj.items()}
    if isinstance(obj, list):
        return [mapped(v, ids) for v in obj]
    return obj


def replay(path: Path) -> list[tuple[str, int, Any, int, Any]]:
    """(request, recorded status, recorded JSON, emulated status, emulated JSON) for each call."""
    emu = SheetsEmulator()
    session = requests.Session()
    session.mount("https://", emu)
    out = []
    interactions = json.loads(path.read_text(encoding="utf-8"))["interactions"]
    used: set[int] = set()
    ids: dict[int, int] = {}
    for i, it in enumerate(interactions):
        if i in used:
            continue
        used.add(i)
        req, resp = it["request"], it["response"]
        text = resp["body"]["string"] or ""
        if req["uri"].startswith(DRIVE):
            if req["method"] == "POST" and resp["status"]["code"] == 200:
                created = json.loads(text)
                emu.create(created["id"], title=created["name"])
            continue
        body = req["body"]
        if body:
            body = json.dumps(mapped(json.loads(body), ids))
        got = session.request(
            req["method"],
            req["uri"],
            data=body.encode("utf-8") if isinstance(body, str) else body,
            headers={"Content-Type": "application/json"} if body else {},
        )
        if got.content and text:
            learn(json.loads(text), got.json(), ids)
        out.append(
            (
                f"{req['method']} {req['uri']}",
                resp["status"]["code"],
                json.loads(text) if text else None,
                got.status_code,
                got.json() if got.content else None,
            )
        )
    assert emu.counts["drive"] == 0
    return out


def test_the_recordings_are_there() -> None:
    assert len(FILES) == 9, f"expected the 9 cassettes in {CASSETTES}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_the_emulation_answers_like_google(path: Path) -> None:
    calls = replay(path)
    assert calls, "no Sheets calls in the recording"
    for what, status, recorded, got_status, got in calls:
        assert got_status == status, f"{what}: status {got_status}, Google said {status}: {got}"
        assert normal(got) == normal(recorded), what


# ------------------------------------------------------------ beyond the recordings


def session_on(emu: SheetsEmulator) -> requests.Session:
    s = requests.Session()
    s.mount("https://", emu)
    return s


BASE = "https://sheets.googleapis.com/v4/spreadsheets/K"


def test_a1_parsing_quoted_titles_whole_columns_and_google_errors() -> None:
    emu = SheetsEmulator()
    emu.create("K", {"Sheet1": [["a", "b", "c"], [1, 2, 3]], "it's 任务": [["x"], ["y"]]})
    s = session_on(emu)
    got = s.get(f"{BASE}/values/'it''s 任务'!A:A").json()
    assert got == {
        "range": "'it''s 任务'!A1:A1000",
        "majorDimension": "ROWS",
        "values": [["x"], ["y"]],
    }
    got = s.get(f"{BASE}/values/Sheet1!B:C", params={"majorDimension": "COLUMNS"}).json()
    assert got["range"] == "Sheet1!B1:C1000" and got["values"] == [["b", "2"], ["c", "3"]]
    got = s.get(f"{BASE}/values/Sheet1!A2:2", params={"valueRenderOption": "UNFORMATTED_VALUE"})
    assert got.json()["values"] == [[1, 2, 3]] and got.json()["range"] == "Sheet1!A2:Z2"
    bad = s.get(f"{BASE}/values/Nope!A1")
    assert bad.status_code == 400
    assert bad.json() == {
        "error": {
            "code": 400,
            "message": "Unable to parse range: Nope!A1",
            "status": "INVALID_ARGUMENT",
        }
    }
    over = s.get(f"{BASE}/values/Sheet1!A1:A1001").json()["error"]["message"]
    assert over == "Range (Sheet1!A1:A1001) exceeds grid limits. Max rows: 1000, max columns: 26"


def test_raw_keeps_text_and_user_entered_parses_it() -> None:
    emu = SheetsEmulator()
    emu.create("K")
    s = session_on(emu)
    row = ["=1+1", "+cmd", "@SUM(1)", "2020-01-01", "12", "TRUE"]
    s.put(f"{BASE}/values/Sheet1!A1", params={"valueInputOption": "RAW"}, json={"values": [row]})
    s.put(
        f"{BASE}/values/Sheet1!A2",
        params={"valueInputOption": "USER_ENTERED"},
        json={"values": [row]},
    )
    params = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"}
    got = s.get(f"{BASE}/values/Sheet1", params=params).json()["values"]
    assert got[0] == row
    assert got[1] == [2, "+cmd", "@SUM(1)", 43831, 12, True]
    formulas = s.get(f"{BASE}/values/Sheet1!A1:A2", params={"valueRenderOption": "FORMULA"})
    assert formulas.json()["values"] == [["=1+1"], ["=1+1"]]
    missing = s.put(f"{BASE}/values/Sheet1!A1", json={"values": [["x"]]})
    assert missing.status_code == 400


def test_clear_batch_clear_and_append() -> None:
    emu = SheetsEmulator()
    emu.create("K", {"Sheet1": [["h1", "h2"], ["a", "b"], ["c", "d"]]})
    s = session_on(emu)
    cleared = s.post(f"{BASE}/values:batchClear", json={"ranges": ["Sheet1!A3:B3"]}).json()
    assert cleared["clearedRanges"] == ["Sheet1!A3:B3"]
    params = {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"}
    got = s.post(f"{BASE}/values/Sheet1:append", params=params, json={"values": [["e", "f"]]})
    assert got.json()["updates"]["updatedRange"] == "Sheet1!A3:B3"
    assert emu.books["K"].sheets[0].rows == 1001  # INSERT_ROWS grew the grid
    assert s.post(f"{BASE}/values/Sheet1!A1:B1:clear").json()["clearedRange"] == "Sheet1!A1:B1"
    values = s.get(f"{BASE}/values/Sheet1").json()["values"]
    assert values == [[], ["a", "b"], ["e", "f"]]


def test_batch_update_is_atomic_and_counts_by_kind() -> None:
    emu = SheetsEmulator()
    emu.create("K")
    s = session_on(emu)
    body = {
        "requests": [
            {"addSheet": {"properties": {"title": "_new", "gridProperties": {"rowCount": 2}}}},
            {"deleteSheet": {"sheetId": 424242}},
        ]
    }
    got = s.post(f"{BASE}:batchUpdate", json=body)
    assert got.status_code == 400
    assert got.json()["error"]["message"] == "Invalid requests[1]: No grid with id: 424242"
    assert [sh.title for sh in emu.books["K"].sheets] == ["Sheet1"]
    emu.fail(503, times=1, kind="values.get")
    assert s.get(f"{BASE}/values/Sheet1").status_code == 503
    assert s.get(f"{BASE}/values/Sheet1").status_code == 200
    assert emu.counts == {"batchUpdate": 1, "values.get": 2}


def test_merges_come_with_the_metadata_as_grid_ranges() -> None:
    """GridRange: sheetId, start/end row and column indexes, ends exclusive; the values API
    gives the value in the top-left cell only; a sheet without merges has no ``merges`` key."""
    emu = SheetsEmulator()
    rows = [["h1", "h2"], ["a", "x"], ["b", "y"], ["c", "z"]]
    emu.create("K", {"Sheet1": rows, "Other": [["x"]]}, merges={"Sheet1": ["A2:A4"]})
    s = session_on(emu)
    fields = "sheets.properties(sheetId,title),sheets.merges"
    got = s.get(BASE, params={"fields": fields}).json()["sheets"]
    sid = emu.books["K"].sheets[0].sheet_id
    assert got[0]["merges"] == [
        {
            "sheetId": sid,
            "startRowIndex": 1,
            "endRowIndex": 4,
            "startColumnIndex": 0,
            "endColumnIndex": 1,
        }
    ]
    assert "merges" not in got[1]
    values = s.get(f"{BASE}/values/Sheet1").json()["values"]
    assert values == [["h1", "h2"], ["a", "x"], ["", "y"], ["", "z"]]
    body = {"requests": [{"mergeCells": {"range": {"sheetId": sid, "startRowIndex": 0,
            "endRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 2},
            "mergeType": "MERGE_ALL"}}]}  # fmt: skip
    assert s.post(f"{BASE}:batchUpdate", json=body).status_code == 200
    assert len(s.get(BASE, params={"fields": fields}).json()["sheets"][0]["merges"]) == 2
    assert s.get(f"{BASE}/values/Sheet1!A1:B1").json()["values"] == [["h1"]]
