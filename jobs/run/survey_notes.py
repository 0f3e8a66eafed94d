"""The survey commands' one-line notes in the configured language: why nothing was sent, when
held letters go, how to reopen a round that has ended, and what the signing secret and the
links' address need."""

from __future__ import annotations

from config.phrases import Phrases
from jobs.survey.rounds import Round

NOTES = Phrases.from_locales("jobs/run/survey_notes.py", {
    "zh-CN": {"no_round": "没有进行中的调研轮次，无需提醒",
              "not_yet": "本轮于 {at} 开启：开启 {days} 个工作日后才发提醒",
              "never": "该季度的调研从未开启，无需结束", "closed": "该轮调研已于 {at} 结束",
              "quiet": "现在是免打扰时段（工作时间外），将在 {at} 后由调度器的每日运行或 "
                       "collabsheet survey remind 发出",
              "off_day": "今天（{day}）不是工作日，将在 {at} 后由调度器的每日运行或 "
                         "collabsheet survey remind 发出",
              "invite": "{quarter}：邀请 {n} 封", "remind": "{quarter}：提醒 {n} 封",
              "held": "{n} 封暂缓到工作时间再发", "sep": "；",
              "carried": "{channel} 达到频率限制：顺延到下一次 survey 命令发送",
              "unsigned": "未设置环境变量 {env}：链接未签名，仅供预览；正式运行会停止并提示",
              "no_secret": "未设置环境变量 {env}（或少于 {min} 个字符）：调研链接要用它签名。请设为"
                           "至少 {min} 个字符的随机值（例如 {make} 的输出），并让看板进程"
                           "（collabsheet dashboard）使用同一个值，否则看板打不开这些链接",
              "loopback": "注意：[survey] base_url 是 {url}，只在本机可用：其他电脑上的人打不开"
                          "邀请里的链接；请在配置的 [survey] base_url 写上大家访问看板的地址，"
                          "例如 https://collab.example.com/"},
    "en": {"no_round": "no open survey round: nothing to remind",
           "not_yet": "opened {at}: reminders go after {days} working day(s)",
           "never": "this quarter's survey was never opened: nothing to close",
           "closed": "this round was closed at {at}",
           "quiet": "quiet hours (outside working hours); from {at} the scheduler's daily run "
                    "or collabsheet survey remind sends them",
           "off_day": "{day} is not a working day; from {at} the scheduler's daily run or "
                      "collabsheet survey remind sends them",
           "invite": "{quarter}: {n} letter(s)", "remind": "{quarter}: {n} reminder(s)",
           "held": "{n} held until working hours", "sep": "; ",
           "carried": "rate limit of {channel}: carried to the next survey command",
           "unsigned": "{env} is not set: links shown unsigned; a real run stops",
           "no_secret": "environment variable {env} is not set (or is shorter than {min} "
                        "characters): survey links are signed with it. Set it to a random value "
                        "of at least {min} characters, e.g. the output of {make}, and give the "
                        "dashboard process the same value (collabsheet dashboard), else it cannot "
                        "open the links",
           "loopback": "warning: [survey] base_url is {url}, an address of this machine: people "
                       "on other machines cannot open the links; set [survey] base_url to the "
                       "dashboard's address as they reach it, e.g. https://collab.example.com/"},
})  # fmt: skip


def ended(rnd: Round) -> tuple[str, str]:
    """Why ``survey open`` does not reopen an ended round by itself, and how to (zh, en)."""
    q = rnd.quarter
    zh = f"已于 {rnd.closed_at} 结束" if rnd.closed_at else f"已于 {rnd.close_on} 截止"
    en = f"was closed at {rnd.closed_at}" if rnd.closed_at else f"ended {rnd.close_on}"
    return (f"调研轮次 {q} {zh}：如需重新开启（发新链接），请运行 collabsheet survey open {q} "
            "--reopen [--close YYYY-MM-DD]；已收到的答卷保留",
            f"survey round {q} {en}: to open it again with new links, run "
            f"collabsheet survey open {q} --reopen [--close YYYY-MM-DD]; the answers "
            "given stay")  # fmt: skip
