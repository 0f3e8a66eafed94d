"""A dashboard password: hashed with scrypt for secrets.toml, and checked in constant time.

``python -m dashboard.auth`` asks for a password and prints its hash; dashboard/auth.py checks
a sign-in against the hash (preferred) or a plain secret, never storing or logging either.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
DUMMY_HASH = (  # hash_password("x", b"0" * 16): checked for unknown users, to take as long
    "scrypt$16384$8$1$MDAwMDAwMDAwMDAwMDAwMA==$dyd72cA18Nx54OF+qssz0Zrb3TvEUJNCGKKhuoIL6eM="
)


def hash_password(password: str, salt: bytes | None = None) -> str:
    """A salted scrypt hash for secrets.toml: ``scrypt$n$r$p$salt$hash`` (base64 parts)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT, dklen=32)
    b64 = base64.b64encode
    n, r, p = _SCRYPT["n"], _SCRYPT["r"], _SCRYPT["p"]
    return f"scrypt${n}${r}${p}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored_hash: str | None, stored_plain: str | None) -> bool:
    """True if ``password`` matches the hash (preferred) or the plain secret; constant time."""
    given = password.encode("utf-8")
    if stored_hash:
        try:
            scheme, n, r, p, salt, digest = stored_hash.split("$")
            want = base64.b64decode(digest, validate=True)
            got = hashlib.scrypt(
                given,
                salt=base64.b64decode(salt, validate=True),
                n=int(n),
                r=int(r),
                p=int(p),
                dklen=len(want),
                maxmem=2**26,
            )
        except ValueError:
            return False
        return scheme == "scrypt" and hmac.compare_digest(got, want)
    if stored_plain:
        return hmac.compare_digest(given, stored_plain.encode("utf-8"))
    return False
