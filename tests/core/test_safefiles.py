"""Files are written inside their folder, never through a symlink, whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from factcheck.errors import InputError
from factcheck.safefiles import building, target_in, write_atomic


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "../x", "/etc/passwd", "a\\b", "a\x00b"])
def test_names_that_leave_the_folder_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError):
        target_in(tmp_path, name)


def test_a_symlink_in_the_targets_place_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "page.html").symlink_to(victim)
    with pytest.raises(InputError, match="symbolic link"):
        write_atomic(target_in(tmp_path / "out", "page.html"), "payload")
    assert victim.read_text() == "precious"


def test_written_files_are_whole_and_readable_by_others(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = write_atomic(tmp_path / "page.html", "new")
    finally:
        os.umask(old)
    assert path.read_text() == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary left


def test_a_failed_build_leaves_the_old_folder(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.html").write_text("old")
    with pytest.raises(RuntimeError), building(folder, allowed_suffixes=(".html",)) as tmp:
        (tmp / "a.html").write_text("new")
        raise RuntimeError("killed halfway")
    assert (folder / "a.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_a_finished_build_replaces_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "gone.html").write_text("old")
    with building(folder, allowed_suffixes=(".html",)) as tmp:
        (tmp / "a.html").write_text("new")
    assert sorted(p.name for p in folder.iterdir()) == ["a.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]
