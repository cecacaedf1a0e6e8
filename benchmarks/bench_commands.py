"""Start-up cost and the speed of ``due`` and ``check`` at archive scale.

    .venv/bin/python benchmarks/bench_commands.py [--articles N] [--keep DIR] [--runs K]

Part 1 times, in one run and alternating so machine load hits all alike,
``factcheck --help``, ``factcheck --version`` and a one-line ``verdict`` against the
bare imports they stand on (``python -c "import typer"`` and
``python -c "import typer, sqlmodel"``), and prints the ratios.

Part 2 builds (or reuses) a generated archive — 10,000 articles, 300,000
statements, 1,000,000 verdicts by default (benchmarks/archive.py) — and times
``due`` and ``check`` in each format on it (``due --format ics`` both ways: one event
per article and day, and ``--per-statement``): once cold (the statement-state cache is
filled, as after a policy change) and then warm, the way they run day to day. Bar:
under 2 s.
Every figure is the median of ``--runs`` wall-clock runs of the installed command.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from archive import AS_OF, build_archive  # noqa: E402

PY = sys.executable
FACTCHECK = str(Path(PY).with_name("factcheck"))


# CPU seconds (user + system) of each command's last run, beside its wall time: on a
# machine shared by several busy people, wall time mostly measures the others.
CPU: dict[str, list[float]] = {}


def wall(cmd: list[str], cwd: Path | None = None) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    CPU.setdefault(" ".join(cmd), []).append(cpu)
    return elapsed


def cpu_median(cmd: list[str]) -> float:
    return statistics.median(CPU.get(" ".join(cmd), [0.0]))


def medians(commands: dict[str, list[str]], runs: int, cwd: Path | None = None) -> dict:
    """Run every command ``runs`` times, interleaved, and keep each one's median."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(wall(cmd, cwd))
    return {name: statistics.median(t) for name, t in times.items()}


def startup(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp)
        subprocess.run([FACTCHECK, "init"], cwd=ws, check=True, capture_output=True)
        subprocess.run(
            [FACTCHECK, "reviewer", "add", "drlee", "--name", "Dana Lee"],
            cwd=ws,
            check=True,
            capture_output=True,
        )
        article = ws / "a.txt"
        article.write_text("A title\n\nOne study found that 70 percent of patients improved.\n")
        subprocess.run(
            [FACTCHECK, "article", "add", str(article), "--slug", "a"],
            cwd=ws,
            check=True,
            capture_output=True,
        )
        t = medians(
            {
                "import typer": [PY, "-c", "import typer"],
                "import typer, sqlmodel": [PY, "-c", "import typer, sqlmodel"],
                "factcheck --help": [FACTCHECK, "--help"],
                "factcheck --version": [FACTCHECK, "--version"],
                "factcheck verdict": [
                    FACTCHECK,
                    "verdict",
                    "a:1",
                    "supported",
                    "--reviewer",
                    "drlee",
                    "--date",
                    "2020-01-01",
                ],
            },
            runs,
            cwd=ws,
        )
    print(f"start-up (median of {runs} runs each, interleaved):")
    for name, secs in t.items():
        print(f"  {name:<24} {secs * 1000:7.0f} ms")
    print(
        f"  --help    / import typer           = {t['factcheck --help'] / t['import typer']:.2f}x"
    )
    print(
        f"  --version / import typer           = "
        f"{t['factcheck --version'] / t['import typer']:.2f}x"
    )
    print(
        f"  verdict   / import typer, sqlmodel = "
        f"{t['factcheck verdict'] / t['import typer, sqlmodel']:.2f}x"
    )


def archive_commands(folder: Path, articles: int, runs: int, cold: bool = True) -> None:
    db = folder / "archive.db"
    if not db.exists():
        folder.mkdir(parents=True, exist_ok=True)
        build_archive(db, articles=articles, verdicts=articles * 100)
    day = AS_OF.isoformat()
    base = [FACTCHECK, "--db", str(db)]
    due = [*base, "due", "--as-of", day]
    check = [*base, "check", "--as-of", day]
    if cold:
        _drop_cache(db)
    first = wall([*due, "--format", "json"])
    warm_commands = {
        "due (table, the 50 most urgent)": due,
        "due --format json": [*due, "--format", "json"],
        "due --format csv": [*due, "--format", "csv"],
        "due --format ics": [*due, "--format", "ics"],
        "due --format ics --per-statement": [*due, "--format", "ics", "--per-statement"],
        "check (text)": check,
        "check --format json": [*check, "--format", "json"],
        "check --format github": [*check, "--format", "github"],
        "python -c 'import typer, sqlmodel'": [PY, "-c", "import typer, sqlmodel"],
    }
    warm = medians(warm_commands, runs)
    out = subprocess.run(
        [*due, "--format", "json"], capture_output=True, text=True, check=False
    ).stdout
    listed = out.count('"statement":')
    calendar = subprocess.run([*due, "--format", "ics"], capture_output=True, check=False).stdout
    events = calendar.count(b"BEGIN:VEVENT")
    statuses = {
        s: out.count(f'"status": "{s}"')
        for s in ("needs-correction", "stale", "overdue", "due", "unreviewed")
    }
    print(
        f"archive: {articles:,} articles, {articles * 30:,} statements, "
        f"{articles * 100:,} verdicts ({db})"
    )
    print(
        f"  {listed:,} check-worthy statements need review on {day}: "
        + ", ".join(f"{v:,} {k}" for k, v in statuses.items() if v)
    )
    print(f"  due, {'cold (fills the state cache)' if cold else 'first run'}  {first:6.2f} s")
    print(f"  warm, median of {runs} interleaved runs (wall, and CPU user+system):")
    for name, secs in warm.items():
        bar = "" if name.startswith("python") else ("  ok" if secs < 2 else "  MISSED (bar: 2 s)")
        cpu = cpu_median(warm_commands[name])
        print(f"    {name:<40} {secs:6.2f} s  cpu {cpu:5.2f} s{bar}")
    print(
        f"  due --format ics: {events:,} events (one per article and day) for {listed:,} statements"
    )


def _drop_cache(db: Path) -> None:
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM statementstate")
        conn.execute("DELETE FROM workspacemeta")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="folder to keep (and reuse) the archive in")
    parser.add_argument("--skip-archive", action="store_true")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument(
        "--keep-cache", action="store_true", help="time warm runs only (no cold state-cache fill)"
    )
    args = parser.parse_args()
    if not args.skip_startup:
        startup(args.runs)
    if args.skip_archive:
        return
    if args.keep:
        archive_commands(args.keep, args.articles, args.runs, cold=not args.keep_cache)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            archive_commands(Path(tmp), args.articles, args.runs)


if __name__ == "__main__":
    main()
