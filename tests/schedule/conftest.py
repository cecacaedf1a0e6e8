"""Fixtures for the schedule tests: the reviewed example on either database."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def reviewed_any(db_url: str, cli: Any, monkeypatch: pytest.MonkeyPatch, request: Any) -> dict:  # type: ignore[type-arg]
    """The ``reviewed`` example, stored in SQLite or (when configured) PostgreSQL."""
    monkeypatch.setenv("FACTCHECK_DB", db_url)
    return request.getfixturevalue("reviewed")  # type: ignore[no-any-return]
