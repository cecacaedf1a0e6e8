"""Bundles carry the desk's record too: assignments and archived source texts."""

from __future__ import annotations

import yaml
from test_evidence import PAGES, make_pdf


def _desk_record(desk, db: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    def ask(*args: str):  # type: ignore[no-untyped-def]
        return desk.cli.json("--db", db, *args)

    history = ask("history", "esk", "--json")
    for event in history:  # row ids, hashes and logins differ between databases
        for field in ("event", "hash", "actor", "withdrawn_by"):
            event.pop(field, None)
    return {
        "queue": ask("queue", "--reviewer", "drlee", "--json", "--as-of", "2030-01-01"),
        "evidence": ask("evidence", "esk:6", "--json"),
        "history": history,
        "sources": ask("source", "list", "--json"),
    }


def test_round_trip_keeps_assignments_and_source_texts(desk, tmp_path):
    desk("reviewer", "add", "ked", "--name", "Kim Ed", "--role", "editor")
    paper = desk.json("source", "add", "--doi", "10.1000/trial.2", "--title", "Trial", "--json")
    sid = paper["id"]
    desk("source", "attach", sid, str(make_pdf(tmp_path / "paper.pdf", PAGES)),
         "--date", "2024-03-01")  # fmt: skip
    desk("link", "esk:6", sid, "--quote", "61 percent of patients improved", "--locator", "p. 2")
    desk("assign", "esk", "--to", "drlee", "--due", "2030-02-01", "--reviewer", "ked")
    desk("assign", "esk:6", "--to", "drlee", "--note", "check the figure", "--reviewer", "ked")
    desk("export", "esk", "--out", str(tmp_path / "bundles"))
    [path] = (tmp_path / "bundles").iterdir()
    kinds = [e["event"] for e in yaml.safe_load(path.read_text(encoding="utf-8"))["events"]]
    assert kinds.count("assignment") == 2 and kinds.count("source-text") == 1

    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert "imported" in desk.cli("--db", fresh, "import", str(path)).stderr
    original, copy = _desk_record(desk, desk.db), _desk_record(desk, fresh)
    assert copy == original
    assert copy["evidence"][0]["locator"] == "p. 2"  # the pages came along
    assert any(e["kind"] == "assignment" for e in copy["history"])
    assert desk.cli("--db", fresh, "ledger", "verify").exit_code == 0
    # the same bundle again, here or there, changes nothing
    assert "unchanged" in desk.cli("--db", fresh, "import", str(path)).stderr
    assert "unchanged" in desk("import", str(path)).stderr


def test_an_assignment_by_a_non_editor_is_refused(desk, tmp_path):
    desk("reviewer", "add", "ked", "--name", "Kim Ed", "--role", "editor")
    desk("assign", "esk", "--to", "drlee", "--reviewer", "ked")
    desk("export", "esk", "--out", str(tmp_path / "bundles"))
    [path] = (tmp_path / "bundles").iterdir()
    bundle = yaml.safe_load(path.read_text(encoding="utf-8"))
    bundle.pop("ledger")  # unsealed, so the replay's own rules answer
    for event in bundle["events"]:
        event.pop("hash", None)
        if event["event"] == "assignment":
            event["by"] = "drlee"
    path.write_text(yaml.safe_dump(bundle, sort_keys=False), encoding="utf-8")
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = desk.cli("--db", fresh, "import", str(path), ok=False)
    assert result.exit_code == 2 and "only editors and admins assign" in result.stderr
    assert desk.cli.json("--db", fresh, "article", "list", "--json") == []
