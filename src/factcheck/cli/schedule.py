"""``due`` (what needs review) and ``check`` (the CI gate)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from factcheck.cli.context import OPTIONS, as_of_date
from factcheck.cli.output import print_json, print_table

AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Answer as of this day, YYYY-MM-DD (default today).")
]
DUE_FORMATS = ("table", "json", "csv", "ics")
CHECK_FORMATS = ("text", "json", "github")


def _choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    from factcheck.errors import InputError

    if value not in allowed:
        raise InputError(f"unknown {option} {value!r} (one of: {', '.join(allowed)})")
    return value


def due(
    as_of: AsOfOpt = None,
    within: Annotated[
        int, typer.Option("--within", min=0, help="Also list statements falling due within DAYS.")
    ] = 0,
    reviewer: Annotated[
        str | None, typer.Option("--reviewer", help="Only statements this reviewer last reviewed.")
    ] = None,
    topic: Annotated[
        str | None, typer.Option("--topic", help="Only articles of this topic.")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table, json, csv or ics.")] = "table",
) -> None:
    """List statements that are due, overdue, stale, need correction or were never reviewed.

    Example: factcheck due --as-of 2019-08-09 --within 30 --format json
    """
    from factcheck.due import due_items, to_csv, to_ics
    from factcheck.store.state import needing_review

    _choice(format, DUE_FORMATS, "--format")
    day = as_of_date(as_of)
    OPTIONS.fresh_states()
    with OPTIONS.session() as session:
        needing = needing_review(session, as_of=day, within=within, reviewer=reviewer, topic=topic)
    items = due_items(needing)
    if format == "json":
        print_json(items)
    elif format == "csv":
        sys.stdout.write(to_csv(items))
    elif format == "ics":
        sys.stdout.buffer.write(to_ics(items, as_of=day))
    else:
        print_table(
            f"Due as of {day.isoformat()}",
            ["statement", "status", "due", "why", "text"],
            [(i["statement"], i["status"], i["due"], i["why"], _short(i["text"])) for i in items],
            empty=f"nothing due as of {day.isoformat()}",
        )


def _short(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def check(
    as_of: AsOfOpt = None,
    format: Annotated[str, typer.Option("--format", help="text, json or github.")] = "text",
) -> None:
    """CI gate: exit 0 when every signed-off article is fully current, 1 when not.

    Also fails when a page claims a review our records don't back. Exit 2 on bad
    usage or settings. Example: factcheck check --format github
    """
    from factcheck.gate import as_json, exit_code, findings
    from factcheck.store.state import needing_review
    from factcheck.store.summaries import article_claims

    _choice(format, CHECK_FORMATS, "--format")
    day = as_of_date(as_of)
    OPTIONS.fresh_states()
    with OPTIONS.session() as session:
        claims = article_claims(session=session)
        found = findings(claims, needing_review(session, as_of=day, with_text=False))
    code = exit_code(found)
    if format == "json":
        print_json(
            {
                "as_of": day,
                "ok": code == 0,
                "articles": len(claims),
                "findings": [as_json(f) for f in found],
            }
        )
    elif format == "github":
        for f in found:
            where = f" file={f.file},line={f.line or 1}" if f.file else ""
            title = f"title=factcheck {f.article}"
            sys.stdout.write(
                f"::{f.level}{where},{title}::{_escape(f.message)}\n"
                if where
                else f"::{f.level} {title}::{_escape(f.message)}\n"
            )
    else:
        for f in found:
            sys.stdout.write(f"{f.level}: {f.article}: {f.message}\n")
        errors = sum(f.level == "error" for f in found)
        sys.stdout.write(
            f"{len(claims)} articles checked as of {day.isoformat()}: "
            f"{errors} errors, {len(found) - errors} warnings\n"
        )
    raise typer.Exit(code)


def _escape(text: str) -> str:
    """GitHub workflow commands need %, CR and LF escaped in the message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def register(app: typer.Typer) -> None:
    app.command("due")(due)
    app.command("check")(check)
