"""Boilerplate: page furniture that is never a statement.

Line patterns (breadcrumbs, share and cookie text, copyright, review badges, APA
citations of the page itself) and section headings whose content is furniture
("Related articles") or citations ("References").
"""

from __future__ import annotations

import re

from factcheck.ingest.metadata import is_review_label

_MAX_LINE = 220

_BREADCRUMB = re.compile(r"^(?:home|start|main)\s*[»›>/|]|(?:\s[»›]\s.*){2,}", re.I)
_FURNITURE = re.compile(
    r"^\s*(?:share(?: this| on| via|$)|tweet\b|pin it\b|email this|print(?: this)?(?: page"
    r"| article)?$"
    r"|subscribe\b|sign up\b|follow us\b|join our\b|get our newsletter|newsletter\b"
    r"|we use cookies|this (?:site|website) uses cookies|cookie (?:settings|policy|preferences)"
    r"|accept(?: all)?(?: cookies)?$|reject all$|manage (?:cookies|preferences)"
    r"|advertisement$|sponsored\b|skip to (?:main )?content|back to top|jump to\b"
    r"|home$|menu$|search$|log ?in$|sign ?in$|close$|read more\b|continue reading|see all\b"
    r"|click here\b|download (?:the )?app|listen to this article"
    r"|related(?: articles| stories| posts| content| reading| topics)?:?$|you (?:may"
    r"|might) also like"
    r"|recommended(?: for you| reading)?:?$|more (?:from|on|in|about)\b.{0,40}$|popular\b.{0,30}$"
    r"|trending\b|tags?:|filed under|categories:|posted in\b)",
    re.I,
)
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|^\s*copyright\b|all rights reserved", re.I)
_CITE_LABEL = re.compile(
    r"^\s*(?:apa|mla|chicago|harvard)\s*(?:reference|citation)s?:?\s*$|^\s*(?:cite this"
    r"|how to cite)\b",
    re.I,
)
# "Pedersen, T. (2018). Title. Publisher. Retrieved on ..." — how to cite the page itself.
_APA_SELF = re.compile(
    r"^[A-Z][\w'’-]+,\s(?:[A-Z]\.\s?){1,3}(?:,|&|\(\d{4}|$)|\bretrieved (?:on|from)\b", re.I
)

_RELATED_HEADING = re.compile(
    r"^\s*(?:related|you (?:may|might) also|more (?:on|from|in|about)|read (?:more|next)|popular|"
    r"recommended|latest (?:news|articles)|most read|trending|share|comments?)\b",
    re.I,
)
_SOURCES_HEADING = re.compile(
    r"^\s*(?:references?|sources?|bibliography|citations?|further reading|works cited|"
    r"notes|footnotes|studies cited|evidence)\s*:?\s*$",
    re.I,
)
_BIO_HEADING = re.compile(
    r"^\s*(?:about the (?:author|reviewer)s?|author bio|meet the author)\b", re.I
)

BODY = "body"
RELATED = "related"
SOURCES = "sources"
CITE = "cite"
BIO = "bio"


def is_boilerplate(line: str) -> bool:
    """True for a line of page furniture, whatever section it sits in."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_LINE:
        return False
    return bool(
        _BREADCRUMB.search(stripped)
        or _FURNITURE.match(stripped)
        or _COPYRIGHT.search(stripped)
        or _CITE_LABEL.match(stripped)
        or is_review_label(stripped)
        or _APA_SELF.search(stripped)
    )


def section_of(heading: str) -> str | None:
    """What a heading opens: furniture, a citation list, the page's own citation, a bio."""
    if _CITE_LABEL.match(heading):
        return CITE
    if _SOURCES_HEADING.match(heading):
        return SOURCES
    if _RELATED_HEADING.match(heading):
        return RELATED
    if _BIO_HEADING.match(heading):
        return BIO
    return None


def breadcrumb_topic(line: str) -> str | None:
    """The section a breadcrumb names: "Home » Depression » Title" gives "depression"."""
    crumbs = [c.strip() for c in re.split(r"\s[»›>/|]\s", line.strip()) if c.strip()]
    if len(crumbs) >= 3 and crumbs[0].lower() in {"home", "start", "main"}:
        return crumbs[-2].lower()
    return None


def is_bio_of(name: str, paragraph: str) -> bool:
    """An author bio: a paragraph that opens "<Name> is/has/writes ...\"."""
    return (
        bool(name)
        and re.match(
            re.escape(name) + r"\s+(?:is|was|has|holds|writes|covers|joined|earned|received)\b",
            paragraph,
        )
        is not None
    )


def looks_like_name(line: str) -> bool:
    """A bare person's name on its own line: 2-4 capitalised words."""
    words = line.strip().split()
    return 2 <= len(words) <= 4 and all(
        re.fullmatch(r"(?:[A-Z][a-z'’-]+|[A-Z]\.|[A-Z][a-z]*[A-Z][a-z]+|(?:van|de|von|da|del))", w)
        for w in words
    )
