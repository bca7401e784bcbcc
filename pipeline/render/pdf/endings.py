"""Streams whose bytes never end with a carriage return.

A PDF writer puts an end of line before each `endstream` (pydyf and qpdf a line feed).
Where a stream's bytes end with a carriage return, the two read as one end of line to a
checker of PDF/A (page-validation), which then finds the stream's /Length one byte long.
A Flate stream ends with the Adler-32 checksum of what it holds, so its last byte is the
checksum's, whatever the compression level: what it holds must change instead, by what its
kind ignores (a line feed after a page's content, a form's, an object stream's objects or a
character map's, a space after a font program's tables: not a zero byte, which adds nothing
to the checksum's last byte, the sum of the bytes).
"""

from __future__ import annotations

import zlib

CARRIAGE_RETURN = 13
CONTENT = b"\n"  # what a content stream, an object stream or a CMap ignores at its end
FONT = b" "  # what a font program ignores after its tables


def last_byte(raw: bytes, compressed: bool) -> int | None:
    """Return the last byte of a stream holding `raw`, Flate-compressed or not."""
    if compressed:
        return zlib.adler32(raw) & 0xFF  # the checksum's, stored big-endian, ends the stream
    return raw[-1] if raw else None


def padded(raw: bytes, pad: bytes, compressed: bool) -> bytes:
    """Return `raw` with as much `pad` after it as its stream needs not to end with a
    carriage return."""
    if not any(pad):
        raise ValueError("a pad of zero bytes leaves the checksum's last byte as it is")
    while last_byte(raw, compressed) == CARRIAGE_RETURN:
        raw += pad
    return raw
