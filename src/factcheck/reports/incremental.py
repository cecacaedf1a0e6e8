"""Planning a ``report --all`` build: which pages to render, which to keep.

The last build's manifest (:mod:`.manifest`) says which ledger entry each page
showed. A page is rendered again when a newer entry bears on its article
(:mod:`.freshness`), when its article is new, renamed or its file gone; every other
page is kept as it is. Anything global differing from the manifest (version,
templates, settings, format, as-of day), a manifest missing or unreadable, or a
ledger that no longer holds the head it names: every page is rendered.

The rule is the same in both cases (a page names the newest entry bearing on its
article, found the same way), so a build that keeps pages writes the same bytes as
one that renders them all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from factcheck.ledger.verify import head
from factcheck.reports.freshness import LEDGER, entry_hashes, newest_entries
from factcheck.reports.manifest import Manifest, Page, read_manifest


@dataclass(frozen=True)
class Plan:
    """What one ``report --all`` build renders, keeps and records."""

    ids: list[int]  # every article, in page order
    render: list[int]  # the articles to read and render again, in page order
    kept: dict[int, Page]  # the others: their files carried over, their shares reused
    seqs: dict[int, int]  # per article, the newest ledger entry bearing on it
    anchors: dict[int, str | None]  # the hash of that entry, for the pages rendered
    ledger_seq: int
    ledger_head: str | None
    up_to_date: bool  # nothing to write: the folder is what a build would write

    def manifest(self, build: dict[str, str], pages: dict[int, Page]) -> Manifest:
        """The manifest of this build, once ``pages`` holds every article's page."""
        return Manifest(
            build=build,
            ledger_seq=self.ledger_seq,
            ledger_head=self.ledger_head,
            pages={i: _with_seq(pages[i], self.seqs[i]) for i in self.ids},
        )


def plan_build(
    *,
    session: Session,
    folder: Path,
    targets: list[tuple[int, str]],
    build: dict[str, str],
    index: str | None,
    full: bool,
) -> Plan:
    """What a build of ``targets`` (id, slug) into ``folder`` renders and keeps."""
    ledger_seq, ledger_head = head(session)
    old = None if full else _usable(read_manifest(folder), session, build, ledger_seq)
    after = old.ledger_seq if old else 0
    bearing = newest_entries(session=session, after=after)
    files = _files(folder) if old else set()
    seqs, kept = {}, {}
    for article_id, slug in targets:
        page = old.pages.get(article_id) if old else None
        seqs[article_id] = max(bearing.newest(article_id), page.seq if page else 0)
        if (
            page is not None
            and page.seq == seqs[article_id]
            and page.slug == slug
            and (page.file is None or page.file in files)
        ):
            kept[article_id] = page
    ids = [i for i, _ in targets]
    render = [i for i in ids if i not in kept]
    # Nothing to write: no page to render, none to remove, the dashboard's head the
    # same, and no file missing or come from elsewhere.
    expected = {p.file for p in kept.values() if p.file} | ({index} if index else set())
    up_to_date = (
        old is not None
        and not render
        and old.pages.keys() == kept.keys()
        and old.ledger_seq == ledger_seq
        and files == expected
    )
    hashes = entry_hashes(session=session, seqs=(seqs[i] for i in render))
    return Plan(
        ids=ids,
        render=render,
        kept=kept,
        seqs=seqs,
        anchors={i: hashes.get(seqs[i]) for i in render},
        ledger_seq=ledger_seq,
        ledger_head=ledger_head,
        up_to_date=up_to_date,
    )


def _usable(
    old: Manifest | None, session: Session, build: dict[str, str], ledger_seq: int
) -> Manifest | None:
    """``old`` if a build may start from it: same fingerprint, and its head still in
    the ledger (not another database, nor a ledger rebuilt behind its back)."""
    if old is None or old.build != build or old.ledger_seq > ledger_seq:
        return None
    if old.ledger_seq == 0:
        return old if old.ledger_head is None else None
    stored = session.execute(select(LEDGER.c.hash).where(LEDGER.c.seq == old.ledger_seq)).scalar()
    return old if stored is not None and stored == old.ledger_head else None


def _files(folder: Path) -> set[str]:
    """The pages in ``folder`` (hidden files, such as the manifest, aside)."""
    try:
        return {name for name in os.listdir(folder) if not name.startswith(".")}
    except OSError:
        return set()


def _with_seq(page: Page, seq: int) -> Page:
    return Page(page.slug, page.file, page.skipped, page.share, seq)
