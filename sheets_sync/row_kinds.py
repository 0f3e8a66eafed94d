"""Rows that are not records though they hold values: a row of filling notes under the header
(``必填，如T000001`` / ``格式：…``), a totals row under the data (``合计``) and a note alone in
its row (``制表人：张阳``). Each is one
finding where it is, not an error per cell (trial10), and told apart from a record narrowly:
a record's id cell never holds a note or a totals word (review11: 填写周报 is a record).
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from typing import Any

from config.errors import BackendError
from sheets_sync.cell import header_form, is_blank
from sheets_sync.finding import Finding, rule

# how a note under a header starts: a mark and its punctuation (必填，如 T000001 / 格式：…),
# a bracketed mark (（必填）) or a choice to make (下拉选择: trial20, 7 errors for one such row)
_HINT = re.compile(
    r"^(?:[(（\[【]?(?:必填|选填|非必填|可选)(?:[,，:：(（)）\]】]|$)|(?:格式|如|例如|示例|例)[:：]|"
    r"e\.g\.|required[,:(]|optional[,:(]?|format:|下拉选择|下拉选项|请选择|请填写)",
    re.I,
)
# a note under the data, alone in its row: 备注：以上数据截至…, 制表人：张阳, 数据来源：… (trial20:
# an error that the id 「制表人：张阳」 holds full-width characters, another that 任务编号 is empty)
_NOTE = re.compile(
    r"^(?:注|备注|说明|制表|填表|审核|数据来源|统计时间|更新时间|以上)[^:：]{0,8}[:：]|^以上数据|"
    r"^(?:note|notes|source|prepared by)\s*:",
    re.I,
)
rule(
    "rows.note",
    "info",
    ("这一行是说明文字（「{value}」），未作为数据读取",
     "无需处理；说明也可以写在表头上方，或写在单元格的批注里"),
    ("this row is a note ('{value}'), not read as data",
     "nothing to do; notes may also go above the header, or in the cells' comments"),
)  # fmt: skip
NOTE_ROWS = 10  # the last rows always looked at for a note (``totals_rows``)
# what a totals row says in its first cells (合计：, 总计, Total)
TOTALS = frozenset({"合计", "总计", "小计", "total", "totals"})


def hint_row(row: Sequence[Any], id_col: int) -> str | None:
    """The note in the id column when ``row`` is a row of filling notes, else None: that cell
    is a note, and two or more of the row's cells, at least half of them, are notes (the
    others say a type: 数字, 文本)."""
    first = row[id_col] if id_col < len(row) else None
    if not (isinstance(first, str) and _HINT.match(first.strip())):
        return None
    filled = [str(v).strip() for v in row if not is_blank(v)]
    notes = [t for t in filled if _HINT.match(t)]
    return first if len(notes) >= 2 and 2 * len(notes) >= len(filled) else None


def totals_row(row: Sequence[Any]) -> tuple[int, str] | None:
    """(0-based column, text) of the word that makes ``row`` a totals row (合计 in one of its
    first three cells), or None."""
    for j, v in enumerate(row[:3]):
        if isinstance(v, str) and header_form(v).strip(":：") in TOTALS:
            return j, v
    return None


def note_row(row: Sequence[Any]) -> tuple[int, str] | None:
    """(0-based column, text) of the note that is the one value of ``row`` (``_NOTE``)."""
    filled = [(j, v) for j, v in enumerate(row) if not is_blank(v)]
    if len(filled) == 1 and isinstance(filled[0][1], str) and _NOTE.match(filled[0][1].strip()):
        return filled[0]
    return None


def totals_rows(body: Sequence[Sequence[Any]], id_col: int) -> list[tuple[int, int, str, str]]:
    """(index in ``body``, 0-based column, text, rule) of every totals row (``totals_row``:
    ``rows.totals``) and note row (``note_row``: ``rows.note``), wherever it is: one under the
    data, and one rows were typed under later (trial15: its row then read as a record with
    步骤序号 empty). Not a totals row whose id cell (``id_col``) holds an id of its own: a
    project named 合计 is a project (review14). The first three cells of all rows are searched
    at C speed for a totals word or a colon first (ＴＯＴＡＬ and 合 计 too, as ``header_form``);
    rows are looked at one by one only when one may be there."""
    firsts = chain.from_iterable(map(operator.itemgetter(slice(0, 3)), body))
    text = unicodedata.normalize("NFKC", "\n".join(filter(str.__instancecheck__, firsts)))
    if not any(word in text for word in ("计", "otal", "OTAL", ":", "以上")):  # 合 计, ：
        # the last rows still, for a note anywhere in its row (制表人 under E: review23)
        last = range(max(len(body) - NOTE_ROWS, 0), len(body))
        return [(i, *note, "rows.note") for i in last if (note := note_row(body[i])) is not None]
    out = []
    for i, row in enumerate(body):
        found = totals_row(row)
        if found is not None and (
            found[0] == id_col or id_col >= len(row) or is_blank(row[id_col])
        ):
            out.append((i, *found, "rows.totals"))
        elif (note := note_row(row)) is not None:
            out.append((i, *note, "rows.note"))
    return out


def under_totals(
    findings: Iterable[Finding], titles: Iterable[str], last: Mapping[str, int] | None = None
) -> BackendError | None:
    """The refusal to append rows to tabs ``titles`` when a totals row ends one: new rows
    would go under it, left out of its sums (start-project, survey import; trial10); or a
    note under the data (制表人：…, under the ``last`` record row of its tab): the rows would
    go under it, the note then in the middle of the data (trial22)."""
    titles = set(titles)
    cells = [f"{f.tab}!{f.cell}" for f in findings if f.rule == "rows.totals" and f.tab in titles]
    if cells:
        return BackendError(
            f"{'、'.join(cells)} 是合计行：新行会追加在它下面，不被合计；请先把合计行移到另一个"
            "工作表或表头上方，再运行（未追加任何行）",
            f"{', '.join(cells)} is a totals row: new rows would go under it, left out of its "
            "sums; move the totals to another tab or above the header, then run again (nothing "
            "was appended)",
        )
    # a note with records under it (说明：以下为二期任务) stays above the new rows (review25);
    # ``last``: each tab's last record row
    notes = [
        f"{f.tab}!{f.cell}"
        for f in findings
        if f.rule == "rows.note"
        and f.tab in titles
        and int(f.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) > (last or {}).get(f.tab, 0)
    ]
    if notes:
        return BackendError(
            f"{'、'.join(notes)} 是数据下方的说明：新行会追加在它下面，说明就夹在数据中间；请先把"
            "说明移到表头上方或另一个工作表，再运行（未追加任何行）",
            f"{', '.join(notes)} is a note under the data: new rows would go under it, leaving the "
            "note amid the data; move it above the header or to another tab, then run again "
            "(nothing was appended)",
        )
    return None
