"""Sealing review bundles: every item carries a hash chained through the bundle.

Export gives each item (the article, each revision, statement, reviewer, source and
event, in file order) a ``hash`` over its content and the previous item's hash, and
a closing ``ledger:`` section with the exporting workspace's ledger head and event
count and the last item's hash. Import recomputes them and refuses a bundle in
which any item was edited, added, removed or moved, naming the first one. A bundle
without a ``ledger:`` section (written by hand, or before bundles were sealed) is
read as it is: there is nothing to check it against.

The hashes are plain SHA-256: they catch edits, not a forger who recomputes them;
for that, compare ``ledger.head`` with the exporting workspace's ``ledger head``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from factcheck.errors import InputError

SECTIONS = ("revisions", "statements", "reviewers", "sources", "events")


def _items(bundle: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield "the article", bundle["article"]
    for section in SECTIONS:
        items = bundle.get(section) or []
        if not isinstance(items, list):
            raise InputError(f"its {section!r} section is not a list")
        for i, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise InputError(f"{section} item {i} is not a mapping")
            yield _label(section, i, item), item


def _label(section: str, i: int, item: dict[str, Any]) -> str:
    what = {
        "revisions": f"revision {item.get('number')}",
        "statements": f"statement {item.get('n')}",
        "reviewers": f"reviewer {item.get('handle')}",
        "sources": f"source {item.get('id')}",
    }.get(section)
    if what is None:
        return f"event {i} ({item.get('event')})"
    return what


def _hash(prev: str, item: dict[str, Any]) -> str:
    body = {k: v for k, v in item.items() if k != "hash"}
    blob = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((prev + "\n" + blob).encode()).hexdigest()


def seal(bundle: dict[str, Any], *, head: str | None, events: int) -> dict[str, Any]:
    """``bundle`` with a hash on every item and its ``ledger`` section."""
    prev = ""
    for _, item in _items(bundle):
        item["hash"] = prev = _hash(prev, item)
    bundle["ledger"] = {"head": head, "events": events, "seal": prev}
    return bundle


def unseal(bundle: dict[str, Any]) -> dict[str, Any]:
    """Check and remove the seal; raise naming the first item that does not match."""
    ledger = bundle.pop("ledger", None)
    if ledger is None:
        for _, item in _items(bundle):
            item.pop("hash", None)
        return bundle
    if not isinstance(ledger, dict):
        raise InputError("its 'ledger' section is not a mapping")
    prev = ""
    for label, item in _items(bundle):
        expected = _hash(prev, item)
        if item.pop("hash", None) != expected:
            raise InputError(f"{label} was edited after export (its hash does not match)")
        prev = expected
    if ledger.get("seal") != prev:
        raise InputError("items were removed from its end after export (the seal does not match)")
    return bundle
