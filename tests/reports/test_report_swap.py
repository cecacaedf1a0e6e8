"""``report --all`` replaces its folder whole, and a killed run leaves the old one intact.

The kill test runs the real ``factcheck`` in a child process with worker processes
(``FACTCHECK_PARALLEL_FROM=1``), sends ``kill -9`` to it while the workers render,
and then looks for the workers: they must be gone, and ``reports/`` unchanged.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

FACTCHECK = Path(sys.executable).with_name("factcheck")
ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "yale_ketamine.txt"


def snapshot(folder: Path) -> dict[str, str]:
    """The pages in ``folder`` by hash (the build manifest aside)."""
    pages = (p for p in sorted(folder.iterdir()) if p.name != ".factcheck-build.json")
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in pages}


def children(pid: int) -> list[int]:
    """Live processes whose parent is ``pid`` (read from /proc: no psutil needed)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited


@pytest.fixture
def three_articles(cli, workspace: Path) -> Path:  # type: ignore[no-untyped-def]
    text = ARTICLE.read_text()
    for slug in ("alpha", "beta", "gamma"):
        (workspace / f"{slug}.txt").write_text(text.replace("Ketamine", slug.title()))
        cli("article", "add", f"{slug}.txt", "--slug", slug)
    return workspace


def test_report_all_replaces_the_folder_whole(cli, three_articles: Path) -> None:  # type: ignore[no-untyped-def]
    reports = three_articles / "reports"
    cli("report", "--all", "--as-of", "2019-01-01")
    (reports / "retired-article.html").write_text("an old page")
    cli("report", "--all", "--as-of", "2019-01-01")
    # The old folder was swapped out: no page of an article we no longer hold survives,
    # and no temporary folder is left beside it.
    assert sorted(snapshot(reports)) == ["alpha.html", "beta.html", "gamma.html", "index.html"]
    assert [p.name for p in three_articles.iterdir() if p.name.startswith(".reports")] == []


def test_report_all_keeps_a_checkouts_placeholder(cli, three_articles: Path) -> None:  # type: ignore[no-untyped-def]
    # A fresh clone's reports/ holds only .gitkeep: the README's first command must work
    # there, and the placeholder must survive the swap.
    reports = three_articles / "reports"
    reports.mkdir()
    (reports / ".gitkeep").write_text("")
    cli("report", "--all", "--as-of", "2019-01-01")
    cli("report", "--all", "--as-of", "2019-01-01")
    assert ".gitkeep" in snapshot(reports) and "index.html" in snapshot(reports)


def test_report_all_refuses_a_folder_of_other_files(cli, three_articles: Path) -> None:  # type: ignore[no-untyped-def]
    (three_articles / "site").mkdir()
    (three_articles / "site" / "notes.txt").write_text("mine")
    result = cli("report", "--all", "--out", "site", ok=False)
    assert result.exit_code == 2 and "not a report" in result.stderr
    assert (three_articles / "site" / "notes.txt").read_text() == "mine"


def test_slugs_stored_before_the_rule_never_become_files_or_links(
    cli, three_articles: Path
) -> None:  # type: ignore[no-untyped-def]
    from report_helpers import sql

    sql(three_articles, "UPDATE article SET slug = '../../escaped' WHERE slug = 'alpha'")
    sql(three_articles, "UPDATE article SET slug = 'javascript:alert(1)' WHERE slug = 'beta'")
    result = cli("report", "--all", "--as-of", "2019-01-01")
    assert "skipped ../../escaped" in result.stderr and "skipped javascript:" in result.stderr
    reports = three_articles / "reports"
    assert sorted(snapshot(reports)) == ["gamma.html", "index.html"]
    assert not list(three_articles.parent.parent.rglob("escaped.html"))
    index = (reports / "index.html").read_text()
    assert "alert(1)" in index and 'href="javascript' not in index


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find the workers")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="workers run only with 2+ CPUs")
def test_kill_9_leaves_the_old_folder_and_no_workers(cli, three_articles: Path) -> None:  # type: ignore[no-untyped-def]
    if not FACTCHECK.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    cli("report", "--all", "--as-of", "2019-01-01")
    reports = three_articles / "reports"
    before = snapshot(reports)
    env = {**os.environ, "FACTCHECK_PARALLEL_FROM": "1", "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [str(FACTCHECK), "report", "--all", "--as-of", "2020-06-01"],
        cwd=three_articles,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen: set[int] = set()
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        seen.update(children(proc.pid))
        if len(seen) >= 2:  # the resource tracker and at least one worker
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the report finished before its workers were seen"
    seen.update(children(proc.pid))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 20
    while any(alive(pid) for pid in seen) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in seen if alive(pid)]
    for pid in left:  # do not leak them into the rest of the run
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"orphaned worker processes: {left}"
    assert snapshot(reports) == before
    # The next run sweeps the killed run's temporary folder away.
    cli("report", "--all", "--as-of", "2019-01-01")
    assert [p.name for p in three_articles.iterdir() if p.name.startswith(".reports")] == []
