"""``factcheck article``: import articles and see their statements."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from factcheck.cli.context import (
    OPTIONS,
    AsOfOpt,
    JsonOpt,
    ReviewerOpt,
    SlugArg,
    as_of_date,
    choice,
    reviewer_handle,
)
from factcheck.cli.files import read_input
from factcheck.cli.output import message, print_json, print_pairs, print_table
from factcheck.words import plural

if TYPE_CHECKING:
    from factcheck.ingest import ParsedArticle
    from factcheck.models import Correction

app = typer.Typer(
    help="Import articles, update them, and list their statements.", no_args_is_help=True
)

FORMATS = ("auto", "text", "markdown", "html")
FORMAT_METAVAR = "|".join(FORMATS)


def _read(file: str, fmt: str) -> ParsedArticle:
    from factcheck.ingest import read_article
    from factcheck.ingest.checkworthy import apply_mode

    choice(fmt, FORMATS, "--format")
    settings = OPTIONS.workspace.settings
    data = read_input(file, max_bytes=settings.max_article_bytes)
    name = None if file == "-" else Path(file).name
    article = read_article(
        data, name=name or "stdin", fmt=fmt, max_bytes=settings.max_article_bytes
    )
    return apply_mode(article, settings.checkworthy)


def _source_file(file: str) -> str | None:
    if file == "-":
        return None
    path = Path(file).resolve()
    try:
        return str(path.relative_to(OPTIONS.workspace.root))
    except ValueError:
        return str(path)


def _show(slug: str, as_of: str | None, json: bool, everything: bool = False) -> None:
    from factcheck.store.articles import get_article, set_aside_of
    from factcheck.store.records import article_overview
    from factcheck.views import article_json

    with OPTIONS.session() as session:
        article = get_article(session=session, slug=slug)
        state, records = article_overview(
            session=session,
            settings=OPTIONS.workspace.settings,
            article=article,
            as_of=as_of_date(as_of),
        )
        data = article_json(article, state, records)
        if everything:
            assert article.id is not None
            data["set_aside"] = set_aside_of(session=session, article_id=article.id)
    if json:
        print_json(data)
        return
    print_pairs(
        [
            (k, data[k])
            for k in (
                "slug",
                "title",
                "author",
                "url",
                "topic",
                "published",
                "updated",
                "reviewed",
                "reviewed_by",
                "next_review_due",
                "status",
            )
        ]
    )
    print_table(
        None,
        ["id", "status", "due", "cw", "kinds", "text"],
        [
            (
                s["id"],
                s["status"],
                s["due"],
                _checkworthy(s),
                ",".join(s["kinds"]),
                s["text"],
            )
            for s in data["statements"]
        ],
    )
    for d in data["detected_sources"]:
        message(f"detected source: {d['text']}")
    if everything:
        print_table(
            "Set aside (not statements)",
            ["start", "end", "reason", "text"],
            [(a["start"], a["end"], a["reason"], a["text"]) for a in data["set_aside"]],
            empty="nothing set aside (or imported before set-aside spans were recorded)",
        )


def _checkworthy(s: dict[str, Any]) -> str:
    """'yes' or '-' as the model flagged it; 'yes (drlee)' or 'no (drlee)' as marked."""
    if s["checkworthy_by"] == "model":
        return "yes" if s["checkworthy"] else "-"
    return ("yes" if s["checkworthy"] else "no") + f" ({s['checkworthy_by']})"


@app.command("add")
def add(
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="Article file (text, Markdown or HTML); - for stdin."),
    ],
    slug: Annotated[
        str | None,
        typer.Option(metavar="SLUG", help="Id for the article (default: from the title)."),
    ] = None,
    topic: Annotated[
        str | None, typer.Option(metavar="TOPIC", help="Topic, for per-topic review policy.")
    ] = None,
    url: Annotated[
        str | None, typer.Option(metavar="URL", help="The article's public URL.")
    ] = None,
    format: Annotated[
        str, typer.Option("--format", metavar=FORMAT_METAVAR, help="How to read the file.")
    ] = "auto",
    json: JsonOpt = False,
) -> None:
    """Import an article and split it into statements.

    Example: factcheck article add story.txt --slug ketamine --topic depression --json
    """
    from factcheck.store.articles import add_article

    parsed = _read(file, format)
    with OPTIONS.session(write=True) as session:
        article = add_article(
            session=session,
            parsed=parsed,
            slug=slug,
            topic=topic,
            url=url,
            source_file=_source_file(file),
        )
    message(f"imported {article.slug}: {plural(len(parsed.statements), 'statement')}")
    if json:
        _show(article.slug, None, json=True)


@app.command("update")
def update(
    slug: SlugArg,
    file: Annotated[str, typer.Argument(metavar="FILE", help="The new text; - for stdin.")],
    format: Annotated[
        str, typer.Option("--format", metavar=FORMAT_METAVAR, help="How to read the file.")
    ] = "auto",
    json: JsonOpt = False,
) -> None:
    """Import a new revision; unchanged statements keep their ids and verdicts.

    Edited statements keep their ids and reviewers' check-worthiness marks, and their
    verdicts become stale; --json lists them under "changed" ("marked": those with a
    reviewer's mark).

    Example: factcheck article update ketamine story-v2.txt --json
    """
    from factcheck.store.revisions import update_article

    parsed = _read(file, format)
    with OPTIONS.session(write=True) as session:
        diff = update_article(
            session=session, slug=slug, parsed=parsed, source_file=_source_file(file)
        )
    if not diff.recorded:
        message(f"{slug}: identical to revision {diff.revision}; nothing recorded")
    result = {
        "unchanged": diff.unchanged,
        "changed": diff.changed,
        "added": diff.added,
        "removed": diff.removed,
    }
    if json:
        print_json(
            {**result, "marked": diff.marked, "revision": diff.revision, "recorded": diff.recorded}
        )
    elif diff.recorded:
        message(
            f"{slug} revision {diff.revision}: "
            + ", ".join(f"{len(v)} {k}" for k, v in result.items())
        )
        for key in ("changed", "added", "removed"):
            if result[key]:
                message(f"  {key}: {' '.join(result[key])}")
        if diff.marked:
            message(
                f"  changed but still marked by a reviewer: {' '.join(diff.marked)} "
                "(see `factcheck statement mark`)"
            )


@app.command("edit")
def edit(
    slug: SlugArg,
    title: Annotated[str | None, typer.Option(metavar="TEXT", help="The corrected title.")] = None,
    author: Annotated[
        str | None, typer.Option(metavar="NAME", help='The corrected author; "" clears it.')
    ] = None,
    url: Annotated[
        str | None, typer.Option(metavar="URL", help='The public http(s) URL; "" clears it.')
    ] = None,
    topic: Annotated[
        str | None,
        typer.Option(metavar="TOPIC", help='The topic (per-topic review policy); "" clears it.'),
    ] = None,
    reviewer: ReviewerOpt = None,
) -> None:
    """Correct an article's title, author, URL or topic; history keeps the old values.

    Example: factcheck article edit ketamine --url https://example.org/ketamine
    """
    from factcheck.store.articles import edit_article

    with OPTIONS.session(write=True) as session:
        edits = edit_article(
            session=session,
            slug=slug,
            title=title,
            author=author,
            url=url,
            topic=topic,
            reviewer=reviewer_handle(reviewer),
        )
    _edited(slug, edits)


def _edited(record: str, edits: list[Correction]) -> None:
    if not edits:
        message(f"{record}: nothing changed")
    for e in edits:
        message(f"{record}: {e.field} {e.old_value!r} → {e.new_value!r}")


@app.command("retire")
def retire(
    slug: SlugArg,
    note: Annotated[str, typer.Option("--note", metavar="TEXT", help="Why it is retired.")],
    reviewer: ReviewerOpt = None,
) -> None:
    """Retire an article: off the due list, the dashboard and `check`; its record stays.

    Undo with `factcheck withdraw retire:N` (the id `history` prints).
    Example: factcheck article retire ketamine --note "page taken down" --reviewer drlee
    """
    from factcheck.store.corrections import retire_article

    with OPTIONS.session(write=True) as session:
        event = retire_article(
            session=session, slug=slug, note=note, reviewer=reviewer_handle(reviewer)
        )
    message(f"retired {slug} (event retire:{event.id})")


@app.command("list")
def list_(json: JsonOpt = False, as_of: AsOfOpt = None) -> None:
    """List articles with their review state. Example: factcheck article list --json"""
    from factcheck.store.summaries import article_summaries

    with OPTIONS.session() as session:
        rows = article_summaries(
            session=session, settings=OPTIONS.workspace.settings, as_of=as_of_date(as_of)
        )
    if json:
        print_json(rows)
    else:
        print_table(
            "Articles",
            ["slug", "status", "statements", "last reviewed", "next review due", "title"],
            [
                (
                    r["slug"],
                    "retired" if r["retired"] else r["status"],
                    r["statements"],
                    r["reviewed"],
                    r["next_review_due"],
                    r["title"],
                )
                for r in rows
            ],
            empty="no articles yet: factcheck article add FILE",
        )


@app.command("show")
def show(
    slug: SlugArg,
    json: JsonOpt = False,
    as_of: AsOfOpt = None,
    everything: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Also list what was set aside (headings, bylines, furniture, references…)"
            " with its span and why; --json adds set_aside: [{text, start, end, reason}].",
        ),
    ] = False,
) -> None:
    """Show an article's metadata and statements with their status.

    Example: factcheck article show ketamine --as-of 2019-08-09
    Example: factcheck article show ketamine --all --json
    """
    _show(slug, as_of, json, everything)
