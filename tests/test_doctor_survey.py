"""``collabsheet doctor``'s survey line (jobs/run/survey_health.py): with a round open, the
signing secret must be set and ``[survey] base_url`` must be reachable from other machines;
with none open there is no survey line (survey open says what it lacks)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobs.run.cli import main
from jobs.survey.rounds import Round, rounds_rows
from sheets_sync.xlsx import XlsxBackend, write_xlsx
from tests.support.reminders import raw

SECRET = "s" * 32
SET = "COLLABSHEET_SURVEY_SECRET（至少 16 个字符"
LOCAL = "[survey] base_url 是 http://localhost:8501/，只在本机可用：请改为大家访问看板的地址"


def config(tmp_path: Path, url: str | None, opened: bool) -> Path:
    """A workbook, its config (``base_url`` when given), and a round open whenever the test
    runs (2026 to 2099) when ``opened``."""
    write_xlsx(tmp_path / "team.xlsx", raw())
    path = tmp_path / "c.toml"
    survey = f'[survey]\nbase_url = "{url}"\n' if url else ""
    path.write_text(
        f'[workbook]\npath = "{tmp_path / "team.xlsx"}"\n'
        f'[scheduler]\nlock = "{tmp_path / "run.lock"}"\n'
        f'[channels]\njournal = "{tmp_path / "j.jsonl"}"\n'
        f'[channels.outbox]\nfolder = "{tmp_path / "outbox"}"\n{survey}',
        encoding="utf-8",
    )
    if opened:
        rnd = Round("2026Q4", "2026-01-05 09:00:00", "2099-12-31")
        XlsxBackend(tmp_path / "team.xlsx").write({"_survey_rounds": rounds_rows([rnd])})
    return path


@pytest.mark.parametrize(
    ("secret", "url", "opened", "ok", "zh", "en"),
    [
        ("", "https://collab.example.com/", True, False,
         ["满意度调研 2026Q4 进行中（截止 2099-12-31）", f"但未设置签名密钥：请设置环境变量 {SET}"],
         "survey round 2026Q4 is open (until 2099-12-31); but the signing secret is missing"),
        (SECRET, None, True, False, ["满意度调研 2026Q4 进行中（截止 2099-12-31）", LOCAL],
         "survey round 2026Q4 is open (until 2099-12-31); [survey] base_url is "
         "http://localhost:8501/, an address of this machine"),
        (SECRET, "https://collab.example.com/", True, True,
         ["满意度调研 2026Q4 进行中（截止 2099-12-31）",
          "签名密钥 COLLABSHEET_SURVEY_SECRET 已设置，链接地址 https://collab.example.com/"],
         "survey round 2026Q4 is open (until 2099-12-31); the signing secret "
         "COLLABSHEET_SURVEY_SECRET is set, links go to https://collab.example.com/"),
    ],
)  # fmt: skip
def test_the_survey_line_says_what_a_round_needs(
    secret: str, url: str | None, opened: bool, ok: bool, zh: list[str], en: str,
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", secret)
    path = config(tmp_path, url, opened)
    capsys.readouterr()
    code = main(["doctor", "--config", str(path), "--json"])
    line = json.loads(capsys.readouterr().out)[-1]
    assert line["name"] == "survey" and line["ok"] is ok and code == (0 if ok else 1)
    parts = line["zh"].split("；")
    assert len(parts) == len(zh) and all(p.startswith(z) for p, z in zip(parts, zh, strict=True))
    assert line["en"].startswith(en)
    assert secret not in line["zh"] + line["en"] or not secret  # never the secret itself


@pytest.mark.parametrize("secret", ["", SECRET])
def test_no_survey_line_while_no_round_is_open(
    secret: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", secret)
    path = config(tmp_path, None, opened=False)  # the default base_url, localhost
    capsys.readouterr()
    assert main(["doctor", "--config", str(path), "--json"]) == 0
    assert "survey" not in [c["name"] for c in json.loads(capsys.readouterr().out)]
