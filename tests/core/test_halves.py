"""Long output written by two processes: the child's bytes land after the parent's,
each half's result comes back, and a child that fails fails the command."""

from __future__ import annotations

import io

import pytest

from factcheck import halves

pytestmark = pytest.mark.skipif(not halves.can_fork(), reason="no os.fork on this system")


def test_the_halves_are_written_in_order_and_both_results_return() -> None:
    out = io.BytesIO()

    def half(lines: list[str]) -> object:
        def write(sink: halves.Write) -> int:
            for line in lines:
                sink(line.encode())
            return len(lines)

        return write

    first, second = ["one\n", "two\n"], ["three é\n"] * 5000
    assert halves.write_halves(half(first), half(second), out.write) == (2, 5000)
    assert out.getvalue().decode() == "".join(first + second)


def test_a_child_that_fails_fails_the_whole() -> None:
    def broken(sink: halves.Write) -> None:
        raise RuntimeError("no")

    with pytest.raises(OSError, match="second half"):
        halves.write_halves(lambda sink: sink(b"first"), broken, io.BytesIO().write)


def test_parts_split_only_what_is_long() -> None:
    def work(part: list[int], sink: halves.Write) -> int:
        sink(b"".join(b"%d\n" % n for n in part))
        return len(part)

    items = list(range(7))
    for size, parts in ((halves.WORTH_IT - 1, [7]), (halves.WORTH_IT, [3, 4])):
        out = io.BytesIO()
        assert halves.write_parts(items, work, out.write, size=size) == parts
        assert out.getvalue() == b"".join(b"%d\n" % n for n in items)


def test_where_no_process_can_be_had_this_one_writes_both(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused() -> int:
        raise BlockingIOError("fork: Resource temporarily unavailable")

    monkeypatch.setattr("os.fork", refused)
    out = io.BytesIO()
    written = halves.write_halves(
        lambda sink: sink(b"one\n"), lambda sink: sink(b"two\n"), out.write
    )
    assert written == (4, 4) and out.getvalue() == b"one\ntwo\n"  # each half's result
