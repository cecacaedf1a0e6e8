"""Archiving a source's text: PDF (pypdf), HTML (the ingest extractor), plain text."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

from factcheck.errors import InputError

MAX_SOURCE_BYTES = 50_000_000
FORMATS = ("pdf", "html", "text")


@dataclass(frozen=True)
class Extracted:
    text: str
    format: str  # pdf | html | text
    sha256: str  # of the bytes given, so the archived copy can be matched to its file
    pages: list[int] = field(default_factory=list)  # offset in ``text`` where page i+1 starts


def extract(data: bytes, *, name: str, fmt: str = "auto") -> Extracted:
    """The text of a source file; ``fmt`` auto-detects from the bytes and the name."""
    if len(data) > MAX_SOURCE_BYTES:
        raise InputError(f"{name}: over the {MAX_SOURCE_BYTES:,}-byte limit for a source")
    digest = hashlib.sha256(data).hexdigest()
    kind = fmt if fmt != "auto" else _detect(data, name)
    if kind not in FORMATS:
        raise InputError(f"unknown --format {fmt!r} (one of: auto, {', '.join(FORMATS)})")
    if kind == "pdf":
        text, pages = _pdf(data, name)
        return Extracted(text, "pdf", digest, pages)
    from factcheck.ingest.decoding import decode

    decoded = decode(data, name=name, max_bytes=MAX_SOURCE_BYTES)
    if kind == "html":
        from factcheck.ingest.htmlpage import main_text

        return Extracted(main_text(decoded, who=name), "html", digest)
    return Extracted(decoded.replace("\r\n", "\n"), "text", digest)


def _detect(data: bytes, name: str) -> str:
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    head = data[:2048].lstrip().lower()
    if name.lower().endswith((".html", ".htm", ".xhtml")) or head.startswith(
        (b"<!doctype html", b"<html")
    ):
        return "html"
    return "text"


def _pdf(data: bytes, name: str) -> tuple[str, list[int]]:
    # pypdf: pure Python, maintained, no system libraries; its text extraction keeps
    # reading order well enough for passages, and page by page gives us locators.
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(f"{name}: the PDF is encrypted; save an unencrypted copy")
        texts = [(page.extract_text() or "").strip() for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{name}: not a readable PDF ({exc})") from None
    starts, parts, at = [], [], 0
    for text in texts:
        starts.append(at)
        parts.append(text)
        at += len(text) + 2  # the "\n\n" that joins pages
    joined = "\n\n".join(parts)
    if not joined.strip():
        raise InputError(f"{name}: no text in this PDF (a scan? run it through OCR first)")
    return joined, starts
