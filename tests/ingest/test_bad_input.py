"""Bad input: one clear InputError line, never a traceback from a library."""

from __future__ import annotations

import pytest

from factcheck.errors import InputError
from factcheck.ingest import read_article


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (b"", "auto", "empty"),
        (b"  \n\t\n", "auto", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "auto", "binary"),
        (
            b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>",
            "html",
            "no article",
        ),
        (b"<html><body>" + b"<div>" * 50 + b"</span></p>", "html", "no article"),
        (b"<<<>>>", "html", "no article"),
        (b"---\ntitle: [unclosed\n---\nBody text here.\n", "markdown", "front matter"),
    ],
)
def test_bad_input_is_one_clear_line(data, fmt, message):
    with pytest.raises(InputError) as caught:
        read_article(data, name="bad", fmt=fmt)
    text = str(caught.value)
    assert message in text and "\n" not in text and text.startswith("bad:")


def test_size_limit():
    with pytest.raises(InputError, match="over the 100-byte limit"):
        read_article(b"A sentence. " * 20, name="big.txt", max_bytes=100)


def test_unknown_format():
    with pytest.raises(InputError, match="unknown format"):
        read_article(b"Some text.", fmt="pdf")


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_encodings_are_detected(encoding):
    text = "Café owners said “prices rose 12 percent” in 2023 — a naïve estimate, critics said.\n"
    if encoding == "latin-1":
        text = text.replace("“", '"').replace("”", '"').replace("—", "-")
    article = read_article(text.encode(encoding) * 3, name="old.txt")
    assert "Café" in article.text and "naïve" in article.text
    assert article.statements


def test_utf8_bom_and_crlf():
    data = "\ufeffA Title\r\n\r\nA study found 3 of 4 people slept better.\r\n".encode()
    article = read_article(data, name="bom.txt")
    assert article.title == "A Title"
    assert [s.text for s in article.statements] == ["A study found 3 of 4 people slept better."]
    assert article.statements[0].line == 3
