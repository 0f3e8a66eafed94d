"""The emulation's errors as Google answers them: ``ApiError``, the status words, the wordings
of the injected faults (``Fault``: a 429 with Retry-After, a quota that refills, 5xx,
timeouts, lost answers) and the 403 bodies (``denial``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    408: "DEADLINE_EXCEEDED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}
QUOTA_MESSAGE = (
    "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per "
    "user' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'."
)
WORDING = {
    408: "The request timed out. Please try again.",
    500: "Internal error encountered.",
    503: "The service is currently unavailable.",
}


class ApiError(Exception):
    """An error answer: HTTP status and Google's message."""

    def __init__(self, code: int, message: str, body: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.body = code, message, body


def error_body(code: int, message: str) -> dict[str, Any]:
    """Google's error body for an HTTP status and a message."""
    return {"error": {"code": code, "message": message, "status": STATUS.get(code, "UNKNOWN")}}


@dataclass
class Fault:
    """An injected answer for the next ``times`` matching requests (None: forever)."""

    status: int = 429
    times: int | None = 1
    kind: str | None = None
    retry_after: float | None = None
    timeout: bool = False
    delay: float = 0.0
    lost: bool = False  # apply the request, then drop the answer (connection reset)
    until: float | None = None  # answer so while the emulator's clock is before this (a quota)


PROJECT = "123456789012"
_ENABLE = f"https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project={PROJECT}"


def denial(reason: str) -> dict[str, Any]:
    """Google's 403 bodies (AIP-193 error with an ErrorInfo detail), as real traffic shows
    them: ``scope`` (a token without the spreadsheets scope, e.g. plain ``gcloud auth
    application-default login``), ``disabled`` (the Sheets API off in the project) and
    ``protected`` (a write into a protected range)."""
    if reason == "protected":  # a write into a protected range
        message = (
            "You are trying to edit a protected cell or object. Please contact the spreadsheet "
            "owner to remove protection if you need to edit."
        )
        return {"error": {"code": 403, "message": message, "status": "PERMISSION_DENIED"}}
    if reason == "scope":
        message = "Request had insufficient authentication scopes."
        details: list[dict[str, Any]] = [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                "domain": "googleapis.com",
                "metadata": {
                    "service": "sheets.googleapis.com",
                    "method": "google.apps.sheets.v4.SpreadsheetsService.GetSpreadsheet",
                },
            }
        ]
    else:
        message = (
            f"Google Sheets API has not been used in project {PROJECT} before or it is "
            f"disabled. Enable it by visiting {_ENABLE} then retry. If you enabled this API "
            "recently, wait a few minutes for the action to propagate to our systems and retry."
        )
        details = [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "SERVICE_DISABLED",
                "domain": "googleapis.com",
                "metadata": {
                    "service": "sheets.googleapis.com",
                    "consumer": f"projects/{PROJECT}",
                    "activationUrl": _ENABLE,
                },
            },
            {
                "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
                "locale": "en-US",
                "message": message,
            },
            {
                "@type": "type.googleapis.com/google.rpc.Help",
                "links": [
                    {"description": "Google developers console API activation", "url": _ENABLE}
                ],
            },
        ]
    return {
        "error": {
            "code": 403,
            "message": message,
            "status": "PERMISSION_DENIED",
            "details": details,
        }
    }
