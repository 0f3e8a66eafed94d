"""Whether each person can be reached where their messages go, and what is said when not.

A message by e-mail needs the person's 邮箱; a group message @-mentions each person by their
id on that platform (手机号, 飞书ID, 企业微信ID, Slack ID). A person without it is a finding at
the cell that lacks it (``人员!D12``), and each message or @ this costs today is an item on the
coordinators' list: a mail without an address is not planned at all, never an outbox file
recorded as sent. (With no e-mail configured the local outbox is the channel and needs none.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from config.phrases import Phrases
from jobs.notify import Item, Section
from jobs.reminders.people import ID_COLUMNS, Person
from sheets_sync.finding import Finding, rule
from sheets_sync.table import Table

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
    "zh-CN": {"section": "无法送达（缺少联系方式）",
              "mail": "{name}（{pid}）：「{subject}」没有发出：邮箱为空",
              "mention": "{name}（{pid}）：{platform}群消息未能 @ 此人：{label}为空或格式不对",
           "column": "「人员」表没有「{label}」列：{platform}群消息无法 @ 任何人"},
    "en": {"section": "Not delivered (contact missing)",
           "mail": "{name} ({pid}): '{subject}' was not sent: no e-mail address",
           "mention": "{name} ({pid}): not @-mentioned in the {platform} group: {key} empty or "
                      "not valid",
           "column": "the people tab has no {key} column: {platform} groups @ nobody"},
})  # fmt: skip


class Reach:
    """The addresses missing in one plan: findings by cell, items for the coordinators."""

    def __init__(self, table: Table, link: Callable[[str, str], str], locale: str) -> None:
        self.table, self.link = table, link
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

    def section(self) -> tuple[Section, ...]:
        """The coordinators' section of what could not reach whom (none when all could)."""
        return (Section(self.words["section"], tuple(self.items.values())),) if self.items else ()

    def findings(self) -> list[Finding]:
        return list(self.found.values())
