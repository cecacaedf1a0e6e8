"""User errors: exit 2, one ``factcheck: error:`` line, no traceback, nothing written."""

from __future__ import annotations

import pytest

DOI = "10.1126/science.1190287"


def _files(folder):  # type: ignore[no-untyped-def]
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("\n\n   \n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "png.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    # valid UTF-16 without a BOM is not text we can decode with confidence
    (folder / "undecodable.txt").write_bytes(b"\xff\xfe\xfa\xfb\xfc" * 300 + b"\x00\x81" * 100)
    (folder / "folder").mkdir()


def _listing(folder):  # type: ignore[no-untyped-def]
    # SQLite's -wal/-shm files come and go with connections; the dump covers the data
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("factcheck.db"))


CASES = {
    "missing file": (["article", "add", "missing.txt", "--slug", "x"], ["missing.txt"]),
    "folder": (["article", "add", "folder", "--slug", "x"], ["folder"]),
    "empty file": (["article", "add", "empty.txt", "--slug", "x"], ["empty.txt"]),
    "blank file": (["article", "add", "blank.txt", "--slug", "x"], []),
    "binary file": (["article", "add", "binary.txt", "--slug", "x"], []),
    "png file": (["article", "add", "png.txt", "--slug", "x"], []),
    "undecodable": (["article", "add", "undecodable.txt", "--slug", "x"], []),
    "bad format": (["article", "add", "empty.txt", "--format", "pdf"], ["pdf"]),
    "unknown article": (["article", "show", "nosuch"], ["nosuch"]),
    "unknown article update": (["article", "update", "nosuch", "blank.txt"], []),
    "unknown statement": (
        ["verdict", "ketamine:999", "supported", "--reviewer", "drlee", "--date", "2018-08-09"],
        ["ketamine:999"],
    ),
    "malformed statement id": (
        ["verdict", "ketamine", "supported", "--reviewer", "drlee", "--date", "2018-08-09"],
        ["SLUG:N"],
    ),
    "statement of unknown article": (["history", "nosuch:1"], ["nosuch"]),
    "unknown source": (["source", "show", "src-deadbeef"], ["src-deadbeef"]),
    "unknown source by doi": (["source", "show", "10.9999/nothing"], ["10.9999/nothing"]),
    "unknown source status": (
        ["source", "status", DOI, "vanished", "--date", "2020-01-01"],
        ["vanished"],
    ),
    "unknown verdict": (
        ["verdict", "ketamine:2", "maybe", "--reviewer", "drlee", "--date", "2018-08-09"],
        ["maybe"],
    ),
    "impossible date": (
        ["verdict", "ketamine:2", "supported", "--reviewer", "drlee", "--date", "2018-02-30"],
        ["2018-02-30"],
    ),
    "bad signoff date": (
        ["signoff", "ketamine", "--reviewer", "drlee", "--date", "yesterday"],
        ["yesterday"],
    ),
    "bad as-of": (["article", "show", "ketamine", "--as-of", "2019-13-01"], ["2019-13-01"]),
    "bad DOI": (["source", "add", "--doi", "not-a-doi"], ["not-a-doi"]),
    "unregistered reviewer": (
        ["verdict", "ketamine:2", "supported", "--reviewer", "nobody", "--date", "2018-08-09"],
        ["nobody"],
    ),
    "author reviewing": (
        ["verdict", "ketamine:2", "supported", "--reviewer", "srivera", "--date", "2018-08-09"],
        ["four-eyes"],
    ),
    "unknown option": (["verdict", "ketamine:2", "supported", "--colour", "red"], ["--colour"]),
    "missing argument": (["verdict", "ketamine:2"], []),
    "unknown command": (["frobnicate"], ["frobnicate"]),
    "export nothing": (["export"], ["--all"]),
    "unknown export": (["export", "nosuch"], ["nosuch"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_user_error_is_one_line_and_changes_nothing(
    cli, reviewed, workspace, user_error, dump, case
):
    _files(workspace)
    args, words = CASES[case]
    before = dump(workspace / "factcheck.db")
    listing = _listing(workspace)
    result = cli(*args, ok=False)
    user_error(result, *words)
    assert result.stdout == ""
    assert dump(workspace / "factcheck.db") == before
    assert _listing(workspace) == listing


def test_oversized_article_refused(cli, workspace, user_error):
    config = workspace / "factcheck.toml"
    config.write_text(config.read_text().replace("max_article_bytes = 5000000",
                                                 "max_article_bytes = 100"))  # fmt: skip
    (workspace / "long.txt").write_text("Title\n\n" + "A sentence of the article. " * 20)
    user_error(cli("article", "add", "long.txt", ok=False), "limit")
    assert cli.json("article", "list", "--json") == []


def test_unreachable_database_is_one_line(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "reviewer", "list",
                 ok=False)  # fmt: skip
    assert result.exit_code != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("factcheck: error:")
    assert "Traceback" not in result.stderr


def test_missing_sqlite_folder_is_one_line(cli, tmp_path, monkeypatch, user_error):
    monkeypatch.chdir(tmp_path)
    user_error(cli("--db", str(tmp_path / "no" / "such" / "x.db"), "reviewer", "list",
                   ok=False), "does not exist")  # fmt: skip
    assert not (tmp_path / "no").exists()


def test_errors_in_a_real_process_have_no_traceback(factcheck_proc, tmp_path):
    proc = factcheck_proc("reviewer", "list", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("factcheck: error:") and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr
