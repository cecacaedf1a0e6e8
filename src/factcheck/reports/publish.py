"""Writing reports to files: where they go, one page at a time, never half a file.

Each page is rendered in memory, written to a temporary file beside its target and
renamed into place, so a crash leaves the old page or the new one, never a torn
one. Pages stream from :func:`build.article_reports`; only each article's share of
the dashboard accumulates (small counts, kept in the build manifest). ``report --all``
renders only what changed since its last build (:mod:`.incremental`).
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TextIO

from sqlmodel import Session

from factcheck.errors import InputError
from factcheck.identifiers import check_slug
from factcheck.ledger.verify import head
from factcheck.reports import queries as q
from factcheck.reports.build import article_reports, select_articles
from factcheck.reports.citations import citation, known
from factcheck.reports.incremental import plan_build
from factcheck.reports.jsonld import publisher
from factcheck.reports.manifest import MANIFEST, Page, fingerprint, forget_build
from factcheck.reports.model import ArticleReport, Citation
from factcheck.reports.portfolio import PortfolioBuilder
from factcheck.reports.writers import (
    DASHBOARD_WRITERS,
    SUFFIXES,
    ReportFormat,
    article_writer,
    dashboard_writer,
)
from factcheck.safefiles import (
    building,
    ensure_folder,
    sweep_abandoned,
    target_in,
    write_atomic,
)
from factcheck.settings import Settings

INDEX = "index"
Citations = dict[tuple[q.SourceRow, str], Citation]  # formatted references, by source and style


@dataclass
class Outcome:
    """What a run wrote, for the CLI to tell the user."""

    pages: list[Path] = field(default_factory=list)
    index: Path | None = None
    skipped: list[str] = field(default_factory=list)  # "slug: why"
    kept: int = 0  # pages of ``report --all`` carried over unchanged
    up_to_date: bool = False  # ``report --all`` found nothing to write


@dataclass(frozen=True)
class ReportRequest:
    fmt: ReportFormat
    slugs: Sequence[str] | None  # None: every article
    out: str | None  # a file, a folder, "-" for stdout, None for the default folder
    default_folder: Path
    as_of: date
    db_url: str | None = None  # lets worker processes open the database themselves
    full: bool = False  # every article: render every page, whatever the last build kept


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
    if request.fmt is ReportFormat.CLAIMREVIEW:
        publisher(settings)  # fail before writing anything when the publisher is unset
    if request.slugs is None:
        q.unmapped(session)
        job = _job(settings, request)
        return _every_article(session, job, targets, request.full, tick)
    ids = [i for i, _ in targets]
    reports = article_reports(session=session, settings=settings, as_of=request.as_of, ids=ids)
    if len(targets) == 1:
        return _one(next(reports), settings, request, stdout)
    # Some articles: their pages (and a dashboard of them) join the folder's others,
    # which the last build's manifest no longer describes.
    job = _job(settings, request)
    forget_build(ensure_folder(job.folder))
    _, tip = head(session)  # the dashboard names the record it was built from
    done = job.write(ids, reports, tick)
    return _outcome(job, done, ids, tip)


def _job(settings: Settings, request: ReportRequest) -> PageJob:
    return PageJob(
        settings=settings,
        as_of=request.as_of,
        fmt=request.fmt,
        folder=_folder(request.out, request.default_folder),
        db_url=request.db_url,
    )


def _every_article(
    session: Session,
    job: PageJob,
    targets: list[tuple[int, str]],
    full: bool,
    tick: Callable[[], None],
) -> Outcome:
    """Every article: render what changed since the last build into a new folder,
    carry the other pages over, and swap the folder in at the end (a crash leaves
    the old folder and its manifest as they were)."""
    folder, build = job.folder, fingerprint(settings=job.settings, fmt=job.fmt, as_of=job.as_of)
    index = job.index_name
    with contextlib.ExitStack() as stack:
        # A full build renders every page, so its workers can start before the plan:
        # they import the renderer and format the cited sources while this process
        # reads the ledger for the plan (seconds, on 10,000 articles).
        early = full and _parallel(job, len(targets))
        workers = stack.enter_context(Workers(job)) if early else None
        plan = plan_build(
            session=session, folder=folder, targets=targets, build=build, index=index, full=full
        )
        if plan.up_to_date:
            sweep_abandoned(folder)  # what a killed build left beside it
            where = folder / index if index else None
            skipped = _skipped(plan.kept, plan.ids)
            return Outcome(index=where, skipped=skipped, kept=len(plan.kept), up_to_date=True)
        keep = sorted(p.file for p in plan.kept.values() if p.file)
        for _ in plan.kept:  # the progress bar counts every article
            tick()
        if workers is None and _parallel(job, len(plan.render)):
            workers = stack.enter_context(Workers(job))
        with building(folder, allowed_suffixes=REPORT_SUFFIXES, keep=keep) as tmp:
            job = replace(job, folder=tmp)
            if workers is not None:
                done = workers.write(job, plan.render, plan.anchors, tick)
            else:
                reports = article_reports(
                    session=session,
                    settings=job.settings,
                    as_of=job.as_of,
                    ids=plan.render,
                    anchors=plan.anchors,
                )
                done = job.write(plan.render, reports, tick)
            done.pages.update(plan.kept)
            outcome = _outcome(job, done, plan.ids, plan.ledger_head)
            manifest = plan.manifest(build, done.pages)
            write_atomic(target_in(tmp, MANIFEST), manifest.text())  # last: the build is whole
    outcome.pages = [folder / p.name for p in outcome.pages]
    outcome.index = folder / outcome.index.name if outcome.index else None
    outcome.kept = len(plan.kept)
    return outcome


REPORT_SUFFIXES = tuple(sorted(set(SUFFIXES.values())))


def _outcome(job: PageJob, done: PagesDone, ids: list[int], ledger_head: str | None) -> Outcome:
    """What was written, and the dashboard of ``ids`` (page order) written last."""
    outcome = Outcome(pages=done.written, skipped=_skipped(done.pages, ids))
    builder = PortfolioBuilder(settings=job.settings, as_of=job.as_of)
    for article_id in ids:
        share = done.pages[article_id].share
        if share is not None:
            builder.absorb(share)
    dashboard = dashboard_writer(job.fmt, job.settings)
    if dashboard is not None and job.index_name is not None:
        portfolio = replace(builder.finish(), ledger_head=ledger_head)
        outcome.index = write_atomic(
            target_in(job.folder, job.index_name), dashboard.format(portfolio)
        )
    return outcome


def _skipped(pages: Mapping[int, Page], ids: list[int]) -> list[str]:
    """ "slug: why" of each page not written, in page order."""
    return [f"{p.slug}: {p.skipped}" for i in ids if (p := pages[i]).skipped]


@dataclass
class PagesDone:
    pages: dict[int, Page]  # by article id
    written: list[Path]


@dataclass(frozen=True)
class PageJob:
    """Writing audit pages into a folder; picklable, so worker processes can run it."""

    settings: Settings
    as_of: date
    fmt: ReportFormat
    folder: Path
    db_url: str | None

    @property
    def index_name(self) -> str | None:
        """The dashboard's file name; None for a format without one."""
        return f"{INDEX}{SUFFIXES[self.fmt]}" if self.fmt in DASHBOARD_WRITERS else None

    def write(
        self, ids: list[int], reports: Iterator[ArticleReport], tick: Callable[[], None]
    ) -> PagesDone:
        """Write the pages of ``reports`` (those of ``ids``, in order)."""
        writer = article_writer(self.fmt, self.settings, index_href=self.index_name)
        done = PagesDone({}, [])
        suffix = SUFFIXES[self.fmt]
        for article_id, report in zip(ids, reports, strict=True):
            builder = PortfolioBuilder(settings=self.settings, as_of=self.as_of)
            builder.add(report)
            share = builder.share() if builder.articles else None
            try:
                # A slug stored before slugs were checked everywhere must not name a
                # file outside the folder: target_in refuses it, and the page is skipped.
                path = target_in(self.folder, f"{check_slug(report.slug)}{suffix}")
                text = writer.format(report)
            except InputError as exc:  # e.g. ClaimReview for an article without a URL
                done.pages[article_id] = Page(report.slug, None, str(exc), share)
            else:
                done.written.append(write_atomic(path, text))
                done.pages[article_id] = Page(report.slug, path.name, None, share)
            tick()
        return done

    def run(
        self, ids: list[int], anchors: Mapping[int, str | None], citations: Citations
    ) -> PagesDone:
        """In a worker process: open the database, write the pages of ``ids``."""
        known(citations)
        with self._session() as session:
            reports = article_reports(
                session=session, settings=self.settings, as_of=self.as_of, ids=ids, anchors=anchors
            )
            return self.write(ids, reports, lambda: None)

    def cite(self, part: int, parts: int) -> Citations:
        """In a worker process: format one share of the cited sources (citeproc takes
        milliseconds a source; each worker would otherwise format every one)."""
        style = self.settings.citation_style
        with self._session() as session:
            rows = sorted(q.cited_sources(session=session).items())[part::parts]
        return {(row, style): citation(row, style) for _, row in rows}

    @contextlib.contextmanager
    def _session(self) -> Iterator[Session]:
        from factcheck.db import make_engine, session_scope

        assert self.db_url is not None
        engine = make_engine(self.db_url)
        try:
            with session_scope(engine) as session:
                q.unmapped(session)
                yield session
        finally:
            engine.dispose()


# Below this many articles one process wins: starting workers costs about a second.
PARALLEL_FROM = 1000


def _parallel_from() -> int:
    """PARALLEL_FROM, or FACTCHECK_PARALLEL_FROM (tests use it to run workers on a few
    articles)."""
    value = os.environ.get("FACTCHECK_PARALLEL_FROM", "")
    return int(value) if value.isdigit() and int(value) > 0 else PARALLEL_FROM


def _parallel(job: PageJob, pages: int) -> bool:
    """Whether worker processes render ``pages`` pages (they open the database themselves)."""
    return job.db_url is not None and pages >= _parallel_from() and (os.cpu_count() or 1) > 1


CHUNK = 500  # articles per task handed to a worker


class Workers:
    """Worker processes for a build: rendering is CPU-bound Python, so every core
    renders, one chunk of articles per task.

    Started, each formats a share of the cited sources (citeproc takes milliseconds
    a source; each worker would otherwise format every one); :meth:`write` hands
    every worker all of them with its chunks.
    """

    def __init__(self, job: PageJob) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        workers = os.cpu_count() or 1
        # "spawn": a forked child would share the parent's open SQLite connection.
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=started,
            initargs=(os.getpid(),),
        )
        self.shares = [self.pool.submit(job.cite, part, workers) for part in range(workers)]

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(cancel_futures=True)  # after a failure, nothing more starts

    def write(
        self,
        job: PageJob,
        ids: list[int],
        anchors: Mapping[int, str | None],
        tick: Callable[[], None],
    ) -> PagesDone:
        """Write the pages of ``ids`` (page order) into ``job``'s folder."""
        citations: Citations = {}
        for share in self.shares:
            citations.update(share.result())
        chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
        their_anchors = [{i: anchors[i] for i in chunk} for chunk in chunks]
        pages = self.pool.map(job.run, chunks, their_anchors, [citations] * len(chunks))
        total = PagesDone({}, [])
        try:
            for chunk, done in zip(chunks, pages, strict=True):
                total.pages.update(done.pages)
                total.written += done.written
                for _ in chunk:
                    tick()
        except BaseException:
            # The workers stop before the failed build's folder is removed: none may
            # write on into it.
            self.pool.shutdown(cancel_futures=True)
            raise
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
    forget_build(target.parent)  # a page the last build's manifest does not describe
    return Outcome(pages=[write_atomic(target, text)])


def _folder(out: str | None, default: Path) -> Path:
    if out == "-":
        raise InputError("--out - prints one article's report; name one SLUG, or give a folder")
    return Path(out) if out else default


def started(parent: int) -> None:
    """Worker initializer: end with the parent, and spare the garbage collector."""
    die_with_parent(parent)
    # The imports are done: hundreds of thousands of long-lived objects (SQLAlchemy,
    # the models, Jinja) that every full collection would walk again, as the CLI
    # freezes them in the parent (cli/context.py). A worker then makes millions of
    # short-lived rows, entries and strings and hardly any cycles: collecting less
    # often took the collector from 0.7 to 0.2 ms of a page's 4-5 ms.
    gc.freeze()
    gc.set_threshold(10_000, 50, 1000)


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
