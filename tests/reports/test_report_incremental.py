"""``report --all`` renders only what changed, and writes what a full build writes.

Each test builds, changes the record, builds again (incrementally), then builds
everything afresh into another folder with ``--full`` and compares every file byte
for byte, the manifest included. File stamps (inode and mtime) tell which files a
build wrote: a kept page is a hard link to the old one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from report_helpers import sql

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "yale_ketamine.txt"
AS_OF = "2019-06-01"
MANIFEST = ".factcheck-build.json"
EVERY_FILE = {"alpha.html", "beta.html", "gamma.html", "index.html", MANIFEST}


@pytest.fixture
def newsroom(cli, workspace: Path) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Three reviewed articles: alpha and beta cite one paper, gamma another."""
    cli("reviewer", "add", "drlee", "--name", "Dana Lee")
    papers = [
        cli.json("source", "add", "--url", f"https://example.org/p{n}", "--kind", "paper",
                 "--title", f"Paper {n}", "--published", "2010-08-20", "--json")["id"]
        for n in (1, 2)
    ]  # fmt: skip
    statements = {}
    for slug, paper in (("alpha", papers[0]), ("beta", papers[0]), ("gamma", papers[1])):
        (workspace / f"{slug}.txt").write_text(ARTICLE.read_text().replace("Ketamine", slug))
        article = cli.json("article", "add", f"{slug}.txt", "--slug", slug, "--json")
        worthy = [s["id"] for s in article["statements"] if s["checkworthy"]]
        for sid in worthy[:3]:
            cli("link", sid, paper, "--quote", "rapid synaptogenesis", "--locator", "p. 960")
            cli("verdict", sid, "supported", "--reviewer", "drlee", "--date", "2018-08-08")
        statements[slug] = worthy
    return {"papers": papers, "statements": statements}


def build(cli, *args: str):  # type: ignore[no-untyped-def]
    return cli("report", "--all", "--as-of", AS_OF, *args)


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.iterdir()}


def rewritten(before: dict[str, tuple[int, int]], folder: Path) -> set[str]:
    return {name for name, stamp in stamps(folder).items() if before.get(name) != stamp}


def rebuild(cli, workspace: Path, change: Callable[[], object], *args: str) -> tuple[set[str], Any]:  # type: ignore[no-untyped-def]
    """Build, ``change`` the record, build again: the files the second build wrote, and
    what it said."""
    build(cli, *args)
    before = stamps(workspace / "reports")
    change()
    result = build(cli, *args)
    return rewritten(before, workspace / "reports"), result


def assert_same_as_full_build(cli, workspace: Path, *args: str) -> None:  # type: ignore[no-untyped-def]
    fresh = workspace / "fresh"
    build(cli, "--full", "--out", str(fresh), *args)
    ours = {p.name: p.read_bytes() for p in (workspace / "reports").iterdir()}
    theirs = {p.name: p.read_bytes() for p in fresh.iterdir()}
    assert sorted(ours) == sorted(theirs)
    for name, data in theirs.items():
        assert ours[name] == data, f"{name} differs from a full build's"


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_a_verdict_rewrites_its_article_and_the_dashboard(cli, workspace, newsroom, fmt) -> None:  # type: ignore[no-untyped-def]
    sid = newsroom["statements"]["alpha"][4]
    written, result = rebuild(
        cli,
        workspace,
        lambda: cli("verdict", sid, "misleading", "--reviewer", "drlee", "--date", "2019-05-01"),
        "--format",
        fmt,
    )
    assert written == {f"alpha.{fmt}", f"index.{fmt}", MANIFEST}
    assert "wrote 1 report and the dashboard (2 unchanged)" in result.stderr
    assert "misleading" in (workspace / "reports" / f"alpha.{fmt}").read_text()
    assert_same_as_full_build(cli, workspace, "--format", fmt)


def test_workers_render_the_changed_pages_the_same(cli, workspace, newsroom, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FACTCHECK_PARALLEL_FROM", "1")

    def two_verdicts() -> None:
        for slug in ("alpha", "gamma"):
            sid = newsroom["statements"][slug][5]
            cli("verdict", sid, "outdated", "--reviewer", "drlee", "--date", "2019-05-01")

    written, _ = rebuild(cli, workspace, two_verdicts)
    assert written == {"alpha.html", "gamma.html", "index.html", MANIFEST}
    assert_same_as_full_build(cli, workspace)


def test_a_retraction_rewrites_every_article_citing_the_source(cli, workspace, newsroom) -> None:  # type: ignore[no-untyped-def]
    paper = newsroom["papers"][0]
    written, _ = rebuild(
        cli, workspace, lambda: cli("source", "status", paper, "retracted", "--date", "2019-03-01")
    )
    assert written == {"alpha.html", "beta.html", "index.html", MANIFEST}
    assert "retracted" in (workspace / "reports" / "beta.html").read_text()
    assert_same_as_full_build(cli, workspace)


def test_a_new_article_gets_its_page_and_a_line_on_the_dashboard(cli, workspace, newsroom) -> None:  # type: ignore[no-untyped-def]
    (workspace / "delta.txt").write_text(ARTICLE.read_text().replace("Ketamine", "Delta"))
    written, _ = rebuild(
        cli, workspace, lambda: cli("article", "add", "delta.txt", "--slug", "delta")
    )
    assert written == {"delta.html", "index.html", MANIFEST}
    assert 'href="delta.html"' in (workspace / "reports" / "index.html").read_text()
    assert_same_as_full_build(cli, workspace)


def test_a_retired_article_keeps_its_page_off_the_dashboard(cli, workspace, newsroom) -> None:  # type: ignore[no-untyped-def]
    written, _ = rebuild(
        cli,
        workspace,
        lambda: cli("article", "retire", "beta", "--note", "gone", "--reviewer", "drlee"),
    )
    assert written == {"beta.html", "index.html", MANIFEST}
    assert 'href="beta.html"' not in (workspace / "reports" / "index.html").read_text()
    assert_same_as_full_build(cli, workspace)


def test_the_page_of_an_article_no_longer_held_is_removed(cli, workspace, newsroom) -> None:  # type: ignore[no-untyped-def]
    build(cli)
    reports = workspace / "reports"
    # Renamed behind the tool's back: no ledger entry says so, the slug list does.
    sql(workspace, "UPDATE article SET slug = 'gamma-2' WHERE slug = 'gamma'")
    build(cli)
    names = {p.name for p in reports.iterdir()}
    assert "gamma.html" not in names and "gamma-2.html" in names
    assert_same_as_full_build(cli, workspace)


def test_an_unchanged_record_writes_nothing(cli, workspace, newsroom) -> None:  # type: ignore[no-untyped-def]
    build(cli)
    reports = workspace / "reports"
    before, folder = stamps(reports), reports.stat().st_ino
    result = build(cli)
    assert stamps(reports) == before and reports.stat().st_ino == folder
    assert "reports up to date (3 unchanged)" in result.stderr


def test_pages_name_the_newest_entry_bearing_on_their_article(cli, workspace, newsroom) -> None:  # type: ignore[no-untyped-def]
    build(cli)
    reports = workspace / "reports"
    gamma = (reports / "gamma.html").read_text()
    sid = newsroom["statements"]["alpha"][4]
    cli("verdict", sid, "misleading", "--reviewer", "drlee", "--date", "2019-05-01")
    head = cli.json("ledger", "head", "--json")["head"]
    build(cli)
    assert f"Built from ledger head {head}" in (reports / "alpha.html").read_text()
    assert f"Built from ledger head {head}" in (reports / "index.html").read_text()
    assert (reports / "gamma.html").read_text() == gamma  # an older entry: gamma's own


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(("--as-of", "2019-06-02"), id="another as-of day"),
        pytest.param(("--full",), id="--full"),
    ],
)
def test_a_global_change_rewrites_every_page(cli, workspace, newsroom, change) -> None:  # type: ignore[no-untyped-def]
    build(cli)
    reports = workspace / "reports"
    before = stamps(reports)
    cli("report", "--all", "--as-of", AS_OF, *change)
    assert rewritten(before, reports) == EVERY_FILE


def test_settings_that_shape_pages_rewrite_every_page(cli, workspace, newsroom) -> None:  # type: ignore[no-untyped-def]
    toml = workspace / "factcheck.toml"
    text = toml.read_text().replace('date_format = "d MMM y"', 'date_format = "y-MM-dd"')
    written, _ = rebuild(cli, workspace, lambda: toml.write_text(text))
    assert written == EVERY_FILE
    assert_same_as_full_build(cli, workspace)


@pytest.mark.parametrize("manifest", ["{not json", '{"schema": 1}', None])
def test_a_broken_or_missing_manifest_means_full(cli, workspace, newsroom, manifest) -> None:  # type: ignore[no-untyped-def]
    build(cli)
    reports = workspace / "reports"
    if manifest is None:
        (reports / MANIFEST).unlink()
    else:
        (reports / MANIFEST).write_text(manifest)
    before = stamps(reports)
    build(cli)
    assert rewritten(before, reports) == EVERY_FILE
    assert_same_as_full_build(cli, workspace)


def test_a_manifest_naming_pages_that_are_gone_renders_them(cli, workspace, newsroom) -> None:  # type: ignore[no-untyped-def]
    build(cli)
    reports = workspace / "reports"
    (reports / "beta.html").unlink()
    (reports / "stray.html").write_text("not ours")
    build(cli)
    assert {p.name for p in reports.iterdir()} == EVERY_FILE
    assert_same_as_full_build(cli, workspace)


def test_a_page_written_by_name_makes_the_next_build_full(cli, workspace, newsroom) -> None:  # type: ignore[no-untyped-def]
    build(cli)
    reports = workspace / "reports"
    cli("report", "alpha", "beta", "--as-of", AS_OF)  # and a dashboard of two articles
    assert not (reports / MANIFEST).exists()
    before = stamps(reports)
    build(cli)
    assert rewritten(before, reports) == EVERY_FILE
    assert_same_as_full_build(cli, workspace)


def test_full_needs_all(cli, workspace, newsroom) -> None:  # type: ignore[no-untyped-def]
    result = cli("report", "alpha", "--full", ok=False)
    assert result.exit_code == 2 and "--full goes with --all" in result.stderr
    assert not (workspace / "reports").exists()


@pytest.fixture
def on_db(db_url: str, monkeypatch: pytest.MonkeyPatch, clean_env: None) -> str:
    """The workspace's database is ``db_url`` (set after clean_env, before the workspace)."""
    monkeypatch.setenv("FACTCHECK_DB", db_url)
    return db_url


def test_incremental_equals_full_on_both_databases(on_db, newsroom, cli, workspace) -> None:  # type: ignore[no-untyped-def]
    def correction_and_verdict() -> None:
        cli("source", "status", newsroom["papers"][1], "corrected", "--date", "2019-03-01")
        cli("verdict", newsroom["statements"]["beta"][4], "outdated", "--reviewer", "drlee",
            "--date", "2019-05-01")  # fmt: skip

    written, _ = rebuild(cli, workspace, correction_and_verdict)
    assert written == {"beta.html", "gamma.html", "index.html", MANIFEST}
    assert_same_as_full_build(cli, workspace)


def test_pages_a_format_skips_stay_skipped_and_said(cli, workspace, newsroom) -> None:  # type: ignore[no-untyped-def]
    from report_helpers import set_publisher

    set_publisher(workspace)
    cli("article", "edit", "alpha", "--url", "https://example.org/alpha", "--reviewer", "drlee")
    build(cli, "--format", "claimreview")
    sid = newsroom["statements"]["alpha"][4]
    cli("verdict", sid, "misleading", "--reviewer", "drlee", "--date", "2019-05-01")
    result = build(cli, "--format", "claimreview")
    assert "wrote 1 report (2 unchanged)" in result.stderr
    assert "skipped beta:" in result.stderr and "skipped gamma:" in result.stderr
    assert {p.name for p in (workspace / "reports").iterdir()} == {
        "alpha.claimreview.json", MANIFEST
    }  # fmt: skip
    assert_same_as_full_build(cli, workspace, "--format", "claimreview")
    again = build(cli, "--format", "claimreview")
    assert "up to date" in again.stderr and "skipped beta:" in again.stderr


def test_a_failed_build_leaves_the_folder_as_it_was(cli, workspace, newsroom, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import factcheck.reports.publish as publish

    build(cli)
    reports = workspace / "reports"
    before = {p.name: p.read_bytes() for p in reports.iterdir()}
    sid = newsroom["statements"]["alpha"][4]
    cli("verdict", sid, "misleading", "--reviewer", "drlee", "--date", "2019-05-01")
    real = publish.write_atomic

    def fail_on_the_dashboard(path: Path, text: str | bytes) -> Path:
        if path.name == "index.html":  # the page is written, the dashboard not yet
            raise OSError("disk full")
        return real(path, text)

    monkeypatch.setattr(publish, "write_atomic", fail_on_the_dashboard)
    assert cli("report", "--all", "--as-of", AS_OF, ok=False).exit_code != 0
    assert {p.name: p.read_bytes() for p in reports.iterdir()} == before
    assert [p.name for p in workspace.iterdir() if p.name.startswith(".reports")] == []
    monkeypatch.setattr(publish, "write_atomic", real)
    build(cli)
    assert_same_as_full_build(cli, workspace)
