"""``factcheck ledger``: prove the review record is intact, and name its head."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from factcheck.cli.context import OPTIONS
from factcheck.cli.output import message, print_json
from factcheck.words import plural

app = typer.Typer(help="The tamper-evident record of every write.", no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@app.command("verify")
def verify(
    anchor: Annotated[
        str | None,
        typer.Option(
            "--anchor",
            metavar="HASH",
            help="A head printed earlier (ledger head): fail unless the ledger still holds "
            "it, so a truncated tail is caught.",
        ),
    ] = None,
    json: JSON = False,
) -> None:
    """Recompute the whole ledger and check every row against it; exit 1 if anything
    was edited, removed, added or reordered behind factcheck's back.

    Example: factcheck ledger verify --anchor 3f9c…e1 --json
    """
    from factcheck.errors import InputError
    from factcheck.ledger.verify import verify as run

    if anchor is not None and not re.fullmatch(r"[0-9a-f]{64}", anchor.strip().lower()):
        raise InputError(f"--anchor {anchor!r} is not a ledger hash (64 hex digits)")
    with OPTIONS.session() as session:
        outcome = run(session, anchor=anchor.strip().lower() if anchor else None)
    broken = outcome.broken
    if json:
        print_json(
            {
                "intact": broken is None,
                "events": outcome.events,
                "head": outcome.head,
                "broken": None
                if broken is None
                else {"table": broken.table, "row": broken.row, "reason": broken.reason},
            }
        )
    elif broken is not None:
        typer.echo(f"broken: {broken}")
    else:
        typer.echo(
            f"ledger intact: {plural(outcome.events, 'event')} verified, head {outcome.head}"
        )
    if broken is not None:
        if not json:
            message(f"ledger verify: the record is broken after {plural(outcome.events, 'event')}")
        raise typer.Exit(1)


@app.command("head")
def head(json: JSON = False) -> None:
    """Print how many events the ledger holds and its newest hash; keep the hash
    somewhere else to check later that nothing was cut off (verify --anchor).

    Example: factcheck ledger head --json
    """
    from factcheck.ledger.verify import head as read

    with OPTIONS.session() as session:
        events, tip = read(session)
    if json:
        print_json({"events": events, "head": tip})
    else:
        typer.echo(f"{plural(events, 'event')}, head {tip or '(empty)'}")
