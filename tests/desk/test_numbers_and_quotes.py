"""The comparisons behind numbers_match and quote_found, case by case."""

from __future__ import annotations

import pytest

from factcheck.evidence.numbers import compare, quantities
from factcheck.evidence.quotes import quote_found


@pytest.mark.parametrize(
    ("statement", "passage", "expected"),
    [
        ("70 percent of patients improved", "61% of participants improved", False),
        ("61 percent of patients improved", "61.2% of participants improved", True),
        ("61.5% improved", "61.2% improved", False),  # stated more precisely: must agree
        ("a 5-10 mg dose", "doses of 5 to 10 mg", True),
        ("a 5-10 mg dose", "doses of 5 to 20 mg", False),
        ("one in five adults", "1 in 5 adults", True),
        ("one in five adults", "one in four adults", False),
        ("12,000 people took part", "12 000 people took part", True),
        ("61 percent improved", "the dose was 5 mg", None),  # nothing of the same kind
        ("improved a lot", "61% improved", None),  # the statement states no number
        ("in 2019, 40% improved", "40% improved", True),  # a year is compared only with years
        ("blood pressure fell 6.4 mmHg", "fell by 9.4 mmHg", False),
        ("within three weeks", "within 3 weeks", True),
    ],
)
def test_numbers_match(statement, passage, expected):
    assert compare(statement, passage).match is expected


def test_quantities_keep_units_ranges_and_years():
    found = {q.text: (q.low, q.high, q.kind) for q in quantities("55–67% in 2019, 2.5 times")}
    assert found == {
        "55–67%": (55.0, 67.0, "%"),
        "2019": (2019.0, 2019.0, "calendar-year"),
        "2.5 times": (2.5, 2.5, "times"),
    }


TEXT = (
    "Ketamine\u2019s effects were rapid: \u201csynapto-\ngenesis  was seen within "
    "hours\u201d of a single dose \u2014 in rats.\n\nA second paragraph."
)


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ('"synaptogenesis was seen within hours"', True),  # straight quotes, no hyphen
        ("Ketamine's effects were rapid", True),  # curly apostrophe in the text
        ("SYNAPTOGENESIS WAS SEEN", True),  # case
        ("of a single dose - in rats", True),  # dash
        ("effects were rapid ... of a single dose", True),  # ellipsis
        ("effects were slow", False),
        ("of a single dose … effects were rapid", False),  # parts out of order
    ],
)
def test_quote_found_tolerates_copying_differences(quote, found):
    assert quote_found(quote, TEXT) is found
