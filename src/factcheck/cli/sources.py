"""``factcheck source``: register sources and record what happens to them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from factcheck.cli.context import OPTIONS, JsonOpt, ReviewerOpt, SourceArg, reviewer_handle
from factcheck.cli.files import read_input
from factcheck.cli.output import message, print_json, print_pairs, print_table
from factcheck.words import plural

app = typer.Typer(
    help="Register sources (papers, press releases…) and their status.", no_args_is_help=True
)


DoiOpt = Annotated[str | None, typer.Option(metavar="DOI", help="DOI, bare or as a doi.org URL.")]
PmidOpt = Annotated[str | None, typer.Option(metavar="PMID", help="PubMed id.")]
UrlOpt = Annotated[str | None, typer.Option(metavar="URL", help="http(s) URL.")]
TitleOpt = Annotated[str | None, typer.Option(metavar="TEXT", help="Title.")]
KindOpt = Annotated[
    str | None,
    typer.Option(
        metavar="KIND",
        help="paper, press-release, guideline, dataset, news, book, web or other.",
    ),
]
AuthorsOpt = Annotated[str | None, typer.Option(metavar="NAMES", help='Authors, "A; B".')]
PublishedOpt = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help="Publication date, YYYY-MM-DD; YYYY-MM or YYYY when the source gives no more.",
    ),
]
PublisherOpt = Annotated[str | None, typer.Option(metavar="NAME", help="Publisher or journal.")]
TextOpt = Annotated[
    str | None,
    typer.Option("--text", metavar="FILE", help="File with the archived source text; - for stdin."),
]


def _archived(text: str | None) -> str | None:
    from factcheck.errors import InputError

    if not text:
        return None
    try:
        return read_input(text, max_bytes=50_000_000).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{text}: the source text is not UTF-8") from None


def _published(value: str | None) -> tuple[date, str] | None:
    from factcheck.bibliography.model import parse_partial_date

    if not value:
        return None
    when = parse_partial_date(value, what="--published date")
    return when.value, when.precision


@app.command("add")
def add(
    doi: DoiOpt = None,
    pmid: PmidOpt = None,
    url: UrlOpt = None,
    title: TitleOpt = None,
    kind: KindOpt = None,
    authors: AuthorsOpt = None,
    published: PublishedOpt = None,
    publisher: PublisherOpt = None,
    text: TextOpt = None,
    json: JsonOpt = False,
) -> None:
    """Register a source and print its id.

    Example: factcheck source add --doi https://doi.org/10.1126/science.1190287 --kind paper
    """
    from factcheck.store.sources import add_source
    from factcheck.views import source_json

    archived = _archived(text)
    when, precision = _published(published) or (None, "day")
    with OPTIONS.session(write=True) as session:
        source, new = add_source(
            session=session,
            doi=doi,
            pmid=pmid,
            url=url,
            title=title,
            kind=kind,
            authors=authors,
            published=when,
            published_precision=precision,
            publisher=publisher,
            text=archived,
        )
        data = source_json(source, "active")
    message(f"{'registered' if new else 'already registered'} source {source.id}")
    if json:
        print_json(data)
    else:
        typer.echo(source.id)


@app.command("edit")
def edit(
    source: SourceArg,
    doi: DoiOpt = None,
    pmid: PmidOpt = None,
    url: UrlOpt = None,
    title: TitleOpt = None,
    kind: KindOpt = None,
    authors: AuthorsOpt = None,
    published: PublishedOpt = None,
    publisher: PublisherOpt = None,
    text: TextOpt = None,
    reviewer: ReviewerOpt = None,
    json: JsonOpt = False,
) -> None:
    """Correct a source's metadata; its id stays, and history keeps the old values.

    "" clears a field. Example: factcheck source edit src-9e111a81 --published 2010-08
    """
    from factcheck.store.sources import current_status, edit_source, get_source
    from factcheck.views import source_json

    given = {"doi": doi, "pmid": pmid, "url": url, "title": title, "kind": kind,
             "authors": authors, "publisher": publisher}  # fmt: skip
    changes: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if published is not None:
        changes["published"] = _published(published) or (None, "day")
    if text is not None:
        changes["text"] = _archived(text)
    with OPTIONS.session(write=True) as session:
        src = get_source(session=session, ref=source)
        edits = edit_source(
            session=session, ref=src.id, changes=changes, reviewer=reviewer_handle(reviewer)
        )
        data = source_json(src, current_status(session=session, source_id=src.id))
    if not edits:
        message(f"{src.id}: nothing changed")
    for e in edits:
        shown = "(new text)" if e.field == "text" else f"{e.old_value!r} → {e.new_value!r}"
        message(f"{src.id}: {e.field} {shown}")
    if json:
        print_json(data)


@app.command("list")
def list_(json: JsonOpt = False) -> None:
    """List sources. Example: factcheck source list --json"""
    from factcheck.store.sources import current_status, list_sources
    from factcheck.views import source_json

    with OPTIONS.session() as session:
        rows = [
            source_json(s, current_status(session=session, source_id=s.id))
            for s in list_sources(session=session)
        ]
    if json:
        print_json(rows)
    else:
        print_table(
            "Sources",
            ["id", "kind", "status", "doi/pmid/url", "title"],
            [
                (r["id"], r["kind"], r["status"], r["doi"] or r["pmid"] or r["url"], r["title"])
                for r in rows
            ],
            empty="no sources registered yet",
        )


@app.command("show")
def show(
    source: SourceArg,
    json: JsonOpt = False,
) -> None:
    """Show one source. Example: factcheck source show 10.1126/science.1190287"""
    from factcheck.store.sources import current_status, get_source
    from factcheck.store.texts import text_info
    from factcheck.views import source_json

    with OPTIONS.session() as session:
        src = get_source(session=session, ref=source)
        data = source_json(src, current_status(session=session, source_id=src.id))
        data["archived_text"] = text_info(session=session, source_id=src.id)
    if json:
        print_json(data)
        return
    text = data.pop("archived_text")
    print_pairs(data.items())
    if text:
        pages = f", {text['pages']} pages" if text["pages"] else ""
        print_pairs(
            [
                (
                    "archived text",
                    f"{text['format']}{pages}, {text['characters']:,} characters, attached "
                    f"{text['attached_on'].isoformat()}, sha256 {text['sha256']}",
                )
            ]
        )


@app.command("status")
def status(
    source: SourceArg,
    new_status: Annotated[
        str,
        typer.Argument(
            metavar="STATUS", help="active, corrected, retracted, superseded or concern."
        ),
    ],
    date: Annotated[
        str, typer.Option("--date", metavar="DATE", help="When it happened, YYYY-MM-DD.")
    ],
    note: Annotated[
        str | None, typer.Option(metavar="TEXT", help="What happened, e.g. a notice's URL.")
    ] = None,
) -> None:
    """Record that a source was corrected, retracted…: its statements turn stale.

    Example: factcheck source status src-1a2b3c4d retracted --date 2024-05-01 --note "notice"
    """
    from factcheck.identifiers import parse_date
    from factcheck.store.sources import get_source, record_status

    when = parse_date(date, what="--date")
    with OPTIONS.session(write=True) as session:
        src = get_source(session=session, ref=source)
        record_status(session=session, source=src, status=new_status, effective_on=when, note=note)
    message(f"source {src.id} is now {new_status} (since {when.isoformat()})")


@app.command("retractions")
def retractions(
    file: Annotated[str, typer.Argument(metavar="FILE", help="Retraction Watch CSV; - for stdin.")],
    json: JsonOpt = False,
) -> None:
    """Match a Retraction Watch list against our sources by DOI or PMID, offline.

    Matching sources get a status event (retracted, corrected, concern) and their
    statements turn stale. A second run records nothing new.
    Example: factcheck source retractions retraction_watch.csv
    """
    from factcheck.store.retractions import apply_notices, read_notices

    notices = read_notices(read_input(file, max_bytes=500_000_000), name=file)
    with OPTIONS.session(write=True) as session:
        matches = apply_notices(session=session, notices=notices)
    recorded = [m for m in matches if m.recorded]
    if json:
        print_json([m.__dict__ for m in matches])
    else:
        for m in matches:
            state = "recorded" if m.recorded else "already on record"
            message(f"{m.source_id}: {m.status} on {m.effective_on.isoformat()} ({state})")
    message(
        f"{plural(len(notices), 'notice')} read, "
        f"{len(matches):,} {'matches' if len(matches) == 1 else 'match'} our sources, "
        f"{plural(len(recorded), 'new status event')}"
    )


@app.command("import")
def import_(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="A BibTeX, RIS or CSL-JSON file; - for stdin.")
    ],
    fmt: Annotated[
        str,
        typer.Option("--format", metavar="auto|bibtex|ris|csl-json", help="The file's format."),
    ] = "auto",
    json: JsonOpt = False,
) -> None:
    """Register every entry of a reference file as a source (Zotero, EndNote, Mendeley…).

    DOIs and PMIDs are normalised; an entry already registered (same DOI, PMID, URL,
    or title when it has no identifier) is matched, not duplicated. Entries with a
    malformed identifier are skipped and listed. Example: factcheck source import refs.bib
    """
    from factcheck.bibliography.files import FORMATS, read
    from factcheck.cli.context import choice
    from factcheck.errors import InputError
    from factcheck.store.references import import_references

    choice(fmt, ("auto", *FORMATS), "--format")
    try:
        text = read_input(file, max_bytes=50_000_000).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{file}: the reference file is not UTF-8") from None
    refs = read(text, name=file, fmt=fmt)
    with OPTIONS.session(write=True) as session:
        rows = import_references(session=session, refs=refs)
    for r in rows:
        if r.state == "skipped":
            message(f"skipped {r.key}: {r.reason}")
    counts = {state: sum(r.state == state for r in rows) for state in ("registered", "matched")}
    message(
        f"{len(rows)} entries: {counts['registered']} registered, {counts['matched']} matched "
        f"to sources already registered, {len(rows) - sum(counts.values())} skipped"
    )
    if json:
        print_json([r.__dict__ for r in rows])
    else:
        for r in rows:
            if r.source:
                typer.echo(f"{r.source}\t{r.state}\t{r.title or ''}")


@app.command("attach")
def attach(
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="Source id, DOI, PMID or URL.")],
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="The source's PDF, HTML page or text; - for stdin."),
    ],
    fmt: Annotated[
        str,
        typer.Option("--format", metavar="auto|pdf|html|text", help="The file's format."),
    ] = "auto",
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="Date attached, YYYY-MM-DD (default today)."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Archive a source's text, so quotes can be checked and evidence found in it.

    PDFs keep their page boundaries (evidence then says "p. 4"); the file's sha256
    and the date attached are recorded. Attaching the same file twice records nothing.
    Example: factcheck source attach src-1a2b3c4d li-2010-science.pdf
    """
    from factcheck.cli.context import choice, review_date
    from factcheck.evidence.texts import extract
    from factcheck.store.sources import get_source
    from factcheck.store.texts import attach_text, text_info

    choice(fmt, ("auto", "pdf", "html", "text"), "--format")
    when = review_date(date)
    extracted = extract(read_input(file, max_bytes=50_000_000), name=file, fmt=fmt)
    with OPTIONS.session(write=True) as session:
        src = get_source(session=session, ref=source)
        _, new = attach_text(
            session=session, source=src, extracted=extracted, file_name=file, on=when
        )
        info = text_info(session=session, source_id=src.id)
    pages = f", {len(extracted.pages)} pages" if extracted.pages else ""
    state = "archived" if new else "already archived"
    message(
        f"{state} {extracted.format} text of {src.id} ({len(extracted.text):,} characters{pages})"
    )
    if json:
        print_json({"source": src.id, **(info or {})})


@app.command("detected")
def detected(
    slug: Annotated[
        str, typer.Argument(metavar="SLUG", help="The article whose citations to list.")
    ],
    register: Annotated[
        bool,
        typer.Option("--register", help="Register every detected source with a DOI, PMID or URL."),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """List the sources detected in an article, and register them in one go.

    Each printed citation is parsed (Vancouver, AMA or APA) into authors, title,
    journal, year, DOI and PMID; those with an identifier, or a title and a year,
    are registered, matched to sources already registered.
    Example: factcheck source detected ketamine --register
    """
    from factcheck.store.sources import register_detected

    with OPTIONS.session(write=register) as session:
        rows = register_detected(session=session, slug=slug, register=register)
    if json:
        print_json(rows)
        return
    print_table(
        f"Detected in {slug}",
        ["source", "doi/pmid/url", "title", "year", "text"],
        [
            (
                r["source"] or ("-" if register else ""),
                r["doi"] or r["pmid"] or r["url"],
                r["title"],
                r["year"],
                r["text"],
            )
            for r in rows
        ],
        empty=f"no sources detected in {slug}",
    )
