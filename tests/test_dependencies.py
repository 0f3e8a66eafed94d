"""Every library the product imports is declared in pyproject.toml (trial14: ``starlette``,
imported by dashboard/serve/asgi.py, came only as streamlit's dependency)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "jobs", "sheets_sync", "dashboard")


def imported() -> dict[str, str]:
    """Top-level module -> the first file importing it, over the product's packages."""
    out: dict[str, str] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    out.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return out


def declared() -> set[str]:
    """The distributions pyproject.toml names (its dependencies), normalised (PEP 503)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    names = {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0] for r in project["dependencies"]}
    return {re.sub(r"[-_.]+", "-", n).lower() for n in names}


def test_every_library_imported_is_a_declared_dependency() -> None:
    ours = set(PACKAGES)
    dists = importlib.metadata.packages_distributions()
    missing = {}
    for module, where in imported().items():
        if module in ours or module in sys.stdlib_module_names or module == "__future__":
            continue
        names = {re.sub(r"[-_.]+", "-", d).lower() for d in dists.get(module, [module])}
        if not names & declared():
            missing[module] = where
    assert missing == {}, f"imported but not declared in pyproject.toml: {missing}"


def test_the_check_finds_an_undeclared_import() -> None:
    """The check above can fail: starlette, were it not declared, would be named."""
    dists = importlib.metadata.packages_distributions()
    assert "starlette" in imported()
    assert {d.lower() for d in dists["starlette"]} == {"starlette"}
    assert "starlette" in declared() and "streamlit" in declared()
