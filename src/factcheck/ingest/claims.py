"""Claim kinds (Full Fact's schema plus ours) and what is not check-worthy.

Kinds: quantity, correlation-causation, prediction, law-rule, personal-experience,
study-finding, quote, attribution, time-relative, other. Each is a cheap test on the
sentence's shape and grammar; the kinds drive re-review intervals (time-relative is
re-read sooner), so each must mean what it says:

- quantity: a number (not a year, a calendar day or part of a name such as
  "COVID-19") or a word that is itself an amount ("half", "twice", "most people").
- prediction: a statement about the future of the world, never a sentence that
  talks to the reader ("you will be asked...") or a hedge ("may", "could").
- quote: someone's words in quotation marks; a short quoted name with no speech verb
  (the "sunshine vitamin") is a nickname, not a quote.
- time-relative: wording whose truth depends on when it is read ("currently", "so
  far", "last year", "is still unknown"), not every mention of time.

``benchmarks/bench_ingest.py`` scores them on benchmarks/data/labelled_sentences.tsv.
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

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# Digits that are not amounts: years, calendar days, digits glued to a name (BRCA2,
# COVID-19, H5N1). What is left of the sentence is searched for a number.
_NOT_AN_AMOUNT = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|\b{_MONTH}\s+\d{{4}}\b"
    rf"|\b{_MONTH}\s+\d{{1,2}}\b(?:,?\s+\d{{4}})?"
    # A year or a decade where a preposition marks it as a time: "in 2019", "since
    # 1990", "by 2030", "the 1990s" ("than 1500 mg" and "about 2000 people" are amounts).
    r"|\b(?:in|since|until|by|from|the) (?:1[5-9]|20)\d\d(?:s|'s)?\b(?![,.]?\d)"
    r"(?:\s*[–-]\s*\d{2,4})?"
    r"|\b[A-Za-z]+-?\d[\w-]*"
    r"|\b\w+ o'clock|\b\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)"  # a time of day
    r"|\b(?:call|dial|ring) \d+",  # a number dialled
    re.I,
)
_DIGIT = re.compile(r"\d")
# Cardinal and fractional numbers, multiples, and determiners that state an amount.
# "one" only where it counts ("one in five", "one dose"), not "one of the", "no one".
_AMOUNT_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fifteen"
    r"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?"
    r"|millions?|billions?|dozens?|half|halved|halves|twice|double[sd]?|triple[sd]?"
    r"|quarter|third|percent|per\s+cent|majority|minority|several|many|few)\b"
    r"|\bone\b(?<!\bno one)(?! (?:of|another|day|way|thing)\b)(?!\s*(?:[.,;:!?)]|$))"
    # "most people", not "the most common" nor "is most infectious"
    r"|\bmost\b(?<!\bthe most)(?<!\bis most)(?<!\bare most)(?<!\bwas most)"
    r"(?<!\bwere most)(?<!\bbe most)(?! of all\b)",
    re.I,
)

_PATTERNS: dict[str, re.Pattern[str]] = {
    "correlation-causation": re.compile(
        r"\b(?:caus\w*|lead(?:s|ing)? to|led to|link(?:ed|s)? (?:to|with)|associated with"
        r"|associat\w+ between|risk factor|result(?:s|ed|ing)? in|due to|because|owing to"
        r"|effects? (?:of|on)|affect\w*|contribut\w+|responsible for|trigger\w*|prevent\w*"
        r"|reduc\w+|lower(?:s|ed|ing)?|rais(?:e|es|ed|ing)|risk of|protect\w* against"
        r"|improv\w+|relie\w+|help(?:s|ed)?|works? by|acts? on|block\w*|boost\w*|damag\w+"
        r"|harm\w*|kill\w*|destroy\w*|interfer\w+|interact\w*|narrow\w*|increas\w+|controls"
        r"|decreas\w+|correlat\w+|driv(?:es|en|ing)|thanks to|become|becomes|progress(?:es)? to"
        r"|turns? into|develops? into"
        r"|(?:make|makes|made) (?:\w+ )?(?:worse|better|more|less|harder|easier|\w+er))\b",
        re.I,
    ),
    "law-rule": re.compile(
        r"\b(?:law|laws|legal\w*|illegal\w*|unlawful|banned?|ban on|regulat(?:ion|ions|or|ors|ory)"
        r"|licen[cs]ed"
        r"|approv\w+|FDA|MHRA|EMA|NICE|prescription[- ]only|on prescription"
        r"|controlled (?:drug|substance)|statut\w+|Act|act of|required by|mandatory"
        r"|must by law|permitted|prohibit\w*|court|ruled?|came into force|levy|tax"
        r"|(?:was|were|been|be) ordered to"
        # a recommendation in the passive is a rule someone set, not advice to the reader
        r"|(?:is|are|was|were) (?:\w+ )?(?:not |no longer )?(?:recommended|advised|licensed"
        r"|approved))\b"
    ),
    "personal-experience": re.compile(
        # first person singular with a past tense or a verb of experience
        r"\b(?:I|I'm|I've|my|me)\b.*\b(?:\w+ed|felt|feel|experienced?|saw|had|took|was|were"
        r"|did|didn't|remember|went|came|thought|knew|lost|got|began|became|found|made|left"
        r"|gave|kept|born|told)\b"
        r"|\bin my (?:experience|case|practice)\b"
    ),
    "study-finding": re.compile(
        r"\b(?:stud(?:y|ies)|research(?:ers)?|scientists?|trials?|experiments?|findings?"
        r"|found|finds|showed|shown|demonstrat\w+|evidence|surveys?|analys[ie]s"
        r"|meta-analys[ie]s|review|published|journal|cohort|participants|observed"
        r"|peer[- ]review\w*|(?:figures|data|results) (?:show|suggest|indicate)\w*)\b",
        re.I,
    ),
    "attribution": re.compile(
        r"\b(?:said|says|told|according to|stated|claims?|claimed|reported|reports"
        r"|announced|argues|argued|explained|noted|point(?:s|ed)? out|wrote|warn(?:s|ed)"
        r"|confirmed|predicts?|predicted)\b",
        re.I,
    ),
    # Deixis: words that point at the moment of reading.
    "time-relative": re.compile(
        r"\b(?:ago|until (?:now|recently)|up to now|so far|to date|recently|recent|currently"
        r"|current|now|nowadays|today|at present|presently|these days|latest|no longer"
        r"|not yet|yet to|than ever"
        r"|(?:this|last|next|past|coming) (?:year|month|week|decade|winter|summer|spring|autumn"
        rf"|few \w+|{_MONTH}|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)"
        r"|in the (?:next|past|last|coming) (?:\d+ |\w+ )?(?:years?|months?|weeks?|days?|decades?)"
        r"|(?:is|are|was|were|remains?|has|have) still|still (?:not|no|unknown|unclear"
        r"|under|being|waiting))\b",
        re.I,
    ),
}
# A forecast: future tense or a forecasting verb. Hedges (may, might, could) are not.
_FUTURE = re.compile(
    r"\b(?:will|won't|shall|going to|expect(?:s|ed)?|set to|projected|forecast\w*|predict\w*"
    r"|by (?:the end of )?20\d\d|in the (?:coming|next) \w+)\b|\w'll\b",
    re.I,
)
_READER = re.compile(r"\b(?:you|your|you'll|you're)\b", re.I)
_SPEECH = (
    r"(?:said|says|say|told|tells|added|adds|asked|asks|explained|explains|wrote|writes"
    r"|warned|warns|noted|notes|recalls|recalled|according to)"
)
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]|(?<!\w)‘([^’]+)’(?!\w)")
_SPOKEN = re.compile(
    rf"[”\"’]\s*,?\s*(?:\w+\s+){{0,3}}{_SPEECH}\b"
    rf"|\b{_SPEECH}\b(?:\s+\w+){{0,2}}\s*[:,]?\s*[“\"‘]",
    re.I,
)
_QUOTE_MARK = re.compile(r"[“”\"‘’]")
_OPENING_QUOTE = re.compile(r"^\s*[“\"‘]\S")
# A quoted noun phrase ("the little blue one") names something; a clause has a verb.
_NOUN_PHRASE = re.compile(r"^(?:the|a|an|so-called|our|his|her|their|its)\b", re.I)
_AUXILIARY = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|should|shall|do|does"
    r"|did|may|might|must|\w+n't)\b",
    re.I,
)
# "called", "known as", "dubbed": the quoted words that follow are a name.
_NAMING = re.compile(
    r"\b(?:called|known as|dubbed|nicknamed|termed|labelled|labeled|branded|so-called)\s*$",
    re.I,
)

# Not check-worthy: questions, advice and opinion stay statements but are not claims.
_ADVICE = re.compile(
    r"^\s*(?:please\s+)?(?:see|talk|speak|ask|call|contact|visit|go|try|avoid|don't|do not"
    r"|never|always|make sure|remember|consider|keep|take|get|check|find out|read|learn"
    r"|click|use|stop|seek|tell|let|bring|wash|book|phone|if you(?:'re| are| have| think"
    r"| feel| notice)?\b.*,\s*(?:see|talk|call|ask|contact|get|speak|go|sit|stop|tell))\b"
    r"|\byou (?:should|must|need to|can ask|may want to|might want to)\b"
    r"|\bwe (?:recommend|suggest|advise)\b"
    r"|\bit(?:'s| is) (?:a good idea|important|best|worth) to\b",
    re.I,
)
_OPINION = re.compile(
    r"^\s*(?:I|We|we)\s+(?:think|believe|feel|hope|guess|suppose|love|like|hate|wish)\b"
    r"|\b[Ii]n my (?:view|opinion)\b"
    r"|\b(?:amazing|wonderful|terrible|awful|disgraceful|fantastic|ridiculous|shameful"
    r"|exciting|worrying|brave|inspiring)\b"
)
# A dose, a count of something, a measurement: advice that states one is checkable
# ("Do not take more than 8 tablets in 24 hours").
_MEASURE = re.compile(
    r"\d[\d,.]*\s*(?:%|°[CF]|(?:mg|mcg|µg|micrograms?|milligrams?|g|grams?|kg|ml|mL|litres?"
    r"|l|IU|units?|tablets?|capsules?|doses?|puffs?|drops?|times|hours?|days?|weeks?"
    r"|months?|years?|minutes?|mmol|mmHg|C|F)\b)",
)


# "X can cause Y", "colds may be shorter": a possibility stated about the world.
_POSSIBILITY = re.compile(r"\b(?:can|cannot|can't|may|might)\b", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|we|we're|we've)\b")
# "Take it with juice, because tea reduces how much iron you absorb": a reason given
# with advice is a claim of its own.
_REASON = re.compile(r"\bbecause\b|, as (?:it|they|this)\b|, since\b", re.I)


def states_a_possibility(sentence: str) -> bool:
    """A modal of possibility about the world, not addressed to the reader nor about us."""
    return bool(
        _POSSIBILITY.search(sentence)
        and not _READER.search(sentence)
        and not _FIRST_PERSON.search(sentence)
    )


def has_amount(sentence: str) -> bool:
    """A number that is an amount, or a word that states one."""
    if _DIGIT.search(sentence):  # most sentences have none: skip the costlier pass
        sentence = _NOT_AN_AMOUNT.sub(" ", sentence)
        if _DIGIT.search(sentence):
            return True
    return bool(_AMOUNT_WORDS.search(sentence))


def is_quote(sentence: str) -> bool:
    """Someone's words: a quoted clause, or a quotation tied to a speech verb."""
    if not _QUOTE_MARK.search(sentence):
        return False
    if _SPOKEN.search(sentence):
        return True
    for match in _QUOTED.finditer(sentence):
        quoted = match.group(1) or match.group(2) or ""
        if _NAMING.search(sentence[: match.start()]):
            continue
        if _NOUN_PHRASE.match(quoted) and not _AUXILIARY.search(quoted):
            continue
        if len(quoted.split()) >= 4:  # a clause, not a name or a scare-quoted word
            return True
    # A quotation that the sentence splitter cut: it opens here and does not close.
    opening = _OPENING_QUOTE.match(sentence)
    return bool(opening and len(sentence.split()) >= 4 and not _QUOTED.match(sentence))


def is_prediction(sentence: str) -> bool:
    """Future tense about the world; a sentence that talks to the reader is guidance."""
    return bool(_FUTURE.search(sentence)) and not _READER.search(sentence)


def kinds_of(sentence: str) -> tuple[str, ...]:
    """Every kind whose test passes, in schema order; ("other",) when none does."""
    found = {name for name, pattern in _PATTERNS.items() if pattern.search(sentence)}
    if has_amount(sentence):
        found.add("quantity")
    if is_prediction(sentence) and not _ADVICE.search(sentence.strip()):
        found.add("prediction")
    if is_quote(sentence):
        found.add("quote")
        if re.search(rf"\b{_SPEECH}\b", sentence, re.I):
            found.add("attribution")
    ordered = tuple(kind for kind in KINDS if kind in found)
    return ordered or ("other",)


def not_a_claim(sentence: str) -> bool:
    """A question, a piece of advice, an opinion, or a fragment too short to assert."""
    stripped = sentence.strip()
    if _ADVICE.search(stripped):
        # A dose in the advice, or the reason for it, is still checked.
        return not (_MEASURE.search(stripped) or _REASON.search(stripped))
    # A question or an opinion that quotes a figure still makes a checkable claim.
    if _DIGIT.search(stripped):
        return False
    if len(stripped.split()) < 2:  # "Advertisement."; "Smoking kills." still asserts
        return True
    return stripped.rstrip("”\"’'").endswith("?") or bool(_OPINION.search(stripped))


# Kinds that alone make a statement worth checking, whatever the model says.
STRONG_KINDS = frozenset({"quantity", "study-finding", "correlation-causation", "law-rule"})
# In "health" mode every factual kind does: a medical review checks them all.
HEALTH_KINDS = frozenset(KINDS) - {"other", "personal-experience"}
