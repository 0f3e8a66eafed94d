"""The pieces of a daily run killed with ``kill -9`` in a child process
(tests/test_faults_ledger.py): a notifier that logs each key to a file, and the settings."""

from __future__ import annotations

from pathlib import Path

from config.settings import Settings, settings_from_dict
from jobs.notify import OK, Message, Outcome


class Logged:
    """A notifier that appends each message's key to ``path`` (flushed: it survives kill -9)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, message: Message) -> Outcome:
        with self.path.open("a", encoding="utf-8") as f:
            f.write(message.key + "\n")
        return OK

    def keys(self) -> list[str]:
        return self.path.read_text(encoding="utf-8").split() if self.path.exists() else []


def child_settings(folder: Path) -> Settings:
    """The settings of tests/test_faults_ledger.py's runs in ``folder``."""
    channels = {"outbox": {"folder": str(folder / "outbox")}, "journal": str(folder / "j.jsonl")}
    return settings_from_dict({"workbook": {"path": str(folder / "team.xlsx")},
                               "channels": channels})  # fmt: skip
