"""Helpers for the core tests: the installed ``factcheck`` script, database dumps,
and the one-line error contract (exit 2, one ``factcheck: error:`` line)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

FACTCHECK = Path(sys.executable).with_name("factcheck")


def run_factcheck(*args: str, cwd: Path, env: dict | None = None, **kw):  # type: ignore[no-untyped-def]
    """``factcheck`` in a child process, as a user's shell would run it."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    for var in ("FACTCHECK_DB", "FACTCHECK_CONFIG", "FACTCHECK_REVIEWER"):
        if not env or var not in env:
            full_env.pop(var, None)
    return subprocess.run(
        [str(FACTCHECK), *args], cwd=cwd, env=full_env, capture_output=True, text=True, **kw
    )


@pytest.fixture
def factcheck_proc():  # type: ignore[no-untyped-def]
    if not FACTCHECK.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    return run_factcheck


def sqlite_dump(path: Path) -> list[str]:
    """Every schema statement and row, in a stable order."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def assert_user_error(result, *words: str) -> None:  # type: ignore[no-untyped-def]
    """Exit 2, exactly one ``factcheck: error:`` line on stderr naming ``words``."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("factcheck: error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word.lower() in lines[0].lower(), (word, lines[0])


@pytest.fixture
def user_error():  # type: ignore[no-untyped-def]
    return assert_user_error


@pytest.fixture
def dump():  # type: ignore[no-untyped-def]
    return sqlite_dump
