"""Writing files safely: inside the folder meant, never through a symlink, never torn.

Every file the tool writes (reports, bundles, ``factcheck.toml``) goes through
:func:`write_atomic`: the text lands in a fresh temporary file beside the target
(``O_EXCL``, so a planted link is never opened) and is renamed over it, so a crash
leaves the old file or the new one. A target that is a symlink is refused: a
``reviews/ketamine.yaml`` planted as a link to ``~/.bashrc`` must not be overwritten.
Names come from slugs, and :func:`target_in` refuses any that would leave the folder.

``report --all`` writes a whole folder: :func:`building` makes a temporary sibling
folder and swaps it in when every page is written, so readers (and a ``kill -9``)
see the old folder or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from factcheck.errors import InputError
from factcheck.escaping import shown


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def target_in(folder: Path, name: str) -> Path:
    """``folder/name``, refusing a name that is not one plain file name inside it."""
    path = _plain(folder, name)
    check_writable(path)
    if path.resolve().parent != folder.resolve():
        raise InputError(f"refusing to write {shown(name)}: it resolves outside {folder}")
    return path


def _plain(folder: Path, name: str) -> Path:
    """``folder/name``, refusing a name that is not one plain file name."""
    if (
        not name
        or name in (".", "..")
        or "/" in name
        or "\\" in name
        or "\x00" in name
        or Path(name).is_absolute()
    ):
        raise InputError(f"refusing to write {shown(name)}: not a file name inside {folder}")
    return folder / name


def check_writable(path: Path) -> None:
    """Refuse a target that is a symlink (or anything but a regular file)."""
    if path.is_symlink():
        raise InputError(f"refusing to write {path}: it is a symbolic link")
    if path.exists() and not path.is_file():
        raise InputError(f"refusing to write {path}: it exists and is not a file")


def write_atomic(path: Path, text: str | bytes) -> Path:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    check_writable(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        # mkstemp makes 0600 files; published pages and bundles are 0644 under the umask.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def ensure_folder(folder: Path, *, what: str = "--out") -> Path:
    """``folder``, created if missing; refuse a file, or a symlink planted in its place."""
    if folder.is_symlink():
        raise InputError(f"{what} {folder}: is a symbolic link; refusing to write through it")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{what} {folder}: several files need a folder, not a file")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {folder}: {exc.strerror}") from None
    return folder


# --- whole folders ------------------------------------------------------------------------

_BUILDING = ".building-"


@contextlib.contextmanager
def building(
    folder: Path, *, allowed_suffixes: tuple[str, ...], keep: Iterable[str] = ()
) -> Iterator[Path]:
    """Yield a temporary folder beside ``folder``; on success swap it in.

    ``folder`` may hold only files with ``allowed_suffixes`` (what a previous run
    wrote): a swap replaces the folder, and it must never take the user's other
    files (``--out .``) with it. The files of ``folder`` named in ``keep`` are in the
    new folder from the start, as hard links (the build replaces a file by renaming
    a new one over it, never by writing into it, so the old folder stays as it was).
    On an error the temporary folder is removed and ``folder`` is untouched.
    """
    if folder.is_symlink():
        raise InputError(f"--out {folder}: is a symbolic link; refusing to replace it")
    if folder.exists():
        _check_replaceable(folder, allowed_suffixes)
    parent = folder.parent
    ensure_folder(parent, what="folder")
    sweep_abandoned(folder)
    try:
        tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{folder.name}{_BUILDING}{os.getpid()}-"))
    except OSError as exc:
        raise InputError(f"cannot create a folder beside {folder}: {exc.strerror}") from None
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        for name in keep:  # the folder holds only plain files (checked above)
            _carry(_plain(folder, name), os.path.join(tmp, name))
        yield tmp
        for kept in _placeholders(folder):  # .gitkeep and the like survive the swap
            if not (tmp / kept.name).exists():  # unless the build wrote its own
                shutil.copy2(kept, tmp / kept.name, follow_symlinks=False)
        _swap_in(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _carry(old: Path, new: str) -> None:
    """``old`` into the new folder: a hard link, or a copy where links fail."""
    try:
        os.link(old, new, follow_symlinks=False)
    except FileNotFoundError:
        raise InputError(f"cannot keep {old}: it is gone") from None
    except OSError:
        shutil.copy2(old, new, follow_symlinks=False)


# Folders of 10,000 pages are listed with scandir: its entries know their type without
# a stat call each.


def _placeholders(folder: Path) -> list[Path]:
    """Hidden plain files such as ``.gitkeep``: a checkout's, kept across rebuilds."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        return [Path(e.path) for e in entries if _placeholder(e)]


def _placeholder(entry: os.DirEntry[str]) -> bool:
    return entry.name.startswith(".") and entry.is_file(follow_symlinks=False)


def _check_replaceable(folder: Path, allowed: tuple[str, ...]) -> None:
    if not folder.is_dir():
        raise InputError(f"--out {folder}: several reports need a folder, not a file")
    with os.scandir(folder) as entries:
        bad = [e.name for e in entries if not _placeholder(e) and not _report(e, allowed)]
    if bad:
        raise InputError(
            f"--out {folder}: holds {shown(bad[0])}, which is not a report; "
            "name an empty folder or one that only holds reports"
        )


def _report(entry: os.DirEntry[str], allowed: tuple[str, ...]) -> bool:
    return entry.is_file(follow_symlinks=False) and entry.name.endswith(allowed)


def sweep_abandoned(folder: Path) -> None:
    """Remove the temporary folders that runs building ``folder`` left when they were
    killed (their pid is gone)."""
    prefix = f".{folder.name}{_BUILDING}"
    for entry in folder.parent.glob(f"{prefix}*"):
        pid = entry.name[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _swap_in(new: Path, folder: Path) -> None:
    """Put ``new`` where ``folder`` is: one atomic exchange on Linux, else two renames."""
    if not folder.exists():
        os.rename(new, folder)
        return
    if _exchange(new, folder):
        shutil.rmtree(new, ignore_errors=True)  # now holds the old pages
        return
    old = folder.with_name(f".{folder.name}{_BUILDING}{os.getpid()}-old")
    os.rename(folder, old)
    os.rename(new, folder)
    shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE): swap two paths atomically (Linux 3.15+)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), ctypes.c_uint(_RENAME_EXCHANGE)
    )
    return bool(result == 0)
