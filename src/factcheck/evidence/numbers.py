"""The quantities a sentence states, and whether a passage states the same ones.

A quantity is a number, a percentage or a range, with its unit when one follows
("61 percent", "5-10 mg", "2.5 times", "three weeks", "one in five"); a number
written as a word counts only with a unit. A statement's quantity is
compared only with the passage's quantities of the same kind (percentages with
percentages, milligrams with milligrams, bare counts with bare counts): a passage
about doses says nothing for or against a statement's percentage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "half": 50.0,  # "half of patients" is 50 percent
}
_UNITS = {
    "%": "%",
    "percent": "%",
    "per cent": "%",
    "pc": "%",
    "percentage points": "pp",
    "mg": "mg",
    "milligrams": "mg",
    "g": "g",
    "grams": "g",
    "kg": "kg",
    "kilograms": "kg",
    "mcg": "µg",
    "µg": "µg",
    "micrograms": "µg",
    "ml": "ml",
    "millilitres": "ml",
    "milliliters": "ml",
    "l": "l",
    "litres": "l",
    "liters": "l",
    "mmol": "mmol",
    "mmhg": "mmhg",
    "iu": "iu",
    "kcal": "kcal",
    "calories": "kcal",
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hour": "hour",
    "hours": "hour",
    "min": "minute",
    "minute": "minute",
    "minutes": "minute",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
    "times": "times",
    "fold": "times",
    "x": "times",
    "million": "million",
    "billion": "billion",
}
# Thousands may be grouped with commas or (thin) spaces: "12,000", "12 000".
_NUM = r"\d{1,3}(?:[,\u202f\u00a0 ]\d{3}(?!\d))+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_NUM = r"\b(?:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b"
_UNIT = (
    r"(?:\s?(?P<unit>%|per\s?cent|percentage points|"
    + "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True) if u not in "%")
    + r")\b|(?P<pct>%))?"
)
_QUANTITY = re.compile(
    rf"(?<![\w.])(?P<lo>{_NUM}|{_WORD_NUM})"
    rf"(?:\s?(?:%\s?)?(?:-|–|—|to)\s?(?P<hi>{_NUM})"
    rf"|\s(?:in|out\sof)\s(?P<of>{_NUM}|{_WORD_NUM})\b)?"
    rf"{_UNIT}",
    re.I,
)


@dataclass(frozen=True)
class Quantity:
    text: str
    low: float
    high: float
    unit: str  # "%", "mg", "week"… or "" for a bare count; "year" for a calendar year
    decimals: int  # how precisely it was stated

    @property
    def kind(self) -> str:
        return self.unit or "count"

    def same_as(self, other: Quantity) -> bool:
        """Equal as stated: the passage's value rounded to the statement's precision."""
        return (
            self.kind == other.kind
            and round(other.low, self.decimals) == self.low
            and round(other.high, self.decimals) == self.high
        )


def quantities(text: str) -> list[Quantity]:
    found = []
    for m in _QUANTITY.finditer(text):
        low_text, high_text = m.group("lo"), m.group("hi") or m.group("of")
        unit = _unit(m.group("unit") or m.group("pct") or "")
        low = _value(low_text)
        high = _value(high_text) if high_text else low
        if m.group("of"):
            unit = "in"  # "one in fifteen", "3 out of 10": a ratio, low in high
        elif not unit and not high_text and low.is_integer() and 1800 <= low <= 2100:
            unit = "calendar-year"  # "in 2019": compared only with other years
        elif not unit and not low_text[0].isdigit():
            continue  # "one infusion", "half of them": words, too vague to compare
        decimals = max(_decimals(low_text), _decimals(high_text or ""))
        found.append(Quantity(m.group(0).strip(), low, high, unit, decimals))
    return found


def _unit(raw: str) -> str:
    key = " ".join(raw.lower().split())
    return _UNITS.get(key, _UNITS.get(key.replace(" ", ""), key))


def _value(raw: str) -> float:
    raw = raw.lower()
    if raw in _WORDS:
        return float(_WORDS[raw])
    return float(re.sub(r"[,\u202f\u00a0 ]", "", raw))


def _decimals(raw: str) -> int:
    _, dot, tail = raw.partition(".")
    return len(tail) if dot else 0


@dataclass(frozen=True)
class Comparison:
    match: bool | None  # None: nothing in the passage to compare with
    compared: list[tuple[str, bool]]  # (the statement's quantity, found in the passage)


def compare(statement: str, passage: str) -> Comparison:
    """Does the passage state every quantity of the statement that it has a kind for?

    ``match`` is False as soon as one compared quantity is missing ("70 percent"
    where the passage says 61 percent), True when all are there, and None when the
    passage has no quantity of any kind the statement states.
    """
    theirs = quantities(passage)
    kinds = {q.kind for q in theirs}
    compared = [
        (q.text, any(q.same_as(t) for t in theirs))
        for q in quantities(statement)
        if q.kind in kinds
    ]
    if not compared:
        return Comparison(None, [])
    return Comparison(all(ok for _, ok in compared), compared)
