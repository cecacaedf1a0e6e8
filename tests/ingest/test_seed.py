"""The seed article (../shared/seeds/), read as the product brief describes it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from factcheck.ingest import read_article

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_178e394d0ac812c1.txt"

pytestmark = pytest.mark.skipif(
    not SEED.exists(), reason="the shared seed article is not on this machine"
)


@pytest.fixture(scope="module")
def seed():
    return read_article(SEED.read_bytes(), name=SEED.name)


def test_seed_metadata(seed):
    assert seed.format == "text"
    assert seed.title == "The Mechanism Behind Fast-Acting Antidepressant Ketamine"
    assert seed.author == "Traci Pedersen"
    assert seed.published == date(2010, 8, 31)
    assert seed.updated == date(2018, 8, 8)
    assert seed.reviewed == date(2018, 8, 8)
    assert seed.reviewed_by == "a member of our scientific advisory board"
    assert seed.topic == "depression"


def test_seed_spans_point_into_the_file(seed):
    raw = SEED.read_text(encoding="utf-8")
    assert seed.text == raw
    lines = raw.split("\n")
    for s in seed.statements:
        assert raw[s.start : s.end] == s.text
        assert lines[s.line - 1].find(s.text[:30]) != -1


def test_seed_statements(seed):
    texts = [s.text for s in seed.statements]
    assert len(texts) >= 15
    assert texts[0].startswith("Yale scientists have figured out")
    seventy = [s for s in seed.statements if "70 percent" in s.text]
    assert len(seventy) == 1 and seventy[0].checkworthy
    assert "quantity" in seventy[0].kinds
    starts = (
        "The findings, published",
        "Yale researchers found",
        "“It’s like a magic drug",
        "Traditionally, ketamine",
        "Its clinical use",
        "It is also capable",
        "Ketamine has been used",
        "This led Duman",
        "The scientists discovered",
        "In addition, they",
        "There were also",
        "“The pathway is the story.",
        "Approximately 40 percent",
        "The authors point out",
    )
    for start in starts:
        assert sum(t.startswith(start) for t in texts) == 1, start
    pathway = next(t for t in texts if t.startswith("“The pathway"))
    assert pathway.endswith("said Aghajanian.")
    decade = next(s for s in seed.statements if "about a decade ago" in s.text)
    assert "time-relative" in decade.kinds
    until_now = next(s for s in seed.statements if "up until now" in s.text)
    assert "time-relative" in until_now.kinds and until_now.checkworthy


def test_seed_boilerplate_is_not_a_statement(seed):
    for s in seed.statements:
        for furniture in (
            "Home »",
            "Scientifically Reviewed",
            "Last updated",
            "Last reviewed",
            "APA Reference",
            "Retrieved on",
            "All rights reserved",
            "is a professional writer",
            "Source:",
            "KetamineYale",
        ):
            assert furniture not in s.text
        assert s.text != "The Mechanism Behind Fast-Acting Antidepressant Ketamine"
        assert s.text != "Traci Pedersen"


def test_seed_sources(seed):
    journals = [d for d in seed.detected_sources if d.journal]
    assert [d.journal for d in journals] == ["Science"]
    assert any(d.text == "Yale University" for d in seed.detected_sources)
