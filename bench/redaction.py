"""Redaction with secrets matched in any letter case, against the same forms matched only as
they are (the cost before trial21's upper-cased token), in one process.

    .venv/bin/python bench/redaction.py [--secrets 8] [--repeat 200]

Secrets: a webhook URL of each platform and signing secrets, SMTP passwords; the text is 10 KB
of reminder items (what ``redact`` is handed most: items, links, subjects, log records).
Printed: the forms matched, the compile time, the time per 10 KB of each, and their ratio
(review23 measured 10-40x with the case-insensitive flag; matching in the lower-cased text
instead is meant to stay under 2x).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from config import secrets as S

SECRETS = [
    "https://open.feishu.cn/open-apis/bot/v2/hook/5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
    "https://oapi.dingtalk.com/robot/send?access_token=" + "9d8c7b6a5f4e3d2c1b0a" * 3 + "1234",
    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7a3b-4c2d-9e8f-1a2b3c4d5e6f",
    "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
    "SECa1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2",
    "SEC9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8",
    "smtpPASSw0rd-9f8e7d6c",
    "Pässwort-密码-2026xyz",
]
ITEM = ("任务 T000123「4 问题处理」 · 执行人 方帆（研发部） · 截止 11月26日（周四）10:00，已超时 8 "
        "工作小时 · 完成后在 任务进度!J275 填写完成时间\n")  # fmt: skip


def secrets(n: int) -> frozenset[str]:
    """``n`` secrets: the list above, then more signing secrets made like them."""
    more = [f"SEC{i:04d}" + "a1b2c3d4e5f6" * 5 for i in range(max(0, n - len(SECRETS)))]
    return frozenset((SECRETS + more)[:n])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--secrets", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args()
    known = secrets(args.secrets)
    text = (ITEM * (10_000 // len(ITEM) + 1))[:10_000]
    S._pattern.cache_clear()
    t = time.perf_counter()
    folded, exact = S._pattern(known)
    compile_ms = (time.perf_counter() - t) * 1000
    forms = [p.pattern.split("|") for p in (folded, exact) if p is not None]
    # the baseline: the same forms as they are (no lower-casing), one case-sensitive pattern
    baseline = re.compile("|".join(f for group in forms for f in group))

    def timed(func: object) -> float:
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            for _ in range(args.repeat):
                func()  # type: ignore[operator]
            runs.append((time.perf_counter() - t) / args.repeat * 1000)
        return statistics.median(runs)

    base = timed(lambda: baseline.sub(S.MASK, text))
    now = timed(lambda: S.redact(text, known))
    print(f"{len(known)} secrets, {sum(map(len, forms))} forms, compiled in {compile_ms:.1f} ms")
    print(f"  as they are (baseline)   {base:7.3f} ms per 10 KB")
    print(f"  any case (redact)        {now:7.3f} ms per 10 KB")
    print(f"  ratio {now / base:.2f}")


if __name__ == "__main__":
    main()
