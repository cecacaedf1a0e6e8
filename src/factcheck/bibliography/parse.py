"""Citation strings into fields: authors, title, journal, year, DOI, PMID.

No maintained citation parser runs offline in Python (AnyStyle is Ruby, GROBID a
Java service, and both need trained models), so this is a structural parser for
the two families of styles health publishers print:

- Vancouver / AMA: ``Li N, Lee B, Duman RS. Title. Science. 2010;329(5994):959-64.``
- APA: ``Li, N., Lee, B., & Duman, R. S. (2010). Title. Science, 329(5994), 959–964.``

Identifiers are taken out first (``doi:``, doi.org links, PMID, URLs), then the
style is recognised by the year's position: "(2010)." after the authors is APA;
otherwise the segments between full stops are authors, title, journal and the
year;volume:pages part. Anything it cannot place is left out rather than guessed:
an unparsed string yields no title, never the whole string as one.
"""

from __future__ import annotations

import re

from factcheck.bibliography.model import Reference

_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:\s*)?\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)
_PMID = re.compile(r"\bPMID:?\s*(\d{1,9})\b\.?", re.I)
_PMCID = re.compile(r"\bPMCID:?\s*PMC\d+\b\.?", re.I)
_URL = re.compile(r"\b(?:Available (?:from|at):?\s*)?(https?://[^\s<>\"]+)", re.I)
_NOISE = re.compile(
    r"\b(?:Accessed|Cited|Updated)\b[^.\]]*[.\]]|\[(?:Internet|cited[^\]]*)\]|\bEpub\b[^.]*\.",
    re.I,
)
_APA = re.compile(
    r"^(?P<authors>.+?)\s*\((?P<year>\d{4})[a-z]?(?:,\s*(?P<date>[^)]*))?\)\.\s*(?P<rest>.+)$"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_YEAR_PART = re.compile(
    r"^(?P<year>(?:19|20)\d{2})(?:\s+(?P<month>[A-Z][a-z]{2})[a-z]*(?:\s+(?P<day>\d{1,2}))?)?"
    r"\s*(?:[;:,.]|$)"
)
# "Li N", "Liu RJ", "van der Berg AB", "Smith-Jones K": a family name then initials.
_VANCOUVER_NAME = re.compile(
    r"^[A-Z][\w'’\-]+(?:\s[\w'’\-]+)*\s[A-Z]{1,3}(?:\s(?:Jr|Sr|II|III|IV)\.?)?$"
)
_SEGMENT = re.compile(
    r"(?<=[^A-Z\s][.?!])\s+|(?<=\b[A-Z]{2}[.])\s+|(?<=\b[A-Z][.])\s+(?=[A-Z][a-z])"
)


def parse_citation(text: str) -> Reference:
    """The fields of one printed reference; fields it cannot place stay None."""
    ref = Reference()
    rest = _identifiers(text, ref)
    rest = _NOISE.sub(" ", rest)
    rest = " ".join(rest.split()).strip(" .;,")
    apa = _APA.match(rest)
    if apa:
        _apa(apa, ref)
    else:
        _vancouver(rest, ref)
    ref.kind = "paper" if ref.doi or ref.pmid or ref.container else "other"
    return ref


def _identifiers(text: str, ref: Reference) -> str:
    doi = _DOI.search(text)
    if doi:
        ref.doi = doi.group(1).rstrip(".,;)")
        text = text[: doi.start()] + text[doi.end() :]
    pmid = _PMID.search(text)
    if pmid:
        ref.pmid = pmid.group(1)
        text = _PMID.sub(" ", text)
    text = _PMCID.sub(" ", text)
    url = _URL.search(text)
    if url:
        ref.url = url.group(1).rstrip(".,;)")
        text = text[: url.start()] + text[url.end() :]
    return text


def _apa(m: re.Match[str], ref: Reference) -> None:
    ref.year = int(m.group("year"))
    ref.month, ref.day = _month_day(m.group("date") or "")
    authors = m.group("authors").strip()
    # "Li, N., Lee, B., & Duman, R. S." → split after each initials group.
    parts = re.split(r"(?<=\.),\s*(?:&\s*)?|\s*,?\s*&\s*", authors)
    ref.authors = [p.strip().rstrip(",") for p in parts if p.strip()]
    if len(ref.authors) == 1 and "," not in ref.authors[0]:
        ref.authors = [authors.rstrip(".")]  # an organisation
    title, _, tail = _first_sentence(m.group("rest"))
    ref.title = title
    container = re.split(r",\s*\d", tail, maxsplit=1)[0].strip(" .,")
    ref.container = container or None


def _vancouver(text: str, ref: Reference) -> None:
    segments = [s.strip(" .") for s in _SEGMENT.split(text) if s.strip(" .")]
    if not segments:
        return
    names = [n.strip() for n in segments[0].split(",")]
    if all(_VANCOUVER_NAME.match(n) or n.lower() in ("et al", "et al.") for n in names):
        ref.authors = [_vancouver_name(n) for n in names if not n.lower().startswith("et al")]
        segments = segments[1:]
    found = _year(segments)
    if found and not ref.authors and found[0] >= 2:
        # "World Health Organization. Title. Geneva: WHO; 2017": an organisation wrote it.
        ref.authors, segments = [segments[0]], segments[1:]
        found = _year(segments)
    if found is None:
        ref.title = segments[0] if ref.authors and segments else None
        return
    i, year = found
    ref.year = int(year.group("year"))
    ref.month = _month_number(year.group("month"))
    ref.day = int(year.group("day")) if ref.month and year.group("day") else None
    ref.title = segments[0]
    if year.start() > 0:  # "Science 2010;329": the journal is this segment's start
        journal: str | None = segments[i][: year.start()].strip(" .;,")
    else:
        journal = segments[i - 1] if i >= 2 else None
    ref.container = journal or None


def _year(segments: list[str]) -> tuple[int, re.Match[str]] | None:
    """The segment holding the publication year (never the title's), and the match."""
    for i, segment in enumerate(segments[1:], start=1):
        year = _YEAR_PART.match(segment) or _trailing_year(segment)
        if year:
            return i, year
    return None


def _trailing_year(segment: str) -> re.Match[str] | None:
    """AMA puts the year after the journal in one segment: "Science 2010;329:959"."""
    return re.search(
        r"(?<=\s)(?P<year>(?:19|20)\d{2})(?:\s+(?P<month>[A-Z][a-z]{2})[a-z]*"
        r"(?:\s+(?P<day>\d{1,2}))?)?\s*(?:[;:]|$)",
        segment,
    )


def _vancouver_name(name: str) -> str:
    """ "Liu RJ" → "Liu, R. J." so every reader splits family from given names alike."""
    suffix = ""
    if re.search(r"\s(?:Jr|Sr|II|III|IV)\.?$", name):
        name, _, suffix = name.rpartition(" ")
        suffix = f", {suffix}"
    family, _, initials = name.rpartition(" ")
    return f"{family}, {' '.join(c + '.' for c in initials)}{suffix}"


def _first_sentence(text: str) -> tuple[str | None, str, str]:
    m = re.search(r"(?<=[^A-Z\s][.?!])\s+", text)
    if not m:
        return text.strip(" .") or None, "", ""
    return text[: m.start()].strip(" .") or None, text[m.start() : m.end()], text[m.end() :]


def _month_day(text: str) -> tuple[int | None, int | None]:
    m = re.match(r"\s*([A-Za-z]+)\s*(\d{1,2})?", text)
    if not m:
        return None, None
    month = _month_number(m.group(1))
    return month, int(m.group(2)) if month and m.group(2) else None


def _month_number(text: str | None) -> int | None:
    key = (text or "")[:3].lower()
    return _MONTHS.index(key) + 1 if key in _MONTHS else None
