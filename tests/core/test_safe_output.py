"""Output carries no payloads: no formulas in CSV, no escape sequences on a terminal,
no extra workflow commands in GitHub annotations."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.due import CSV_FIELDS, write_csv
from factcheck.escaping import (
    csv_field,
    flat,
    for_terminal,
    github_message,
    github_property,
    one_line,
)
from factcheck.gate import Finding, as_github

ESC = "\x1b[2J\x1b]0;pwned\x1b\\"  # clear screen; retitle the terminal
HOSTILE_TEXT = (
    "Hostile\n\n"
    f"A study of 40 people found that 3 in 4 slept better {ESC}within a week.\n\n"
    '=HYPERLINK("http://evil.example","click") said 3 in 4 doctors in 2019.\n'
)


# What starts a formula in Excel, LibreOffice or Google Sheets (OWASP), full-width too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_text(value: str | None) -> str:
    """What a cell must read as: the text, led by an apostrophe where it would be a
    formula; nothing for None."""
    if value is None:
        return ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_csv_cells_that_start_a_formula_are_text(start: str) -> None:
    (cell,) = next(csv.reader([csv_field(f"{start}1+1")]))
    assert cell == f"'{start}1+1"
    assert csv_field("plain") == "plain" and csv_field(None) == ""


# The newsroom's text, with what CSV must quote and what a spreadsheet evaluates.
FREE = st.text(alphabet=st.sampled_from('ab ,"\r\n=+-@\t＝é'), max_size=6)
RECORDS = st.lists(
    st.tuples(
        st.just("slug:1"),
        st.just("slug"),
        st.none() | st.just("2019-08-09"),
        st.just("due"),
        FREE,
        FREE,
        st.none() | FREE,
        st.none() | FREE,
        FREE,
        FREE,  # the title, which CSV leaves out
    ),
    max_size=1200,  # past one write's thousand rows
)


@given(RECORDS)
def test_due_csv_reads_back_as_the_records_with_formulas_made_text(records) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    write_csv(iter(records), out)
    header, *rows = csv.reader(io.StringIO(out.getvalue(), newline=""))
    assert tuple(header) == CSV_FIELDS
    assert rows == [[spreadsheet_text(v) for v in record[:-1]] for record in records]
    assert out.getvalue().endswith("\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x1bb", "a\\x1bb"),
        ("csi\x9b31m", "csi\\x9b31m"),
        ("bell\x07", "bell\\x07"),
        ("bidi\u202e", "bidi\\u202e"),
        ("keeps\ttabs\nand lines", "keeps\ttabs\nand lines"),
    ],
)
def test_terminal_text_shows_control_characters(text: str, expected: str) -> None:
    assert for_terminal(text) == expected
    assert "\n" not in one_line(text) and "\n" not in flat(text)
    assert flat("two\nlines\r\nthree") == "two lines three"


def test_github_escaping_follows_the_workflow_command_rules() -> None:
    assert github_message("50% done\r\n::error::x") == "50%25 done%0D%0A::error::x"
    assert github_property("a,b:c;d%\n") == "a%2Cb%3Ac%3Bd%25%0A"
    line = as_github(
        Finding("error", "slug", "bad\n::add-mask::secret", "a,b:c\n::warning::x.md", 3)
    )
    assert line.count("\n") == 1 and line.endswith("\n")
    assert line.startswith("::error file=a%2Cb%3Ac%0A%3A%3Awarning%3A%3Ax.md,line=3,title=")
    assert line.split("::", 2)[2] == "bad%0A::add-mask::secret\n"
    # Each kind of character the message may hold, alone and beside plain text.
    for text in ("plain é 漢", "tab\there", "esc\x1b[31m", "csi\x9b", "100%", "\u202eflip"):
        escaped = github_message(text)
        assert "\n" not in escaped and "\r" not in escaped and "\x1b" not in escaped
        assert escaped == for_terminal(text.replace("%", "%25"))
        assert github_message("ok " + text) == "ok " + escaped
    title = as_github(Finding("warning", "a,b", "m")).split("::")[1]
    assert title == "warning title=factcheck a%2Cb"  # no file: no file or line


@pytest.fixture
def hostile(cli, workspace: Path) -> Path:  # type: ignore[no-untyped-def]
    """An article with an escape sequence and a formula, from a file whose name carries
    a workflow command, reviewed by a reviewer whose name retitles the terminal."""
    name = "evil\n::error::pwned,x.txt"
    (workspace / name).write_text(HOSTILE_TEXT)
    cli("reviewer", "add", "eve", "--name", f"Eve{ESC}\x07\x9b31m")
    cli("article", "add", name, "--slug", "evil", "--topic", "@SUM(1+1)")
    for n in (1, 2):
        cli("verdict", f"evil:{n}", "supported", "--reviewer", "eve", "--date", "2018-08-08",
            "--note", f"note {ESC}")  # fmt: skip
    cli("signoff", "evil", "--reviewer", "eve", "--date", "2018-08-08")
    return workspace


@pytest.mark.parametrize(
    "args",
    [
        ["article", "show", "evil"],
        ["article", "list"],
        ["history", "evil"],
        ["due", "--as-of", "2030-01-01"],
        ["reviewer", "list"],
        ["check", "--as-of", "2030-01-01"],
        ["badge", "evil", "--format", "text"],
    ],
)
def test_human_output_never_carries_control_characters(cli, hostile, args) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args, ok=False)
    assert result.exit_code in (0, 1), result.stderr
    for stream in (result.stdout, result.stderr):
        assert not any(c in stream for c in "\x1b\x07\x9b"), stream


def test_json_keeps_the_text_but_escapes_c1_controls(cli, hostile) -> None:  # type: ignore[no-untyped-def]
    raw = cli("reviewer", "list", "--json").stdout
    assert "\x9b" not in raw and "\x1b" not in raw
    assert json.loads(raw)[0]["name"] == f"Eve{ESC}\x07\x9b31m"


@pytest.mark.parametrize("terminal", [False, True])
@pytest.mark.parametrize("count", [0, 1, 2, 2503])
def test_a_json_list_written_in_batches_reads_as_one_document(
    terminal: bool, count: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``due --format json`` streams its list: the text must be the one document
    ``print_json`` writes, indented or not, with C1 controls escaped in every batch."""
    from factcheck.cli.output import print_json, print_json_list

    items = [{"n": i, "text": f"line {i}\x9b31m", "due": None} for i in range(count)]
    monkeypatch.setattr("sys.stdout.isatty", lambda: terminal)
    print_json(items)
    whole = capsys.readouterr().out
    print_json_list(iter(items), batch=1000)
    streamed = capsys.readouterr().out
    assert streamed == whole
    assert ("\n  {" in streamed) == (terminal and count > 0)  # indented for people
    assert "\x9b" not in streamed and json.loads(streamed) == items


@pytest.mark.parametrize("terminal", [False, True])
def test_json_text_is_what_json_dumps_writes(
    terminal: bool, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """orjson writes the documents; dates, times, numbers, non-ASCII text and the
    escaped controls read exactly as ``json.dumps`` (indent 2 on a terminal) gave."""
    from datetime import UTC, date, datetime

    from factcheck.cli.output import print_json

    at = datetime(2026, 12, 2, 9, 30, 5, 120, tzinfo=UTC)
    data = {
        "at": at,
        "naive": at.replace(tzinfo=None),
        "day": date(2018, 8, 8),
        "text": 'Zoë \x7f \x85 \u2028 \ud7ff \x00 \t "',
        "numbers": [0, -1, 2**53, 0.5, None, True],
        "empty": {"list": [], "dict": {}},
        "by number": {1: "one", 2: None},
    }
    monkeypatch.setattr("sys.stdout.isatty", lambda: terminal)
    print_json(data)
    expected = json.dumps(
        data,
        default=lambda v: v.isoformat(),
        ensure_ascii=False,
        **({"indent": 2} if terminal else {"separators": (",", ":")}),
    )
    expected = expected.replace("\x7f", "\\u007f").replace("\x85", "\\u0085")
    assert capsys.readouterr().out == expected + "\n"


def test_json_goes_to_a_stdout_without_a_byte_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where stdout has been swapped for a text stream (an embedding program's), the
    document is written to it as text, after what was written before."""
    from factcheck.cli.output import print_json, print_json_list

    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    out.write("before\n")
    print_json({"name": "Zoë\x9b"})
    print_json_list(iter([1, 2]))
    assert out.getvalue() == 'before\n{"name":"Zoë\\u009b"}\n[1,2]\n'


class _Recorded(io.RawIOBase):
    """A raw stream that keeps what reached it: what a terminal has been sent."""

    def __init__(self) -> None:
        self.sent = b""

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.sent += bytes(data)
        return len(data)


def test_json_reaches_stdout_in_order_and_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdout buffered as on a terminal without PYTHONUNBUFFERED: text written before a
    document goes first, and the document is sent before the call returns, so a
    message on stderr after it cannot overtake it."""
    from factcheck.cli.output import print_json, print_json_list

    raw = _Recorded()
    stdout = io.TextIOWrapper(io.BufferedWriter(raw, buffer_size=1 << 16), encoding="utf-8")
    monkeypatch.setattr("sys.stdout", stdout)
    stdout.write("before\n")
    print_json({"n": 1})
    assert raw.sent == b'before\n{"n":1}\n'
    print_json_list(iter([{"n": 2}]))
    assert raw.sent.endswith(b'[{"n":2}]\n')


def test_due_csv_has_no_formulas(cli, hostile) -> None:  # type: ignore[no-untyped-def]
    rows = list(
        csv.reader(io.StringIO(cli("due", "--format", "csv", "--as-of", "2030-01-01").stdout))
    )
    cells = [cell for row in rows[1:] for cell in row]
    assert any(cell.startswith("'@SUM") for cell in cells)
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_github_annotations_cannot_inject_commands(cli, hostile) -> None:  # type: ignore[no-untyped-def]
    out = cli("check", "--format", "github", "--as-of", "2030-01-01", ok=False).stdout
    lines = out.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ")) for line in lines)
    assert not any("::error::pwned" in line.split("::")[1] for line in lines)
    assert all("file=evil%0A%3A%3Aerror%3A%3Apwned%2Cx.txt" in line for line in lines)


def test_what_terminal_escaping_replaces_is_never_printable() -> None:
    """for_terminal and one_line skip their regex for printable text: sound only while
    every character the patterns match is one Python calls unprintable."""
    import sys

    from factcheck.escaping import _CONTROL, _CONTROL_OR_BREAK

    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    matched = set(_CONTROL.findall(everything)) | set(_CONTROL_OR_BREAK.findall(everything))
    assert matched and not any(c.isprintable() for c in matched)
