"""The words of the CLI's error line, of ``dashboard``'s start line and of the ``remind``,
``cases``, ``metrics`` and ``weekly`` commands' printed lines, in Chinese
(zh-CN, the default) and English, as ``[general] locale`` or ``--locale`` asks. Each key's two
texts sit on one line so they cannot drift; ``say`` picks one and fills it in."""

from __future__ import annotations

from config.phrases import Phrases

# fmt: off
LINES = Phrases("jobs/run/command_text.py", {
    # the CLI's one line for an error of ours (exit 2), and dashboard's start line
    "cli.error": ("collabsheet: 错误：{message}", "collabsheet: error: {message}"),
    "cli.internal": (
        "collabsheet: 内部错误：{error}（请连同所运行的命令报告此问题；用 PYTHONDEVMODE=1 运行可"
        "看到调用栈）",
        "collabsheet: internal error: {error} (please report it with the command you ran; run "
        "with PYTHONDEVMODE=1 for the traceback)",
    ),
    "cli.interrupted": (
        "collabsheet: 已中断；已发出的消息都记在账本里，下次运行不会重发（中断时正在发送的那一条"
        "可能再发一次）",
        "collabsheet: interrupted; the messages already sent are in the ledger and the next run "
        "does not send them again (the one being sent at that moment may go again)",
    ),
    "dashboard.serving": ("看板已启动：http://{host}:{port}（按 Ctrl+C 停止）",
                          "dashboard on http://{host}:{port} (Ctrl+C to stop)"),
    # remind: the head line, each delivery's status, what was not delivered
    "remind.head": ("提醒 {at}：{n} 条消息", "remind run at {at}: {n} message(s)"),
    "remind.head_dry": (
        "提醒（试运行）{at}：将发送 {n} 条消息", "remind would send at {at}: {n} message(s)"
    ),
    "remind.not_delivered": ("未送达：{key}：{error}", "not delivered: {key}: {error}"),
    "remind.together": ("↑ 以上 {n} 条合并为一条发送：「{subject}」",
                        "↑ the {n} above go as one post: \"{subject}\""),
    "remind.holding": ("，{held} 条暂缓到工作时间再发", ", {held} held until working hours"),
    "remind.would_hold": ("，{held} 条将暂缓到工作时间再发",
                          ", would hold {held} until working hours"),
    "status.sent": ("已发送", "sent"),
    "status.would_send": ("将发送", "would send"),
    "status.held": ("暂缓", "held"),
    "status.would_hold": ("将暂缓", "would hold"),
    "status.failed": ("失败", "failed"),
    "status.pending": ("待重试", "pending"),
    "status.dead": ("放弃", "dead"),
    "status.carried": ("顺延", "carried"),
    # cases
    "cases.head": (
        "{without} 条复盘发现未填案例编号；匹配建议 {n} 条，其中采纳 {accepted} 条（{where}）",
        "{without} finding(s) without case_id; {n} suggestion(s), {accepted} accepted ({where})",
    ),
    "cases.dry": ("试运行：未写入", "dry run: nothing written"),
    "cases.written": ("已写入 _case_links", "written to _case_links"),
    "cases.totals": (
        "案例 {cases} 个：重复发生的案例 {recurring} 个，关联的复盘 {linked} 条（其中再次发生 "
        "{recurrences} 条）",
        "{cases} cases: {recurring} recurring, {linked} linked retrospectives ({recurrences} "
        "recurrences)",
    ),
    "cases.accepted": ("采纳", "accepted"),
    "cases.suggested": ("建议", "suggested"),
    # the two tables' headers, one cell each, separated by "|"
    "cases.columns": ("复盘编号|单元格|排名|案例编号|相似度|结论|匹配词",
                      "retro|cell|rank|case|score|verdict|words"),
    "cases.stat_columns": ("案例编号|发生次数|再次发生|最近发生|涉及部门",
                           "case|occurrences|recurrences|last seen|departments"),
    # metrics
    "metrics.head": ("{day} 指标", "KPIs {day}"),
    "metrics.versus_none": ("较基线 {change}（需要基线）", "{change} vs a baseline (needs one)"),
    "metrics.versus": ("较基线 {base} {change}", "{change} vs {base}"),
    # weekly: the run's one line (dry or not), a delivery from earlier this week
    "weekly.dry": ("周例会材料（试运行）{week}：{packs} 份，将写入 {folder}（未写）；"
                   "将发送 {n} 条，本周已发送过 {before} 条",
                   "weekly dry run {week}: {packs} pack(s) for {folder} (not written); {n} "
                   "message(s) would be sent, {before} already sent this week"),
    "weekly.run": ("周例会材料 {week}：{packs} 份，位于 {folder}；本次发送 {sent} 条，本周已发送过 "
                   "{before} 条，未送达 {owed} 条（{state}）",
                   "weekly run {week}: {packs} pack(s) in {folder}; {sent} message(s) sent now, "
                   "{before} already sent this week, {owed} not delivered ({state})"),
    "weekly.ok": ("均已送达", "all delivered"),
    "weekly.owed": ("有未送达", "some not delivered"),
    "weekly.already_sent": ("本周已发送过", "already sent"),
    "weekly.earlier": ("本周早先：{status}", "earlier: {status}"),
})
# fmt: on

say = LINES  # the line ``name`` in ``locale`` (English for any 'en…', else Chinese), filled in


def status_word(locale: str, status: str) -> str:
    """A delivery's status in words (an unknown one as it is)."""
    return say(locale, f"status.{status}") if f"status.{status}" in LINES else status
