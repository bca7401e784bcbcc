"""The zip of a Word file, written byte for byte as `zipfile` writes it, each member
compressed once per process and content.

Most of a document's members are the same in every document of a brand (its styles, theme,
fonts, logo): their compressed bytes are kept (`deflated`, cached by content), so a document
compresses only what is its own. The records are the ones `zipfile` writes for a member
added with `writestr` (deflated at level 6, made on "system 0", a date and no time, no extra
fields); a test holds the two to the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import struct
import zipfile
import zlib
from collections.abc import Mapping

LEVEL = 6
CACHED_MAX = 1 << 19  # bytes: a larger member is compressed each time, never kept
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION = 20  # what `zipfile` writes for a deflated member
_ATTRIBUTES = 0o600 << 16  # what `zipfile` gives a member without any
_UTF8 = 0x800
_LARGE = (1 << 30, 0xFFFF)  # bytes in all, members: beyond them `zipfile` writes the zip


def zipped(entries: Mapping[str, bytes], day: dt.date) -> bytes:
    """Return the members `entries` zipped in their order, each dated `day` (midnight)."""
    if sum(map(len, entries.values())) >= _LARGE[0] or len(entries) >= _LARGE[1]:
        return _zipfile(entries, day)
    date = (day.year - 1980) << 9 | day.month << 5 | day.day
    out, central = io.BytesIO(), io.BytesIO()
    for name, data in entries.items():
        packed, crc = deflated(data) if len(data) <= CACHED_MAX else _deflate(data)
        filename, flags = _encoded(name)
        sizes = (crc, len(packed), len(data), len(filename))
        offset = out.tell()
        out.write(_LOCAL.pack(b"PK\3\4", _VERSION, 0, flags, 8, 0, date, *sizes, 0))
        out.write(filename)
        out.write(packed)
        head = (b"PK\1\2", _VERSION, 0, _VERSION, 0, flags, 8, 0, date)
        central.write(_CENTRAL.pack(*head, *sizes, 0, 0, 0, 0, _ATTRIBUTES, offset))
        central.write(filename)
    start, directory = out.tell(), central.getvalue()
    out.write(directory)
    out.write(_END.pack(b"PK\5\6", 0, 0, len(entries), len(entries), len(directory), start, 0))
    return out.getvalue()


@functools.lru_cache(maxsize=64)
def deflated(data: bytes) -> tuple[bytes, int]:
    """Return `data` compressed as a zip member, and its CRC, once per process and content."""
    return _deflate(data)


def _deflate(data: bytes) -> tuple[bytes, int]:
    """Return `data` deflated as `zipfile` deflates a member, and its CRC-32."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data)


def _encoded(name: str) -> tuple[bytes, int]:
    """Return a member's name as the zip holds it, and the flag of a UTF-8 name."""
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), _UTF8


def _zipfile(entries: Mapping[str, bytes], day: dt.date) -> bytes:
    """Return the members zipped by `zipfile`, as this module would (and beyond its sizes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, (day.year, day.month, day.day, 0, 0, 0))
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 0, 0
            target.writestr(info, data, compresslevel=LEVEL)
    return out.getvalue()
