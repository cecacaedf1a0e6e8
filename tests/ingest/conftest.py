"""Fixtures for the ingest tests: our own articles in tests/ingest/fixtures/."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"

try:  # until the package is installed into the venv
    import factcheck  # noqa: F401
except ImportError:
    sys.path.insert(0, str(ROOT / "src"))


@pytest.fixture
def fixture_bytes():
    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return read
