"""Settings: one TOML file (plus environment variables for secrets), loaded once at the entry point.

Where the file comes from, first match wins: ``--config PATH``, ``$COLLABSHEET_CONFIG``,
``config/collabsheet.toml`` in the working directory, else the built-in defaults (the local
demo workbook and the local outbox). Every key is optional. A wrong value raises one
``ConfigError`` that names the file, the key, the value and the form expected.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from config.channels import Channels, channels_from
from config.defaults import (
    BACKENDS,
    DASHBOARD_AUTH,
    KPI_DEFAULTS,
    LOCALES,
    SECRET_ENV,
    TAB_TITLES,
)
from config.errors import ConfigError
from config.plan import PlanSettings, plan_from
from config.secrets import shown
from config.sla_rules import (
    DEFAULT_RULES,
    CalendarSettings,
    SlaRule,
    calendar_from,
    rule_from,
    rules_from,
)
from config.spreadsheet import default_bot_path
from config.step_baselines import KEY as STEP_BASELINES
from config.step_baselines import StepBaselines, step_baselines_from
from config.survey_import import SurveyImport, survey_import_from
from config.survey_settings import SurveySettings, survey_from
from config.weekly_pack import WeeklySettings, weekly_from

DEFAULT_PATH = Path("config/collabsheet.toml")


@dataclass(frozen=True)
class SlaSettings:
    """What the SLA clock reads: ``[sla.*]``, ``[sla.overrides]``, ``[calendar]`` and the zone."""

    rules: Mapping[str, SlaRule] = field(default_factory=lambda: dict(DEFAULT_RULES))
    # "TEMPLATE_ID:STEP" -> rule keys that override the kind's rule for that step
    overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    calendar: CalendarSettings = field(default_factory=CalendarSettings)
    timezone: str = "Asia/Shanghai"

    def rule(self, kind: str, template_id: str | None = None, step: int | None = None) -> SlaRule:
        """The SLA rule of an obligation kind, with a template step's override applied."""
        base = self.rules[kind]
        override = self.overrides.get(f"{template_id}:{step}") if template_id else None
        if not override:
            return base
        return rule_from(override, f"sla.overrides.{template_id}:{step}", base, _Checker("").error)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class KpiSettings:
    """What the KPIs read: ``[targets]``, ``[baselines]`` and ``[kpis]``.

    No baseline is assumed: a relative KPI without one in ``[baselines]`` is n/a ("需要基线").
    ``baseline_sources``: each baseline's period and where it came from, as the config says.
    ``satisfied_at``: a survey answer is satisfied when its three dimensions average this."""

    targets: Mapping[str, float] = field(
        default_factory=lambda: {k: v.target for k, v in KPI_DEFAULTS.items()}
    )
    baselines: Mapping[str, float] = field(default_factory=dict)
    baseline_sources: Mapping[str, str] = field(default_factory=dict)
    satisfied_at: float = 4.0
    # [baselines.process_time_by_step]: each template step's hours (config/step_baselines.py)
    step_baselines: StepBaselines = field(default_factory=StepBaselines)


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
    def bot_header_locale(self) -> str:
        """The language the bot tabs' header rows are written in (sheets_sync/bot_tab.py)."""
        return self.locale if self.bot_headers == "locale" else "en"

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

    def rule(self, kind: str, template_id: str | None = None, step: int | None = None) -> SlaRule:
        """The SLA rule of an obligation kind, with a template step's override applied."""
        return self.sla_section.rule(kind, template_id, step)

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
            f"config file {path} does not exist: create it (see README, Configuration) "
            "or leave out --config / COLLABSHEET_CONFIG to use the built-in defaults"
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the syntax at that line") from exc
    return settings_from_dict(data, source=str(path))


def settings_from_dict(data: Mapping[str, Any], source: str = "<dict>") -> Settings:
    """Check a parsed config (a dict as TOML gives it) and build Settings."""
    check = _Checker(source)
    check.known(
        data,
        "",
        (
            "workbook",
            "general",
            "tabs",
            "headers",
            "targets",
            "baselines",
            "kpis",
            "dashboard",
            "plan",
            "scheduler",
            "calendar",
            "sla",
            "google",
            "channels",
            "survey_import",
            "weekly",
            "survey",
        ),
    )
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
        raise check.error("scheduler.daily_at", daily_at, "a local time HH:MM, e.g. '09:00'")
    heartbeat = check.text(sched, "scheduler.heartbeat", "")
    lock = check.text(sched, "scheduler.lock", "")

    backend = check.choice(wb, "workbook.backend", BACKENDS, defaults.backend)
    timezone = check.text(gen, "general.timezone", defaults.timezone)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise check.error(
            "general.timezone",
            timezone,
            "an IANA time zone such as 'Asia/Shanghai' or 'Europe/Berlin'",
        ) from exc
    bot_path = check.text(wb, "workbook.bot_path", "")
    state_dir = check.text(wb, "workbook.state_dir", "")
    results_wait_s = wb.get("results_wait_s", defaults.results_wait_s)
    if (
        isinstance(results_wait_s, bool)
        or not isinstance(results_wait_s, int | float)
        or not 0 <= results_wait_s <= 600
    ):
        raise check.error(
            "workbook.results_wait_s", results_wait_s, "a number of seconds, 0 to 600"
        )
    spreadsheet = _spreadsheet(check, check.text(wb, "workbook.spreadsheet", ""), backend)
    goog = check.table(data, "google")
    check.known(goog, "google", ("credentials_file", "retry_attempts", "retry_seconds"))
    retry_seconds = goog.get("retry_seconds", defaults.retry_seconds)
    if (
        isinstance(retry_seconds, bool)
        or not isinstance(retry_seconds, int | float)
        or not 0 <= retry_seconds <= 3600
    ):
        raise check.error("google.retry_seconds", retry_seconds, "a number of seconds, 0 to 3600")

    tabs = dict(TAB_TITLES)
    tab_data = check.table(data, "tabs")
    check.known(tab_data, "tabs", tuple(TAB_TITLES))
    for key in tab_data:
        tabs[key] = check.text(tab_data, f"tabs.{key}", TAB_TITLES[key])
        if not tabs[key] or tabs[key].startswith("_"):
            raise check.error(
                f"tabs.{key}", tabs[key], "a non-empty tab title not starting with '_'"
            )

    titles: dict[str, str] = {}
    for key, title in tabs.items():
        if title in titles:
            raise check.error(
                f"tabs.{key}", title, f"a title of its own (tabs.{titles[title]} already uses it)"
            )
        titles[title] = key

    path = check.text(wb, "workbook.path", str(defaults.path))
    if not path.strip() or not Path(path).name:
        raise check.error(
            "workbook.path", path, "the path of an .xlsx workbook, e.g. 'data/demo.xlsx'"
        )
    if bot_path and Path(bot_path).resolve() == Path(path).resolve():
        raise check.error(
            "workbook.bot_path",
            bot_path,
            "a file other than workbook.path: bot tabs never go into the human workbook",
        )

    dash_auth = check.choice(dash, "dashboard.auth", DASHBOARD_AUTH, defaults.dashboard_auth)
    viewer_dept = check.flag(dash, "dashboard.viewer_dept", defaults.dashboard_viewer_dept)
    if viewer_dept and dash_auth == "none":
        raise check.error(
            "dashboard.viewer_dept",
            viewer_dept,
            "false while dashboard.auth = 'none' (only a signed-in viewer has a department)",
        )
    dash_address = check.text(dash, "dashboard.address", defaults.dashboard_address).strip()
    if not dash_address:
        raise check.error(
            "dashboard.address", dash_address, "an address to listen on, e.g. '127.0.0.1'"
        )
    headers = _headers(check, check.table(data, "headers"))
    rules, overrides = rules_from(check.table(data, "sla"), check.error)
    targets = _numbers(check, check.table(data, "targets"), "targets", defaults.targets)
    baselines, sources = _baselines(check, check.table(data, "baselines"))
    step_baselines = step_baselines_from(
        check.table(data, "baselines").get(STEP_BASELINES, {}), check.error
    )
    kpis = check.table(data, "kpis")
    check.known(kpis, "kpis", ("satisfied_at",))
    satisfied_at = kpis.get("satisfied_at", defaults.satisfied_at)
    if (
        isinstance(satisfied_at, bool)
        or not isinstance(satisfied_at, int | float)
        or not (1 <= satisfied_at <= 5)
    ):
        raise check.error("kpis.satisfied_at", satisfied_at, "a rating from 1 to 5, e.g. 4")

    return Settings(
        source=source,
        backend=backend,
        path=Path(path),
        bot_path=Path(bot_path) if bot_path else None,
        state_dir=Path(state_dir) if state_dir.strip() else None,
        results_wait_s=float(results_wait_s),
        spreadsheet=spreadsheet,
        google_credentials_file=check.text(goog, "google.credentials_file", ""),
        retry_attempts=check.integer(goog, "google.retry_attempts", defaults.retry_attempts, 1, 20),
        retry_seconds=float(retry_seconds),
        timezone=timezone,
        locale=check.choice(gen, "general.locale", LOCALES, defaults.locale),
        bot_headers=check.choice(
            gen, "general.bot_headers", ("locale", "keys"), defaults.bot_headers
        ),
        tabs=tabs,
        headers=headers,
        targets=targets,
        baselines=baselines,
        baseline_sources=sources,
        satisfied_at=float(satisfied_at),
        step_baselines=step_baselines,
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


def _spreadsheet(check: _Checker, value: str, backend: str) -> str:
    """The spreadsheet key, from a key or a docs.google.com URL."""
    from config.spreadsheet import spreadsheet_key

    if not value:
        if backend == "google":
            raise check.error(
                "workbook.spreadsheet",
                value,
                "the key or URL of the Google spreadsheet (backend = 'google' needs it)",
            )
        return ""
    key = spreadsheet_key(value)
    if key is None:
        raise check.error(
            "workbook.spreadsheet",
            value,
            "a spreadsheet URL (https://docs.google.com/spreadsheets/d/KEY/edit) or its KEY",
        )
    return key


def _headers(check: _Checker, data: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    from config.schema import TABS  # the schema is the one list of column keys

    check.known(data, "headers", tuple(TABS))
    out: dict[str, dict[str, str]] = {}
    for tab, aliases in data.items():
        if not isinstance(aliases, dict):
            raise check.error(
                f"headers.{tab}", aliases, 'a table of "header as typed" = "column key"'
            )
        keys = tuple(TABS[tab].by_key)
        for alias, key in aliases.items():
            if key not in keys:
                raise check.error(f"headers.{tab}.{alias}", key, f"one of the column keys {keys}")
        out[tab] = dict(aliases)
    return out


def _numbers(
    check: _Checker, data: Mapping[str, Any], where: str, defaults: Mapping[str, float]
) -> dict[str, float]:
    check.known(data, where, tuple(KPI_DEFAULTS))
    out = dict(defaults)
    for key, value in data.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise check.error(f"{where}.{key}", value, "a number, e.g. 0.98 for 98%")
        out[key] = float(value)
    return out


def _baselines(check: _Checker, data: Mapping[str, Any]) -> tuple[dict[str, float], dict[str, str]]:
    """``[baselines]``: ``kpi = 30.0`` or ``kpi = { value = 30.0, period = "2026Q1",
    source = "..." }``; the values, and each one's period and source as one line."""
    check.known(data, "baselines", tuple(KPI_DEFAULTS))
    values: dict[str, float] = {}
    sources: dict[str, str] = {}
    for key, item in data.items():
        if key == STEP_BASELINES:  # one baseline per template step: config/step_baselines.py
            continue
        entry = item if isinstance(item, Mapping) else {"value": item}
        check.known(entry, f"baselines.{key}", ("value", "period", "source"))
        value = entry.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise check.error(
                f"baselines.{key}", item, 'a number or { value = 30.0, period = "2026Q1" }'
            )
        values[key] = float(value)
        told = [str(entry[k]) for k in ("period", "source") if entry.get(k)]
        sources[key] = " · ".join(told)
    return values, sources


class _Checker:
    """Small helpers that raise ConfigError with the file, key, value and expected form."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, key: str, value: Any, expected: str) -> ConfigError:
        """The key, the value (never one that looks like a secret) and the form expected."""
        value = shown(key, value)
        return ConfigError(f"{self.source}: {key} = {value!r} is not valid; expected {expected}")

    def known(self, data: Mapping[str, Any], where: str, allowed: tuple[str, ...]) -> None:
        for key in data:
            if key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1)
                hint = (
                    f"; did you mean {near[0]!r}?"
                    if near
                    else f"; known keys: {', '.join(allowed)}"
                )
                name = f"{where}.{key}" if where else key
                raise ConfigError(f"{self.source}: unknown key {name!r}{hint}")

    def table(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.error(key, value, f"a table [{key}]")
        return value

    def text(self, data: Mapping[str, Any], key: str, default: str) -> str:
        value = data.get(key.rsplit(".", 1)[-1], default)
        if not isinstance(value, str):
            raise self.error(key, value, "a quoted string")
        return value

    def choice(
        self, data: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str
    ) -> str:
        value = self.text(data, key, default)
        if value not in allowed:
            raise self.error(key, value, "one of " + ", ".join(repr(a) for a in allowed))
        return value

    def flag(self, data: Mapping[str, Any], key: str, default: bool) -> bool:
        value = data.get(key.rsplit(".", 1)[-1], default)
        if not isinstance(value, bool):
            raise self.error(key, value, "true or false")
        return value

    def moment(self, data: Mapping[str, Any], key: str) -> dt.datetime | None:
        """A local moment "2026-11-30 09:00" (or a TOML local date-time); None when unset."""
        value = data.get(key.rsplit(".", 1)[-1])
        if value is None or (isinstance(value, dt.datetime) and value.tzinfo is None):
            return value
        try:
            return dt.datetime.fromisoformat(value.strip()).replace(tzinfo=None)
        except (AttributeError, ValueError):
            raise self.error(key, value, "a local time 'YYYY-MM-DD HH:MM'") from None

    def integer(self, data: Mapping[str, Any], key: str, default: int, lo: int, hi: int) -> int:
        value = data.get(key.rsplit(".", 1)[-1], default)
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise self.error(key, value, f"a whole number from {lo} to {hi}")
        return value
