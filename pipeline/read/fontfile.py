"""Whether a brand font file is a whole TrueType or OpenType font: its table directory read.

WeasyPrint, HarfBuzz and the Word files read the brand's faces; a file that is no font, or
one cut short (a download that stopped), failed only when a page was laid out or a subset
made, naming a family rather than the file. Its directory (the tables it lists, where each
lies) is read here from the file's first bytes and its size, so the brand names the file.
"""

from __future__ import annotations

HEAD = 12 + 16 * 4096  # the largest table directory a font can have
_SFNT = {b"\x00\x01\x00\x00", b"OTTO", b"true"}  # TrueType, CFF OpenType, Apple TrueType
_WEB = {b"wOFF", b"wOF2"}  # WOFF and WOFF2: packed, their directory is not the sfnt's
_REQUIRED = (b"cmap", b"head", b"hhea", b"hmtx", b"maxp")


def font_problem(head: bytes, size: int) -> str | None:
    """Return why a font file whose first bytes are `head` (all of them, for a collection)
    and whose size is `size` is not a whole font, or None."""
    magic = head[:4]
    if magic in _WEB:
        return None
    if magic == b"ttcf":
        count = int.from_bytes(head[8:12], "big")
        offsets = [int.from_bytes(head[12 + 4 * n : 16 + 4 * n], "big") for n in range(count)]
        if not offsets or any(offset + 12 > len(head) for offset in offsets):
            return _directory_problem(b"", size)
        problems = (_directory_problem(head[offset:], size) for offset in offsets)
        return next((p for p in problems if p), None)
    if magic not in _SFNT:
        return "is not a font file (TrueType or OpenType)"
    return _directory_problem(head, size)


def _directory_problem(directory: bytes, size: int) -> str | None:
    """Return why the table directory at the start of `directory` does not describe a whole
    font of `size` bytes, or None."""
    count = int.from_bytes(directory[4:6], "big")
    if not count or len(directory) < 12 + 16 * count:
        return "is a damaged font file (its table directory is cut short)"
    tables = {}
    for index in range(count):
        record = directory[12 + 16 * index : 28 + 16 * index]
        tag = record[:4]
        offset, length = int.from_bytes(record[8:12], "big"), int.from_bytes(record[12:], "big")
        if offset + length > size:
            name = tag.decode("latin-1").strip()
            return f"is a damaged font file (its '{name}' table runs past its end: cut short?)"
        tables[tag] = length
    missing = [t.decode() for t in _REQUIRED if t not in tables]
    if missing or not ({b"glyf", b"CFF ", b"CFF2"} & tables.keys()):
        return f"is a damaged font file (it has no {', '.join(missing) or 'outlines'} table)"
    return None
