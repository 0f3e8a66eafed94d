"""What ``collabsheet sla`` shows: the obligations of some departments, people, statuses and
kinds. One selection filters both the listed obligations and the counts by status beside
them, so the header and the breakdown count the same rows; a department, person or status
that does not exist is named with the valid ones. A status may be named by its key or its words
in either language (breached, 已超时, "at risk")."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from config.bot_values import ZH
from config.phrases import LANGUAGES, Phrases
from jobs.sla.status import STATUSES

OPEN = ("on_track", "at_risk", "breached")  # the statuses of the listed (open) obligations
STATUS_TEXT = Phrases.from_locales("jobs/sla/selection.py", {
    "zh-CN": ZH["_sla"]["status"],  # the words `_sla` is written in (config/bot_values.py)
    "en": {"on_track": "on track", "at_risk": "at risk", "breached": "breached", "met": "met",
           "met_late": "met late"},
})  # fmt: skip
# a status as people may type it: its key, its Chinese or English words -> its key
STATUS_OF = {w: k for k, pair in STATUS_TEXT.items() for w in pair} | {k: k for k in STATUS_TEXT}


# the open statuses' words: 正常, 有风险, 已超时 / on track, at risk, breached
WORDS = {lang: [STATUS_TEXT(lang, k) for k in OPEN] for lang in LANGUAGES}


def status_key(value: str) -> str:
    """'已超时', 'breached', 'at risk', 'AT_RISK' -> the status key; unknown: unchanged."""
    text = value.strip()
    return STATUS_OF.get(text, STATUS_OF.get(text.lower().replace("-", "_"), text))


# what is unknown: Chinese, English, and the Chinese noun of a shared name
_WHAT = {"dept": ("部门编号", "department", "部门"), "person": ("人员编号", "person", "人员"),
         "status": ("状态", "status", "状态")}  # fmt: skip


def _listed(valid: Collection[str]) -> list[str]:
    """The valid ids in order, each with its name when ``valid`` maps ids to names."""
    names = valid if isinstance(valid, Mapping) else {}
    return [f"{k} {names[k]}" if names.get(k) else k for k in sorted(valid)]


def shared_name(what: str, typed: Sequence[str], valid: Collection[str]) -> tuple[str, str] | None:
    """Chinese and English, when a value typed is the name two or more ids of ``valid`` (id ->
    name) bear: those ids, and to type one of them; else None. ``what``: dept or person."""
    if not isinstance(valid, Mapping):
        return None
    shared = {}
    for v in typed:
        ids = sorted(k for k, name in valid.items() if name.strip() == v.strip())
        if v not in valid and len(ids) > 1:
            shared[v] = [f"{k} {valid[k]}" for k in ids]
    if not shared:
        return None
    zh = "；".join(f"有多个{_WHAT[what][2]}叫 {v}：{'、'.join(ids)}；请改用编号"
                  for v, ids in shared.items())  # fmt: skip
    en = "; ".join(f"several {_WHAT[what][1]}s are named {v}: {', '.join(ids)}; give the id"
                   for v, ids in shared.items())  # fmt: skip
    return zh, en


@dataclass(frozen=True)
class Selection:
    """Empty fields select everything."""

    depts: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    def __post_init__(self) -> None:  # statuses in words (已超时, at risk) become their keys
        object.__setattr__(self, "statuses", tuple(status_key(s) for s in self.statuses))

    def named(self, departments: Mapping[str, str], people: Mapping[str, str]) -> Selection:
        """This selection with a department or person given by its name (研发部, 丁飞) as its
        id; a name that two of them share stays as typed (``unknown`` then lists both)."""

        def ids(values: tuple[str, ...], names: Mapping[str, str]) -> tuple[str, ...]:
            owners: dict[str, list[str]] = {}
            for key, name in names.items():
                owners.setdefault(name.strip(), []).append(key)
            return tuple(
                v if v in names or len(owners.get(v.strip(), ())) != 1 else owners[v.strip()][0]
                for v in values
            )

        return replace(self, depts=ids(self.depts, departments), people=ids(self.people, people))

    def unknown(
        self, departments: Collection[str], people: Collection[str]
    ) -> tuple[str, str] | None:
        """One line naming what does not exist and the valid values (with their names when
        given as a mapping id -> name), in Chinese and in English; None when everything named
        exists."""
        parts = []
        for what, named, valid in (
            ("dept", self.depts, departments),
            ("person", self.people, people),
            ("status", self.statuses, OPEN),
        ):
            if shared := shared_name(what, named, valid):  # a name two of them bear: those
                return shared
            if missing := [v for v in named if v not in valid]:
                # a status: its keys and its words in the message's language
                zh_, en_ = (_listed(valid),) * 2 if what != "status" else (
                    [*OPEN, *WORDS["zh-CN"]], list(dict.fromkeys([*OPEN, *WORDS["en"]]))
                )  # fmt: skip
                parts.append((what, missing, zh_, en_))
        if not parts:
            return None
        zh = "；".join(
            f"未知的{_WHAT[w][0]} {'、'.join(m)}（可选：{'、'.join(v) or '无'}）"
            for w, m, v, _ in parts
        )
        en = "; ".join(
            f"unknown {_WHAT[w][1]} {', '.join(m)} (valid: {', '.join(v) or 'none'})"
            for w, m, _, v in parts
        )
        return zh, en

    def keep(self, record: Mapping[str, Any]) -> bool:
        """Whether an obligation (a record of ``_sla``) is selected."""
        return (
            (not self.depts or str(record.get("dept_id")) in self.depts)
            and (not self.people or str(record.get("person_id")) in self.people)
            and (not self.statuses or record.get("status") in self.statuses)
            and (not self.kinds or record.get("kind") in self.kinds)
        )

    def rows(self, records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for r in records if self.keep(r)]

    def counts(self, result: pd.DataFrame) -> dict[str, int]:
        """Obligations by status (open and closed) among those selected, from the SLA result;
        with a status filter, those statuses only."""
        mask = pd.Series(True, index=result.index)
        for column, values in (("dept_id", self.depts), ("person_id", self.people),
                               ("kind", self.kinds)):  # fmt: skip
            if values:
                mask &= result[column].astype(str).isin(values)
        status = result.loc[mask, "status"]
        shown = [s for s in STATUSES if not self.statuses or s in self.statuses]
        return {s: int((status == s).sum()) for s in shown}
