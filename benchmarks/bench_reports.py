"""Measure ``factcheck report --all`` on a generated 10,000-article archive.

    .venv/bin/python benchmarks/bench_reports.py [--articles N] [--keep DIR] [--format html]

Builds the archive with ``benchmarks/archive.py`` (10,000 articles, 300,000
statements, 1,000,000 verdicts by default) in a fresh workspace, then runs the
installed command as a user would, in a child process, and prints its wall time,
its CPU time (all its processes), its peak memory (max RSS of the largest process)
and what it wrote, with the machine's load average before and after: on a shared
machine the wall time depends on the load, the CPU time much less. Bars: under 60 s,
under 1 GB.
``--keep DIR`` reuses (or creates) the workspace in DIR so reruns skip the build.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from archive import AS_OF, build_archive  # noqa: E402

from factcheck.settings import DEFAULT_TOML  # noqa: E402

FACTCHECK = Path(sys.executable).with_name("factcheck")
TIME_BAR_S, MEMORY_BAR_MB = 60.0, 1024.0


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


def run(folder: Path, fmt: str) -> tuple[float, float, float, int, int]:
    out = folder / "reports"
    shutil.rmtree(out, ignore_errors=True)
    command = [str(FACTCHECK), "report", "--all", "--format", fmt, "--as-of", AS_OF.isoformat()]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"factcheck failed ({done.returncode}): {done.stderr.strip()}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and its workers
    cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    # Linux reports ru_maxrss in KiB: the peak of the largest child waited for.
    peak_mb = usage.ru_maxrss / 1024
    files = list(out.iterdir())
    return seconds, cpu, peak_mb, len(files), sum(f.stat().st_size for f in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="workspace folder to reuse")
    parser.add_argument("--format", default="html", choices=["html", "md", "json"])
    args = parser.parse_args()
    temp = None if args.keep else tempfile.TemporaryDirectory(prefix="bench-reports-")
    folder = args.keep or Path(temp.name)  # type: ignore[union-attr]
    try:
        workspace(folder, args.articles)
        load = os.getloadavg()[0]
        seconds, cpu, peak_mb, files, size = run(folder, args.format)
    finally:
        if temp is not None:
            temp.cleanup()
    ok = seconds < TIME_BAR_S and peak_mb < MEMORY_BAR_MB
    print(
        f"report --all --format {args.format}: {args.articles:,} articles -> {files:,} files "
        f"({size / 1e6:,.0f} MB) in {seconds:.1f} s (CPU {cpu:.1f} s on {os.cpu_count()} cores, "
        f"load {load:.1f} -> {os.getloadavg()[0]:.1f}), peak memory {peak_mb:,.0f} MB "
        f"[bars: < {TIME_BAR_S:.0f} s, < {MEMORY_BAR_MB:,.0f} MB: {'ok' if ok else 'MISSED'}]"
    )


if __name__ == "__main__":
    main()
