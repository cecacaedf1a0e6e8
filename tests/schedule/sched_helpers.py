"""Helpers shared by the schedule tests: policy files, due lists, the error contract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
ARTICLE = HERE.parent / "fixtures" / "yale_ketamine.txt"
V2 = FIXTURES / "ketamine_v2.txt"
DOI = "10.1126/science.1190287"

# Statement numbers of the example article (tests/fixtures/yale_ketamine.txt).
# Time-relative: "Until now, ..." and "... current medication" (truth depends on the date).
TIME_RELATIVE = ("ketamine:7", "ketamine:10")
PLAIN = (
    "ketamine:1", "ketamine:2", "ketamine:3", "ketamine:4", "ketamine:5", "ketamine:6",
    "ketamine:8", "ketamine:9",
)  # fmt: skip
CHECKWORTHY = tuple(sorted(TIME_RELATIVE + PLAIN, key=lambda s: int(s.split(":")[1])))

DB_HEADER = '[database]\nurl = "sqlite:///factcheck.db"\n\n'


def set_policy(root: Path, text: str) -> None:
    """Replace the workspace's settings with ``text`` (the database line kept)."""
    (root / "factcheck.toml").write_text(DB_HEADER + text, encoding="utf-8")


def copy_of_article(name: str) -> str:
    """The example article as another page (its breadcrumb differs): importing the
    current text of an article we already hold is refused."""
    path = Path.cwd() / f"{name}.txt"
    path.write_text(ARTICLE.read_text().replace("Home »", f"Home ({name}) »", 1))
    return str(path)


def due(cli: Any, as_of: str, *extra: str) -> list[dict[str, Any]]:
    return cli.json("due", "--as-of", as_of, "--format", "json", *extra)  # type: ignore[no-any-return]


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i["statement"]: i for i in items}


def statements(cli: Any, as_of: str, slug: str = "ketamine") -> dict[str, dict[str, Any]]:
    """``article show --json`` statements by id, judged on ``as_of``."""
    shown = cli.json("article", "show", slug, "--json", "--as-of", as_of)
    return {s["id"]: s for s in shown["statements"]}


def assert_user_error(result: Any, *words: str) -> None:
    """Exit 2 and exactly one ``factcheck: error:`` line on stderr naming ``words``."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("factcheck: error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word.lower() in lines[0].lower(), (word, lines[0])
