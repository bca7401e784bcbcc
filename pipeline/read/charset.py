"""The character policy: which characters may go from the sources into a publication."""

from __future__ import annotations

import re
import unicodedata

from ..model.brand import Glyphs

_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # control characters (tab and newlines are space)
    "\u202a-\u202e\u2066-\u2069"  # bidirectional embeddings, overrides and isolates
    "\ud800-\udfff"  # lone surrogates
    "\ufdd0-\ufdef\ufeff\ufffe\uffff"  # noncharacters and a stray byte-order mark
    "\ue000-\uf8ff\U000f0000-\U0010ffff]"  # private use: no font has them
)


def problem(value: str, glyphs: Glyphs | None = None) -> tuple[int, str] | None:
    """Return (offset, message) for the first character that cannot be printed, else None."""
    match = _FORBIDDEN.search(value)
    if match:
        return match.start(), _why(match.group())
    if value.isascii():
        return None
    for offset, char in enumerate(value):
        if char.isascii():
            continue
        if unicodedata.category(char) == "Cn" or (ord(char) & 0xFFFE) == 0xFFFE:
            return offset, f"{_name(char)} is not an assigned Unicode character"
        message = glyphs(char) if glyphs else None
        if message:
            return offset, message
    return None


def _why(char: str) -> str:
    """Return why a forbidden character is refused."""
    code = ord(char)
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return f"{_name(char)} is not allowed: it can reorder what readers see"
    if 0xD800 <= code <= 0xDFFF:
        return f"{_name(char)} is a lone surrogate, not a character"
    if 0xE000 <= code <= 0xF8FF or code >= 0xF0000:
        return f"{_name(char)} is a private-use character that no font prints"
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"control character {_name(char)} is not allowed in text"
    return f"{_name(char)} is not a character that can be printed"


def _name(char: str) -> str:
    """Return `U+XXXX (NAME)` for a character."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")
