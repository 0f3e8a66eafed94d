"""A channel's failure said in the workbook's language (``worded``).

The notifiers say why a message did not go in English, quoting the service's answer as it came
(``code 45009: api freq out of limit``, ``HTTP 500: …``): what support needs, and what an
English workbook shows. A Chinese workbook's ``_reminders`` 错误 column, ``_runs`` note and
the terminal lines read by coordinators get a Chinese lead before it: what happened and what
follows (``发送过快被限流，60 秒后重试：code 45009: …``). The service's words stay after it.
"""

from __future__ import annotations

import re

from config.phrases import language

_SMTP = r"^SMTP \S+: "
# (pattern on the English reason, Chinese lead with the pattern's groups), first match wins;
# a lead holds no "：", which ends it (``worded`` finds a worded reason by it)
_LEADS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), lead)
    for pattern, lead in (
        (r"^(?:code -?\d+|HTTP 429): rate limited \(retry after [\d.]+ s\)",
         "发送过快被限流，稍后重试"),
        (r"^unanswered: the request was sent and no answer came within ([\d.]+) s",
         "请求已发出，但 {0} 秒内没有应答，可能已经送达；为免重复不再重发，请向收件人确认"),
        (r"^unanswered: ",
         "请求已发出，但连接在应答前断开，可能已经送达；为免重复不再重发，请向收件人确认"),
        (r"^timeout: no connection within (\d+) s", "连接超时，{0} 秒内没有连上，稍后重试"),
        (r"^timeout: no answer within (\d+) s", "超时，{0} 秒内没有应答，稍后重试"),
        (r"^connection failed: ", "连接失败，稍后重试（检查网络、代理和地址）"),
        (r"^HTTP (5\d\d): ", "对方服务出错（HTTP {0}），稍后重试"),
        (r"^HTTP (4\d\d): ", "请求被拒绝（HTTP {0}），不再重试"),
        (r"^(?:code|errcode|StatusCode) (-?\d+): ", "对方返回错误码 {0}"),
        (r"^unexpected answer: ", "对方的应答无法识别"),
        (r"^environment variable (\S+) is not set", "环境变量 {0} 未设置，无法发送"),
        (r"^channel '([^']*)' is not configured", "渠道 {0} 未在配置 [channels] 中设置"),
        (r"^markdown of (\d+) bytes is over WeCom's (\d+)",
         "消息 {0} 字节，超过企业微信的上限 {1} 字节"),
        (r"^outbox ", "写入本地发件箱失败，稍后重试"),
        (r"^cannot build the mail to ", "收件地址无法生成邮件，请在表格中改正"),
        (_SMTP + r"not tried, the channel stopped", "未尝试，本次运行中邮件渠道已停止"),
        (_SMTP + r"authentication failed", "邮件服务器登录失败，请检查密码"),
        (_SMTP + r"recipient refused", "收件人被邮件服务器拒收"),
        (_SMTP + r"the mail was sent and no confirmation came within ([\d.]+) s",
         "邮件已发出，但服务器 {0} 秒内没有确认，可能已经送达；为免重复不再重发，请向收件人确认"),
        (_SMTP + r"the mail was sent and the connection closed",
         "邮件已发出，但服务器确认前连接断开，可能已经送达；为免重复不再重发，请向收件人确认"),
        (_SMTP + r"timeout after (\d+) s", "邮件服务器 {0} 秒内没有应答，稍后重试"),
        (_SMTP + r"(\d{3}) ", "邮件服务器拒绝（{0}）"),
        (_SMTP, "邮件服务器出错"),
    )
)  # fmt: skip


def worded(error: str, locale: str) -> str:
    """``error`` in ``locale``: in zh-CN a Chinese lead before a reason a notifier gave in
    English, else as it is (our own reasons, an empty one); in English without the lead (a
    terminal in English on a Chinese workbook). Idempotent: a worded reason starts in Chinese,
    which no pattern matches."""
    if not error:
        return error
    lead, sep, reason = error.partition("：")
    if sep and _lead_of(reason) == lead:  # worded already (a lead is never empty)
        return error if language(locale) == "zh-CN" else reason
    if language(locale) != "zh-CN":
        return error
    found = _lead_of(error)
    return error if found is None else f"{found}：{error}"


def _lead_of(error: str) -> str | None:
    """The Chinese lead of a notifier's English reason (None: not one of theirs)."""
    for pattern, lead in _LEADS:
        found = pattern.search(error)
        if found:
            return lead.format(*found.groups())
    return None
