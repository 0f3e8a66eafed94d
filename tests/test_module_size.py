"""The style rule "one module is one noun, under ~300 lines": every .py file of the application
(config/, sheets_sync/, jobs/, dashboard/), of the benches (bench/) and of the test support code
(tests/support/, and the corpus builders tests/corpus/*.py: build.py and what it imports) has at
most 300 lines. A longer one is split by noun: a cohesive group moves into a sibling module
named after what it holds, never a utils/helpers module.

The test modules themselves (tests/test_*.py, tests/conftest.py) are exempt: a test module is
as long as the cases of its subject, and splitting it would only scatter them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 300
# the folders whose every .py file (recursively) is held to the limit, and the corpus builders
FOLDERS = ("config", "sheets_sync", "jobs", "dashboard", "bench", "tests/support")
CORPUS = "tests/corpus"


def line_count(path: Path) -> int:
    """Lines as ``wc -l`` counts them for a file ending in a newline (a last line without one
    counts too)."""
    return len(path.read_text(encoding="utf-8").splitlines())


def sources(root: Path) -> list[Path]:
    """The files held to the limit, relative to ``root``, sorted."""
    found = {p for folder in FOLDERS for p in (root / folder).rglob("*.py")}
    found |= set((root / CORPUS).glob("*.py"))
    return sorted(p.relative_to(root) for p in found if "__pycache__" not in p.parts)


def oversized(root: Path, paths: list[Path], limit: int = LIMIT) -> list[str]:
    """One line per file over ``limit``: its path, its line count and what to do."""
    out = []
    for rel in paths:
        n = line_count(root / rel)
        if n > limit:
            out.append(
                f"{rel.as_posix()}: {n} lines (at most {limit}): split it by noun, moving a "
                "cohesive group into a sibling module named after what it holds"
            )
    return out


def test_every_source_module_has_at_most_300_lines() -> None:
    over = oversized(ROOT, sources(ROOT))
    assert over == [], "modules over the limit:\n" + "\n".join(over)


def test_the_check_sees_the_folders_it_names_and_no_test_module() -> None:
    seen = {p.as_posix() for p in sources(ROOT)}
    for path in ("config/settings.py", "sheets_sync/workbook.py", "jobs/reminders/items.py",
                 "dashboard/app.py", "bench/dashboard.py", "tests/support/workbooks.py",
                 "tests/corpus/build.py"):  # fmt: skip
        assert path in seen, f"{path} is not checked"
    assert not [p for p in seen if Path(p).name.startswith("test_") or p == "tests/conftest.py"]


@pytest.mark.parametrize(
    ("text", "lines", "messages"),
    [
        ("", 0, []),
        ("x = 1\n" * 300, 300, []),
        ("x = 1\n" * 299 + "x = 1", 300, []),  # the last line without a newline counts
        ("x = 1\n" * 301, 301, [
            "pkg/big.py: 301 lines (at most 300): split it by noun, moving a cohesive group "
            "into a sibling module named after what it holds"]),
        ("x = 1\n" * 300 + "x = 1", 301, [
            "pkg/big.py: 301 lines (at most 300): split it by noun, moving a cohesive group "
            "into a sibling module named after what it holds"]),
    ],
)  # fmt: skip
def test_a_file_over_the_limit_is_named_with_its_line_count(
    tmp_path: Path, text: str, lines: int, messages: list[str]
) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "big.py").write_text(text, encoding="utf-8")
    (tmp_path / "pkg" / "small.py").write_text("x = 1\n", encoding="utf-8")
    assert line_count(tmp_path / "pkg" / "big.py") == lines
    paths = [Path("pkg/big.py"), Path("pkg/small.py")]
    assert oversized(tmp_path, paths) == messages


def test_every_file_over_the_limit_is_named(tmp_path: Path) -> None:
    for name, n in (("a.py", 333), ("b.py", 12), ("c.py", 301)):
        (tmp_path / name).write_text("pass\n" * n, encoding="utf-8")
    over = oversized(tmp_path, [Path("a.py"), Path("b.py"), Path("c.py")])
    assert [line.split(" (")[0] for line in over] == ["a.py: 333 lines", "c.py: 301 lines"]
