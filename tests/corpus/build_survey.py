"""Build the form-tool exports ``collabsheet survey import`` reads (issue 18, item 2).

    .venv/bin/python tests/corpus/build_survey.py   # needs `soffice` (apt: libreoffice-calc)

Four exports of one quarterly survey (2026Q4), shaped like each tool's download: its own
columns first, then one column per question with the question's text as the header;
departments by name (one by id), ratings as text (问卷星 "按选项文本下载", 飞书) or numbers
(腾讯问卷 and Google Forms scales). Each file holds a few bad rows; ``tests/test_survey_import.py``
names every one of them by cell. The xlsx files are written by LibreOffice from a UTF-8 CSV
(``soffice --headless --convert-to xlsx``, and 问卷星's as .xls too), as a spreadsheet program
saves them; the 腾讯问卷 CSV is GB18030, as Excel on Chinese Windows saves CSV; the Google Forms
CSV is UTF-8.
"""

from __future__ import annotations

import csv
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEPTS = ("研发部", "产品部", "销售部", "客服部", "财务部", "市场部", "法务部", "总经办")
TEXT = {5: "非常满意", 4: "满意", 3: "一般", 2: "不满意", 1: "非常不满意"}
COMMENTS = ("交接时限清楚多了", "审批还是慢", "", "", "希望周会少一些", "", "权责清单很有用")


def answers(rng: random.Random, n: int) -> list[dict[str, Any]]:
    """``n`` plausible answers: department, four ratings (4-5 mostly), hours 4-12, comment."""
    out = []
    for i in range(n):
        r = rng.choices((2, 3, 4, 5), (1, 2, 6, 5), k=4)
        minute = 9 * 60 + 7 * i + rng.randrange(5)
        out.append({"dept": DEPTS[i % len(DEPTS)], "clarity": r[0], "smoothness": r[1],
                    "communication": r[2], "overall": r[3], "hours": rng.choice(range(4, 13)),
                    "comment": rng.choice(COMMENTS), "minute": minute})  # fmt: skip
    return out


def _at(day: int, minute: int, sep: str = "-") -> str:
    return f"2026{sep}12{sep}{day:02d} {minute // 60:02d}:{minute % 60:02d}:{(minute * 7) % 60:02d}"


def wjx(rng: random.Random) -> list[list[Any]]:
    """问卷星, 按选项文本下载: 序号, 提交答卷时间, 所用时间, 来源, 来源详情, 来自IP, then "1、…"."""
    head = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP",
            "1、您所在的部门", "2、您对各部门权责划分清晰度的评价", "3、您对跨部门流程顺畅度的评价",
            "4、您对跨部门沟通效率的评价", "5、总体而言，您对本季度跨部门协作是否满意",
            "6、您每周花在跨部门沟通上的时间约为多少小时",
            "7、您对跨部门协作有什么意见或建议？"]  # fmt: skip
    rows = [head]
    for i, a in enumerate(answers(rng, 10), 1):
        rows.append([i, _at(8, a["minute"], "/"), f"{rng.randrange(60, 400)}秒", "手机提交",
                     "直接访问", f"10.8.{i}.{rng.randrange(2, 250)}(上海-上海)", a["dept"],
                     TEXT[a["clarity"]], TEXT[a["smoothness"]], TEXT[a["communication"]],
                     TEXT[a["overall"]], a["hours"], a["comment"] or "(空)"])  # fmt: skip
    rows[4][6] = "研发中心"  # row 5: no such department
    rows[7][7] = "满意度高"  # row 8: not a rating
    rows[9][11] = "80以上"  # row 10: not a number of hours
    rows.append(list(rows[10]))  # row 12: row 11 again (two exports pasted together)
    return rows


def tencent(rng: random.Random) -> list[list[Any]]:
    """腾讯问卷: 编号, 用户标识, 开始答题时间, 结束答题时间, 答题时长, 地理位置…, then "1.…";
    scales as numbers, one department given by id."""
    head = ["编号", "用户标识", "开始答题时间", "结束答题时间", "答题时长", "地理位置国家和地区",
            "地理位置省", "地理位置市", "1.所在部门", "2.权责清晰度（1-5分）",
            "3.流程顺畅度（1-5分）", "4.沟通效率（1-5分）", "5.整体满意度（1-5分）",
            "6.每周跨部门沟通耗时（小时）", "7.意见建议"]  # fmt: skip
    rows = [head]
    for i, a in enumerate(answers(rng, 9), 1):
        took = rng.randrange(60, 400)
        rows.append([i, f"ou_{rng.randrange(16**8):08x}", _at(9, a["minute"]),
                     _at(9, a["minute"] + took // 60), f"{took}秒", "中国", "上海", "上海",
                     a["dept"], a["clarity"], a["smoothness"], a["communication"], a["overall"],
                     a["hours"], a["comment"]])  # fmt: skip
    rows[2][8] = "D03"  # row 3: a department by id (imported)
    rows[3][9] = 7  # row 4: a rating out of 1-5
    rows[5][11] = ""  # row 6: a required rating left empty
    rows[6][13] = "-2"  # row 7: negative hours
    rows[8][3] = "12月9日下午"  # row 9: a submission time that is not one
    return rows


def feishu(rng: random.Random) -> list[list[Any]]:
    """飞书问卷: 提交时间, 提交人, then the questions as written, without numbers."""
    head = ["提交时间", "提交人", "您所在的部门", "权责清晰度", "流程顺畅度", "沟通效率",
            "总体满意度", "每周跨部门沟通耗时（小时）", "意见与建议"]  # fmt: skip
    rows = [head]
    for a in answers(rng, 8):
        rows.append([_at(10, a["minute"]), f"{rng.choice('王李张刘陈杨')}{rng.choice('伟芳敏静')}",
                     a["dept"], TEXT[a["clarity"]], TEXT[a["smoothness"]],
                     TEXT[a["communication"]], TEXT[a["overall"]], f"{a['hours']}小时",
                     a["comment"]])  # fmt: skip
    rows[3][2] = "人力资源部"  # row 4: no such department
    rows[6][5] = "还行"  # row 7: not a rating
    rows[8][7] = ""  # row 9: hours left empty (optional: imported)
    return rows


def google(rng: random.Random) -> list[list[Any]]:
    """Google Forms (a Chinese-locale sheet's CSV): Timestamp, Email Address, the questions."""
    head = ["Timestamp", "Email Address", "您所在的部门", "权责清晰度", "流程顺畅度",
            "沟通效率", "总体满意度", "每周跨部门沟通耗时（小时）", "意见建议"]  # fmt: skip
    rows = [head]
    for i, a in enumerate(answers(rng, 7), 1):
        m = a["minute"]
        rows.append([f"2026/12/11 {m // 60}:{m % 60:02d}:{(m * 7) % 60:02d}",
                     f"user{i:02d}@example.com", a["dept"], a["clarity"], a["smoothness"],
                     a["communication"], a["overall"], a["hours"], a["comment"]])  # fmt: skip
    rows[2][3] = "4.5"  # row 3: not a whole rating
    rows[5][7] = 90  # row 6: more hours than a working week
    return rows


def _csv(path: Path, rows: list[list[Any]], encoding: str) -> None:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(rows)


def main() -> None:
    if shutil.which("soffice") is None:
        sys.exit("soffice not found: apt-get install libreoffice-calc")
    rng = random.Random(18)
    books = {"survey_wjx": wjx(rng), "survey_feishu": feishu(rng)}
    _csv(HERE / "survey_tencent.csv", tencent(rng), "gb18030")
    _csv(HERE / "survey_google.csv", google(rng), "utf-8")
    # 问卷星's export as xlsx, and as Excel 97-2003 (.xls) too: the same answers in both
    saved = [(name, "xlsx") for name in books] + [("survey_wjx", "xls")]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, rows in books.items():
            _csv(work / f"{name}.csv", rows, "utf-8")
        for name, target in saved:
            subprocess.run(
                ["soffice", "--headless", "--norestore",
                 f"-env:UserInstallation=file://{work / 'lo-profile'}",
                 "--infilter=CSV:44,34,76,1", "--convert-to", target, "--outdir", str(HERE),
                 str(work / f"{name}.csv")],
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
    for name in (*(f"{n}.{t}" for n, t in saved), "survey_tencent.csv", "survey_google.csv"):
        print(name, (HERE / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
