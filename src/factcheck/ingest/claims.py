"""Claim kinds (Full Fact's schema plus ours) and what is not check-worthy.

Kinds: quantity, correlation-causation, prediction, law-rule, personal-experience,
study-finding, quote, attribution, time-relative, other. Each is a cheap pattern
test; recall matters more than precision, so the patterns are generous.
"""

from __future__ import annotations

import re

KINDS = (
    "quantity",
    "correlation-causation",
    "prediction",
    "law-rule",
    "personal-experience",
    "study-finding",
    "quote",
    "attribution",
    "time-relative",
    "other",
)

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundreds?|thousands?|millions?|billions?|dozens?|half|twice|triple|double|"
    r"quarter|third|majority|minority|most|few|several|many"
)
_PATTERNS: dict[str, re.Pattern[str]] = {
    "quantity": re.compile(
        rf"\d|%|\b(?:{_NUMBER_WORDS}|percent|per cent|rate|ratio|average|proportion|"
        r"more than|less than|fewer|increase[sd]?|decrease[sd]?|rise|rose|fell|doubled|halved"
        r"|doubles|halves|triples|"
        r"highest|lowest|largest|smallest|majority|almost all|nearly all|none of)\b",
        re.I,
    ),
    "correlation-causation": re.compile(
        r"\b(?:caus\w*|lead(?:s|ing)? to|led to|link(?:ed|s)? (?:to|with)|associated with"
        r"|associat\w+ between|"
        r"result(?:s|ed|ing)? in|due to|because|owing to|effects? (?:of|on)|affect\w*"
        r"|contribut\w+|responsible for|"
        r"trigger\w*|prevent\w*|reduc\w+|lower(?:s|ed)?|rais(?:e|es|ed) the risk|risk of"
        r"|protect\w* against|"
        r"improv\w+|relie\w+|help(?:s|ed)? to|works? by|acts? on|produces?|controls?|blocks?"
        r"|boost\w*|"
        r"damag\w+|correlat\w+|driv(?:es|en|ing)|so that|therefore|thanks to)\b",
        re.I,
    ),
    "prediction": re.compile(
        r"\b(?:will|won't|shall|going to|expected to|likely to|unlikely to|projected|forecast\w*"
        r"|predict\w*|"
        r"may|might|could|by (?:the end of )?20\d\d|in the (?:coming|next) \w+|future|soon)\b",
        re.I,
    ),
    "law-rule": re.compile(
        r"\b(?:law|laws|legal\w*|illegal\w*|unlawful|banned?|ban on|regulat\w+|licen[cs]ed"
        r"|approv\w+|"
        r"FDA|MHRA|EMA|NICE|guidelines?|prescription[- ]only|controlled (?:drug|substance)"
        r"|statut\w+|"
        r"act of|required by|mandatory|must by law|permitted|prohibit\w*|court|ruled?)\b"
    ),
    "personal-experience": re.compile(
        r"\b(?:I|I'm|I've|I was|my|me|we|our)\b.*\b(?:felt|feel|experienced?|noticed|saw|had|took"
        r"|tried|"
        r"was|were|remember|lived|suffered|went)\b|\bin my (?:experience|case|practice)\b"
    ),
    "study-finding": re.compile(
        r"\b(?:stud(?:y|ies)|research\w*|scientists?|trials?|experiments?|findings?|found|finds"
        r"|showed|shows|"
        r"shown|demonstrat\w+|discover\w*|evidence|data|survey\w*|analys[ie]s|meta-analysis"
        r"|review of|"
        r"published|journal|cohort|participants|patients|sample|observed|measured|replicated"
        r"|tested)\b",
        re.I,
    ),
    "attribution": re.compile(
        r"\b(?:said|says|told|according to|stated|claims?|claimed|reported|reports|announced"
        r"|argues|"
        r"argued|explained|noted|point(?:s|ed)? out|wrote|suggests|suggested)\b",
        re.I,
    ),
    "time-relative": re.compile(
        r"\b(?:ago|until now|up until|so far|to date|recently|recent|currently|current|now"
        r"|nowadays|today|"
        r"this (?:year|month|week|decade|century)|last (?:year|month|week|decade)|next (?:year"
        r"|month)|"
        r"the latest|latest|newest|new|novel|at present|presently|still|no longer|not yet|yet to|"
        r"first ever|for the first time|these days|modern|traditionally|"
        r"(?:professor|director|head|chair|chief|president|CEO|dean|minister|secretary) (?:of"
        r"|at)\b)",
        re.I,
    ),
}
_QUOTE = re.compile(r"[“”\"«»]|^\s*‘|’\s*(?:said|says)", re.I)

# Not check-worthy: questions, advice and opinion stay statements but are not claims.
_ADVICE = re.compile(
    r"^\s*(?:please\s+)?(?:see|talk|speak|ask|call|contact|visit|go|try|avoid|don't|do not|never"
    r"|always|"
    r"make sure|remember|consider|keep|take|get|check|find out|read|learn|click|use|stop|seek|tell|"
    r"book|phone|if you(?:'re| are| have| think| feel| notice)?\b.*,\s*(?:see|talk|call|ask"
    r"|contact|get|speak|go))\b"
    r"|\byou (?:should|must|need to|can ask|may want to)\b|\bwe (?:recommend|suggest|advise)\b"
    r"|\bit(?:'s| is) (?:a good idea|important|best) to\b",
    re.I,
)
_OPINION = re.compile(
    r"^\s*(?:I|We|we)\s+(?:think|believe|feel|hope|guess|suppose|love|like|hate|wish)\b"
    r"|\b[Ii]n my (?:view|opinion)\b"
    r"|\b(?:amazing|wonderful|terrible|awful|disgraceful|fantastic|ridiculous|shameful|great)\b"
)
_FIGURE = re.compile(r"\d")


def kinds_of(sentence: str) -> tuple[str, ...]:
    """Every kind whose pattern fires, in schema order; ("other",) when none does."""
    found = [name for name, pattern in _PATTERNS.items() if pattern.search(sentence)]
    if _QUOTE.search(sentence):
        found.append("quote")
        if "attribution" not in found and re.search(r"\b(?:said|says|asked|added)\b", sentence):
            found.append("attribution")
    ordered = tuple(kind for kind in KINDS if kind in found)
    return ordered or ("other",)


def not_a_claim(sentence: str) -> bool:
    """A question, a piece of advice, or an opinion."""
    stripped = sentence.strip()
    if _ADVICE.search(stripped):
        return True
    # A question or an opinion that quotes a figure still makes a checkable claim.
    if _FIGURE.search(stripped):
        return False
    return stripped.rstrip("”\"’'").endswith("?") or bool(_OPINION.search(stripped))


# Kinds that alone make a statement worth checking, whatever the model says.
STRONG_KINDS = frozenset({"quantity", "study-finding", "correlation-causation", "law-rule"})
