"""Rank the case library for a retrospective finding: character n-gram TF-IDF plus a glossary.

Why this design (measured in ``bench/cases.py``, figures in docs/cases.md): people type the same
problem in other words, with pinyin-input typos (交节 for 交接), and in Chinese or English. Chinese
character n-grams (1–3) survive paraphrase and a wrong character; English words are stemmed
lightly. A small domain glossary (``GLOSSARY``: a concept, its English and Chinese terms) adds one
"concept" feature whenever either side uses one of its terms, so "handoff" meets "交接" and
"踢来踢去" meets "反复转交" (the terms: jobs/cases/features.py). No model, no download: numpy only.

``CaseMatcher(cases).rank_many(queries)`` gives, per finding, the cases best first with a score
in 0..1 (cosine similarity) and the shared terms that explain it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np

from jobs.cases.features import Features, Glossary, features
from jobs.cases.glossary import GLOSSARY, Concept

SCENARIO_BONUS = 0.03  # a case of the finding's own scenario wins a tie between equal texts
DROP_TRANSLATED = True
CONCEPT_WEIGHT = 1.5  # a glossary concept counts more than one n-gram


@dataclass(frozen=True)
class Match:
    """One case for one finding: its score in 0..1 and the shared terms behind the score."""

    case_id: str
    score: float
    words: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    """A finding to match: its text (finding and root cause) and its project's scenario."""

    text: str
    scenario: str | None = None


def case_text(case: Mapping[str, Any]) -> str:
    """What a case is matched on: title, symptom, root cause and tags."""
    tags = case.get("tags") or ""
    tags = " ".join(tags) if isinstance(tags, list | tuple) else str(tags)
    parts = (case.get("title"), case.get("symptom"), case.get("root_cause"), tags)
    return " ".join(str(p) for p in parts if p)


def _label(term: str, named: Mapping[str, str], other: Mapping[str, str]) -> str:
    if term.startswith("c:"):
        a, b = named.get(term[2:], ""), other.get(term[2:], "")
        return a if a == b else f"{a}≈{b}"
    return term.removeprefix("w:")


class CaseMatcher:
    """TF-IDF over the library's cases (IDF from the library), cosine to each finding."""

    def __init__(
        self,
        cases: Sequence[Mapping[str, Any]],
        scenarios: Iterable[str] = (),
        glossary: Sequence[Concept] | None = GLOSSARY,
        ngrams: tuple[int, int] = (1, 3),
    ) -> None:
        self.ids = [str(c["case_id"]) for c in cases]
        self.glossary = Glossary(glossary) if glossary is not None else None
        self.ngrams = ngrams
        names = sorted({s for s in scenarios if s}, key=len, reverse=True)
        self.scenario = [next((s for s in names if s in str(c.get("title"))), None) for c in cases]
        self._bonuses: dict[str | None, np.ndarray] = {}
        self._features: dict[str, Features] = {}  # a library or a sheet repeats its texts
        texts = [self._strip(case_text(c), names) for c in cases]
        self.case_features = [self.features(t) for t in texts]
        df: Counter[str] = Counter(chain.from_iterable(f.counts for f in self.case_features))
        self.vocab = {t: i for i, t in enumerate(sorted(df))}
        n = len(cases)
        self.idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in self.vocab])
        self.unseen_idf = math.log(1 + n) + 1
        self._term_weight = np.array([self._weight(t, 1) for t in self.vocab])
        distinct = {id(f): f for f in self.case_features}  # a library repeats its texts
        most = max((max(f.counts.values(), default=1) for f in distinct.values()), default=1)
        self._log_tf = np.array([0.0, *(1 + math.log(tf) for tf in range(1, most + 1))])
        row = {k: r for r, k in enumerate(distinct)}  # the same Features, one vector
        vectors = [self._case_vector(f) for f in distinct.values()]
        self.matrix = (np.stack(vectors)[[row[id(f)] for f in self.case_features]] if vectors
                       else np.zeros((n, len(self.vocab)), dtype=np.float32))  # fmt: skip

    def _case_vector(self, f: Features) -> np.ndarray:
        """``_dense(f)[0]`` of a library case (every term in the vocabulary) in array operations,
        the same float operations in the same order: (1 + log tf) · concept weight · idf."""
        vec = np.zeros(len(self.vocab), dtype=np.float32)
        if f.counts:
            cols = np.fromiter(map(self.vocab.__getitem__, f.counts), dtype=np.intp)
            logs = self._log_tf[np.fromiter(f.counts.values(), dtype=np.intp)]
            vec[cols] = logs * self._term_weight[cols] * self.idf[cols]
        norm = math.sqrt(float(vec @ vec))
        return vec / norm if norm else vec

    def features(self, text: str) -> Features:
        """The terms of a text (``bench/cases.py`` swaps this to compare tokenisers)."""
        found = self._features.get(text)
        if found is None:
            found = self._features[text] = features(text, self.glossary, self.ngrams)
        return found

    @staticmethod
    def _strip(text: str, scenarios: Sequence[str]) -> str:
        for s in scenarios:
            text = text.replace(s, " ")
        return text

    def _weight(self, term: str, tf: int) -> float:
        return (1 + math.log(tf)) * (CONCEPT_WEIGHT if term.startswith("c:") else 1.0)

    def _dense(self, f: Features) -> tuple[np.ndarray, float]:
        """The unit vector over the library's vocabulary, and the norm lost to unseen terms.

        A word the library never uses but the glossary translated counts only as its concept
        (an English finding is not penalised for being English); other unseen terms count
        against the match (a finding about something else scores low).
        """
        vec = np.zeros(len(self.vocab), dtype=np.float32)
        unseen = 0.0
        for term, tf in f.counts.items():
            j = self.vocab.get(term)
            if j is None:
                if DROP_TRANSLATED and term in f.translated:
                    continue
                unseen += (self._weight(term, tf) * self.unseen_idf) ** 2
            else:
                vec[j] = self._weight(term, tf) * self.idf[j]
        norm = math.sqrt(float(vec @ vec) + unseen)
        return (vec / norm if norm else vec), unseen

    def rank_many(self, queries: Sequence[Query], top: int = 3) -> list[list[Match]]:
        """For each query the ``top`` best cases, best first (ties: case id order)."""
        if not self.ids or not queries:
            return [[] for _ in queries]
        distinct = list(dict.fromkeys(queries))  # the same finding twice is ranked once
        feats = [self.features(q.text) for q in distinct]
        ranked: dict[Query, list[Match]] = {}
        for start in range(0, len(distinct), 256):
            chunk = range(start, min(start + 256, len(distinct)))
            qmat = np.stack([self._dense(feats[k])[0] for k in chunk])
            sims = qmat @ self.matrix.T
            for row, k in zip(sims, chunk, strict=True):
                q = distinct[k]
                ranked[q] = self._best(row, feats[k], q.scenario, qmat[k - start], top)
        return [ranked[q] for q in queries]

    def rank(self, query: Query, top: int = 3) -> list[Match]:
        return self.rank_many([query], top)[0]

    def _best(
        self, sims: np.ndarray, f: Features, scenario: str | None, qvec: np.ndarray, top: int
    ) -> list[Match]:
        scores = np.minimum(1.0, sims + self._bonus(scenario) * (sims > 0))
        hits = np.flatnonzero(scores > 0)
        # best first, ties in case order; rounding keeps float noise from reordering equal texts
        order = hits[np.lexsort((hits, -np.round(scores[hits], 6)))][:top]
        return [
            Match(self.ids[i], round(float(scores[i]), 4), self._explain(int(i), f, qvec))
            for i in order
        ]

    def _bonus(self, scenario: str | None) -> np.ndarray:
        """The scenario tie-break per case, built once per scenario."""
        if scenario not in self._bonuses:
            self._bonuses[scenario] = np.array(
                [SCENARIO_BONUS if s and s == scenario else 0.0 for s in self.scenario]
            )
        return self._bonuses[scenario]

    def _explain(self, i: int, f: Features, qvec: np.ndarray, most: int = 5) -> tuple[str, ...]:
        """The shared terms that weigh most in the score, longest first, no term inside another,
        each word once (two terms can read alike: a concept and its Chinese n-gram)."""
        contrib = qvec * self.matrix[i]
        terms = [t for t in f.counts if t in self.vocab and contrib[self.vocab[t]] > 0]
        terms.sort(key=lambda t: -float(contrib[self.vocab[t]]) * len(t))
        chosen: list[str] = []
        words: list[str] = []
        other = self.case_features[i].named
        for t in terms:
            if any(t in c for c in chosen):
                continue
            chosen.append(t)
            word = _label(t, f.named, other)
            if word not in words:
                words.append(word)
            if len(words) == most:
                break
        return tuple(words)
