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
    json: Annotated[bool, typer.Option("--json", help="Print the link as JSON.")] = False,
) -> None:
    """Link a statement to a source, with the evidence quote and where it is.

    The quote is checked against the source's archived text (see `source attach`);
    a quote not found there is flagged by `check` and the audit report.
    Example: factcheck link ketamine:5 src-1a2b3c4d --quote "within hours" --locator "p. 959"
    """
    from factcheck.review import add_link

    with OPTIONS.session(write=True) as session:
        article, st, src, made = add_link(
            session=session,
            statement_id=statement,
            source=source,
            quote=quote,
            locator=locator,
            relation=relation,
        )
        full_id = f"{article.slug}:{st.n}"
        data = {
            "statement": full_id,
            "source": src.id,
            "relation": made.relation,
            "quote": made.quote,
            "locator": made.locator,
            "quote_found": made.quote_found,
        }
    message(f"linked {full_id} to {src.id} ({relation})")
    if made.quote_found is False:
        message(f"warning: the quote is not in the archived text of {src.id}")
    if json:
        print_json(data)


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
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            metavar="ROLE",
            help="What this sign-off vouches for, a key of [box.roles] (medical, editorial, "
            "…). Default: by the reviewer's role ([box.signoff_roles]).",
        ),
    ] = None,
) -> None:
    """Sign the article off in one role: "Medically reviewed by … on …".

    Refused while a check-worthy (or already judged) statement lacks a current verdict,
    unless --force --note; a forced sign-off keeps how many statements it covered, and
    the box says so. The box names the latest sign-off of each role.
    Example: factcheck signoff ketamine --reviewer drlee --role medical --date 2018-08-08
    """
    from factcheck.review import sign_off
    from factcheck.store.articles import get_article

    when = review_date(date)
    with OPTIONS.session(write=True) as session:
        article = get_article(session=session, slug=slug)  # a short id names the full slug
        done = sign_off(
            session=session,
            settings=OPTIONS.workspace.settings,
            slug=article.slug,
            reviewer=reviewer_handle(reviewer),
            signed_on=when,
            note=note,
            force=force,
            role=role,
        )
    covered = (
        f" ({done.statements_checked} of {done.statements_total} checked)" if done.forced else ""
    )
    message(f"signed off {article.slug} ({done.role}) on {when.isoformat()}{covered}")


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
        ["recorded", "event", "statement", "who", "login", "what", "note"],
        [
            (
                e["recorded_at"].strftime("%Y-%m-%d %H:%M"),
                e["event"] + (" (withdrawn)" if e["withdrawn_by"] else ""),
                e.get("statement"),
                e.get("reviewer"),
                e.get("actor"),
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
        role = f" as {e['role']}" if e.get("role") else ""
        return f"signed off{role} on {e['date']}" + (" (forced)" if e["forced"] else "")
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
    if kind == "assignment":
        return f"assigned to {e['to']}" + (f", due {e['date']}" if e["date"] else "")
    if kind == "comment":
        return f"comment: {e['text']}"
    if kind == "statement-changed":
        return f"text: {e['old_text']!r} → {e['new_text']!r}"
    return kind.removeprefix("statement-")


def comment(
    statement: Annotated[
        str,
        typer.Argument(metavar="STATEMENT", help="Statement id, SLUG:N (a short prefix works)."),
    ],
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The comment.")],
    reviewer: ReviewerOpt = None,
) -> None:
    """Comment on a statement: kept in its history and the audit report, never on
    public pages or the badge.

    Example: factcheck comment ketamine:5 "The paper measured this in rats" --reviewer drlee
    """
    from factcheck.review import add_comment

    with OPTIONS.session(write=True) as session:
        article, st, _ = add_comment(
            session=session, statement_id=statement, reviewer=reviewer_handle(reviewer), text=text
        )
    message(f"commented on {article.slug}:{st.n}")


def review(
    ref: Annotated[
        str | None,
        typer.Argument(
            metavar="SLUG|STATEMENT",
            help="Only this article, or this statement (SLUG:N), assigned to you or not.",
        ),
    ] = None,
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
    """Work through your queue at the review screen, one statement at a time.

    Each statement is shown in its paragraph with why it is due, its sources and
    quotes, the verdict that stands, comments and the best evidence passages. Keys:
    1-9 a verdict from the scale (then an optional note), l link a source, c comment,
    o open a source's archived text, s skip, u undo this sitting's last verdict, q quit.
    When an article's statements are done and it passes the sign-off gate, y/n signs it
    off. Without a terminal, one key or verdict name is read per line.
    Example: factcheck review --reviewer drlee
    """
    from factcheck.cli.review_screen import Screen, keys_for
    from factcheck.cli.review_sitting import Sitting
    from factcheck.desk import sitting_queue
    from factcheck.store.reviewers import get_reviewer

    when, day = review_date(date), as_of_date(as_of)
    with OPTIONS.session() as session:  # who is reviewing, before anything is shown
        who = get_reviewer(session=session, handle=reviewer_handle(reviewer)).handle
    OPTIONS.fresh_states()
    with OPTIONS.session() as session:
        items = sitting_queue(session=session, reviewer=who, as_of=day, ref=ref)
    if not items:
        message(f"nothing in {who}'s queue" + (f" for {ref}" if ref else ""))
        return
    settings = OPTIONS.workspace.settings
    sitting = Sitting(
        reviewer=who, day=when, as_of=day, keys=keys_for(list(settings.scale)), screen=Screen()
    )
    sitting.run(items)
    message(sitting.summary())


def register(app: typer.Typer) -> None:
    app.command("review")(review)
    app.command("link")(link)
    app.command("verdict")(verdict)
    app.command("signoff")(signoff)
    app.command("history")(history)
    app.command("comment")(comment)
