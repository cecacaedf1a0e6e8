"""Does a title or heading assert something?

"Ketamine lifts depression within hours" and "Myth #1: cold weather kills the
virus" say something a reader takes away, so they are checked like any other
statement (kind ``headline``). "Symptoms", "What is SAD?", "Treatments for SAD"
and "How light therapy helps" only name a topic.

The test is grammatical, not a list of topics: a heading asserts when, after any
short label ("Myth #1:", "Fact:"), it reads as a clause with a finite verb. Finite
verbs are found through closed word classes (auxiliaries, determiners,
prepositions) and word shape (a third-person ``-s`` or past ``-ed`` form between a
subject and what follows it), since no tagger ships with the tool.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.%]*")
# Opening a question or an indirect question: "What is SAD", "How it works".
_QUESTION_OPENERS = _words(
    "what how why when where who whom whose which should can could is are do does did "
    "will would was were has have"
)
_AUXILIARIES = _words(
    "is are was were isn't aren't wasn't weren't can cannot can't could couldn't may might "
    "must mustn't should shouldn't will won't would wouldn't does doesn't did didn't do don't "
    "has hasn't have haven't had hadn't"
)
# Words after which an -s/-ed word is a noun or adjective, not a verb.
_NOUN_CONTEXT = _words(
    "a an the this that these those its their your our my his her of and or for to in on at "
    "with by from into about over under between vs versus per some many most few all any no "
    "every each several other more less during after before without within like than as near "
    "across through against among around via one two three four five six seven eight nine "
    "ten eleven twelve twenty thirty fifty hundred thousand million"
)
# Words after which an -s word is a plural noun: "effects of", "tips for", "ways to".
_NOUN_FOLLOWERS = _words("of and or for to in vs versus & at on")
_NOT_VERB_ENDINGS = ("ss", "us", "is", "ics", "'s", "’s", "ous")
_IRREGULAR_PAST = _words(
    "found rose fell grew made led saw took gave became began kept left met told won lost "
    "hit cut drove beat caught brought bought thought taught sought showed shown"
)
_IRREGULAR_PLURALS = _words("people children women men bacteria data mice teeth feet viruses")
_NEGATIVE_OPENERS = frozenset(("no", "not", "never", "nothing"))
_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^<>\n]*>", re.I | re.S)
_LABEL = re.compile(r"^(?P<label>[^:]{1,24}):\s+(?P<rest>\S.*)$")


def asserts(heading: str) -> bool:
    """True when ``heading`` reads as a claim rather than a topic label."""
    text = " ".join(_TAG.sub(" ", heading).split())  # markup is not words
    if not text or text.endswith("?"):
        return False
    label = _LABEL.match(text)
    if label and len(label.group("label").split()) <= 3:
        # "Myth #1: cold weather kills ..." — judge what follows the label; a long
        # "A: B" title such as "Caffeine and sleep: how long it lasts" too.
        return _clause(label.group("rest")) or _clause(label.group("label"))
    if label:
        return _clause(label.group("rest"))
    return _clause(text)


def _clause(text: str) -> bool:
    found = _WORD.findall(text)
    words = [w.lower().replace("’", "'") for w in found]
    # "What is …" opens a question; "WHO reports …" opens with an acronym.
    if len(words) < 2 or (words[0] in _QUESTION_OPENERS and not found[0].isupper()):
        return False
    if words[0] in _NEGATIVE_OPENERS and len(words) >= 3:
        return True  # "No link found between ...", "Not all fats are equal"
    # Case tells a name ("Northfield Hospitals NHS Trust") from a clause, except in a
    # Title Case heading, where every word is capitalised.
    capitals = sum(w[0].isupper() for w in found)
    title_case = capitals >= max(3, 0.6 * len(found))
    lower = [title_case or w.islower() for w in found]
    return any(_finite(words, i, lower[i]) for i in range(1, len(words)))


def _plural(word: str) -> bool:
    """A plural noun that can be a subject: "antibiotics", "people", "bacteria"."""
    if word in _IRREGULAR_PLURALS:
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s"))


def _finite(words: list[str], i: int, lowercase: bool) -> bool:
    word, before = words[i], words[i - 1]
    after = words[i + 1] if i + 1 < len(words) else None
    if word in _AUXILIARIES:
        return before not in _QUESTION_OPENERS
    if before in _NOUN_CONTEXT or before.endswith("ly") or before[0].isdigit():
        return False
    if word in _IRREGULAR_PAST:
        return True
    if _plural(before) and after is not None and word.isalpha() and lowercase:
        # "Antibiotics clear up …", "Gut bacteria shape …": a plural subject, then a verb
        # (in lower case: "Northfield Hospitals NHS Trust" is a name).
        return not ({word} & (_NOUN_CONTEXT | _NOUN_FOLLOWERS | _QUESTION_OPENERS))
    if after is None or after in _NOUN_FOLLOWERS:
        return False  # a last word or "effects of" is a noun
    if len(word) > 3 and word.endswith("s") and not word.endswith(_NOT_VERB_ENDINGS):
        return True
    return len(word) > 4 and word.endswith("ed") and not word.endswith("eed")
