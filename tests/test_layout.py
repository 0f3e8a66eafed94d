"""The layout of the tests: no test module imports another test module (shared helpers live in
``tests/support/``, shared fixtures in ``tests/conftest.py``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
# the test modules, and what they share: neither may import a test module
MODULES = [*sorted(TESTS.glob("test_*.py")), TESTS / "conftest.py",
           *sorted((TESTS / "support").glob("*.py"))]  # fmt: skip


def test_the_check_sees_every_way_of_importing_a_test_module() -> None:
    source = """
import tests.test_a
import test_b as b
from tests.test_c import x
from test_d import y
from . import test_e
from .test_f import z
from tests import test_g
def f():
    from tests.test_h import w
import tests.support.workbooks
from tests.support import clocks
import os.path
"""
    assert imported_tests(ast.parse(source)) == [
        "tests.test_a",
        "test_b",
        "tests.test_c",
        "test_d",
        ".test_e",
        ".test_f",
        "tests.test_g",
        "tests.test_h",
    ]


def imported_tests(tree: ast.AST) -> list[str]:
    """The test modules a module's syntax tree imports, at any depth (dotted names)."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if _is_test(a.name)]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            if node.module and _is_test(node.module):
                found.append(base)
            else:
                sep = "" if base.endswith(".") or not base else "."
                found += [base + sep + a.name for a in node.names if _is_test(a.name)]
    return found


def _is_test(dotted: str) -> bool:
    return dotted.rsplit(".", 1)[-1].startswith("test_")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(TESTS)))
def test_no_test_module_imports_another(path: Path) -> None:
    imported = imported_tests(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    assert not imported, (
        f"{path.name} imports test module(s) {', '.join(imported)}: move what it needs into "
        "tests/support/ (helpers) or tests/conftest.py (fixtures)"
    )
