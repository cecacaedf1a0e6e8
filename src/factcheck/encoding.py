"""Telling damaged UTF-8 from a legacy encoding, for every file we read.

A file that declares UTF-8 (a BOM, ``<meta charset="utf-8">``) or is mostly valid
UTF-8 but holds a few invalid bytes was damaged, not written in Windows-1252:
decoding it as the latter would store mojibake ("cafÃ©"), so it is refused.
"""

from __future__ import annotations

import re

from factcheck.errors import InputError

_DECLARED_UTF8 = re.compile(
    rb"""<meta[^>]{0,200}charset\s*=\s*["']?\s*utf-?8|<\?xml[^>]{0,100}encoding\s*=\s*["']utf-?8""",
    re.IGNORECASE,
)


def refuse_broken_utf8(data: bytes, who: str) -> None:
    """A file that says it is UTF-8, or mostly is, but holds invalid bytes is damaged:
    guessing another encoding for it would store mojibake, so it is refused."""
    declared = data.startswith(b"\xef\xbb\xbf") or _DECLARED_UTF8.search(data[:4096])
    decoded = data.decode("utf-8", errors="replace")
    invalid = decoded.count("\ufffd")
    valid = sum(1 for c in decoded if ord(c) > 0x7F) - invalid
    if declared or valid >= max(invalid, 1):
        at = len(decoded[: decoded.index("\ufffd")].encode("utf-8"))
        raise InputError(
            f"{who}: not valid UTF-8 (byte 0x{data[at]:02x} at offset {at:,}) "
            "although the file is otherwise UTF-8; fix or re-save it as UTF-8"
        )
