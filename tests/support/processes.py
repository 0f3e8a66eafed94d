"""Which processes are alive, read from /proc (Linux): for the checks that tests leave none."""

from __future__ import annotations

from pathlib import Path


def group_members(group: int) -> dict[int, str]:
    """The live processes (zombies excluded) of process group ``group``: pid -> command line."""
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:  # ended meanwhile
            continue
        # "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses
        state, _ppid, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
        if int(pgrp) == group and state != "Z":
            found[int(entry.name)] = cmdline.replace(b"\0", b" ").decode("utf-8", "replace")
    return found


def parent(pid: int) -> int | None:
    """The parent of process ``pid``, or None when it has ended."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat[stat.rindex(")") + 2 :].split()[1])


def descends(pid: int, ancestor: int) -> bool:
    """Whether ``ancestor`` started ``pid``, directly or through its children."""
    for _ in range(64):  # a chain longer than this is not ours
        up = parent(pid)
        if up is None or up <= 1:
            return False
        if up == ancestor:
            return True
        pid = up
    return False
