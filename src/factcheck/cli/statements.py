"""``factcheck statement``: a reviewer's word on a statement beats the model's."""

from __future__ import annotations

from typing import Annotated

import typer

from factcheck.cli.context import OPTIONS, review_date, reviewer_handle
from factcheck.cli.output import message
from factcheck.cli.reviewing import DateOpt, NoteOpt, ReviewerOpt

app = typer.Typer(
    help="Overrule the model on a statement: mark it check-worthy or not.", no_args_is_help=True
)


@app.command("mark")
def mark(
    statement: Annotated[str, typer.Argument(metavar="STATEMENT", help="Statement id, SLUG:N.")],
    mark: Annotated[
        str,
        typer.Argument(
            metavar="checkworthy|not-checkworthy",
            help="checkworthy: it must be reviewed; not-checkworthy: it need not be.",
        ),
    ],
    reviewer: ReviewerOpt = None,
    date: DateOpt = None,
    note: NoteOpt = None,
    json: Annotated[bool, typer.Option("--json", help="Print the statement as JSON.")] = False,
) -> None:
    """Mark a statement check-worthy or not; the reviewer's word beats the model's.

    The latest mark decides whether the statement is on the due list and blocks a
    sign-off, and it stays with the statement across revisions (even when its text
    is edited) and bundles. A statement that already has a verdict stays on the due
    list whatever its mark. Registered reviewers only; an article's author may not
    mark its statements (four-eyes rule).

    Example: factcheck statement mark ketamine:7 not-checkworthy --reviewer drlee
    --note "a question to the reader"
    """
    from factcheck.cli.reviewing import _print_statement
    from factcheck.review import mark_statement

    with OPTIONS.session(write=True) as session:
        article, st, _ = mark_statement(
            session=session,
            statement_id=statement,
            mark=mark,
            reviewer=reviewer_handle(reviewer),
            marked_on=review_date(date),
            note=note,
        )
    message(f"{statement}: marked {mark}")
    if json:
        _print_statement(article.slug, st.n)
