"""Passages of archived source texts, ranked for a statement with BM25.

A passage is a paragraph (or, for long paragraphs, a run of up to three sentences)
with a locator a reader can find: "p. 4" in a PDF, "para. 12" otherwise. Ranking is
Okapi BM25 as implemented by ``bm25s`` (sparse matrices over numpy: indexing a
hundred papers takes milliseconds), with English stop words removed and Snowball
stemming (PyStemmer), so "improved" finds "improvement".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.evidence.numbers import quantities

_PARAGRAPH = re.compile(r"\n\s*\n")
# A sentence ends at . ! ? before a space and a capital or digit; "et al. (2010)" and
# "p. 4" rarely do, and a split in the wrong place only shortens a passage.
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_MAX_WORDS = 90
_WINDOW = 3  # sentences per passage when a paragraph is long


@dataclass(frozen=True)
class Passage:
    source_id: str
    locator: str
    text: str


@dataclass(frozen=True)
class Ranked:
    passage: Passage
    score: float


def split(source_id: str, text: str, pages: Sequence[int] = ()) -> list[Passage]:
    """The passages of one archived text, in reading order."""
    out: list[Passage] = []
    for paragraph, (start, block) in enumerate(_blocks(text), start=1):
        locator = f"p. {bisect_right(pages, start)}" if pages else f"para. {paragraph}"
        out.extend(Passage(source_id, locator, chunk) for chunk in _chunks(block))
    return out


def _blocks(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph with its white space collapsed) for each non-empty paragraph."""
    out, at = [], 0
    for gap in [*_PARAGRAPH.finditer(text), None]:
        end = gap.start() if gap else len(text)
        block = " ".join(text[at:end].split())
        if block:
            out.append((at + len(text[at:end]) - len(text[at:end].lstrip()), block))
        if gap:
            at = gap.end()
    return out


def _chunks(block: str) -> list[str]:
    if len(block.split()) <= _MAX_WORDS:
        return [block]
    sentences = _SENTENCE.split(block)
    return [" ".join(sentences[i : i + _WINDOW]) for i in range(0, len(sentences), _WINDOW)]


def rank(query: str, passages: Sequence[Passage], *, limit: int) -> list[Ranked]:
    """The ``limit`` passages that best answer ``query``, best first (score > 0 only).

    BM25 picks the candidates; a candidate that states the same kinds of measured
    quantity as the query (percentages, ratios, mmHg, mg… not counts, years or
    durations, which methods sections are full of) has its score raised by up to
    double, because the passage that reports a finding is the one to check. The
    boost counts kinds, not values, so a statement with a wrong number still finds
    the passage that shows it wrong.
    """
    if not passages or limit < 1:
        return []
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    corpus = bm25s.tokenize(
        [p.text for p in passages], stopwords="en", stemmer=stemmer, show_progress=False
    )
    index = bm25s.BM25()
    index.index(corpus, show_progress=False)
    words = bm25s.tokenize(
        [query], stopwords="en", stemmer=stemmer, return_ids=False, show_progress=False
    )
    if not words or not words[0]:
        return []
    k = min(len(passages), max(limit * 5, _CANDIDATES))
    ids, scores = index.retrieve(words, k=k, show_progress=False, n_threads=1)
    wanted = [q.kind for q in quantities(query) if q.kind not in _WEAK_KINDS]
    ranked = []
    for i, score in zip(ids[0], scores[0], strict=True):
        if score <= 0:
            continue
        passage = passages[int(i)]
        share = 0.0
        if wanted:
            kinds = {q.kind for q in quantities(passage.text)}
            share = sum(kind in kinds for kind in wanted) / len(wanted)
        ranked.append(Ranked(passage, round(float(score) * (1 + share), 4)))
    ranked.sort(key=lambda r: -r.score)
    return ranked[:limit]


_CANDIDATES = 30
_WEAK_KINDS = frozenset(
    {"count", "calendar-year", "hour", "minute", "day", "week", "month", "year"}
)
