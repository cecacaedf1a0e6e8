"""Reading reference files: BibTeX (bibtexparser), RIS (rispy), CSL-JSON (json).

Each reader returns one :class:`Reference` per entry; an entry that cannot be read
is reported by key, never silently dropped.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from factcheck.bibliography.model import Reference
from factcheck.errors import InputError

FORMATS = ("bibtex", "ris", "csl-json")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_KINDS = {  # entry type → our source kind
    "article": "paper",
    "article-journal": "paper",
    "jour": "paper",
    "ejour": "paper",
    "inproceedings": "paper",
    "paper-conference": "paper",
    "conf": "paper",
    "cpaper": "paper",
    "book": "book",
    "inbook": "book",
    "chapter": "book",
    "chap": "book",
    "incollection": "book",
    "dataset": "dataset",
    "data": "dataset",
    "webpage": "web",
    "online": "web",
    "elec": "web",
    "post-weblog": "web",
    "article-newspaper": "news",
    "news": "news",
    "mgzn": "news",
    "report": "guideline",
    "techreport": "guideline",
    "rprt": "guideline",
    "gen": "other",
}


def detect(text: str, name: str) -> str:
    lower = name.lower()
    if lower.endswith((".bib", ".bibtex")):
        return "bibtex"
    if lower.endswith((".ris", ".txt")) and re.search(r"^TY  - ", text, re.M):
        return "ris"
    if lower.endswith(".json") or text.lstrip().startswith(("[", "{")):
        return "csl-json"
    if re.search(r"^TY  - ", text, re.M):
        return "ris"
    if re.search(r"^\s*@\w+\s*[{(]", text, re.M):
        return "bibtex"
    raise InputError(f"{name}: not BibTeX, RIS or CSL-JSON (use --format to say which)")


def read(text: str, *, name: str, fmt: str = "auto") -> list[Reference]:
    kind = detect(text, name) if fmt == "auto" else fmt
    if kind not in FORMATS:
        raise InputError(f"unknown --format {fmt!r} (one of: auto, {', '.join(FORMATS)})")
    refs = {"bibtex": _bibtex, "ris": _ris, "csl-json": _csl_json}[kind](text, name)
    if not refs:
        raise InputError(f"{name}: no references found")
    return refs


def _bibtex(text: str, name: str) -> list[Reference]:
    import bibtexparser
    from bibtexparser import middlewares as mw

    logging.getLogger("bibtexparser").setLevel(logging.ERROR)  # we report failures ourselves
    library = bibtexparser.parse_string(
        text, append_middleware=[mw.SeparateCoAuthors(), mw.LatexDecodingMiddleware()]
    )
    if library.failed_blocks:
        block = library.failed_blocks[0]
        line = (block.start_line or 0) + 1
        raise InputError(f"{name}: the BibTeX entry at line {line} cannot be read")
    out = []
    for entry in library.entries:
        f = {k.lower(): v.value for k, v in entry.fields_dict.items()}
        year = _int(f.get("year"))
        out.append(
            Reference(
                title=_plain(f.get("title")),
                authors=[_latex(a) for a in _as_list(f.get("author") or f.get("editor"))],
                container=_plain(
                    f.get("journal")
                    or f.get("booktitle")
                    or f.get("publisher")
                    or f.get("institution")
                    or f.get("organization")
                ),
                year=year,
                month=_month(f.get("month")) if year else None,
                day=_int(f.get("day")) if year and f.get("month") else None,
                doi=_plain(f.get("doi")),
                pmid=_plain(f.get("pmid")),
                url=_plain(f.get("url")),
                kind=_KINDS.get(entry.entry_type.lower(), "other"),
                key=entry.key,
            )
        )
    return out


def _ris(text: str, name: str) -> list[Reference]:
    import rispy

    try:
        entries = rispy.loads(text)
    except (OSError, ValueError, KeyError) as exc:  # rispy raises IOError on a bad tag
        raise InputError(f"{name}: RIS cannot be read ({exc})") from None
    out = []
    for i, e in enumerate(entries, start=1):
        y, m, d = _ris_date(e.get("year") or e.get("publication_year") or e.get("date"))
        pmid = e.get("accession_number") if str(e.get("accession_number", "")).isdigit() else None
        url = e.get("urls", [None])[0] if e.get("urls") else e.get("url")
        out.append(
            Reference(
                title=_plain(e.get("title") or e.get("primary_title")),
                authors=list(e.get("authors") or e.get("first_authors") or []),
                container=_plain(
                    e.get("journal_name") or e.get("secondary_title") or e.get("publisher")
                ),
                year=y,
                month=m,
                day=d,
                doi=_plain(e.get("doi")),
                pmid=pmid,
                url=_plain(url),
                kind=_KINDS.get(str(e.get("type_of_reference", "")).lower(), "other"),
                key=e.get("id") or f"#{i}",
            )
        )
    return out


def _csl_json(text: str, name: str) -> list[Reference]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    items = data.get("items", [data]) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError(f"{name}: CSL-JSON is a list of items")
    out = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InputError(f"{name}: item {i} is not a CSL-JSON object")
        y, m, d = _csl_date(item.get("issued"))
        names = item.get("author")
        authors: list[Any] = names if isinstance(names, list) else []
        out.append(
            Reference(
                title=_plain(item.get("title")),
                authors=[_csl_name(a) for a in authors if _csl_name(a)],
                container=_plain(item.get("container-title") or item.get("publisher")),
                year=y,
                month=m if y else None,
                day=d if y and m else None,
                doi=_plain(item.get("DOI")),
                pmid=_plain(item.get("PMID")),
                url=_plain(item.get("URL")),
                kind=_KINDS.get(str(item.get("type", "")).lower(), "other"),
                key=str(item.get("id") or f"#{i}"),
            )
        )
    return out


def _csl_date(issued: Any) -> tuple[int | None, int | None, int | None]:
    """``{"date-parts": [[2019, 5]]}``; anything else (a string, a malformed list)
    is read as no date rather than failing the whole file."""
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else []
    y, m, d = [*(_int(p) for p in first[:3]), None, None, None][:3]
    return y, (m if y else None), (d if y and m else None)


def _csl_name(name: Any) -> str:
    if not isinstance(name, dict):
        return ""
    if name.get("literal"):
        return _plain(name["literal"]) or ""
    family, given = _plain(name.get("family")) or "", _plain(name.get("given")) or ""
    return f"{family}, {given}".strip(", ") if family else given


def _ris_date(value: Any) -> tuple[int | None, int | None, int | None]:
    parts = [p for p in re.split(r"[/-]", str(value or "")) if p.strip()]
    nums = [_int(p) for p in parts[:3]]
    y, m, d = ([*nums, None, None, None])[:3]
    return y, (m if y else None), (d if y and m else None)


def _month(value: Any) -> int | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    return _MONTHS.get(text[:3]) or _int(text)


def _int(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _latex(text: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    return " ".join(LatexNodes2Text().latex_to_text(text).split())


def _plain(value: Any) -> str | None:
    if not isinstance(value, str | int | float):  # a list or object where text belongs
        return None
    text = " ".join(str(value).split()).strip("{} ")
    return text or None
