"""Review bundles: ``export`` then ``import`` loses nothing, and bad bundles change nothing."""

from __future__ import annotations

import pytest
import yaml


def _strip_hashes(history: list) -> list:  # type: ignore[type-arg]
    for event in history:
        event.pop("hash", None)
        event.pop("actor", None)  # the login differs between the two databases
    return history


@pytest.fixture
def exported(cli, reviewed, workspace):  # type: ignore[no-untyped-def]
    """The reviewed article, plus a superseding verdict, a retraction and a context link,
    exported to bundles/."""
    sid = reviewed["checkworthy"][0]["id"]
    cli("verdict", sid, "outdated", "--reviewer", "drlee", "--date", "2019-03-01", "--note",
        "nasal spray approved")  # fmt: skip
    press = cli("source", "add", "--url", "https://news.yale.edu/k", "--kind", "press-release",
                "--title", "Press release").stdout.strip()  # fmt: skip
    cli("link", sid, press, "--relation", "context", "--locator", "para. 2")
    cli("source", "status", press, "corrected", "--date", "2019-04-01", "--note", "fixed")
    cli("export", "--all", "--out", "bundles")
    return workspace / "bundles"


def _record(cli, where):  # type: ignore[no-untyped-def]
    return {
        "show": cli.json(
            "--db", where, "article", "show", "ketamine", "--json", "--as-of", "2019-08-09"
        ),
        "history": _strip_hashes(cli.json("--db", where, "history", "ketamine", "--json")),
        "sources": cli.json("--db", where, "source", "list", "--json"),
        "list": cli.json("--db", where, "article", "list", "--json", "--as-of", "2019-08-09"),
    }


def test_round_trip_loses_nothing(cli, exported, workspace, tmp_path):
    files = sorted(p.name for p in exported.iterdir())
    assert files == ["ketamine.yaml"]
    bundle = yaml.safe_load((exported / "ketamine.yaml").read_text())
    assert bundle["format"] == "factcheck-bundle/1"
    assert "Ketamine" in bundle["revisions"][0]["text"]
    fresh = tmp_path / "fresh.db"
    result = cli("--db", str(fresh), "import", str(exported))
    assert "imported ketamine" in result.stderr
    original, copy = _record(cli, str(workspace / "factcheck.db")), _record(cli, str(fresh))
    assert copy["show"] == original["show"]
    assert copy["history"] == original["history"]  # recorded_at included
    assert copy["sources"] == original["sources"]
    assert copy["list"] == original["list"]
    reviewers = cli.json("--db", str(fresh), "reviewer", "list", "--json")
    assert reviewers == [{"handle": "drlee", "name": "Dana Lee", "role": "reviewer",
                          "credentials": "PhD, scientific advisory board",
                          "login": None}]  # fmt: skip
    assert cli("--db", str(fresh), "ledger", "verify").exit_code == 0
    # a second export of the copy is the same file, item hashes and seal included:
    # nothing drifted (only the ledger it came from, named at the end, is another)
    cli("--db", str(fresh), "export", "ketamine", "--out", str(tmp_path / "again"))
    again = (tmp_path / "again" / "ketamine.yaml").read_text()
    first = (exported / "ketamine.yaml").read_text()
    assert again.split("\nledger:\n")[0] == first.split("\nledger:\n")[0]
    assert again.split("  seal: ")[1] == first.split("  seal: ")[1]


def test_round_trip_into_postgresql(cli, exported, workspace, pg_url):
    cli("--db", pg_url, "import", str(exported / "ketamine.yaml"))
    assert _record(cli, pg_url) == _record(cli, str(workspace / "factcheck.db"))
    assert cli("--db", pg_url, "ledger", "verify").exit_code == 0


def test_reimport_is_a_no_op(cli, exported, workspace, dump):
    before = dump(workspace / "factcheck.db")
    result = cli("import", str(exported))
    assert "unchanged ketamine" in result.stderr
    assert dump(workspace / "factcheck.db") == before


def _edited(exported, tmp_path, edit):  # type: ignore[no-untyped-def]
    """The bundle edited, and unsealed (no hashes), so checks beyond the seal answer."""
    from factcheck.ledger.seal import unseal

    bundle = unseal(yaml.safe_load((exported / "ketamine.yaml").read_text()))
    edit(bundle)
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.safe_dump(bundle, sort_keys=False))
    return path


@pytest.mark.parametrize(
    "edit",
    [
        lambda b: next(e for e in b["events"] if e["event"] == "verdict").update(note="forged"),
        lambda b: b["article"].update(title="Another title"),
        lambda b: b["events"].pop(),
    ],
    ids=["verdict-note", "title", "dropped-event"],
)
def test_conflicting_bundle_refused_and_nothing_written(
    cli, exported, workspace, tmp_path, user_error, dump, edit
):
    path = _edited(exported, tmp_path, edit)
    before = dump(workspace / "factcheck.db")
    user_error(cli("import", str(path), ok=False), "ketamine")
    assert dump(workspace / "factcheck.db") == before


def test_one_bad_bundle_stops_the_whole_import(cli, exported, tmp_path, user_error, dump):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.yaml").write_text((exported / "ketamine.yaml").read_text())
    (folder / "b.yaml").write_text("format: factcheck-bundle/1\narticle: {}\n")
    fresh = tmp_path / "fresh.db"
    cli("--db", str(fresh), "db", "upgrade")
    before = dump(fresh)
    user_error(cli("--db", str(fresh), "import", str(folder), ok=False), "b.yaml")
    assert dump(fresh) == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("format: factcheck-bundle/1\narticle: [unclosed\n", ["YAML"]),
        ("just: a mapping\n", ["bundle"]),
        ("- a\n- list\n", ["bundle"]),
        ("format: factcheck-bundle/9\n", ["bundle"]),
        ("", ["bundle"]),
        ("\tnot: yaml: at all: [\n", ["YAML"]),
    ],
)
def test_malformed_bundle_is_one_line(cli, workspace, tmp_path, user_error, dump, content, words):
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    before = dump(workspace / "factcheck.db")
    user_error(cli("import", str(path), ok=False), *words)
    assert dump(workspace / "factcheck.db") == before


def test_bundle_that_is_binary_or_missing(cli, workspace, tmp_path, user_error):
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(bytes(range(256)) * 4)
    user_error(cli("import", str(binary), ok=False), "bin.yaml")
    user_error(cli("import", str(tmp_path / "nope.yaml"), ok=False), "nope.yaml")
    (tmp_path / "empty").mkdir()
    user_error(cli("import", str(tmp_path / "empty"), ok=False), "no bundles")


def test_round_trip_of_a_revised_article(cli, reviewed, workspace, tmp_path):  # type: ignore[no-untyped-def]
    """Statement events (added, changed, retired) replay through the same door."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "fixtures" / "yale_ketamine.txt").read_text()
    first = reviewed["checkworthy"][0]["text"]
    revised = text.replace(first, first.replace("hours", "a few hours")).replace(
        "The drug also rebuilt connections", "A new sentence says 9 of 10 rats improved. It"
    )
    (workspace / "v2.txt").write_text(revised)
    diff = cli.json("article", "update", "ketamine", "v2.txt", "--json")
    assert diff["changed"] and diff["added"]
    cli("signoff", "ketamine", "--reviewer", "drlee", "--force", "--note", "text revised")
    cli("export", "ketamine", "--out", "bundles")
    fresh = tmp_path / "fresh.db"
    cli("--db", str(fresh), "import", "bundles")
    original, copy = _record(cli, str(workspace / "factcheck.db")), _record(cli, str(fresh))
    assert copy == original
    cli("--db", str(fresh), "export", "ketamine", "--out", str(tmp_path / "again"))
    again = (tmp_path / "again" / "ketamine.yaml").read_text()
    first = (workspace / "bundles" / "ketamine.yaml").read_text()
    assert again.split("\nledger:\n")[0] == first.split("\nledger:\n")[0]


def test_bundles_carry_hashes_and_the_ledger_head(cli, exported):
    import yaml

    bundle = yaml.safe_load((exported / "ketamine.yaml").read_text(encoding="utf-8"))
    head = cli.json("ledger", "head", "--json")
    assert bundle["ledger"]["head"] == head["head"]
    assert bundle["ledger"]["events"] == head["events"]
    assert all(len(e["hash"]) == 64 for e in bundle["events"])
    assert bundle["ledger"]["seal"] == bundle["events"][-1]["hash"]


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("verdict: outdated", "verdict: supported", "event"),
        ("reviewed_on: '2019-03-01'", "reviewed_on: '2019-02-01'", "event"),
        ("name: Dana Lee", "name: Someone Else", "reviewer drlee"),
        ("relation: context", "relation: supports", "event"),
        ("ketamine", "ketamine", None),  # untouched: imports
    ],
)
def test_an_edited_bundle_is_refused_naming_the_first_bad_item(
    cli, exported, tmp_path, monkeypatch, user_error, old, new, named
):
    path = exported / "ketamine.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.chdir(other)
    cli("init")
    result = cli("import", str(path), ok=False)
    if named is None:
        assert result.exit_code == 0, result.stderr
        return
    user_error(result, "edited after export", named)
    assert cli.json("article", "list", "--json") == []


def test_a_bundle_cut_short_is_refused(cli, exported, tmp_path, monkeypatch, user_error):
    import yaml

    path = exported / "ketamine.yaml"
    bundle = yaml.safe_load(path.read_text(encoding="utf-8"))
    bundle["events"].pop()  # the newest event removed, every hash left as it was
    path.write_text(yaml.safe_dump(bundle, sort_keys=False), encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.chdir(other)
    cli("init")
    user_error(cli("import", str(path), ok=False), "seal")


def _unsay(*fields: str):  # type: ignore[no-untyped-def]
    def edit(bundle):  # type: ignore[no-untyped-def]
        said = [e for e in bundle["events"] if any(f in e for f in fields)]
        assert said, f"the fixture's bundle has no event with {fields}"
        for event in said:
            for f in fields:
                event.pop(f, None)

    return edit


def test_an_older_bundle_of_the_same_record_is_a_no_op(cli, exported, workspace, tmp_path, dump):
    """A bundle written before sign-offs carried their role and coverage leaves them
    for the importer to derive: the same record, not a different one."""
    path = _edited(exported, tmp_path, _unsay("role", "statements_checked", "statements_total"))
    before = dump(workspace / "factcheck.db")
    result = cli("import", str(path))
    assert "unchanged ketamine" in result.stderr
    assert dump(workspace / "factcheck.db") == before


def test_a_derived_field_said_otherwise_is_a_different_record(
    cli, exported, workspace, tmp_path, user_error, dump
):
    def other_role(bundle):  # type: ignore[no-untyped-def]
        next(e for e in bundle["events"] if e["event"] == "signoff").update(role="medical")

    path = _edited(exported, tmp_path, other_role)
    before = dump(workspace / "factcheck.db")
    user_error(cli("import", str(path), ok=False), "different record")
    assert dump(workspace / "factcheck.db") == before
