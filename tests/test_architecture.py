"""The layering of the packages (pyproject.toml [tool.importlinter]), checked by import-linter."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]


def _lint(cwd: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(cwd))
    return subprocess.run([str(LINT), str(config)], cwd=cwd, env=env,
                          capture_output=True, text=True)  # fmt: skip


def test_the_import_contracts_hold() -> None:
    result = _lint(ROOT, ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    names = [c["name"] for c in CONTRACTS["contracts"]]
    assert "Layers: config <- sheets_sync <- jobs <- dashboard" in names
    assert f"Contracts: {len(names)} kept, 0 broken." in result.stdout


def _module(root: Path, name: str, text: str = "") -> None:
    """An empty module ``name`` under ``root`` (its packages made on the way)."""
    parts = name.split(".")
    for i in range(1, len(parts)):
        package = root.joinpath(*parts[:i])
        package.mkdir(exist_ok=True)
        (package / "__init__.py").touch()
    root.joinpath(*parts[:-1], f"{parts[-1]}.py").write_text(text)


def test_a_domain_package_importing_the_run_package_breaks_a_contract(tmp_path: Path) -> None:
    """The same contracts on an empty copy of the layout in which jobs.sla imports jobs.run."""
    ours = ("config", "sheets_sync", "jobs", "dashboard")
    named = {
        m for c in CONTRACTS["contracts"]
        for m in (*c.get("source_modules", ()), *c.get("forbidden_modules", ()))
        if m.split(".")[0] in ours
    }  # fmt: skip
    for name in named | {"jobs.run.dashboard_command", "dashboard.serve.launch", *ours}:
        _module(tmp_path, name if "." in name else f"{name}.__init__")
    _module(tmp_path, "jobs.run.dashboard_command", "import dashboard.serve.launch\n")
    _module(tmp_path, "jobs.run.envelope")
    _module(tmp_path, "jobs.sla.status", "import jobs.run.envelope\n")
    config = tmp_path / "pyproject.toml"
    config.write_text((ROOT / "pyproject.toml").read_text("utf-8"), "utf-8")
    result = _lint(tmp_path, config)
    assert result.returncode != 0, result.stdout[-3000:]
    assert "Domain packages are pure: no run package, no backend, no notifier BROKEN" in (
        result.stdout)  # fmt: skip
    assert "jobs.sla.status -> jobs.run.envelope" in result.stdout


def _contract(start: str) -> dict[str, list[str]]:
    return next(c for c in CONTRACTS["contracts"] if c["name"].startswith(start))


DOMAIN = _contract("Domain packages are pure")
NETWORK = _contract("Only the backends and the notifiers")


def _children(package: str) -> set[str]:
    """The modules and packages directly in ``package`` (dotted names)."""
    folder = ROOT.joinpath(*package.split("."))
    return {
        f"{package}.{p.stem if p.suffix == '.py' else p.name}"
        for p in folder.iterdir()
        if (p.suffix == ".py" and p.name != "__init__.py") or (p / "__init__.py").exists()
    }


def test_every_domain_package_is_held_to_the_contracts() -> None:
    """A new package of jobs/ is a domain package (pure) unless it is the run package or the
    notifiers: it must be listed, or import-linter would not look at it (trial14)."""
    domains = _children("jobs") - {"jobs.run", "jobs.notify"}
    assert set(DOMAIN["source_modules"]) == domains
    assert domains | {"jobs.run"} <= set(NETWORK["source_modules"])


def test_every_module_is_a_backend_a_notifier_or_kept_off_the_network() -> None:
    """Each sheets_sync module reads or writes workbooks (a backend: forbidden to the domain
    packages) or is data (kept off the network and the spreadsheet libraries); every dashboard
    module but the server's plumbing is kept off them too. A new module must be put in one."""
    backends = {m for m in DOMAIN["forbidden_modules"] if m.startswith("sheets_sync.")}
    data = {m for m in NETWORK["source_modules"] if m.startswith("sheets_sync.")}
    assert backends & data == set()
    assert backends | data == _children("sheets_sync")
    assert _children("dashboard") - {"dashboard.serve"} <= set(NETWORK["source_modules"])
    notifiers = {m for m in DOMAIN["forbidden_modules"] if m.startswith("jobs.notify.")}
    assert notifiers <= _children("jobs.notify")
    assert "jobs.notify.transport" in notifiers and "jobs.notify.factory" in notifiers


# what import-linter cannot tell apart (it sees the top package, urllib, of urllib.parse too)
NETWORK_MODULES = ("urllib.request", "urllib.error", "http.client", "http.server", "ftplib",
                   "socketserver", "xmlrpc", "smtplib", "socket", "ssl")  # fmt: skip


def network_imports(root: Path, sources: list[str]) -> list[str]:
    """``file: module`` for every import of ``NETWORK_MODULES`` in the modules ``sources``
    name (and their submodules) under ``root``."""
    found = []
    for source in sources:
        base = root.joinpath(*source.split("."))
        files = sorted(base.rglob("*.py")) if base.is_dir() else [base.with_suffix(".py")]
        for path in files:
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                names = (  # from urllib import request: urllib.request (review14)
                    [a.name for a in node.names] if isinstance(node, ast.Import)
                    else [node.module or "", *(f"{node.module}.{a.name}" for a in node.names)]
                    if isinstance(node, ast.ImportFrom) else []
                )  # fmt: skip
                hits = [n for n in names if any(n == m or n.startswith(f"{m}.")
                                                for m in NETWORK_MODULES)]  # fmt: skip
                found += [f"{path.relative_to(root)}: {min(hits, key=len)}"] if hits else []
    return found


def test_no_module_but_the_backends_and_notifiers_opens_a_connection(tmp_path: Path) -> None:
    """urllib.request and the like, which the import contract cannot see (trial14 added one
    to jobs/sla/status.py and the contracts held)."""
    assert network_imports(ROOT, NETWORK["source_modules"]) == []
    _module(
        tmp_path, "jobs.sla.status", "import urllib.parse\nfrom urllib.request import urlopen\n"
    )
    assert network_imports(tmp_path, ["jobs.sla"]) == ["jobs/sla/status.py: urllib.request"]
    _module(tmp_path, "jobs.sla.status", "from urllib import parse, request\n")
    assert network_imports(tmp_path, ["jobs.sla"]) == ["jobs/sla/status.py: urllib.request"]


CODEC = {"config/schema.py", "sheets_sync/bot_tab.py", "sheets_sync/reference.py"}


def test_only_the_codec_names_a_bot_tabs_columns() -> None:
    """Bot tabs are read and written through sheets_sync.bot_tab (wrapped per domain): no other
    module looks up BOT_TABS (reference.py only prints the schema)."""
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("config", "sheets_sync", "jobs", "dashboard")
        for path in sorted((ROOT / package).rglob("*.py"))
        if str(path.relative_to(ROOT)) not in CODEC and "BOT_TABS" in path.read_text("utf-8")
    ]
    assert offenders == []


def test_no_two_modules_share_a_name() -> None:
    """Names say what a thing is: one module or package per name across the packages (bench
    scripts are named after what they measure and are not imported by the packages); the page
    of the SLA is sla_page, beside the package jobs/sla (trial14)."""
    seen: dict[str, list[str]] = {}
    for package in ("config", "sheets_sync", "jobs", "dashboard"):
        for path in (ROOT / package).rglob("*.py"):
            named = path.parent if path.name == "__init__.py" else path
            if named != ROOT / package:
                seen.setdefault(named.stem, []).append(str(named.relative_to(ROOT)))
    assert {name: paths for name, paths in seen.items() if len(paths) > 1} == {}
