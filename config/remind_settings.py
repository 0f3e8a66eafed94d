"""RemindSettings: what planning and sending reminders read (``jobs.reminders``), as one value
cut from Settings so the domain packages see only their part of the config."""

from __future__ import annotations

from dataclasses import dataclass, field

from config.channels import Channels
from config.defaults import LOCALES
from config.sla_rules import CalendarSettings


@dataclass(frozen=True)
class RemindSettings:
    """The working calendar (quiet hours, a day's hours), ``[channels]``, and the language the
    workbook's people read (``[general] locale``): the messages are written in it."""

    calendar: CalendarSettings = field(default_factory=CalendarSettings)
    channels: Channels = field(default_factory=Channels)
    locale: str = LOCALES[0]
