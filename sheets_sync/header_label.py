"""How a header cell is matched to a column: as people type headers.

Full- and half-width brackets, colons and spaces compare equal (NFKC, plus 【】 and 〔〕 as
brackets), newlines and spaces are ignored, and a bracketed note or unit (``（计划）``,
``(R)``, ``（小时）``, ``[必填]``, ``【…】``) is set aside before matching. A header that names no
column but is close to one (contains its label, or a small edit distance) is a near miss: it
is reported, never silently ignored (``header.near_miss``). A unit note other than hours on
a column read in hours is reported too (``header.unit_not_hours``): the SLA clock counts
business hours, so a number of days cannot be converted honestly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sheets_sync.cell import header_form

_BRACKETS = str.maketrans({"【": "[", "】": "]", "〔": "[", "〕": "]", "〖": "[", "〗": "]"})
_NOTE = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_MARKS = "*※★☆"  # a required (or key) column's mark, before or after the label
_CJK = re.compile(r"[\u3400-\u9fff]")
# an English label before or after a Chinese one (the form has no spaces: 任务编号taskid)
_LATIN_END = re.compile(
    r"^[a-z][a-z0-9_./&'-]*(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])[a-z][a-z0-9_./&'-]*$"
)
_HOURS = {"h", "hr", "hrs", "hour", "hours", "小时", "时", "工时", "工作小时"}
_DAYS, _MINUTES, _WEEKS = ("天", "days"), ("分钟", "minutes"), ("周", "weeks")
_NOT_HOURS = {
    **dict.fromkeys(("d", "day", "days", "天", "日", "工作日", "自然日"), _DAYS),
    **dict.fromkeys(("min", "mins", "minutes", "分钟", "分"), _MINUTES),
    **dict.fromkeys(("w", "week", "weeks", "周"), _WEEKS),
}


def split_header(text: Any) -> tuple[str, tuple[str, ...]]:
    """(the header's comparable form without its bracketed notes, the notes). A required
    mark (``任务编号*``, ``*步骤序号``, ``※``) is set aside too, and so is an English label
    beside a Chinese one (``任务编号 Task ID``, ``项目编号\nProject ID``): the manual and
    bilingual templates write headers so (trial10: the whole tab was not read)."""
    form = unicodedata.normalize("NFKC", "" if text is None else str(text)).translate(_BRACKETS)
    form = re.sub(r"\s+", "", form).casefold()
    notes = tuple(a or b for a, b in _NOTE.findall(form))
    base = _NOTE.sub("", form).strip(":").strip(_MARKS).strip(":")
    return base, notes


def _bilingual(lookup: Mapping[str, str], base: str) -> str | None:
    """The key of a Chinese label with its English name beside it (``任务编号 Task ID``): only
    when the English names that same column (its key as words: ``taskid``), so ``执行人ID``,
    a column of its own, never takes 执行人's place (review11)."""
    if not (_CJK.search(base) and (latin := _LATIN_END.search(base))):
        return None
    key = lookup.get(_LATIN_END.sub("", base).strip(_MARKS).strip(":"))
    words = re.sub(r"[^a-z0-9]", "", latin.group())
    return key if key is not None and words == re.sub(r"[^a-z0-9]", "", key) else None


def match(lookup: Mapping[str, str], text: Any) -> str | None:
    """The column key a header names: its exact form first, then without its notes and
    marks, then its Chinese label with the column's English name beside it."""
    key = lookup.get(header_form(text))
    if key is None:
        base = split_header(text)[0]
        key = lookup.get(base) if base else None
        if key is None and base:
            key = _bilingual(lookup, base)
    return key


# the label's last word -> what people write for it: 日期 for 时间 and back (trial18), ID,
# 编码 or 号 for 编号 (任务ID, 项目编码, 任务号: a tasks tab headed 任务ID went unread)
_OTHER_WORDS = (
    ("时间", "日期"), ("日期", "时间"), ("编号", "ID"), ("编号", "编码"), ("编号", "号"),
)  # fmt: skip


def other_word(label: str) -> list[str]:
    """The label with its last word as people also write it (截止日期 for 截止时间, 开始时间
    for 开始日期, 任务ID / 任务编码 / 任务号 for 任务编号); a label that is only the word has
    none."""
    return [label[: -len(a)] + b for a, b in _OTHER_WORDS if len(label) > 2 and label.endswith(a)]


def other_lookup(columns: Iterable[Any]) -> dict[str, str]:
    """The form of each column's label in its other words -> its key (``other_word``)."""
    return {header_form(o): c.key for c in columns for o in other_word(c.label)}


# what people call a column besides its label, by tab (trial20: 负责人 for 执行人 and 到期日
# for 截止时间 were ignored unsaid, and every task's assignee or typed due time with them):
# read as that column when the row lacks its label (said: ``header.read_as``, info); beside
# the label, a column of the department's own (负责人 may well be someone else)
COMMON: dict[str, dict[str, tuple[str, ...]]] = {
    "tasks": {
        "assignee": ("负责人", "责任人", "经办人", "处理人", "执行人员"),
        "due_at": ("到期日", "到期时间", "截止日", "计划完成时间", "完成期限", "deadline", "due"),
        "done_at": ("实际完成时间",), "status": ("任务状态", "进度状态"),
        "dept_id": ("部门", "所属部门", "dept"), "step": ("步骤", "环节序号", "step no."),
        "step_name": ("环节", "环节名称"), "note": ("notes",),
    },
    "people": {
        "person_id": ("工号", "员工编号", "员工工号"), "name": ("员工姓名",),
        "email": ("电子邮箱", "电子邮件", "e-mail", "email地址"), "mobile": ("手机",),
        "dept_id": ("部门", "所属部门"),
    },
    "departments": {"head": ("部门负责人",)},
}  # fmt: skip


# the label, other-word and common-name lookups ``named_keys`` reads a header with
Lookups = tuple[Mapping[str, str], Mapping[str, str], Mapping[str, str]]


def common_lookup(tab: str) -> dict[str, str]:
    """The form of each name ``COMMON`` gives a column of ``tab`` -> its key."""
    return {header_form(n): key for key, names in COMMON.get(tab, {}).items() for n in names}


def named_keys(
    lookup: Mapping[str, str], others: Mapping[str, str], header: Sequence[Any],
    common: Mapping[str, str] | None = None,
) -> list[str | None]:  # fmt: skip
    """The key each header cell names (``match``), else by its other word (截止日期 for
    截止时间: ``others``), else by its common name (``common``); not when the row names that
    column properly too, where it is a column of the department's own (review21: a 完成日期
    beside 完成时间 was a duplicate)."""
    keys: list[str | None] = [match(lookup, h) for h in header]
    proper = set(keys)
    keys = [
        k if k is not None else _other(others, h, proper) for h, k in zip(header, keys, strict=True)
    ]
    proper = set(keys)
    for j, h in enumerate(header):  # a second common name of one column is the department's
        if keys[j] is None and common and (key := _other(common, h, proper)) is not None:
            keys[j] = key  # own (手机 and 电话, 负责人 and 经办人: review23, a duplicate error)
            proper.add(key)
    return keys


def _other(others: Mapping[str, str], text: Any, proper: set[str | None]) -> str | None:
    key = match(others, text)
    return None if key in proper else key


def odd_unit(key: str, text: Any) -> tuple[str, str] | None:
    """The unit (zh, en) other than hours a header's note gives a column read in hours."""
    if not key.endswith("_h"):
        return None
    for note in split_header(text)[1]:
        if note not in _HOURS and note in _NOT_HOURS:
            return _NOT_HOURS[note]
    return None


def near_miss(text: Any, candidates: Iterable[tuple[str, str, str]]) -> tuple[str, str] | None:
    """(key, label) of the column a header most likely means, among ``candidates`` of
    (key, label, comparable form): a form the header contains or that contains the header
    (two characters or more), else one within edit distance 1 (2 for forms of 5 or more)."""
    base = split_header(text)[0]
    if len(base) < 2:
        return None
    best: tuple[int, str, str] | None = None
    for key, label, form in candidates:
        if len(form) < 2:
            continue
        if form in base or base in form:
            score = abs(len(form) - len(base)) - 100  # containment ranks above distance
        else:
            limit = 1 if len(form) <= 4 else 2
            score = _distance(base, form, limit)
            if score > limit:
                continue
        if best is None or score < best[0]:
            best = (score, key, label)
    return None if best is None else (best[1], best[2])


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it is over ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]
