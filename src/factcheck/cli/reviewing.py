"""The daily review work: ``link``, ``verdict``, ``signoff``, ``history``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from factcheck.cli.context import (
    OPTIONS,
    NoteOpt,
    ReviewerOpt,
    SlugArg,
    SourceArg,
    StatementArg,
    as_of_date,
    review_date,
    reviewer_handle,
)
from factcheck.cli.output import message, print_json, print_table
from factcheck.words import plural

DateOpt = Annotated[
    str | None,
    typer.Option("--date", metavar="DATE", help="Review date, YYYY-MM-DD (default today)."),
]


def link(
    statement: StatementArg,
    source: SourceArg,
    quote: Annotated[
        str | None, typer.Option(metavar="TEXT", help="The evidence, quoted from the source.")
    ] = None,
    locator: Annotated[
        str | None, typer.Option(metavar="TEXT", help='Where in the source: "p. 960", "Fig. 2".')
    ] = None,
    relation: Annotated[
        str,
        typer.Option(metavar="supports|contradicts|context", help="How the source bears on it."),
    ] = "supports",
) -> None:
    """Link a statement to a source, with the evidence quote and where it is.

    Example: factcheck link ketamine:5 src-1a2b3c4d --quote "within hours" --locator "p. 959"
    """
    from factcheck.review import add_link

    with OPTIONS.session(write=True) as session:
        _, src, _ = add_link(
            session=session,
            statement_id=statement,
            source=source,
            quote=quote,
            locator=locator,
            relation=relation,
        )
    message(f"linked {statement} to {src.id} ({relation})")


def verdict(
    statement: StatementArg,
    verdict: Annotated[
        str, typer.Argument(metavar="VERDICT", help="A verdict from the scale, e.g. supported.")
    ],
    reviewer: ReviewerOpt = None,
    date: DateOpt = None,
    note: NoteOpt = None,
    json: Annotated[bool, typer.Option("--json", help="Print the statement as JSON.")] = False,
) -> None:
    """Record a verdict; a new verdict supersedes the last, never overwrites it.

    Example: factcheck verdict ketamine:5 supported --reviewer drlee --date 2018-08-08
    """
    from factcheck.review import record_verdict

    settings = OPTIONS.workspace.settings
    with OPTIONS.session(write=True) as session:
        article, st, _ = record_verdict(
            session=session,
            settings=settings,
            statement_id=statement,
            verdict=verdict,
            reviewer=reviewer_handle(reviewer),
            reviewed_on=review_date(date),
            note=note,
        )
    message(f"{statement}: {verdict}")
    if json:
        _print_statement(article.slug, st.n)


def _print_statement(slug: str, n: int) -> None:
    from factcheck.store.articles import get_article
    from factcheck.store.records import article_overview
    from factcheck.views import statement_json

    with OPTIONS.session() as session:
        article = get_article(session=session, slug=slug)
        _, records = article_overview(
            session=session,
            settings=OPTIONS.workspace.settings,
            article=article,
            as_of=as_of_date(None),
        )
    print_json(next(statement_json(r) for r in records if r.n == n))


def signoff(
    slug: SlugArg,
    reviewer: ReviewerOpt = None,
    date: DateOpt = None,
    note: NoteOpt = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Sign off although statements lack a current verdict (needs --note)."
        ),
    ] = False,
) -> None:
    """Sign the article off: "Scientifically reviewed by … on …".

    Refused while a check-worthy (or already judged) statement lacks a current verdict,
    unless --force --note.
    Example: factcheck signoff ketamine --reviewer drlee --date 2018-08-08
    """
    from factcheck.review import sign_off
    from factcheck.store.articles import get_article
    from factcheck.store.records import statement_records

    settings = OPTIONS.workspace.settings
    when = review_date(date)
    with OPTIONS.session(write=True) as session:
        article = get_article(session=session, slug=slug)
        assert article.id is not None
        records = statement_records(
            session=session, settings=settings, as_of=when, article_ids=[article.id]
        )
        blockers = [r.id for r in records if r.followed and r.standing.status != "current"]
        sign_off(
            session=session,
            slug=slug,
            reviewer=reviewer_handle(reviewer),
            signed_on=when,
            note=note,
            force=force,
            blockers=blockers,
        )
    message(f"signed off {slug} on {when.isoformat()}")


def history(
    ref: Annotated[str, typer.Argument(metavar="SLUG|STATEMENT", help="An article or SLUG:N.")],
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show every recorded event, oldest first. Example: factcheck history ketamine:5"""
    from factcheck.store.history import history as load

    with OPTIONS.session() as session:
        events = load(session=session, ref=ref)
    for e in events:
        e.pop("order")
    if json:
        print_json(events)
        return
    print_table(
        f"History of {ref}",
        ["recorded", "event", "statement", "who", "what", "note"],
        [
            (
                e["recorded_at"].strftime("%Y-%m-%d %H:%M"),
                e["event"] + (" (withdrawn)" if e["withdrawn_by"] else ""),
                e.get("statement"),
                e.get("reviewer"),
                _what(e),
                e.get("note"),
            )
            for e in events
        ],
        empty="no events",
    )


def _what(e: dict[str, Any]) -> str:
    kind = e["kind"]
    if kind == "withdraw":
        return f"withdrew {e['withdraws']}"
    if kind == "retire":
        return f"retired {e['record']}"
    if kind == "edit":
        return f"{e['subject']} {e['record']}: {e['field']} {e['old_value']!r} → {e['new_value']!r}"
    if kind == "verdict":
        return f"{e['verdict']} (reviewed {e['date']})"
    if kind == "signoff":
        return f"signed off on {e['date']}" + (" (forced)" if e["forced"] else "")
    if kind == "mark":
        return ("check-worthy" if e["checkworthy"] else "not check-worthy") + f" ({e['date']})"
    if kind == "link":
        return f"{e['relation']} {e['source']}" + (f" {e['locator']}" if e["locator"] else "")
    if kind == "source-status":
        return f"{e['source']} {e['status']} on {e['date']}"
    if kind == "revision":
        return f"revision {e['revision']}" + (
            f" from {e['source_file']}" if e["source_file"] else ""
        )
    if kind == "statement-changed":
        return f"text: {e['old_text']!r} → {e['new_text']!r}"
    return kind.removeprefix("statement-")


def review(
    slug: Annotated[str | None, typer.Argument(metavar="SLUG", help="Only this article.")] = None,
    reviewer: ReviewerOpt = None,
    date: DateOpt = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Which statements are due, as of this day, YYYY-MM-DD (default today).",
        ),
    ] = None,
) -> None:
    """Work through the review queue: each due statement, its sources, a verdict prompt.

    Answer with a verdict from the scale, s to skip, or q to stop; every answer is
    recorded at once. Example: factcheck review ketamine --reviewer drlee
    """
    from factcheck.store.state import needing_review

    settings = OPTIONS.workspace.settings
    who = reviewer_handle(reviewer)
    when = review_date(date)
    OPTIONS.fresh_states()
    with OPTIONS.session() as session:
        queue = [
            s
            for s in needing_review(session, as_of=as_of_date(as_of))
            if slug is None or s.slug == slug
        ]
    if not queue:
        message("nothing to review")
        return
    choices = ", ".join(settings.scale)
    done = 0
    for item in queue:
        typer.echo(f"\n{item.id} [{item.status}: {item.why}]\n  {item.text}")
        answer = _ask(f"verdict ({choices}; s skip, q quit)")
        while answer not in (None, "q", "s", *settings.scale):
            answer = _ask(f"{answer!r} is not on the scale; verdict ({choices}; s, q)")
        if answer in (None, "q"):
            break
        if answer == "s":
            continue
        note = _ask("note (optional)") or None
        verdict(item.id, answer, reviewer=who, date=when.isoformat(), note=note)
        done += 1
    message(f"{plural(done, 'verdict')} recorded; {len(queue) - done} left in the queue")


def _ask(prompt: str) -> str | None:
    try:
        return typer.prompt(prompt, default="", show_default=False).strip()
    except typer.Abort:  # end of input
        return None


def register(app: typer.Typer) -> None:
    app.command("review")(review)
    app.command("link")(link)
    app.command("verdict")(verdict)
    app.command("signoff")(signoff)
    app.command("history")(history)
