"""Google Sheets backend: constant API cost, bounded retries, clear errors, writes done once.

A run costs one metadata request (titles, sheetIds, grid sizes, merged ranges), one
``values:batchGet`` for all tabs and one ``spreadsheets:batchUpdate`` for all bot tabs (split
only when the body, measured as sent, would pass ~2 MB). Bot tabs are written with updateCells
(typed: "=..." stays text); a retry finding a bot tab created (its answer lost) re-reads the
tabs and writes again. Human tabs only get rows appended (``google_append``), all or none;
open by key only, spreadsheets scope only: no Drive API.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import google.auth.exceptions
import requests
from google.auth.credentials import Credentials
from google.auth.transport.requests import AuthorizedSession, Request
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from config.errors import BackendError, ConfigError
from config.workbook_settings import BackendSettings
from sheets_sync.a1 import MAX_CELLS, bot_sheet_id, cell_data, quoted, too_long
from sheets_sync.backend import Append, HeaderKeys, Rows, check_bot_titles
from sheets_sync.bot_tab import in_language
from sheets_sync.credentials import load_credentials
from sheets_sync.error_cells import Merge
from sheets_sync.google_append import Seen, append_tabs, seen
from sheets_sync.google_errors import TabExistsError, api_error, sent_size
from sheets_sync.merges import with_merges
from sheets_sync.retry import RetryPolicy, Transient, with_retries

# JSON bytes per request as sent: "a maximum payload of 2 MB is recommended" (Sheets usage limits)
MAX_PAYLOAD = 2_000_000
CELL_FIELDS = "userEnteredValue,userEnteredFormat.numberFormat"  # dates keep a date format
T = TypeVar("T")
Params = dict[str, str | int | bool | float | list[str] | None]


@dataclass
class SheetInfo:
    """What the metadata request tells about a tab."""

    sheet_id: int
    rows: int
    cols: int
    frozen: int = 0
    merges: tuple[Merge, ...] = ()  # (first row, first column, last row, last column), 0-based


def google_backend(settings: BackendSettings) -> GoogleBackend:
    """The Google backend the settings describe."""
    creds, email = load_credentials(settings)
    policy = RetryPolicy(attempts=settings.retry_attempts, seconds=settings.retry_seconds)
    return GoogleBackend(
        settings.spreadsheet, creds, client_email=email, policy=policy,
        header_locale=settings.bot_header_locale,
    )  # fmt: skip


class GoogleBackend:
    """A Google spreadsheet opened by key; counts its API requests."""

    def __init__(
        self,
        key: str,
        credentials: Credentials,
        *,
        client_email: str = "",
        policy: RetryPolicy | None = None,
        adapter: requests.adapters.BaseAdapter | None = None,
        timeout: float = 60.0,
        max_payload: int = MAX_PAYLOAD,
        header_locale: str = "en",
    ) -> None:
        self.header_locale = header_locale  # the bot tabs' header rows as written (bot_tab.py)
        token_session = requests.Session()
        session = AuthorizedSession(credentials, auth_request=Request(token_session))
        if adapter is not None:  # tests: the in-process emulation answers everything
            token_session.mount("https://", adapter)
            session.mount("https://", adapter)
        self.http = HTTPClient(auth=credentials, session=session)
        self.http.set_timeout(timeout)
        self.key, self.client_email = key, client_email
        self.policy = policy or RetryPolicy()
        self.max_payload = max_payload
        self.sheets: dict[str, SheetInfo] | None = None
        self.seen: dict[str, Seen] = {}  # each tab as last read: where appends go
        self.requests = 0

    # -- the Backend protocol

    def read(self) -> dict[str, list[list[Any]]]:
        """Every tab in two requests; real date cells arrive as serial numbers."""
        sheets = self._metadata()
        titles = list(sheets)
        params: Params = {
            "valueRenderOption": "UNFORMATTED_VALUE",
            "dateTimeRenderOption": "SERIAL_NUMBER",
            "majorDimension": "ROWS",
        }
        ranges = [quoted(t) for t in titles]
        got = self._call(
            "read the tabs", lambda: self.http.values_batch_get(self.key, ranges, params)
        )
        out = {}
        for t, vr in zip(titles, got["valueRanges"], strict=True):
            values = vr.get("values", [])
            self.seen[t] = seen(values)
            out[t] = with_merges(values, sheets[t].merges)  # filled in when parsed
        return out

    def write(self, tabs: Mapping[str, Rows]) -> None:
        """All bot tabs in one atomic batchUpdate (more only past the payload limit). A bot tab
        found already there (an earlier try was applied but its answer lost, or someone made
        it meanwhile) counts as created: the tabs are read again and the write sent again."""
        check_bot_titles(tabs)
        if not tabs:
            return
        tabs = in_language(tabs, self.header_locale)
        for title, rows in tabs.items():
            long = too_long(title, rows)
            if long:
                raise BackendError(
                    f"cell {long} is over Google's limit of 50,000 characters per cell; shorten "
                    "it (nothing was written)"
                )
        try:
            self._write(tabs, self.sheets if self.sheets is not None else self._metadata())
        except TabExistsError:
            self._write(tabs, self._metadata())

    def _write(self, tabs: Mapping[str, Rows], sheets: dict[str, SheetInfo]) -> None:
        head: list[dict[str, Any]] = []
        cells: list[tuple[dict[str, Any], int]] = []  # (request, JSON size)
        sizes = {t: i.rows * i.cols for t, i in sheets.items() if t not in tabs}
        plan: dict[str, SheetInfo] = {}
        for title, rows in tabs.items():
            old = sheets.get(title)
            n = max(len(rows), 1, old.frozen + 1 if old else 1)
            m = max(1, *(len(r) for r in rows)) if rows else 1
            grid = {"rowCount": n, "columnCount": m}
            if old is None:
                sid = bot_sheet_id(title, {i.sheet_id for i in sheets.values()} | _ids(plan))
                head.append(
                    {
                        "addSheet": {
                            "properties": {"sheetId": sid, "title": title, "gridProperties": grid}
                        }
                    }
                )
            else:
                sid = old.sheet_id
                props = {"sheetId": sid, "gridProperties": grid}
                fields = "gridProperties.rowCount,gridProperties.columnCount"
                head.append({"updateSheetProperties": {"properties": props, "fields": fields}})
            plan[title] = SheetInfo(sid, n, m, old.frozen if old else 0)
            sizes[title] = n * m
            cells += self._cell_requests(sid, rows, n, m)
        total = sum(sizes.values())
        if total > MAX_CELLS:
            raise BackendError(
                f"表格 {self.key} 将有 {total:,} 个单元格，超过 Google 的上限 10,000,000："
                "请删除不用的行、列或旧工作表（未写入任何内容）",
                f"spreadsheet {self.key} would hold {total:,} cells, over Google's limit of "
                f"10,000,000: delete unused rows/columns or old tabs (nothing was written)",
            )
        for batch in self._batches(head, cells):
            body = {"requests": batch}
            self._call("write the bot tabs", lambda b=body: self.http.batch_update(self.key, b))  # type: ignore[misc]
        sheets.update(plan)
        self.sheets = sheets

    def append(self, title: str, records: Sequence[Mapping[str, Any]], keys: HeaderKeys) -> None:
        self.append_together([(title, records, keys)])

    def append_together(self, appends: Sequence[Append]) -> None:
        """Rows after the last with a value, checked first, written once; several tabs in one
        ``batchUpdate``, applied whole or not at all (sheets_sync/google_append.py)."""
        append_tabs(self, appends)

    def link(self, title: str, cell: str) -> str:
        """The cell's URL; a bot tab not created yet already has its sheetId."""
        base = f"https://docs.google.com/spreadsheets/d/{self.key}/edit"
        sheets = self.sheets or {}
        info = sheets.get(title)
        if info is None and title.startswith("_"):
            return f"{base}#gid={bot_sheet_id(title, _ids(sheets))}&range={cell}"
        return f"{base}#gid={info.sheet_id}&range={cell}" if info else base

    # -- requests

    def _metadata(self) -> dict[str, SheetInfo]:
        """The one metadata request of a run: titles, sheetIds, grid sizes and merged ranges."""
        params: Params = {
            "fields": "sheets.properties(sheetId,title,sheetType,gridProperties),sheets.merges"
        }
        got = self._call(
            "read the spreadsheet's tabs", lambda: self.http.fetch_sheet_metadata(self.key, params)
        )
        sheets = {}
        for s in got.get("sheets", []):
            p = s["properties"]
            if p.get("sheetType", "GRID") != "GRID":
                continue
            g = p.get("gridProperties", {})
            sheets[p["title"]] = SheetInfo(
                p["sheetId"],
                g.get("rowCount", 0),
                g.get("columnCount", 0),
                g.get("frozenRowCount", 0),
                tuple(_merge(m) for m in s.get("merges", ())),
            )
        self.sheets = sheets
        return sheets

    def _cell_requests(
        self, sid: int, rows: Rows, n: int, m: int
    ) -> list[tuple[dict[str, Any], int]]:
        """updateCells requests that rewrite the whole grid, chunked under the payload limit."""
        out: list[tuple[dict[str, Any], int]] = []
        chunk: list[dict[str, Any]] = []
        start, size = 0, 0
        encoded = [({"values": [cell_data(v) for v in row]}) for row in rows]

        def flush(end: int) -> None:
            grid = {
                "sheetId": sid,
                "startRowIndex": start,
                "endRowIndex": end,
                "startColumnIndex": 0,
                "endColumnIndex": m,
            }
            body: dict[str, Any] = {"range": grid, "rows": [], "fields": CELL_FIELDS}
            own = sent_size({"updateCells": body}) + 2  # without its rows; ", " before it
            body["rows"] = chunk
            out.append(({"updateCells": body}, size + own))

        for i, rd in enumerate(encoded):
            k = sent_size(rd) + 2  # as sent, with the ", " before it: sizes add up exactly
            if chunk and size + k > self.max_payload // 2:
                flush(i)
                chunk, start, size = [], i, 0
            chunk.append(rd)
            size += k
        flush(n)
        return out

    def _batches(
        self, head: list[dict[str, Any]], cells: list[tuple[dict[str, Any], int]]
    ) -> list[list[dict[str, Any]]]:
        """Structure first, then cells; a new request only when one would pass the limit."""
        batches: list[list[dict[str, Any]]] = [list(head)]
        size = sent_size({"requests": head})
        for req, k in cells:
            if size + k > self.max_payload and batches[-1]:
                batches.append([])
                size = sent_size({"requests": []})
            batches[-1].append(req)
            size += k
        return batches

    def _call(self, what: str, call: Callable[[], T], missing: str | None = None) -> T:
        """One API request with bounded retries; Google's errors become clear ones."""

        def attempt() -> T:
            self.requests += 1
            try:
                return call()
            except APIError as exc:
                raise self._error(exc, what, missing) from None
            except requests.RequestException as exc:  # timeouts, resets, broken answers
                raise Transient(f"no answer ({type(exc).__name__})") from None
            except google.auth.exceptions.TransportError as exc:
                raise Transient(f"token request failed ({type(exc).__name__})") from None
            except google.auth.exceptions.RefreshError:
                raise ConfigError(
                    f"Google 拒绝了 {self.client_email or '这个账号'} 的凭据：请确认密钥仍有效、"
                    "未被删除（可下载新密钥）",
                    f"Google refused the credentials of {self.client_email or 'this account'}: "
                    "check that the key is current and not deleted (download a new key)",
                ) from None

        return with_retries(attempt, what, self.policy)

    def _error(self, exc: APIError, what: str, missing: str | None) -> Exception:
        return api_error(exc, what, self.key, self.client_email, missing)


def _ids(sheets: Mapping[str, SheetInfo]) -> set[int]:
    return {i.sheet_id for i in sheets.values()}


def _merge(grid: Mapping[str, int]) -> Merge:
    """A GridRange (end indexes exclusive) as (first row, first column, last row, last column)."""
    r0, c0 = grid.get("startRowIndex", 0), grid.get("startColumnIndex", 0)
    return r0, c0, grid.get("endRowIndex", r0 + 1) - 1, grid.get("endColumnIndex", c0 + 1) - 1
