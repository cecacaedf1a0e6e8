"""The reviewer's desk tests: a workspace on each database with two articles."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLE = FIXTURES / "yale_ketamine.txt"


class Desk:
    """``factcheck --db URL …`` for one database."""

    def __init__(self, cli, db: str) -> None:  # type: ignore[no-untyped-def]
        self.cli, self.db = cli, db

    def __call__(self, *args: str, ok: bool = True, input: str | None = None):  # type: ignore[no-untyped-def]
        return self.cli("--db", self.db, *args, ok=ok, input=input)

    def json(self, *args: str):  # type: ignore[no-untyped-def]
        return self.cli.json("--db", self.db, *args)


@pytest.fixture
def desk(cli, db_url, tmp_path, monkeypatch) -> Desk:  # type: ignore[no-untyped-def]
    """Two articles whose slugs share the prefix ``ket``, and a reviewer."""
    monkeypatch.chdir(tmp_path)
    d = Desk(cli, db_url)
    d("reviewer", "add", "drlee", "--name", "Dana Lee")
    d("article", "add", str(ARTICLE), "--slug", "ketamine-yale")
    d("article", "add", _copy_of_article(tmp_path, "ketone"), "--slug", "ketone-diets")
    d(
        "article",
        "add",
        _copy_of_article(tmp_path, "esketamine"),
        "--slug",
        "esketamine-nasal-spray-for-hard-to-treat-depression",
    )
    return d


def _copy_of_article(folder: Path, name: str) -> str:
    """The example as another page (its breadcrumb differs): importing the current text
    of an article already held is refused."""
    path = folder / f"{name}.txt"
    path.write_text(ARTICLE.read_text().replace("Home »", f"Home ({name}) »", 1))
    return str(path)
