"""The ``[survey]`` section: how a survey round invites, reminds and links (``collabsheet survey``).

The signing secret itself never appears in the file: ``secret_env`` names the environment
variable that holds it, read only when a link is signed or checked (``secret``).
"""

from __future__ import annotations

import ipaddress
import os
import re
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from config.errors import ConfigError
from config.secrets import Unknown, remember

Error = Callable[..., ConfigError]  # Checker.error: key, value, expected[, zh]
KEYS = ("anonymous", "remind_after_workdays", "close_after_workdays", "secret_env", "base_url")
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
MIN_SECRET = 16  # characters: a shorter secret makes the links' signatures guessable


@dataclass(frozen=True)
class SurveySettings:
    """``anonymous``: answers keep the department, not the person. ``remind_after_workdays``:
    working days after opening before the one reminder. ``close_after_workdays``: the close
    date when ``survey open`` has no ``--close``. ``base_url``: the dashboard as people reach
    it; links are ``BASE_URL?survey=TOKEN``."""

    anonymous: bool = False
    remind_after_workdays: int = 3
    close_after_workdays: int = 10
    secret_env: str = "COLLABSHEET_SURVEY_SECRET"
    base_url: str = "http://localhost:8501/"

    def secret(self) -> str:
        """The signing secret from the environment; a ConfigError naming the variable and the
        fix when it is missing or too short."""
        value = os.environ.get(self.secret_env, "")
        if len(value) < MIN_SECRET:
            state = "is not set" if not value else f"is shorter than {MIN_SECRET} characters"
            raise ConfigError(
                f"environment variable {self.secret_env} {state}: survey links are signed with "
                f"it; set it to a random value of at least {MIN_SECRET} characters, the same for "
                "the jobs and the dashboard, e.g. the output of "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        remember([value])  # hidden in every output from now on
        return value

    def link(self, token: str) -> str:
        """The personal link to the dashboard's survey form."""
        sep = "&" if "?" in self.base_url else "?"
        return f"{self.base_url}{sep}survey={token}"


def loopback(url: str) -> bool:
    """Whether ``url`` points at the machine it is opened on (localhost, 127.x, ::1, 0.0.0.0):
    a link people on other machines cannot open."""
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified


def survey_from(data: Mapping[str, Any], error: Error) -> SurveySettings:
    """Check the ``[survey]`` table and build SurveySettings (defaults for missing keys)."""
    for key in data:
        if key not in KEYS:
            raise error(f"survey.{key}", Unknown(), f"one of the keys {', '.join(KEYS)}")
    d = SurveySettings()
    anonymous = data.get("anonymous", d.anonymous)
    if not isinstance(anonymous, bool):
        raise error("survey.anonymous", anonymous, "true or false")
    days = {}
    for key, default in (("remind_after_workdays", d.remind_after_workdays),
                         ("close_after_workdays", d.close_after_workdays)):  # fmt: skip
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 60:
            raise error(f"survey.{key}", value, "a whole number of working days from 1 to 60")
        days[key] = value
    secret_env = data.get("secret_env", d.secret_env)
    if not isinstance(secret_env, str) or not _ENV_NAME.match(secret_env):
        raise error(
            "survey.secret_env",
            secret_env,
            "the NAME of an environment variable in capitals, e.g. 'COLLABSHEET_SURVEY_SECRET' "
            "(never the secret itself)",
        )
    base_url = data.get("base_url", d.base_url)
    if not isinstance(base_url, str) or not re.match(r"^https?://[^\s?#]+", base_url):
        raise error(
            "survey.base_url",
            base_url,
            "the dashboard's address as people open it, e.g. 'https://collab.example.com/'",
        )
    if "@" in urllib.parse.urlsplit(base_url).netloc:  # user:password@: mailed to everyone
        raise error(
            "survey.base_url",
            base_url,
            "the address without a user name or password: it is in every invitation and weekly "
            "mail; let the dashboard's sign-in ([dashboard] auth) ask for them",
            "不含用户名和密码的地址：它会出现在每一封调研邀请和周报邮件中；登录请交给看板的 "
            "[dashboard] auth",
        )
    return SurveySettings(anonymous, days["remind_after_workdays"],
                          days["close_after_workdays"], secret_env, base_url)  # fmt: skip
