"""Every library the product imports is declared in pyproject.toml (trial14: ``starlette``,
imported by dashboard/serve/asgi.py, came only as streamlit's dependency). An import guarded
by ``except ImportError`` may be an optional extra's."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "jobs", "sheets_sync", "dashboard")
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]


def _names(requirements: list[str]) -> set[str]:
    """The distributions of requirement strings, normalised (PEP 503)."""
    names = {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0] for r in requirements}
    return {re.sub(r"[-_.]+", "-", n).lower() for n in names}


DECLARED = _names(PROJECT["dependencies"])
OPTIONAL = DECLARED | _names([r for rs in PROJECT["optional-dependencies"].values() for r in rs])


def _imports(tree: ast.AST, guarded: bool = False) -> Iterator[tuple[str, bool]]:
    """(top-level module, whether under ``try: … except ImportError``) of every import."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Import):
            yield from ((a.name.split(".")[0], guarded) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            yield node.module.split(".")[0], guarded
        elif isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
            for h in node.handlers
        ):
            for child in node.body:
                yield from _imports(ast.Module([child], []), True)
            for part in (*node.handlers, *node.orelse, *node.finalbody):
                yield from _imports(part, guarded)
        else:
            yield from _imports(node, guarded)


def undeclared(declared: set[str], optional: set[str]) -> dict[str, str]:
    """Module -> the first file importing it, for each library imported but not declared."""
    dists = importlib.metadata.packages_distributions()
    out: dict[str, str] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for module, guarded in _imports(ast.parse(path.read_text("utf-8"))):
                if module in PACKAGES or module in sys.stdlib_module_names:
                    continue
                names = {re.sub(r"[-_.]+", "-", d).lower() for d in dists.get(module, [module])}
                if not names & (optional if guarded else declared):
                    out.setdefault(module, str(path.relative_to(ROOT)))
    return out


def test_every_library_imported_is_a_declared_dependency() -> None:
    assert undeclared(DECLARED, OPTIONAL) == {}


def test_the_check_names_an_undeclared_import() -> None:
    """Were starlette not declared, the check would name it and where it is imported."""
    gone = DECLARED - {"starlette"}
    assert undeclared(gone, OPTIONAL - {"starlette"}) == {"starlette": "dashboard/serve/asgi.py"}
