"""One fixture per layout (written in our own words): metadata, statements, no boilerplate."""

from __future__ import annotations

from datetime import date

import pytest

from factcheck.ingest import read_article

FURNITURE = (
    "Home",
    "Skip to",
    "Share",
    "cookies",
    "Accept all",
    "Subscribe",
    "©",
    "All rights reserved",
    "Related articles",
    "About the author",
    "Page last reviewed",
    "Next review due",
    "Medically reviewed",
    "Scientifically Reviewed",
    "Last updated",
    "Last reviewed",
    "APA Reference",
    "Retrieved on",
    "Source:",
    "is a health journalist",
    "is a science writer",
    "Popova V",
    "PMID",
    "doi:",
)


def statement_texts(article):
    for s in article.statements:
        assert article.text[s.start : s.end] == s.text
    return [s.text for s in article.statements]


def assert_no_furniture(article):
    statement_texts(article)
    for s in article.statements:
        for furniture in FURNITURE:
            assert furniture not in s.text, (furniture, s.text)
        # The title is a statement only as a headline that asserts something.
        assert s.text != article.title or "headline" in s.kinds


@pytest.fixture
def health_page(fixture_bytes):
    return read_article(fixture_bytes("health_page.html"), name="health_page.html")


def test_html_metadata_from_jsonld_and_byline(health_page):
    a = health_page
    assert a.format == "html"
    assert a.title == "Nasal spray ketamine for depression: what the trials show"
    assert a.author == "Daniel Reyes"
    assert a.url == "https://wellspring.example/depression/esketamine-nasal-spray"
    assert a.topic == "depression"
    assert a.published == date(2019, 4, 11)
    assert a.updated == date(2021, 6, 3)
    assert a.reviewed == date(2021, 6, 2)
    assert a.jsonld_reviewed == date(2021, 6, 2)
    assert a.reviewed_by == "Dr. Amara Okafor, MD"
    assert a.next_review_due is None


def test_html_statements(health_page):
    texts = statement_texts(health_page)
    assert texts == [
        "In March 2019 the US Food and Drug Administration approved esketamine, a nasal spray"
        " made from"
        " one half of the ketamine molecule, for adults with treatment-resistant depression.",
        "Unlike the older intravenous form, the spray is taken in a certified clinic, where"
        " patients stay"
        " under observation for at least two hours after each dose.",
        "Doctors prescribe it together with an oral antidepressant.",
        "In a four-week trial of 223 adults, people using the spray with an antidepressant"
        " improved more"
        " than people using a placebo spray with an antidepressant.",
        "Roughly one in three participants reported dizziness on dosing days.",
        "“The response can start within a day. That speed is what sets it apart from the tablets"
        " we have"
        " used for decades,” said Dr. Lena Hart, a psychiatrist at Northgate University who was not"
        " involved in the research.",
        "Researchers think the drug works by blocking NMDA receptors, which leads to a burst of new"
        " connections between brain cells.",
        "Adults whose depression has not responded to at least two other antidepressants.",
        "Adults with major depression who are having suicidal thoughts, as of a 2020 label update.",
        "Is it right for you?",
        "Talk to your doctor about the risks before starting any new treatment.",
    ]
    by_start = {s.text[:20]: s for s in health_page.statements}
    assert not by_start["Is it right for you?"].checkworthy
    assert not by_start["Talk to your doctor "].checkworthy
    assert by_start["In a four-week trial"].checkworthy
    assert "quote" in by_start["“The response can st"].kinds
    assert "attribution" in by_start["“The response can st"].kinds
    assert by_start["In March 2019 the US"].line == 34
    assert_no_furniture(health_page)


def test_html_references_are_sources(health_page):
    sources = health_page.detected_sources
    assert [s.doi for s in sources if s.doi] == ["10.1176/appi.ajp.2019.19020172"]
    assert [s.pmid for s in sources if s.pmid] == ["31166571"]


def test_nhs_style_text_page(fixture_bytes):
    a = read_article(fixture_bytes("nhs_page.txt"), name="nhs_page.txt")
    assert a.format == "text"
    assert a.title == "Seasonal affective disorder (SAD)"
    assert a.reviewed == date(2022, 11, 14)
    assert a.next_review_due == date(2025, 11, 14)
    assert (a.author, a.published, a.updated, a.reviewed_by) == (None, None, None, None)
    texts = statement_texts(a)
    assert texts == [
        "Seasonal affective disorder is a type of depression that comes and goes in a seasonal"
        " pattern.",
        "Symptoms are usually more noticeable and more severe during the winter months.",
        "a persistent low mood",
        "feeling lethargic and sleeping for longer than normal",
        "losing interest in everyday activities",
        "Light therapy uses a special lamp that simulates exposure to sunlight.",
        "Around 1 in 3 people with SAD are thought to improve with light therapy alone, according"
        " to a"
        " review of published trials.",
        "See a GP if you think you might have SAD and you're struggling to cope.",
    ]
    gp = a.statements[-1]
    assert not gp.checkworthy
    assert gp.line == 17
    assert a.statements[-2].checkworthy and "quantity" in a.statements[-2].kinds
    assert_no_furniture(a)


def test_markdown_front_matter(fixture_bytes):
    a = read_article(fixture_bytes("guide.md"), name="guide.md")
    assert a.format == "markdown"
    assert a.title == "Caffeine and sleep: how long it lasts"
    assert a.author == "Priya Nandakumar"
    assert a.published == date(2022, 1, 18)
    assert a.updated == date(2023, 9, 2)
    assert a.reviewed == date(2023, 9, 5)
    assert a.reviewed_by == "Dr. Tom Whitaker"
    assert a.topic == "sleep"
    assert a.url == "https://docs.example.org/guides/caffeine-and-sleep"
    texts = statement_texts(a)
    assert texts == [
        "Caffeine has a half-life of about five hours in healthy adults, so half of an afternoon"
        " coffee"
        " is still in the blood by bedtime.",
        "A 2013 study found that a dose taken six hours before bed cut total sleep by more than"
        " an hour.",
        "Pregnancy roughly doubles the time the body needs to clear caffeine.",
        "Smokers clear caffeine faster than non-smokers.",
        "Should you stop drinking coffee altogether?",
        "Most people don't need to.",
    ]
    assert [s.line for s in a.statements[:3]] == [14, 15, 19]
    assert a.statements[1].checkworthy and "study-finding" in a.statements[1].kinds
    assert not a.statements[4].checkworthy
    assert any(s.doi == "10.5664/jcsm.3170" for s in a.detected_sources)
    assert any(s.text == "Journal of Clinical Sleep Medicine" for s in a.detected_sources)
    assert_no_furniture(a)


def test_text_copy_in_the_seed_layout(fixture_bytes):
    a = read_article(fixture_bytes("ketamine_copy.txt"), name="ketamine_copy.txt")
    assert a.title == "Ketamine Nasal Spray Gains Approval"
    assert a.author == "Jordan Ellis"
    assert a.topic == "mental health"
    assert a.published == date(2019, 3, 6)
    assert a.updated == date(2020, 2, 3)
    assert a.reviewed == date(2020, 2, 3)
    assert a.reviewed_by == "a member of our scientific advisory board"
    texts = statement_texts(a)
    assert texts == [
        "Ketamine Nasal Spray Gains Approval",  # the headline asserts: checked like a claim
        "A nasal spray based on ketamine was cleared by US regulators in March 2019 for adults"
        " whose"
        " depression has resisted other treatment.",
        "The decision, described in a statement from the Food and Drug Administration, makes it the"
        " first new kind of antidepressant in decades.",
        "In earlier trials, patients who used the spray alongside a standard antidepressant saw"
        " their"
        " symptoms ease faster than those given a placebo.",
        "Side effects included dizziness and a feeling of detachment.",
        "“This gives people another option. It works quickly, which matters when someone is in"
        " crisis,”"
        " said Maria Lopez, a professor of psychiatry who studies mood disorders.",
        "Up until now, ketamine for depression was mostly given through a drip in specialist"
        " clinics.",
    ]
    assert "time-relative" in a.statements[-1].kinds and a.statements[-1].checkworthy
    assert [s.text for s in a.detected_sources] == ["US Food and Drug Administration"]
    assert_no_furniture(a)


def test_format_auto_looks_at_content_not_the_name(fixture_bytes):
    html = read_article(fixture_bytes("health_page.html"), name="saved-page.txt")
    assert html.format == "html"
    md = read_article(fixture_bytes("guide.md"), name="notes.txt")
    assert md.format == "markdown"
    text = read_article(fixture_bytes("nhs_page.txt"), name="page.md", fmt="text")
    assert text.format == "text"


def test_reading_the_same_page_twice_gives_the_same_article(fixture_bytes):
    first = read_article(fixture_bytes("health_page.html"), name="a.html")
    for _ in range(8):
        read_article(fixture_bytes("health_page.html"), name="a.html")
    again = read_article(fixture_bytes("health_page.html"), name="a.html")
    assert again.statements == first.statements
