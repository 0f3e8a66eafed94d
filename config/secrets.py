"""Secrets and their redaction: the one ``redact`` every output goes through.

A secret is a value from the environment (webhook URL, signing secret, SMTP password) or a
token-like part of a webhook URL (its path, query and each query value). It is hidden in raw,
URL-encoded (``%2F``, ``+``), JSON-escaped (``\\/``, ``\\uXXXX``), HTML-escaped and base64
form, in any letter case, as Python's bytes repr and as hex, and a long token's start and end
too, because a service may echo any of them back in an error body (``{"msg":"invalid token …"}``).
The process keeps the secrets it has met (``remember``), so the log records, the notifiers'
errors, the ledger and the outbox all hide them without being handed the list each time.
"""

from __future__ import annotations

import base64
import functools
import html
import json
import logging
import os
import re
import urllib.parse
from collections.abc import Iterable

MASK = "***"
MIN_LEN = 4  # shorter values (a port, "on") would mask ordinary text
B64_CORE = 8  # base64 characters of a secret masked from this many (fewer: ordinary words)
LONG = 20  # a token or password this long has its start and end masked too (``prefix``)
PART = 8  # from this many characters: a shorter part of a random token may be ordinary text
_KNOWN: set[str] = set()  # every secret met in this process
# a parameter named so (not inside a longer name: spaceKey=, monkey= are ordinary links)
_TOKENS = re.compile(
    r"(?i)(?<![a-z0-9_])((?:access_token|key|sign|token|secret|password)(?:=|%3D|\\u003d))"
    r"[^&\s\"'\\<>]+"
)
# a webhook's path (Slack's /services/T…/B…/…, not an intranet's /services/it/)
_HOOK_PATHS = re.compile(
    r"(?i)((?:hooks\.slack\.com|/services(?=(?:/|\\/|%2F)T[A-Z0-9]{6,})|/bot/v2/hook|"
    r"/robot/send|/webhookb2)(?:/|\\/|%2F))[^\s\"'?&<>]+"  # webhookb2: Teams (trial21)
)
_USERINFO = re.compile(r"://[^/\s:@]*:[^/\s@]+@")  # https://user:password@host
_SECRET_KEY = re.compile(r"(?i)(secret|password|passwd|token|webhook|_key$|^key$|sign|_env$)")
_LOWER_HEX = re.compile(r"%[0-9A-F]{2}")
_TOKEN_LIKE = re.compile(r"^[A-Za-z0-9+/=_.~-]{16,}$")


def remember(values: Iterable[str | None]) -> None:
    """Add secrets met at run time (environment values) to those every output hides."""
    new = {v for v in values if v and len(v) >= MIN_LEN} - _KNOWN
    if new:
        _KNOWN.update(new)
        _pattern.cache_clear()
    _install_log_records()


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with every known secret (and ``secrets``), in every encoding, and every
    token-like URL part replaced by ``***``."""
    text = _TOKENS.sub(lambda m: m.group(1) + MASK, str(text))
    text = _HOOK_PATHS.sub(lambda m: m.group(1) + MASK, text)
    extra = frozenset(s for s in secrets if s and len(s) >= MIN_LEN)
    pattern = _pattern(frozenset(_KNOWN) | extra)
    return text if pattern is None else pattern.sub(MASK, text)


class Hidden:
    """Stands for a config value in an error message: the key is named, the value never."""

    ZH = "<未显示：看起来是密钥，请放在环境变量里>"

    def __repr__(self) -> str:
        return "<value not shown: it looks like a secret; keep it in an environment variable>"


class Unknown(Hidden):
    """Stands for the value of a key the table does not know (``pasword``, ``pwd``): never
    printed, whatever it looks like (trial21: a mistyped password key echoed the password)."""

    ZH = "<未显示>"

    def __repr__(self) -> str:
        return "<not shown>"


def looks_secret(key: str, value: object) -> bool:
    """A config value that must not be printed: under a secret-like key (``*_env``,
    ``password``, ``token``, ``webhook`` …), holding a webhook token or URL, or equal to a
    secret of this process or of a secret-named environment variable."""
    text = str(value)
    if _SECRET_KEY.search(key.rsplit(".", 1)[-1]) or _TOKENS.search(text):
        return True
    if _HOOK_PATHS.search(text) or _USERINFO.search(text) or text in _KNOWN:
        return True
    return len(text) >= MIN_LEN and any(
        text in v for k, v in os.environ.items() if _SECRET_KEY.search(k.lower())
    )


def shown(key: str, value: object, strict: bool = False) -> object:
    """The value to print in a config error: itself, or ``Hidden`` when it looks secret (or,
    ``strict``, for the channels table: any URL or long token-like text)."""
    text = str(value)
    risky = strict and ("://" in text or len(text) > 40 or bool(_TOKEN_LIKE.match(text)))
    return Hidden() if risky or looks_secret(key, value) else value


def pieces(secret: str) -> set[str]:
    """The secret and, for a URL, the parts a service may echo: path, query, query values,
    the last path segment and every path segment that looks like a token."""
    out = {secret}
    if "://" not in secret:
        return out
    parts = urllib.parse.urlsplit(secret)
    tokens = {s for s in parts.path.split("/") if _token_like(s)}
    if tokens:  # a path that holds the token (Feishu, Slack), not one like /robot/send
        out |= tokens | {parts.path}
    if parts.query:
        out |= {parts.query, f"{parts.path}?{parts.query}"}
        out |= {v for _, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)}
    return {p for p in out if len(p) >= MIN_LEN}


def _token_like(segment: str) -> bool:
    return len(segment) >= 16 or (len(segment) >= 6 and any(c.isdigit() for c in segment))


def forms(piece: str) -> set[str]:
    """A piece as it may appear in text: raw, URL-encoded, JSON- and HTML-escaped."""
    quoted = {urllib.parse.quote(piece, safe=""), urllib.parse.quote(piece),
              urllib.parse.quote_plus(piece)}  # fmt: skip
    out = {piece, html.escape(piece), *quoted}
    out |= {urllib.parse.quote(q, safe="") for q in quoted}  # encoded twice
    out |= {_LOWER_HEX.sub(lambda m: m.group(0).lower(), f) for f in list(out)}  # %2f
    for f in list(out):
        out.add(json.dumps(f)[1:-1])
        out.add(json.dumps(f, ensure_ascii=False)[1:-1])
        out.add(f.replace("/", "\\/"))
        out.add(json.dumps(f)[1:-1].replace("/", "\\/"))
    data = piece.encode()
    # Python's repr of its bytes (an error quoting a server's reply, b'P\\xc3\\xa4…') and hex
    out |= {repr(data)[2:-1], data.hex()}  # (trial21: a UTF-8 password; a token as hex)
    return {f for f in out if f}


def encoded(piece: str) -> set[str]:
    """The base64 text (standard and URL-safe) that an encoding of ``piece`` inside a longer
    text holds at any offset there (SMTP's AUTH PLAIN is ``\\0user\\0password``): at each of
    the three alignments, the characters made of the piece's bytes alone (trial9: a server
    echoed the AUTH blob, a relay the base64 of the webhook URL)."""
    data = piece.encode()
    out = set()
    for k in range(3):
        text = base64.b64encode(b"\0" * k + data + b"\0\0").decode()
        core = text[-(-8 * k // 6) : (8 * (k + len(data)) - 6) // 6 + 1]
        if len(core) >= B64_CORE:
            out |= {core, core.replace("+", "-").replace("/", "_")}
    return out


def prefix(piece: str) -> set[str]:
    """The start and the end of a long token or password, ``PART`` characters or more (a
    service quoting "token fsTOKENa1b2…", "token ending in …8d7c6b5a41": trial21 saw 10 of
    each go through), not of a URL or a path, whose starts are everyone's."""
    if len(piece) < LONG or "://" in piece or piece[0] in "/?" or "=" in piece:
        return set()
    return {piece[:n] for n in range(PART, len(piece))} | {
        piece[-n:] for n in range(PART, len(piece))
    }


@functools.lru_cache(maxsize=64)
def _pattern(secrets: frozenset[str]) -> re.Pattern[str] | None:
    every = {f for s in secrets for p in pieces(s) for f in (*forms(p), *encoded(p), *prefix(p))}
    if not every:
        return None
    ordered = sorted(every, key=len, reverse=True)  # the longest form first
    # in any case from ``PART`` characters: a service may echo a token upper-cased (a Feishu
    # UUID: trial21); a shorter one (a 4-letter secret) only as it is, not as ordinary words
    return re.compile("|".join(
        f"(?i:{re.escape(f)})" if len(f) >= PART else re.escape(f) for f in ordered
    ))  # fmt: skip


_installed = False


def _install_log_records() -> None:
    """Every log record is redacted when it is made, so no handler (stderr, a file, a test's
    capture) can print a secret: the message and the formatted traceback."""
    global _installed
    if _installed:
        return
    _installed = True
    make = logging.getLogRecordFactory()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make(*args, **kwargs)  # type: ignore[arg-type]
        try:
            record.msg, record.args = redact(record.getMessage()), ()
        except Exception:  # a bad format string: leave it for logging to report
            return record
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return record

    logging.setLogRecordFactory(factory)


_install_log_records()
