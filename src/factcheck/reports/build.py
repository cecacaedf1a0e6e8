"""Building :class:`ArticleReport` objects from the records, a batch at a time.

:func:`article_reports` is a generator: callers write each report and drop it, so
memory holds one batch of articles (:data:`queries.BATCH`), never the archive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import PurePath

from sqlmodel import Session

from factcheck.evidence.flags import evidence_flags
from factcheck.identifiers import check_slug
from factcheck.ledger.verify import head
from factcheck.reports import queries as q
from factcheck.reports.box import review_box, signoff_entries
from factcheck.reports.citations import citation
from factcheck.reports.corrections import CorrectionsLog, retirement
from factcheck.reports.history import history_entries
from factcheck.reports.model import (
    ArticleReport,
    Evidence,
    RevisionEntry,
    SourceEntry,
    StatementRow,
)
from factcheck.reports.render import safe_url
from factcheck.reports.writers import date_format
from factcheck.settings import Settings
from factcheck.store.records import StatementRecord, signoff_facts, state_of, statement_records


def select_articles(*, session: Session, slugs: Sequence[str] | None) -> list[tuple[int, str]]:
    """(id, slug) of the articles named (all when ``slugs`` is None); unknown slugs fail."""
    for slug in slugs or ():
        check_slug(slug)  # a malformed slug names no article, and the message says why
    found = q.article_ids(session=session, slugs=slugs)
    if slugs is not None:
        missing = set(slugs) - {s for _, s in found}
        if missing:  # short ids: each resolves to one article, or fails naming candidates
            full = {s: s if s not in missing else _full_slug(session, s) for s in slugs}
            slugs = list(dict.fromkeys(full.values()))
            found = q.article_ids(session=session, slugs=slugs)
        order = {slug: i for i, slug in enumerate(slugs)}
        found.sort(key=lambda pair: order[pair[1]])
    return found


def _full_slug(session: Session, prefix: str) -> str:
    from factcheck.store.articles import get_article

    return get_article(session=session, slug=prefix).slug


def article_reports(
    *,
    session: Session,
    settings: Settings,
    as_of: date,
    ids: Sequence[int],
    anchors: Mapping[int, str | None] | None = None,
    batch: int = q.BATCH,
) -> Iterator[ArticleReport]:
    """One report per article id, in the order given, reading a batch at a time.

    Each names the ledger entry it shows: ``anchors[id]`` (``report --all`` passes the
    newest entry bearing on each article, see :mod:`.freshness`), else the head.
    """
    reviewers = q.reviewers(session=session)
    if anchors is None:
        _, tip = head(session)  # one read: every page names the record it shows
        anchors = dict.fromkeys(ids, tip)
    for start in range(0, len(ids), batch):
        chunk = list(ids[start : start + batch])
        for article_id, report in zip(
            chunk, _batch(session, settings, as_of, chunk, reviewers), strict=True
        ):
            yield replace(report, ledger_head=anchors[article_id])


def _batch(
    session: Session,
    settings: Settings,
    as_of: date,
    ids: list[int],
    reviewers: dict[str, tuple[str, str | None]],
) -> Iterator[ArticleReport]:
    articles = {a.id: a for a in q.articles(session=session, ids=ids)}
    records: dict[int, list[StatementRecord]] = defaultdict(list)
    for r in statement_records(session=session, settings=settings, as_of=as_of, article_ids=ids):
        records[r.article_id].append(r)
    signoffs = signoff_facts(session=session, settings=settings, article_ids=ids)
    dates = date_format(settings)
    links: dict[int, list[q.LinkRow]] = defaultdict(list)
    for link in q.links(session=session, ids=ids):
        links[link.article_id].append(link)
    source_ids = {link.source_id for group in links.values() for link in group}
    sources = q.sources(session=session, source_ids=source_ids)
    events = q.source_events(session=session, source_ids=source_ids)
    status = {row[0]: row[1] for row in events}  # oldest first: the last one wins
    revisions = q.revisions(session=session, ids=ids)
    handles = {r.verdict.reviewer for rs in records.values() for r in rs if r.verdict}
    handles |= {s.reviewer for signed in signoffs.values() for s in signed}
    log = CorrectionsLog(session, {a.slug for a in articles.values()} | set(source_ids) | handles)
    history = history_entries(
        session=session,
        slugs={i: a.slug for i, a in articles.items() if i is not None},
        links=[link for group in links.values() for link in group],
        source_events=events,
        revisions=revisions,
    )
    for article_id in ids:
        article = articles[article_id]
        mine = records.get(article_id, [])
        signed = signoffs.get(article_id, [])
        state = state_of(article, mine, signed[-1] if signed else None)
        corrections = log.of(
            slug=article.slug,
            sources={link.source_id for link in links.get(article_id, [])},
            reviewers={r.verdict.reviewer for r in mine if r.verdict}
            | {s.reviewer for s in signed},
        )
        yield ArticleReport(
            slug=article.slug,
            title=article.title,
            author=article.author,
            url=safe_url(article.url),
            topic=article.topic,
            as_of=as_of,
            box=review_box(
                article=article, state=state, signoffs=signed, words=settings.box, dates=dates
            ),
            counts=state.counts,
            statements=_statements(mine, links.get(article_id, []), settings, reviewers),
            sources=_sources(
                links.get(article_id, []), sources, status, article.slug, settings.citation_style
            ),
            history=tuple(history.get(article_id, ())),
            revisions=tuple(_revision(row) for row in revisions.get(article_id, ())),
            signoffs=signoff_entries(signed, settings.box),
            corrections=corrections,
            retired=retirement(corrections, article.retired),
        )


def _revision(row: tuple) -> RevisionEntry:  # type: ignore[type-arg]
    """A revision as a report shows it: the imported file by its name alone, never a
    path of the machine it was imported on."""
    number, recorded_at, sha256, fmt, source_file = row[:5]
    name = PurePath(source_file).name if source_file else None
    return RevisionEntry(number, recorded_at, sha256, fmt, name or None)


def _statements(
    records: list[StatementRecord],
    links: list[q.LinkRow],
    settings: Settings,
    reviewers: dict[str, tuple[str, str | None]],
) -> tuple[StatementRow, ...]:
    text = {r.n: r.text for r in records}
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for link in links:
        flags = evidence_flags(text.get(link.n, ""), link.quote, link.quote_found)
        evidence[link.n].append(
            Evidence(
                link.source_id,
                link.relation,
                link.quote,
                link.locator,
                link.quote_found,
                tuple(flags),
            )
        )
    rows = []
    for r in records:
        v = r.verdict
        label = settings.scale.get(v.verdict) if v else None
        rows.append(
            StatementRow(
                id=r.id,
                n=r.n,
                text=r.text,
                checkworthy=r.checkworthy,
                checkworthy_by=r.checkworthy_by,
                checkworthy_score=r.checkworthy_score,
                followed=r.followed,
                kinds=r.kinds,
                status=r.standing.status,
                due=r.standing.due,
                reason=r.standing.reason,
                why=r.standing.why,
                verdict=v.verdict if v else None,
                verdict_label=(label.label if label else v.verdict) if v else None,
                reviewer=v.reviewer if v else None,
                reviewer_name=reviewers.get(v.reviewer, (v.reviewer, None))[0] if v else None,
                reviewed_on=v.reviewed_on if v else None,
                note=v.note if v else None,
                evidence=tuple(evidence.get(r.n, ())),
            )
        )
    return tuple(rows)


def _sources(
    links: list[q.LinkRow],
    sources: dict[str, q.SourceRow],
    status: dict[str, str],
    slug: str,
    style: str,
) -> tuple[SourceEntry, ...]:
    citing: dict[str, list[str]] = {}
    for link in links:
        ids = citing.setdefault(link.source_id, [])
        sid = f"{slug}:{link.n}"
        if sid not in ids:
            ids.append(sid)
    return tuple(
        SourceEntry(
            id=src,
            kind=sources[src].kind,
            status=status.get(src, "active"),
            citation=citation(sources[src], style),
            statements=tuple(stmts),
        )
        for src, stmts in citing.items()
        if src in sources
    )
