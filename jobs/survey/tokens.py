"""The personal survey link's token: who answers, for which department, quarter and round.

``PAYLOAD.SIGNATURE``, both base64url without padding; the payload is a JSON list
``[1, person_id, dept_id, "2026Q4", "2026-12-20"]`` (the last: the round's close date) and
the signature is HMAC-SHA256 (RFC 2104) over a fixed prefix and the payload with the secret
of ``[survey] secret_env``. Base64 is not encryption: a token names its own person, nobody
else's. A token whose signature does not match is ``forged``; one used after its close date
is ``expired``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass

PREFIX = b"collabsheet-survey-v1."
VERSION = 1


@dataclass(frozen=True)
class Ticket:
    """What a valid token grants: one answer of this person for this quarter until ``close``."""

    person_id: str
    dept_id: str
    quarter: str
    close: dt.date


@dataclass(frozen=True)
class Refusal:
    """Why a token opens nothing: ``malformed``, ``forged`` or ``expired`` (and, read from the
    workbook, ``closed`` or ``inactive``: jobs/run/survey_answer.py)."""

    reason: str
    close: dt.date | None = None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: str, payload: str) -> bytes:
    return hmac.new(
        secret.encode("utf-8"), PREFIX + payload.encode("ascii"), hashlib.sha256
    ).digest()


def sign(ticket: Ticket, secret: str) -> str:
    """The token of a ticket."""
    body = [VERSION, ticket.person_id, ticket.dept_id, ticket.quarter, ticket.close.isoformat()]
    payload = _b64(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return f"{payload}.{_b64(_signature(secret, payload))}"


def verify(token: str, secret: str, today: dt.date) -> Ticket | Refusal:
    """The ticket a token grants on ``today``, or why it grants nothing. The signature is
    checked (in constant time) before anything in the payload is believed."""
    payload, dot, signature = token.strip().partition(".")
    if not dot or not payload or not signature or not payload.isascii():
        return Refusal("malformed")
    try:
        given = _unb64(signature)
    except (binascii.Error, ValueError):
        return Refusal("malformed")
    if not hmac.compare_digest(given, _signature(secret, payload)):
        return Refusal("forged")
    try:
        version, person, dept, quarter, close = json.loads(_unb64(payload).decode("utf-8"))
        ticket = Ticket(str(person), str(dept), str(quarter), dt.date.fromisoformat(close))
    except (ValueError, TypeError, binascii.Error):
        return Refusal("malformed")
    if version != VERSION:
        return Refusal("malformed")
    if today > ticket.close:
        return Refusal("expired", ticket.close)
    return ticket
