"""Bytes to text, and which format the text is in.

Every way a file can fail to be an article ends here as one
:class:`~factcheck.errors.InputError` line, before any parsing starts.
"""

from __future__ import annotations

import re

from factcheck.encoding import refuse_broken_utf8
from factcheck.errors import InputError

FORMATS = ("text", "markdown", "html")

# Control characters other than tab, newline, carriage return and form feed are
# not in any article; a handful of them in the first block means a binary file.
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_HTML_START = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|article)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(
    r"</?(?:p|div|h[1-6]|article|span|a|li|ul|section|main)\b[^>]*>", re.IGNORECASE
)
_MD_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_MD_SIGNS = re.compile(
    r"^(?:#{1,6} \S|[-*+] \S|\d+\. \S|> \S|```)|\[[^\]\n]+\]\([^)\s]+\)|\*\*\S", re.MULTILINE
)
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "iso8859_1"}
_EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".txt": "text",
    ".text": "text",
}


def label(name: str | None) -> str:
    """How error messages name the input."""
    return name or "input"


def decode(data: bytes, *, name: str | None, max_bytes: int) -> str:
    """Decode an article file, or raise one clear InputError."""
    who = label(name)
    if len(data) > max_bytes:
        raise InputError(
            f"{who}: {len(data):,} bytes is over the {max_bytes:,}-byte limit for one article"
        )
    if not data.strip():
        raise InputError(f"{who}: the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_utf16(data, who)
    if len(_CONTROL.findall(data[:8192])) > 0:
        raise InputError(f"{who}: this is a binary file, not an article")
    if (nul := data.find(b"\x00")) >= 0:  # anywhere, not only in the first block
        raise InputError(f"{who}: holds a NUL byte at offset {nul:,}; not an article's text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        refuse_broken_utf8(data, who)
        text = _decode_guessed(data, who)
    if not text.strip():
        raise InputError(f"{who}: the file is empty")
    return text


def _decode_utf16(data: bytes, who: str) -> str:
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        raise InputError(f"{who}: not readable as UTF-16 text") from None
    if "\x00" in text or not text.strip():
        raise InputError(f"{who}: this is a binary file, not an article")
    return text


def _decode_guessed(data: bytes, who: str) -> str:
    """Legacy encodings (Latin-1, Windows-1252, ...): let charset-normalizer pick."""
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise InputError(f"{who}: cannot tell which text encoding this file uses")
    text = str(best)
    # Our articles are English: where Windows-1252/Latin-1 fits as well as a Central
    # European code page, it is the likelier one ("naïve", not "naďve").
    if best.encoding != "cp1252" and any(r.encoding in _WESTERN for r in results):
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    # A decode that needs many replacement or control characters is a wrong guess.
    if text.count("\ufffd") > 2 or _CONTROL.search(text.encode("utf-8", "replace")):
        raise InputError(f"{who}: cannot tell which text encoding this file uses")
    return text


def detect_format(text: str, *, name: str | None, fmt: str = "auto") -> str:
    """Resolve ``auto`` by looking at the content first, the file name second."""
    if fmt != "auto":
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r}: use auto, text, markdown or html")
        return fmt
    head = text[:4096]
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 3:
        return "html"
    if _MD_FRONT.match(head):
        return "markdown"
    by_name = _by_extension(name)
    if by_name == "markdown" or (by_name is None and len(_MD_SIGNS.findall(head)) >= 2):
        return "markdown"
    if by_name == "html" and "<" in head:
        return "html"
    return "text"


def _by_extension(name: str | None) -> str | None:
    if not name:
        return None
    lower = name.lower()
    for ext, fmt in _EXTENSIONS.items():
        if lower.endswith(ext):
            return fmt
    return None
