"""``factcheck ledger``: prove the review history is intact."""

from __future__ import annotations

import typer

from factcheck.cli.context import OPTIONS
from factcheck.cli.output import message
from factcheck.words import plural

app = typer.Typer(help="The tamper-evident review history.", no_args_is_help=True)


@app.command("verify")
def verify() -> None:
    """Recompute every event's hash chain; exit 1 if any row was edited, removed or added
    behind factcheck's back. Example: factcheck ledger verify
    """
    from factcheck.ledger import verify as run

    with OPTIONS.session() as session:
        checked, breaks = run(session)
    for b in breaks:
        typer.echo(f"broken: {b}")
    if breaks:
        message(f"ledger verify: {plural(len(breaks), 'break')} in {plural(checked, 'event')}")
        raise typer.Exit(1)
    typer.echo(f"ledger intact: {plural(checked, 'event')} verified")
