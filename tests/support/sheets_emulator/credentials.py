"""The emulation's sign-in: the OAuth token endpoint's address, a check of a JWT's signature,
an offline fake service-account key, and a ``GoogleBackend`` signed in with it on the
emulation (``emulated_backend``)."""

from __future__ import annotations

import base64
import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.support.sheets_emulator.adapter import SheetsEmulator

TOKEN_URL = "https://oauth2.googleapis.com/token"


def signed(assertion: str, public_key: Any) -> bool:
    """Whether the JWT ``assertion`` is signed (RS256) by the private half of ``public_key``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    head, payload, sig = assertion.split(".")
    raw = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
    try:
        message = f"{head}.{payload}".encode()
        public_key.verify(raw, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


@functools.cache
def fake_service_account(
    email: str = "collabsheet-bot@demo-project.iam.gserviceaccount.com",
) -> dict[str, str]:
    """A service-account key file's content with a freshly generated RSA key (offline)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return {
        "type": "service_account",
        "project_id": "demo-project",
        "private_key_id": "0123456789abcdef",
        "private_key": pem,
        "client_email": email,
        "client_id": "100000000000000000000",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": TOKEN_URL,
    }


def emulated_backend(emu: SheetsEmulator, key: str, **kw: Any) -> Any:
    """A GoogleBackend on the emulation, signed in with the fake service account."""
    from sheets_sync.credentials import service_account_credentials
    from sheets_sync.google import GoogleBackend
    from sheets_sync.retry import RetryPolicy

    creds, email = service_account_credentials(dict(fake_service_account()), "test key")
    policy = kw.pop("policy", None) or RetryPolicy(sleep=emu.sleep, jitter=lambda: 0.5)
    return GoogleBackend(key, creds, client_email=email, policy=policy, adapter=emu, **kw)
