"""The review box, computed once from our records and printed by every writer.

The box is a promise to readers. "Reviewed" is said only of an article that has a
sign-off and whose check-worthy statements are all current; otherwise the headline
says plainly what is true, the gravest thing first. Each role's latest sign-off is
named with its date (and, when it was forced, what it covered). The dates the
imported page printed are shown only as the page's claims, and only where our
records do not back them. The words are ``[box]`` in ``factcheck.toml``.
"""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.box_settings import BoxSettings
from factcheck.models import Article
from factcheck.reports.model import BoxLine, BoxSignOff, ReviewBox, SignOffEntry
from factcheck.reports.render import DateFormat
from factcheck.schedule import ArticleState, SignOffFact

STATUS_LABELS = {
    "current": "Up to date",
    "due": "Re-review due",
    "overdue": "Re-review overdue",
    "stale": "Stale",
    "needs-correction": "Needs correction",
    "unreviewed": "Not yet reviewed",
}
TONES = {
    "reviewed": "ok",
    "due": "attention",
    "partly": "attention",
    "under-review": "bad",
    "overdue": "bad",
    "correction": "bad",
    "unreviewed": "unreviewed",
}


def review_box(
    *,
    article: Article,
    state: ArticleState,
    signoffs: Sequence[SignOffFact],
    words: BoxSettings,
    dates: DateFormat,
) -> ReviewBox:
    """The box for ``article`` from its state and every sign-off (oldest first)."""
    which, headline = _headline(state, bool(signoffs), words, dates)
    named = latest_by_role(signoffs, words)
    lines = [BoxLine("signoff", _signoff_line(s, words, dates)) for s in named]
    if article.updated or article.published:
        lines.append(BoxLine("updated", _updated(article, dates)))
    if which == "reviewed" and state.next_review_due:
        lines.append(
            BoxLine("next-review", words.say("next_review", date=dates(state.next_review_due)))
        )
    claims = _page_claims(article, state, signoffs, dates)
    if claims:
        lines.append(BoxLine("page-claim", words.say("page_said", claims=claims)))
    latest = state.reviewed_by
    return ReviewBox(
        state=which,
        tone=TONES[which],
        headline=headline,
        lines=tuple(lines),
        reviewed=which == "reviewed",
        signed_off=bool(signoffs),
        status=state.status,
        status_label=STATUS_LABELS.get(state.status, state.status),
        published=article.published,
        updated=article.updated,
        last_reviewed=state.last_reviewed,
        reviewer_name=latest.reviewer_name if latest else None,
        reviewer_credentials=latest.credentials if latest else None,
        next_review_due=state.next_review_due,
        signoffs=named,
        page_claimed_reviewed=article.page_reviewed,
        page_claimed_next_review_due=article.page_next_review_due,
    )


def _headline(
    state: ArticleState, signed: bool, words: BoxSettings, dates: DateFormat
) -> tuple[str, str]:
    """Which state the box is in, and its headline: the gravest true thing first."""
    counts = state.counts
    if counts["needs-correction"]:
        return "correction", words.say("correction", count=counts["needs-correction"])
    if counts["stale"]:
        return "under-review", words.say("under_review", count=counts["stale"])
    if not signed:
        return "unreviewed", words.say("unreviewed")
    # With nothing stale or wrong, the earliest due date is the first one that passed.
    if counts["overdue"]:
        return "overdue", words.say("overdue", date=dates(state.next_review_due))
    if counts["due"]:
        return "due", words.say("due", date=dates(state.next_review_due))
    if counts["unreviewed"]:
        total = sum(counts.values())
        return "partly", words.say("partly", checked=counts["current"], total=total)
    return "reviewed", words.say("reviewed")


def latest_by_role(signoffs: Sequence[SignOffFact], words: BoxSettings) -> tuple[BoxSignOff, ...]:
    """The latest sign-off of each role, in the order ``[box.roles]`` lists them."""
    latest = {s.role: s for s in signoffs}  # oldest first: the last of each role wins
    return tuple(
        BoxSignOff(
            role=s.role,
            label=words.label(s.role),
            name=s.reviewer_name,
            credentials=s.credentials,
            signed_on=s.signed_on,
            forced=s.forced,
            checked=s.checked,
            total=s.total,
            editor=s.role in words.editor_roles,
        )
        for s in sorted(latest.values(), key=lambda s: words.order(s.role))
    )


def coverage(
    forced: bool, checked: int | None, total: int | None, words: BoxSettings
) -> str | None:
    """What a forced sign-off covered, in words; None for a sign-off that was not forced."""
    if not forced:
        return None
    if checked is None or total is None:
        return words.say("forced")
    return words.say("coverage", checked=checked, total=total)


def _signoff_line(s: BoxSignOff, words: BoxSettings, dates: DateFormat) -> str:
    creds = f", {s.credentials}" if s.credentials else ""
    covered = coverage(s.forced, s.checked, s.total, words)
    return f"{s.label} {s.name}{creds} on {dates(s.signed_on)}" + (
        f" ({covered})" if covered else ""
    )


def _updated(article: Article, dates: DateFormat) -> str:
    shown = article.updated or article.published
    originally = (
        f" (originally {dates(article.published)})"
        if article.updated and article.published and article.published != article.updated
        else ""
    )
    return f"Last updated {dates(shown)}{originally}"


def _page_claims(
    article: Article, state: ArticleState, signoffs: Sequence[SignOffFact], dates: DateFormat
) -> str:
    """What the page printed about its review that our records do not back."""
    ours = {s.signed_on for s in signoffs}
    parts = []
    if article.page_reviewed and article.page_reviewed not in ours:
        by = f" by {article.page_reviewed_by}" if article.page_reviewed_by else ""
        parts.append(f"reviewed {dates(article.page_reviewed)}{by}")
    due = article.page_next_review_due
    if due and due != state.next_review_due:
        parts.append(f"next review due {dates(due)}")
    return "; ".join(parts)


def signoff_entries(
    signoffs: Sequence[SignOffFact], words: BoxSettings
) -> tuple[SignOffEntry, ...]:
    """Every sign-off for the audit page, oldest first, each with its coverage."""
    return tuple(
        SignOffEntry(
            signed_on=s.signed_on,
            reviewer=s.reviewer,
            reviewer_name=s.reviewer_name,
            role=s.role,
            label=words.label(s.role),
            forced=s.forced,
            checked=s.checked,
            total=s.total,
            coverage=(
                words.say("coverage", checked=s.checked, total=s.total)
                if s.checked is not None and s.total is not None
                else coverage(s.forced, None, None, words)
            ),
            note=s.note,
        )
        for s in signoffs
    )
