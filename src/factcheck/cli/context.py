"""What every command shares: the workspace options and how to open a session.

Database modules are imported only when a command first needs them, so ``--help``
and ``--version`` never pay for SQLAlchemy.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from factcheck.errors import InputError
from factcheck.workspace import Workspace, open_workspace

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlmodel import Session


@dataclass
class Options:
    db: str | None = None
    config: str | None = None
    _workspace: Workspace | None = field(default=None, repr=False)
    _engine: Engine | None = field(default=None, repr=False)

    def reset(self, *, db: str | None, config: str | None) -> None:
        """Start a new invocation (tests run many in one process)."""
        if self._engine is not None:
            self._engine.dispose()
        gc.unfreeze()
        self.db, self.config, self._workspace, self._engine = db, config, None, None

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            self._workspace = open_workspace(db=self.db, config=self.config)
        return self._workspace

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from factcheck.db import ensure_schema, make_engine

            self._engine = make_engine(self.workspace.db_url)
            ensure_schema(self._engine)
            # SQLAlchemy and pydantic are now loaded: several hundred thousand
            # long-lived objects that every full garbage collection would walk again
            # while ``due`` or ``report --all`` build tens of thousands of rows.
            # Freezing them takes 10-15% off ``due`` and ``check`` on a large archive;
            # garbage made from here on is still collected.
            gc.freeze()
        return self._engine

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        from factcheck.db import session_scope

        with session_scope(self.engine, write=write) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only snapshot on a plain connection, for commands that only read."""
        from factcheck.db import reading

        with reading(self.engine) as conn:
            yield conn

    def fresh_states(self) -> None:
        """Fill in the statement-state cache before ``due`` or ``check`` read it."""
        from factcheck.store.state import needs_refresh, refresh, settle

        settings = self.workspace.settings
        with self.reading() as conn:
            if not needs_refresh(conn, settings):
                return
        from factcheck.cli.output import progress

        # A first run, or a policy change, on a large archive takes a while.
        with (
            self.session(write=True) as session,
            progress("judging statements against the review policy", at_least=1000) as update,
        ):
            judged = refresh(session, settings, update)
        settle(self.engine, judged)


OPTIONS = Options()


@contextmanager
def gc_paused() -> Iterator[None]:
    """The garbage collector waits until the block ends, for a command that reads and
    prints a long list: what it builds (rows, due items, findings) holds no cycles, so
    reference counting frees it, while every full collection would walk all the rows
    still held (0.15-0.2 s of ``due --format json`` on 245,759 statements)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Arguments and options many commands share, with the metavars help shows.
SlugArg = Annotated[str, typer.Argument(metavar="SLUG", help="The article's slug.")]
StatementArg = Annotated[str, typer.Argument(metavar="STATEMENT", help="Statement id, SLUG:N.")]
SourceArg = Annotated[str, typer.Argument(metavar="SOURCE", help="Source id, DOI, PMID or URL.")]
ReviewerOpt = Annotated[
    str | None,
    typer.Option(
        "--reviewer",
        metavar="HANDLE",
        help="Reviewer handle (else FACTCHECK_REVIEWER, else the workspace default).",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="DATE", help="Answer as of this day, YYYY-MM-DD (default today)."
    ),
]
NoteOpt = Annotated[
    str | None, typer.Option("--note", metavar="TEXT", help="Free text kept with the record.")
]


def choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    """``value`` if it is one of ``allowed``, else a usage error naming ``option``."""
    if value not in allowed:
        raise InputError(f"unknown {option} {value!r} (one of: {', '.join(allowed)})")
    return value


def reviewer_handle(given: str | None) -> str | None:
    """``--reviewer``, else ``FACTCHECK_REVIEWER``, else the workspace default."""
    return (
        given or os.environ.get("FACTCHECK_REVIEWER") or OPTIONS.workspace.settings.default_reviewer
    )


def as_of_date(value: str | None) -> date:
    from factcheck.identifiers import parse_date

    return parse_date(value, what="--as-of date") if value else date.today()


def review_date(value: str | None) -> date:
    """A review date: ISO, and never in the future (a review cannot predate itself)."""
    from factcheck.identifiers import parse_date
    from factcheck.review import check_review_day

    if not value:
        return date.today()
    return check_review_day(parse_date(value, what="--date"), what="--date")
