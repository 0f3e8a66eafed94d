"""Who a reminder goes to: the people tab's persons with their e-mail and their id on each chat
platform (one column per platform, each checked for that platform's format).

The former single ``IM账号`` / ``im_id`` column served every platform and reached nobody on
most (mobiles sent to Feishu as user ids); it is no longer read, and ``remind`` reports it
once at its header with where its values belong (``person.im_id_retired``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jobs.notify.escaping import defuse
from jobs.notify.mentions import FORMATS, accepted
from sheets_sync.cell import header_form
from sheets_sync.finding import Finding, a1, rule
from sheets_sync.workbook import Workbook

# chat channel kind -> the people column holding each person's id on that platform
ID_COLUMNS: dict[str, str] = {
    "dingtalk": "mobile",
    "feishu": "feishu_id",
    "wecom": "wecom_id",
    "slack": "slack_id",
}
RETIRED = ("im_id", "IM账号")  # key and label of the former one-for-all column
SCAN = 10  # header rows looked at for the former column (as the header row is found)

# id column -> (what to enter, 中文 and English)
FORMS: dict[str, tuple[str, str]] = {
    "mobile": ("11 位手机号，如 13800000002（钉钉按手机号 @）",
               "the 11-digit mobile, e.g. 13800000002 (DingTalk @s by mobile)"),
    "feishu_id": ("飞书 open_id（ou_ 加 32 位十六进制）或 user_id；"
                  "不是 union_id（on_）、手机号或邮箱",
                  "the Feishu open_id (ou_ and 32 hex digits) or user_id; not a union_id (on_), "
                  "a mobile or an e-mail"),
    "wecom_id": ("企业微信 userid（通讯录中的“账号”：字母、数字和 _-@.，"
                 "以字母或数字开头，最长 64 字节）",
                 "the WeCom userid (the account in the directory: letters, digits and _-@., "
                 "starting with a letter or digit, at most 64 bytes)"),
    "slack_id": ("Slack 成员 ID（个人资料 → 复制成员 ID，以 U 或 W 开头）",
                 "the Slack member id (profile → Copy member ID, starting with U or W)"),
}  # fmt: skip
for _key, (_zh, _en) in FORMS.items():
    rule(
        f"person.{_key}", "warning",
        ("「{value}」不是有效的{label}，在该平台的群消息中无法 @ 此人", "填写" + _zh),
        ("'{value}' is not a valid {label}; this person cannot be @-mentioned on that platform",
         "enter " + _en),
    )  # fmt: skip
rule(
    "person.im_id_retired", "warning",
    ("「IM账号」列已不再读取（每个平台各有一列）：其中 {count} 个值的 @ 会丢失",
     "把这些值移到对应的列：{moves}；然后删除「IM账号」列"),
    ("the im_id (IM账号) column is no longer read (each platform has its own column): the "
     "@-mentions of its {count} values are lost",
     "move the values to their columns: {moves_en}; then delete the im_id column"),
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    """An active person of the people tab; ``ids``: chat kind -> their valid id there."""

    person_id: str
    name: str
    dept_id: str
    email: str
    role: str
    index: int = 0  # the record's place in the people table (for its cells)
    ids: Mapping[str, str] = field(default_factory=dict)

    def id_on(self, kind: str) -> str:
        """Their id on a chat platform ("" when missing or not valid there)."""
        return self.ids.get(kind, "")


def people_of(wb: Workbook) -> dict[str, Person]:
    """The active persons by id, names defused (they reach messages), ids checked."""
    out: dict[str, Person] = {}
    for i, r in enumerate(wb["people"].records()):
        if not r["person_id"] or r["active"] is False:
            continue
        ids = {kind: accepted(kind, r.get(key)) for kind, key in ID_COLUMNS.items()}
        out[str(r["person_id"])] = Person(
            str(r["person_id"]), defuse(str(r["name"] or r["person_id"])),
            str(r["dept_id"] or ""), str(r["email"] or "").strip(), str(r["role"] or "member"),
            i, {k: v for k, v in ids.items() if v},
        )  # fmt: skip
    return out


def id_findings(wb: Workbook) -> list[Finding]:
    """Every id cell that is not its platform's format (the person cannot be @-mentioned)."""
    table = wb["people"]
    out = []
    for kind, key in ID_COLUMNS.items():
        if key not in table.positions:
            continue
        label = table.schema.column(key).label
        for i, v in enumerate(table.column(key)):
            if v is not None and not accepted(kind, v):
                out.append(Finding(table.title, table.cell(key, i), v, f"person.{key}",
                                   {"label": label}))  # fmt: skip
    return out


def suggested(value: Any) -> str:
    """The column a value of the former im_id column belongs in, judged by its form."""
    if accepted("dingtalk", value):
        return "mobile"
    text = str(value).strip()
    if text.startswith("ou_") or text.startswith("on_"):
        return "feishu_id"
    if FORMATS["slack"].match(text):
        return "slack_id"
    return "wecom_id" if accepted("wecom", value) else "feishu_id"


def retired_findings(raw: Mapping[str, Sequence[Sequence[Any]]], wb: Workbook) -> list[Finding]:
    """One finding at the header of a former ``IM账号`` column still holding values: how many
    of them belong in each new column, judged by their form (the migration to do by hand)."""
    table = wb["people"]
    rows = raw.get(table.title) or ()
    wanted = {header_form(x) for x in RETIRED}
    for r, row in enumerate(rows[:SCAN]):
        for j, h in enumerate(row or ()):
            if isinstance(h, str) and header_form(h) in wanted:
                return _moves(table, rows, r, j, h)
    return []


def _moves(table: Any, rows: Sequence[Sequence[Any]], head: int, j: int, h: str) -> list[Finding]:
    values = [row[j] for row in rows[head + 1 :] if row and j < len(row)]
    counts = Counter(suggested(v) for v in values if v is not None and str(v).strip())
    if not counts:
        return []
    order = sorted(counts, key=lambda k: (-counts[k], k))
    moves = "、".join(f"{table.schema.column(k).label} {counts[k]} 个" for k in order)
    moves_en = ", ".join(f"{counts[k]} to {k}" for k in order)
    params = {"count": sum(counts.values()), "moves": moves, "moves_en": moves_en}
    return [Finding(table.title, a1(j, head + 1), h, "person.im_id_retired", params)]
