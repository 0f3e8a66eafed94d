"""Whether each person can be reached where their messages go, and what is said when not.

A message by e-mail needs the person's 邮箱; a group message @-mentions each person by their
id on that platform (手机号, 飞书ID, 企业微信ID, Slack ID). A person without it is a finding at
the cell that lacks it (``人员!D12``), and each message or @ this costs today is an item on the
coordinators' list: a mail without an address is not planned at all, never an outbox file
recorded as sent. (With no e-mail configured the local outbox is the channel and needs none.)
So is a person a cell names who is not in the people tab (a name typed for an id, 张伟 for
P001): nothing can be addressed to them, and the coordinators are told what was not sent (the
cell's own finding, from validation, says the fix).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from config.phrases import Phrases
from jobs.notify import Item, Section
from jobs.reminders.people import ID_COLUMNS, Person
from sheets_sync.finding import Finding, rule
from sheets_sync.workbook import Workbook

rule(
    "remind.no_address", "error",
    ("{name} 的提醒通过邮件发送，但「邮箱」为空：提醒没有发出，已列入协调员清单",
     "填写 {name} 的邮箱"),
    ("{name}'s reminders go by e-mail, but the email cell is empty: they were not sent and are "
     "listed for the coordinators", "enter {name}'s e-mail address"),
)  # fmt: skip
rule(
    "remind.no_mention_id", "warning",
    ("{name} 所在部门的消息发到{platform}群，但「{label}」为空或格式不对：群消息无法 @ 此人",
     "填写 {name} 的{label}"),
    ("{name}'s department posts to a {platform} group, but {key} ({label}) is empty or not "
     "valid: the group message cannot @-mention them", "enter {name}'s {key}"),
)  # fmt: skip

rule(
    "remind.no_id_column", "warning",
    ("「人员」表没有「{label}」列：{platform}群消息无法 @ 任何人",
     "在「人员」表添加「{label}」列（{key}），填写每个人的{label}"),
    ("the people tab has no {key} ({label}) column: {platform} group messages cannot "
     "@-mention anyone", "add the {key} ({label}) column to the people tab and fill it in"),
)  # fmt: skip
PLATFORMS = Phrases("jobs/reminders/reach.py PLATFORMS", {
    "dingtalk": ("钉钉", "DingTalk"), "feishu": ("飞书", "Feishu"), "wecom": ("企业微信", "WeCom"),
    "slack": ("Slack", "Slack"),
})  # fmt: skip
WORDS = Phrases.from_locales("jobs/reminders/reach.py", {
    "zh-CN": {"section": "无法送达（缺少联系方式、人员已停用或部门无负责人）",
              "mail": "{name}（{pid}）：「{subject}」没有发出：邮箱为空",
              "mention": "{name}（{pid}）：{platform}群消息未能 @ 此人：{label}为空或格式不对",
           "column": "「人员」表没有「{label}」列：{platform}群消息无法 @ 任何人",
           "stranger": "「{value}」不是「人员」表中的人员编号：{what}没有发出，请改填编号",
           "assignee": "{refs} 的提醒", "head": "{dept} 的部门升级", "sep": "、",
           "inactive": "{name}（{pid}）已停用（「启用」为否）：{what}没有发出，请改派或重新启用",
           "no_head": "{dept} 没有填写负责人：发给部门负责人的升级提醒没有发出",
           "left": "「部门」表中 {dept_id} 的行未被读取（原因见 _checks 或 collabsheet "
                   "validate）：发给部门负责人的升级提醒没有发出，请先修正该行",
           "then": "；"},
    "en": {"section": "Not delivered (contact missing, person inactive or no head)",
           "mail": "{name} ({pid}): '{subject}' was not sent: no e-mail address",
           "mention": "{name} ({pid}): not @-mentioned in the {platform} group: {key} empty or "
                      "not valid",
           "column": "the people tab has no {key} column: {platform} groups @ nobody",
           "stranger": "'{value}' is no person id of the people tab: {what} not sent; enter "
                       "the id",
           "assignee": "the reminders of {refs}", "head": "{dept}'s escalation to its head",
           "sep": ", ",
           "inactive": "{name} ({pid}) is inactive: {what} not sent; reassign or set them active",
           "no_head": "{dept} has no head: its escalations to a head were not sent",
           "left": "the row of {dept_id} in the departments tab was not read (see _checks or "
                   "collabsheet validate): its escalations to a head were not sent; correct "
                   "the row first",
           "then": "; "},
})  # fmt: skip


# an obligation's kind -> (tab, its id column, the column naming its person)
WHO = {
    **dict.fromkeys(("response", "completion", "approval"), ("tasks", "task_id", "assignee")),
    "dispute": ("disputes", "dispute_id", "raised_by"),
    "action": ("retrospectives", "retro_id", "action_owner"),
    "retrospective": ("projects", "project_id", "owner"),
}


class Reach:
    """The addresses missing in one plan: findings by cell, items for the coordinators."""

    def __init__(self, wb: Workbook, link: Callable[[str, str], str], locale: str) -> None:
        self.wb, self.table, self.link = wb, wb["people"], link
        # every id the people tab holds: an inactive person, or a row left out for an error,
        # is someone (said elsewhere), not a name typed for an id
        self.ids = {str(p) for p in self.table.column("person_id") if p} | {
            str(r["person_id"]) for r in self.table.skipped if r.get("person_id")}  # fmt: skip
        # person id -> row of those marked inactive (启用 否): no message goes to them, which the
        # coordinators are told (trial18: an overdue task's reminder reached nobody, unsaid)
        self.inactive = {str(p): i for i, (p, a) in enumerate(zip(
            self.table.column("person_id"), self.table.column("active"), strict=True))
            if p and a is False}  # fmt: skip
        self.locale = locale
        self.words = WORDS.words(locale)
        self.found: dict[str, Finding] = {}
        self.items: dict[tuple[str, str], Item] = {}

    def _gap(self, who: Person, key: str, rule_id: str, text: str, **params: str) -> None:
        cell = self.table.cell(key, who.index)
        label = self.table.schema.column(key).label
        value = self.table.column(key)[who.index]
        self.found.setdefault(cell, Finding(self.table.title, cell, value, rule_id, {
            "name": who.name, "key": key, "label": label, **params}))  # fmt: skip
        self.items.setdefault((who.person_id, text), Item(text, self.link(self.table.title, cell)))

    def mail_missing(self, who: Person, subject: str) -> None:
        """A mail to ``who`` that cannot go: not planned, said here."""
        text = self.words["mail"].format(name=who.name, pid=who.person_id, subject=subject)
        self._gap(who, "email", "remind.no_address", text)

    def mentions(self, kind: str, persons: Iterable[Person]) -> tuple[str, ...]:
        """The ids to @ in a group of ``kind``, each person at most once; a person without a
        valid id there is a gap (the message still goes to the group)."""
        key = ID_COLUMNS.get(kind)
        if key is None:
            return ()
        platform = PLATFORMS(self.locale, kind)
        label = self.table.schema.column(key).label
        persons = list(persons)
        if key not in self.table.positions:  # an old workbook: said once, not per person
            if persons:
                self._column_missing(key, label, platform)
            return ()
        out: list[str] = []
        for who in persons:
            got = who.id_on(kind)
            if got:
                out.append(got)
                continue
            text = self.words["mention"].format(
                name=who.name, pid=who.person_id, platform=platform, label=label, key=key
            )
            self._gap(who, key, "remind.no_mention_id", text, platform=platform)
        return tuple(dict.fromkeys(out))

    def _column_missing(self, key: str, label: str, platform: str) -> None:
        title = self.table.title
        params = {"key": key, "label": label, "platform": platform}
        gap = Finding(title, "A1", None, "remind.no_id_column", params)
        self.found.setdefault(f"A1:{key}", gap)
        text = self.words["column"].format(**params)
        self.items.setdefault(("", text), Item(text, self.link(title, "A1")))

    def strangers(self, refs_of: dict[str, list[tuple[str, str]]]) -> None:
        """Person ids no person has -> the (kind, ref) of the obligations assigned to each: their
        reminders are not sent; one item per id, at the cell naming them in its first row (a
        task's 执行人, a dispute's 提出人, an action's 整改负责人)."""
        w = self.words
        for value, refs in sorted(refs_of.items(), key=lambda kv: str(kv[0])):
            shown = w["sep"].join(dict.fromkeys(str(r) for _, r in refs[:3]))
            what = w["assignee"].format(refs=shown + ("…" if len(refs) > 3 else ""))
            if str(value) in self.ids:
                self._inactive(str(value), what)  # someone, maybe inactive (said here)
                continue
            kind, ref = refs[0]
            where = WHO.get(kind, WHO["completion"])
            self._stranger(value, what, *self._cell(where[0], where[1], ref, where[2]))

    def stranger_head(self, value: str, dept_id: str, dept: str) -> None:
        """A department's head who is not in the people tab: its escalations are not sent."""
        what = self.words["head"].format(dept=dept)
        if value in self.ids:
            self._inactive(value, what)
            return
        tab, cell = self._cell("departments", "dept_id", dept_id, "head")
        self._stranger(value, what, tab, cell)

    def no_head(self, dept_id: str, dept: str) -> None:
        """A department with escalations for its head and no head typed (trial18: its items
        said 已升级至部门负责人 while none was sent)."""
        tab, cell = self._cell("departments", "dept_id", dept_id, "head")
        text = self.words["no_head"].format(dept=dept)
        self.items.setdefault(("!", text), Item(text, self.link(tab, cell) if tab else ""))

    def left_out(self, dept_id: str) -> None:
        """A department with escalations for its head whose row was left out (a blank 部门名称,
        a repeated id: its own finding says which); said so, not as a blank 负责人, which now
        loads (``dept.no_head``). No row at all (an unknown id): its cells' ref.unknown says."""
        departments = self.wb["departments"]
        if not any(str(r.get("dept_id")) == dept_id for r in departments.skipped):
            return
        text = self.words["left"].format(dept_id=dept_id)
        self.items.setdefault(("!", text), Item(text, self.link(departments.title, "A1")))

    def _inactive(self, pid: str, what: str) -> None:
        """An item for someone marked inactive that a message was meant for."""
        i = self.inactive.get(pid)
        if i is None:
            return
        name = str(self.table.column("name")[i] or pid) if "name" in self.table.positions else pid
        text = self.words["inactive"].format(name=name, pid=pid, what=what)
        self.items.setdefault(
            (pid, text), Item(text, self.link(self.table.title, self.table.cell("active", i)))
        )

    def _stranger(self, value: str, what: str, tab: str, cell: str) -> None:
        text = self.words["stranger"].format(value=str(value), what=what)
        self.items.setdefault(("?", text), Item(text, self.link(tab, cell) if tab else ""))

    def _cell(self, tab: str, id_key: str, ident: str, key: str) -> tuple[str, str]:
        """The title of ``tab`` and the A1 cell of ``key`` in the row whose ``id_key`` is
        ``ident`` (found by a scan: only for the few strangers of a plan)."""
        table = self.wb[tab]
        ids: Sequence[object] = table.column(id_key)
        i = next((i for i, v in enumerate(ids) if str(v) == str(ident)), None)
        return (table.title, table.cell(key, i)) if i is not None else ("", "")

    def unread(self) -> tuple[Item, ...]:
        """Per tab not read (its header broken), its first problem and fix at its cell: none of
        its items is in any message (the coordinators' list says so)."""
        sep, first = self.words["then"], dict[str, Finding]()
        for f in self.wb.unread:
            first.setdefault(f.tab, f)
        return tuple(Item(f"{f.tab} {f.message(self.locale)}{sep}{f.fix(self.locale)}",
                          self.link(f.tab, f.cell)) for f in first.values())  # fmt: skip

    def section(self) -> tuple[Section, ...]:
        """The coordinators' section of what could not reach whom (none when all could)."""
        return (Section(self.words["section"], tuple(self.items.values())),) if self.items else ()

    def findings(self) -> list[Finding]:
        return list(self.found.values())
