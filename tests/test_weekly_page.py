"""The 周报 page (issue 19, item 2): after ``collabsheet weekly`` it lists the latest week's
packs with their highlights and download buttons; a viewer scoped to D01 sees only D01's pack
(not the management pack, which names every department's rows), a viewer of every department
sees them all; before any run it says how to make one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.password import hash_password
from jobs.run.cli import main
from tests.support.dashboard import APP, open_page, signed_in, unescape

pytestmark = pytest.mark.usefixtures("fresh_dashboard_cache")
USERS = {
    "alice": {"password_hash": hash_password("a-pw"), "depts": ["D01"]},
    "boss": {"password": "b-pw", "depts": "*"},
}


def config(tmp_path: Path, book: Path, dashboard: str = "") -> Path:
    path = tmp_path / "c.toml"
    path.write_text(
        f'[workbook]\npath = "{book}"\n\n[dashboard]\nttl_s = 3600\n{dashboard}\n\n'
        f'[channels]\njournal = "{tmp_path / "j.jsonl"}"\n\n'
        f'[channels.outbox]\nfolder = "{tmp_path / "outbox"}"\n',
        encoding="utf-8",
    )
    return path


def page(monkeypatch: pytest.MonkeyPatch, cfg: Path, user: str | None = None) -> AppTest:
    monkeypatch.setenv("COLLABSHEET_CONFIG", str(cfg))
    if user is None:
        at = AppTest.from_file(str(APP), default_timeout=60).run()
    else:
        at = signed_in(USERS, user, {"alice": "a-pw", "boss": "b-pw"}[user])
    return open_page(at, "views/weekly_page.py")


def shown(at: AppTest) -> tuple[list[str], list[str]]:
    """The packs' titles and the download buttons' file names on the page."""
    titles = [unescape(str(s.value)) for s in at.subheader]
    files: list[Any] = [b.proto.label for b in at.get("download_button")]
    return titles, files


def test_before_any_run_the_page_says_how(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_xlsx: Path
) -> None:
    at = page(monkeypatch, config(tmp_path, demo_xlsx))
    assert not at.exception
    assert any("collabsheet weekly" in str(i.value) for i in at.info)


@pytest.mark.parametrize(
    ("user", "keys"),
    [
        (None, ["management", "D01", "D02", "D03", "D04", "D05", "D06", "D07", "D08"]),
        ("boss", ["management", "D01", "D02", "D03", "D04", "D05", "D06", "D07", "D08"]),
        ("alice", ["D01"]),
    ],
)
def test_each_viewer_sees_the_packs_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_xlsx: Path, user: str | None,
    keys: list[str],
) -> None:  # fmt: skip
    body = "" if user is None else 'auth = "password"\nviewer_dept = true'
    cfg = config(tmp_path, demo_xlsx, body)
    assert main(["weekly", "--at", "2026-12-07 09:00", "--config", str(cfg), "-q"]) == 0
    index = json.loads((demo_xlsx.parent / "weekly" / "2026-W50" / "index.json").read_text())
    titles = {p["key"]: p["title"] for p in index["packs"]}
    at = page(monkeypatch, cfg, user)
    assert not at.exception
    got, buttons = shown(at)
    assert got == [titles[k] for k in keys]
    assert buttons == ["下载 Word", "下载网页", "下载 Excel 清单"] * len(keys)
    if user == "alice":  # nothing of another department's pack on the page
        assert not any("管理层" in t or "产品部" in t for t in got)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ({"week": "2026-W50", "pack": "D07"}, "D07"),  # a weekly message's link
        ({"week": "2026-W50", "pack": "D99"}, "management"),  # no such pack: the usual order
        ({}, "management"),
    ],
)
def test_a_messages_link_opens_its_week_and_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_xlsx: Path, query: dict[str, str],
    first: str,
) -> None:  # fmt: skip
    cfg = config(tmp_path, demo_xlsx)
    for when in ("2026-12-07 09:00", "2026-12-14 09:00"):  # two weeks: W50 is not the latest
        assert main(["weekly", "--at", when, "--config", str(cfg), "-q"]) == 0
    index = json.loads((demo_xlsx.parent / "weekly" / "2026-W50" / "index.json").read_text())
    titles = {p["key"]: p["title"] for p in index["packs"]}
    monkeypatch.setenv("COLLABSHEET_CONFIG", str(cfg))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(query)
    at = open_page(at.run(), "views/weekly_page.py")
    assert not at.exception
    week = at.selectbox(key="weekly-week").value
    assert week == ("2026-W50" if query else "2026-W51")
    got, _ = shown(at)
    if query:
        assert got[0] == titles[first] and sorted(got) == sorted(titles.values())
    else:
        assert got[0].endswith("2026-W51 · 管理层")
