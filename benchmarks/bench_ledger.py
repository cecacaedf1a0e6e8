"""The ledger under load: 8 writer processes x 500 verdicts, then ``ledger verify``.

    python benchmarks/bench_ledger.py                       # SQLite, 8 x 500
    python benchmarks/bench_ledger.py --pg postgresql+psycopg://postgres@127.0.0.1/test
    python benchmarks/bench_ledger.py --archive /tmp/archive.db   # verify at scale

Each writer is its own OS process with its own engine, recording verdicts one
transaction at a time through the domain functions (as ``factcheck verdict`` does,
without the start-up cost). Afterwards the script counts verdicts and ledger events
and verifies the ledger; any loss or break exits 1. With ``--pg`` it makes a fresh
database on that server and drops it afterwards. ``--archive`` times ``ledger verify``
on the generated newsroom archive (built there first if missing, see archive.py).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from factcheck.db import make_engine, session_scope, upgrade
from factcheck.ingest import read_article
from factcheck.ledger.verify import head, verify
from factcheck.models import Verdict
from factcheck.review import record_verdict
from factcheck.settings import Settings
from factcheck.store.articles import add_article
from factcheck.store.reviewers import add_reviewer

ARTICLE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "yale_ketamine.txt"


def _writer(url: str, k: int, each: int) -> None:
    engine = make_engine(url)
    for i in range(each):
        with session_scope(engine, write=True) as session:
            record_verdict(
                session=session,
                settings=Settings(),
                statement_id=f"ketamine:{k % 11 + 1}",
                verdict="supported",
                reviewer="drlee",
                reviewed_on=date(2018, 8, 8),
                note=f"w{k}-{i}",
            )
    engine.dispose()


def writers(url: str, n: int, each: int) -> dict[str, float]:
    engine = make_engine(url)
    upgrade(engine)
    with session_scope(engine, write=True) as session:
        add_reviewer(session=session, handle="drlee", name="Dana Lee")
        parsed = read_article(ARTICLE.read_bytes(), name=ARTICLE.name)
        add_article(session=session, parsed=parsed, slug="ketamine")
    with session_scope(engine) as session:
        before, _ = head(session)
    start = time.perf_counter()
    procs = [multiprocessing.Process(target=_writer, args=(url, k, each)) for k in range(n)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    wall = time.perf_counter() - start
    failed = [p.exitcode for p in procs if p.exitcode != 0]
    with session_scope(engine) as session:
        verdicts = session.execute(select(func.count()).select_from(Verdict)).scalar_one()
        events, _ = head(session)
        start = time.perf_counter()
        outcome = verify(session)
        verify_s = time.perf_counter() - start
    engine.dispose()
    ok = not failed and verdicts == n * each and events - before == n * each
    return {
        "writers": n,
        "verdicts": verdicts,
        "events added": events - before,
        "failed writers": len(failed),
        "seconds": round(wall, 1),
        "verdicts/s": round(verdicts / wall, 1),
        "verify s": round(verify_s, 2),
        "intact": outcome.broken is None,
        "ok": ok and outcome.broken is None,
    }


def on_postgresql(server: str, n: int, each: int) -> dict[str, float]:
    name = f"factcheck_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        return writers(url, n, each)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def archive_verify(path: Path) -> dict[str, float]:
    if not path.exists():
        sys.path.insert(0, str(Path(__file__).parent))
        from archive import build_archive

        build_archive(path)
    engine = make_engine(f"sqlite:///{path}")
    with session_scope(engine) as session:
        wall, cpu = time.perf_counter(), time.process_time()
        outcome = verify(session)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    engine.dispose()
    return {
        "events": outcome.events,
        "verify s (wall)": round(wall, 1),
        "verify s (cpu)": round(cpu, 1),
        "intact": outcome.broken is None,
        "ok": outcome.broken is None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--each", type=int, default=500, help="verdicts per writer")
    parser.add_argument("--pg", metavar="URL", help="a PostgreSQL server URL to test on too")
    parser.add_argument("--archive", metavar="PATH", type=Path, help="time verify on it")
    args = parser.parse_args()
    results = {}
    if args.archive:
        results["archive"] = archive_verify(args.archive)
    else:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'bench.db'}"
            results["sqlite"] = writers(url, args.writers, args.each)
        if args.pg:
            results["postgresql"] = on_postgresql(args.pg, args.writers, args.each)
    for where, figures in results.items():
        print(where + ": " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    return 0 if all(r["ok"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
