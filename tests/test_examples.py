"""Every example runs as written on the demo, at any date (issue 20, item 1): the README's
``collabsheet`` lines (its ```sh blocks) and the example in each ``--help``, run in-process
(``jobs.run.cli.main``) in a fresh folder laid out like a clone (the shipped
``config/collabsheet.toml``) after ``collabsheet demo``. ``--dry-run`` is appended where the
command takes it and the example has none; commands that serve until stopped are left out, by
name, with the reason."""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shlex
import shutil
from pathlib import Path

import pytest

from jobs.run.cli import _parser, main
from jobs.run.command_parser import example_of

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def readme_examples() -> list[str]:
    """The lines of the README's ```sh blocks that call ``collabsheet`` (command 1 and 2, which
    install first, are tested in tests/test_readme.py)."""
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    return [line for b in blocks for line in b.splitlines() if line.startswith("collabsheet ")]


def help_examples() -> list[tuple[str, str]]:
    """(where, example): the top-level help's and each command's."""
    found = [("collabsheet --help", str(_parser().epilog))]
    found += [(f"collabsheet {n} --help", str(p.epilog)) for n, p in _subparsers().items()]
    return [(where, example_of(text)) for where, text in found]


def commands(example: str) -> list[tuple[list[str], str | None]]:
    """The commands of one example line: (arguments after ``collabsheet``, the file its
    output is redirected to); ``#`` comments dropped, ``&&`` separating commands."""
    words = shlex.split(example, comments=True)
    found: list[tuple[list[str], str | None]] = []
    while words:
        end = words.index("&&") if "&&" in words else len(words)
        one, words = words[:end], words[end + 1 :]
        assert one[0] == "collabsheet", example
        argv, out = one[1:], None
        if ">" in argv:
            at = argv.index(">")
            argv, out = argv[:at] + argv[at + 2 :], argv[at + 1]
        found.append((argv, out))
    return found


def left_out(argv: list[str]) -> str | None:
    """Why a command is not run here, or None."""
    if argv[0] == "dashboard":
        return "starts the dashboard's web server, which runs until stopped"
    if argv[0] == "scheduler" and "--plan" not in argv:
        return "runs the jobs on time until SIGTERM (only --plan exits)"
    if argv[0] == "init" and not [a for a in argv[1:] if not a.startswith("-")]:
        return "without a PATH it writes to the configured Google spreadsheet (network)"
    return None


# exit 1 (findings) is the right answer on the demo for these: its planted problems
FINDS_PROBLEMS = {"validate"}

EXAMPLES = [("README.md", line) for line in readme_examples()] + help_examples()


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder like a fresh clone's (the shipped config) after ``collabsheet demo``."""
    folder = tmp_path_factory.mktemp("clone")
    (folder / "config").mkdir()
    shutil.copyfile(ROOT / "config" / "collabsheet.toml", folder / "config" / "collabsheet.toml")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("COLLABSHEET_CONFIG", raising=False)
        mp.chdir(folder)
        assert main(["demo", "-q"]) == 0
    assert (folder / "data" / "demo.xlsx").is_file()
    return folder


def test_the_examples_are_found() -> None:
    """The test below runs something: the README's lines and one example per command."""
    assert len(readme_examples()) >= 20
    assert len(help_examples()) == len(_subparsers()) + 1
    assert any("start-project" in line for line in readme_examples())


@pytest.mark.parametrize(("where", "example"), EXAMPLES, ids=[f"{w}: {e}" for w, e in EXAMPLES])
def test_the_example_runs_on_the_demo(
    where: str,
    example: str,
    clone: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "clone"
    shutil.copytree(clone, folder)
    monkeypatch.delenv("COLLABSHEET_CONFIG", raising=False)
    monkeypatch.chdir(folder)
    ran = 0
    for argv, redirect in commands(example):
        if left_out(argv):
            continue
        takes = _subparsers()[argv[0]]._option_string_actions
        if "--dry-run" in takes and "--dry-run" not in argv:
            argv = [*argv, "--dry-run"]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        expected = 1 if argv[0] in FINDS_PROBLEMS else 0
        assert code == expected, f"{where}: {example!r} exited {code}: {out.getvalue()[-800:]}"
        assert "error:" not in err.getvalue(), err.getvalue()
        assert out.getvalue().strip(), f"{where}: {example!r} printed nothing"
        if redirect:
            (folder / redirect).write_text(out.getvalue(), encoding="utf-8")
        ran += 1
    if not ran:
        reasons = {left_out(argv) for argv, _ in commands(example)}
        pytest.skip(f"not run here: {'; '.join(sorted(str(r) for r in reasons))}")


def test_start_takes_today_and_tomorrow_in_the_configured_zone() -> None:
    """What makes the start-project examples run at any date."""
    import datetime as dt

    from jobs.run.options import start_day, start_time

    now = dt.datetime(2026, 12, 31, 23, 30)
    assert start_day(start_time("tomorrow"), now) == dt.date(2027, 1, 1)
    assert start_day(start_time(" Today "), now) == dt.date(2026, 12, 31)
    assert start_day(start_time("2026-09-30 14:00"), now) == dt.datetime(2026, 9, 30, 14)
    with pytest.raises(argparse.ArgumentTypeError, match="today or tomorrow"):
        start_time("yesterday")
