"""doctor's line about the workbook open in Excel / WPS / LibreOffice (their lock file beside
it): runs read it, ``start-project`` refuses to append to it. A lock file left by a crashed
office program would make it refuse for ever while doctor said all ✓ (trial10)."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from jobs.run.health import Check

# an office lock file this old was left by a crash: a colleague may leave the workbook open
# overnight or over a weekend (review11: ✗ at 12 hours called an open Excel a crash)
STALE_H = 96


def office_open(path: Path) -> Check | None:
    """✗ when the lock file is ``STALE_H`` hours old or more, ✓ saying the workbook is open
    otherwise; None when it is not open."""
    from sheets_sync.local_file import office_lock

    lock = office_lock(path)
    if lock is None:
        return None
    who = owner(lock)
    with contextlib.suppress(OSError):
        hours = (time.time() - lock.stat().st_mtime) / 3600
        if hours >= STALE_H:
            return Check(
                "workbook",
                False,
                f"工作簿 {path} 旁有 {hours:.0f} 小时前的锁文件 {lock.name}（多半是 Excel / WPS / "
                f"LibreOffice 崩溃后留下的）：start-project 会一直拒绝追加行；确认没有人打开它后"
                f"删除 {lock}",
                f"workbook {path} has a lock file {lock.name} from {hours:.0f} hours ago (most "
                "likely left by a crashed Excel / WPS / LibreOffice): start-project refuses to "
                f"append while it is there; if nobody has the file open, delete {lock}",
            )
    return Check(
        "workbook",
        True,
        f"工作簿 {path} 可读取，正在 Excel / WPS / LibreOffice 中打开（锁文件 {lock.name}"
        f"{'，' + who if who else ''}）：运行照常读取它，start-project 会拒绝追加行，关闭后再运行",
        f"workbook {path} reads; it is open in Excel / WPS / LibreOffice (lock file "
        f"{lock.name}{', ' + who if who else ''}): runs read it, start-project refuses to "
        "append until it is closed",
    )


def owner(lock: Path) -> str:
    """Who holds the lock file, as LibreOffice records it (``,name,host,date,…``): 'name on
    host'; '' when it does not say (Excel's ``~$`` file, a damaged one)."""
    try:
        fields = lock.read_text(encoding="utf-8", errors="replace").split(",")
    except OSError:
        return ""
    if len(fields) < 4 or not lock.name.startswith(".~lock."):
        return ""
    name, host = (fields[0] or fields[1]).strip(), fields[2].strip()
    return f"{name}@{host}" if name and host else name
