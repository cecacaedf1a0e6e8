"""HTML pages: main text by trafilatura, metadata from JSON-LD, meta tags and bylines.

The stored text is trafilatura's Markdown rendering of the main content, flattened
like any Markdown body, so headings and list items keep their structure. Bylines
are read from the whole page, because extractors drop them with the furniture.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import Any

from factcheck.errors import InputError
from factcheck.ingest import boilerplate as bp
from factcheck.ingest.layout import line_starts
from factcheck.ingest.markdown import read_body
from factcheck.ingest.metadata import Byline, parse_iso_or_text, read_byline
from factcheck.ingest.model import ParsedArticle
from factcheck.ingest.statements import walk

_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "blogposting",
    "medicalwebpage",
    "webpage",
    "scholarlyarticle",
    "medicalscholarlyarticle",
    "reportagenewsarticle",
    "healthtopiccontent",
}
_BYLINE_HINT = re.compile(
    r"\b(?:reviewed|updated|published|written by|by\s+[A-Z]|next review)", re.I
)
_BYLINE_TAGS = ("p", "div", "span", "time", "small", "li", "address", "section", "header", "footer")
_SPACE = re.compile(r"\s+")


def read_html(html: str, *, who: str) -> ParsedArticle:
    """Read a saved HTML article page."""
    tree = _parse(html, who)
    page = _jsonld(tree)
    page.update({k: v for k, v in _meta_tags(tree).items() if page.get(k) in (None, "")})
    printed = _printed_bylines(tree)
    topic = _breadcrumb_topic(tree)
    markdown = _main_text(tree, who)
    body = read_body(markdown)
    raw_line = _raw_line_finder(html, body.text)
    found = walk(body.text, body.blocks, title=page.get("title"), line_of=raw_line)
    found.byline.merge(printed)
    if not any(len(s.text.split()) >= 4 for s in found.statements):
        raise InputError(f"{who}: no article text found in this HTML page")
    from factcheck.ingest.reader import build

    preset = _preset(page, found.byline)
    preset["topic"] = topic or found.topic
    return build(body.text, "html", found, preset)


def _parse(html: str, who: str) -> Any:
    import lxml.html
    from lxml.etree import ParserError

    # lxml refuses str input that declares an encoding; the text is already decoded.
    html = re.sub(r"\A\s*<\?xml[^>]*\?>", "", html)
    try:
        tree = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        raise InputError(f"{who}: malformed HTML, no page could be read from it") from None
    body = tree.find("body")
    if body is None or not _SPACE.sub("", body.text_content() or ""):
        raise InputError(f"{who}: no article text found in this HTML page")
    return tree


def _main_text(tree: Any, who: str) -> str:
    import trafilatura

    text = trafilatura.extract(
        tree,
        output_format="markdown",
        favor_recall=True,
        include_comments=False,
        include_tables=False,
        include_links=False,
        include_images=False,
        deduplicate=False,  # trafilatura dedupes across calls: a re-import would come back empty
    )
    if not text or not text.strip():
        raise InputError(f"{who}: no article text found in this HTML page")
    return str(text)


def _objects(value: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object, through lists and @graph."""
    if isinstance(value, list):
        return [obj for item in value for obj in _objects(item)]
    if isinstance(value, dict):
        return [value, *_objects(value.get("@graph", []))]
    return []


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    return value.strip() or None if isinstance(value, str) else None


def _jsonld(tree: Any) -> dict[str, Any]:
    """Title, author, dates and reviewer from the page's Article-like JSON-LD."""
    found: dict[str, Any] = {}
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        try:
            data = json.loads(script.text_content() or "null")
        except json.JSONDecodeError:
            continue
        for obj in _objects(data):
            types = obj.get("@type", [])
            types = [types] if isinstance(types, str) else types
            if not any(str(t).lower() in _ARTICLE_TYPES for t in types):
                continue
            for key, value in (
                ("title", _name(obj.get("headline") or obj.get("name"))),
                ("author", _name(obj.get("author"))),
                ("published", parse_iso_or_text(obj.get("datePublished"))),
                ("updated", parse_iso_or_text(obj.get("dateModified"))),
                ("reviewed", parse_iso_or_text(obj.get("lastReviewed"))),
                ("reviewed_by", _name(obj.get("reviewedBy"))),
                ("url", obj.get("url") if isinstance(obj.get("url"), str) else None),
            ):
                if value and not found.get(key):
                    found[key] = value
    return found


def _meta_tags(tree: Any) -> dict[str, Any]:
    meta: dict[str, str] = {}
    for tag in tree.iter("meta"):
        key = (tag.get("property") or tag.get("name") or "").lower()
        if key and tag.get("content") and key not in meta:
            meta[key] = tag.get("content").strip()
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    title = tree.findtext(".//title")
    return {
        "title": meta.get("og:title") or meta.get("twitter:title") or _site_stripped(title),
        "author": meta.get("author") or meta.get("article:author"),
        "published": parse_iso_or_text(meta.get("article:published_time") or meta.get("date")),
        "updated": parse_iso_or_text(
            meta.get("article:modified_time") or meta.get("last-modified")
        ),
        "url": (canonical[0] if canonical else None) or meta.get("og:url"),
    }


def _site_stripped(title: str | None) -> str | None:
    if not title or not title.strip():
        return None
    return re.split(r"\s+[|–—-]\s+(?=[^|–—-]+$)", title.strip())[0]


def _printed_bylines(tree: Any) -> Byline:
    """Bylines anywhere on the page: the innermost short element that reads as one."""
    found = Byline()
    seen: set[str] = set()
    for element in tree.iter(*_BYLINE_TAGS):
        text = _SPACE.sub(" ", element.text_content() or "").strip()
        if not text or len(text) > 240 or text in seen or not _BYLINE_HINT.search(text):
            continue
        seen.add(text)
        byline = read_byline(text)
        if byline is not None:
            found.merge(byline)
    return found


def _breadcrumb_topic(tree: Any) -> str | None:
    for element in tree.xpath('//*[contains(@class, "breadcrumb") or contains(@id, "breadcrumb")]'):
        text = _SPACE.sub(" ", element.text_content() or "").strip()
        topic = bp.breadcrumb_topic(text)
        if topic:
            return topic
    return None


def _preset(page: dict[str, Any], printed: Byline) -> dict[str, Any]:
    """What the page prints wins; JSON-LD and meta tags fill the gaps."""
    preset: dict[str, Any] = {"jsonld_reviewed": page.get("reviewed")}
    for key in ("title", "url", "published"):
        preset[key] = page.get(key)
    for key in ("author", "updated", "reviewed", "reviewed_by"):
        preset[key] = getattr(printed, key) or page.get(key)
    if printed.published is not None:
        preset["published"] = printed.published
    preset["next_review_due"] = printed.next_review_due
    return preset


def _raw_line_finder(html: str, text: str):  # type: ignore[no-untyped-def]
    """Offset in the stored text -> best guess of its line in the HTML file."""
    starts = line_starts(html)
    cursor = [0]

    def line_of(offset: int) -> int:
        words = re.findall(r"[A-Za-z0-9]+", text[offset : offset + 60])[:4]
        if words:
            pattern = re.compile(r"\W+".join(map(re.escape, words)))
            match = pattern.search(html, cursor[0]) or pattern.search(html)
            if match:
                cursor[0] = match.start()
        return bisect_right(starts, cursor[0])

    return line_of


def main_text(html: str, *, who: str) -> str:
    """The main text of any HTML page (a source's, not an article's): for archiving."""
    return _main_text(_parse(html, who), who)
