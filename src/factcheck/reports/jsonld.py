"""schema.org JSON-LD: the page's review markup and ClaimReview, built from report data.

Every date is the record's own date (ISO), never today's: "lastReviewed" is the
sign-off, "datePublished"/"dateModified" what the article's metadata holds.
"""

from __future__ import annotations

from typing import Any

from factcheck.errors import InputError
from factcheck.reports.model import ArticleReport, BoxSignOff, StatementRow
from factcheck.reports.render import safe_url
from factcheck.settings import Settings

CONTEXT = "https://schema.org"
PAGE_TYPES = ("MedicalWebPage", "WebPage")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def page_jsonld(report: ArticleReport, *, page_type: str = "MedicalWebPage") -> dict[str, Any]:
    """The ``MedicalWebPage``/``WebPage`` markup of the review box.

    ``lastReviewed``, ``reviewedBy`` and ``editor`` come from our sign-offs alone,
    never from what the page printed, and a forced sign-off (which vouched for less
    than the whole article) is not presented as a review.
    """
    if page_type not in PAGE_TYPES:
        raise InputError(f"unknown page type {page_type!r} (one of: {', '.join(PAGE_TYPES)})")
    box = report.box
    vouched = [s for s in box.signoffs if not s.forced]
    reviewers = [_person(s) for s in vouched if not s.editor]
    editors = [_person(s) for s in vouched if s.editor]
    review = box.last_review
    return _drop_empty(
        {
            "@context": CONTEXT,
            "@type": page_type,
            "name": report.title,
            "url": report.url,
            "author": {"@type": "Person", "name": report.author} if report.author else None,
            "datePublished": _iso(box.published),
            "dateModified": _iso(box.updated or box.published),
            "lastReviewed": _iso(review.signed_on) if review else None,
            "reviewedBy": _one_or_list(reviewers),
            "editor": _one_or_list(editors),
        }
    )


def _person(s: BoxSignOff) -> dict[str, Any]:
    return _drop_empty(
        {
            "@type": "Person",
            "name": s.name,
            "hasCredential": {"@type": "EducationalOccupationalCredential", "name": s.credentials}
            if s.credentials
            else None,
        }
    )


def _one_or_list(people: list[dict[str, Any]]) -> Any:
    return people[0] if len(people) == 1 else people or None


def publisher(settings: Settings) -> dict[str, Any]:
    if not settings.publisher_name:
        raise InputError(
            "ClaimReview needs the publisher: set [publisher] name (and url) in factcheck.toml"
        )
    return _drop_empty(
        {
            "@type": "Organization",
            "name": settings.publisher_name,
            "url": safe_url(settings.publisher_url),
        }
    )


def claim_reviews(report: ArticleReport, settings: Settings) -> list[dict[str, Any]]:
    """One ClaimReview per reviewed check-worthy statement whose verdict has a rating."""
    if not report.url:
        raise InputError(
            f"article {report.slug!r} has no http(s) URL; ClaimReview must point at the "
            f"article's page (set it with `factcheck article edit {report.slug} --url URL`)"
        )
    author = publisher(settings)
    out = []
    for s in report.statements:
        label = settings.scale.get(s.verdict) if s.verdict else None
        if not s.checkworthy or label is None or label.rating is None:
            continue
        out.append(_claim_review(report, s, label.label, label.rating, author, settings))
    return out


def _claim_review(
    report: ArticleReport,
    s: StatementRow,
    label: str,
    rating: int,
    author: dict[str, Any],
    settings: Settings,
) -> dict[str, Any]:
    appearance = _drop_empty(
        {
            "@type": "CreativeWork",
            "url": report.url,
            "headline": report.title,
            "datePublished": _iso(report.box.published),
            "author": {"@type": "Person", "name": report.author} if report.author else None,
        }
    )
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": report.url,
        "claimReviewed": s.text,
        "datePublished": _iso(s.reviewed_on),
        "author": author,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating,
            "bestRating": settings.best_rating,
            "worstRating": settings.worst_rating,
            "alternateName": label,
        },
        "itemReviewed": _drop_empty(
            {
                "@type": "Claim",
                "appearance": appearance,
                "datePublished": _iso(report.box.published),
                "author": appearance.get("author"),
            }
        ),
    }
