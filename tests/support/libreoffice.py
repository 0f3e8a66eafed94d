"""LibreOffice headless as the tests run it: a conversion with its own fresh profile (nothing of
the machine's LibreOffice user settings is read or written), and the CSV export filter."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

# LibreOffice's CSV filter options (help.libreoffice.org, "CSV Filter Options"): comma (44),
# double quote (34), UTF-8 (76), from line 1, …, and the 12th token the sheet to export,
# 1-based; -1 exports every sheet, each to ``<file>-<sheet title>.csv``
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{sheet}"
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed"
)


def csv_of(sheet: int = -1) -> str:
    """The ``--convert-to`` target for CSV of one sheet (1-based), or of every sheet (-1)."""
    return CSV_FILTER.format(sheet=sheet)


def convert(files: Sequence[Path], target: str, out: Path) -> subprocess.CompletedProcess[str]:
    """``soffice --headless --convert-to target`` of ``files`` into the folder ``out``, with a
    profile of its own next to it; the finished process (its return code and output)."""
    profile = out.parent / "lo-profile"
    return subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
         "--convert-to", target, "--outdir", str(out), *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
