"""iCalendar content lines (RFC 5545): CRLF line ends, folded at 75 octets.

A line is folded before any octet that would make it longer than 75 (the space that starts
a continuation counts), never inside a UTF-8 character nor inside a backslash escape, so
every client reads the same text back.
"""

from __future__ import annotations

LIMIT = 75  # octets of a content line, its line end excluded


def content(text: str) -> bytes:
    """Return the lines of `text` (blank lines dropped) folded and ended with CRLF."""
    lines = [line for line in text.splitlines() if line.strip()]
    return b"".join(fold(line) + b"\r\n" for line in lines)


def fold(line: str) -> bytes:
    """Return one content line folded into pieces of at most 75 octets."""
    pieces: list[bytes] = []
    current, room = b"", LIMIT
    for unit in _units(line):
        data = unit.encode("utf-8")
        if len(current) + len(data) > room:
            pieces.append(current)
            current, room = b"", LIMIT - 1
        current += data
    pieces.append(current)
    return b"\r\n ".join(pieces)


def _units(line: str) -> list[str]:
    """Return the characters of `line`, a backslash escape kept as one unit."""
    units: list[str] = []
    escaped = False
    for char in line:
        if escaped:
            units[-1] += char
            escaped = False
        else:
            units.append(char)
            escaped = char == "\\"
    return units
