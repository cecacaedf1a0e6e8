"""``digest --send`` against real SMTP servers (aiosmtpd) started by the tests."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from digest_helpers import NOTE, TODAY, Work, give_work

DESK = "desk@example.org"
REFUSED = "gone@refused.example"
USER, PASSWORD = "mailer", "s3cret-word"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """Mail is the same whatever the database: SQLite only."""
    return f"sqlite:///{tmp_path / 'mail.db'}"


@pytest.fixture
def work(desk, tmp_path) -> Work:  # type: ignore[no-untyped-def]
    return give_work(desk, tmp_path)


class Mailbox:
    """An aiosmtpd handler keeping what it receives; refuses mail to REFUSED."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if address == REFUSED:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(mailbox: Mailbox, **options: Any) -> Iterator[int]:
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port(), **options)
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def smtp(mailbox: Mailbox) -> Iterator[str]:
    """A plain SMTP server on 127.0.0.1; its URL."""
    for port in _serve(mailbox):
        yield f"smtp://127.0.0.1:{port}"


def _send(desk: Any, url: str, *extra: str, ok: bool = True) -> Any:
    return desk("digest", "--send", "--smtp", url, "--to", DESK, *extra, ok=ok)


def _subject(message: EmailMessage) -> str:
    # A long subject is folded onto the next line whole; the space that leaves in front
    # is folding white space (RFC 5322), which Python's parser keeps.
    return str(message["Subject"]).strip()


def _parts(message: EmailMessage) -> dict[str, str]:
    return {part.get_content_type(): part.get_content() for part in message.iter_parts()}


def test_one_mail_per_reviewer_with_work_text_and_html(desk, work, smtp, mailbox):
    sent = _send(desk, smtp, "--from", "Fact desk <facts@example.org>")
    assert sent.stdout == ""
    assert sent.stderr.strip() == f"sent 2 digests to {DESK} (drlee, sam); nothing for ked"
    assert len(mailbox.received) == 2
    (sender, recipients, lee), (_, _, sam) = mailbox.received
    assert (sender, recipients) == ("facts@example.org", [DESK])
    day = f"{TODAY.day} {TODAY:%b %Y}"
    assert _subject(lee) == f"Review digest for Dana Lee, {day}: 2 newly stale, 1 assigned, 1 due"
    assert _subject(sam) == f"Review digest for Sam Rivers, {day}: 1 assigned"
    assert lee["From"] == "Fact desk <facts@example.org>" and lee["To"] == DESK
    assert lee["Auto-Submitted"] == "auto-generated"
    assert lee["Message-ID"].endswith("@example.org>") and lee["Date"]
    assert lee.get_content_type() == "multipart/alternative"
    parts = _parts(lee)
    assert list(parts) == ["text/plain", "text/html"]
    text, html = parts["text/plain"], parts["text/html"]
    assert text.startswith("Review digest for Dana Lee (drlee)")
    for statement in (work.retracted, work.reworded, work.assigned, work.overdue):
        assert statement in text and statement in html
    assert work.sams not in text
    assert NOTE in text and "check the &lt;b&gt;dose&lt;/b&gt; &amp; units" in html
    assert "<b>dose" not in html
    assert work.sams in _parts(sam)["text/plain"]


def test_one_reviewer_and_the_sender_from_the_settings(desk, work, smtp, mailbox, tmp_path):
    (tmp_path / "factcheck.toml").write_text('[mail]\nfrom = "news@example.org"\n')
    _send(desk, smtp, "--reviewer", "sam")
    [(sender, _, message)] = mailbox.received
    assert sender == "news@example.org" and message["From"] == "news@example.org"
    assert "Sam Rivers" in _subject(message)


def test_nothing_to_send_sends_nothing(desk, smtp, mailbox):
    sent = _send(desk, smtp)
    assert mailbox.received == []
    assert sent.stderr.strip() == f"sent 0 digests to {DESK}; nothing for drlee"


def test_the_default_sender(desk, work, smtp, mailbox):
    _send(desk, smtp, "--reviewer", "sam")
    [(sender, _, _)] = mailbox.received
    assert sender == "factcheck@localhost"


def _refused(result: Any, *words: str) -> str:
    assert result.exit_code == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("factcheck: error: ") and "Traceback" not in result.stderr
    for word in words:
        assert word in line
    return str(line)


def test_a_refused_recipient_is_one_line(desk, work, smtp, mailbox):
    result = desk("digest", "--send", "--smtp", smtp, "--to", REFUSED, ok=False)
    _refused(result, "refused the recipient", REFUSED, "550", "no such mailbox")
    assert mailbox.received == []


def test_an_unreachable_server_is_one_line(desk, work):
    url = f"smtp://127.0.0.1:{_free_port()}"  # nothing listens there
    _refused(_send(desk, url, ok=False), "cannot reach the SMTP server", "127.0.0.1")


# --- TLS and login ---------------------------------------------------------------------


@pytest.fixture
def certificate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 that the client trusts (SSL_CERT_FILE)."""
    if not shutil.which("openssl"):
        pytest.skip("needs the openssl command to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    return cert, key


def _server_tls(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def _login(server, session, envelope, mechanism, data):  # type: ignore[no-untyped-def]
    good = isinstance(data, LoginPassword) and data == (USER.encode(), PASSWORD.encode())
    return AuthResult(success=good, handled=False)  # not handled: the server answers 535


def test_starttls_with_a_login_from_the_environment(desk, work, mailbox, certificate, monkeypatch):
    for port in _serve(
        mailbox,
        tls_context=_server_tls(certificate),
        require_starttls=True,
        authenticator=_login,
        auth_require_tls=True,
    ):
        url = f"smtp+starttls://{USER}@127.0.0.1:{port}"
        monkeypatch.setenv("FACTCHECK_SMTP_PASSWORD", "wrong")
        line = _refused(_send(desk, url, ok=False), "refused the login of mailer", "535")
        assert "wrong" not in line and mailbox.received == []
        monkeypatch.setenv("FACTCHECK_SMTP_PASSWORD", PASSWORD)
        _send(desk, url)
    assert len(mailbox.received) == 2


def test_smtps_checks_the_certificate(desk, work, mailbox, certificate, monkeypatch):
    for port in _serve(mailbox, server_hostname="127.0.0.1", ssl_context=_server_tls(certificate)):
        _send(desk, f"smtps://127.0.0.1:{port}")
        assert len(mailbox.received) == 2
        monkeypatch.delenv("SSL_CERT_FILE")  # a certificate no one vouches for
        _refused(_send(desk, f"smtps://127.0.0.1:{port}", ok=False), "TLS with", "failed")
