"""The ledger's signing key: a secret kept outside the database.

Every ledger entry's hash is an HMAC under this key, so someone who can write to
the database but cannot read the key file cannot append, edit or re-chain entries
that verify. The key lives in the user's config folder (``FACTCHECK_LEDGER_KEY``
names another file), readable by its owner only; it is made on first use. The
database stores only the key's fingerprint, to tell "another key" from "tampered".
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from factcheck.errors import WorkspaceError

KEY_ENV = "FACTCHECK_LEDGER_KEY"
META_KEY = "ledger.key_id"


def key_path() -> Path:
    given = os.environ.get(KEY_ENV)
    if given:
        return Path(given).expanduser()
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "factcheck" / "ledger.key"


def load_key(*, create: bool) -> bytes:
    """The key's bytes; made (0600, in a 0700 folder) when missing and ``create``."""
    path = key_path()
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        if not create:
            raise WorkspaceError(
                f"no ledger key at {path}: copy this database's key file there "
                f"(or point {KEY_ENV} at it)"
            ) from None
        return _make(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkspaceError(f"cannot read the ledger key {path}: {exc}") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 32:
        raise WorkspaceError(f"{path} is not a factcheck ledger key (64 hex digits)")
    return key


def _make(path: Path) -> bytes:
    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # O_EXCL: two processes making a key at once cannot both win.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_key(create=False)
    except OSError as exc:
        raise WorkspaceError(f"cannot create the ledger key {path}: {exc}") from None
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key.hex() + "\n")
    return key


def key_id(key: bytes) -> str:
    """A fingerprint that names the key without revealing it."""
    return hashlib.sha256(b"factcheck ledger key id\n" + key).hexdigest()[:16]


def check_key(key: bytes, stored_id: str | None) -> None:
    """Refuse a key other than the one this database's ledger was signed with."""
    if stored_id and stored_id != key_id(key):
        raise WorkspaceError(
            f"this database's ledger is signed with key {stored_id}, but {key_path()} is "
            f"key {key_id(key)}: point {KEY_ENV} at the right key file"
        )
