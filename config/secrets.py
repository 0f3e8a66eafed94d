"""Secrets and their redaction: the one ``redact`` every output goes through.

A secret is a value from the environment (webhook URL, signing secret, SMTP password) or a
token-like part of a webhook URL (its path, query and token-like query values); any link's
password (``https://user:password@host``) is hidden wherever it appears. A secret is hidden
raw, URL-encoded (``%2F``, ``+``), JSON-escaped (``\\/``, ``\\uXXXX``), HTML-escaped, base64,
hex and as Python's bytes repr, in any letter case from 8 characters, and so are a long
secret's first characters and a webhook token's start and end, because a service may echo
any of them back in an error body (``{"msg":"invalid token …"}``).
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
PREFIX = 12  # a long token's start masked too (a service may quote a token's first letters)
PART = 8  # from this many characters: a shorter part of a random token may be ordinary text
ENDS = 16  # a webhook token's start and end masked up to this many characters (``ends``)
_KNOWN: set[str] = set()  # every secret met in this process
# a parameter named so (not inside a longer name: spaceKey=, monkey= are ordinary links); pwd:
# a share link's extraction code (pan.baidu.com/s/…?pwd=k9x2), sig / signature: a signed URL's
_TOKENS = re.compile(
    r"(?i)(?<![a-z0-9_])((?:access_token|key|sign|token|secret|password|passwd|pwd|sig|"
    r"signature)(?:=|%3D|\\u003d))"
    r"[^&\s\"'\\<>]+"
)
# a webhook's path (Slack's /services/T…/B…/…, not an intranet's /services/it/)
_HOOK_PATHS = re.compile(
    r"(?i)((?:hooks\.slack\.com|/services(?=(?:/|\\/|%2F)T[A-Z0-9]{6,})|/bot/v2/hook|"
    r"/robot/send|/webhookb2)(?:/|\\/|%2F))[^\s\"'?&<>]+"  # webhookb2: Teams (trial21)
)
# https://user:password@host: the characters RFC 3986 allows there (not "会议12:30@301室", nor
# "host:8080?to=a@b.com": review25)
_USERINFO = re.compile(r"(://[\w.~%!$&'()*+,;=-]*:)[\w.~%!$&'()*+,;=-]+(?=@)", re.ASCII)
_SECRET_KEY = re.compile(r"(?i)(secret|password|passwd|token|webhook|_key$|^key$|sign|_env$)")
_LOWER_HEX = re.compile(r"%[0-9A-F]{2}")
_SECRET_PARAM = re.compile(
    r"(?i)^(?:access_token|key|sign|token|secret|password|passwd|pwd|sig|signature)$"
)
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
    text = _USERINFO.sub(lambda m: m.group(1) + MASK, text)  # any link's password
    extra = frozenset(s for s in secrets if s and len(s) >= MIN_LEN)
    folded, exact = _pattern(frozenset(_KNOWN) | extra)
    if folded is not None:  # the long forms in any case: matched in the lower-cased text
        low = text.lower()
        if len(low) == len(text):  # each character one (İ is two): the places are the same
            spans = [m.span() for m in folded.finditer(low)]
            for start, end in reversed(spans):
                text = text[:start] + MASK + text[end:]
        else:
            text = re.compile(folded.pattern, re.IGNORECASE).sub(MASK, text)
    return text if exact is None else exact.sub(MASK, text)


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
    the last path segment, every path segment that looks like a token and a password in it."""
    out = {secret}
    if "://" not in secret:
        return out
    parts = urllib.parse.urlsplit(secret)
    tokens = {s for s in parts.path.split("/") if _token_like(s)}
    if tokens:  # a path that holds the token (Feishu, Slack), not one like /robot/send
        out |= tokens | {parts.path}
    if parts.query:
        out |= {parts.query, f"{parts.path}?{parts.query}"}
    if parts.password:  # https://user:password@host: quoted without the URL round it
        out |= {parts.password, f"{parts.username}:{parts.password}"}
    return {p for p in out | url_tokens(secret) if len(p) >= MIN_LEN}


def url_tokens(secret: str) -> set[str]:
    """The tokens of a webhook URL: the path segments that look like one and the query values
    that do or sit under a secret's name (``access_token=``, ``key=``, ``sign=``); not
    ``msgtype=markdown``, whose value is an ordinary word (review23)."""
    if "://" not in secret:
        return set()
    parts = urllib.parse.urlsplit(secret)
    out = {s for s in parts.path.split("/") if _token_like(s)}
    for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True):
        if _token_like(v) or _SECRET_PARAM.match(k):
            out.add(v)
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
    """The first ``PREFIX`` characters of a long token or password (a service quoting "token
    fsTOKENa1b2c…"), not of a URL or a path, whose starts are everyone's."""
    bare = piece.rstrip("=")  # base64 padding is no key=value (review23)
    if len(piece) < 2 * PREFIX - 4 or "://" in piece or piece[0] in "/?" or "=" in bare:
        return set()
    return {piece[:PREFIX]}


def ends(token: str) -> set[str]:
    """A webhook token's start and end of ``PART`` to ``ENDS`` characters (trial21: a service
    quoted "token wec0mKeySe...", "token ending in ...8d7c6b5a41", 10 of each): random text,
    unlike a password's, whose parts may be words (review23: collabsheet-production-2026)."""
    if len(token) < 2 * PART:
        return set()
    sizes = range(PART, min(ENDS, len(token) - 1) + 1)
    return {token[:n] for n in sizes} | {token[-n:] for n in sizes}


Patterns = tuple[re.Pattern[str] | None, re.Pattern[str] | None]


@functools.lru_cache(maxsize=64)
def _pattern(secrets: frozenset[str]) -> Patterns:
    """The forms of ``PART`` characters or more, lower-cased (``redact`` matches them in the
    lower-cased text: a service may echo a token upper-cased, a Feishu UUID: trial21; the
    ``re.IGNORECASE`` flag made redaction ten times slower, review23), and the shorter forms,
    as they are (a 4-letter secret is not masked as an ordinary word); each longest first."""
    every = {f for s in secrets for p in pieces(s) for f in (*forms(p), *encoded(p), *prefix(p))}
    every |= {e for s in secrets for t in url_tokens(s) for e in ends(t)}
    folded = {f.lower() for f in every if len(f) >= PART}
    exact = {f for f in every if len(f) < PART}
    return _alternatives(folded), _alternatives(exact)


def _alternatives(texts: set[str]) -> re.Pattern[str] | None:
    if not texts:
        return None
    return re.compile("|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True)))


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
