"""Writing reports to files: where they go, one page at a time, never half a file.

Each page is rendered in memory, written to a temporary file beside its target and
renamed into place, so a crash leaves the old page or the new one, never a torn
one. Pages stream from :func:`build.article_reports`; only the dashboard's counters
accumulate.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TextIO

from sqlmodel import Session

from factcheck.errors import InputError
from factcheck.identifiers import check_slug
from factcheck.ledger import head
from factcheck.reports.build import article_reports, select_articles
from factcheck.reports.jsonld import publisher
from factcheck.reports.model import ArticleReport
from factcheck.reports.portfolio import PortfolioBuilder
from factcheck.reports.writers import SUFFIXES, ReportFormat, article_writer, dashboard_writer
from factcheck.safefiles import building, ensure_folder, target_in, write_atomic
from factcheck.settings import Settings

INDEX = "index"


@dataclass
class Outcome:
    """What a run wrote, for the CLI to tell the user."""

    pages: list[Path] = field(default_factory=list)
    index: Path | None = None
    skipped: list[str] = field(default_factory=list)  # "slug: why"


@dataclass(frozen=True)
class ReportRequest:
    fmt: ReportFormat
    slugs: Sequence[str] | None  # None: every article
    out: str | None  # a file, a folder, "-" for stdout, None for the default folder
    default_folder: Path
    as_of: date
    db_url: str | None = None  # lets worker processes open the database themselves


def count_articles(*, session: Session, request: ReportRequest) -> int:
    return len(select_articles(session=session, slugs=request.slugs))


def write_reports(
    *,
    session: Session,
    settings: Settings,
    request: ReportRequest,
    stdout: TextIO,
    tick: Callable[[], None] = lambda: None,
) -> Outcome:
    targets = select_articles(session=session, slugs=request.slugs)
    if not targets:
        raise InputError("no articles to report on (factcheck article add FILE first)")
    many = request.slugs is None or len(targets) > 1
    if request.fmt is ReportFormat.CLAIMREVIEW:
        publisher(settings)  # fail before writing anything when the publisher is unset
    ids = [i for i, _ in targets]
    reports = article_reports(session=session, settings=settings, as_of=request.as_of, ids=ids)
    if not many:
        return _one(next(reports), settings, request, stdout)
    folder = _folder(request.out, request.default_folder)
    _, tip = head(session)  # the dashboard names the record it was built from
    if request.slugs is not None:  # some articles: their pages join the folder's others
        return _pages(ensure_folder(folder), ids, reports, settings, request, tick, tip)
    # Every article: build a new folder beside the old one and swap it in at the end.
    with building(folder, allowed_suffixes=REPORT_SUFFIXES) as tmp:
        outcome = _pages(tmp, ids, reports, settings, request, tick, tip)
    outcome.pages = [folder / p.name for p in outcome.pages]
    outcome.index = folder / outcome.index.name if outcome.index else None
    return outcome


REPORT_SUFFIXES = tuple(sorted(set(SUFFIXES.values())))


def _pages(
    folder: Path,
    ids: list[int],
    reports: Iterator[ArticleReport],
    settings: Settings,
    request: ReportRequest,
    tick: Callable[[], None],
    ledger_head: str | None,
) -> Outcome:
    dashboard = dashboard_writer(request.fmt, settings)
    job = PageJob(
        settings=settings,
        as_of=request.as_of,
        fmt=request.fmt,
        folder=folder,
        index_href=f"{INDEX}{SUFFIXES[request.fmt]}" if dashboard is not None else None,
        db_url=request.db_url,
    )
    if request.db_url and len(ids) >= _parallel_from() and (os.cpu_count() or 1) > 1:
        done = _in_parallel(job, ids, tick)
    else:
        done = job.write(reports, tick)
    outcome = Outcome(pages=done.pages, skipped=done.skipped)
    if dashboard is not None:
        path = target_in(folder, f"{INDEX}{SUFFIXES[request.fmt]}")
        portfolio = replace(done.builder.finish(), ledger_head=ledger_head)
        outcome.index = write_atomic(path, dashboard.format(portfolio))
    return outcome


@dataclass
class PagesDone:
    pages: list[Path]
    skipped: list[str]
    builder: PortfolioBuilder


@dataclass(frozen=True)
class PageJob:
    """Writing audit pages into a folder; picklable, so worker processes can run it."""

    settings: Settings
    as_of: date
    fmt: ReportFormat
    folder: Path
    index_href: str | None
    db_url: str | None

    def write(self, reports: Iterator[ArticleReport], tick: Callable[[], None]) -> PagesDone:
        writer = article_writer(self.fmt, self.settings, index_href=self.index_href)
        done = PagesDone([], [], PortfolioBuilder(settings=self.settings, as_of=self.as_of))
        suffix = SUFFIXES[self.fmt]
        for report in reports:
            done.builder.add(report)
            try:
                # A slug stored before slugs were checked everywhere must not name a
                # file outside the folder: target_in refuses it, and the page is skipped.
                path = target_in(self.folder, f"{check_slug(report.slug)}{suffix}")
                text = writer.format(report)
            except InputError as exc:  # e.g. ClaimReview for an article without a URL
                done.skipped.append(f"{report.slug}: {exc}")
            else:
                done.pages.append(write_atomic(path, text))
            tick()
        return done

    def run(self, ids: list[int]) -> PagesDone:
        """In a worker process: open the database, write the pages of ``ids``."""
        from factcheck.db import make_engine, session_scope

        assert self.db_url is not None
        engine = make_engine(self.db_url)
        try:
            with session_scope(engine) as session:
                reports = article_reports(
                    session=session, settings=self.settings, as_of=self.as_of, ids=ids
                )
                return self.write(reports, lambda: None)
        finally:
            engine.dispose()


# Below this many articles one process wins: starting workers costs about a second.
PARALLEL_FROM = 1000


def _parallel_from() -> int:
    """PARALLEL_FROM, or FACTCHECK_PARALLEL_FROM (tests use it to run workers on a few
    articles)."""
    value = os.environ.get("FACTCHECK_PARALLEL_FROM", "")
    return int(value) if value.isdigit() and int(value) > 0 else PARALLEL_FROM


CHUNK = 500  # articles per task handed to a worker


def _in_parallel(job: PageJob, ids: list[int], tick: Callable[[], None]) -> PagesDone:
    """Rendering is CPU-bound Python: use every core, one chunk of articles per task."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    total = PagesDone([], [], PortfolioBuilder(settings=job.settings, as_of=job.as_of))
    # "spawn": a forked child would share the parent's open SQLite connection.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=os.cpu_count(),
        mp_context=context,
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        for chunk, done in zip(chunks, pool.map(job.run, chunks), strict=True):
            total.pages += done.pages
            total.skipped += done.skipped
            total.builder.merge(done.builder)
            for _ in chunk:
                tick()
    return total


def _one(report, settings: Settings, request: ReportRequest, stdout: TextIO) -> Outcome:  # type: ignore[no-untyped-def]
    text = article_writer(request.fmt, settings).format(report)
    name = f"{report.slug}{SUFFIXES[request.fmt]}"
    if request.out == "-":
        stdout.write(text)
        return Outcome()
    if request.out is None:
        target = target_in(ensure_folder(request.default_folder, what="folder"), name)
    else:
        target = Path(request.out)
        if target.is_dir() and not target.is_symlink():
            target = target_in(target, name)
        elif not target.parent.is_dir():
            raise InputError(f"--out {request.out}: folder {target.parent} does not exist")
    return Outcome(pages=[write_atomic(target, text)])


def _folder(out: str | None, default: Path) -> Path:
    if out == "-":
        raise InputError("--out - prints one article's report; name one SLUG, or give a folder")
    return Path(out) if out else default


def die_with_parent(parent: int) -> None:
    """Worker initializer: end this process when the parent ends, even by ``kill -9``.

    Linux delivers SIGKILL at once (PR_SET_PDEATHSIG); elsewhere, and for a parent
    that died before that was set, a watchdog thread notices the new parent id.
    """
    import ctypes
    import signal
    import threading
    import time

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()


_PR_SET_PDEATHSIG = 1
