"""``report`` and ``badge``: what editors publish and send to standards boards."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import count
from typing import Annotated

import typer

from factcheck.cli.context import OPTIONS, as_of_date, choice
from factcheck.cli.output import message, progress
from factcheck.words import plural

REPORT_FORMATS = ("html", "md", "json", "claimreview")
BADGE_FORMATS = ("html", "text", "jsonld")
FORMAT_METAVAR = "|".join(REPORT_FORMATS)

AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Judge due dates as of this day, YYYY-MM-DD (default today).",
    ),
]


def report(
    slugs: Annotated[
        list[str] | None, typer.Argument(metavar="SLUG", help="Articles to report on.")
    ] = None,
    all_: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every article, plus the portfolio dashboard; renders only the pages "
            "whose records changed since the last --all build into the folder.",
        ),
    ] = False,
    full: Annotated[
        bool,
        typer.Option("--full", help="With --all: render every page, whatever changed."),
    ] = False,
    format: Annotated[
        str, typer.Option("--format", metavar=FORMAT_METAVAR, help="What to write.")
    ] = "html",
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            metavar="PATH",
            help="A file for one article, a folder for several; - for stdout "
            "(default: the workspace's reports/ folder).",
        ),
    ] = None,
    as_of: AsOfOpt = None,
) -> None:
    """Write audit reports: the review box, every statement, sources and history.

    With --all (or several articles) also writes a dashboard, index.html, linking
    every audit page. --all keeps the pages of articles whose records did not change
    since its last build in the folder (--full renders them all again).
    Example: factcheck report ketamine --format md --out r.md
    """
    from factcheck.errors import InputError
    from factcheck.reports.publish import ReportRequest, count_articles, write_reports
    from factcheck.reports.writers import ReportFormat

    fmt = ReportFormat(choice(format, REPORT_FORMATS, "--format"))
    if all_ and slugs:
        raise InputError("name articles or use --all, not both")
    if not all_ and not slugs:
        raise InputError("name an article (factcheck report SLUG) or use --all")
    if full and not all_:
        raise InputError("--full goes with --all (a named article's page is always rendered)")
    request = ReportRequest(
        fmt=fmt,
        slugs=None if all_ else list(dict.fromkeys(slugs or [])),
        out=out,
        default_folder=OPTIONS.workspace.resolve("reports"),
        as_of=as_of_date(as_of),
        db_url=OPTIONS.workspace.db_url,
        full=full,
    )
    settings = OPTIONS.workspace.settings
    with OPTIONS.session() as session:
        total = count_articles(session=session, request=request)
        with _progress(total) as tick:
            outcome = write_reports(
                session=session, settings=settings, request=request, stdout=sys.stdout, tick=tick
            )
    for skipped in outcome.skipped:
        message(f"skipped {skipped}")
    kept = f" ({outcome.kept:,} unchanged)" if outcome.kept else ""
    if outcome.up_to_date:
        message(f"reports up to date{kept}; open {outcome.index or request.default_folder}")
    elif len(outcome.pages) == 1 and outcome.index is None and not kept:
        message(f"wrote {outcome.pages[0]}")
    elif outcome.pages or kept:
        where = outcome.index or (outcome.pages[0].parent if outcome.pages else None)
        count = len(outcome.pages)
        dashboard = " and the dashboard" if outcome.index else ""
        message(f"wrote {plural(count, 'report')}{dashboard}{kept}; open {where}")


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A tick per page written, drawn as a bar on a terminal."""
    with progress("writing reports") as update:
        done = count(1)
        yield lambda: update(next(done), total)


def badge(
    slug: Annotated[str, typer.Argument(metavar="SLUG", help="The article's slug.")],
    format: Annotated[
        str, typer.Option("--format", metavar="html|text|jsonld", help="What to print.")
    ] = "html",
    page_type: Annotated[
        str,
        typer.Option(
            "--page-type", metavar="TYPE", help="schema.org type: MedicalWebPage or WebPage."
        ),
    ] = "MedicalWebPage",
    as_of: AsOfOpt = None,
) -> None:
    """Print the review box to paste into the article's page, with its JSON-LD.

    Example: factcheck badge ketamine --format jsonld
    """
    from factcheck.escaping import for_terminal
    from factcheck.reports.badge import badge_text

    choice(format, BADGE_FORMATS, "--format")
    with OPTIONS.session() as session:
        text = badge_text(
            session=session,
            settings=OPTIONS.workspace.settings,
            slug=slug,
            fmt=format,
            page_type=page_type,
            as_of=as_of_date(as_of),
        )
    sys.stdout.write(for_terminal(text))  # pasted by hand, often from a terminal


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.command("badge")(badge)
