"""``collabsheet doctor``'s survey line: the signing secret and the links' address.

A round taking answers needs the secret (``[survey] secret_env``) in the environment of every
survey command and of the dashboard, which checks the links; and links on a loopback
``[survey] base_url`` open only on the machine itself. With no round open there is no line:
``survey open`` itself stops without the secret and warns of a loopback address."""

from __future__ import annotations

import datetime as dt

from config.errors import CollabsheetError
from config.settings import Settings
from config.survey_settings import MIN_SECRET, loopback
from jobs.run.health import Check
from jobs.run.survey_waiting import parked, waiting_path
from jobs.survey.rounds import Round, open_round, read_rounds

MAKE = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"


def open_now(settings: Settings, now: dt.datetime) -> Round | None:
    """The round taking answers at ``now``; None when none is, or the results cannot be read
    (the workbook and results checks say why)."""
    from sheets_sync import open_backend

    try:
        rows = open_backend(settings).read().get("_survey_rounds")
    except Exception:
        return None
    return open_round(read_rounds(rows), now)


def survey(settings: Settings, now: dt.datetime) -> Check | None:
    """One line while a round is open: fine when its links can be signed, checked by the
    dashboard and opened from other machines; None when no round is open."""
    s = settings.survey
    try:
        s.secret()
        secret = True
    except CollabsheetError:
        secret = False
    local = loopback(s.base_url)
    rnd = open_now(settings, now)
    set_zh = (f"设置环境变量 {s.secret_env}（至少 {MIN_SECRET} 个字符，例如 {MAKE} 的输出），"
              "运行 survey 命令的进程和看板进程（collabsheet dashboard）用同一个值")  # fmt: skip
    set_en = (f"set the environment variable {s.secret_env} (at least {MIN_SECRET} characters, "
              f"e.g. the output of {MAKE}), the same value for the survey commands and the "
              "dashboard process (collabsheet dashboard)")  # fmt: skip
    url_zh = (f"[survey] base_url 是 {s.base_url}，只在本机可用：请改为大家访问看板的地址，"
              "例如 https://collab.example.com/")  # fmt: skip
    url_en = (f"[survey] base_url is {s.base_url}, an address of this machine: set it to "
              "the dashboard's address as people reach it, e.g. "
              "https://collab.example.com/")  # fmt: skip
    if rnd is None:  # nothing depends on them yet: survey open says what it lacks
        return None
    zh = [f"满意度调研 {rnd.quarter} 进行中（截止 {rnd.close_on}）"]
    en = [f"survey round {rnd.quarter} is open (until {rnd.close_on})"]
    if not secret:
        zh.append(f"但未设置签名密钥：请{set_zh}，否则无法发提醒，看板也打不开链接")
        en.append(f"but the signing secret is missing: {set_en}, else no reminder goes and the "
                  "dashboard cannot open the links")  # fmt: skip
    if local:
        zh.append(url_zh)
        en.append(url_en)
    if secret and not local:
        zh.append(f"签名密钥 {s.secret_env} 已设置，链接地址 {s.base_url}")
        en.append(f"the signing secret {s.secret_env} is set, links go to {s.base_url}")
    return Check("survey", secret and not local, "；".join(zh), "; ".join(en))


def waiting(settings: Settings) -> Check | None:
    """A line while answers from the survey form wait for the workbook to be closed
    (jobs/run/survey_waiting.py); None when none waits."""
    n = len(parked(waiting_path(settings)))
    if not n:
        return None
    return Check(
        "survey answers", False,
        f"{n} 份满意度调研表单答卷在工作簿被打开时收到，尚未写入「满意度调研」：关闭 "
        f"{settings.path} 后运行 collabsheet survey status 即写入",
        f"{n} survey form answer(s) came while the workbook was open and are not in the survey "
        f"tab yet: close {settings.path} and run collabsheet survey status to write them",
    )  # fmt: skip
