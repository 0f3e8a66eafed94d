"""The local outbox: one file per message in a folder (.eml for mail, .json for group bots).

The file name is derived from the ledger key, so a resent message overwrites its own file:
the outbox never holds a duplicate. Files are written atomically (temp file, then rename).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import asdict
from pathlib import Path

from jobs.notify import Message, Outcome, scrub
from jobs.notify.email import build


def filename(message: Message) -> str:
    """A safe, stable file name for a message's key."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", message.key)[:80]
    digest = hashlib.sha256(message.key.encode()).hexdigest()[:8]
    return f"{safe}-{digest}.{'json' if message.group else 'eml'}"


class OutboxNotifier:
    """Writes messages to a folder: works offline, needs no account."""

    def __init__(self, folder: Path, from_addr: str = "collabsheet@localhost") -> None:
        self.folder, self.from_addr = Path(folder), from_addr

    def send(self, message: Message) -> Outcome:
        message = scrub(message)  # the outbox is an output too: no secret in a file
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / filename(message)
            if message.group:
                data = json.dumps(asdict(message), ensure_ascii=False, indent=2).encode()
            else:
                data = bytes(build(message, self.from_addr, dt.datetime.now(dt.UTC)))
            tmp = path.with_suffix(path.suffix + ".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError as exc:
            return Outcome(False, True, f"outbox {self.folder}: {exc.strerror or exc}")
        except (ValueError, TypeError, IndexError) as exc:  # a malformed address in the sheet
            return Outcome(False, False, f"cannot build the mail to {message.recipient!r}: {exc}")
        return Outcome(True)
