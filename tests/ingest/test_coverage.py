"""Nothing silently lost: statements and set-aside spans cover the stored text
(whitespace and block markup aside), never overlap, and need no ``unclassified``
stop-gap, for every fixture and for generated pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.ingest import read_article
from factcheck.ingest.coverage import gaps, overlaps

TESTS = Path(__file__).resolve().parents[1]
SEEDS = TESTS.parents[1] / "shared" / "seeds"
PAGES = sorted(
    [
        *(TESTS / "fixtures" / "layouts").glob("*.*"),
        *(TESTS / "ingest" / "fixtures").glob("*.*"),
        *(TESTS / "fixtures").glob("*.txt"),
        *(SEEDS.glob("*.txt") if SEEDS.exists() else []),
    ]
)
PAGES = [p for p in PAGES if not p.name.endswith(".yaml")]


def assert_covered(article) -> None:  # type: ignore[no-untyped-def]
    ordinary = [a for a in article.set_aside if a.reason != "unclassified"]
    lost = [article.text[s:e] for s, e in gaps(article.text, article.statements, ordinary)]
    assert lost == [], lost
    assert overlaps(article.statements, article.set_aside) == []
    for span in [*article.statements, *article.set_aside]:
        assert article.text[span.start : span.end] == span.text
        assert span.text == span.text.strip() and span.text


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_fixture_is_covered(page):
    assert_covered(read_article(page.read_bytes(), name=page.name))


SENTENCES = [
    "Light therapy eases winter depression in about half of patients.",
    "The trial enrolled 412 adults aged 18 to 65.",
    "“It worked faster than we expected,” said Dr. Ana Ruiz.",
    "Is it safe during pregnancy?",
    "See a GP if your symptoms last more than two weeks.",
    "Doses above 4 g a day can damage the liver (1).",
    "Researchers at St. Mary's Hospital, e.g. Dr. J. Smith, agreed.",
    "Common signs include:",
]
LINES = [
    "Home > Health > Sleep",
    "Symptoms",
    "Myth #3: sugar makes children hyperactive",
    "By Jane Doe | Updated 3 May 2024",
    "Page last reviewed: 1 June 2023",
    "Share: Facebook · X · Email",
    "Related: Sleep apnoea · Insomnia · Night terrors",
    "Part of our Better Sleep series",
    "Read more: Why we dream",
    "Source: Northfield University",
    "© 2024 Example Health",
    "###",
    "- short bullet item",
    "1. Numbered point here",
    "References",
    "1. Doe J, Roe K. A trial. Lancet. 2020;395(1):1-9. doi:10.1000/xyz123",
]
MD_LINES = [
    "# A heading",
    "## Another heading",
    "| a | b |",
    "> quoted line",
    "[^1]: A note. PMID: 1234567",
]


def _paragraph(draw) -> str:  # type: ignore[no-untyped-def]
    return " ".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4)))


@st.composite
def pages(draw, markdown: bool):  # type: ignore[no-untyped-def]
    pieces = [_paragraph(draw)]
    pool = LINES + (MD_LINES if markdown else [])
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["line", "paragraph", "noise"]))
        if kind == "line":
            pieces.append(draw(st.sampled_from(pool)))
        elif kind == "paragraph":
            pieces.append(_paragraph(draw))
        else:
            pieces.append(
                draw(
                    st.text(
                        st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
                        min_size=1,
                        max_size=40,
                    )
                )
            )
    separators = draw(
        st.lists(
            st.sampled_from(["\n", "\n\n", "\n\n\n"]), min_size=len(pieces), max_size=len(pieces)
        )
    )
    return "".join(p + s for p, s in zip(pieces, separators, strict=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages(markdown=False))
def test_generated_text_pages_are_covered(page):
    assert_covered(read_article(page.encode(), name="page.txt", fmt="text"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages(markdown=True))
def test_generated_markdown_pages_are_covered(page):
    assert_covered(read_article(page.encode(), name="page.md", fmt="markdown"))
