"""``digest``: each reviewer's assigned, due and newly stale work, printed or mailed."""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from factcheck.cli.context import OPTIONS, AsOfOpt, as_of_date
from factcheck.cli.output import message
from factcheck.errors import InputError

if TYPE_CHECKING:
    from factcheck.mail import SmtpServer

PASSWORD_ENV = "FACTCHECK_SMTP_PASSWORD"
DEFAULT_SENDER = "factcheck@localhost"
SINCE_DAYS = 7


def digest(
    reviewer: Annotated[
        str | None,
        typer.Option(
            "--reviewer", metavar="HANDLE", help="Only this reviewer (default: every one)."
        ),
    ] = None,
    as_of: AsOfOpt = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help=f"Newly stale means gone stale after this day (default: {SINCE_DAYS} days "
            "before --as-of).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", metavar="text|html|json", help="What to print (default text)."),
    ] = None,
    send: Annotated[
        bool,
        typer.Option("--send", help="Mail each reviewer's digest (text and HTML) instead."),
    ] = False,
    smtp: Annotated[
        str | None,
        typer.Option(
            "--smtp",
            metavar="URL",
            help="Mail server: smtp://, smtp+starttls:// or smtps://[USER[:PASSWORD]@]HOST[:PORT]"
            f" (password also from {PASSWORD_ENV}).",
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", metavar="ADDR", help="Who receives the mail (needed with --send)."),
    ] = None,
    sender: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="ADDR",
            help=f"The sender (default: [mail] from in the settings, else {DEFAULT_SENDER}).",
        ),
    ] = None,
) -> None:
    """What is assigned, due and newly stale for each reviewer, ready to mail.

    Newly stale: work in a reviewer's queue whose text changed, or whose source was
    retracted, corrected, superseded or flagged, in a change recorded after --since.
    Each piece of work is listed once: newly stale, else assigned, else due again.

    Example: factcheck digest --send --smtp smtps://mail.example.org --to desk@example.org
    """
    from factcheck.reports.digest import DigestFormat, digest_mails, digest_writer
    from factcheck.store.digest import build_digest

    day = as_of_date(as_of)
    window = _since(since, day)
    if send:
        server, recipient, from_ = _mail_options(smtp, to, sender, fmt)
    elif smtp or to or sender:
        raise InputError("--smtp, --to and --from only go with --send")
    writer_format = DigestFormat(_format(fmt))
    settings = OPTIONS.workspace.settings
    OPTIONS.fresh_states()
    with OPTIONS.session() as session:
        result = build_digest(
            session=session, settings=settings, as_of=day, since=window, reviewer=reviewer
        )
    if not send:
        sys.stdout.write(digest_writer(writer_format, settings).format(result))
        return
    from factcheck.mail import send as deliver

    mails = digest_mails(result, settings, sender=from_, to=recipient)
    if mails:
        deliver(server, mails)
    idle = [r.handle for r in result.reviewers if r.empty]
    sent = [r.handle for r in result.reviewers if not r.empty]
    message(
        f"sent {len(mails)} digest{'s' if len(mails) != 1 else ''} to {recipient}"
        + (f" ({', '.join(sent)})" if sent else "")
        + (f"; nothing for {', '.join(idle)}" if idle else "")
    )


def _since(value: str | None, as_of: date) -> date:
    from factcheck.identifiers import parse_date

    if value is None:
        return as_of - timedelta(days=SINCE_DAYS)
    since = parse_date(value, what="--since date")
    if since > as_of:
        raise InputError(f"--since {since.isoformat()} is after --as-of {as_of.isoformat()}")
    return since


def _format(value: str | None) -> str:
    from factcheck.cli.context import choice

    return choice(value or "text", ("text", "html", "json"), "--format")


def _mail_options(
    smtp: str | None, to: str | None, sender: str | None, fmt: str | None
) -> tuple[SmtpServer, str, str]:
    """The server, recipient and sender for --send, each checked before any work."""
    from factcheck.mail import SmtpServer, mailbox

    if fmt is not None:
        raise InputError("--send mails text and HTML together: leave out --format")
    if not smtp or not to:
        raise InputError("--send needs --smtp URL and --to ADDR")
    server = SmtpServer.from_url(smtp, password=os.environ.get(PASSWORD_ENV) or None)
    given = sender or OPTIONS.workspace.settings.mail_from or DEFAULT_SENDER
    what = "--from" if sender else "[mail] from" if given != DEFAULT_SENDER else "sender"
    return server, mailbox(to, what="--to"), mailbox(given, what=what)


def register(app: typer.Typer) -> None:
    app.command("digest")(digest)
