"""Measure ``factcheck report --all`` on a generated 10,000-article archive.

    .venv/bin/python benchmarks/bench_reports.py [--articles N] [--keep DIR]
        [--format html] [--only full|verdict|unchanged]

Builds the archive with ``benchmarks/archive.py`` (10,000 articles, 300,000
statements, 1,000,000 verdicts by default) in a fresh workspace, or reuses the one in
``--keep DIR`` (a folder with ``factcheck.db`` and ``factcheck.toml``), then runs the
installed command as a user would and prints, per figure, its wall time, its CPU time
(all its processes), its peak memory (max RSS of the largest process) and what it
wrote, with the machine's load average before and after: on a shared machine the
wall time depends on the load, the CPU time much less. The figures:

- ``full``: ``report --all --full`` into an empty folder. Bars: under 60 s, 300 MB.
- ``verdict``: one verdict recorded after an up-to-date build, then ``report --all``,
  which renders that article's page and the dashboard. Bar: under 3 s.
- ``unchanged``: ``report --all`` again, with nothing recorded since. Bar: under 3 s.

Each command runs under a small fresh Python process that reports its children's
``RUSAGE_CHILDREN``: on Linux a child's ``ru_maxrss`` starts from its parent's resident
size, and the benchmark's own process may have just built the archive.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from archive import AS_OF, build_archive  # noqa: E402

from factcheck.settings import DEFAULT_TOML  # noqa: E402

FACTCHECK = Path(sys.executable).with_name("factcheck")
FULL_BARS = (60.0, 300.0)  # seconds, MB
INCREMENTAL_BAR = 3.0  # seconds
FIGURES = ("full", "verdict", "unchanged")

# Run argv[1:], then print its wall time, CPU time and largest max RSS (KiB on Linux).
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_kb": usage.ru_maxrss, "code": done.returncode,
                  "stderr": done.stderr}))
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu: float
    peak_mb: float
    stderr: str
    load: tuple[float, float]  # 1-minute load average before and after


def workspace(folder: Path, articles: int) -> Path:
    db = folder / "factcheck.db"
    if db.exists():
        print(f"reusing {db}")
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "factcheck.toml").write_text(DEFAULT_TOML, encoding="utf-8")
    verdicts = articles * 100  # the archive's ratio: 1,000,000 for 10,000 articles
    build_archive(db, articles=articles, statements_per_article=30, verdicts=verdicts)
    return folder


def factcheck(folder: Path, *args: str) -> Run:
    """Run ``factcheck ARGS`` in ``folder`` under a fresh measuring process."""
    load = os.getloadavg()[0]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(FACTCHECK), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(done.stdout)
    if data["code"] != 0:
        sys.exit(f"factcheck {' '.join(args)} failed ({data['code']}): {data['stderr'].strip()}")
    peak_mb = data["peak_kb"] / 1024
    return Run(data["seconds"], data["cpu"], peak_mb, data["stderr"], (load, os.getloadavg()[0]))


def report_all(folder: Path, fmt: str, *extra: str) -> Run:
    return factcheck(folder, "report", "--all", "--format", fmt, "--as-of", str(AS_OF), *extra)


def full(folder: Path, fmt: str) -> tuple[Run, bool]:
    shutil.rmtree(folder / "reports", ignore_errors=True)
    run = report_all(folder, fmt, "--full")
    return run, run.seconds < FULL_BARS[0] and run.peak_mb < FULL_BARS[1]


def verdict(folder: Path, fmt: str) -> tuple[Run, bool]:
    report_all(folder, fmt)  # up to date first (a full build if there was none)
    note = f"benchmark {time.time():.0f}"  # each run records a new verdict
    factcheck(folder, "verdict", "article-00001:1", "supported", "--reviewer", "rev1",
              "--date", str(AS_OF), "--note", note)  # fmt: skip
    run = report_all(folder, fmt)
    return run, run.seconds < INCREMENTAL_BAR and "wrote 1 report" in run.stderr


def unchanged(folder: Path, fmt: str) -> tuple[Run, bool]:
    report_all(folder, fmt)  # up to date first
    run = report_all(folder, fmt)
    return run, run.seconds < INCREMENTAL_BAR and "up to date" in run.stderr


def describe(figure: str, run: Run, ok: bool, folder: Path) -> str:
    files = [p for p in (folder / "reports").iterdir() if not p.name.startswith(".")]
    size = sum(p.stat().st_size for p in files)
    bars = (
        f"< {FULL_BARS[0]:.0f} s, < {FULL_BARS[1]:.0f} MB"
        if figure == "full"
        else f"< {INCREMENTAL_BAR:.0f} s"
    )
    said = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ""
    return (
        f"{figure}: {run.seconds:.1f} s (CPU {run.cpu:.1f} s on {os.cpu_count()} cores, "
        f"load {run.load[0]:.1f} -> {run.load[1]:.1f}), peak memory {run.peak_mb:,.0f} MB; "
        f"folder {len(files):,} files ({size / 1e6:,.0f} MB); factcheck said: {said} "
        f"[bars: {bars}: {'ok' if ok else 'MISSED'}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="workspace folder to reuse")
    parser.add_argument("--format", default="html", choices=["html", "md", "json"])
    parser.add_argument("--only", choices=FIGURES, help="measure one figure")
    args = parser.parse_args()
    temp = None if args.keep else tempfile.TemporaryDirectory(prefix="bench-reports-")
    folder = args.keep or Path(temp.name)  # type: ignore[union-attr]
    measures = {"full": full, "verdict": verdict, "unchanged": unchanged}
    try:
        workspace(folder, args.articles)
        print(f"report --all --format {args.format}, {args.articles:,} articles:")
        for figure in [args.only] if args.only else FIGURES:
            run, ok = measures[figure](folder, args.format)
            print(describe(figure, run, ok, folder), flush=True)
    finally:
        if temp is not None:
            temp.cleanup()


if __name__ == "__main__":
    main()
