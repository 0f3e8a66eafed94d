"""A text's features for the case matcher: Chinese character n-grams, English stems, concepts.

The terms a finding or a case is matched on (``jobs.cases.matching``): n-grams (1–3) within each
Chinese run survive paraphrase and a pinyin-input typo, English words are stemmed lightly, and
the glossary (jobs/cases/glossary.py) adds one concept term whenever a text uses one of its
words (typo tolerant) or Chinese terms, so an English finding can meet a Chinese case.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jobs.cases.glossary import STOPWORDS, Concept

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"([{CJK}]+)|([a-z0-9]+(?:[-'][a-z0-9]+)*)")  # a Chinese run or a word
_NOT_WORD = re.compile(r"[^\w'-]|_")  # what str.isalnum() rejects, but "-" and "'"


def normalise(text: Any) -> str:
    """NFKC (full width → half width), lower case, punctuation → space."""
    s = unicodedata.normalize("NFKC", "" if text is None else str(text)).lower()
    return _NOT_WORD.sub(" ", s)


def stem(word: str) -> str:
    """A light English stem (approvals → approv, delayed → delay): enough for short notes."""
    for _ in range(2):
        for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "al", "e"):
            if len(word) - len(suffix) >= 4 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
    return word


def _within_one(a: str, b: str) -> bool:
    """Levenshtein distance ≤ 1 (one typo: a letter missing, extra or wrong)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


class Glossary:
    """Concept lookup: English words and phrases (typo tolerant) and Chinese terms."""

    def __init__(self, concepts: Sequence[Concept]) -> None:
        self.words: dict[str, str] = {}  # stemmed English word -> concept
        self.phrases: list[tuple[str, str]] = []  # "hand over" -> concept
        self.zh: list[tuple[str, str]] = []
        for c in concepts:
            for term in c.en:
                t = " ".join(stem(w) for w in normalise(term).split())
                if " " in t:
                    self.phrases.append((f" {t} ", c.name))
                else:
                    self.words[t] = c.name
            self.zh.extend((normalise(term).replace(" ", ""), c.name) for term in c.zh)
        self._fuzzy: dict[str, str | None] = {}

    def word(self, w: str) -> str | None:
        """The concept of a stemmed English word; one typo allowed in words of 5+ letters."""
        if w in self.words:
            return self.words[w]
        if w not in self._fuzzy:
            near = [c for k, c in self.words.items() if len(w) >= 5 and _within_one(w, k)]
            self._fuzzy[w] = near[0] if len(set(near)) == 1 else None
        return self._fuzzy[w]

    def concepts(
        self, words: Sequence[str], every: Sequence[str], cjk: str
    ) -> list[tuple[str, str]]:
        """(concept, term) found in the stemmed words (phrases: with stop words) and Chinese."""
        out = [(c, t) for t, c in self.zh if t in cjk]
        joined = f" {' '.join(every)} "
        out += [(c, p.strip()) for p, c in self.phrases if p in joined]
        out += [(c, w) for w in words if (c := self.word(w)) is not None]
        return out


@dataclass(frozen=True)
class Features:
    """A text's weighted terms, and for each concept the term that named it (explanations)."""

    counts: Counter[str]
    named: Mapping[str, str]
    translated: frozenset[str] = frozenset()  # English word terms that named a concept


@functools.lru_cache(maxsize=8192)  # the n-grams of a Chinese run: by n, then from the left
def _grams(run: str, lo: int, hi: int) -> tuple[str, ...]:  # (a library repeats its phrases)
    return tuple(run[i : i + n] for n in range(lo, hi + 1) for i in range(len(run) - n + 1))


def features(text: str, glossary: Glossary | None, ngrams: tuple[int, int] = (1, 3)) -> Features:
    """Chinese n-grams within runs (no n-gram across punctuation), English stems, concepts."""
    terms: list[str] = []  # counted once at the end, in this order
    words: list[str] = []
    every: list[str] = []
    runs: list[str] = []
    lo, hi = ngrams
    for run, word in _RUNS.findall(normalise(text)):
        if run:
            runs.append(run)
            terms.extend(_grams(run, lo, hi))
        else:
            every.append(stem(word))
            if word not in STOPWORDS:
                words.append(every[-1])
    terms.extend(["w:" + w for w in words])
    named: dict[str, str] = {}
    translated: set[str] = set()
    if glossary is not None:
        for concept, term in glossary.concepts(words, every, " ".join(runs)):
            named.setdefault(concept, term)
            translated.update(f"w:{w}" for w in term.split())
        terms.extend(["c:" + c for c in named])
    return Features(Counter(terms), named, frozenset(translated))
