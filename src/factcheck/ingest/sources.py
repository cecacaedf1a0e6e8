"""Detected sources: DOIs, PMIDs, URLs, "Source:" lines, reference lists, journals."""

from __future__ import annotations

import re

from factcheck.ingest.model import DetectedSource

_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)
_PMID = re.compile(r"\bPMID:?\s*(\d{5,9})\b|pubmed\.ncbi\.nlm\.nih\.gov/(\d{5,9})", re.I)
_URL = re.compile(r"https?://[^\s<>\"')\]]+", re.I)
_SOURCE_LINE = re.compile(
    r"^\s*(?:sources?|via|credit|adapted from|reference)\s*:\s*(?P<what>\S.*)$", re.I
)
_JOURNAL = re.compile(
    r"\bpublished (?:online )?(?:today "
    r"|this week )?in\s+(?P<mention>(?:the\s+)?(?:[\w ,.-]{0,40}?\s)?"
    r"(?:issue|edition"
    r"|volume)\s+of\s+(?:the\s+)?journal\s+(?P<j1>[A-Z][\w&-]*(?:\s(?:[A-Z][\w&-]*|of|and|for"
    r"|in))*)"
    r"|(?:the\s+)?journal\s+(?P<j2>[A-Z][\w&-]*(?:\s(?:[A-Z][\w&-]*|of|and|for|in))*)"
    r"|(?P<j3>(?:The\s+)?(?:Lancet|BMJ|JAMA|NEJM|New England Journal of Medicine|Nature|Science"
    r"|Cell|"
    r"PLOS ONE|PLoS ONE|Pediatrics|Circulation|Neurology)\b[\w ]{0,30}?)(?=[,.;]|\s+(?:on|in|by"
    r"|and)\b))"
)
_TRAILING = ".,;:)]}>'\""


def _tidy(value: str) -> str:
    return value.rstrip(_TRAILING)


def source_from_text(text: str) -> DetectedSource:
    """One cited work: its text plus any DOI, PMID or URL it prints."""
    doi = _DOI.search(text)
    pmid = _PMID.search(text)
    url = _URL.search(text)
    return DetectedSource(
        text=text.strip(),
        doi=_tidy(doi.group(1)) if doi else None,
        pmid=(pmid.group(1) or pmid.group(2)) if pmid else None,
        url=_tidy(url.group(0)) if url else None,
    )


def source_line(line: str) -> DetectedSource | None:
    """A "Source: Yale University" line, else None."""
    match = _SOURCE_LINE.match(line)
    if not match or len(line) > 400:
        return None
    found = source_from_text(match.group("what"))
    return DetectedSource(
        text=found.text, doi=found.doi, pmid=found.pmid, url=found.url, kind="source-line"
    )


def mentions(text: str) -> list[DetectedSource]:
    """Sources a sentence cites in passing: a DOI, a PubMed id, a journal by name."""
    found: list[DetectedSource] = []
    for match in _JOURNAL.finditer(text):
        journal = (match.group("j1") or match.group("j2") or match.group("j3") or "").strip()
        found.append(
            DetectedSource(text=match.group("mention").strip(), journal=journal, kind="journal")
        )
    for match in _DOI.finditer(text):
        found.append(
            DetectedSource(text=_tidy(match.group(1)), doi=_tidy(match.group(1)), kind="doi")
        )
    for match in _PMID.finditer(text):
        pmid = match.group(1) or match.group(2)
        found.append(DetectedSource(text=f"PMID {pmid}", pmid=pmid, kind="pmid"))
    return found


def dedupe(sources: list[DetectedSource]) -> list[DetectedSource]:
    """Drop repeats: the same DOI, PMID, URL or text seen earlier."""
    seen: set[str] = set()
    kept: list[DetectedSource] = []
    for source in sources:
        key = (source.doi or "").lower() or source.pmid or source.url or source.text.lower()
        if key in seen:
            continue
        seen.add(key)
        kept.append(source)
    return kept
