"""What is wrong with a piece of linked evidence: shared by ``check`` and the report."""

from __future__ import annotations

import re

from factcheck.evidence.numbers import compare

_DIGIT = re.compile(r"\d")


def evidence_flags(statement: str, quote: str | None, quote_found: bool | None) -> list[str]:
    """Plain-text warnings about one link: a quote not in the source's archived text,
    and numbers in the statement that its quote does not state."""
    out = []
    if quote_found is False:
        out.append("the quote is not in the source's archived text")
    # Only when both hold a digit: the cheap test keeps `check` fast on a large archive.
    if quote and _DIGIT.search(statement) and _DIGIT.search(quote):
        numbers = compare(statement, quote)
        if numbers.match is False:
            missing = ", ".join(q for q, ok in numbers.compared if not ok)
            out.append(f"the statement's {missing} is not what the quote says")
    return out
