"""``due`` (what needs review) and ``check`` (the CI gate)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from factcheck.cli.context import OPTIONS, as_of_date, choice, gc_paused
from factcheck.cli.output import (
    echo,
    message,
    print_json,
    print_json_list,
    print_table,
    stdout_bytes,
)
from factcheck.errors import InputError
from factcheck.words import plural

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from factcheck.gate import Finding
    from factcheck.halves import Write
    from factcheck.store.state import DueOrder

AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="DATE", help="Answer as of this day, YYYY-MM-DD (default today)."
    ),
]
DUE_FORMATS = ("table", "json", "csv", "ics")
CHECK_FORMATS = ("text", "json", "github")
# A person reads the head of the list; thousands of rows belong in csv or json.
TABLE_LIMIT = 50


def due(
    as_of: AsOfOpt = None,
    within: Annotated[
        int,
        typer.Option(
            "--within", min=0, metavar="DAYS", help="Also list statements falling due within DAYS."
        ),
    ] = 0,
    reviewer: Annotated[
        str | None,
        typer.Option(
            "--reviewer", metavar="HANDLE", help="Only statements this reviewer last reviewed."
        ),
    ] = None,
    topic: Annotated[
        str | None, typer.Option("--topic", metavar="TOPIC", help="Only articles of this topic.")
    ] = None,
    format: Annotated[
        str, typer.Option("--format", metavar="table|json|csv|ics", help="How to print.")
    ] = "table",
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=0,
            metavar="N",
            help=f"List at most N, most urgent first; 0 lists all. "
            f"Default: {TABLE_LIMIT} in a table, all in json, csv and ics.",
        ),
    ] = None,
    per_statement: Annotated[
        bool,
        typer.Option(
            "--per-statement",
            help="With --format ics: one event per statement on its due date, instead of "
            "one per article and day (past-due work is listed on the --as-of day).",
        ),
    ] = False,
) -> None:
    """List statements that are due, overdue, stale, need correction or were never reviewed.

    Most urgent first: needs-correction, stale, overdue, due, then never reviewed.
    --format ics writes a calendar: one event per article and day, listing its statements.
    Example: factcheck due --as-of 2019-08-09 --within 30 --format json
    """
    from factcheck.due import write_csv, write_ics
    from factcheck.store.state import due_tally, most_urgent

    choice(format, DUE_FORMATS, "--format")
    if per_statement and format != "ics":
        raise InputError("--per-statement shapes the calendar: use it with --format ics")
    day = as_of_date(as_of)
    if limit is None:
        limit = TABLE_LIMIT if format == "table" else 0
    # A calendar's events come in order, as its writer takes them.
    order: DueOrder = "urgency"
    if format == "ics":
        order = "statement" if per_statement else "article"
    OPTIONS.fresh_states()
    with gc_paused():
        with OPTIONS.reading() as conn:
            # Counted and sorted by the database: a table reads its few rows, not the list.
            tally = (
                due_tally(conn, as_of=day, within=within, reviewer=reviewer, topic=topic)
                if limit or format == "table"
                else {}
            )
            listed = most_urgent(
                conn,
                as_of=day,
                within=within,
                reviewer=reviewer,
                topic=topic,
                limit=limit or None,
                order=order,
            )
        if format == "json":
            print_json_list(listed.items())
        elif format == "csv":
            write_csv(listed.records(), sys.stdout)
        elif format == "ics":
            write_ics(listed.records(), sys.stdout.buffer, as_of=day, per_statement=per_statement)
        else:
            print_table(
                f"Due as of {day.isoformat()}: {_tally(tally)}",
                ["statement", "status", "due", "why", "text"],
                [
                    (i["statement"], i["status"], i["due"], i["why"], _short(i["text"]))
                    for i in listed.items()
                ],
                empty=f"nothing due as of {day.isoformat()}",
            )
    total = sum(tally.values())
    if limit and limit < total:
        message(
            f"listed the {limit:,} most urgent of {total:,}; "
            "--limit 0 lists all, --format csv writes them for a spreadsheet"
        )


def _tally(counts: dict[str, int]) -> str:
    """'31,880 statements (4,898 needs-correction, 1,449 stale, …)', most urgent first."""
    parts = ", ".join(f"{n:,} {status}" for status, n in counts.items())
    return f"{plural(sum(counts.values()), 'statement')} ({parts})"


def _short(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def check(
    as_of: AsOfOpt = None,
    format: Annotated[
        str, typer.Option("--format", metavar="text|json|github", help="How to print.")
    ] = "text",
) -> None:
    """CI gate: exit 0 when every signed-off article is fully current, 1 when not.

    Also fails when a page claims a review our records don't back, or when a
    signed-off article's evidence is suspect (a quote not in the source's archived
    text, numbers the quote does not state; a warning before sign-off). Exit 2 on bad
    usage or settings. Example: factcheck check --format github
    """
    from factcheck import halves
    from factcheck.db import concurrently
    from factcheck.gate import as_github, as_json, as_text, evidence_findings, findings
    from factcheck.store.gate import article_claims, flagged_links
    from factcheck.store.state import needing_by_article

    choice(format, CHECK_FORMATS, "--format")
    day = as_of_date(as_of)
    OPTIONS.fresh_states()
    with gc_paused():
        with OPTIONS.reading() as conn:
            # Three independent reads of one snapshot: at once, on PostgreSQL.
            claims, needing, flagged = concurrently(
                conn,
                lambda db: article_claims(conn=db),
                lambda db: needing_by_article(db, as_of=day),
                lambda db: flagged_links(conn=db),
            )
        if format == "json":
            listed = [*findings(claims, needing), *evidence_findings(claims, flagged)]
            errors = sum(f.level == "error" for f in listed)
            print_json(
                {
                    "as_of": day.isoformat(),
                    "ok": not errors,
                    "articles": len(claims),
                    "findings": listed,
                },
                default=as_json,
            )
        else:
            shown = as_github if format == "github" else as_text
            with stdout_bytes() as write:
                # Past halves.WORTH_IT statements, the second half of the articles'
                # lines by a second process at once, the same lines in order.
                counts = halves.write_parts(
                    claims,
                    lambda part, sink: _write_lines(findings(part, needing), shown, sink),
                    write,
                    size=sum(map(len, needing.values())),
                )
                counts.append(_write_lines(evidence_findings(claims, flagged), shown, write))
            errors = sum(n for n, _ in counts)
            warnings = sum(n for _, n in counts)
            if format == "text":
                echo(
                    f"{plural(len(claims), 'article')} checked as of {day.isoformat()}: "
                    f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
                )
    raise typer.Exit(1 if errors else 0)


def _write_lines(
    found: Iterable[Finding], shown: Callable[[Finding], str], write: Write
) -> tuple[int, int]:
    """Each finding ``shown`` as a line, a thousand lines a write (on an archive,
    hundreds of thousands of lines, each a write of its own to the OS where Python's
    output is unbuffered, as under PYTHONUNBUFFERED in many CI images); how many were
    errors and how many warnings."""
    errors = warnings = 0
    lines: list[str] = []
    for f in found:
        lines.append(shown(f))
        if f.level == "error":
            errors += 1
        else:
            warnings += 1
        if len(lines) == 1000:
            write("".join(lines).encode())
            lines.clear()
    write("".join(lines).encode())
    return errors, warnings


def register(app: typer.Typer) -> None:
    app.command("due")(due)
    app.command("check")(check)
