"""Sources: identifiers normalised and checked, registered once, linked with evidence."""

from __future__ import annotations

import pytest

from factcheck.errors import InputError
from factcheck.identifiers import check_url, normalize_doi, normalize_pmid

DOI = "10.1126/science.1190287"


@pytest.mark.parametrize(
    "given",
    [
        DOI,
        "10.1126/SCIENCE.1190287",
        "https://doi.org/10.1126/SCIENCE.1190287",
        "http://dx.doi.org/10.1126/science.1190287",
        "doi:10.1126/science.1190287",
        "DOI:10.1126/science.1190287",
        "  https://doi.org/10.1126%2Fscience.1190287 ",
    ],
)
def test_doi_forms_normalise(given):
    assert normalize_doi(given) == DOI


@pytest.mark.parametrize("bad", ["not-a-doi", "10.1/x", "doi:", "11.1126/science.1", ""])
def test_bad_dois_refused(bad):
    with pytest.raises(InputError):
        normalize_doi(bad)


def test_pmid_and_url_checks():
    assert normalize_pmid("PMID: 20724638") == "20724638"
    for bad in ("abc", "0", "-5", "1234567890"):
        with pytest.raises(InputError):
            normalize_pmid(bad)
    assert check_url("https://news.yale.edu/x") == "https://news.yale.edu/x"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "ftp://x.org/a", "news.yale.edu",
                "data:text/html,<script>"):  # fmt: skip
        with pytest.raises(InputError):
            check_url(bad)


def test_add_normalises_and_reports_every_field(cli, workspace):
    src = cli.json("source", "add", "--doi", "https://doi.org/10.1126/SCIENCE.1190287",
                   "--kind", "paper", "--title", "mTOR-dependent synapse formation",
                   "--authors", "Li N; Duman RS", "--published", "2010-08-20",
                   "--publisher", "Science", "--json")  # fmt: skip
    assert src["id"].startswith("src-")
    assert src == {
        "id": src["id"], "kind": "paper", "title": "mTOR-dependent synapse formation",
        "doi": DOI, "pmid": None, "url": None, "authors": "Li N; Duman RS",
        "published": "2010-08-20", "publisher": "Science", "status": "active",
    }  # fmt: skip
    shown = cli.json("source", "show", DOI, "--json")
    assert shown.pop("archived_text") is None  # show also describes the archived text
    assert shown == src
    assert cli.json("source", "show", src["id"], "--json") == {**src, "archived_text": None}
    assert cli.json("source", "list", "--json") == [src]


def test_same_doi_twice_is_the_same_source(cli, workspace):
    first = cli.json("source", "add", "--doi", DOI, "--json")
    again = cli("source", "add", "--doi", "doi:10.1126/SCIENCE.1190287", "--json")
    assert '"id"' in again.stdout and first["id"] in again.stdout
    assert "already registered" in again.stderr
    assert len(cli.json("source", "list", "--json")) == 1


def test_pmid_and_url_sources(cli, workspace):
    pm = cli.json("source", "add", "--pmid", "20724638", "--json")
    assert (pm["pmid"], pm["kind"]) == ("20724638", "paper")
    web = cli.json("source", "add", "--url", "https://news.yale.edu/2010/08/19/ketamine",
                   "--kind", "press-release", "--json")  # fmt: skip
    assert (web["kind"], web["url"]) == (
        "press-release",
        "https://news.yale.edu/2010/08/19/ketamine",
    )
    assert cli.json("source", "show", "20724638", "--json")["id"] == pm["id"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--doi", "not-a-doi", "--kind", "paper"], ["not-a-doi"]),
        (["--pmid", "abc"], ["abc"]),
        (["--pmid", "0"], ["PubMed"]),
        (["--url", "javascript:alert(1)"], ["javascript"]),
        (["--doi", DOI, "--kind", "blog"], ["blog"]),
        (["--doi", DOI, "--published", "2010-02-30"], ["2010-02-30"]),
        ([], ["--doi"]),
    ],
)
def test_bad_source_refused(cli, workspace, user_error, dump, args, words):
    before = dump(workspace / "factcheck.db")
    user_error(cli("source", "add", *args, ok=False), *words)
    assert dump(workspace / "factcheck.db") == before


def test_link_keeps_quote_locator_and_relation(cli, reviewed):
    sid = reviewed["checkworthy"][2]["id"]
    press = cli.json("source", "add", "--url", "https://news.yale.edu/ketamine", "--kind",
                     "press-release", "--json")  # fmt: skip
    cli("link", sid, press["id"], "--quote", "“within hours”", "--locator", "para. 3",
        "--relation", "contradicts")  # fmt: skip
    cli("link", sid, reviewed["paper"]["doi"], "--relation", "context")
    links = [e for e in cli.json("history", sid, "--json") if e["kind"] == "link"]
    assert [(e["source"], e["quote"], e["locator"], e["relation"]) for e in links] == [
        (reviewed["paper"]["id"], "rapid synaptogenesis", "p. 960", "supports"),
        (press["id"], "“within hours”", "para. 3", "contradicts"),
        (reviewed["paper"]["id"], None, None, "context"),
    ]
    shown = cli.json("article", "show", "ketamine", "--json", "--as-of", "2018-09-01")
    statement = next(s for s in shown["statements"] if s["id"] == sid)
    assert set(statement["sources"]) == {reviewed["paper"]["id"], press["id"]}


def test_bad_link_refused(cli, reviewed, workspace, user_error, dump):
    sid = reviewed["checkworthy"][0]["id"]
    before = dump(workspace / "factcheck.db")
    user_error(
        cli("link", sid, reviewed["paper"]["id"], "--relation", "refutes", ok=False), "refutes"
    )
    user_error(cli("link", sid, "src-00000000", ok=False), "src-00000000")
    user_error(cli("link", "ketamine:999", reviewed["paper"]["id"], ok=False), "ketamine:999")
    user_error(cli("link", "nosuch:1", reviewed["paper"]["id"], ok=False), "nosuch")
    assert dump(workspace / "factcheck.db") == before


def test_retracted_source_makes_its_statements_stale(cli, reviewed):
    cli("source", "status", reviewed["paper"]["id"], "retracted", "--date", "2020-01-01",
        "--note", "retraction notice")  # fmt: skip
    assert cli.json("source", "show", DOI, "--json")["status"] == "retracted"
    due = cli.json("due", "--as-of", "2018-09-01", "--format", "json")
    linked = {s["id"] for s in reviewed["checkworthy"]}
    stale = {d["statement"] for d in due if d["reason"] == "source-retracted"}
    assert stale == linked
    assert all(d["status"] == "stale" for d in due if d["statement"] in linked)
