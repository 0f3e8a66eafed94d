"""Case matching: approaches compared on the labelled findings, and their speed.

Run: python bench/cases.py [--sweep] [--findings 1000]
Each approach ranks the demo library's 25 cases for the 62 labelled findings
(tests/case_findings.py) and the 16 held-out ones. Printed per approach: top-1 accuracy on the
findings that have a case; the suggest threshold that makes the most right decisions on the
labelled set (a right case above it, "no match" below it for findings without a case); the
precision and recall of "no match" there; the same threshold on the held-out set; and the time
per finding for 1,000 findings against 25 and against 500 cases. ``--sweep`` prints the
threshold table of the chosen approach (how docs/cases.md's thresholds were picked).
rapidfuzz and jieba are compared when installed (``pip install rapidfuzz jieba``); the product
needs neither.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import TODAY
from config.settings import Settings
from jobs.cases.features import Features, features, normalise
from jobs.cases.glossary import GLOSSARY
from jobs.cases.matching import CaseMatcher, Query, case_text
from jobs.cases.suggestions import ACCEPT, SUGGEST
from sheets_sync.demo import generate
from sheets_sync.workbook import parse_workbook
from tests.support.case_findings import HOLDOUT, LABELLED, Labelled

Ranked = list[list[tuple[str, float]]]
Ranker = Callable[[Sequence[Query]], Ranked]
Build = Callable[[list[dict[str, Any]], set[str]], Ranker]


def library(tasks: int | None = None) -> tuple[list[dict[str, Any]], set[str]]:
    wb = parse_workbook(generate(TODAY, seed=7, tasks=tasks), Settings())
    return list(wb["cases"].records()), set(wb["templates"].column("scenario"))


def tfidf(glossary: bool, ngrams: tuple[int, int] = (1, 3)) -> Build:
    def build(cases: list[dict[str, Any]], scenarios: set[str]) -> Ranker:
        m = CaseMatcher(cases, scenarios, GLOSSARY if glossary else None, ngrams)
        return lambda qs: [[(x.case_id, x.score) for x in r] for r in m.rank_many(qs, top=1)]

    return build


class JiebaMatcher(CaseMatcher):
    """The same TF-IDF and glossary, on jieba's words instead of character n-grams."""

    def features(self, text: str) -> Features:
        import jieba

        words = [w for w in jieba.lcut(normalise(text)) if w.strip()]
        f = features(text, self.glossary, (1, 0))  # English stems and concepts only
        f.counts.update(w for w in words if not w.isascii())
        return f


def jieba_tfidf(cases: list[dict[str, Any]], scenarios: set[str]) -> Ranker:
    m = JiebaMatcher(cases, scenarios, GLOSSARY)
    return lambda qs: [[(x.case_id, x.score) for x in r] for r in m.rank_many(qs, top=1)]


def fuzz(scorer_name: str) -> Build:
    def build(cases: list[dict[str, Any]], scenarios: set[str]) -> Ranker:
        from rapidfuzz import fuzz as rf
        from rapidfuzz import process

        scorer = getattr(rf, scorer_name)
        texts = [normalise(case_text(c)) for c in cases]
        ids = [str(c["case_id"]) for c in cases]

        def rank(qs: Sequence[Query]) -> Ranked:
            out = []
            for q in qs:
                best = process.extractOne(normalise(q.text), texts, scorer=scorer)
                out.append([(ids[best[2]], best[1] / 100)] if best else [])
            return out

        return rank

    return build


def blend(cases: list[dict[str, Any]], scenarios: set[str]) -> Ranker:
    """0.7 x TF-IDF with glossary + 0.3 x rapidfuzz partial_ratio, over all cases."""
    import numpy as np
    from rapidfuzz import fuzz as rf
    from rapidfuzz import process

    m = CaseMatcher(cases, scenarios, GLOSSARY)
    texts = [normalise(case_text(c)) for c in cases]

    def rank(qs: Sequence[Query]) -> Ranked:
        out = []
        for q, r in zip(qs, m.rank_many(qs, top=len(cases)), strict=True):
            tf = dict((x.case_id, x.score) for x in r)
            pr = process.extract(normalise(q.text), texts, scorer=rf.partial_ratio, limit=None)
            fz = {m.ids[i]: s / 100 for _, s, i in pr}
            mixed = np.array([0.7 * tf.get(c, 0.0) + 0.3 * fz[c] for c in m.ids])
            best = int(mixed.argmax())
            out.append([(m.ids[best], float(mixed[best]))])
        return out

    return rank


def queries(items: Sequence[Labelled]) -> list[Query]:
    return [Query(f"{x.finding} {x.root_cause}", x.scenario) for x in items]


def decisions(
    items: Sequence[Labelled], ranked: Ranked, threshold: float
) -> tuple[int, int, int, int]:
    """(right case above threshold, said no match, of which truly none, truly none)."""
    right = said = true_none = none = 0
    for x, r in zip(items, ranked, strict=True):
        top = r[0] if r else ("", 0.0)
        if top[1] < threshold:
            said += 1
            true_none += not x.expected
        elif top[0] in x.expected:
            right += 1
        none += not x.expected
    return right, said, true_none, none


def top1(items: Sequence[Labelled], ranked: Ranked) -> tuple[int, int]:
    pos = [(x, r) for x, r in zip(items, ranked, strict=True) if x.expected]
    return sum(bool(r) and r[0][0] in x.expected for x, r in pos), len(pos)


def best_threshold(items: Sequence[Labelled], ranked: Ranked) -> float:
    """The threshold with the most right decisions (ties: the lowest)."""
    grid = [round(0.01 * i, 2) for i in range(1, 100)]

    def right(th: float) -> int:
        ok, _, true_none, _ = decisions(items, ranked, th)
        return ok + true_none

    return max(grid, key=lambda th: (right(th), -th))


def per_finding_ms(build: Build, cases: list[dict[str, Any]], scen: set[str], n: int) -> float:
    pool = queries(LABELLED + HOLDOUT)
    # a distinct text each (the matcher ranks a repeated finding once): what a real sheet costs
    qs = [Query(f"{pool[i % len(pool)].text} {i}", pool[i % len(pool)].scenario) for i in range(n)]
    t = time.perf_counter()
    build(cases, scen)(qs)
    return 1000 * (time.perf_counter() - t) / n


def approaches() -> dict[str, Build]:
    out: dict[str, Build] = {
        "char 1-3 TF-IDF": tfidf(False),
        "char 2-3 TF-IDF + glossary": tfidf(True, (2, 3)),
        "char 1-3 TF-IDF + glossary (chosen)": tfidf(True),
    }
    try:
        import rapidfuzz  # noqa: F401

        out["rapidfuzz token_set_ratio"] = fuzz("token_set_ratio")
        out["rapidfuzz partial_ratio"] = fuzz("partial_ratio")
        out["blend 0.7 TF-IDF+gl + 0.3 partial"] = blend
    except ImportError:
        print("(rapidfuzz not installed: its rows are left out)", file=sys.stderr)
    try:
        import jieba

        jieba.setLogLevel(60)
        out["jieba words TF-IDF + glossary"] = jieba_tfidf
    except ImportError:
        print("(jieba not installed: its row is left out)", file=sys.stderr)
    return out


def sweep(ranked: Ranked, held: Ranked) -> None:
    print("\nthreshold sweep, char 1-3 TF-IDF + glossary (labelled | held-out)")
    print("th    right/48 no-match said prec  rec   | right/11 said prec rec")
    for i in range(4, 31):
        th = round(0.01 * i, 2)
        r, s, t, n = decisions(LABELLED, ranked, th)
        hr, hs, ht, hn = decisions(HOLDOUT, held, th)
        print(
            f"{th:.2f}  {r:8d} {s:14d} {t / s if s else 1:.2f}  {t / n:.2f}  | "
            f"{hr:8d} {hs:4d} {ht / hs if hs else 1:.2f} {ht / hn:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--findings", type=int, default=1000)
    args = parser.parse_args()
    cases, scen = library()
    big, big_scen = library(tasks=8000)
    print(f"labelled {len(LABELLED)} ({sum(not x.expected for x in LABELLED)} without a case), "
          f"held-out {len(HOLDOUT)}; library {len(cases)} cases; timing on {args.findings} "
          f"findings x {len(cases)} and x {len(big)} cases")  # fmt: skip
    head = f"{'approach':36} top-1  th   right nm-prec nm-rec | held top-1 right | ms@25  ms@500"
    print(head)
    for name, build in approaches().items():
        rank = build(cases, scen)
        ranked, held = rank(queries(LABELLED)), rank(queries(HOLDOUT))
        ok, n = top1(LABELLED, ranked)
        th = best_threshold(LABELLED, ranked)
        right, said, true_none, none = decisions(LABELLED, ranked, th)
        hok, hn = top1(HOLDOUT, held)
        hright, _, htrue, _ = decisions(HOLDOUT, held, th)
        small = per_finding_ms(build, cases, scen, args.findings)
        large = per_finding_ms(build, big, big_scen, args.findings)
        print(
            f"{name:36} {ok:2d}/{n} {th:.2f} {right + true_none:3d}/62 "
            f"{true_none / said if said else 1:7.2f} {true_none / none:6.2f} | "
            f"{hok:5d}/{hn} {hright + htrue:3d}/16 | {small:5.2f} {large:6.2f}"
        )
        if args.sweep and name.endswith("(chosen)"):
            chosen = (ranked, held)
    print(f"\nproduct thresholds: suggest {SUGGEST}, accept {ACCEPT}")
    if args.sweep:
        sweep(*chosen)


if __name__ == "__main__":
    main()
