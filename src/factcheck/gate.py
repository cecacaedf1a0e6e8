"""The CI gate: is every signed-off article still backed by current records?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from factcheck.store.summaries import ArticleStanding


@dataclass(frozen=True)
class Finding:
    level: str  # error | warning
    article: str
    message: str
    file: str | None = None
    line: int | None = None
    statement: str | None = None


def findings(
    standings: list[ArticleStanding], *, as_of: date, source_files: dict[int, str | None]
) -> list[Finding]:
    """Errors for signed-off articles that are not fully current, or whose page claims a
    review our records don't back; warnings for reviews due today."""
    out: list[Finding] = []
    for s in standings:
        a = s.article
        assert a.id is not None
        file = source_files.get(a.id)
        signoff = s.state.reviewed_by
        out += _claims(s, file)
        if signoff is None:
            continue
        for r in s.records:
            status = r.standing.status
            if not r.checkworthy or status == "current":
                continue
            level = "warning" if status == "due" else "error"
            out.append(
                Finding(level, a.slug, f"{r.id} is {status}: {r.standing.why}", file, r.line, r.id)
            )
    return out


def _claims(s: ArticleStanding, file: str | None) -> list[Finding]:
    a, state = s.article, s.state
    out = []
    if a.page_reviewed and a.page_jsonld_reviewed and a.page_reviewed != a.page_jsonld_reviewed:
        out.append(
            Finding(
                "error",
                a.slug,
                f"the page says last reviewed {a.page_reviewed} but "
                f"its JSON-LD says {a.page_jsonld_reviewed}",
                file,
                1,
            )
        )
    ours = state.last_reviewed
    if a.page_reviewed and (ours is None or a.page_reviewed > ours):
        said = ours.isoformat() if ours else "no sign-off"
        out.append(
            Finding(
                "error",
                a.slug,
                f"the page claims a review on {a.page_reviewed} "
                f"that our records don't back (latest sign-off: {said})",
                file,
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
                file,
                1,
            )
        )
    return out


def exit_code(found: list[Finding]) -> int:
    return 1 if any(f.level == "error" for f in found) else 0
