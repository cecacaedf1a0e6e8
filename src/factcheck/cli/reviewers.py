"""``factcheck reviewer``: who may review."""

from __future__ import annotations

from typing import Annotated

import typer

from factcheck.cli.context import OPTIONS
from factcheck.cli.output import message, print_json, print_table

app = typer.Typer(help="Register, correct and list reviewers.", no_args_is_help=True)


@app.command("add")
def add(
    handle: Annotated[str, typer.Argument(metavar="HANDLE", help="Short handle, e.g. drlee.")],
    name: Annotated[
        str, typer.Option("--name", metavar="NAME", help="Full name, as printed in reports.")
    ],
    role: Annotated[
        str, typer.Option(metavar="reviewer|editor|admin", help="What they may do.")
    ] = "reviewer",
    credentials: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT", help='Printed after the name, e.g. "PhD, scientific advisory board".'
        ),
    ] = None,
    login: Annotated[
        str | None,
        typer.Option(
            "--login",
            metavar="LOGIN",
            help="Bind to this database login (PostgreSQL) or OS login (SQLite): only it, "
            "or an admin, may then record as this reviewer. The first login bound must be "
            "an admin's.",
        ),
    ] = None,
) -> None:
    """Register a reviewer.

    Example: factcheck reviewer add drlee --name "Dana Lee" --credentials PhD --login dlee
    """
    from factcheck.store.reviewers import add_reviewer

    with OPTIONS.session(write=True) as session:
        reviewer = add_reviewer(
            session=session,
            handle=handle,
            name=name,
            role=role,
            credentials=credentials,
            login=login,
        )
    message(f"registered reviewer {reviewer.handle} ({reviewer.name})")


@app.command("edit")
def edit(
    handle: Annotated[str, typer.Argument(metavar="HANDLE", help="The reviewer to correct.")],
    name: Annotated[
        str | None, typer.Option("--name", metavar="NAME", help="The corrected full name.")
    ] = None,
    credentials: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help='The corrected credentials; "" clears them.'),
    ] = None,
    role: Annotated[
        str | None, typer.Option(metavar="reviewer|editor|admin", help="The corrected role.")
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", metavar="HANDLE", help="Who makes the correction (default: the reviewer)."
        ),
    ] = None,
) -> None:
    """Correct a reviewer's name, credentials or role; history keeps the old values.

    Example: factcheck reviewer edit drlee --credentials "MD, PhD"
    """
    from factcheck.store.reviewers import edit_reviewer

    with OPTIONS.session(write=True) as session:
        edits = edit_reviewer(
            session=session,
            handle=handle,
            name=name,
            credentials=credentials,
            role=role,
            by=by or handle,
        )
    if not edits:
        message(f"{handle}: nothing changed")
    for e in edits:
        message(f"{handle}: {e.field} {e.old_value!r} → {e.new_value!r}")


@app.command("list")
def list_(json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List registered reviewers. Example: factcheck reviewer list --json"""
    from factcheck.store.reviewers import list_reviewers

    with OPTIONS.session() as session:
        rows = [
            {
                "handle": r.handle,
                "name": r.name,
                "role": r.role,
                "credentials": r.credentials,
                "login": r.login,
            }
            for r in list_reviewers(session=session)
        ]
    if json:
        print_json(rows)
    else:
        print_table(
            "Reviewers",
            ["handle", "name", "role", "credentials", "login"],
            [list(r.values()) for r in rows],
            empty="no reviewers registered yet",
        )
