"""The reviewer's desk: ``assign``, ``queue`` and ``evidence`` from archived source texts."""

from __future__ import annotations

from typing import Annotated

import typer

from factcheck.cli.context import OPTIONS, as_of_date, reviewer_handle
from factcheck.cli.output import message, print_json, print_table


def evidence(
    statement: Annotated[
        str,
        typer.Argument(metavar="STATEMENT", help="Statement id, SLUG:N (a short prefix works)."),
    ],
    source: Annotated[
        str | None,
        typer.Option("--source", metavar="SOURCE", help="Search only this source's text."),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", metavar="N", min=1, help="How many passages.")
    ] = 5,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Rank passages of the archived source texts that best answer a statement.

    Searches the statement's linked sources (or every archived text when none is
    linked). numbers_match compares every number, percentage and range of the
    statement with the passage's: true, false, or null when the passage has none.
    Example: factcheck evidence ketamine:5 --limit 3
    """
    from factcheck.store.texts import evidence as find

    with OPTIONS.session() as session:
        hits = find(session=session, statement_id=statement, source=source, limit=limit)
    if json:
        print_json(hits)
        return
    if not hits:
        message("no passage matches (attach source texts with `factcheck source attach`)")
        return
    for i, h in enumerate(hits, start=1):
        flag = {True: "numbers match", False: "NUMBERS DIFFER", None: "no numbers to compare"}
        typer.echo(
            f"{i}. {h['source']} {h['locator']}  score {h['score']:.2f}  "
            f"[{flag[h['numbers_match']]}]"
        )
        typer.echo(f"   {h['text']}\n")


def assign(
    target: Annotated[
        str, typer.Argument(metavar="SLUG|STATEMENT", help="An article, or one statement SLUG:N.")
    ],
    to: Annotated[str, typer.Option("--to", metavar="HANDLE", help="The reviewer to give it to.")],
    due: Annotated[
        str | None, typer.Option("--due", metavar="DATE", help="Wanted by, YYYY-MM-DD.")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="What to look at.")
    ] = None,
    reviewer: Annotated[
        str | None,
        typer.Option(
            "--reviewer",
            metavar="HANDLE",
            help="Who assigns, an editor (else FACTCHECK_REVIEWER, else the default).",
        ),
    ] = None,
) -> None:
    """Give an article or a statement to a reviewer: it joins their `queue`.

    Assigning it again, to anyone, replaces the assignment; a verdict (or, for an
    article, a sign-off) recorded since closes it. Editors and admins only.
    Example: factcheck assign ketamine --to drlee --due 2026-12-15 --reviewer ked
    """
    from factcheck.identifiers import parse_date
    from factcheck.store.assignments import assign as record

    when = parse_date(due, what="--due date") if due else None
    with OPTIONS.session(write=True) as session:
        record(
            session=session,
            target=target,
            to=to,
            by=reviewer_handle(reviewer),
            due_on=when,
            note=note,
        )
    message(f"assigned {target} to {to}" + (f", due {when.isoformat()}" if when else ""))


def queue(
    reviewer: Annotated[
        str | None,
        typer.Option(
            "--reviewer",
            metavar="HANDLE",
            help="Whose queue (else FACTCHECK_REVIEWER, else the workspace default).",
        ),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="DATE", help="As of this day (default today).")
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """A reviewer's work: what is assigned to them and what they reviewed that is due
    again, most urgent first, each with the reason it is there.

    Example: factcheck queue --reviewer drlee
    """
    from factcheck.store.assignments import queue as load

    who = reviewer_handle(reviewer)
    OPTIONS.fresh_states()
    with OPTIONS.session() as session:
        items = load(session=session, reviewer=who, as_of=as_of_date(as_of))
    if json:
        print_json([i.__dict__ for i in items])
        return
    print_table(
        f"Queue of {who}",
        ["statement", "status", "due", "reason", "text"],
        [(i.statement or i.article, i.status, i.due, i.reason, i.text[:80]) for i in items],
        empty=f"nothing in {who}'s queue",
    )


def register(app: typer.Typer) -> None:
    app.command("evidence")(evidence)
    app.command("assign")(assign)
    app.command("queue")(queue)
