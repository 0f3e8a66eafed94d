"""A webhook URL typed into a cell (a department's 通知群, a dispute's description) is in no
output: the CLI's finding lines and ``--json``, the weekly packs (.docx .html .xlsx) and the
dashboard's pages (trial9: the 通知群 finding printed the token nearly whole, the packs and
the 权责争议 page the URLs whole). The cell is read redacted (sheets_sync/columns.py) and a
finding's text is redacted (sheets_sync/finding.py)."""

from __future__ import annotations

import io
import json
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import openpyxl
import pytest

from jobs.run.cli import main
from tests.support.configs import outbox_config
from tests.support.dashboard import frames, open_page, point_at, start, texts

FEISHU = "https://open.feishu.cn/open-apis/bot/v2/hook/cellFStoken-aaaa-bbbb-cccc-1234567890ab"
DING = "https://oapi.dingtalk.com/robot/send?access_token=cellDTtoken0123456789abcdef"
SLACK = "https://hooks.slack.com/services/T0CELL/B0CELL/cellSLACKsecretXYZ123"
BARE = "oapi.dingtalk.com/robot/send?access_token=cellBAREtoken987"  # pasted without https://
WIKI = "https://wiki.corp.com/pages/viewpage.action?spaceKey=OPS&title=Runbook"  # kept whole
SHARE = "https://ops:cellUSERpw99@files.corp.com/share/报表"  # a link with its password
TOKENS = ("cellFStoken", "1234567890ab", "cellDTtoken", "0123456789abcdef", "cellSLACKsecret",
          "cellBAREtoken", "cellUSERpw99")  # fmt: skip
AT = "2026-11-27 10:00"


def typed(book: Path) -> Path:
    """The demo workbook with the URLs typed into a 通知群 cell and open disputes' text."""
    wb = openpyxl.load_workbook(book)
    wb["部门"]["G3"] = FEISHU
    disputes = wb["权责争议"]
    header = [c.value for c in disputes[1]]
    text, status = header.index("争议描述") + 1, header.index("状态") + 1
    for row in range(2, disputes.max_row + 1):
        if disputes.cell(row, status).value in ("协商中", "待处理", "已升级"):
            cell = disputes.cell(row, text)
            cell.value = f"{cell.value} 见群机器人 {DING} 和 {SLACK}，{BARE}；手册 {WIKI}，{SHARE}"
    wb.save(book)
    return book


def cli(args: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        main(args)
    return out.getvalue() + err.getvalue()


def leaks(text: str) -> list[str]:
    return [t for t in TOKENS if t in text]


def test_no_cli_line_and_no_pack_shows_a_typed_token(demo_xlsx: Path, tmp_path: Path) -> None:
    config = str(outbox_config(tmp_path, typed(demo_xlsx)))
    said = cli(["remind", "--config", config, "--at", AT, "--dry-run"])
    assert "部门!G3" in said and leaks(said) == []  # the 通知群 finding is there, redacted
    as_json = cli(["--json", "remind", "--config", config, "--at", AT, "--dry-run"])
    assert json.loads(as_json) and leaks(as_json) == []
    for args in (["run", "daily", "--at", AT], ["weekly", "--at", AT], ["validate"]):
        assert leaks(cli([*args, "--config", config])) == []
    packs = list((demo_xlsx.parent / "weekly").rglob("*.*"))
    assert {p.suffix for p in packs} >= {".docx", ".html", ".xlsx"}
    for p in packs:
        if p.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(p) as z:
                text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        else:
            text = p.read_text(encoding="utf-8")
        assert leaks(text) == [], p
    html = [p.read_text(encoding="utf-8") for p in packs if p.suffix == ".html"]
    assert any("oapi.dingtalk.com" in h for h in html)  # the text is there, its token is not
    assert any(WIKI.replace("&", "&amp;") in h for h in html)  # an ordinary link kept whole


@pytest.mark.parametrize("page", ["views/disputes.py"])
def test_no_dashboard_page_shows_a_typed_token(
    demo_xlsx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str,
    fresh_dashboard_cache: None,
) -> None:  # fmt: skip
    point_at(typed(demo_xlsx), tmp_path, monkeypatch)
    at = open_page(start(), page)
    shown = "\n".join([*texts(at), *(f.to_csv() for f in frames(at))])
    assert leaks(shown) == []
