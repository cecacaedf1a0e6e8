"""Source texts archived, evidence ranked, quotes and numbers checked."""

from __future__ import annotations

from pathlib import Path

import pytest

PAGES = [
    "Ketamine and depression. Background on NMDA receptor antagonists and mood.",
    "Results. In the trial, 61 percent of patients improved within two weeks of a "
    "single infusion. Synapto-\ngenesis was seen in the prefrontal cortex within hours.",
    "Adverse events. Dissociation was common but resolved within 2 hours in 95% of cases.",
]


def make_pdf(path: Path, pages: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    for text in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


@pytest.fixture
def paper(desk, tmp_path):  # type: ignore[no-untyped-def]
    sid = desk.json("source", "add", "--doi", "10.1000/trial.1", "--title", "Trial", "--json")["id"]
    desk("source", "attach", sid, str(make_pdf(tmp_path / "paper.pdf", PAGES)))
    return sid


def _statement(desk, text: str, slug: str = "claims") -> str:  # type: ignore[no-untyped-def]
    path = Path.cwd() / f"{slug}.txt"
    path.write_text(f"Title of {slug}\n\n{text}\n", encoding="utf-8")
    desk("article", "add", str(path), "--slug", slug)
    return f"{slug}:1"


def test_attach_pdf_keeps_pages_sha256_and_date(desk, tmp_path, paper):
    import hashlib

    pdf = tmp_path / "paper.pdf"
    info = desk.json("source", "attach", paper, str(pdf), "--date", "2024-03-01", "--json")
    assert info["format"] == "pdf" and info["pages"] == 3
    assert info["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert str(info["attached_on"]) == "2024-03-01" or info["attached_on"]
    again = desk("source", "attach", paper, str(pdf))
    assert "already archived" in again.stderr


def test_attach_html_and_text(desk, tmp_path):
    sid = desk.json("source", "add", "--url", "https://example.org/g", "--json")["id"]
    page = tmp_path / "g.html"
    page.write_text(
        "<html><body><nav>Home | About</nav><article><h1>Guideline</h1>"
        "<p>Offer talking therapy first to adults with mild depression; it helps most "
        "people within twelve weeks of starting treatment.</p>"
        "<p>Review the plan every four weeks with the patient and their family.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    assert desk.json("source", "attach", sid, str(page), "--json")["format"] == "html"
    st = _statement(desk, "Talking therapy should be offered first for mild depression.")
    hits = desk.json("evidence", st, "--json")
    assert "talking therapy first" in hits[0]["text"]
    assert hits[0]["locator"].startswith("para.")
    text = tmp_path / "t.txt"
    text.write_text("Plain notes on the paper.\n", encoding="utf-8")
    assert desk.json("source", "attach", sid, str(text), "--json")["format"] == "text"


def test_attach_refuses_garbage(desk, tmp_path, paper):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 nonsense")
    result = desk("source", "attach", paper, str(bad), ok=False)
    assert result.exit_code == 2 and "PDF" in result.stderr


def test_evidence_ranks_the_right_page_first_with_numbers_match(desk, paper):
    st = _statement(desk, "In the trial 70 percent of patients improved within two weeks.")
    hits = desk.json("evidence", st, "--json", "--limit", "3")
    best = hits[0]
    assert best["source"] == paper and best["locator"] == "p. 2"
    assert set(best) >= {"source", "locator", "text", "score", "numbers_match"}
    assert best["numbers_match"] is False  # 70 percent vs the paper's 61 percent
    assert hits == sorted(hits, key=lambda h: -h["score"])


def test_numbers_match_true_and_null(desk, paper):
    st = _statement(desk, "In the trial, 61 percent of patients improved within weeks.", "a")
    assert desk.json("evidence", st, "--json")[0]["numbers_match"] is True
    st2 = _statement(desk, "NMDA receptor antagonists affect mood.", "b")
    assert desk.json("evidence", st2, "--json", "--limit", "1")[0]["numbers_match"] is None


def test_link_quote_found_tolerates_hyphenation_and_quote_marks(desk, paper):
    st = _statement(desk, "Synapses grew within hours of a dose.")
    found = desk.json(
        "link",
        st,
        paper,
        "--quote",
        "\u201cSynaptogenesis was seen in the prefrontal  cortex\u201d",
        "--json",
    )
    assert found["quote_found"] is True
    missing = desk.json("link", st, paper, "--quote", "synapses doubled in number", "--json")
    assert missing["quote_found"] is False
    other = desk.json("source", "add", "--doi", "10.1000/none", "--json")["id"]
    assert desk.json("link", st, other, "--quote", "anything", "--json")["quote_found"] is None


def test_check_and_report_flag_missing_quotes_and_disagreeing_numbers(desk, paper, tmp_path):
    st = _statement(desk, "In the trial 70 percent of patients improved.")
    desk("link", st, paper, "--quote", "61 percent of patients improved")
    desk("link", st, "10.1000/trial.1", "--quote", "61 percent of patients improved")
    other = desk.json("source", "add", "--doi", "10.1000/two", "--json")["id"]
    desk("source", "attach", other, str(make_pdf(tmp_path / "two.pdf", ["Nothing here."])))
    desk("link", st, other, "--quote", "a quote nobody wrote")
    result = desk("check", "--format", "json", ok=False)
    import json

    findings = json.loads(result.stdout)["findings"]
    messages = [f["message"] for f in findings if f["statement"] == st]
    assert any("70 percent" in m and "not what the quote says" in m for m in messages)
    assert any("quote is not in the source's archived text" in m for m in messages)
    assert all(f["level"] == "warning" for f in findings if f["statement"] == st)
    desk("verdict", st, "supported", "--reviewer", "drlee")
    desk("signoff", "claims", "--reviewer", "drlee")
    after = json.loads(desk("check", "--format", "json", ok=False).stdout)["findings"]
    assert any(f["level"] == "error" and f["statement"] == st for f in after)
    desk("report", "claims", "--format", "html", "--out", str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text()
    assert "not what the quote says" in page and "not in the source" in page


def test_evidence_without_texts_and_bad_source(desk):
    st = _statement(desk, "Something with no sources at all.")
    assert desk.json("evidence", st, "--json") == []
    sid = desk.json("source", "add", "--doi", "10.1000/x", "--json")["id"]
    result = desk("evidence", st, "--source", sid, ok=False)
    assert result.exit_code == 2 and "no archived text" in result.stderr


def test_a_later_link_with_a_corrected_quote_clears_the_flag(desk, paper):
    import json

    st = _statement(desk, "In the trial 61 percent of patients improved.")
    desk("link", st, paper, "--quote", "71 percent of patients improved")
    flagged = json.loads(desk("check", "--format", "json", ok=False).stdout)["findings"]
    assert any(f["statement"] == st for f in flagged)
    desk("link", st, paper, "--quote", "61 percent of patients improved")
    after = json.loads(desk("check", "--format", "json", ok=False).stdout)["findings"]
    assert not any(f["statement"] == st for f in after)


def test_check_rechecks_quotes_linked_before_the_text_was_attached(desk, tmp_path):
    import json

    sid = desk.json("source", "add", "--doi", "10.1000/late", "--json")["id"]
    st = _statement(desk, "Dissociation went away quickly.")
    assert (
        desk.json("link", st, sid, "--quote", "a sentence nobody wrote", "--json")["quote_found"]
        is None
    )
    before = json.loads(desk("check", "--format", "json", ok=False).stdout)["findings"]
    assert not [f for f in before if f["statement"] == st]
    desk("source", "attach", sid, str(make_pdf(tmp_path / "late.pdf", PAGES)))
    findings = json.loads(desk("check", "--format", "json", ok=False).stdout)["findings"]
    assert any(
        f["statement"] == st and "not in the source's archived text" in f["message"]
        for f in findings
    )
