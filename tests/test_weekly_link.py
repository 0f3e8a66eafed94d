"""The weekly messages link to the pack on the dashboard's 周报 page (issue 19, item 2: "sent to
the heads and coordinators through their channels, with the link"): ``[survey] base_url`` is the
dashboard as people open it; while it is this machine's address (the default), the
coordinators' message and ``weekly``'s output say so once and name the files on the server
instead; a head's or management's message names the files to ask a coordinator for, without
the setting or a server path (trial7)."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from jobs.notify import Item, Message, Section, dingtalk, feishu, slack
from jobs.notify.email import build
from jobs.run.cli import main

AT = "2026-12-07 09:00"  # Monday of 2026-W50
WEEK = "2026-W50"
SITE = "https://collab.example.com/team/"
NO_LINK = {
    "zh-CN": "看板地址未配置（[survey] base_url 是本机地址 http://localhost:8501/），无法附周报页"
    "链接；文件在服务器上：",
    "en": "The dashboard's address is not configured ([survey] base_url is this machine's "
    "http://localhost:8501/), so there is no link to the 周报 page; the files are on the server:",
}
INTRO = {
    "zh-CN": "本周的周例会材料已生成，请会前阅读（Word、网页和 Excel 清单）：",
    "en": "This week's meeting pack is ready; please read it before the meeting (Word, web page "
    "and Excel lists):",
}
ASK = {
    "zh-CN": "看板还没有同事能打开的地址，无法附周报页链接；以下文件请向协调员索取：",
    "en": "The dashboard has no address colleagues can open yet, so there is no link to the "
    "weekly page; ask a coordinator for these files:",
}
FILES = {"zh-CN": "文件：", "en": "File: "}  # trial29: 文件: (ASCII) in a Chinese line
PAGE = {"zh-CN": "看板「周报」页", "en": "the dashboard's 周报 page"}


def config(tmp_path: Path, book: Path, locale: str, survey: str) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(
        f'[general]\nlocale = "{locale}"\n\n[workbook]\npath = "{book}"\n\n'
        f'[channels]\njournal = "{tmp_path / "j.jsonl"}"\n\n'
        f'[channels.outbox]\nfolder = "{tmp_path / "outbox"}"\n\n{survey}',
        encoding="utf-8",
    )
    return path


def body(outbox: Path, pack: str) -> list[str]:
    """The plain-text lines of an outbox mail of ``pack`` ("all": a coordinator's)."""
    raw = sorted(outbox.glob(f"weekly_{WEEK}_{pack}_*.eml"))[0].read_bytes()
    mail = email.message_from_bytes(raw, policy=email.policy.default)
    return mail.get_body(("plain",)).get_content().splitlines()  # type: ignore[union-attr]


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_a_pack_message_links_to_its_pack_on_the_weekly_page(
    tmp_path: Path, demo_xlsx: Path, locale: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = config(tmp_path, demo_xlsx, locale, f'[survey]\nbase_url = "{SITE}"\n')
    assert main(["weekly", "--at", AT, "--config", str(cfg), "-q"]) == 0
    lines = body(tmp_path / "outbox", "D07")
    link = f"https://collab.example.com/team/weekly?week={WEEK}&pack=D07"
    assert lines[:2] == [INTRO[locale], ""]
    assert lines[3] == f"  - {PAGE[locale]}  {link}"
    assert not any(str(demo_xlsx.parent) in line for line in lines)  # no server path
    out = capsys.readouterr().out
    assert NO_LINK[locale] not in out and "base_url" not in out
    coordinator = body(tmp_path / "outbox", "all")  # every pack, each with its link
    assert [x.split()[-1] for x in coordinator if "weekly?" in x] == [
        f"https://collab.example.com/team/weekly?week={WEEK}&pack={k}"
        for k in ("management", "D01", "D02", "D03", "D04", "D05", "D06", "D07", "D08")
    ]


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("survey", ["", '[survey]\nbase_url = "http://127.0.0.1:8501/"\n'])
def test_without_the_dashboards_address_the_files_are_named_and_why_once(
    tmp_path: Path, demo_xlsx: Path, locale: str, survey: str,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    cfg = config(tmp_path, demo_xlsx, locale, survey)
    assert main(["weekly", "--at", AT, "--config", str(cfg), "-q"]) == 0
    note = NO_LINK[locale].replace("http://localhost:8501/", "http://127.0.0.1:8501/" if survey
                                   else "http://localhost:8501/")  # fmt: skip
    folder = (demo_xlsx.parent / "weekly" / WEEK).resolve()
    lines = body(tmp_path / "outbox", "D07")  # the head's: the files to ask for, by name
    assert lines[:3] == [INTRO[locale], ASK[locale], ""]
    assert lines[4:7] == [
        f"  - {FILES[locale]}周例会材料_{WEEK}_D07_法务部.{ext}" for ext in ("docx", "html", "xlsx")
    ]
    assert not any("weekly?" in line or "base_url" in line or str(folder) in line
                   for line in lines)  # fmt: skip
    coordinator = body(tmp_path / "outbox", "all")
    assert coordinator.count(note) == 1  # once in the message, not once per pack
    assert f"  - {FILES[locale]}{folder / f'周例会材料_{WEEK}_D07_法务部.docx'}" in coordinator
    out = capsys.readouterr().out.splitlines()
    assert out.count(note) == 1 and out[-1] == note


@pytest.mark.parametrize(
    ("base", "link"),
    [
        ("https://collab.example.com/", "https://collab.example.com/weekly?week=2026-W50&pack=D07"),
        ("https://collab.example.com", "https://collab.example.com/weekly?week=2026-W50&pack=D07"),
        ("https://x.cn/collab/?team=a", "https://x.cn/collab/weekly?team=a&week=2026-W50&pack=D07"),
    ],
)
def test_the_page_link_keeps_the_base_url(base: str, link: str) -> None:
    from jobs.weekly.notice import page_link

    assert page_link(base, WEEK, "D07") == link


def html(mail: email.message.EmailMessage) -> str:
    part = mail.get_body(("html",))
    assert part is not None
    return str(part.get_content())


URL = "https://collab.example.com/weekly?week=2026-W50&pack=D07"
LABELLED = Message(
    "k", "x", "r", "s", "intro", (Section("t", (Item("看板「周报」页", URL, "打开"),)),),
    locale="zh-CN",
)  # fmt: skip


@pytest.mark.parametrize(
    ("render", "expected"),
    [
        (lambda m: dingtalk.render(m), f"[打开]({URL})"),
        (lambda m: str(feishu.body(m, None, 0)), "'text': '打开', 'href': '" + URL),
        (lambda m: str(slack.body(m)), f"<{URL}|打开>"),
        (lambda m: html(build(m, "a@x.cn")), ">打开</a>"),
    ],
)
def test_a_labelled_link_says_its_label_in_every_channel(render: object, expected: str) -> None:
    text = render(LABELLED)  # type: ignore[operator]
    assert expected in text and "打开表格" not in text


@pytest.mark.parametrize(
    ("locale", "subject"),
    [
        ("zh-CN", "【周例会材料】2026年第50周（12月7日–12月13日） · 全部材料（管理层与各部门）"),
        ("en", "【Weekly meeting pack】2026-W50 (7 Dec–13 Dec) · every pack (management and "
               "departments)"),
    ],
)  # fmt: skip
def test_the_coordinators_subject_says_the_week_and_every_pack(
    tmp_path: Path, demo_xlsx: Path, locale: str, subject: str
) -> None:
    """trial29: 2026-W42 is a code, not a week a Chinese reader names, and 全公司 named a pack
    no file holds (the coordinators' message lists every pack)."""
    cfg = config(tmp_path, demo_xlsx, locale, "")
    assert main(["weekly", "--at", AT, "--config", str(cfg), "-q"]) == 0
    raw = sorted((tmp_path / "outbox").glob(f"weekly_{WEEK}_all_*.eml"))[0].read_bytes()
    assert email.message_from_bytes(raw, policy=email.policy.default)["Subject"] == subject
