"""The formula-error scan (sheets_sync/error_cells.py) inflates a sheet's XML a piece at a time
and looks for ``t="e"`` in each piece: a mark cut in two by the pieces is still found, and a
sheet without one gives nothing, whatever the piece size."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from sheets_sync import error_cells as scan


def book(path: Path, errors: bool) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "S"
    ws.append(["id", "value"])
    for i in range(200):
        ws.append([f"K{i}", i])
    if errors:  # openpyxl stores these strings as error cells (t="e")
        ws.append(["#N/A", "#DIV/0!"])
    wb.save(path)
    return path.read_bytes()


@pytest.mark.parametrize("piece", [1, 2, 7, 1 << 18])
def test_every_error_cell_is_found_whatever_the_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    monkeypatch.setattr(scan, "_PIECE", piece)
    with_errors = book(tmp_path / "e.xlsx", errors=True)
    assert scan.error_cells(with_errors, "S") == [(201, 0, "#N/A"), (201, 1, "#DIV/0!")]
    assert scan.error_cells(book(tmp_path / "ok.xlsx", errors=False), "S") == []
    assert scan.error_cells(with_errors, "no such sheet") == []
