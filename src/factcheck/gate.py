"""The CI gate: is every signed-off article still backed by current records?"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from factcheck.escaping import github_message, github_property, one_line
from factcheck.store.gate import ArticleClaim, FlaggedLink
from factcheck.store.state import GateRow


@dataclass(slots=True)
class Finding:
    level: str  # error | warning
    article: str
    message: str
    file: str | None = None
    line: int | None = None
    statement: str | None = None


def findings(claims: list[ArticleClaim], needing: Mapping[int, list[GateRow]]) -> Iterator[Finding]:
    """Errors for signed-off articles with a check-worthy statement that is not current,
    or whose page claims a review our records don't back; warnings for what falls due
    today and for pages showing an older review than our records.

    ``needing`` holds each article's statements that are not current, most urgent
    first, as ``due`` lists them."""
    for a in claims:
        if a.page_reviewed:  # all that _page_claims checks is what a page claimed
            yield from _page_claims(a)
        if a.last_signoff is None:
            continue
        for s in needing.get(a.article_id, ()):
            level = "warning" if s.status == "due" else "error"
            statement = f"{a.slug}:{s.n}"
            message = f"{statement} is {s.status}: {s.why}"
            yield Finding(level, a.slug, message, a.file, s.line, statement)


def evidence_findings(claims: list[ArticleClaim], flagged: list[FlaggedLink]) -> list[Finding]:
    """Suspect evidence: an error under a signed-off article (its review rests on it),
    a warning before sign-off."""
    by_id = {a.article_id: a for a in claims}
    out = []
    for f in flagged:
        a = by_id.get(f.article_id)
        if a is None:
            continue
        level = "error" if a.last_signoff else "warning"
        message = f"{f.statement} linked to {f.source_id}: {f.problem}"
        out.append(Finding(level, a.slug, message, a.file, f.line, f.statement))
    return out


def _page_claims(a: ArticleClaim) -> list[Finding]:
    out = []
    if a.page_reviewed and a.jsonld_reviewed and a.page_reviewed != a.jsonld_reviewed:
        out.append(
            Finding(
                "error",
                a.slug,
                f"the page says last reviewed {a.page_reviewed} "
                f"but its JSON-LD says {a.jsonld_reviewed}",
                a.file,
                1,
            )
        )
    ours = a.last_signoff
    if a.page_reviewed and (ours is None or a.page_reviewed > ours):
        said = ours.isoformat() if ours else "no sign-off"
        out.append(
            Finding(
                "error",
                a.slug,
                f"the page claims a review on {a.page_reviewed} "
                f"that our records don't back (latest sign-off: {said})",
                a.file,
                1,
            )
        )
    elif a.page_reviewed and ours and a.page_reviewed < ours:
        out.append(
            Finding(
                "warning",
                a.slug,
                f"the page still shows last reviewed "
                f"{a.page_reviewed}; our latest sign-off is {ours}",
                a.file,
                1,
            )
        )
    return out


def as_json(f: Finding) -> dict[str, object]:
    return {
        "level": f.level,
        "article": f.article,
        "statement": f.statement,
        "message": f.message,
        "file": f.file,
        "line": f.line,
    }


def as_text(f: Finding) -> str:
    """The finding as one terminal-safe line, for people: ``error: SLUG: message``."""
    # one_line maps character by character, so one pass over the line is the same
    # text as one per field: half the time of writing a line, on hundreds of thousands.
    return one_line(f"{f.level}: {f.article}: {f.message}") + "\n"


def as_github(f: Finding) -> str:
    """One workflow command (``::error file=…,line=…,title=…::message``), every
    property and the message escaped so a slug or a message cannot start another."""
    where = f"file={github_property(f.file)},line={f.line or 1}," if f.file else ""
    return f"::{f.level} {where}title={_title(f.article)}::{github_message(f.message)}\n"


@lru_cache(maxsize=4096)  # an article's title recurs on each of its findings
def _title(article: str) -> str:
    return github_property("factcheck " + article)
