"""Is a quote in the source's text? Tolerant of how text gets copied out of papers."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00ad": None,  # soft hyphen
    }
)
# A word broken at a line end by the typesetter: "synapto-\ngenesis".
_HYPHENATED = re.compile(r"(\w)-\s*\n\s*(\w)")
_ELLIPSIS = re.compile(r"\s*(?:\.\s?\.\s?\.|…|\[\.\.\.\]|\[…\])\s*")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text compared as a reader sees it: one kind of quote mark and dash, no
    line-end hyphenation, single spaces, case folded."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _HYPHENATED.sub(r"\1\2", text)
    return _SPACE.sub(" ", text).strip().casefold()


def quote_found(quote: str, text: str) -> bool:
    """Every part of ``quote`` (split at ellipses) is in ``text``, in order."""
    haystack = normalise(text)
    parts = [p for p in (normalise(p).strip(" \"'") for p in _ELLIPSIS.split(quote)) if p]
    if not parts:
        return False
    # Then without hyphens: the quote may keep one the text lost at a line end, or
    # drop one it kept ("synapto-genesis" / "synaptogenesis").
    return _in_order(parts, haystack) or _in_order(
        [p.replace("-", "") for p in parts], haystack.replace("-", "")
    )


def _in_order(parts: list[str], haystack: str) -> bool:
    at = 0
    for part in parts:
        found = haystack.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True
