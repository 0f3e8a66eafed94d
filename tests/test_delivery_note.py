"""A delivery's reason on the terminal (``collabsheet remind``): the ledger writes its held and
carried reasons in the workbook's language; ``--locale`` says them in the terminal's, known by
the delivery's status (a row of an older version says them in English); any other reason (a
service's answer) as it was recorded."""

from __future__ import annotations

import pytest

from jobs.run.delivery import Delivery
from jobs.run.survey_command import said_again

HELD = {"zh-CN": "工作时间外暂缓，2026-11-30 09:00 发出",
        "en": "held back outside working hours until 2026-11-30 09:00"}  # fmt: skip
CARRIED = {"zh-CN": "wecom 达到频率限制：顺延到下一次运行（09:01:00 起）",
           "en": "rate limit of wecom: carried to the next run (from 09:01:00)"}  # fmt: skip


@pytest.mark.parametrize(
    ("status", "error", "locale", "expected"),
    [
        *((status, HELD[written], shown, HELD[shown]) for status in ("held", "would_hold")
          for written in HELD for shown in HELD),
        *(("carried", CARRIED[written], shown, CARRIED[shown]) for written in CARRIED
          for shown in CARRIED),
        # a survey command's carried letter: its own words, said in the workbook's language
        ("carried", "wecom 达到频率限制：顺延到下一次 survey 命令发送", "en",
         "wecom 达到频率限制：顺延到下一次 survey 命令发送"),
        # a service's answer: its Chinese lead in a Chinese terminal, none in an English one
        ("pending", "code 45009: rate limited (retry after 60 s)", "zh-CN",
         "发送过快被限流，稍后重试：code 45009: rate limited (retry after 60 s)"),
        ("pending", "发送过快被限流，稍后重试：code 45009: rate limited (retry after 60 s)", "en",
         "code 45009: rate limited (retry after 60 s)"),
        ("failed", HELD["en"], "zh-CN", HELD["en"]),  # not held: not read as a held reason
        ("sent", "", "en", ""),
    ],
)  # fmt: skip
def test_a_held_or_carried_reason_is_said_in_the_terminals_language(
    status: str, error: str, locale: str, expected: str
) -> None:
    d = Delivery("digest:D03:2026-11-27", "wecom", "D03 销售部", "s", status, error)
    assert d.note(locale) == expected


SURVEY_CARRIED = {"zh-CN": "wecom 达到频率限制：顺延到下一次 survey 命令发送",
                  "en": "rate limit of wecom: carried to the next survey command"}  # fmt: skip


@pytest.mark.parametrize(
    ("status", "error", "locale", "expected"),
    [
        *(("carried", SURVEY_CARRIED[written], shown, SURVEY_CARRIED[shown])
          for written in SURVEY_CARRIED for shown in SURVEY_CARRIED),
        ("pending", "code 45009: rate limited (retry after 60 s)", "en",
         "code 45009: rate limited (retry after 60 s)"),
    ],
)  # fmt: skip
def test_a_survey_letters_reason_is_said_in_the_terminals_language(
    status: str, error: str, locale: str, expected: str
) -> None:
    assert said_again(status, "wecom", error, locale) == expected
