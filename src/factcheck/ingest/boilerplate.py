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
# "About the author", "About Northfield University", "Notes to editors", "Media contact".
_ROLES = r"(?i:authors?|reviewers?|writers?|editors?)"
_PROPER = r"[A-Z]\S*(?: (?:[A-Z]\S*|of|for|and|the|&)){0,5}"
_BIO_HEADING = re.compile(  # case matters: "About Northfield University", not "About sleep"
    rf"^\s*(?:[Aa]bout (?:us|(?:the |our )?(?:{_PROPER}|{_ROLES}))"
    r"|(?i:author bio|meet the author))\s*:?\s*$"
)
_CONTACT_HEADING = re.compile(
    r"^\s*(?:notes? (?:to|for) editors|(?:media|press) (?:contacts?|enquiries|inquiries|office)"
    r"|contacts?|contact us|get in touch|for more information)\s*:?\s*$",
    re.I,
)

BODY = "body"
RELATED = "related"
SOURCES = "sources"
CITE = "cite"
BIO = "bio"


# Line shapes. A link list: three or more short pieces between separators, none a
# sentence ("Flu · Colds · Hay fever"); after a label ("Related: …") two will do.
_SEPARATOR = re.compile(r"\s+[·•|/]\s+|\s+[-–]\s+(?=[A-Z])")
_LABEL = re.compile(r"^\s*(?P<label>[A-Za-z][\w ']{0,30}?)\s*[:—–]\s+(?P<rest>\S.*)$")
_FURNITURE_LABEL = re.compile(
    r"^(?:related(?: \w+)?|see also|also read|read (?:more|next|also)|more (?:on|from|in|about)"
    r"(?: \w+){0,3}|watch|listen|share(?: this)?(?: \w+)?|tags?|topics?|filed under|photo"
    r"|image|illustration|credit|follow(?: us)?)$",
    re.I,
)
_CODE_VALUE = re.compile(r"[A-Z]*[-/]?[A-Z0-9]*\d[A-Z0-9/-]*")  # "PI-0412", "ISBN 12-3"
# The publisher's disclaimer: "for information only … does not replace medical advice".
_DISCLAIMER = re.compile(
    r"\bfor (?:general )?information(?:al purposes)? only\b|\bnot (?:a substitute for|intended"
    r" to (?:replace|be a substitute for)|replace)\b.{0,40}\b(?:medical|professional) (?:advice"
    r"|care|diagnosis)",
    re.I,
)
_SERIES = re.compile(r"\bpart (?:\w+ )?of (?:our|the|a|an|this)\b.{0,80}\bseries\b", re.I)
_CREDIT = re.compile(
    r"^\s*\(?\s*(?:(?:additional )?reporting|writing|editing|edited|compiled|produced"
    r"|photos?|images?|illustrations?) (?:by|:)",
    re.I,
)
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+|(?:\+\d{1,3}[\s.-]?)?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}"
)
# "Popova V, Daly EJ, Trivedi M, et al. Title. Am J Psychiatry. 2019;176(6):428-438."
_CITATION_AUTHORS = re.compile(r"^\s*(?:\[?\d{1,3}[.)\]]\s*)?[A-Z][\w'’-]+,? [A-Z]{1,3}[,.]")
_CITATION_DETAIL = re.compile(
    r"\b(?:19|20)\d\d\s*;\s*\d+|\bdoi[:.]|doi\.org/|\bPMID\b|\bet al\.|:\s*\d+[-–]\d+\.?\s*$",
    re.I,
)
REFERENCE = "reference"
NAVIGATION = "navigation"
FURNITURE = "furniture"
BYLINE = "byline"


def is_boilerplate(line: str) -> bool:
    """True for a line of page furniture, whatever section it sits in."""
    return furniture_reason(line) is not None


def furniture_reason(line: str) -> str | None:
    """Why a line is page furniture (navigation, furniture, byline, reference), or None."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_LINE:
        return None
    if _labelled_furniture(stripped):
        return FURNITURE
    if _BREADCRUMB.search(stripped) or _link_list(stripped, labelled=False):
        return NAVIGATION
    if _CREDIT.match(stripped) or is_review_label(stripped):
        return BYLINE
    if _CITE_LABEL.match(stripped) or _APA_SELF.search(stripped) or looks_like_citation(stripped):
        return REFERENCE
    if (
        _FURNITURE.match(stripped)
        or _COPYRIGHT.search(stripped)
        or _SERIES.search(stripped)
        or _DISCLAIMER.search(stripped)
        or (_CONTACT.search(stripped) and len(stripped.split()) <= 25)
    ):
        return FURNITURE
    return None


def _labelled_furniture(line: str) -> bool:
    label = _LABEL.match(line)
    if label is None:
        return False
    rest = label.group("rest")
    short_label = len(label.group("label").split()) <= 3
    return bool(_FURNITURE_LABEL.match(label.group("label"))) or (
        short_label
        and (_link_list(rest, labelled=True) or _CODE_VALUE.fullmatch(rest.strip()) is not None)
    )


def _link_list(line: str, *, labelled: bool) -> bool:
    pieces = [p.strip() for p in _SEPARATOR.split(line)]
    if len(pieces) < (2 if labelled else 3):
        return False
    return all(
        p and len(p.split()) <= 7 and not p.endswith((".", "!", "?", ";", ",")) for p in pieces
    )


def looks_like_citation(line: str) -> bool:
    """A reference-list entry in Vancouver/AMA/APA shape: authors first, then details."""
    return len(line) < 600 and bool(_CITATION_AUTHORS.match(line) and _CITATION_DETAIL.search(line))


def section_of(heading: str) -> str | None:
    """What a heading opens: furniture, a citation list, the page's own citation, a bio."""
    if _LABEL.match(heading):
        return None  # "Share: Facebook · X" is a line of its own, not a section heading
    if _CITE_LABEL.match(heading):
        return CITE
    if _SOURCES_HEADING.match(heading):
        return SOURCES
    if _RELATED_HEADING.match(heading) or _CONTACT_HEADING.match(heading):
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
