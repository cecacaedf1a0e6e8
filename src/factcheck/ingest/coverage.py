"""Nothing silently lost: statements and set-aside spans cover the stored text.

After the walk, any stretch of the stored text that is neither in a statement nor
set aside is either block markup (a Markdown ``#``, ``-``, ``1.``, ``>`` or rule)
or text no rule placed; the latter is set aside as ``unclassified`` so a reviewer
still sees it, and the tests treat any such span as a bug.
"""

from __future__ import annotations

import re
from itertools import pairwise

from factcheck.ingest.model import UNCLASSIFIED, ParsedStatement, SetAside

# Block markers and rules: the only non-space text that may sit outside every span.
_MARKUP = re.compile(
    r"(?:#{1,6}|>+|[-*+•·▪‣◦–]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\[[ xX]\]|[-=*_]{3,}|#+)"
)


def gaps(
    text: str, statements: list[ParsedStatement], set_aside: list[SetAside]
) -> list[tuple[int, int]]:
    """Spans of ``text`` in no statement and no set-aside span, markup and spaces aside."""
    spans = sorted([(s.start, s.end) for s in statements] + [(a.start, a.end) for a in set_aside])
    found: list[tuple[int, int]] = []
    cursor = 0
    for start, end in [*spans, (len(text), len(text))]:
        if start > cursor:
            found.extend(_real_text(text, cursor, start))
        cursor = max(cursor, end)
    return found


def _real_text(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The runs of ``text[start:end]`` that are not whitespace or block markup."""
    runs = []
    for match in re.finditer(r"\S+", text[start:end]):
        if not _MARKUP.fullmatch(match.group(0)):
            runs.append((start + match.start(), start + match.end()))
    merged: list[tuple[int, int]] = []
    for run in runs:  # the words of one line are one span, not one span per word
        if merged and "\n" not in text[merged[-1][1] : run[0]]:
            merged[-1] = (merged[-1][0], run[1])
        else:
            merged.append(run)
    return merged


def overlaps(statements: list[ParsedStatement], set_aside: list[SetAside]) -> list[tuple[int, int]]:
    """Spans claimed twice (by two statements, two set-aside entries, or one of each)."""
    spans = sorted([(s.start, s.end) for s in statements] + [(a.start, a.end) for a in set_aside])
    return [b for a, b in pairwise(spans) if b[0] < a[1]]


def completed(
    text: str, statements: list[ParsedStatement], set_aside: list[SetAside]
) -> list[SetAside]:
    """``set_aside`` plus an ``unclassified`` entry per gap, in text order."""
    extra = [SetAside(text[s:e], s, e, UNCLASSIFIED) for s, e in gaps(text, statements, set_aside)]
    return sorted([*set_aside, *extra], key=lambda a: (a.start, a.end))
