"""Sentence splitting: pySBD once per block, spans by a forward search, quotes kept whole.

pySBD (clean=False) returns the sentences as they appear, so each one is found in
the block with ``str.find`` from where the previous one ended: linear, unlike
pySBD's own ``char_span`` mode, which searches the whole text for every sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_CLOSERS = "”’»"
_ATTRIBUTION = re.compile(
    r"^\s*(?:[,—–-]\s*)?(?:said|says|adds|added|explains|explained|notes|noted|according to|"
    r"(?:[A-Z][\w.'-]*\s){1,4}(?:said|says|added|adds|explained|noted|told))\b"
)


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def split_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets, whitespace trimmed) of ``text[start:end]``."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter().segment(chunk):
        piece = piece.strip()
        if not piece:
            continue
        found = chunk.find(piece, cursor)
        if found == -1:  # pySBD altered the sentence: keep the rest of the block whole
            rest = chunk[cursor:].strip()
            if rest:
                found = chunk.find(rest, cursor)
                spans.append((start + found, start + found + len(rest)))
            break
        spans.append((start + found, start + found + len(piece)))
        cursor = found + len(piece)
    if "[^" in chunk:
        spans = _attach_footnote_marks(text, spans)
    return _join_quotes(text, spans)


_FOOTNOTE_MARK = re.compile(r"(?:\[\^[^\]\s]{1,12}\])+")


def _attach_footnote_marks(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "…from food.[^1] Without it …": the mark ends the sentence it follows."""
    fixed: list[tuple[int, int]] = []
    for start, end in spans:
        mark = _FOOTNOTE_MARK.match(text, start, end)
        if mark is None or not fixed:
            fixed.append((start, end))
            continue
        fixed[-1] = (fixed[-1][0], mark.end())
        rest = mark.end()
        while rest < end and text[rest].isspace():
            rest += 1
        if rest < end:
            fixed.append((rest, end))
    return fixed


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, as the Golden Rules score them."""
    return [text[s:e] for s, e in split_spans(text)]


def _open_quote(sentence: str) -> bool:
    """Does the sentence leave a quotation open?"""
    depth = 0
    for char in sentence:
        if char in "“«":
            depth += 1
        elif char in "”»" and depth:
            depth -= 1
    if depth:
        return True
    # Straight quotes: an odd count that starts the sentence is an open quotation.
    return sentence.lstrip().startswith('"') and sentence.count('"') % 2 == 1


def _join_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep a quotation and its attribution one statement.

    "“The pathway is the story. Understanding it helps,” said X." is two pySBD
    sentences; a sentence that opens a quote and leaves it open is joined with the
    following ones until the quote closes, and a bare attribution ("said X.") after
    a closed quote is joined to it.
    """
    joined: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        j = i
        while _open_quote(text[start:end]) and j + 1 < len(spans) and j - i < 6:
            j += 1
            end = spans[j][1]
        if _open_quote(text[start:end]):  # never closed: do not swallow the paragraph
            j, end = i, spans[i][1]
        if (
            joined
            and _ATTRIBUTION.match(text[start:end])
            and text[joined[-1][1] - 1] in _CLOSERS + '"'
        ):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
        i = j + 1
    return joined
