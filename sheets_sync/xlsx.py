"""Local workbook backend (.xlsx from Excel, WPS or LibreOffice): the embedded default.

How it never loses a human edit:

* bot tabs live in a separate *bot workbook* beside the human one (``demo.xlsx`` ->
  ``demo.bot.xlsx``), so writing results never rewrites the file people edit;
* an .ods or .xls workbook is read only (``demo.ods`` -> ``demo.bot.xlsx``): ``append`` refuses;
* appending rows to a human tab takes a lock, re-reads the file as it is on disk now, adds
  the rows, and replaces the file only if nobody saved it in between (else it tries again);
* every write goes to a temporary file in the same folder, then ``os.replace`` (atomic,
  sheets_sync/local_file.py);
  the bot workbook is written with xlsxwriter (fast, sheets_sync/xlsx_writer.py), the human
  one with openpyxl (it must keep what people put in it);
* a file open in Excel / WPS (``~$name.xlsx``) or LibreOffice (``.~lock.name.xlsx#``), or
  locked by another collabsheet run, gives ``WorkbookLockedError`` and leaves the file as it was.

Reads use python-calamine (Rust), several times faster than openpyxl (see bench/readers.py),
sheets in parallel (sheets_sync/xlsx_reader.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shlex
import time
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from config.errors import (
    BackendError,
    WorkbookLockedError,
    WorkbookNotFoundError,
    WriteConflictError,
)
from config.schema import is_bot_tab
from config.spreadsheet import default_bot_path, is_read_only
from sheets_sync import local_file, results_file
from sheets_sync.backend import Append, HeaderKeys, Rows, check_bot_titles, check_distinct
from sheets_sync.bot_tab import in_language
from sheets_sync.progress_text import joined, progress_line
from sheets_sync.xlsx_append import append_rows, appended_sheet
from sheets_sync.xlsx_reader import PendingTabs, read_settled, read_xlsx
from sheets_sync.xlsx_writer import write_bot_xlsx

Progress = Callable[[str], None]


def plain_value(ws: Any, value: Any) -> Any:
    """A cell value as written to a human workbook: text never a formula, a tuple joined."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith("="):
            cell = WriteOnlyCell(ws, value)
            cell.data_type = "s"  # text, never a formula
            return cell
    elif isinstance(value, tuple):
        return "、".join(map(str, value))
    return value


def write_xlsx(path: Path, tabs: Mapping[str, Rows]) -> None:
    """Write a new workbook with these sheets, atomically (temp file in the folder + rename),
    with openpyxl: for human workbooks (the demo, tests); the bot workbook is written by
    ``write_bot_workbook``."""
    wb = openpyxl.Workbook(write_only=True)
    for title, rows in tabs.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append([plain_value(ws, v) for v in row])
    save_workbook(path, wb)


def save_workbook(path: Path, wb: Any) -> None:
    """Save an openpyxl workbook atomically, with the usual file mode (the demo, the starter)."""
    local_file.save_atomic(path, wb.save)


def write_bot_workbook(path: Path, tabs: Mapping[str, Rows], mode: int | None = None) -> None:
    """Write the bot workbook whole, atomically, with xlsxwriter (sheets_sync/xlsx_writer.py);
    ``mode``: its permission bits (those of the workbook beside it)."""
    local_file.save_atomic(path, partial(write_bot_xlsx, tabs=tabs), mode=mode)


def missing_workbook(path: Path) -> WorkbookNotFoundError:
    """The error for a workbook that does not exist: the commands that make one for ``path``
    (a run and ``doctor`` say the same)."""
    where = shlex.quote(str(path))  # a command to copy, spaces and all
    zh = en = ""
    if not path.is_absolute():  # trial36: a cron job runs in another folder (/): say which
        cwd = Path.cwd()
        zh = (f"（相对于当前目录 {cwd}，即 {cwd / path}；从其他目录运行时（如 cron），"
              "请在配置中写绝对路径）")  # fmt: skip
        en = (f" (relative to the working directory {cwd}: {cwd / path}; run from elsewhere, "
              "as cron does, write an absolute path in the config)")  # fmt: skip
    return WorkbookNotFoundError(
        f"找不到工作簿 {path}{zh}：运行 `collabsheet init {where}` 新建空白工作簿"
        f"（或 `collabsheet demo --out {where}` 生成示例工作簿），或在配置中设置 [workbook] path",
        f"workbook {path} not found{en}: run `collabsheet init {where}` for an empty one (or "
        f"`collabsheet demo --out {where}` for the demo workbook), or set [workbook] path in "
        "the config",
    )


class XlsxBackend:
    """A human workbook plus its bot workbook beside it."""

    def __init__(
        self,
        path: Path,
        bot_path: Path | None = None,
        progress: Progress | None = None,
        lock_wait_s: float = 10.0,
        results_wait_s: float = 5.0,
        header_locale: str = "en",
        locale: str = "en",
    ) -> None:
        self.path = Path(path)
        self.locale = locale  # the language of the progress lines (progress_text.py)
        self.header_locale = header_locale  # the bot tabs' header rows as written (bot_tab.py)
        self.bot_path = bot_path or default_bot_path(self.path)
        self.progress = progress or (lambda _msg: None)
        self.lock_wait_s = lock_wait_s
        self.results_wait_s = results_wait_s  # how long a locked results file is waited for
        self.requests = 0

    def _ensure_open(self, path: Path) -> None:
        lock = local_file.office_lock(path)
        if lock is not None:
            raise WorkbookLockedError(
                f"{path} 正在 Excel / WPS / LibreOffice 中打开（锁文件 {lock.name}）：关闭后再运行"
                f"（若确实没有人打开它，删除 {lock}）",
                f"{path} is open in Excel / WPS / LibreOffice (lock file {lock.name}); close it "
                f"and run again (if nobody has it open, delete {lock})",
            )

    def read(self) -> PendingTabs:
        if not self.path.is_file():
            raise missing_workbook(self.path)
        self.requests += 1
        results = self._results()
        paths = [self.path, *results]
        self.progress(
            progress_line(self.locale, "reading", paths=joined(self.locale, list(map(str, paths))))
        )
        tabs = read_settled(self.path, paths, results)
        if is_read_only(self.path):  # the error-value scan reads .xlsx XML (error_cells.py)
            tabs.skip_error_scan()
        return tabs

    def _results(self) -> list[Path]:
        """The results files to read, the latest last: the results file (unless damaged: the
        next write sets it aside and writes it anew) and the fallbacks written while it was
        locked. A results file that is a person's workbook is refused, never read as ours."""
        bot = self.bot_path
        found = [bot] if bot.is_file() and results_file.opens(bot) else []
        if found and not results_file.is_ours(bot):
            raise results_file.refuse_human(bot)
        return found + [p for p in results_file.fallbacks(bot) if results_file.opens(p)]

    def _mode(self) -> int | None:
        """The results file's mode: the workbook's beside it (colleagues who may open one may
        open the other)."""
        try:
            return self.path.stat().st_mode & 0o777
        except OSError:
            return None

    def check_appendable(self) -> None:
        """Refuse, before anything is read or written, to append to a read-only workbook
        (.ods, .xls: openpyxl writes only .xlsx)."""
        if is_read_only(self.path):
            kind = self.path.suffix.lower()
            raise BackendError(
                f"{self.path}：{kind} 工作簿只读，collabsheet 不能向其中添加行；要用 collabsheet "
                "启动项目，请将其另存为 .xlsx（并把 [workbook] path 指向它），或手工添加这些行",
                f"{self.path}: {kind} workbooks are read only: save it as .xlsx (and point "
                "[workbook] path at it) to start projects from collabsheet, or add the rows by "
                "hand",
            )

    def write(self, tabs: Mapping[str, Rows]) -> None:
        """Replace the results file with these tabs and the others it (and any fallback) held.

        A results file open in an office program, or that cannot be replaced (Windows), is
        waited for up to ``results_wait_s``; then ``ResultsLockedError`` (the run then
        ``divert``s). After a write the fallbacks it merged are removed."""
        check_bot_titles(tabs)
        tabs = in_language(tabs, self.header_locale)
        self.requests += 1
        deadline = time.monotonic() + self.results_wait_s
        with local_file.file_lock(self.bot_path, self.lock_wait_s):
            bot = self.bot_path
            if bot.is_file() and not results_file.opens(bot):
                self._set_aside(bot)
            merged = self._results()
            try:
                keep = self._with_old(tabs, merged)
            except BackendError:  # a part of it does not decode: set it aside, start anew
                self._set_aside(bot)
                merged = self._results()
                keep = self._with_old(tabs, merged)
            rows = sum(len(r) for r in tabs.values())
            self.progress(progress_line(self.locale, "writing", tabs=len(tabs), rows=rows, bot=bot))
            while True:
                try:
                    self._ensure_open(bot)
                    write_bot_workbook(bot, keep, self._mode())
                    break
                except WorkbookLockedError as exc:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise results_file.ResultsLockedError(str(exc), bot) from exc
                    time.sleep(min(0.2, left))
            for fallback in merged[1 if bot in merged else 0 :]:
                with contextlib.suppress(FileNotFoundError):
                    fallback.unlink()  # merged into the results file just written

    def divert(self, tabs: Mapping[str, Rows], now: dt.datetime) -> Path:
        """Write what ``write`` could not to a dated file beside the locked results file
        (``demo.bot.2026-11-27T0900.xlsx``): read back as the latest results, merged into the
        results file and removed by the next ``write``."""
        check_bot_titles(tabs)
        tabs = in_language(tabs, self.header_locale)
        target = results_file.fallback_path(self.bot_path, now)
        with local_file.file_lock(self.bot_path, self.lock_wait_s):
            merged = self._results()
            keep = self._with_old(tabs, merged)
            write_bot_workbook(target, keep, self._mode())
            for older in merged:  # an earlier fallback: the new one holds all it held
                if older != self.bot_path:
                    with contextlib.suppress(FileNotFoundError):
                        older.unlink()
        return target

    def _set_aside(self, bot: Path) -> None:
        kept = results_file.set_aside(bot)
        self.progress(progress_line(self.locale, "damaged", bot=bot, kept=kept.name))

    def _with_old(self, tabs: Mapping[str, Rows], paths: list[Path]) -> dict[str, Rows]:
        """``tabs`` plus the other bot tabs of these files (the ones replaced not decoded)."""
        old = read_xlsx(paths) if paths else {}
        keep = {t: tabs[t] if t in tabs else old[t] for t in old}
        keep.update(tabs)
        return keep

    def append(self, title: str, records: Sequence[Mapping[str, Any]], keys: HeaderKeys) -> None:
        self.append_together([(title, records, keys)])

    def append_together(self, appends: Sequence[Append]) -> None:
        """Append by editing only the tabs' sheet XML (sheets_sync/xlsx_append.py), every tab
        in one save of the file: all or none. Formulas' results, charts and every other part
        of the file stay as they are."""
        check_distinct(appends)
        self.check_appendable()
        self._ensure_open(self.path)
        self.requests += 1
        titles = "、".join(t for t, _r, _k in appends)
        n = sum(len(r) for _t, r, _k in appends)
        with local_file.file_lock(self.path, self.lock_wait_s):
            for _attempt in range(3):
                before = local_file.signature(self.path)
                save = partial(append_rows, self.path, appends=appends)
                line = progress_line(self.locale, "appending", n=n, path=self.path, title=titles)
                self.progress(line)
                unchanged = partial(local_file.unchanged, self.path, before)
                if local_file.save_atomic(self.path, save, unchanged):
                    return
                # a person saved the file meanwhile: start again from their version
        raise WriteConflictError(
            f"{self.path} 在每次尝试追加到「{titles}」时都被他人保存；请在无人保存时重新运行",
            f"{self.path} changed on every attempt to append to {titles!r}; "
            "run again when nobody is saving it",
        )

    def check_append(
        self, title: str, records: Sequence[Mapping[str, Any]], keys: HeaderKeys
    ) -> None:
        """Refuse now, writing nothing, what ``append`` would refuse (an unusual sheet)."""
        self.check_appendable()
        self._ensure_open(self.path)
        appended_sheet(self.path, title, records, keys)

    def link(self, title: str, cell: str) -> str:
        """``file › tab!A17``, naming the file the tab is in: a bot tab's is the results file
        (``demo.bot.xlsx › _runs!A1``), a human tab's the workbook (``demo.xlsx › 任务进度!D2``)."""
        book = self.bot_path if is_bot_tab(title) else self.path
        return f"{book.name} › {title}!{cell}"
