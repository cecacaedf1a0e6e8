"""Sending mail with the standard library: an SMTP URL, a message, one connection.

``smtp://host[:port]`` (plain, port 25), ``smtp+starttls://host[:port]`` (port 587,
upgraded with STARTTLS) and ``smtps://host[:port]`` (TLS from the start, port 465),
each with an optional ``user[:password]@``. Every failure — a bad URL, a server that
cannot be reached, a refused login, sender or recipient — is a :class:`MailError`
with one line saying what went wrong.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from urllib.parse import unquote, urlsplit

from factcheck.errors import UserError
from factcheck.escaping import shown

DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
TIMEOUT = 30.0  # seconds to wait for the server at each step


class MailError(UserError):
    """A message could not be composed or sent; the message says why."""


@dataclass(frozen=True)
class SmtpServer:
    scheme: str  # a key of DEFAULT_PORTS
    host: str
    port: int
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_url(cls, url: str, *, password: str | None = None) -> SmtpServer:
        """Parse an SMTP URL; ``password`` is used when the URL names a user but no
        password (so it need not be typed on a command line)."""
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError as exc:
            raise MailError(f"bad SMTP URL {_masked(url)}: {exc}") from None
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            raise MailError(
                f"bad SMTP URL {_masked(url)}: it must start smtp://, smtp+starttls:// or smtps://"
            )
        if not parts.hostname:
            raise MailError(f"bad SMTP URL {_masked(url)}: no server name")
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise MailError(f"bad SMTP URL {_masked(url)}: nothing may follow host:port")
        user = unquote(parts.username) if parts.username else None
        secret = unquote(parts.password) if parts.password is not None else password
        if user and scheme == "smtp":
            raise MailError(
                "smtp:// would send the password in clear: use smtp+starttls:// or smtps://"
            )
        if user and not secret:
            raise MailError(f"no password for {user}: put it in FACTCHECK_SMTP_PASSWORD")
        return cls(scheme, parts.hostname, port or DEFAULT_PORTS[scheme], user, secret)

    @property
    def address(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


def _masked(url: str) -> str:
    """The URL for an error message, its password (if any) hidden."""
    head, at, tail = url.rpartition("@")
    if at and ":" in head.partition("://")[2]:
        scheme, _, userinfo = head.partition("://")
        url = f"{scheme}://{userinfo.partition(':')[0]}:***@{tail}"
    return shown(url)


def mailbox(value: str, *, what: str) -> str:
    """One address (``a@example.org`` or ``Dana Lee <a@example.org>``), checked."""
    name, spec = parseaddr(value)
    if not spec or any(c in value for c in "\r\n,;"):
        raise MailError(f"{what} {shown(value)} is not one mail address")
    try:
        address = Address(display_name=name, addr_spec=spec)
    except (ValueError, IndexError, MessageError):
        raise MailError(f"{what} {shown(value)} is not a mail address") from None
    if not address.domain:
        raise MailError(f"{what} {shown(value)} has no domain (like name@example.org)")
    return str(address)


def compose(*, subject: str, sender: str, to: str, text: str, html: str) -> EmailMessage:
    """A multipart/alternative message: plain text first, HTML as the richer part."""
    message = EmailMessage()
    message["Subject"] = " ".join(subject.split())  # a header is one line
    message["From"] = sender
    message["To"] = to
    message["Date"] = formatdate(localtime=True)
    # The sender's domain, not make_msgid's default: that asks DNS for this host's name.
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2])
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def send(server: SmtpServer, messages: Sequence[EmailMessage]) -> None:
    """Send every message over one connection, or raise :class:`MailError`."""
    sent = 0
    try:
        with _connect(server) as smtp:
            if server.user:
                smtp.login(server.user, server.password or "")
            for message in messages:
                smtp.send_message(message)
                sent += 1
    except Exception as exc:
        problem = _problem(server, exc)
        if problem is None:
            raise
        done = f" ({sent} of {len(messages)} sent before that)" if sent else ""
        raise MailError(problem + done) from None


def _connect(server: SmtpServer) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if server.scheme == "smtps":
        return smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT, context=context)
    smtp = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
    if server.scheme == "smtp+starttls":
        try:
            smtp.starttls(context=context)
        except BaseException:
            smtp.close()
            raise
    return smtp


def _problem(server: SmtpServer, exc: Exception) -> str | None:
    """One line for what went wrong talking to ``server``; None for anything else."""
    where = server.address
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = "; ".join(
            f"{to} ({code} {_said(reply)})" for to, (code, reply) in exc.recipients.items()
        )
        return f"{where} refused the recipient {refused}"
    if isinstance(exc, smtplib.SMTPResponseException):
        answer = f"{exc.smtp_code} {_said(exc.smtp_error)}"
        if isinstance(exc, smtplib.SMTPSenderRefused):
            return f"{where} refused the sender {exc.sender} ({answer})"
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return f"{where} refused the login of {server.user} ({answer})"
        return f"{where} answered {answer}"
    if isinstance(exc, smtplib.SMTPException):
        return f"mail to {where} failed: {exc}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS with {where} failed: {exc.args[-1] if exc.args else exc}"
    if isinstance(exc, OSError):
        return f"cannot reach the SMTP server {where}: {exc.strerror or exc}"
    return None


def _said(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return " ".join(text.split())
