"""What each ``due`` format's writer costs on an archive's due list, in-process.

    .venv/bin/python benchmarks/bench_due_writers.py --db URL [--as-of DAY]
        [--within N] [--runs K] [--reads]

Reads the due list once through the installed command (``due --format json``, whose
objects are the items every writer reads), then times in this process, the writers
taking turns so machine load hits all alike: ``write_ics`` (an event per article and
day, and ``--per-statement``), ``write_csv``, and ``print_json_list`` (onto a byte
stream, as when piped; beside it the standard library's ``json.dumps`` of the same
items, which wrote it before orjson). It prints the CPU time (``process_time``) of
each, the median and the least of ``--runs`` runs, and the ratio to JSON's.
``--reads`` first times, wall clock, what every format does before its writer:
``most_urgent`` reading the list and its texts (on PostgreSQL at once, on two
connections) and the items made of them. On a shared machine the figures move
together from one process to the next (by a fifth, seen on two busy cores): compare
ratios, or versions within one process. The start-up, which all formats share, is
bench_commands.py's to time.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from archive import AS_OF, archive_url  # noqa: E402

from factcheck import halves  # noqa: E402
from factcheck.cli.output import print_json_list  # noqa: E402
from factcheck.due import RECORD_FIELDS, write_csv, write_ics  # noqa: E402

FACTCHECK = str(Path(sys.executable).with_name("factcheck"))


def writers(items: list[dict[str, Any]], as_of: date) -> dict[str, Callable[[], object]]:
    def json_list() -> None:
        # A text stream over bytes, as stdout is: the JSON goes to its byte buffer.
        with contextlib.redirect_stdout(io.TextIOWrapper(io.BytesIO(), encoding="utf-8")):
            print_json_list(items)

    # The CSV and calendar writers take records, the dicts' fields in a tuple; the
    # calendars in their own order, as the command has the database hand them over.
    records = [tuple(item[field] for field in RECORD_FIELDS) for item in items]
    today = as_of.isoformat()
    by_event = sorted(records, key=lambda r: (r[1], max(r[2] or today, today)))
    by_statement = sorted(records, key=lambda r: r[0])
    return {
        "json": json_list,
        # What the JSON cost before orjson wrote it: the standard library's encoder.
        "json.dumps (stdlib)": lambda: json.dumps(items, ensure_ascii=False),
        "csv": lambda: write_csv(records, io.StringIO()),
        "ics": lambda: write_ics(by_event, io.BytesIO(), as_of=as_of),
        "ics --per-statement": lambda: write_ics(
            by_statement, io.BytesIO(), as_of=as_of, per_statement=True
        ),
    }


def time_reads(url: str, as_of: date, within: int, runs: int) -> None:
    from factcheck.db import make_engine, reading
    from factcheck.store.state import most_urgent

    engine = make_engine(url)
    read, made = [], []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        with reading(engine) as conn:
            listed = most_urgent(conn, as_of=as_of, within=within)
        read.append(time.perf_counter() - start)
        start = time.perf_counter()
        for _item in listed.items():  # each freed as the next is made, as when written
            pass
        made.append(time.perf_counter() - start)
    for name, seconds in (("read list and texts", read), ("items", made)):
        print(f"  {name:20} {statistics.median(seconds) * 1000:7.1f} ms wall (median of {runs})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="database URL or SQLite file")
    parser.add_argument("--as-of", default=AS_OF.isoformat())
    parser.add_argument("--within", type=int, default=0)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reads", action="store_true", help="time the reads too")
    args = parser.parse_args()
    if args.reads:
        time_reads(archive_url(args.db), date.fromisoformat(args.as_of), args.within, args.runs)
    command = [FACTCHECK, "--db", archive_url(args.db), "due", "--as-of", args.as_of]
    command += ["--within", str(args.within), "--format", "json"]
    listed = subprocess.run(command, capture_output=True, text=True, check=True)
    items = json.loads(listed.stdout)
    print(f"{len(items):,} statements due as of {args.as_of} (--within {args.within})")
    # Each writer's whole work in this process: the command hands a long calendar's
    # second half to a child process, whose CPU time process_time() would not count
    # (bench_commands.py times the command as it runs).
    halves.WORTH_IT = sys.maxsize
    timed = writers(items, date.fromisoformat(args.as_of))
    seconds: dict[str, list[float]] = {name: [] for name in timed}
    for _ in range(args.runs):
        for name, write in timed.items():
            gc.collect()  # each run starts from the same heap, not the last one's garbage
            start = time.process_time()
            write()
            seconds[name].append(time.process_time() - start)
    json_median = statistics.median(seconds["json"])
    for name, runs in seconds.items():
        median = statistics.median(runs)
        print(
            f"  {name:20} {median * 1000:7.1f} ms (least {min(runs) * 1000:6.1f} ms)"
            f"  x{median / json_median:4.2f} json's"
        )


if __name__ == "__main__":
    main()
