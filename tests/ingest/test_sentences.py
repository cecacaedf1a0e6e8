"""Sentence splitting: the Golden Rules (when the shared data is present) and article cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.ingest.claims import kinds_of, not_a_claim
from factcheck.ingest.sentences import split_sentences

RULES = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "data"
    / "sentence-golden-rules"
    / "english_golden_rules.json"
)


@pytest.mark.skipif(
    not RULES.exists(), reason="the shared Golden Rules data is not on this machine"
)
def test_golden_rules_at_least_47_of_48():
    cases = json.loads(RULES.read_text(encoding="utf-8"))["cases"]
    passed = sum(split_sentences(case["text"]) == case["expected"] for case in cases)
    assert passed >= 47


def test_quote_with_two_sentences_stays_with_its_attribution():
    text = "“It was fast. It was also safe,” said Ann Lee, who led the trial. Next came the data."
    assert split_sentences(text) == [
        "“It was fast. It was also safe,” said Ann Lee, who led the trial.",
        "Next came the data.",
    ]


def test_unclosed_quote_does_not_swallow_the_paragraph():
    text = "He said “never. Then he left. The end came soon."
    assert len(split_sentences(text)) == 3


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("About a decade ago, the drug was found to help.", "time-relative"),
        ("It is currently the only approved option.", "time-relative"),
        ("Almost 70 percent of patients improved.", "quantity"),
        ("Smoking causes lung cancer.", "correlation-causation"),
        ("Rates will rise by 2030.", "prediction"),
        ("The drug was banned by law in 1971.", "law-rule"),
        ("I felt better within a week of starting it.", "personal-experience"),
        ("Researchers found the effect in rats.", "study-finding"),
        ("“It works,” said Dr. Lee.", "quote"),
        ("According to the report, costs fell.", "attribution"),
        ("The sky is blue.", "other"),
    ],
)
def test_kinds(sentence, kind):
    assert kind in kinds_of(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["Is it safe?", "See a GP if your symptoms get worse.", "I think this is a wonderful idea."],
)
def test_not_a_claim(sentence):
    assert not_a_claim(sentence)
