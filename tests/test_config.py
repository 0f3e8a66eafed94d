"""Settings load from TOML with defaults; every bad value is one clear error naming the key."""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from config.defaults import KPI_DEFAULTS
from config.errors import CollabsheetError, ConfigError
from config.settings import KpiSettings, Settings, SlaSettings, load_settings, settings_from_dict


def test_defaults_are_the_local_demo_in_shanghai_in_chinese() -> None:
    s = Settings()
    assert (s.backend, str(s.path), s.timezone, s.locale) == (
        "xlsx",
        "data/demo.xlsx",
        "Asia/Shanghai",
        "zh-CN",
    )
    assert s.bot_workbook == Path("data/demo.bot.xlsx")
    assert s.targets["measure_coverage"] == 0.98
    assert s.targets["satisfaction"] == 0.90
    assert s.targets["startup_time"] == 3.0
    assert s.tabs["tasks"] == "任务进度"


def test_every_kpi_of_the_plan_has_a_default_target() -> None:
    assert set(Settings().targets) == set(KPI_DEFAULTS)
    assert len(KPI_DEFAULTS) >= 12


def test_a_file_overrides_what_it_names(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[workbook]\npath = "x/book.xlsx"\n[general]\nlocale = "en"\n'
        'timezone = "Europe/Berlin"\n[targets]\ndelay_rate = 0.04\n'
        '[tabs]\ntasks = "Tasks"\n',
        encoding="utf-8",
    )
    s = load_settings(path)
    assert (str(s.path), s.locale, s.timezone, s.tabs["tasks"]) == (
        "x/book.xlsx",
        "en",
        "Europe/Berlin",
        "Tasks",
    )
    assert s.targets["delay_rate"] == 0.04
    assert s.targets["satisfaction"] == 0.90
    assert s.source == str(path)


def test_the_environment_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "env.toml"
    path.write_text('[general]\nlocale = "en"\n', encoding="utf-8")
    monkeypatch.setenv("COLLABSHEET_CONFIG", str(path))
    assert load_settings().locale == "en"
    other = tmp_path / "flag.toml"
    other.write_text('[general]\nlocale = "zh-CN"\n', encoding="utf-8")
    assert load_settings(other).locale == "zh-CN"  # --config wins over the environment


def test_secrets_come_from_the_environment_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLLABSHEET_SMTP_PASSWORD", "s3cret")
    s = Settings()
    assert s.secret("smtp_password") == "s3cret"
    assert "s3cret" not in repr(s)


def said_in_chinese(error: ConfigError, message: str) -> bool:
    """The Chinese part names the same file and key (and is not the English one)."""
    found = re.match(r"([^:]+): (?:unknown key '([^']+)'|(\S+) = )", message)
    assert found is not None, message
    zh = error.said("zh-CN")
    return zh != error.said("en") and zh.startswith(f"{found[1]}：") and (
        found[2] or found[3]) in zh  # fmt: skip


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"general": {"timezone": "Asia/Shangai"}},
            "c.toml: general.timezone = 'Asia/Shangai' is not valid; expected an IANA time zone"
            " such as 'Asia/Shanghai' or 'Europe/Berlin'",
        ),
        (
            {"general": {"locale": "fr"}},
            "c.toml: general.locale = 'fr' is not valid; expected one of 'zh-CN', 'en'",
        ),
        (
            {"general": {"timezon": "UTC"}},
            "c.toml: unknown key 'general.timezon'; did you mean 'timezone'?",
        ),
        ({"workbok": {}}, "c.toml: unknown key 'workbok'; did you mean 'workbook'?"),
        (
            {"workbook": {"backend": "excel"}},
            "c.toml: workbook.backend = 'excel' is not valid; expected one of 'xlsx', 'memory'",
        ),
        (
            {"workbook": {"path": 3}},
            "c.toml: workbook.path = 3 is not valid; expected a quoted string",
        ),
        (
            {"targets": {"delay_rate": "5%"}},
            "c.toml: targets.delay_rate = '5%' is not valid; expected a number, e.g. 0.98 for 98%",
        ),
        (
            {"targets": {"delay": 0.05}},
            "c.toml: unknown key 'targets.delay'; did you mean 'delay_rate'?",
        ),
        (
            {"tabs": {"tasks": "_tasks"}},
            "c.toml: tabs.tasks = '_tasks' is not valid; expected a non-empty tab title"
            " not starting with '_'",
        ),
        (
            {"headers": {"tasks": {"负责人": "owner"}}},
            "c.toml: headers.tasks.负责人 = 'owner' is not valid; expected one of the column keys",
        ),
        (
            {"dashboard": {"port": 70000}},
            "c.toml: dashboard.port = 70000 is not valid; expected a whole number from 1 to 65535",
        ),
        (
            {"scheduler": {"daily_at": "9am"}},
            "c.toml: scheduler.daily_at = '9am' is not valid; expected a local time HH:MM, "
            "e.g. '09:00'",
        ),
        (
            {"scheduler": {"dailyat": "09:00"}},
            "c.toml: unknown key 'scheduler.dailyat'; did you mean 'daily_at'?",
        ),
        (
            {"general": "Asia/Shanghai"},
            "c.toml: general = 'Asia/Shanghai' is not valid; expected a table [general]",
        ),
        (
            {"workbook": {"backend": "google"}},
            "c.toml: workbook.spreadsheet = '' is not valid; expected the key or URL of the Google",
        ),
        (
            {"workbook": {"spreadsheet": "https://docs.google.com/document/d/x/edit"}},
            "c.toml: workbook.spreadsheet = 'https://docs.google.com/document/d/x/edit' is not "
            "valid; expected a spreadsheet URL (https://docs.google.com/spreadsheets/d/KEY/edit)",
        ),
        (
            {"google": {"retry_attempts": 0}},
            "c.toml: google.retry_attempts = 0 is not valid; expected a whole number from 1 to 20",
        ),
        (
            {"google": {"retry_seconds": "1m"}},
            "c.toml: google.retry_seconds = '1m' is not valid; expected a number of seconds",
        ),
        (
            {"google": {"credentials_file": 1}},
            "c.toml: google.credentials_file = 1 is not valid; expected a quoted string",
        ),
        (
            {"google": {"credentials": "x.json"}},
            "c.toml: unknown key 'google.credentials'; did you mean 'credentials_file'?",
        ),
    ],
)
def test_an_invalid_value_names_the_key_the_value_and_the_form(data: dict, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        settings_from_dict(data, source="c.toml")
    assert err.value.said("en").startswith(message)
    assert said_in_chinese(err.value, message)


def test_a_missing_file_and_bad_toml_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "none.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[general\nlocale = 'en'", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(bad)


def test_all_errors_share_one_base_class() -> None:
    import config.errors as errors

    classes = [v for v in vars(errors).values() if isinstance(v, type) and issubclass(v, Exception)]
    assert len(classes) >= 6
    assert all(issubclass(c, CollabsheetError) for c in classes)


def test_the_shipped_config_file_loads_and_equals_the_defaults() -> None:
    shipped = Path(__file__).parents[1] / "config" / "collabsheet.toml"
    s = load_settings(shipped)
    d = Settings()
    assert (s.path, s.timezone, s.locale, dict(s.targets), dict(s.tabs)) == (
        d.path,
        d.timezone,
        d.locale,
        dict(d.targets),
        dict(d.tabs),
    )
    assert (s.calendar, dict(s.sla)) == (d.calendar, dict(d.sla))
    assert s.channels == d.channels  # its [channels] section (trial15 found none to copy)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"workbook": {"path": ""}},
            "c.toml: workbook.path = '' is not valid; expected the path of an .xlsx workbook",
        ),
        (
            {"workbook": {"path": "data/a.xlsx", "bot_path": "data/a.xlsx"}},
            "c.toml: workbook.bot_path = 'data/a.xlsx' is not valid; expected a file other than "
            "workbook.path",
        ),
        (
            {"tabs": {"tasks": "部门"}},
            "c.toml: tabs.tasks = '部门' is not valid; expected a title of its own "
            "(tabs.departments already uses it)",
        ),
    ],
)
def test_a_config_that_would_touch_human_tabs_is_refused(data: dict, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        settings_from_dict(data, source="c.toml")
    assert err.value.said("en").startswith(message)
    assert said_in_chinese(err.value, message)


def test_every_package_is_installed_including_the_dashboard_pages() -> None:
    import tomllib

    from setuptools import find_packages

    root = Path(__file__).parents[1]
    include = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"
    ]["find"]["include"]
    found = set(find_packages(where=str(root), include=include))
    assert {"config", "sheets_sync", "jobs", "dashboard", "dashboard.views"} <= found


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"calendar": {"hours": ["9-12"]}}, "c.toml: calendar.hours = ['9-12'] is not valid"),
        (
            {"calendar": {"hours": ["09:00-12:00", "11:00-13:00"]}},
            "c.toml: calendar.hours = ['09:00-12:00', '11:00-13:00'] is not valid; expected spans "
            "that do not overlap",
        ),
        ({"calendar": {"workdays": ["monday"]}}, "c.toml: calendar.workdays = ['monday'] is not"),
        ({"calendar": {"holidays": "us"}}, "c.toml: calendar.holidays = 'us' is not valid"),
        (
            {"sla": {"response": {"goal_h": 0}}},
            "c.toml: sla.response.goal_h = 0 is not valid; expected a positive number of hours",
        ),
        (
            {"sla": {"response": {"clock": "wall"}}},
            "c.toml: sla.response.clock = 'wall' is not valid; expected 'business' or 'calendar'",
        ),
        (
            {"sla": {"dispute": {"ladder_h": [24, 8, 0]}}},
            "c.toml: sla.dispute.ladder_h = [24, 8, 0] is not valid; expected three rising hours",
        ),
        (
            {"sla": {"respons": {}}},
            "c.toml: sla.respons = <not shown> is not valid; expected a table named",
        ),
        (
            {"sla": {"overrides": {"T01": {"clock": "calendar"}}}},
            "c.toml: sla.overrides.T01 = {'clock': 'calendar'} is not valid",
        ),
    ],
)
def test_calendar_and_sla_settings_are_checked(data: dict, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        settings_from_dict(data, source="c.toml")
    assert err.value.said("en").startswith(message)
    assert said_in_chinese(err.value, message)


def test_sla_rules_default_to_the_plan_and_steps_can_override() -> None:
    s = settings_from_dict({"sla": {"overrides": {"T01:3": {"clock": "calendar", "goal_h": 4}}}})
    assert (s.sla["response"].goal_h, s.sla["approval"].goal_h, s.sla["dispute"].goal_h) == (
        24.0,
        48.0,
        48.0,
    )
    assert s.sla["dispute"].ladder_h == (0.0, 0.0, 0.0)
    assert s.sla_section.rule("response", "T01", 3).clock == "calendar"
    assert s.sla_section.rule("response", "T01", 3).goal_h == 4.0
    assert s.sla_section.rule("response", "T01", 2) == s.sla["response"]
    assert s.sla["response"].at_risk_h(24.0) == 6.0
    assert s.sla["response"].at_risk_h(2.0) == 1.0


def test_google_settings_take_a_url_or_a_key() -> None:
    key = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"
    s = settings_from_dict(
        {
            "workbook": {
                "backend": "google",
                "spreadsheet": f"https://docs.google.com/spreadsheets/d/{key}/edit#gid=0",
            },
            "google": {"credentials_file": "sa.json", "retry_attempts": 3, "retry_seconds": 30},
        }
    )
    assert (s.backend, s.spreadsheet, s.google_credentials_file) == ("google", key, "sa.json")
    assert (s.retry_attempts, s.retry_seconds) == (3, 30.0)
    assert s.where == f"spreadsheet {key}"
    assert settings_from_dict({"workbook": {"spreadsheet": key}}).spreadsheet == key
    assert (Settings().retry_attempts, Settings().retry_seconds) == (5, 120.0)


SECTIONED = """
[general]
timezone = "Europe/Berlin"
locale = "en"
[channels]
quiet_hours = false
[calendar]
holidays = "none"
workdays = ["mon", "tue", "wed", "thu", "fri", "sat"]
hours = ["08:00-12:00"]
[sla.response]
goal_h = 12.0
[sla.dispute]
ladder_h = [0.0, 4.0, 8.0]
[sla.overrides]
"T01:3" = { clock = "calendar", goal_h = 2.0 }
[targets]
delay_rate = 0.04
[baselines]
cycle_time = 20.0
"""


@pytest.mark.parametrize(
    ("section", "read", "expected"),
    [
        ("sla_section", lambda c: c.timezone, "Europe/Berlin"),
        ("sla_section", lambda c: str(c.zone), "Europe/Berlin"),
        ("sla_section", lambda c: c.calendar.holidays, "none"),
        ("sla_section", lambda c: c.calendar.workdays, (0, 1, 2, 3, 4, 5)),
        ("sla_section", lambda c: c.calendar.hours, ((8 * 60, 12 * 60),)),
        ("sla_section", lambda c: c.rules["response"].goal_h, 12.0),
        ("sla_section", lambda c: c.rules["dispute"].ladder_h, (0.0, 4.0, 8.0)),
        ("sla_section", lambda c: c.rule("response", "T01", 3).clock, "calendar"),
        ("sla_section", lambda c: c.rule("response", "T01", 3).goal_h, 2.0),
        ("sla_section", lambda c: c.rule("response", "T01", 2).goal_h, 12.0),
        ("remind_section", lambda c: c.calendar.workdays, (0, 1, 2, 3, 4, 5)),
        ("remind_section", lambda c: c.calendar.hours, ((8 * 60, 12 * 60),)),
        ("remind_section", lambda c: c.channels.quiet_hours, False),
        ("remind_section", lambda c: c.locale, "en"),
        ("kpi_section", lambda c: c.targets["delay_rate"], 0.04),
        ("kpi_section", lambda c: c.baselines.get("cycle_time"), 20.0),
    ],
)
def test_each_section_reflects_the_loaded_toml(
    tmp_path: Path, section: str, read: Callable[[Any], object], expected: object
) -> None:
    path = tmp_path / "c.toml"
    path.write_text(SECTIONED, encoding="utf-8")
    s = load_settings(path)
    assert read(getattr(s, section)) == expected
    assert read(getattr(Settings(), section)) != expected  # the file's value, not the default


def test_sections_are_frozen_and_default_to_the_defaults() -> None:
    d = Settings()
    assert d.sla_section == SlaSettings()
    assert d.kpi_section == KpiSettings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.sla_section.timezone = "UTC"  # type: ignore[misc]


# the pure domain modules converted from the whole Settings to a section (issue 14, item 3):
# module -> {function: the section its parameter is annotated with}
CONVERTED = {
    "jobs/sla/obligations.py": {"obligations": "SlaSettings"},
    "jobs/sla/status.py": {"calendar_for": "SlaSettings", "sla_of": "SlaSettings"},
    "jobs/kpis/measures.py": {"metrics": "KpiSettings"},
    "jobs/projects/project_plan.py": {"plan_project": "SlaSettings"},
    "jobs/projects/schedule.py": {"schedule": "SlaSettings"},
}


@pytest.mark.parametrize("module", sorted(CONVERTED))
def test_converted_domain_modules_take_a_section_not_settings(module: str) -> None:
    tree = ast.parse((Path(__file__).parents[1] / module).read_text(encoding="utf-8"))
    annotations: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
            annotations[node.name] = {
                name.id
                for a in every
                if a is not None and a.annotation is not None
                for name in ast.walk(a.annotation)
                if isinstance(name, ast.Name)
            }
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "config.settings"
        for alias in node.names
    }
    assert "Settings" not in imported, f"{module} imports the whole Settings"
    offenders = sorted(f for f, names in annotations.items() if "Settings" in names)
    assert offenders == [], f"{module}: {offenders} take the whole Settings"
    for func, section in CONVERTED[module].items():
        assert section in annotations[func], f"{module}: {func} does not take {section}"


@pytest.mark.parametrize(
    ("data", "tail"),
    [
        ({"channels": {"feishu": {"webhook": "https://open.feishu.cn/x"}}},
         "<未显示：看起来是密钥，请放在环境变量里> 无效；应为：以下配置项之一：webhook_env, "
         "secret_env, per_second, per_minute, timeout_s"),
        ({"channels": {"quiet_hours": "yes"}}, "应为：true 或 false"),
        ({"calendar": {"holidays": "us"}}, "应为：'cn'（中国官方节假日安排）或 'none'"),
        ({"channels": {"email": {"host": "smtp.qq.com", "security": "tls"}}},
         "应为：'starttls', 'ssl' 或 'none'"),
        ({"google": {"retry_attempts": 0}}, "应为：1 到 20 的整数"),  # its own Chinese
        ({"survey": {"colour": 1}}, "应为：以下配置项之一："),
    ],
)  # fmt: skip
def test_the_form_expected_is_said_in_chinese_too(data: dict, tail: str) -> None:
    """trial15: `channels.feishu.webhook = … 无效；应为：one of the keys webhook_env, …`."""
    with pytest.raises(ConfigError) as err:
        settings_from_dict(data, source="c.toml")
    zh = err.value.said("zh-CN")
    assert tail in zh, zh
    assert not re.search(r"\b(one of|the keys|a table|expected|or|a number)\b", zh), zh


def _forms() -> list[str]:
    """The form expected of every ``error(key, value, form)`` call in config/ without its own
    Chinese: f-string values filled with 1, a ``"…" + …`` concatenation's text."""
    import ast

    def text(node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.FormattedValue):  # a value: 1; a choice of texts: the first
            return text(node.value.body) if isinstance(node.value, ast.IfExp) else "1"
        if isinstance(node, ast.JoinedStr):
            return "".join(text(v) or "1" for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return (text(node.left) or "1") + (text(node.right) or "1")
        return None

    out = []
    for path in sorted((Path(__file__).parents[1] / "config").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            func = getattr(node, "func", None)
            name = getattr(func, "attr", getattr(func, "id", ""))
            if isinstance(node, ast.Call) and name == "error" and len(node.args) == 3:
                form = text(node.args[2])
                if form is not None and not node.keywords:
                    out.append(form)
    return out


def test_every_form_a_config_error_expects_is_said_in_chinese() -> None:
    """review14: `应为：the key 或 URL of the Google spreadsheet …`: no English left in the
    Chinese line (keys, values and examples, quoted, aside)."""
    from config.checker import in_chinese

    forms = _forms()
    assert len(forms) >= 40
    english = re.compile(r"\b(an?|the|of|or|one|such|number|table|keys?|spans|list)\b")
    left = [
        f
        for f in forms
        if english.search(re.sub(r"'[^']*'|\"[^\"]*\"|\[[^\]]*\]|\S+@\S+", "", in_chinese(f)))
    ]
    assert left == []
