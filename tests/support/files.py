"""Damaged workbook files, as a failed copy or a half-written upload leaves them."""

from __future__ import annotations

import zipfile
from pathlib import Path


def cut_sheet(book: Path, title: str) -> None:
    """Truncate the XML of one sheet, as a failed copy would."""
    from openpyxl import load_workbook

    index = load_workbook(book, read_only=True).sheetnames.index(title) + 1
    whole = book.read_bytes()
    tmp = book.with_suffix(".tmp")
    tmp.write_bytes(whole)
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(book, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == f"xl/worksheets/sheet{index}.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    tmp.unlink()
