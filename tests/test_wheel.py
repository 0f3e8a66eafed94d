"""Issue 20, item 10: the wheel installs exactly the top-level packages the READMEs name (why
they recommend ``pipx install .`` or a dedicated virtual environment).

The wheel is built offline from a copy of the sources (``pip wheel --no-deps
--no-build-isolation --no-index``, with the setuptools of the test environment), so the build
leaves nothing in the work tree.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# the sentence of each README that names the packages, and how the names are set off in it
DOCUMENTED = {
    "README.md": r"top-level packages into site-packages, (.*?), names generic",
    "README.zh-CN.md": r"四个顶层包 (.*?)，名字很常见",
}


def documented(readme: str) -> set[str]:
    text = " ".join((ROOT / readme).read_text(encoding="utf-8").split())
    found = re.search(DOCUMENTED[readme], text)
    assert found, f"{readme} no longer names the top-level packages as {DOCUMENTED[readme]!r}"
    return set(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", found.group(1)))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """collabsheet's wheel, built from a copy of pyproject.toml, README.md and every top-level
    folder with Python files in it: tests/ and bench/ too, which must stay out of the wheel."""
    base = tmp_path_factory.mktemp("wheel")
    src, out = base / "src", base / "out"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc", ".*")
    copied = set()
    for folder in sorted(ROOT.iterdir()):
        if folder.is_dir() and not folder.name.startswith(".") and any(folder.glob("*.py")):
            shutil.copytree(folder, src / folder.name, ignore=skip)
            copied.add(folder.name)
    assert {"tests", "config"} <= copied, copied  # the comparison below can fail
    argv = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    done = subprocess.run(
        [*argv, "--no-index", "--quiet", "--wheel-dir", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (built,) = out.glob("collabsheet-*.whl")
    return zipfile.ZipFile(built)


@pytest.mark.parametrize("readme", sorted(DOCUMENTED))
def test_wheel_top_level_packages_are_the_documented_ones(
    wheel: zipfile.ZipFile, readme: str
) -> None:
    names = wheel.namelist()
    (info,) = {n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info")}
    top = {n.split("/")[0] for n in names} - {info}
    assert top == documented(readme), f"{readme} names {documented(readme)}, the wheel has {top}"
    top_level = wheel.read(f"{info}/top_level.txt").decode().split()
    assert set(top_level) == top
    assert all(f"{name}/__init__.py" in names for name in top)


def test_wheel_entry_point_is_the_cli(wheel: zipfile.ZipFile) -> None:
    (points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(points).decode()
    assert re.search(r"^collabsheet = jobs\.run\.cli:main$", text, re.M), text
