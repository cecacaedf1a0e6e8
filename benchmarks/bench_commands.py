"""Start-up cost and the speed and memory of ``due`` and ``check`` at archive scale.

    .venv/bin/python benchmarks/bench_commands.py [--db URL | --keep DIR] [--articles N]
        [--runs K] [--skip-startup] [--skip-archive] [--keep-cache] [--verbose]

Part 1 times, in one run and alternating so machine load hits all alike,
``factcheck --help``, ``factcheck --version`` and a one-line ``verdict`` against the
bare imports they stand on (``python -c "import typer"`` and
``python -c "import typer, sqlmodel"``), and prints the ratios.

Part 2 builds (or reuses) a generated archive — 10,000 articles, 300,000
statements, 1,000,000 verdicts by default (benchmarks/archive.py) — in a SQLite file
(``--keep DIR``, else a temporary folder) or on PostgreSQL (``--db URL``; a missing or
empty database is built first). It times ``due`` and ``check`` in every format: once
cold (the statement-state cache emptied and filled again, as after a policy change;
bar: under 60 s) and then warm, the way they run day to day (bar: under 2 s), each
beside ``python -c "import typer, sqlmodel"`` in the same interleaved runs, with the
ratio to it. Every command's peak memory (the child's maximum resident set) is
printed too (bar: under 500 MB). ``--verbose`` prints the plan of every query ``due``
and ``check`` run: EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite.
Every figure is the median of ``--runs`` wall-clock runs of the installed command,
with the package's bytecode written first, as installing it from a wheel does.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from archive import AS_OF, archive_url, build_archive  # noqa: E402

PY = sys.executable
FACTCHECK = str(Path(PY).with_name("factcheck"))
FLOOR = [PY, "-c", "import typer, sqlmodel"]
WARM_BAR, COLD_BAR, MEMORY_BAR = 2.0, 60.0, 500  # seconds, seconds, MB


@dataclass
class Runs:
    """Wall time, CPU time (user + system) and peak memory of one command's runs.

    CPU time sits beside wall time because on a machine shared by several busy
    people, wall time mostly measures the others.
    """

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)

    def median(self) -> float:
        return statistics.median(self.wall)


def run(cmd: list[str], into: Runs, cwd: Path | None = None) -> float:
    """Run ``cmd`` once; record its wall time, and its own CPU time and peak memory
    (``wait4`` reports them for that one child)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    into.wall.append(elapsed)
    into.cpu.append(usage.ru_utime + usage.ru_stime)
    into.rss_mb.append(usage.ru_maxrss / 1024)  # kilobytes on Linux
    return elapsed


def compile_package() -> None:
    """Write the package's bytecode before timing anything, as installing a wheel does.

    An editable install run with PYTHONDONTWRITEBYTECODE set (as some shells and
    containers do) would compile every module it imports on every run: 35-55 ms of a
    ``due``, which no installed command pays.
    """
    import compileall

    import factcheck

    compileall.compile_dir(Path(factcheck.__file__).parent, quiet=1)


def interleaved(commands: dict[str, list[str]], runs: int, cwd: Path | None = None) -> dict:
    """Run every command ``runs`` times, alternating, so load hits all alike."""
    results = {name: Runs() for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            run(cmd, results[name], cwd)
    return results


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
        t = interleaved(
            {
                "import typer": [PY, "-c", "import typer"],
                "import typer, sqlmodel": FLOOR,
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
    print(f"start-up (median of {runs} runs each, interleaved; wall and CPU):")
    for name, r in t.items():
        cpu = statistics.median(r.cpu)
        print(f"  {name:<24} {r.median() * 1000:7.0f} ms  cpu {cpu * 1000:5.0f} ms")
    for name, floor in (
        ("factcheck --help", "import typer"),
        ("factcheck --version", "import typer"),
        ("factcheck verdict", "import typer, sqlmodel"),
    ):
        ratio = t[name].median() / t[floor].median()
        cpu = statistics.median(t[name].cpu) / statistics.median(t[floor].cpu)
        bar = _bar(ratio <= 1.5, "1.5x") if name == "factcheck --version" else ""
        print(f"  {name:<20} / {floor:<22} = {ratio:.2f}x (cpu {cpu:.2f}x){bar}")


def archive_commands(
    target: Path | str, articles: int, runs: int, *, cold: bool, verbose: bool
) -> None:
    url = archive_url(target)
    if not _built(url):
        build_archive(target, articles=articles)
    day = AS_OF.isoformat()
    base = [FACTCHECK, "--db", url]
    due = [*base, "due", "--as-of", day]
    check = [*base, "check", "--as-of", day]
    if cold:
        _drop_cache(url)
    fill = Runs()
    run([*due, "--format", "json"], fill)
    commands = {
        "due (table, the 50 most urgent)": due,
        "due --format json": [*due, "--format", "json"],
        "due --format csv": [*due, "--format", "csv"],
        "due --format ics": [*due, "--format", "ics"],
        "due --format ics --per-statement": [*due, "--format", "ics", "--per-statement"],
        "check (text)": check,
        "check --format json": [*check, "--format", "json"],
        "check --format github": [*check, "--format", "github"],
        "python -c 'import typer, sqlmodel'": FLOOR,
    }
    warm = interleaved(commands, runs)
    floor = warm.pop("python -c 'import typer, sqlmodel'")
    _summary(url, articles, due)
    what = "cold (empties and refills the state cache)" if cold else "first run (cache kept)"
    print(
        f"  due, {what}: {fill.median():6.2f} s  cpu {fill.cpu[0]:5.2f} s  "
        f"peak {fill.rss_mb[0]:4.0f} MB{_bar(not cold or fill.median() < COLD_BAR, '60 s')}"
    )
    floor_cpu = statistics.median(floor.cpu)
    print(
        f"  warm, median of {runs} interleaved runs: wall and CPU (user+system), each as a "
        f"ratio to python -c 'import typer, sqlmodel' ({floor.median():.2f} s, "
        f"cpu {floor_cpu:.2f} s); peak memory"
    )
    for name, r in warm.items():
        peak, cpu = max(r.rss_mb), statistics.median(r.cpu)
        print(
            f"    {name:<34} {r.median():5.2f} s {r.median() / floor.median():4.2f}x  "
            f"cpu {cpu:5.2f} s {cpu / floor_cpu:4.2f}x  {peak:4.0f} MB"
            f"{_bar(r.median() < WARM_BAR and peak < MEMORY_BAR, '2 s, 500 MB')}"
        )
    if verbose:
        explain(url, [[*due[1:], "--format", "json"], check[1:]])


def _bar(met: bool, bar: str) -> str:
    return "  ok" if met else f"  MISSED (bar: {bar})"


def _summary(url: str, articles: int, due: list[str]) -> None:
    out = subprocess.run([*due, "--format", "json"], capture_output=True, text=True).stdout
    calendar = subprocess.run([*due, "--format", "ics"], capture_output=True).stdout
    listed = out.count('"statement":')
    statuses = {
        s: out.count(f'"status": "{s}"')
        for s in ("needs-correction", "stale", "overdue", "due", "unreviewed")
    }
    print(
        f"archive: {articles:,} articles, {articles * 30:,} statements, "
        f"{articles * 100:,} verdicts ({_shown(url)})"
    )
    print(
        f"  {listed:,} check-worthy statements need review on {AS_OF}: "
        + ", ".join(f"{v:,} {k}" for k, v in statuses.items() if v)
        + f"; due --format ics: {calendar.count(b'BEGIN:VEVENT'):,} events"
    )


def _engine(url: str) -> Any:
    from factcheck.db import make_engine

    return make_engine(url)


def _shown(url: str) -> str:
    from sqlalchemy import make_url

    return make_url(url).render_as_string(hide_password=True)


def _built(url: str) -> bool:
    """Whether ``url`` holds an archive already (a missing database holds none)."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import OperationalError

    if url.startswith("sqlite"):
        return Path(url.removeprefix("sqlite:///")).exists()
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            return "article" in inspect(conn).get_table_names()
    except OperationalError:  # no such database yet
        return False
    finally:
        engine.dispose()


def _drop_cache(url: str) -> None:
    """Empty the statement-state cache, so the next read judges every statement again."""
    from factcheck.store.state import DIRTY_KEY, POLICY_KEY

    engine = _engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM statementstate")
        conn.exec_driver_sql(
            f"DELETE FROM workspacemeta WHERE key IN ('{POLICY_KEY}', '{DIRTY_KEY}')"
        )
    engine.dispose()


def explain(url: str, commands: list[list[str]]) -> None:
    """Run each command in this process, catch the queries it sends, and print the
    database's plan for each (the same SQL, with the same parameters)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from factcheck.cli.main import app

    for argv in commands:
        sent: list[tuple[str, Any]] = []

        def catch(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
            if statement.lstrip().upper().startswith(("SELECT", "WITH")):
                sent.append((statement, params))  # noqa: B023 (read right below)

        event.listen(Engine, "before_cursor_execute", catch)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                app(["--db", url, *argv], standalone_mode=False)
        finally:
            event.remove(Engine, "before_cursor_execute", catch)
        print(f"\nqueries of factcheck {' '.join(argv)}:")
        engine = _engine(url)
        pg = engine.dialect.name == "postgresql"
        prefix = "EXPLAIN ANALYZE " if pg else "EXPLAIN QUERY PLAN "
        with engine.connect() as conn:
            for statement, params in sent:
                if "alembic_version" in statement:
                    continue
                print("\n  " + " ".join(statement.split())[:600])
                for row in conn.exec_driver_sql(prefix + statement, params):
                    print("    " + " | ".join(str(v) for v in row if v is not None))
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--articles", type=int, default=10_000, help="archive size (100000 for the largest)"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each command")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--keep", type=Path, help="folder to keep (and reuse) the SQLite archive in")
    where.add_argument(
        "--db",
        metavar="URL",
        help="a PostgreSQL URL to build (when empty) and run the archive on, e.g. "
        "postgresql+psycopg://postgres@127.0.0.1:5432/fc_bench10k",
    )
    parser.add_argument("--skip-archive", action="store_true", help="time start-up only")
    parser.add_argument("--skip-startup", action="store_true", help="time the archive only")
    parser.add_argument(
        "--keep-cache", action="store_true", help="time warm runs only (no cold state-cache fill)"
    )
    parser.add_argument("--verbose", action="store_true", help="print each query's plan")
    args = parser.parse_args()
    compile_package()
    print(_load())
    if not args.skip_startup:
        startup(args.runs)
    if args.skip_archive:
        return
    options = {"cold": not args.keep_cache, "verbose": args.verbose}
    if args.db:
        archive_commands(args.db, args.articles, args.runs, **options)
    elif args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        archive_commands(args.keep / "archive.db", args.articles, args.runs, **options)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            archive_commands(Path(tmp) / "archive.db", args.articles, args.runs, **options)
    print(_load())


def _load() -> str:
    """The machine's load, printed before and after: figures mean little without it."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


if __name__ == "__main__":
    main()
