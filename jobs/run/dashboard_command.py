"""``collabsheet dashboard``: start the manager dashboard's server (dashboard/serve/launch.py).

It listens on 127.0.0.1 unless told otherwise (``--address`` or ``[dashboard] address``). An
address other than loopback opens it to the network: with ``[dashboard] auth = "none"`` that
shows the organisation's data to anyone who can reach the machine, so it is refused in one
line unless confirmed (``--i-know-it-is-open`` or ``[dashboard] i_know_it_is_open = true``),
and even then a warning is printed.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys

from config.errors import ConfigError
from config.phrases import Phrases
from config.settings import Settings
from config.survey_settings import SurveySettings
from jobs.run.command_text import say
from jobs.run.options import Add

# the lines that name config keys and commands in both languages (auth = "none", survey open)
WARNINGS = Phrases("jobs/run/dashboard_command.py", {
    # an open address without sign-in (confirmed), this process without the survey's secret
    "open": ('警告：看板向网络开放（{address}:{port}）且无需登录（auth = "none"）：同一网络中的'
             "任何人都能看到组织的数据",
             "warning: the dashboard is open to the network ({address}:{port}) without sign-in "
             '(auth = "none"): anyone on the same network sees the organisation\'s data'),
    "no_survey_secret": (
        "满意度调研：看板进程未设置环境变量 {env}，打开调研链接会显示「调研暂时无法打开：看板未配置"
        "签名密钥」；请用与 survey open 相同的值设置后重启看板（不做调研可忽略）",
        "survey: {env} is not set in this process, so the survey form refuses every personal "
        "link (the dashboard has no signing secret configured); start the dashboard with the "
        "value survey open used (ignore this if you run no survey)",
    ),
})  # fmt: skip


def loopback(address: str) -> bool:
    """Whether listening on ``address`` keeps the server to this machine."""
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to any interface
        return False


def refusal(address: str) -> tuple[str, str]:
    """The one line that refuses an open dashboard without sign-in (zh, en)."""
    return (
        f'看板将向网络开放（--address {address}），但 [dashboard] auth = "none"：'
        '能访问本机的任何人都能看到数据。请设置 auth = "password" 或 "oidc"，'
        "或用 --i-know-it-is-open"
        "（或 [dashboard] i_know_it_is_open = true）确认",
        "the dashboard would be open to the "
        f'network (--address {address}) with [dashboard] auth = "none": anyone who can reach '
        'this machine sees the data. Set auth = "password" or "oidc", or confirm with '
        "--i-know-it-is-open (or [dashboard] i_know_it_is_open = true)",
    )


def warning(address: str, port: int, locale: str) -> str:
    """The warning printed, in ``locale``'s language, when an open dashboard without sign-in
    was confirmed."""
    return WARNINGS(locale, "open", address=address, port=port)


def exposure(address: str, port: int, auth: str, confirmed: bool, locale: str) -> str | None:
    """The warning to print before serving on ``address``, or None; raises ``ConfigError``
    (the refusal) for an open address without sign-in that was not confirmed."""
    if loopback(address) or auth != "none":
        return None
    if not confirmed:
        raise ConfigError(*refusal(address))
    return warning(address, port, locale)


def survey_secret_line(survey: SurveySettings, locale: str) -> str:
    """A line when this process lacks the survey's signing secret: the survey form refuses
    every personal link (调研暂时无法打开：看板未配置签名密钥). "" when it has it."""
    try:
        survey.secret()
        return ""
    except ConfigError:
        return WARNINGS(locale, "no_survey_secret", env=survey.secret_env)


def cmd_dashboard(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.serve.launch import run

    port = args.port or settings.dashboard_port
    address = (args.address or settings.dashboard_address).strip()
    confirmed = args.i_know_it_is_open or settings.dashboard_open
    said = exposure(address, port, settings.dashboard_auth, confirmed, settings.locale)
    if said:
        print(said, file=sys.stderr, flush=True)
    host = f"[{address}]" if ":" in address else address
    print(say(settings.locale, "dashboard.serving", host=host, port=port), flush=True)
    said = survey_secret_line(settings.survey, settings.locale)
    if said:  # the survey form checks each link's signature in this process
        print(said, flush=True)
    # the server in this process's place: it gets the signals
    # the pages' language: --locale, else [general] locale (cli.py puts either in settings)
    return run(args.config, port, address, settings.locale)


def register(add: Add) -> None:
    """Add the command to the parser."""
    p = add(
        "dashboard",
        cmd_dashboard,
        "start the manager dashboard (Streamlit), on 127.0.0.1 unless --address says otherwise",
        "collabsheet dashboard --port 8501",
    )
    p.add_argument("--port", type=int, help="port (default: [dashboard] port, 8501)")
    p.add_argument(
        "--address",
        metavar="ADDRESS",
        help="address to listen on (default: [dashboard] address, 127.0.0.1, this machine "
        "only); 0.0.0.0 opens it to the network",
    )
    p.add_argument(
        "--i-know-it-is-open",
        action="store_true",
        help='serve on a network address although [dashboard] auth = "none" (anyone who can '
        "reach the machine sees the data); also [dashboard] i_know_it_is_open = true",
    )
