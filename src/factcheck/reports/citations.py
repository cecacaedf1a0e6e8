"""Sources as references: the CSL-styled text, plus plain-text parts and safe links.

``Citation.text`` is the reference in the workspace's style (``review.citation_style``:
Vancouver by default, AMA or APA) from citeproc-py (bibliography/style.py), rendered
as *plain text* so each writer escapes it for its format: citeproc-py's own HTML
output does not escape what it puts in. The DOI or URL is left out of the text and
added by the templates as a link built here (percent-encoded, http(s) only). At
~5 ms a reference, each distinct source is formatted once per process (the cache).
The parts (authors, year…) stay for the JSON report and the short "Li et al."
name that a statement's evidence uses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import quote

from factcheck.bibliography.style import DEFAULT_STYLE, csl_item, format_reference
from factcheck.identifiers import is_safe_url
from factcheck.reports.model import Citation
from factcheck.reports.queries import SourceRow

_MAX_AUTHORS = 20  # APA 7 lists up to 20 authors


_KNOWN: dict[tuple[SourceRow, str], Citation] = {}


def known(citations: Mapping[tuple[SourceRow, str], Citation]) -> None:
    """Citations another process formatted: the worker processes of ``report --all``
    each format a share of the sources and hand the rest theirs."""
    _KNOWN.update(citations)


def citation(source: SourceRow, style: str = DEFAULT_STYLE) -> Citation:
    return _KNOWN.get((source, style)) or _formatted(source, style)


@lru_cache(maxsize=4096)  # the same paper is cited by many articles
def _formatted(source: SourceRow, style: str) -> Citation:
    authors = [a.strip() for a in (source.authors or "").split(";") if a.strip()]
    item = csl_item(
        kind=source.kind,
        title=_sentence(source.title),
        authors=source.authors,
        container=(source.publisher or "").strip() or None,
        published=source.published,
        precision=source.published_precision,
    )
    return Citation(
        authors=author_list(authors) if authors else None,
        year=str(source.published.year) if source.published else None,
        title=_sentence(source.title),
        container=(source.publisher or "").strip() or None,
        doi=source.doi,
        doi_url=doi_url(source.doi) if source.doi else None,
        url=source.url if is_safe_url(source.url) else None,
        pmid=source.pmid,
        short=short_name(authors, source),
        text=format_reference(item, style),
    )


def short_name(authors: list[str], source: SourceRow) -> str:
    year = f" ({source.published.year})" if source.published else ""
    if authors:
        family = author_name(authors[0]).split(",")[0]
        more = (
            " et al."
            if len(authors) > 2
            else f" & {author_name(authors[1]).split(',')[0]}"
            if len(authors) == 2
            else ""
        )
        return f"{family}{more}{year}"
    name = _sentence(source.title) or source.doi or source.url or source.id
    return (name if len(name) <= 60 else name[:59] + "…") + year


def doi_url(doi: str) -> str:
    """The resolver URL; the DOI percent-encoded so no character can break out of it."""
    return "https://doi.org/" + quote(doi, safe="/;:.-_")


def author_name(name: str) -> str:
    """ "Li N" / "Ronald S. Duman" / "Duman, Ronald S." → "Li, N." / "Duman, R. S."."""
    name = " ".join(name.split())
    if "," in name:
        family, _, given = name.partition(",")
    else:
        parts = name.split(" ")
        # PubMed style "Li N" / "Duman RS": the last part is all capitals (initials).
        if len(parts) > 1 and re.fullmatch(r"[A-Z]{1,3}", parts[-1]):
            family, given = " ".join(parts[:-1]), " ".join(parts[-1])
        elif len(parts) > 1:
            family, given = parts[-1], " ".join(parts[:-1])
        else:
            return name
    initials = " ".join(f"{p[0]}." for p in re.split(r"[\s.]+", given.strip()) if p)
    return f"{family.strip()}, {initials}" if initials else family.strip()


def author_list(names: list[str]) -> str:
    formatted = [author_name(n) for n in names]
    if len(formatted) > _MAX_AUTHORS:
        formatted = [*formatted[: _MAX_AUTHORS - 1], "…", formatted[-1]]
        return ", ".join(formatted)
    if len(formatted) == 1:
        return formatted[0]
    return ", ".join(formatted[:-1]) + " & " + formatted[-1]


def _sentence(title: str | None) -> str | None:
    title = " ".join((title or "").split())
    return title or None
