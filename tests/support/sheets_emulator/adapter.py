"""``SheetsEmulator``: the Sheets API v4 as a ``requests`` transport adapter (no sockets).
It counts requests by kind, injects the faults it is told (``fail``), checks OAuth tokens
when asked, and hands each request to its endpoint: spreadsheets.get (``metadata``),
spreadsheets.batchUpdate (``batch_update``), the values endpoints (``values_api``) and the
token endpoint."""

from __future__ import annotations

import base64
import json
import urllib.parse
from collections import Counter
from collections.abc import Callable
from typing import Any

import requests
from requests.adapters import BaseAdapter

from tests.support.sheets_emulator.batch_update import batch_update
from tests.support.sheets_emulator.book import Book, Sheet
from tests.support.sheets_emulator.credentials import TOKEN_URL, signed
from tests.support.sheets_emulator.errors import (
    QUOTA_MESSAGE,
    WORDING,
    ApiError,
    Fault,
    denial,
    error_body,
)
from tests.support.sheets_emulator.metadata import get
from tests.support.sheets_emulator.ranges import merge
from tests.support.sheets_emulator.values import entered
from tests.support.sheets_emulator.values_api import values_call

API = "https://sheets.googleapis.com/v4/spreadsheets/"


class SheetsEmulator(BaseAdapter):
    """In-process Sheets API v4: mount on a requests.Session; counts requests by kind."""

    def __init__(self, sleep: Callable[[float], None] | None = None) -> None:
        super().__init__()
        self.books: dict[str, Book] = {}
        self.counts: Counter[str] = Counter()
        self.log: list[tuple[str, str, int]] = []  # (kind, method + url, request body bytes)
        self.faults: list[Fault] = []
        self.forbidden: set[str] = set()  # not shared with the caller
        self.denied: dict[str, str] = {}  # key -> "scope" or "disabled" (see ``denial``)
        # key -> titles of protected sheets: a write to one is refused, reads go (Google's
        # protected ranges refuse edits only)
        self.protected: dict[str, set[str]] = {}
        self.batch_bodies: list[dict[str, Any]] = []  # every spreadsheets.batchUpdate body
        self.tokens: set[str] = set()
        self.token_claims: list[dict[str, Any]] = []
        self.trusted: dict[str, Any] = {}  # client_email -> public key that must sign its JWTs
        self.require_auth = False
        self.max_body = 10 * 1024 * 1024
        self.sleep = sleep or (lambda s: None)
        self.clock: Callable[[], float] = lambda: 0.0  # for faults that last a while (``until``)
        self.next_id = 1_000_000

    # -- set-up helpers for tests

    def create(self, key: str, tabs: dict[str, list[list[Any]]] | None = None, **kw: Any) -> Book:
        """A spreadsheet with these tabs (rows of Python values; datetimes become dates);
        ``merges={title: ["B3:B5"]}`` merges cells as Google does (the first cell keeps its
        value)."""
        sheets = []
        for i, (title, rows) in enumerate((tabs or {"Sheet1": []}).items()):
            sheet = Sheet(0 if i == 0 else self._new_id(), title)
            sheet.rows = max(kw.get("rows", 1000), len(rows))
            sheet.cols = max(kw.get("cols", 26), max((len(r) for r in rows), default=0))
            sheet.data = [[None if v == "" else entered(v, "RAW") for v in row] for row in rows]
            for text in kw.get("merges", {}).get(title, ()):
                merge(sheet, text)
            sheets.append(sheet)
        book = Book(key, kw.get("title", f"Spreadsheet {key}"), sheets)
        self.books[key] = book
        return book

    def fail(self, status: int = 429, times: int | None = 1, **kw: Any) -> None:
        """Answer the next ``times`` requests (of ``kind``, if given) with an error."""
        self.faults.append(Fault(status, times, **kw))

    def sheets_requests(self) -> int:
        """Requests to the Sheets API (the quota), not counting token refreshes."""
        return sum(n for k, n in self.counts.items() if k not in ("token",))

    def _new_id(self) -> int:
        self.next_id += 7919
        return self.next_id

    # -- transport

    def close(self) -> None:
        pass

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        url = request.url or ""
        method = (request.method or "GET").upper()
        body = request.body or b""
        raw = body.encode() if isinstance(body, str) else body
        kind = self._kind(method, url)
        self.counts[kind] += 1
        self.log.append((kind, f"{method} {url}", len(raw)))
        lost = False
        for fault in self.faults:
            if fault.kind not in (None, kind) or fault.times == 0 or kind == "token":
                continue
            if fault.until is not None and self.clock() >= fault.until:
                continue
            if fault.times is not None:
                fault.times -= 1
            if fault.delay:
                timeout = kwargs.get("timeout")
                limit = timeout[1] if isinstance(timeout, tuple) else timeout
                if limit is not None and fault.delay > limit:
                    raise requests.exceptions.ReadTimeout(f"read timed out ({url})")
                self.sleep(fault.delay)
                break
            if fault.timeout:
                raise requests.exceptions.ReadTimeout(f"read timed out ({url})")
            if fault.lost:
                lost = True
                break
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
            message = QUOTA_MESSAGE if fault.status == 429 else WORDING.get(fault.status, "")
            return self._answer(request, fault.status, error_body(fault.status, message), headers)
        try:
            if len(raw) > self.max_body:
                raise ApiError(
                    400, f"Request payload size exceeds the limit: {self.max_body} bytes."
                )
            status, payload = self._dispatch(method, url, raw, request)
        except ApiError as exc:
            status, payload = exc.code, exc.body or error_body(exc.code, exc.message)
        if lost:  # Google applied the request; its answer never arrived
            raise requests.exceptions.ConnectionError(
                f"('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer')) "
                f"({url})"
            )
        return self._answer(request, status, payload)

    @staticmethod
    def _kind(method: str, url: str) -> str:
        if url.startswith(TOKEN_URL):
            return "token"
        if not url.startswith(API):
            return "drive"
        path = urllib.parse.urlsplit(url).path[len("/v4/spreadsheets/") :]
        if "/values" not in path:
            return "batchUpdate" if path.endswith(":batchUpdate") else "get"
        rest = path.split("/values", 1)[1]
        for suffix in (":batchGet", ":batchUpdate", ":batchClear", ":append", ":clear"):
            if rest.endswith(suffix):
                return "values" + suffix.replace(":", ".")
        return "values.update" if method == "PUT" else "values.get"

    @staticmethod
    def _answer(
        request: requests.PreparedRequest,
        status: int,
        payload: Any,
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        resp = requests.Response()
        resp.status_code = status
        resp._content = b"" if payload is None else json.dumps(payload).encode()
        resp.headers.update({"Content-Type": "application/json; charset=UTF-8", **(headers or {})})
        resp.url = request.url or ""
        resp.request = request
        resp.reason = {200: "OK", 204: "No Content"}.get(status, "Error")
        resp.encoding = "utf-8"
        return resp

    # -- dispatch

    def _dispatch(
        self, method: str, url: str, raw: bytes, request: requests.PreparedRequest
    ) -> tuple[int, Any]:
        parts = urllib.parse.urlsplit(url)
        query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        params = {k: v[-1] for k, v in query.items()}
        if url.startswith(TOKEN_URL):
            return self._token(raw)
        if not url.startswith(API):
            raise ApiError(403, "Drive API is not part of this emulation (spreadsheets scope only)")
        if self.require_auth:
            auth = request.headers.get("Authorization", "")
            if auth.removeprefix("Bearer ") not in self.tokens:
                raise ApiError(
                    401,
                    "Request is missing required authentication credential. Expected OAuth 2 "
                    "access token, login cookie or other valid authentication credential.",
                )
        path = urllib.parse.unquote(parts.path[len("/v4/spreadsheets/") :])
        key, _, rest = path.partition("/")
        key, colon, action = key.partition(":")
        book = self.books.get(key)
        if book is None:
            raise ApiError(404, "Requested entity was not found.")
        if key in self.forbidden:
            raise ApiError(403, "The caller does not have permission")
        if key in self.denied:
            body = denial(self.denied[key])
            raise ApiError(403, body["error"]["message"], body)
        body = json.loads(raw) if raw else {}
        if method != "GET" and self._touches_protected(book, key, body, rest):
            body = denial("protected")
            raise ApiError(403, body["error"]["message"], body)
        if not rest:
            if colon and action == "batchUpdate" and method == "POST":
                self.batch_bodies.append(body)
                return 200, batch_update(book, body, self._new_id)
            if method == "GET":
                return 200, get(book, query, params)
            raise ApiError(404, "Requested entity was not found.")
        return 200, values_call(book, key, method, rest, body, query, params)

    def _touches_protected(self, book: Any, key: str, body: Any, rest: str) -> bool:
        """A write (a batchUpdate request naming a sheetId, a values range) into a sheet of
        ``self.protected``: Google refuses the whole request."""
        titles = self.protected.get(key, set())
        if not titles:
            return False
        ids = {s.sheet_id for s in book.sheets if s.title in titles}
        named = any(f'"sheetId": {i}' in json.dumps(body) for i in ids)
        ranges = [urllib.parse.unquote(rest), str(body.get("range", ""))]
        ranges += [str(d.get("range", "")) for d in body.get("data", [])]
        return named or any(t in r for t in titles for r in ranges)

    def _token(self, raw: bytes) -> tuple[int, Any]:
        form = urllib.parse.parse_qs(raw.decode())
        assertion = form.get("assertion", [""])[0]
        try:
            payload = assertion.split(".")[1]
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        except (IndexError, ValueError):
            return 400, {"error": "invalid_grant", "error_description": "Invalid JWT."}
        signer = self.trusted.get(claims.get("iss", ""))
        if signer is not None and not signed(assertion, signer):
            return 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
        self.token_claims.append(claims)
        token = f"ya29.emulated-{len(self.tokens) + 1}"
        self.tokens.add(token)
        return 200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}

    def trust(self, info: dict[str, str]) -> None:
        """Check token requests of this service account against its key's public half."""
        from cryptography.hazmat.primitives import serialization

        key = serialization.load_pem_private_key(info["private_key"].encode(), password=None)
        self.trusted[info["client_email"]] = key.public_key()
