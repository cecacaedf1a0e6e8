"""Articles, their revisions and their statements."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from factcheck import ledger
from factcheck.errors import InputError, NotFound
from factcheck.identifiers import (
    check_slug,
    check_url,
    is_safe_url,
    optional_text,
    parse_statement_id,
    slugify,
)
from factcheck.identity import authorize
from factcheck.models import Article, ArticleRevision, Correction, Statement, utcnow
from factcheck.store.state import invalidate_article, mark_dirty

if TYPE_CHECKING:  # reading articles is not needed to store them
    from factcheck.ingest import ParsedArticle, ParsedStatement


def add_article(
    *,
    session: Session,
    parsed: ParsedArticle,
    slug: str | None = None,
    topic: str | None = None,
    url: str | None = None,
    source_file: str | None = None,
) -> Article:
    """Store a newly read article as revision 1, its statements numbered from 1."""
    authorize(session=session, action="article")
    if not parsed.statements:
        raise InputError(f"{source_file or 'input'}: no statements found in the article")
    title = (parsed.title or "").strip()
    slug = check_slug(slug) if slug is not None else slugify(title or (source_file or "article"))
    if find_article(session=session, slug=slug):
        raise InputError(
            f"article {slug!r} already exists: use `factcheck article update {slug} FILE` "
            "for a new revision, or --slug for another article"
        )
    same = article_with_text(session=session, text=parsed.text)
    if same is not None:
        raise InputError(
            f"{source_file or 'input'} is identical to the current text of article "
            f"{same.slug!r}: nothing imported"
        )
    article = Article(slug=slug, title=title or slug)
    apply_metadata(article, parsed, topic=topic, url=url)
    session.add(article)
    session.flush()
    assert article.id is not None
    add_revision(
        session=session,
        article_id=article.id,
        number=1,
        text=parsed.text,
        fmt=parsed.format,
        source_file=source_file,
        set_aside=[asdict(a) for a in parsed.set_aside],
    )
    for n, st in enumerate(parsed.statements, start=1):
        session.add(new_statement(article_id=article.id, n=n, position=n, parsed=st))
    mark_dirty(session)  # new statements have no standing yet
    session.flush()
    return article


def apply_metadata(
    article: Article, parsed: ParsedArticle, *, topic: str | None, url: str | None
) -> None:
    """Copy what the page says onto the article; explicit options win over the page."""
    article.title = (parsed.title or "").strip() or article.title
    article.author = parsed.author or article.author
    # A page's own canonical URL is kept only when it is http(s): a "javascript:" link
    # in imported HTML must never reach a report.
    page_url = parsed.url if is_safe_url(parsed.url) else None
    article.url = check_url(url) if url else (page_url or article.url)
    article.topic = topic or parsed.topic or article.topic
    article.published = parsed.published or article.published
    article.updated = parsed.updated or article.updated
    article.page_reviewed = parsed.reviewed or article.page_reviewed
    article.page_reviewed_by = parsed.reviewed_by or article.page_reviewed_by
    article.page_next_review_due = parsed.next_review_due or article.page_next_review_due
    article.page_jsonld_reviewed = parsed.jsonld_reviewed or article.page_jsonld_reviewed
    article.detected_sources = json.dumps([asdict(d) for d in parsed.detected_sources])


def edit_article(
    *,
    session: Session,
    slug: str,
    title: str | None = None,
    author: str | None = None,
    url: str | None = None,
    topic: str | None = None,
    reviewer: str | None = None,
) -> list[Correction]:
    """Correct an article's title, author, URL or topic; each change is an edit event.

    ``None`` leaves a field alone; an empty author, URL or topic clears it.
    """
    from factcheck.store.corrections import record_edits

    article = get_article(session=session, slug=slug)
    changes: dict[str, str | None] = {}
    if title is not None:
        if not title.strip():
            raise InputError("an article needs a non-empty --title")
        changes["title"] = title.strip()
    if author is not None:
        changes["author"] = optional_text(author)
    if url is not None:
        changes["url"] = check_url(url) if url.strip() else None
    if topic is not None:
        changes["topic"] = optional_text(topic)
    if not changes:
        raise InputError("nothing to edit: give --title, --author, --url or --topic")
    edits = record_edits(
        session=session,
        subject="article",
        record=slug,
        target=article,
        changes=changes,
        reviewer=reviewer,
    )
    if any(e.field == "topic" for e in edits) and article.id is not None:
        invalidate_article(session, article.id)  # review intervals follow the topic
    return edits


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def article_with_text(*, session: Session, text: str) -> Article | None:
    """The article whose current revision is exactly ``text``, if any."""
    candidates = session.exec(
        select(ArticleRevision).where(col(ArticleRevision.sha256) == text_digest(text))
    )
    for revision in candidates:
        if latest_revision(session=session, article_id=revision.article_id).id == revision.id:
            return session.get(Article, revision.article_id)
    return None


def add_revision(
    *,
    session: Session,
    article_id: int,
    number: int,
    text: str,
    fmt: str,
    source_file: str | None,
    set_aside: list[dict[str, Any]] | None = None,
    recorded_at: datetime | None = None,
) -> ArticleRevision:
    """Append a revision; its hash is always computed here, from the text itself.

    ``set_aside`` lists what of the text is not a statement ({text, start, end, reason}).
    """
    return ledger.append(
        session,
        ArticleRevision(
            article_id=article_id,
            number=number,
            text=text,
            format=fmt,
            sha256=text_digest(text),
            source_file=source_file,
            set_aside=json.dumps(set_aside or [], ensure_ascii=False),
            recorded_at=recorded_at or utcnow(),
        ),
    )


def new_statement(*, article_id: int, n: int, position: int, parsed: ParsedStatement) -> Statement:
    return Statement(article_id=article_id, n=n, position=position, **statement_fields(parsed))


def statement_fields(parsed: ParsedStatement) -> dict[str, Any]:
    return {
        "text": parsed.text,
        "span_start": parsed.start,
        "span_end": parsed.end,
        "line": parsed.line,
        "checkworthy": parsed.checkworthy,
        "checkworthy_score": _score(parsed.checkworthy_score),
        "kinds": ",".join(parsed.kinds),
    }


def _score(score: float | None) -> float | None:
    # Four places tell statements apart; more would be the model's noise in every
    # JSON document and bundle.
    return None if score is None else round(score, 4)


def find_article(*, session: Session, slug: str) -> Article | None:
    return session.exec(select(Article).where(col(Article.slug) == slug)).first()


def get_article(*, session: Session, slug: str) -> Article:
    """The article named by ``slug`` or by a unique prefix of it (``esk`` for
    ``esketamine-nasal-spray``), as git takes a short hash. This is the one place
    article references are resolved, so a prefix works wherever a slug does."""
    check_slug(slug)  # a malformed slug names no article, and its message says why
    article = find_article(session=session, slug=slug)
    if article is None:
        article = _by_prefix(session, slug)
    return article


def _by_prefix(session: Session, prefix: str) -> Article:
    # Only slug characters: no LIKE wildcards, and the same answer on SQLite (whose
    # LIKE ignores case) and PostgreSQL (whose LIKE does not).
    found: list[Article] = []
    if _SLUG_PREFIX.match(prefix):
        found = list(
            session.exec(
                select(Article)
                .where(col(Article.slug).startswith(prefix))
                .order_by(col(Article.slug))
                .limit(_CANDIDATES + 1)
            )
        )
    if not found:
        raise NotFound(f"no article {prefix!r} (see `factcheck article list`)")
    if len(found) > 1:
        names = ", ".join(a.slug for a in found[:_CANDIDATES])
        more = " …" if len(found) > _CANDIDATES else ""
        raise InputError(f"{prefix!r} is ambiguous: it starts {names}{more} (type more of it)")
    return found[0]


_SLUG_PREFIX = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_CANDIDATES = 10


def list_articles(*, session: Session) -> list[Article]:
    return list(session.exec(select(Article).order_by(col(Article.slug))))


def statements_of(
    *, session: Session, article_id: int, include_retired: bool = False
) -> list[Statement]:
    query = select(Statement).where(col(Statement.article_id) == article_id)
    if not include_retired:
        query = query.where(col(Statement.retired).is_(False))
    return list(session.exec(query.order_by(col(Statement.position), col(Statement.n))))


def latest_revision(*, session: Session, article_id: int) -> ArticleRevision:
    revision = session.exec(
        select(ArticleRevision)
        .where(col(ArticleRevision.article_id) == article_id)
        .order_by(col(ArticleRevision.number).desc())
        .limit(1)
    ).first()
    assert revision is not None, "every article has a first revision"
    return revision


def set_aside_of(*, session: Session, article_id: int) -> list[dict[str, Any]]:
    """What the latest revision's text holds besides statements: {text, start, end, reason}."""
    revision = latest_revision(session=session, article_id=article_id)
    return list(json.loads(revision.set_aside or "[]"))


def get_statement(
    *, session: Session, statement_id: str, include_retired: bool = False
) -> tuple[Article, Statement]:
    slug, n = parse_statement_id(statement_id)
    article = get_article(session=session, slug=slug)
    statement = session.exec(
        select(Statement).where(col(Statement.article_id) == article.id, col(Statement.n) == n)
    ).first()
    if statement is None:
        raise NotFound(f"no statement {statement_id!r} (see `factcheck article show {slug}`)")
    if statement.retired and not include_retired:
        raise InputError(f"statement {statement_id} was removed from the article in a revision")
    return article, statement


def is_author(article: Article, *, name: str, handle: str) -> bool:
    """The four-eyes rule: did this reviewer write the article (by name or handle)?"""
    if not article.author:
        return False
    norm = lambda s: " ".join(s.casefold().split())  # noqa: E731
    authors = {norm(a) for a in _split_authors(article.author)}
    return norm(name) in authors or norm(handle) in authors


def _split_authors(text: str) -> list[str]:
    for sep in (";", " and ", " & "):
        text = text.replace(sep, ",")
    return [a for a in (part.strip() for part in text.split(",")) if a]
