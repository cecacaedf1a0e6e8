"""Ten publisher layouts (tests/fixtures/layouts/, our own words): each file beside an
``.expected.yaml`` naming its metadata, statements (``headline:`` for an asserting
title or heading) and set-aside lines with their reasons, in text order."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck.ingest import read_article

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures" / "layouts"
CASES = sorted(LAYOUTS.glob("*.expected.yaml"))


def _expected(path: Path) -> dict[str, Any]:
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


def _read(path: Path):  # type: ignore[no-untyped-def]
    page = path.with_name(path.name.removesuffix(".expected.yaml"))
    return read_article(page.read_bytes(), name=page.name)


def test_there_are_at_least_ten_layouts():
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.split(".")[0])
def test_metadata(case):
    article, want = _read(case), _expected(case)
    assert article.format == want["format"]
    for key, value in want["metadata"].items():
        got = getattr(article, key)
        assert (got.isoformat() if isinstance(got, date) else got) == value, key


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.split(".")[0])
def test_statements(case):
    article = _read(case)
    got = [{"headline": s.text} if "headline" in s.kinds else s.text for s in article.statements]
    assert got == _expected(case)["statements"]
    for s in article.statements:
        assert article.text[s.start : s.end] == s.text
        if "headline" in s.kinds:
            assert s.checkworthy  # a headline is checked like any other claim


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.split(".")[0])
def test_set_aside(case):
    article = _read(case)
    assert [{a.reason: a.text} for a in article.set_aside] == _expected(case)["set_aside"]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.split(".")[0])
def test_sources(case):
    article, want = _read(case), _expected(case)
    found = [
        {k: v for k, v in (("doi", d.doi), ("pmid", d.pmid), ("url", d.url)) if v}
        for d in article.detected_sources
    ]
    assert [d for d in found if d] == want.get("sources", [])
