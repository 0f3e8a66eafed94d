"""Settings: one TOML file (plus environment variables for secrets), loaded once at the entry point.

Where the file comes from, first match wins: ``--config PATH``, ``$COLLABSHEET_CONFIG``,
``config/collabsheet.toml`` in the working directory, else the built-in defaults (the local
demo workbook and the local outbox). Every key is optional. A wrong value raises one
``ConfigError`` that names the file, the key, the value and the form expected.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from config.channels import Channels, channels_from
from config.checker import Checker
from config.defaults import BACKENDS, DASHBOARD_AUTH, LOCALES, SECRET_ENV, TAB_TITLES
from config.errors import ConfigError
from config.kpi_settings import KpiSettings, kpis_from
from config.plan import PlanSettings, plan_from
from config.remind_settings import RemindSettings
from config.sla_rules import DEFAULT_RULES, CalendarSettings, SlaRule, calendar_from, rules_from
from config.sla_settings import SlaSettings
from config.spreadsheet import default_bot_path
from config.step_baselines import StepBaselines
from config.survey_import import SurveyImport, survey_import_from
from config.survey_settings import SurveySettings, survey_from
from config.weekly_pack import WeeklySettings, weekly_from
from config.workbook_section import headers_from, spreadsheet_from, tabs_from, workbook_path

__all__ = [
    "KpiSettings",
    "Settings",
    "SlaSettings",
    "config_path",
    "load_settings",
    "settings_from_dict",
]

DEFAULT_PATH = Path("config/collabsheet.toml")
# the file's top-level tables; any other key is reported with the nearest of these
SECTIONS = ("workbook", "general", "tabs", "headers", "targets", "baselines", "kpis",
            "dashboard", "plan", "scheduler", "calendar", "sla", "google", "channels",
            "survey_import", "weekly", "survey")  # fmt: skip


@dataclass(frozen=True)
class Settings:
    """Everything configurable, already checked. Pass it down; never read the file twice."""

    source: str = "defaults"
    backend: str = "xlsx"
    path: Path = Path("data/demo.xlsx")
    bot_path: Path | None = None
    state_dir: Path | None = None  # the ledger database's folder; None: beside the workbook
    results_wait_s: float = 5.0  # how long a locked results file is waited for, then a fallback
    spreadsheet: str = ""  # the Google spreadsheet's key (a URL in the config is reduced to it)
    google_credentials_file: str = ""
    retry_attempts: int = 5
    retry_seconds: float = 120.0
    timezone: str = "Asia/Shanghai"
    locale: str = "zh-CN"
    # [general] locale when the CLI's --locale changed ``locale`` for the terminal alone: what
    # is written into the workbook and the results file keeps it ("": ``locale``)
    workbook_locale: str = ""
    # the bot tabs' header rows: "locale" (Chinese names for zh-CN, the keys for en) or "keys"
    bot_headers: str = "locale"
    tabs: Mapping[str, str] = field(default_factory=lambda: dict(TAB_TITLES))
    # tab key -> {alias as typed in a header -> column key}
    headers: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    targets: Mapping[str, float] = field(default_factory=lambda: dict(KpiSettings().targets))
    baselines: Mapping[str, float] = field(default_factory=dict)  # [baselines]: from data only
    baseline_sources: Mapping[str, str] = field(default_factory=dict)  # "PERIOD · SOURCE"
    satisfied_at: float = 4.0  # [kpis]: the three survey dimensions' mean for "satisfied"
    step_baselines: StepBaselines = field(default_factory=StepBaselines)  # per template step
    dashboard_port: int = 8501
    dashboard_ttl_s: int = 60
    dashboard_auth: str = "none"  # "none" | "password" | "oidc" (secrets: .streamlit/secrets.toml)
    dashboard_viewer_dept: bool = False  # a signed-in viewer sees only their departments' rows
    dashboard_address: str = "127.0.0.1"  # where the server listens; "0.0.0.0": every interface
    dashboard_open: bool = False  # [dashboard] i_know_it_is_open: network + auth "none" allowed
    # [dashboard] at: the pages compute as of this local moment, not the clock (tests, demos)
    dashboard_at: dt.datetime | None = None
    plan: PlanSettings = field(default_factory=PlanSettings)  # [plan] start: config/plan.py
    daily_at: str = "09:00"  # [scheduler]: the daily run, local time in `timezone`
    heartbeat: Path | None = None  # [scheduler]: None = beside the workbook
    lock: Path | None = None  # [scheduler]: the run lock; None = beside the workbook
    # [weekly] folder and [scheduler] weekly_at: the weekly meeting pack (config/weekly_pack.py)
    weekly: WeeklySettings = field(default_factory=WeeklySettings)
    calendar: CalendarSettings = field(default_factory=CalendarSettings)
    sla: Mapping[str, SlaRule] = field(default_factory=lambda: dict(DEFAULT_RULES))
    # "TEMPLATE_ID:STEP" -> rule keys that override the kind's rule for that step
    sla_overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    channels: Channels = field(default_factory=Channels)  # [channels]: reminders (issue 5)
    # [survey_import]: the columns of form tools' exports (collabsheet survey import)
    survey_import: SurveyImport = field(default_factory=SurveyImport)
    survey: SurveySettings = field(default_factory=SurveySettings)  # [survey]: survey rounds

    @property
    def written_locale(self) -> str:
        """The language of what is written into the workbook and the results file (headers,
        messages): [general] locale, whatever language the terminal speaks (--locale)."""
        return self.workbook_locale or self.locale

    @property
    def bot_header_locale(self) -> str:
        """The language the bot tabs' header rows are written in (sheets_sync/bot_tab.py)."""
        return self.written_locale if self.bot_headers == "locale" else "en"

    @property
    def sla_section(self) -> SlaSettings:
        """The SLA clock's settings: what ``jobs.sla``, ``jobs.workdays`` and plans read."""
        return SlaSettings(self.sla, self.sla_overrides, self.calendar, self.timezone)

    @property
    def kpi_section(self) -> KpiSettings:
        """The KPIs' targets and baselines: what ``jobs.kpis`` reads."""
        return KpiSettings(
            self.targets, self.baselines, self.baseline_sources, self.satisfied_at,
            self.step_baselines,
        )  # fmt: skip

    @property
    def remind_section(self) -> RemindSettings:
        """What ``jobs.reminders`` reads: the calendar, [channels], the workbook's language."""
        return RemindSettings(self.calendar, self.channels, self.written_locale)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def bot_workbook(self) -> Path:
        """Where the local backend keeps the bot tabs: beside the human workbook by default."""
        return self.bot_path or default_bot_path(self.path)

    @property
    def where(self) -> str:
        """The workbook as people name it in messages."""
        return f"spreadsheet {self.spreadsheet}" if self.backend == "google" else str(self.path)

    def secret(self, name: str) -> str | None:
        """A secret from the environment only (never from the file, never logged)."""
        return os.environ.get(SECRET_ENV[name]) or None


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The config file to use, or None for the built-in defaults."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("COLLABSHEET_CONFIG")
    if env:
        return Path(env)
    return DEFAULT_PATH if DEFAULT_PATH.is_file() else None


def load_settings(explicit: str | os.PathLike[str] | None = None) -> Settings:
    """Read and check the config file; raise ConfigError naming the key and the fix."""
    path = config_path(explicit)
    if path is None:
        return Settings()
    if not path.is_file():
        raise ConfigError(
            f"配置文件 {path} 不存在：请创建它（见 README 的“配置”一节），"
            "或去掉 --config / COLLABSHEET_CONFIG 以使用内置默认配置",
            f"config file {path} does not exist: create it (see README, Configuration) "
            "or leave out --config / COLLABSHEET_CONFIG to use the built-in defaults",
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{path}：不是有效的 TOML（{exc}）；请修正该行的写法",
            f"{path}: not valid TOML ({exc}); fix the syntax at that line",
        ) from exc
    return settings_from_dict(data, source=str(path))


def settings_from_dict(data: Mapping[str, Any], source: str = "<dict>") -> Settings:
    """Check a parsed config (a dict as TOML gives it) and build Settings.

    The checks run in one fixed order, so a file with several mistakes always names the same
    one first; each section's own checks live beside its settings (config/*.py)."""
    check = Checker(source)
    check.known(data, "", SECTIONS)
    wb = check.table(data, "workbook")
    check.known(
        wb,
        "workbook",
        ("backend", "path", "bot_path", "spreadsheet", "state_dir", "results_wait_s"),
    )
    gen = check.table(data, "general")
    check.known(gen, "general", ("timezone", "locale", "bot_headers"))
    dash = check.table(data, "dashboard")
    check.known(
        dash,
        "dashboard",
        ("port", "ttl_s", "auth", "viewer_dept", "address", "i_know_it_is_open", "at"),
    )
    sched = check.table(data, "scheduler")
    check.known(sched, "scheduler", ("daily_at", "weekly_at", "heartbeat", "lock"))
    defaults = Settings()
    daily_at = check.text(sched, "scheduler.daily_at", defaults.daily_at)
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", daily_at.strip()):
        raise check.error("scheduler.daily_at", daily_at, "a local time HH:MM, e.g. '09:00'",
                          "本地时间 HH:MM，例如 '09:00'")  # fmt: skip
    heartbeat = check.text(sched, "scheduler.heartbeat", "")
    lock = check.text(sched, "scheduler.lock", "")

    backend = check.choice(wb, "workbook.backend", BACKENDS, defaults.backend)
    timezone = check.text(gen, "general.timezone", defaults.timezone)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise check.error("general.timezone", timezone, "an IANA time zone such as "
                          "'Asia/Shanghai' or 'Europe/Berlin'", "IANA 时区，例如 "
                          "'Asia/Shanghai' 或 'Europe/Berlin'") from exc  # fmt: skip
    bot_path = check.text(wb, "workbook.bot_path", "")
    state_dir = check.text(wb, "workbook.state_dir", "")
    results_wait_s = check.number(
        wb, "workbook.results_wait_s", defaults.results_wait_s, 0, 600,
        "a number of seconds, 0 to 600",
    )  # fmt: skip
    spreadsheet = spreadsheet_from(check, check.text(wb, "workbook.spreadsheet", ""), backend)
    goog = check.table(data, "google")
    check.known(goog, "google", ("credentials_file", "retry_attempts", "retry_seconds"))
    retry_seconds = check.number(
        goog, "google.retry_seconds", defaults.retry_seconds, 0, 3600,
        "a number of seconds, 0 to 3600",
    )  # fmt: skip
    tabs = tabs_from(check, check.table(data, "tabs"))
    path = workbook_path(check, wb, str(defaults.path), bot_path)

    dash_auth = check.choice(dash, "dashboard.auth", DASHBOARD_AUTH, defaults.dashboard_auth)
    viewer_dept = check.flag(dash, "dashboard.viewer_dept", defaults.dashboard_viewer_dept)
    if viewer_dept and dash_auth == "none":
        raise check.error(
            "dashboard.viewer_dept",
            viewer_dept,
            "false while dashboard.auth = 'none' (only a signed-in viewer has a department)",
            " false（dashboard.auth = 'none' 时没有登录的查看者，也就没有部门）",
        )
    dash_address = check.text(dash, "dashboard.address", defaults.dashboard_address).strip()
    if not dash_address:
        raise check.error("dashboard.address", dash_address, "an address to listen on, e.g. "
                          "'127.0.0.1'", "要监听的地址，例如 '127.0.0.1'")  # fmt: skip
    headers = headers_from(check, check.table(data, "headers"))
    rules, overrides = rules_from(check.table(data, "sla"), check.error)
    kpi = kpis_from(check, data)  # [targets], [baselines], [kpis]

    return Settings(
        source=source,
        backend=backend,
        path=Path(path),
        bot_path=Path(bot_path) if bot_path else None,
        state_dir=Path(state_dir) if state_dir.strip() else None,
        results_wait_s=results_wait_s,
        spreadsheet=spreadsheet,
        google_credentials_file=check.text(goog, "google.credentials_file", ""),
        retry_attempts=check.integer(goog, "google.retry_attempts", defaults.retry_attempts, 1, 20),
        retry_seconds=retry_seconds,
        timezone=timezone,
        locale=check.choice(gen, "general.locale", LOCALES, defaults.locale),
        bot_headers=check.choice(
            gen, "general.bot_headers", ("locale", "keys"), defaults.bot_headers
        ),
        tabs=tabs,
        headers=headers,
        targets=kpi.targets,
        baselines=kpi.baselines,
        baseline_sources=kpi.baseline_sources,
        satisfied_at=kpi.satisfied_at,
        step_baselines=kpi.step_baselines,
        dashboard_port=check.integer(dash, "dashboard.port", defaults.dashboard_port, 1, 65535),
        dashboard_ttl_s=check.integer(dash, "dashboard.ttl_s", defaults.dashboard_ttl_s, 0, 86400),
        dashboard_auth=dash_auth,
        dashboard_viewer_dept=viewer_dept,
        dashboard_address=dash_address,
        dashboard_open=check.flag(dash, "dashboard.i_know_it_is_open", defaults.dashboard_open),
        dashboard_at=check.moment(dash, "dashboard.at"),
        plan=plan_from(check.table(data, "plan"), check.error),
        daily_at=daily_at.strip(),
        heartbeat=Path(heartbeat) if heartbeat.strip() else None,
        lock=Path(lock) if lock.strip() else None,
        weekly=weekly_from(check.table(data, "weekly"), sched, check.error),
        calendar=calendar_from(check.table(data, "calendar"), check.error),
        sla=rules,
        sla_overrides=overrides,
        channels=channels_from(check.table(data, "channels"), check.error),
        survey_import=survey_import_from(check.table(data, "survey_import"), check.error),
        survey=survey_from(check.table(data, "survey"), check.error),
    )
