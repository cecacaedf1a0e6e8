"""The hostile-input corpus: files, bundles, settings and arguments that must be refused.

Every case must end with exit 2, exactly one ``factcheck: error:`` line on stderr,
nothing on stdout, and the database and the workspace's files exactly as before. The
workspace is the reviewed example (built once, copied per case), so refusals are
measured against a real record, not an empty database.
"""

from __future__ import annotations

import datetime
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck.cli.main import app

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "yale_ketamine.txt"
DOI = "10.1126/science.1190287"

Setup = Callable[[Path], None]


# --- the template workspace ------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reviewed example workspace with its bundle exported, built once."""
    from typer.testing import CliRunner

    root = tmp_path_factory.mktemp("template")
    runner = CliRunner()
    mp = pytest.MonkeyPatch()
    mp.chdir(root)
    for var in ("FACTCHECK_DB", "FACTCHECK_CONFIG", "FACTCHECK_REVIEWER"):
        mp.delenv(var, raising=False)

    def run(*args: str) -> Any:
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, (args, result.stderr)
        return result

    try:
        run("init")
        run("reviewer", "add", "drlee", "--name", "Dana Lee")
        run("reviewer", "add", "srivera", "--name", "Sam Rivera")
        import json

        article = json.loads(
            run("article", "add", str(ARTICLE), "--slug", "ketamine", "--json").stdout
        )
        paper = json.loads(run("source", "add", "--doi", DOI, "--title", "Paper", "--json").stdout)
        for s in article["statements"]:
            if s["checkworthy"]:
                run("link", s["id"], paper["id"], "--quote", "q")
                run("verdict", s["id"], "supported", "--reviewer", "drlee", "--date", "2018-08-08")
        run("signoff", "ketamine", "--reviewer", "drlee", "--date", "2018-08-08")
        run("export", "--all", "--out", "bundles")
        run("report", "--all", "--out", "reports")
    finally:
        mp.undo()
    return root


@pytest.fixture
def ws(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_env: None) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(template, root, symlinks=True)
    monkeypatch.chdir(root)
    return root


def tree(root: Path) -> dict[str, str]:
    """Every path under ``root`` with a digest of what it is (file, link or folder)."""
    out = {}
    for p in sorted(root.rglob("*")):
        name = str(p.relative_to(root))
        if name.startswith("factcheck.db"):
            continue  # compared as a dump: -wal and -shm come and go with connections
        if p.is_symlink():
            out[name] = "link:" + str(p.readlink())
        elif p.is_dir():
            out[name] = "dir"
        else:
            out[name] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


# --- cases -----------------------------------------------------------------------------

CASES: list[Any] = []


def case(name: str, args: list[str], setup: Setup | None = None, *words: str) -> None:
    CASES.append(pytest.param(args, setup, words, id=name))


def write(name: str, data: bytes | str) -> Setup:
    def setup(root: Path) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)

    return setup


PROSE = "A study of 40 people found that 3 in 4 slept better within a week.\n"

# Article files ------------------------------------------------------------------------
ARTICLE_FILES: dict[str, tuple[bytes | str, tuple[str, ...]]] = {
    "empty": (b"", ("empty",)),
    "blank": ("\n \n\t\n", ("empty",)),
    "binary": (bytes(range(256)) * 40, ("binary",)),
    "png": (b"\x89PNG\r\n\x1a\n" + bytes(200), ("binary",)),
    "nul-first": (b"\x00" + PROSE.encode() * 3, ()),
    "nul-after-8k": (PROSE.encode() * 200 + b"\x00" + PROSE.encode(), ("NUL",)),
    "nul-at-end": (PROSE.encode() * 3 + b"\x00", ()),
    "broken-utf8": ("Café owners said ".encode() + b"\xff" + PROSE.encode(), ("UTF-8",)),
    "broken-utf8-bom": (b"\xef\xbb\xbf" + PROSE.encode() + b"\xc3\x28 more", ("UTF-8",)),
    "html-declared-utf8": (
        b'<html><head><meta charset="utf-8"></head><body><article><p>'
        + PROSE.encode()
        + b"\xe9</p></article></body></html>",
        ("UTF-8",),
    ),
    "utf16-with-nul": ("\ufeff" + PROSE + "\x00", ()),
    "front-alias-bomb": (
        "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n---\n"
        + PROSE,
        ("alias",),
    ),
    "front-single-alias": ("---\na: &x 1\nb: *x\n---\n" + PROSE, ("alias",)),
    "front-deep-nesting": ("---\na: " + "[" * 3000 + "\n---\n" + PROSE, ("nested",)),
    "front-impossible-date": ("---\npublished: 2019-02-30\n---\n" + PROSE, ("impossible",)),
    "front-impossible-time": ("---\nupdated: 2019-01-01 25:00:00\n---\n" + PROSE, ("impossible",)),
    "front-not-a-mapping": ("---\n- a\n- b\n---\n" + PROSE, ("mapping",)),
    "front-bad-yaml": ("---\ntitle: [unclosed\n---\n" + PROSE, ("YAML",)),
    "front-python-tag": ("---\nx: !!python/object:os.system ls\n---\n" + PROSE, ("YAML",)),
    "html-no-article": (
        b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>",
        (),
    ),
    "control-chars": (b"\x01\x02\x03\x04\x05" * 100, ("binary",)),
    "no-statements": ("# Just a heading\n", ()),
}
for key, (data, words) in ARTICLE_FILES.items():
    suffix = ".html" if key.startswith("html") else ".md" if key.startswith("front") else ".txt"
    case(
        f"file-{key}",
        ["article", "add", f"in{suffix}", "--slug", "x"],
        write(f"in{suffix}", data),
        *words,
    )

RW = "OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature,RetractionDate,Reason\n"
RETRACTION_LISTS: dict[str, tuple[bytes | str, tuple[str, ...]]] = {
    "nul": (RW + f"{DOI},,Retraction,1/2/2020 0:00,r\x00\n", ("binary",)),
    "broken-utf8": (
        RW.encode() + DOI.encode() + b",,Retraction,1/2/2020,caf\xe9 \xc3\xa9\n",
        ("UTF-8",),
    ),
    "impossible-date": (RW + f"{DOI},,Retraction,2/30/2020 0:00,r\n", ("RetractionDate",)),
    "not-a-list": ("name,value\na,1\n", ("Retraction Watch",)),
}
for key, (data, words) in RETRACTION_LISTS.items():
    case(
        f"file-retractions-{key}",
        ["source", "retractions", "rw.csv"],
        write("rw.csv", data),
        *words,
    )

case("file-missing", ["article", "add", "missing.txt"], None, "missing.txt")
case("file-folder", ["article", "add", "reports"], None, "folder")
case(
    "file-bad-format",
    ["article", "add", "in.txt", "--format", "pdf"],
    write("in.txt", PROSE),
    "pdf",
)


def oversized(root: Path) -> None:
    (root / "in.txt").write_text(PROSE * 10)
    config = root / "factcheck.toml"
    config.write_text(
        config.read_text().replace("max_article_bytes = 5000000", "max_article_bytes = 100")
    )


case("file-oversized", ["article", "add", "in.txt"], oversized, "limit")

# Slugs --------------------------------------------------------------------------------
BAD_SLUGS = {
    "dotdot": "../../x",
    "absolute": "/tmp/x",
    "empty": "",
    "slash": "a/b",
    "newline": "a\nb",
    "trailing-newline": "abc\n",
    "upper": "Ketamine",
    "leading-hyphen": "-a",
    "trailing-hyphen": "a-",
    "space": "a b",
    "unicode": "caf\u00e9",
    "too-long": "x" * 81,
    "dot": "a.b",
    "escape": "a\x1b[31m",
    "dot-only": ".",
    "colon": "a:b",
    "backslash": "a\\b",
    "nul": "a\x00b",
}
for key, bad in BAD_SLUGS.items():
    case(
        f"slug-add-{key}",
        ["article", "add", "in.txt", "--slug", bad],
        write("in.txt", PROSE),
        "slug",
    )
for key in ("dotdot", "absolute", "slash", "newline", "escape"):
    case(f"slug-show-{key}", ["article", "show", BAD_SLUGS[key]], None, "slug")
    case(f"slug-export-{key}", ["export", BAD_SLUGS[key]], None, "slug")
    case(f"slug-report-{key}", ["report", BAD_SLUGS[key]], None, "slug")

# Arguments ----------------------------------------------------------------------------
V = ["--reviewer", "drlee", "--date", "2018-08-08"]
ARGS = {
    "statement-no-number": ["verdict", "ketamine:", "supported", *V],
    "statement-no-slug": ["verdict", ":1", "supported", *V],
    "statement-letters": ["verdict", "ketamine:abc", "supported", *V],
    "statement-negative": ["verdict", "ketamine:-1", "supported", *V],
    "statement-huge": ["verdict", "ketamine:99999999999999999999", "supported", *V],
    "statement-traversal": ["verdict", "../x:1", "supported", *V],
    "statement-unicode-digits": ["verdict", "ketamine:\u0663", "supported", *V],
    "statement-unknown": ["verdict", "ketamine:999", "supported", *V],
    "verdict-off-scale": ["verdict", "ketamine:2", "true-ish", *V],
    "verdict-empty": ["verdict", "ketamine:2", "", *V],
    "date-impossible": [
        "verdict",
        "ketamine:2",
        "supported",
        "--reviewer",
        "drlee",
        "--date",
        "2018-02-30",
    ],
    "date-compact": [
        "verdict",
        "ketamine:2",
        "supported",
        "--reviewer",
        "drlee",
        "--date",
        "20180808",
    ],
    "date-words": [
        "verdict",
        "ketamine:2",
        "supported",
        "--reviewer",
        "drlee",
        "--date",
        "tomorrow",
    ],
    "date-future": [
        "verdict",
        "ketamine:2",
        "supported",
        "--reviewer",
        "drlee",
        "--date",
        "2999-01-01",
    ],
    "date-before-publication": [
        "verdict",
        "ketamine:2",
        "supported",
        "--reviewer",
        "drlee",
        "--date",
        "2001-01-01",
    ],
    "as-of-bad": ["due", "--as-of", "2019-13-01"],
    "reviewer-unknown": [
        "verdict",
        "ketamine:2",
        "supported",
        "--reviewer",
        "nobody",
        "--date",
        "2018-08-08",
    ],
    "reviewer-author": [
        "verdict",
        "ketamine:2",
        "supported",
        "--reviewer",
        "srivera",
        "--date",
        "2018-08-08",
    ],
    "reviewer-none": ["verdict", "ketamine:2", "supported", "--date", "2018-08-08"],
    "signoff-author": ["signoff", "ketamine", "--reviewer", "srivera", "--date", "2018-08-08"],
    "signoff-force-no-note": ["signoff", "ketamine", "--reviewer", "drlee", "--force"],
    "link-bad-relation": ["link", "ketamine:2", DOI, "--relation", "maybe"],
    "link-unknown-source": ["link", "ketamine:2", "src-00000000"],
    "source-bad-doi": ["source", "add", "--doi", "not-a-doi"],
    "source-bad-pmid": ["source", "add", "--pmid", "12ab"],
    "source-javascript-url": ["source", "add", "--url", "javascript:alert(1)"],
    "source-ftp-url": ["source", "add", "--url", "ftp://example.org/x"],
    "source-nothing": ["source", "add"],
    "source-bad-kind": ["source", "add", "--doi", DOI, "--kind", "rumour"],
    "source-bad-status": ["source", "status", DOI, "vanished", "--date", "2020-01-01"],
    "article-javascript-url": [
        "article",
        "add",
        "in.txt",
        "--slug",
        "y",
        "--url",
        "javascript:alert(1)",
    ],
    "reviewer-bad-handle": ["reviewer", "add", "two words", "--name", "X"],
    "reviewer-bad-role": ["reviewer", "add", "newbie", "--name", "X", "--role", "god"],
    "reviewer-twice": ["reviewer", "add", "drlee", "--name", "Dana Lee"],
    "report-bad-format": ["report", "ketamine", "--format", "pdf"],
    "due-bad-format": ["due", "--format", "xml"],
    "check-bad-format": ["check", "--format", "junit"],
    "report-unknown": ["report", "nosuch"],
    "report-out-missing-folder": ["report", "ketamine", "--out", "no/such/folder/r.html"],
    "report-all-out-is-file": ["report", "--all", "--out", "factcheck.toml"],
    "history-unknown": ["history", "nosuch"],
    "export-nothing": ["export"],
    "unknown-option": ["due", "--colour", "red"],
    "unknown-command": ["frobnicate"],
}
for key, args in ARGS.items():
    case(f"arg-{key}", args, write("in.txt", PROSE) if "in.txt" in args else None)

# Files the tool would write -------------------------------------------------------------


def plant_link(name: str, target: str) -> Setup:
    def setup(root: Path) -> None:
        (root / "victim.txt").write_text("precious\n")
        path = root / name
        if path.exists():
            path.unlink()
        path.symlink_to(root / target)

    return setup


def plant_folder_link(name: str) -> Setup:
    def setup(root: Path) -> None:
        (root / "elsewhere").mkdir()
        (root / "elsewhere" / "precious.txt").write_text("precious\n")
        shutil.rmtree(root / name)
        (root / name).symlink_to(root / "elsewhere")

    return setup


case("write-export-over-symlink", ["export", "ketamine", "--out", "bundles"],
     plant_link("bundles/ketamine.yaml", "victim.txt"), "symbolic link")  # fmt: skip
case("write-export-all-over-symlink", ["export", "--all", "--out", "bundles"],
     plant_link("bundles/ketamine.yaml", "victim.txt"), "symbolic link")  # fmt: skip
case("write-report-over-symlink", ["report", "ketamine", "--out", "reports"],
     plant_link("reports/ketamine.html", "victim.txt"), "symbolic link")  # fmt: skip
case("write-report-file-symlink", ["report", "ketamine", "--out", "r.html"],
     plant_link("r.html", "victim.txt"), "symbolic link")  # fmt: skip
case("write-report-all-folder-symlink", ["report", "--all", "--out", "reports"],
     plant_folder_link("reports"), "symbolic link")  # fmt: skip
case("write-export-folder-symlink", ["export", "--all", "--out", "bundles"],
     plant_folder_link("bundles"), "symbolic link")  # fmt: skip
case("write-report-all-into-workspace", ["report", "--all", "--out", "."], None, "not a report")
case("write-report-all-foreign-file", ["report", "--all", "--out", "reports"],
     write("reports/notes.txt", "mine\n"), "not a report")  # fmt: skip
case("write-init-twice", ["init"], None, "already")
case("write-init-into-a-file", ["init", "factcheck.toml"], None, "factcheck.toml")
case("write-init-into-proc", ["init", "/proc/factcheck"], None, "/proc/factcheck")

# Settings ------------------------------------------------------------------------------


def setting(old: str, new: str) -> Setup:
    def setup(root: Path) -> None:
        config = root / "factcheck.toml"
        text = config.read_text()
        assert old in text, old
        config.write_text(text.replace(old, new, 1))

    return setup


SETTINGS = {
    "locale-unknown": ('locale = "en_GB"', 'locale = "xx_YY"', "locale"),
    "locale-traversal": ('locale = "en_GB"', 'locale = "../../etc/passwd"', "locale"),
    "date-format-bad": ('date_format = "d MMM y"', 'date_format = "qqqqqqq"', "date_format"),
    "date-format-empty": ('date_format = "d MMM y"', 'date_format = ""', "date_format"),
    "date-format-huge": ('date_format = "d MMM y"', f'date_format = "{"d" * 500}"', "date_format"),
    "interval-huge": ('interval = "12 months"', 'interval = "999999999 years"', "interval"),
    "interval-words": ('interval = "12 months"', 'interval = "a year"', "interval"),
    "interval-number": ('interval = "12 months"', "interval = 12", "interval"),
    "interval-digits": ('interval = "12 months"', f'interval = "{"9" * 5000} days"', "interval"),
    "rule-huge": ('unverifiable = "3 months"', 'unverifiable = "5000 years"', "unverifiable"),
    "rule-unknown-verdict": ('unverifiable = "3 months"', 'maybe = "3 months"', "maybe"),
    "source-unknown-kind": ('press-release = "6 months"', 'rumour = "6 months"', "rumour"),
    "unknown-key": ('interval = "12 months"', 'intervall = "12 months"', "intervall"),
    "unknown-table": ("[publisher]", "[publsher]", "publsher"),
    "bad-toml": ('interval = "12 months"', 'interval = "12 months', ""),
    "max-bytes-text": (
        "max_article_bytes = 5000000",
        'max_article_bytes = "lots"',
        "max_article_bytes",
    ),
    "max-bytes-negative": (
        "max_article_bytes = 5000000",
        "max_article_bytes = -1",
        "max_article_bytes",
    ),
    "rating-text": ("rating = 5", 'rating = "five"', "rating"),
    "needs-correction-text": (
        "rating = 2\nneeds_correction = true",
        'rating = 2\nneeds_correction = "yes"',
        "needs_correction",
    ),
    "publisher-javascript-url": (
        '# url = "https://example.org"',
        'url = "javascript:alert(1)"',
        "publisher.url",
    ),
    "reviewer-number": ('# reviewer = "drlee"', "reviewer = 7", "reviewer"),
}
for key, (old, new, word) in SETTINGS.items():
    case(f"settings-{key}", ["reviewer", "list"], setting(old, new), *((word,) if word else ()))
case("settings-nul", ["reviewer", "list"], lambda root: (root / "factcheck.toml").write_bytes(
    (root / "factcheck.toml").read_bytes() + b"\x00"))  # fmt: skip
case("settings-not-utf8", ["reviewer", "list"], lambda root: (root / "factcheck.toml").write_bytes(
    (root / "factcheck.toml").read_bytes().replace(b"en_GB", b"en_\xff")), "UTF-8")  # fmt: skip

# Bundles -------------------------------------------------------------------------------


def bundle(edit: Callable[[dict[str, Any]], Any]) -> Setup:
    """The exported bundle under a new slug (so it could import here), then ``edit``."""

    def setup(root: Path) -> None:
        from factcheck.ledger.seal import unseal

        # unsealed, as a hand-edited bundle would be, so the gate's own check answers
        data = unseal(yaml.safe_load((root / "bundles" / "ketamine.yaml").read_text()))
        data["article"]["slug"] = "copy"
        edit(data)
        reseal(data)
        (root / "in.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))

    return setup


def reseal(data: dict[str, Any]) -> None:
    """Seal the edited bundle again, as anyone can (the seal has no secret): what is
    refused is then refused by the gate's rules, not by a stale hash."""
    from factcheck.ledger.seal import seal

    ledger = data.pop("ledger", None)
    try:
        seal(data, head=(ledger or {}).get("head"), events=(ledger or {}).get("events", 0))
    except Exception:  # an edit that broke the shape: leave it unsealed
        data.pop("ledger", None)


def events(b: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e for e in b["events"] if e["event"] == kind]


def author_reviews(b: dict[str, Any]) -> None:
    b["reviewers"].append({**b["reviewers"][0], "handle": "srivera", "name": "Sam Rivera"})
    events(b, "verdict")[0]["reviewer"] = "srivera"


def add_mark(**fields: Any) -> Callable[[dict[str, Any]], None]:
    """Append a check-worthiness mark (after the last event) with ``fields``."""

    def edit(b: dict[str, Any]) -> None:
        if fields.get("reviewer") == "srivera":
            b["reviewers"].append({**b["reviewers"][0], "handle": "srivera", "name": "Sam Rivera"})
        at = b["events"][-1]["recorded_at"]
        mark = {"event": "mark", "recorded_at": at, "statement": 1, "reviewer": "drlee",
                "checkworthy": True, "marked_on": "2018-08-08", "note": None}  # fmt: skip
        b["events"].append({**mark, **fields})

    return edit


def drop_verdicts(b: dict[str, Any]) -> None:
    b["events"] = [e for e in b["events"] if e["event"] != "verdict"]


def out_of_order(b: dict[str, Any]) -> None:
    b["events"][0], b["events"][-1] = b["events"][-1], b["events"][0]


def retire_flag(b: dict[str, Any]) -> None:
    b["statements"][0]["retired"] = True


BUNDLES: dict[str, tuple[Callable[[dict[str, Any]], Any], tuple[str, ...]]] = {
    "verdict-backdated": (
        lambda b: events(b, "verdict")[0].update(reviewed_on="2009-01-01"),
        ("published",),
    ),
    "verdict-postdated": (
        lambda b: events(b, "verdict")[0].update(reviewed_on="2999-01-01"),
        ("recorded",),
    ),
    "verdict-off-scale": (
        lambda b: events(b, "verdict")[0].update(verdict="totally-true"),
        ("verdict",),
    ),
    "verdict-by-author": (author_reviews, ("four-eyes",)),
    "verdict-unlisted-reviewer": (
        lambda b: events(b, "verdict")[0].update(reviewer="ghost"),
        ("ghost",),
    ),
    "verdict-unknown-statement": (
        lambda b: events(b, "verdict")[0].update(statement=999),
        ("999",),
    ),
    "verdict-date-impossible": (
        lambda b: events(b, "verdict")[0].update(reviewed_on="2018-02-30"),
        ("reviewed_on",),
    ),
    "verdict-date-number": (
        lambda b: events(b, "verdict")[0].update(reviewed_on=20180808),
        ("reviewed_on",),
    ),
    "verdict-statement-text": (
        lambda b: events(b, "verdict")[0].update(statement="two"),
        ("statement",),
    ),
    "verdict-statement-bool": (
        lambda b: events(b, "verdict")[0].update(statement=True),
        ("statement",),
    ),
    "verdict-note-number": (lambda b: events(b, "verdict")[0].update(note=5), ("note",)),
    "verdict-missing-field": (lambda b: events(b, "verdict")[0].pop("verdict"), ("verdict",)),
    "verdict-extra-field": (lambda b: events(b, "verdict")[0].update(forged="x"), ("forged",)),
    "text-changed-hash-kept": (
        lambda b: b["revisions"][0].update(text=b["revisions"][0]["text"] + "Extra claim.\n"),
        ("sha256",),
    ),
    "hash-changed": (lambda b: b["revisions"][0].update(sha256="0" * 64), ("sha256",)),
    "revision-numbered-2": (lambda b: b["revisions"][0].update(number=2), ("revision",)),
    "revisions-missing": (lambda b: b.update(revisions=[]), ("revision",)),
    "revision-set-aside-malformed": (
        lambda b: b["revisions"][0].update(set_aside=[{"text": "x"}]),
        ("set_aside",),
    ),
    "revision-format-number": (lambda b: b["revisions"][0].update(format=3), ("format",)),
    "slug-traversal": (lambda b: b["article"].update(slug="../../x"), ("slug",)),
    "slug-absolute": (lambda b: b["article"].update(slug="/tmp/x"), ("slug",)),
    "slug-empty": (lambda b: b["article"].update(slug=""), ("slug",)),
    "slug-slash": (lambda b: b["article"].update(slug="a/b"), ("slug",)),
    "slug-newline": (lambda b: b["article"].update(slug="a\n::warning::x"), ("slug",)),
    "slug-html": (lambda b: b["article"].update(slug="<b>x</b>"), ("slug",)),
    "slug-number": (lambda b: b["article"].update(slug=7), ("slug",)),
    "url-javascript": (lambda b: b["article"].update(url="javascript:alert(1)"), ("url",)),
    "title-empty": (lambda b: b["article"].update(title=""), ("title",)),
    "detected-holds-a-date": (
        lambda b: b["article"].update(detected_sources=[{"text": datetime.date(2020, 1, 1)}]),
        ("detected_sources",),
    ),
    "detected-not-list": (
        lambda b: b["article"].update(detected_sources="x"),
        ("detected_sources",),
    ),
    "article-not-mapping": (lambda b: b.update(article=["x"]), ("article",)),
    "article-created-garbage": (
        lambda b: b["article"].update(created_at="yesterday"),
        ("created_at",),
    ),
    "statements-duplicate-n": (
        lambda b: b["statements"][1].update(n=b["statements"][0]["n"]),
        ("twice",),
    ),
    "statement-n-text": (lambda b: b["statements"][0].update(n="1"), ("n",)),
    "statement-n-negative": (lambda b: b["statements"][0].update(n=-1), ("n",)),
    "statement-n-huge": (lambda b: b["statements"][0].update(n=10**30), ("n",)),
    "statement-span-reversed": (
        lambda b: b["statements"][0].update(span_start=50, span_end=10),
        ("span",),
    ),
    "statement-span-past-text": (lambda b: b["statements"][0].update(span_end=10**8), ("span",)),
    "statement-retired-without-event": (retire_flag, ("retired",)),
    "statements-not-list": (lambda b: b.update(statements={"a": 1}), ("statements",)),
    "events-not-list": (lambda b: b.update(events="none"), ("events",)),
    "events-out-of-order": (out_of_order, ("order",)),
    "event-unknown-kind": (lambda b: b["events"][0].update(event="teleport"), ("teleport",)),
    "event-not-mapping": (lambda b: b["events"].append("verdict"), ("events",)),
    "event-recorded-garbage": (
        lambda b: b["events"][0].update(recorded_at="soon"),
        ("recorded_at",),
    ),
    "event-recorded-ancient": (
        lambda b: b["events"][0].update(recorded_at="0001-01-01T00:00:00"),
        ("recorded_at",),
    ),
    "mark-by-author": (add_mark(reviewer="srivera"), ("four-eyes",)),
    "mark-unlisted-reviewer": (add_mark(reviewer="ghost"), ("ghost",)),
    "mark-checkworthy-text": (add_mark(checkworthy="yes"), ("checkworthy",)),
    "mark-postdated": (add_mark(marked_on="2999-01-01"), ("recorded",)),
    "statement-score-out-of-range": (
        lambda b: b["statements"][0].update(checkworthy_score=7),
        ("checkworthy_score",),
    ),
    "link-bad-relation": (lambda b: events(b, "link")[0].update(relation="maybe"), ("relation",)),
    "link-unlisted-source": (
        lambda b: events(b, "link")[0].update(source="src-00000000"),
        ("src-00000000",),
    ),
    "signoff-unforced-with-blockers": (drop_verdicts, ("sign off",)),
    "signoff-forced-without-note": (
        lambda b: (drop_verdicts(b), events(b, "signoff")[0].update(forced=True, note=None)),
        ("note",),
    ),
    "signoff-wrong-revision": (lambda b: events(b, "signoff")[0].update(revision=7), ("revision",)),
    "signoff-forced-text": (lambda b: events(b, "signoff")[0].update(forced="no"), ("forced",)),
    "reviewer-bad-role": (lambda b: b["reviewers"][0].update(role="god"), ("role",)),
    "reviewer-handle-spaces": (
        lambda b: (
            b["reviewers"][0].update(handle="dr lee"),
            [e.update(reviewer="dr lee") for e in b["events"] if "reviewer" in e],
        ),
        ("handle",),
    ),
    "reviewers-duplicate": (lambda b: b["reviewers"].append(dict(b["reviewers"][0])), ("twice",)),
    "source-bad-doi": (
        lambda b: b["sources"][0].update(id="src-new00000", doi="not-a-doi"),
        ("DOI",),
    ),
    "unknown-section": (lambda b: b.update(extras=[]), ("extras",)),
    "missing-section": (lambda b: b.pop("sources"), ("sources",)),
}
for key, (edit, words) in BUNDLES.items():
    case(f"bundle-{key}", ["import", "in.yaml"], bundle(edit), *words)

RAW_BUNDLES: dict[str, tuple[bytes | str, tuple[str, ...]]] = {
    "alias-bomb": (
        "format: factcheck-bundle/1\na: &a [x, x, x, x, x, x, x, x, x]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
        ("alias",),
    ),
    "deep-nesting": ("format: factcheck-bundle/1\narticle: " + "[" * 5000 + "\n", ("nested",)),
    "nul": (b"format: factcheck-bundle/1\x00\n", ("NUL",)),
    "not-utf8": (b"format: factcheck-bundle/1\ntitle: caf\xe9\n", ("UTF-8",)),
    "python-tag": (
        "format: factcheck-bundle/1\narticle: !!python/object/apply:os.system [ls]\n",
        ("YAML",),
    ),
    "impossible-date": (
        "format: factcheck-bundle/1\narticle: {published: 2019-02-30}\n",
        ("impossible",),
    ),
    "wrong-format": ("format: factcheck-bundle/9\n", ("bundle",)),
    "a-list": ("- a\n- b\n", ("bundle",)),
    "empty": ("", ("bundle",)),
}
for key, (data, words) in RAW_BUNDLES.items():
    case(f"bundle-raw-{key}", ["import", "in.yaml"], write("in.yaml", data), *words)
case("bundle-missing", ["import", "nope.yaml"], None, "nope.yaml")
case(
    "bundle-empty-folder",
    ["import", "emptydir"],
    lambda root: (root / "emptydir").mkdir(),
    "no bundles",
)
case("bundle-conflicts-with-record", ["import", "in.yaml"],
     lambda root: (root / "in.yaml").write_text(
         (root / "bundles" / "ketamine.yaml").read_text().replace("Dana Lee", "Dana Leigh")),
     "edited after export")  # fmt: skip


# --- the test --------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "setup", "words"), CASES)
def test_hostile_input_is_refused_cleanly(cli, ws, dump, args, setup, words) -> None:  # type: ignore[no-untyped-def]
    if setup is not None:
        setup(ws)
    before, files = dump(ws / "factcheck.db"), tree(ws)
    result = cli(*args, ok=False)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("factcheck: error: "), result.stderr
    assert "\x1b" not in result.stderr and "Traceback" not in result.stderr
    for word in words:
        assert word.lower() in lines[0].lower(), (word, lines[0])
    assert result.stdout == ""
    assert dump(ws / "factcheck.db") == before
    assert tree(ws) == files


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 120, len(CASES)


@pytest.mark.parametrize("edit", [lambda b: None, add_mark()], ids=["as-exported", "with-a-mark"])
def test_the_unedited_bundle_imports(cli, ws, edit) -> None:  # type: ignore[no-untyped-def]
    """The bundle cases are edits of a bundle that imports: each refusal is the edit's."""
    bundle(edit)(ws)
    result = cli("import", "in.yaml")
    assert "imported copy" in result.stderr
    assert cli("ledger", "verify").exit_code == 0


GATE_CASES = [
    "verdict-backdated",
    "verdict-off-scale",
    "verdict-by-author",
    "text-changed-hash-kept",
    "signoff-unforced-with-blockers",
    "slug-traversal",
]


@pytest.mark.parametrize("key", GATE_CASES)
def test_the_gate_refuses_edited_bundles_on_postgresql(cli, ws, pg_url, key) -> None:  # type: ignore[no-untyped-def]
    """The same refusals on PostgreSQL, importing into an empty database."""
    edit, words = BUNDLES[key]
    bundle(edit)(ws)
    cli("--db", pg_url, "db", "upgrade")
    result = cli("--db", pg_url, "import", "in.yaml", ok=False)
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    for word in words:
        assert word.lower() in result.stderr.lower()
    assert cli.json("--db", pg_url, "article", "list", "--json") == []
    assert cli.json("--db", pg_url, "reviewer", "list", "--json") == []
    assert cli.json("--db", pg_url, "source", "list", "--json") == []
