"""A local emulation of the Google Sheets API v4, served through a ``requests`` transport adapter.

No sockets: ``SheetsEmulator`` is mounted on a ``requests.Session`` (``session.mount("https://",
emu)``) and answers spreadsheets.get, values get/batchGet/update/batchUpdate/append/clear/
batchClear, spreadsheets batchUpdate (addSheet, deleteSheet, updateSheetProperties, updateCells,
repeatCell) and the OAuth token endpoint, with Google's error bodies and wording. It counts
requests by kind and injects faults (429 with Retry-After, 5xx, timeouts, slow answers, a quota
that refills at a given time, and lost answers: the request applied, then the connection reset).
``values.append`` finds the first "table" of its range as Google documents; spreadsheets.get
returns each sheet's ``merges``; the 403 bodies are Google's (``denial``).
Recorded real traffic in ``../shared/gspread-cassettes`` is the reference (tests/test_cassettes).

Modules: ``adapter`` (the transport: counting, faults, dispatch), ``metadata``
(spreadsheets.get), ``values_api`` (the values endpoints), ``batch_update``
(spreadsheets.batchUpdate), ``values`` (how cells are stored and rendered), ``ranges`` (A1
notation), ``book`` (spreadsheets, tabs and cells), ``errors`` (error bodies, faults, 403s),
``credentials`` (the token endpoint's JWT check, the fake service account, a backend on the
emulation).
"""

from tests.support.sheets_emulator.adapter import API, SheetsEmulator
from tests.support.sheets_emulator.batch_update import batch_update
from tests.support.sheets_emulator.book import MAX_CELLS, Book, Cell, Sheet, merge_grid
from tests.support.sheets_emulator.credentials import (
    TOKEN_URL,
    emulated_backend,
    fake_service_account,
)
from tests.support.sheets_emulator.errors import (
    PROJECT,
    QUOTA_MESSAGE,
    STATUS,
    ApiError,
    Fault,
    denial,
)
from tests.support.sheets_emulator.metadata import DEFAULT_PROPERTIES, apply_mask, sheet_entry
from tests.support.sheets_emulator.ranges import (
    Range,
    col_index,
    col_name,
    merge,
    quote_title,
    resolve,
    split_range,
)
from tests.support.sheets_emulator.values import (
    EPOCH,
    MAX_CHARS,
    cell_data,
    entered,
    evaluate,
    find_table,
    number_text,
    rendered,
    serial,
    stored,
    value_range,
)

__all__ = [
    "API",
    "DEFAULT_PROPERTIES",
    "EPOCH",
    "MAX_CELLS",
    "MAX_CHARS",
    "PROJECT",
    "QUOTA_MESSAGE",
    "STATUS",
    "TOKEN_URL",
    "ApiError",
    "Book",
    "Cell",
    "Fault",
    "Range",
    "Sheet",
    "SheetsEmulator",
    "apply_mask",
    "batch_update",
    "cell_data",
    "col_index",
    "col_name",
    "denial",
    "emulated_backend",
    "entered",
    "evaluate",
    "fake_service_account",
    "find_table",
    "merge",
    "merge_grid",
    "number_text",
    "quote_title",
    "rendered",
    "resolve",
    "serial",
    "sheet_entry",
    "split_range",
    "stored",
    "value_range",
]
