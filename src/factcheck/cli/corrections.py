"""``factcheck withdraw``: take back an event entered in error, keeping it in history."""

from __future__ import annotations

from typing import Annotated

import typer

from factcheck.cli.context import OPTIONS, ReviewerOpt, reviewer_handle
from factcheck.cli.output import message


def withdraw(
    event: Annotated[
        str,
        typer.Argument(
            metavar="EVENT",
            help="The event's id as `factcheck history` prints it: verdict:N, link:N, "
            "signoff:N, source-status:N, mark:N or retire:N.",
        ),
    ],
    note: Annotated[str, typer.Option("--note", metavar="TEXT", help="Why the event was wrong.")],
    reviewer: ReviewerOpt = None,
) -> None:
    """Withdraw an event entered in error: it stays in history and counts for nothing.

    Statuses, the due list, the gate, reports and the box are then as if it had never
    been recorded. Example: factcheck withdraw source-status:3 --note "wrong DOI" --reviewer drlee
    """
    from factcheck.store.corrections import withdraw as record

    with OPTIONS.session(write=True) as session:
        correction = record(
            session=session, event=event, note=note, reviewer=reviewer_handle(reviewer)
        )
    message(f"withdrew {event} (correction:{correction.id})")


def register(app: typer.Typer) -> None:
    app.command("withdraw")(withdraw)
