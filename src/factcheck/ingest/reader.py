"""read_article: bytes in, a ParsedArticle out. The one entry point of ingest."""

from __future__ import annotations

from typing import Any

from factcheck.ingest import boilerplate as bp
from factcheck.ingest.coverage import completed
from factcheck.ingest.decoding import decode, detect_format, label
from factcheck.ingest.layout import looks_like_heading, text_blocks
from factcheck.ingest.markdown import read_body, split_front_matter
from factcheck.ingest.metadata import Byline, parse_iso_or_text, read_byline
from factcheck.ingest.model import DetectedSource, ParsedArticle
from factcheck.ingest.sources import dedupe, source_from_text, source_line
from factcheck.ingest.statements import Findings, walk

DEFAULT_MAX_BYTES = 5_000_000


def read_article(
    data: bytes, *, name: str | None = None, fmt: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES
) -> ParsedArticle:
    """Read one article file (plain text, Markdown or an HTML page).

    Raises :class:`~factcheck.errors.InputError` with one clear line for input
    that is not an article: empty, binary, undecodable, too large, or an HTML
    page with no article in it.
    """
    text = decode(data, name=name, max_bytes=max_bytes)
    kind = detect_format(text, name=name, fmt=fmt)
    if kind == "html":
        from factcheck.ingest.htmlpage import read_html

        return read_html(text, who=label(name))
    if kind == "markdown":
        return _read_markdown(text, who=label(name))
    return _read_text(text)


def _standalone(line: str) -> bool:
    """Lines that are never part of a paragraph: bylines, furniture, source lines."""
    if len(line) > 240:
        return False
    return bool(
        (looks_like_heading(line) and len(line) < 80)
        or bp.is_boilerplate(line)
        or read_byline(line) is not None
        or source_line(line) is not None
    )


def _read_text(text: str) -> ParsedArticle:
    found = walk(text, text_blocks(text, _standalone))
    return build(text, "text", found)


def _read_markdown(text: str, *, who: str) -> ParsedArticle:
    meta, body, offset = split_front_matter(text, who=who)
    front = front_matter(meta)
    md = read_body(body, offset)
    found = walk(md.text, md.blocks, title=front.pop("title", None), line_offset=md.line_offset)
    found.sources.extend(source_from_text(link) for link in md.links if _cites(link))
    return build(md.text, "markdown", found, front)


def _cites(url: str) -> bool:
    """Links worth registering as sources: papers, not navigation."""
    lower = url.lower()
    return any(
        mark in lower
        for mark in ("doi.org/", "pubmed", "ncbi.nlm.nih.gov", "/doi/", "clinicaltrials")
    )


_FRONT_KEYS = {
    "title": ("title",),
    "author": ("author", "authors", "byline"),
    "published": ("published", "date", "date_published", "published_on"),
    "updated": ("updated", "modified", "last_updated", "date_modified"),
    "reviewed": ("reviewed", "last_reviewed", "reviewed_on"),
    "reviewed_by": ("reviewer", "reviewed_by", "reviewers"),
    "next_review_due": ("next_review_due", "next_review", "review_due"),
    "topic": ("topic", "category"),
    "url": ("url", "canonical", "permalink"),
}
_DATE_FIELDS = {"published", "updated", "reviewed", "next_review_due"}


def front_matter(meta: dict[str, Any]) -> dict[str, Any]:
    """Our metadata fields from a front matter mapping (unknown keys ignored)."""
    lowered = {str(k).lower().replace("-", "_"): v for k, v in meta.items()}
    fields: dict[str, Any] = {}
    for key, names in _FRONT_KEYS.items():
        value = next((lowered[n] for n in names if lowered.get(n) not in (None, "")), None)
        if value is None:
            continue
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        fields[key] = parse_iso_or_text(value) if key in _DATE_FIELDS else str(value).strip()
    return fields


def build(
    text: str, fmt: str, found: Findings, preset: dict[str, Any] | None = None
) -> ParsedArticle:
    """The ParsedArticle: ``preset`` (front matter, JSON-LD) wins over printed bylines."""
    fields: dict[str, Any] = dict(preset or {})
    printed: Byline = found.byline
    for key in ("author", "published", "updated", "reviewed", "reviewed_by", "next_review_due"):
        if fields.get(key) is None:
            fields[key] = getattr(printed, key)
    if fields.get("title") is None:
        fields["title"] = found.title
    fields.setdefault("topic", found.topic)
    sources: list[DetectedSource] = dedupe(found.sources)
    return ParsedArticle(
        text=text,
        format=fmt,
        statements=found.statements,
        set_aside=completed(text, found.statements, found.set_aside),
        detected_sources=sources,
        **{k: v for k, v in fields.items() if k in _ARTICLE_FIELDS},
    )


_ARTICLE_FIELDS = {
    "title",
    "author",
    "url",
    "topic",
    "published",
    "updated",
    "reviewed",
    "reviewed_by",
    "next_review_due",
    "jsonld_reviewed",
}
