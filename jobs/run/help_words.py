"""The command line's help in Chinese: each English help text (as the commands write it) ->
its Chinese, as gettext keys a catalogue by the source text, and the examples whose comment is
words likewise. ``tests/test_cli_language.py`` checks that every help text of every command has
its entry here, that no entry is left over, and that no example keeps an English comment."""

from __future__ import annotations

# fmt: off
ZH: dict[str, str] = {
    # the main parser and the options of every command
    "Cross-department collaboration on shared spreadsheets.": "在共享表格上开展跨部门协作。",
    "show this help message and exit": "显示本帮助并退出",
    "config file (default: $COLLABSHEET_CONFIG or config/collabsheet.toml)":
        "配置文件（默认：$COLLABSHEET_CONFIG 或 config/collabsheet.toml）",
    "machine-readable output": "输出机器可读的 JSON",
    "no progress lines on stderr": "不在 stderr 上输出进度行",
    "language of the output (default: [general] locale)": "输出的语言（默认：[general] locale）",
    "language of the terminal's output (default: [general] locale); the messages sent and the "
    "bot tabs stay in [general] locale":
        "终端输出的语言（默认：[general] locale）；发出的消息和机器人工作表仍按 [general] locale",
    "wait this long for a running job to finish (default 60), then exit 2 naming it":
        "等待正在运行的作业结束的秒数（默认 60）；超时则退出码 2 并说明是哪个作业",
    "run as of this local time": "按这个本地时间运行",
    "compute and print; write nothing": "只计算并显示，不写入",
    # the commands
    "write the demo workbook (a realistic company, with planted problems)":
        "生成演示工作簿（一家仿真的公司，预埋了一些问题）",
    "write an empty starter workbook to fill in: headers, dropdowns, hints, example rows":
        "生成一个待填写的空白工作簿：表头、下拉列表、填写提示和示例行",
    "print the tab reference (the columns of every tab) as Markdown; --json: as JSON (each tab, "
    "its columns, types, enums and the tabs they refer to)":
        "以 Markdown 输出工作表说明（每个表的各列）；--json：以 JSON 输出（每个表的列、类型、"
        "可选值及引用的表）",
    "check every tab; write the problems to _checks": "校验每个工作表；问题写入 _checks",
    "compute the SLA of every open obligation on the working calendar; write _sla":
        "按工作日历计算每项未完成事项的时限（SLA）；写入 _sla",
    "compute every KPI against its target and baseline; append today's values to _metrics":
        "计算每个指标并对照目标和基线；把今天的数值追加到 _metrics",
    "suggest library cases for retrospective findings without case_id; write _case_links":
        "为没有填写案例编号的复盘问题推荐案例库中的相似案例；写入 _case_links",
    "send due digests and escalations (email, Feishu, DingTalk, WeCom, Slack, outbox)":
        "发送到期的每日汇总和升级提醒（邮件、飞书、钉钉、企业微信、Slack、本地发件箱）",
    "one daily or hourly run: validate, SLA, metrics, reminders; one write of the bot tabs "
    "(exit 1 while a message is pending, failed or dead, from this run or an earlier one; 2 "
    "when the run failed)":
        "执行一次每日或每小时运行：校验、时限、指标、提醒；结果表一次写入（有待重试、失败或放弃的"
        "消息时退出码 1，无论来自本次还是之前的运行；运行失败时退出码 2）",
    "start a project from a template: append it and one task per step, with hand-off and due "
    "times on the working calendar; warns when the plan reaches a year without an official "
    "holiday schedule":
        "按流程模板启动项目：追加项目和每个环节的任务，交接和截止时间按工作日历计算；计划涉及"
        "尚无官方节假日安排的年份时给出警告",
    "run the daily job and the hourly job (in working hours) in the configured time zone until "
    "SIGTERM or Ctrl+C":
        "按配置的时区运行每日作业和（工作时间内的）每小时作业，直到收到 SIGTERM 或按 Ctrl+C",
    "write the 权责说明书 (responsibility handbook) from the matrix, the templates, the SLA rules "
    "and the escalation ladder: one document per department and one for the company":
        "根据权责清单、流程模板、时限规则和升级路径生成权责说明书：每个部门一份，全公司一份",
    "check the workbook, the results file, the ledger database, the journal, the run lock, the "
    "channels and the survey's secret and link address (sends nothing): the record of sent "
    "messages (what the next run rebuilds, or would send again), the latest failed run of each "
    "kind, departments whose channel is not configured; exit 1 when something needs doing":
        "检查工作簿、结果文件、账本数据库、发送日志、运行锁、通知渠道以及调研的密钥和链接地址"
        "（不发送任何消息）：已发送消息的记录（下次运行会重建什么，会不会重发）、每类运行最近一次"
        "失败、通知渠道未配置的部门；有需要处理的问题时退出码 1",
    "list the 整改清单: open retrospective actions across projects with owner, due and status, "
    "overdue first":
        "列出整改清单：各项目未完成的复盘整改措施，含负责人、期限和状态，已超时的在前",
    "start the manager dashboard (Streamlit), on 127.0.0.1 unless --address says otherwise":
        "启动管理看板（Streamlit），默认只在 127.0.0.1 上提供，--address 可另行指定",
    "the quarterly satisfaction survey: open a round (personal links by each person's "
    "channel), remind, close, status (response rate per department)":
        "季度满意度调研：开启一轮（通过各人的渠道发送个人链接）、提醒、关闭、查看状态"
        "（各部门的回收率）",
    "write the weekly meeting pack (周例会材料): one for management and one per department (KPIs "
    "against target with their trend, breached and escalated items, disputes awaiting a "
    "decision, retrospective actions due or overdue, recurring cases, the survey) as .docx, "
    ".html and .xlsx into [weekly] folder/WEEK/ (default: weekly/ beside the workbook), and "
    "tell the heads, management and coordinators through their channels; once per ISO week: a "
    "second run rewrites the files and sends nothing again (exit 1 while a message is not "
    "delivered)":
        "生成周例会材料：管理层一份、每个部门一份（指标对照目标及趋势、已超时和已升级事项、待决策"
        "的争议、到期或超时的整改措施、反复出现的案例、满意度调研），以 .docx、.html 和 .xlsx "
        "写入 [weekly] folder/周次/（默认：工作簿旁的 weekly/），并通过各自的渠道通知部门负责人、"
        "管理层和协调员；每个 ISO 周一次：再次运行会重写文件，但不再发送（有消息未送达时退出码 1）",
    # demo, init
    "where to write (default: [workbook] path)": "写到哪里（默认：[workbook] path）",
    "random seed (default 7)": "随机种子（默认 7）",
    "number of tasks, for large benchmark workbooks": "任务数量，用于生成大型的性能测试工作簿",
    "date the demo is relative to (default: today)": "演示数据所基于的日期（默认：今天）",
    "overwrite an existing workbook": "覆盖已有的工作簿",
    "language of the headers, hints and tab titles (default: [general] locale)":
        "表头、填写提示和工作表名称的语言（默认：[general] locale）",
    "the .xlsx file to write; without it, the Google spreadsheet of [workbook]":
        "要写入的 .xlsx 文件；不指定时写入 [workbook] 配置的 Google 表格",
    "overwrite an existing file": "覆盖已有的文件",
    # sla, metrics, cases
    "language of the terminal's output; _sla stays in [general] locale":
        "终端输出的语言；写入 _sla 的截止时间说明仍按 [general] locale",
    "only this department (id or name)": "只看这个部门（编号或名称）",
    "only this person (id or name)": "只看这个人（编号或姓名）",
    "only this status: on_track, at_risk or breached, or in words: 正常, 有风险, 已超时 (the "
    "counts beside the total follow every filter; an unknown department, person or status is "
    "named with the valid ones)":
        "只看这个状态：正常、有风险、已超时（也可写 on_track、at_risk、breached；总数旁的各状态"
        "计数同样按所有筛选条件；不存在的部门、人员或状态会连同可选值一起列出）",
    "only this kind of obligation: response, completion, approval, dispute, action or "
    "retrospective":
        "只看这一类事项：response（响应）、completion（完成）、approval（审批）、dispute（争议）、"
        "action（整改）或 retrospective（复盘）",
    "language of the terminal's output (the KPI names); _metrics stays in [general] locale":
        "终端输出（指标名称）的语言；_metrics 仍按 [general] locale",
    "print the baselines measured over this quarter (e.g. 2026Q1) for [baselines]; write "
    "nothing":
        "输出按这个季度（如 2026Q1）测得的基线，供填入 [baselines]；不写入",
    "only this finding": "只看这条复盘问题",
    "per case: occurrences, recurrences": "按案例统计：出现次数、复发次数",
    # remind, run, start-project, scheduler
    "show what would be sent; send nothing": "显示将要发送的内容；不发送",
    "the hourly run: only new level-3 escalations, retries, held messages and new-task "
    "announcements":
        "每小时运行：只发新的三级升级、重试、暂缓的消息和新任务通知",
    "compute everything and count what would be sent; write and send nothing":
        "全部计算并统计将要发送的消息；不写入、不发送",
    "daily: everything; hourly: the SLA, new level-3 escalations, retries, held messages and "
    "new-task announcements":
        "daily：全部；hourly：时限、新的三级升级、重试、暂缓的消息和新任务通知",
    "language of the terminal's output; new rows' 备注 stay in [general] locale":
        "终端输出的语言；追加的行中的备注仍按 [general] locale",
    "template to use (or --type/--scale)": "使用的模板（或用 --type/--scale 选择）",
    "pick the template by 项目类型 (or 协作场景), e.g. 产品研发; several fitting: they are listed "
    "(exit 1); none: the valid types and scales are listed (exit 2)":
        "按项目类型（或协作场景）选模板，如 产品研发；有多个符合时列出它们（退出码 1）；没有符合的"
        "时列出可选的类型和规模（退出码 2）",
    "pick the template by 协作规模: 小/中/大 (small/medium/large) or 跨N部门, N the departments "
    "responsible or accountable for its steps":
        "按协作规模选模板：小/中/大，或 跨N部门（N 为负责或最终负责各环节的部门数）",
    "project name; refused when a project that is not cancelled (planned, active or done) "
    "already has it":
        "项目名称；已有同名且未取消（计划中、进行中或已完成）的项目时拒绝",
    "a date (or today, tomorrow: in the configured time zone) starts at that day's first "
    "working moment (09:00, or the next working day's); a date before today is refused, a "
    "start earlier today begins now":
        "开始日期（或 today、tomorrow，按配置的时区）：从当天第一个工作时刻开始（09:00，非工作日"
        "则为下一个工作日的）；早于今天的日期会被拒绝，今天已过的开始时间按现在开始",
    "default: the initiating dept's head": "默认：发起部门的负责人",
    "default: accountable dept of the first step": "默认：第一个环节的最终负责部门",
    "print the plan; append nothing": "显示计划；不追加任何行",
    "daily run time (default: [scheduler] daily_at, 09:00)":
        "每日运行的时间（默认：[scheduler] daily_at，09:00）",
    "default: [scheduler] heartbeat or beside the workbook":
        "默认：[scheduler] heartbeat，或工作簿旁",
    "print the schedule and exit": "显示运行计划并退出",
    # handbook, actions, dashboard, weekly
    "only this department's document, by id or name (repeatable; default: every department "
    "and the company)":
        "只生成这个部门的说明书，写编号或名称（可重复；默认：每个部门和全公司）",
    "only this scenario, e.g. 产品研发": "只看这个协作场景，如 产品研发",
    "file format (default docx)": "文件格式（默认 docx）",
    "folder for the files (default: handbook/ beside the workbook)":
        "文件存放的文件夹（默认：工作簿旁的 handbook/）",
    "only actions whose owner is in this department (id or name)":
        "只看负责人属于这个部门的整改措施（写部门编号或名称）",
    "only this owner (id or name)": "只看这个负责人（编号或姓名）",
    "only this project": "只看这个项目",
    "done actions too (listed last)": "也列出已完成的措施（列在最后）",
    "port (default: [dashboard] port, 8501)": "端口（默认：[dashboard] port，8501）",
    "address to listen on (default: [dashboard] address, 127.0.0.1, this machine only); "
    "0.0.0.0 opens it to the network":
        "监听的地址（默认：[dashboard] address，127.0.0.1，仅本机）；0.0.0.0 对网络开放",
    'serve on a network address although [dashboard] auth = "none" (anyone who can reach the '
    'machine sees the data); also [dashboard] i_know_it_is_open = true':
        '在 [dashboard] auth = "none" 时仍对网络开放（能访问这台机器的人都能看到数据）；也可设置 '
        "[dashboard] i_know_it_is_open = true",
    "show the packs and messages; write and send nothing": "显示材料和消息；不写入也不发送",
    # survey
    "open the quarter's round: record it in _survey_rounds and send each active person an "
    "invitation with a personal link to the survey form (signed with the secret in "
    "$COLLABSHEET_SURVEY_SECRET, [survey] secret_env)":
        "开启该季度的调研：记入 _survey_rounds，并给每位在岗人员发送带个人链接的邀请（链接用 "
        "$COLLABSHEET_SURVEY_SECRET 中的密钥签名，见 [survey] secret_env）",
    "remind, once, the people who have not answered, from [survey] remind_after_workdays "
    "working days after the round opened":
        "开启后满 [survey] remind_after_workdays 个工作日起，提醒尚未填写的人（只提醒一次）",
    "close the quarter's round now: its links stop working; the final response rate is "
    "recorded in _survey_rounds":
        "立即关闭该季度的调研：链接失效；最终回收率记入 _survey_rounds",
    "the response rate per department (answers that count / active people) of a quarter, else "
    "of the open or latest round":
        "某季度（不指定则为进行中或最近一轮）各部门的回收率（有效答卷 / 在岗人数）",
    "append a form tool's export (问卷星, 腾讯问卷, 飞书问卷, Google Forms; CSV or xlsx) to "
    "满意度调研: columns found by [survey_import] in the config, departments by name or id, "
    "ratings 1-5 or 非常满意…非常不满意; rejected rows named by cell; nothing appended twice":
        "把问卷工具的导出文件（问卷星、腾讯问卷、飞书问卷、Google Forms；CSV 或 xlsx）追加到"
        "满意度调研：按配置的 [survey_import] 找列，部门写名称或编号，评分 1-5 或 非常满意…"
        "非常不满意；被拒绝的行会指出单元格；不会重复追加",
    "2026Q4 (also 2026-Q4, 2026年第4季度)": "季度，如 2026Q4（也可写 2026-Q4、2026年第4季度）",
    "the last day answers are taken (default: [survey] close_after_workdays working days from "
    "today)":
        "收取答卷的最后一天（默认：从今天起 [survey] close_after_workdays 个工作日）",
    "open again a round that was closed or is past its close date: a new round with a new "
    "close date and new links (without it, an ended round is refused)":
        "重新开启已关闭或已过截止日期的一轮：新的一轮，有新的截止日期和新链接（不加此选项时，"
        "已结束的一轮会被拒绝）",
    "the export: .csv (UTF-8 or GBK), .xlsx or .xls":
        "导出文件：.csv（UTF-8 或 GBK）、.xlsx 或 .xls",
    "the quarter the answers belong to, e.g. 2026Q4": "答卷所属的季度，如 2026Q4",
    "print the rows that would be appended; append nothing": "显示将要追加的行；不追加",
}

# a command's example whose comment is words -> its Chinese (the command before # as is)
EXAMPLES: dict[str, str] = {
    "collabsheet init data/team.xlsx --locale en   # Google Sheets: collabsheet init":
        "collabsheet init data/team.xlsx --locale en   # Google 表格：collabsheet init",
    "collabsheet schema > tabs.md   # as JSON: collabsheet schema --json":
        "collabsheet schema > tabs.md   # 以 JSON 输出：collabsheet schema --json",
}
# fmt: on
