"""Property tests: the three readers of outside input answer with data or a UserError.

Whatever the bytes, ``read_article``, the bundle reader and the settings loader either
succeed or raise :class:`UserError` with a one-line message; any other exception would
reach the user as "unexpected …" and exit 1.
"""

from __future__ import annotations

import copy
import itertools
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.bundles import parse
from factcheck.errors import UserError
from factcheck.ingest import read_article
from factcheck.settings import DEFAULT_TOML, load_settings

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
BUNDLE = Path(__file__).resolve().parents[2] / "reviews" / "ketamine-yale-2010.yaml"


def refused_cleanly(exc: UserError) -> None:
    """A refusal: exit code 2 and a message (the CLI prints it as one escaped line)."""
    assert exc.exit_code == 2 and str(exc).strip()


# --- article reader --------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "---\n", "title: x\n", "published: 2019-02-30\n", "a: &a [1]\n", "b: *a\n",
        "<html>", "<article><p>", "</p></article>", "<meta charset='utf-8'>", "# Heading\n",
        "A study of 40 people found 3 in 4 slept better.\n", "\x00", "\x1b[31m", "\ufeff",
        "By Sam Rivera\n", "Last reviewed: 8 Aug 2018\n", "[link](javascript:x)", "\r\n",
    ]
)  # fmt: skip


@FUZZ
@given(st.binary(max_size=3000))
def test_article_reader_on_bytes(data: bytes) -> None:
    try:
        read_article(data, name="fuzz.txt")
    except UserError as exc:
        refused_cleanly(exc)


@FUZZ
@given(
    st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=30),
    st.sampled_from(["a.txt", "a.md", "a.html", None]),
    st.sampled_from(["utf-8", "utf-16", "latin-1"]),
)
def test_article_reader_on_article_like_text(parts: list[str], name: str | None, enc: str) -> None:
    data = "".join(parts).encode(enc, errors="ignore")
    try:
        read_article(data, name=name)
    except UserError as exc:
        refused_cleanly(exc)


# --- bundle reader ---------------------------------------------------------------------

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
JSONISH = st.recursive(
    SCALARS | st.dates() | st.datetimes(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@FUZZ
@given(st.binary(max_size=2000))
def test_bundle_reader_on_bytes(data: bytes) -> None:
    try:
        parse(b"format: factcheck-bundle/1\n" + data, Path("fuzz.yaml"))
    except UserError as exc:
        refused_cleanly(exc)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:3]):
            out += _paths(v, (*prefix, i))
    return out


_BASE = yaml.safe_load(BUNDLE.read_text()) if BUNDLE.exists() else None
_SLUG = _BASE["article"]["slug"] if _BASE else ""
_NUMBERS = itertools.count(1)
_PATHS = [p for p in _paths(_BASE) if p] if _BASE else []


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(_PATHS or [("x",)]), JSONISH), min_size=1, max_size=4))
def test_bundle_reader_on_edited_bundles(edits: list[tuple[tuple[Any, ...], Any]]) -> None:
    """A real bundle with fields replaced by values of any type, anywhere in it."""
    try:
        parse(_edited(edits).encode(), Path("fuzz.yaml"))
    except UserError as exc:
        refused_cleanly(exc)


def _edited(edits: list[tuple[tuple[Any, ...], Any]]) -> str:
    bundle = copy.deepcopy(_BASE) or {}
    for path, value in edits:
        target = bundle
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit changed the shape under this path
    return yaml.safe_dump(bundle, allow_unicode=True)


# --- importing: the replay through the gate --------------------------------------------

LIKELY = st.sampled_from(
    ["2009-01-01", "2999-01-01", "2018-08-08", "supported", "maybe", "srivera", "drlee",
     "ketamine-yale-2010", "../x", "", "javascript:x", "statement-retired", "signoff"]
)  # fmt: skip


def _like(original: Any) -> st.SearchStrategy[Any]:
    """Values of the same type as ``original``, so edits get past the shape check."""
    if isinstance(original, bool):
        return st.booleans()
    if isinstance(original, int):
        return st.integers(-2, 300)
    if isinstance(original, str):
        return LIKELY | st.text(max_size=30)
    if original is None:
        return st.none() | LIKELY
    return JSONISH


def _at(bundle: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        bundle = bundle[key]
    return bundle


@pytest.fixture(scope="module")
def import_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from factcheck.cli.main import app

    path = tmp_path_factory.mktemp("fuzz") / "import.db"
    assert CliRunner().invoke(app, ["--db", str(path), "db", "upgrade"]).exit_code == 0
    return path


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(st.data())
def test_importing_edited_bundles_ends_in_success_or_a_refusal(
    import_db: Path, data: st.DataObject
) -> None:
    """Past the shape check, the replay through the gate: exit 0 or 2, never 1."""
    from typer.testing import CliRunner

    from factcheck.cli.main import app

    paths = data.draw(st.lists(st.sampled_from(_PATHS or [("x",)]), min_size=1, max_size=3))
    edits = [(p, data.draw(_like(_at(_BASE, p)))) for p in paths]
    bundle = yaml.safe_load(_edited(edits))
    if isinstance(bundle.get("article"), dict) and bundle["article"].get("slug") == _SLUG:
        # A new slug each time, so every example reaches the replay, not "exists".
        bundle["article"]["slug"] = f"fuzz-{next(_NUMBERS)}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "edited.yaml"
        path.write_text(yaml.safe_dump(bundle, allow_unicode=True))
        result = CliRunner().invoke(app, ["--db", str(import_db), "import", str(path)])
    assert result.exit_code in (0, 2), result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr


# --- settings loader -------------------------------------------------------------------

LINES = DEFAULT_TOML.splitlines()
VALUES = st.one_of(
    st.sampled_from(['"12 months"', '"999999999 years"', '"xx_YY"', '"qqqq"', "-1", "true",
                     '""', "[1, 2]", "{a = 1}", '"0 days"', "1e9", '"d MMM y"', '"de_DE"']),
    st.text(max_size=20).map(lambda s: '"' + s.replace("\\", "").replace('"', "") + '"'),
)  # fmt: skip


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(LINES) - 1), VALUES), max_size=5))
def test_settings_loader_on_edited_files(edits: list[tuple[int, str]]) -> None:
    lines = list(LINES)
    for index, value in edits:
        key = lines[index].split("=", 1)[0].strip()
        if key and not key.startswith(("#", "[")):
            lines[index] = f"{key} = {value}"
    _load("\n".join(lines))


@FUZZ
@given(st.text(max_size=500))
def test_settings_loader_on_any_text(text: str) -> None:
    _load(text)


def _load(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "factcheck.toml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_settings(path)
        except UserError as exc:
            refused_cleanly(exc)
