"""A channel's failure in the workbook's language (jobs/notify/failure_words.py): the reasons
are made by the real notifier code (``post_json``, ``coded``, the outbox, an unset secret), so
a reworded reason there fails here rather than reaching a Chinese ``_reminders`` in English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from jobs.notify import Message, Outcome
from jobs.notify.factory import Unconfigured
from jobs.notify.failure_words import worded
from jobs.notify.http import coded, post_json
from jobs.notify.outbox import OutboxNotifier
from jobs.notify.transport import Unanswered
from jobs.notify.wecom import WeComNotifier

URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET-KEY-123"


def answering(status: int, body: str, headers: dict[str, str] | None = None) -> Any:
    def post(url: str, **_: Any) -> requests.Response:
        r = requests.Response()
        r.status_code, r._content = status, body.encode()
        r.headers.update(headers or {})
        return r

    return post


def raising(exc: Exception) -> Any:
    def post(url: str, **_: Any) -> requests.Response:
        raise exc

    return post


def reason(post: Any) -> str:
    got = post_json(URL, {"msgtype": "text"}, 10, (), post)
    assert isinstance(got, Outcome), got
    return got.error


MESSAGE = Message("k", "wecom", "group", "每日提醒", "x" * 5000)
CASES = {  # what the notifier gives -> the lead a Chinese workbook shows before it
    "429": (reason(answering(429, "", {"Retry-After": "30"})), "发送过快被限流，稍后重试"),
    "45009": (
        reason(answering(200, '{"errcode": 45009, "errmsg": "api freq out of limit"}')),
        "发送过快被限流，稍后重试",
    ),
    "500": (reason(answering(500, "upstream down")), "对方服务出错（HTTP 500），稍后重试"),
    "400": (
        reason(answering(400, '{"code":19001,"msg":"param invalid"}')),
        "请求被拒绝（HTTP 400），不再重试",
    ),
    "timeout": (reason(raising(requests.ReadTimeout())), "超时，10 秒内没有应答，稍后重试"),
    "unanswered": (
        reason(raising(Unanswered(timed_out=True))),
        "请求已发出，但 10 秒内没有应答，可能已经送达；为免重复不再重发，请向收件人确认",
    ),
    "closed": (
        reason(raising(Unanswered(timed_out=False))),
        "请求已发出，但连接在应答前断开，可能已经送达；为免重复不再重发，请向收件人确认",
    ),
    "connect timeout": (
        reason(raising(requests.ConnectTimeout())),
        "连接超时，10 秒内没有连上，稍后重试",
    ),
    "refused": (
        reason(raising(requests.ConnectionError())),
        "连接失败，稍后重试（检查网络、代理和地址）",
    ),
    "errcode": (
        coded({"errcode": 93000, "errmsg": "invalid webhook url"}, "errcode", (), ()).error,
        "对方返回错误码 93000",
    ),
    "answer": (coded("<html>", "code", (), ()).error, "对方的应答无法识别"),
    "unset": (
        Unconfigured("WECOM_WEBHOOK").send(MESSAGE).error,
        "环境变量 WECOM_WEBHOOK 未设置，无法发送",
    ),
    "too long": (WeComNotifier(URL).send(MESSAGE).error, "消息 "),
}


@pytest.mark.parametrize("case", CASES)
def test_a_service_failure_gets_its_chinese_lead(case: str) -> None:
    raw, lead = CASES[case]
    assert raw and "SECRET-KEY" not in raw
    said = worded(raw, "zh-CN")
    assert said.startswith(lead) and said.endswith("：" + raw), said
    assert worded(said, "zh-CN") == said  # worded once: the next run writes the row again
    assert worded(said, "en") == raw == worded(raw, "en")  # an English terminal: as it came


def test_the_outbox_failure_and_our_own_reasons(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")  # the outbox folder is a file: nothing can be written there
    raw = OutboxNotifier(blocked / "outbox").send(MESSAGE).error
    assert worded(raw, "zh-CN") == f"写入本地发件箱失败，稍后重试：{raw}"
    for own in ("发送开始后中断，结果未知，因此会再发一次", "something else", ""):
        assert worded(own, "zh-CN") == own == worded(own, "en")
