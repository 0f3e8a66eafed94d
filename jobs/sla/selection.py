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


# what is named: its Chinese noun, its English noun and the English plural
_WHAT = {"dept": ("部门", "department", "departments"), "person": ("人员", "person", "people"),
         "status": ("状态", "status", "statuses")}  # fmt: skip


def _listed(valid: Collection[str]) -> list[str]:
    """The valid ids in order, each with its name when ``valid`` maps ids to names."""
    names = valid if isinstance(valid, Mapping) else {}
    return [
        f"{k} {names[k].strip()}" if str(names.get(k) or "").strip() else k for k in sorted(valid)
    ]


def _same(a: str, b: str) -> bool:
    """A name as typed and as the sheet has it: spaces around and letter case do not count."""
    return a.strip().casefold() == b.strip().casefold()


def _bearers(typed: Sequence[str], valid: Collection[str]) -> dict[str, list[str]]:
    """The typed values that are no id but the name two or more ids of ``valid`` (id -> name)
    bear, each with those ids and names."""
    if not isinstance(valid, Mapping):
        return {}
    out = {}
    for v in typed:
        ids = sorted(k for k, name in valid.items() if _same(name, v))
        if v not in valid and len(ids) > 1:
            out[v] = [f"{k} {valid[k].strip()}" for k in ids]
    return out


def _shared_lines(what: str, shared: Mapping[str, list[str]]) -> tuple[list[str], list[str]]:
    zh = [
        f"有多个{_WHAT[what][0]}叫 {v}：{'、'.join(ids)}；请改用编号" for v, ids in shared.items()
    ]
    en = [f"several {_WHAT[what][2]} are named {v}: {', '.join(ids)}; give the id"
          for v, ids in shared.items()]  # fmt: skip
    return zh, en


def shared_name(what: str, typed: Sequence[str], valid: Collection[str]) -> tuple[str, str] | None:
    """Chinese and English, when a value typed is the name two or more ids of ``valid`` (id ->
    name) bear: those ids, and to type one of them; else None. ``what``: dept or person."""
    zh, en = _shared_lines(what, _bearers(typed, valid))
    return ("；".join(zh), "; ".join(en)) if zh else None


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
        """This selection with a department or person given by its name (研发部, 丁飞; spaces
        around and letter case do not count) as its id; a name that two of them share stays
        as typed (``unknown`` then names those two)."""

        def ids(values: tuple[str, ...], names: Mapping[str, str]) -> tuple[str, ...]:
            out = []
            for v in (v.strip() for v in values):
                bearers = [k for k, name in names.items() if _same(name, v)]
                out.append(bearers[0] if v not in names and len(bearers) == 1 else v)
            return tuple(out)

        return replace(self, depts=ids(self.depts, departments), people=ids(self.people, people))

    def unknown(
        self, departments: Collection[str], people: Collection[str]
    ) -> tuple[str, str] | None:
        """One line naming every value that is not one thing: a name several bear (those
        ids), or what does not exist (the valid values, with their names when given as a
        mapping id -> name), in Chinese and in English; None when everything named exists."""
        zh: list[str] = []
        en: list[str] = []
        for what, named, valid in (
            ("dept", self.depts, departments),
            ("person", self.people, people),
            ("status", self.statuses, OPEN),
        ):
            shared = _bearers(named, valid)  # a name two of them bear: those two
            zh_shared, en_shared = _shared_lines(what, shared)
            zh += zh_shared
            en += en_shared
            if missing := [v for v in named if v not in valid and v not in shared]:
                # a status: its keys and its words in the message's language
                zh_, en_ = (_listed(valid),) * 2 if what != "status" else (
                    [*OPEN, *WORDS["zh-CN"]], list(dict.fromkeys([*OPEN, *WORDS["en"]]))
                )  # fmt: skip
                zh.append(
                    f"未知的{_WHAT[what][0]} {'、'.join(missing)}（可选：{'、'.join(zh_) or '无'}）"
                )
                en.append(f"unknown {_WHAT[what][1]} {', '.join(missing)} "
                          f"(valid: {', '.join(en_) or 'none'})")  # fmt: skip
        return ("；".join(zh), "; ".join(en)) if zh else None

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
