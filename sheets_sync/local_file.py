"""A local workbook file on disk: replaced atomically, and the locks that say who else holds it.

People keep the workbook open and save it whenever they like, so every write goes to a temporary
file in the same folder and is renamed over the old one (a crash never leaves half a file), and
a file open in an office program or locked by another collabsheet run is refused, never written.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from config.errors import BackendError, WorkbookLockedError


def save_atomic(
    path: Path, save: Callable[[str], None], unchanged: Callable[[], bool] = lambda: True,
    mode: int | None = None,
) -> bool:  # fmt: skip
    """Save to a temp file, then rename over ``path`` if ``unchanged()`` still holds.

    The file gets ``mode``, else the mode of the file it replaces, else the folder's usual
    one (0666 less the umask, as any program's new file; ``mkstemp`` would give 0600)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = _new_temp(path)
    except OSError as exc:
        raise BackendError(
            f"无法在 {path.parent} 中写入：{exc.strerror}；请检查文件夹是否存在、是否可写",
            f"cannot write in {path.parent}: {exc.strerror}; check that the "
            "folder exists and is writable",
        ) from exc
    try:
        save(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        elif path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        if not unchanged():
            return False
        os.replace(tmp, path)
        return True
    except PermissionError as exc:
        raise WorkbookLockedError(
            f"无法替换 {path}：{exc.strerror}；请在 Excel / WPS / LibreOffice 中关闭这个文件"
            "后再运行",
            f"cannot replace {path}: {exc.strerror}; close the file in "
            "Excel / WPS / LibreOffice and run again",
        ) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _new_temp(path: Path) -> str:
    """A new empty file beside ``path``, created 0666 less the umask (``O_EXCL``: ours alone)."""
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return str(tmp)
        except FileExistsError:
            continue


def office_lock(path: Path) -> Path | None:
    """The lock file Excel/WPS or LibreOffice keeps while the workbook is open, if any."""
    for name in (f"~${path.name}", f".~lock.{path.name}#"):
        candidate = path.with_name(name)
        if candidate.exists():
            return candidate
    return None


@contextlib.contextmanager
def file_lock(path: Path, wait_s: float = 10.0) -> Iterator[None]:
    """An exclusive lock between collabsheet runs (released by the OS if the holder dies)."""
    lock = path.with_name(f".{path.name}.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+") as fh:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if time.monotonic() >= deadline:
                    raise WorkbookLockedError(
                        f"{path} 正被另一次 collabsheet 运行锁定（锁 {lock}）：等它结束后再运行",
                        f"{path} is locked by another collabsheet run (lock {lock}); wait for it "
                        "to finish and run again",
                    ) from exc
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def signature(path: Path) -> tuple[int, int]:
    """What tells a saved file from the one read before: modification time and size."""
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def unchanged(path: Path, before: tuple[int, int]) -> bool:
    """Whether nobody saved the file since its ``signature`` was ``before``."""
    return signature(path) == before
