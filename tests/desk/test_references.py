"""Sources in, properly: reference files, parsed citations, partial dates, CSL style."""

from __future__ import annotations

import json

import pytest

from factcheck.bibliography.parse import parse_citation

BIBTEX = r"""
@article{li2010,
  author = {Li, Nanxin and Lee, Boyoung and Duman, Ronald S.},
  title = {{mTOR}-dependent synapse formation underlies the rapid antidepressant effects},
  journal = {Science}, year = {2010}, month = aug,
  doi = {https://doi.org/10.1126/SCIENCE.1190287}, pmid = {20724638}
}
@misc{nice2022,
  author = {{National Institute for Health and Care Excellence}},
  title = {Depression in adults: treatment and management}, year = {2022},
  url = {https://www.nice.org.uk/guidance/ng222}
}
@article{muller2019, author = {M{\"u}ller, J{\"o}rg}, title = {Caf{\'e} culture}, year = 2019}
"""
RIS = """TY  - JOUR
AU  - Berman, Robert M.
AU  - Charney, Dennis S.
TI  - Antidepressant effects of ketamine in depressed patients
T2  - Biological Psychiatry
PY  - 2000/02/15/
DO  - 10.1016/S0006-3223(99)00230-9
ER  -

TY  - RPRT
TI  - A report with a bad DOI
DO  - not-a-doi
ER  -
"""
CSL = [
    {
        "id": "zarate",
        "type": "article-journal",
        "title": "A randomized trial of an NMDA antagonist",
        "author": [{"family": "Zarate", "given": "Carlos A."}],
        "container-title": "Archives of General Psychiatry",
        "issued": {"date-parts": [[2006, 8]]},
        "PMID": "16894061",
    },
    {
        "id": "dup",
        "type": "article-journal",
        "title": "Same paper",
        "DOI": "10.1126/science.1190287",
    },
]


def test_import_bibtex_ris_and_csl_json(desk, tmp_path):
    (tmp_path / "refs.bib").write_text(BIBTEX, encoding="utf-8")
    rows = desk.json("source", "import", str(tmp_path / "refs.bib"), "--json")
    assert [r["state"] for r in rows] == ["registered"] * 3
    li = desk.json("source", "show", "10.1126/science.1190287", "--json")
    assert li["doi"] == "10.1126/science.1190287" and li["pmid"] == "20724638"
    assert li["authors"] == "Li, Nanxin; Lee, Boyoung; Duman, Ronald S."
    assert li["published"] == "2010-08" and li["publisher"] == "Science"
    assert li["title"].startswith("mTOR-dependent")
    nice = next(s for s in desk.json("source", "list", "--json") if s["url"])
    assert nice["authors"] == "National Institute for Health and Care Excellence"
    assert nice["published"] == "2022" and nice["kind"] == "other"
    assert any(s["authors"] == "Müller, Jörg" for s in desk.json("source", "list", "--json"))

    (tmp_path / "refs.ris").write_text(RIS, encoding="utf-8")
    ris = desk("source", "import", str(tmp_path / "refs.ris"), "--json")
    rows = json.loads(ris.stdout)
    assert [r["state"] for r in rows] == ["registered", "skipped"]
    assert "not a DOI" in ris.stderr
    berman = desk.json("source", "show", rows[0]["source"], "--json")
    assert berman["doi"] == "10.1016/s0006-3223(99)00230-9" and berman["published"] == "2000-02-15"

    (tmp_path / "refs.json").write_text(json.dumps(CSL), encoding="utf-8")
    rows = desk.json("source", "import", str(tmp_path / "refs.json"), "--json")
    assert [r["state"] for r in rows] == ["registered", "matched"]
    assert rows[1]["source"] == li["id"]  # the duplicate DOI is the source we have
    zarate = desk.json("source", "show", "16894061", "--json")
    assert zarate["published"] == "2006-08" and zarate["kind"] == "paper"
    again = desk.json("source", "import", str(tmp_path / "refs.bib"), "--json")
    assert [r["state"] for r in again] == ["matched"] * 3


def test_import_refuses_what_it_cannot_read(desk, tmp_path):
    (tmp_path / "bad.bib").write_text("@article{x, title={unclosed", encoding="utf-8")
    result = desk("source", "import", str(tmp_path / "bad.bib"), ok=False)
    assert result.exit_code == 2 and "BibTeX" in result.stderr
    (tmp_path / "notes.txt").write_text("just words", encoding="utf-8")
    assert desk("source", "import", str(tmp_path / "notes.txt"), ok=False).exit_code == 2
    assert desk.json("source", "list", "--json") == []


@pytest.mark.parametrize(
    ("value", "shown"), [("2019", "2019"), ("2019-05", "2019-05"), ("2019-05-03", "2019-05-03")]
)
def test_published_keeps_its_precision(desk, value, shown):
    out = desk.json(
        "source", "add", "--title", f"Guideline {value}", "--published", value, "--json"
    )
    assert out["published"] == shown


@pytest.mark.parametrize("value", ["2019-13", "2019-02-30", "May 2019", "19"])
def test_published_refuses_nonsense(desk, value):
    result = desk("source", "add", "--title", "G", "--published", value, ok=False)
    assert result.exit_code == 2 and "--published" in result.stderr


VANCOUVER = (
    "Li N, Lee B, Liu RJ, Banasr M, Dwyer JM, Iwata M, et al. mTOR-dependent synapse "
    "formation underlies the rapid antidepressant effects of NMDA antagonists. Science. "
    "2010 Aug 20;329(5994):959-64. doi: 10.1126/science.1190287. PMID: 20724638."
)
AMA = (
    "Zarate CA Jr, Singh JB, Carlson PJ, et al. A randomized trial of an N-methyl-D-aspartate "
    "antagonist in treatment-resistant major depression. Arch Gen Psychiatry. "
    "2006;63(8):856-864. doi:10.1001/archpsyc.63.8.856"
)
APA = (
    "Berman, R. M., Cappiello, A., Anand, A., & Krystal, J. H. (2000). Antidepressant effects "
    "of ketamine in depressed patients. Biological Psychiatry, 47(4), 351–354. "
    "https://doi.org/10.1016/S0006-3223(99)00230-9"
)
ORG = (
    "World Health Organization. Depression and other common mental disorders: global "
    "health estimates. Geneva: WHO; 2017."
)


@pytest.mark.parametrize(
    ("text", "authors", "title", "journal", "year", "doi", "pmid"),
    [
        (
            VANCOUVER,
            ["Li, N.", "Lee, B.", "Liu, R. J."],
            "mTOR-dependent synapse formation "
            "underlies the rapid antidepressant effects of NMDA antagonists",
            "Science",
            2010,
            "10.1126/science.1190287",
            "20724638",
        ),
        (
            AMA,
            ["Zarate, C. A., Jr", "Singh, J. B.", "Carlson, P. J."],
            "A randomized trial of an "
            "N-methyl-D-aspartate antagonist in treatment-resistant major depression",
            "Arch Gen Psychiatry",
            2006,
            "10.1001/archpsyc.63.8.856",
            None,
        ),
        (
            APA,
            ["Berman, R. M.", "Cappiello, A.", "Anand, A.", "Krystal, J. H."],
            "Antidepressant effects of ketamine in depressed patients",
            "Biological Psychiatry",
            2000,
            "10.1016/S0006-3223(99)00230-9",
            None,
        ),
        (
            ORG,
            ["World Health Organization"],
            "Depression and other common mental disorders: global health estimates",
            "Geneva: WHO",
            2017,
            None,
            None,
        ),
    ],
)
def test_citation_strings_are_parsed_into_fields(text, authors, title, journal, year, doi, pmid):
    ref = parse_citation(text)
    assert ref.authors[: len(authors)] == authors
    assert (ref.title, ref.container, ref.year, ref.doi, ref.pmid) == (
        title,
        journal,
        year,
        doi,
        pmid,
    )


def test_unparseable_citation_gives_no_title():
    ref = parse_citation("Yale University")
    assert ref.title is None and ref.authors == [] and ref.year is None


def test_detected_register_stores_parsed_fields_not_the_whole_string(desk, tmp_path):
    story = tmp_path / "story.md"
    story.write_text(
        "# Ketamine works fast\n\nKetamine lifted mood within hours in a 2010 study.\n\n"
        f"## References\n\n1. {VANCOUVER}\n",
        encoding="utf-8",
    )
    desk("article", "add", str(story), "--slug", "fast")
    rows = desk.json("source", "detected", "fast", "--register", "--json")
    [row] = [r for r in rows if r["source"]]
    assert row["year"] == 2010 and row["journal"] == "Science"
    li = desk.json("source", "show", "10.1126/science.1190287", "--json")
    assert li["title"].startswith("mTOR-dependent synapse formation")
    assert li["authors"].startswith("Li, N.; Lee, B.") and li["publisher"] == "Science"
    assert li["published"] == "2010-08-20"
    assert VANCOUVER not in json.dumps(desk.json("source", "list", "--json"))


def test_report_cites_in_the_configured_csl_style(desk, tmp_path):
    desk(
        "source",
        "add",
        "--doi",
        "10.1126/science.1190287",
        "--title",
        "mTOR-dependent synapse formation",
        "--authors",
        "Li N; Lee B; Duman RS",
        "--publisher",
        "Science",
        "--published",
        "2010-08",
    )
    desk("link", "esk:2", "10.1126/science.1190287")
    desk("report", "esk", "--format", "md", "--out", str(tmp_path / "v.md"))
    assert (
        "Li N, Lee B, Duman RS. mTOR-dependent synapse formation. Science 2010."
        in (tmp_path / "v.md").read_text()
    )
    config = tmp_path / "apa.toml"
    config.write_text('[review]\ncitation_style = "apa"\n', encoding="utf-8")
    desk(
        "--config", str(config), "report", "esk", "--format", "md", "--out", str(tmp_path / "a.md")
    )
    assert (
        "Li, N., Lee, B., & Duman, R. S. (2010). mTOR-dependent synapse formation."
        in (tmp_path / "a.md").read_text()
    )
    config.write_text('[review]\ncitation_style = "chicago"\n', encoding="utf-8")
    bad = desk("--config", str(config), "report", "esk", ok=False)
    assert bad.exit_code == 2 and "citation_style" in bad.stderr


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.json", '{"items": 5}'),
        ("b.json", '"just a string"'),
        ("c.json", "[1, 2]"),
        ("d.json", "{not json"),
        ("e.ris", "TY  - JOUR\nTI  - never ends\n"),
        ("f.bib", "@comment{nothing here}\n"),
        ("g.bib", "\xff\xfe"),
    ],
)
def test_hostile_reference_files_fail_in_one_line(desk, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content.encode("latin-1") if name == "g.bib" else content.encode())
    result = desk("source", "import", str(path), ok=False)
    assert result.exit_code == 2 and result.stderr.startswith("factcheck: error:")
    assert "unexpected" not in result.stderr


def test_malformed_csl_fields_are_read_as_missing(desk, tmp_path):
    items = [
        {"title": "Odd date", "issued": "2019"},
        {"title": "Odd parts", "issued": {"date-parts": "x"}},
        {"title": "Odd author", "author": "bob"},
        {"title": ["a list"], "DOI": "10.1000/ok"},
    ]
    (tmp_path / "odd.json").write_text(json.dumps(items), encoding="utf-8")
    rows = desk.json("source", "import", str(tmp_path / "odd.json"), "--json")
    assert [r["state"] for r in rows] == ["registered"] * 4
    assert rows[3]["title"] is None
