"""``collabsheet run daily --dry-run``: everything computed, what would be sent counted, nothing
written or sent (trial: `run daily --dry-run` was refused as an unknown argument)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from jobs.run.cli import main
from tests.support.configs import outbox_config
from tests.support.demo import DEMO_DAY

AT = f"{DEMO_DAY} 10:00"  # a working morning of the demo: digests and escalations due


def files(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (results file, database, journal, outbox) with its digest;
    not the config, nor the run lock (an empty file every command takes, dry runs too)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix not in (".toml", ".lock")
    }


@pytest.mark.parametrize(("locale", "said"), [
    ("zh-CN", r"试运行（不写入、不发送）：将发送 (\d+) 条、暂缓 (\d+) 条"),
    ("en", r"dry run \(nothing written, nothing sent\): (\d+) would be sent, (\d+) held back"),
])  # fmt: skip
def test_a_dry_run_counts_what_the_run_then_sends(
    demo_xlsx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str, said: str
) -> None:
    config = outbox_config(tmp_path, demo_xlsx)
    before = files(tmp_path)
    args = ["run", "daily", "--config", str(config), "--at", AT, "-q", "--locale", locale]
    main([*args, "--dry-run"])
    counted = re.search(said, capsys.readouterr().out)
    assert counted is not None and int(counted.group(1)) > 0
    assert files(tmp_path) == before  # no results file, database, journal or outbox file
    main(args)
    line = capsys.readouterr().out
    sent = re.search(r"本次发送 (\d+)|messages (\d+) sent", line)
    assert sent is not None and int(sent.group(1) or sent.group(2)) == int(counted.group(1))
    assert len(list((tmp_path / "outbox").iterdir())) >= int(counted.group(1))


def test_a_dry_run_in_json_says_so(
    demo_xlsx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A script tells a dry run from a real one by its field, and counts what would go."""
    import json

    config = outbox_config(tmp_path, demo_xlsx)
    main(["run", "daily", "--config", str(config), "--at", AT, "-q", "--json", "--dry-run"])
    out = json.loads(capsys.readouterr().out)
    assert out["dry_run"] is True and out["counts"]["sent"] == 0
    assert sum(d["status"] == "would_send" for d in out["deliveries"]) > 0
