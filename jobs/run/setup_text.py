"""The words of the ``demo``, ``start-project``, ``validate`` (its labels), ``schema``,
``scheduler`` and ``handbook`` commands' printed lines, in Chinese (zh-CN, the default) and
English, as ``[general] locale`` or ``--locale`` asks. Like ``jobs.run.command_text``: each key's
two texts sit on one line so they cannot drift; ``say`` picks one and fills it in."""

from __future__ import annotations

from config.phrases import Phrases

# fmt: off
LINES = Phrases("jobs/run/setup_text.py", {
    # demo
    "demo.kept": ("{out} 已存在，保留原文件（要重新生成演示工作簿请加 --force）",
                  "{out} exists; keeping it (use --force to write a new demo workbook)"),
    "demo.generating": ("生成 {today} 的演示工作簿（随机种子 {seed}）",
                        "generating the demo workbook for {today} (seed {seed})"),
    "demo.writing": ("写入 {out}", "writing {out}"),
    "demo.wrote": ("已写入 {out}：{tabs} 个表、{rows} 行、{dropdowns} 个下拉列表",
                   "wrote {out}: {tabs} tabs, {rows} rows, {dropdowns} dropdowns"),
    # init: the starter workbook written to a file, or into the Google spreadsheet
    "init.wrote": ("已写入 {path}：{tabs} 个表、{dropdowns} 个下拉列表，每表一行示例（黄色）；"
                   "下一步：在配置中设置 [workbook] path，然后运行 collabsheet validate",
                   "wrote {path}: {tabs} tabs, {dropdowns} dropdowns, one example row per tab "
                   "(yellow); next: set [workbook] path, then collabsheet validate"),
    "init.google": ("已在电子表格 {spreadsheet} 中写入 {tabs} 个表（一次请求）、{dropdowns} 个下拉"
                    "列表，每表一行示例（黄色）；下一步：collabsheet validate",
                    "wrote {tabs} tabs into spreadsheet {spreadsheet} with one request: "
                    "{dropdowns} dropdowns, one example row per tab (yellow); next: collabsheet "
                    "validate"),
    # start-project
    "start.not_started": ("{where}（{name} 未启动）", "{where}: {name} not started"),
    # a finding's severity, before its cell (validate, start-project, sla)
    "severity.error": ("错误", "ERROR"),
    "severity.warning": ("警告", "warn "),
    "severity.info": ("提示", "info "),
    # scheduler
    "scheduler.head": ("调度器：时区 {zone}，工作簿 {where}（进程 {pid}）",
                       "scheduler in {zone} for {where} (pid {pid})"),
    "scheduler.daily": ("  每日运行：每天 {at}；下次 {next}",
                        "  daily  at {at} every day; next {next}"),
    "scheduler.hourly": ("  每小时运行：工作时间内整点；下次 {next}",
                         "  hourly on the hour in working hours; next {next}"),
    "scheduler.weekly": ("  每周运行：{at}（遇节假日顺延到下一个工作日），生成周例会材料；"
                         "下次 {next}",
                         "  weekly {at} (next working day after a holiday), the meeting pack; "
                         "next {next}"),
    "scheduler.catch_up": ("  补跑：今天 {at} 的每日运行现在进行（_runs 中已有则不补）",
                           "  catch-up: today's {at} daily run now, unless _runs has it"),
    "scheduler.lock": ("  运行锁 {lock}；心跳文件 {beat}", "  lock {lock}; heartbeat {beat}"),
    "scheduler.none": ("一年内没有", "none in a year"),
    # handbook
    "handbook.no_scenario": ("--scenario {scenario}：权责清单中没有这个协作场景；可选：{valid}",
                             "--scenario {scenario}: no such scenario in the responsibility "
                             "matrix; expected one of {valid}"),
    "handbook.no_dept": ("--dept {dept}：部门表中没有这个在用的部门；可选：{valid}",
                         "--dept {dept}: no such active department; expected one of {valid}"),
    "handbook.summary": ("版本 {version}；待明确 {pending} 项",
                         "version {version}; {pending} item(s) to clarify"),
    "handbook.and": ("、", ", "),  # between the valid scenarios or departments
    "handbook.file": ("权责说明书", "handbook"),  # a document's file name: its first word,
    "handbook.company": ("全公司", "company"),  # and the company-wide document's second
})
# fmt: on

say = LINES  # the line ``name`` in ``locale`` (English for any 'en…', else Chinese), filled in


def severity_word(locale: str, severity: str) -> str:
    """A finding's severity as the label before its cell (错误 / ERROR, 警告 / warn)."""
    key = f"severity.{severity}"
    return say(locale, key) if key in LINES else say(locale, "severity.info")
