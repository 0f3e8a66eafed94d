"""``python -m tests.support.relayed_dashboard RELAY_URL run dashboard/app.py [options]``:
Streamlit's own command line, in a process whose Google backend reaches the test's Sheets
emulation through ``tests.support.sheets_relay`` (signed in with the fake service account)."""

from __future__ import annotations

import runpy
import sys
from typing import Any


def main() -> None:
    relay_url, *args = sys.argv[1:]
    import dashboard.data
    import sheets_sync
    from config.settings import Settings
    from sheets_sync.credentials import service_account_credentials
    from sheets_sync.google import GoogleBackend
    from tests.support.sheets_emulator import fake_service_account
    from tests.support.sheets_relay import Forwarding

    def open_backend(settings: Settings, progress: Any = None) -> Any:
        creds, email = service_account_credentials(dict(fake_service_account()), "test key")
        return GoogleBackend(settings.spreadsheet, creds, client_email=email,
                             adapter=Forwarding(relay_url))  # fmt: skip

    sheets_sync.open_backend = open_backend  # type: ignore[assignment]
    dashboard.data.open_backend = open_backend  # type: ignore[assignment]
    sys.argv = ["streamlit", *args]
    runpy.run_module("streamlit", run_name="__main__")


if __name__ == "__main__":
    main()
